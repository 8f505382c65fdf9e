"""Helpers for the OAuth tests: PKCE pairs, the login form as a browser fills
it in, and the redirect back to the client."""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from support import World

from vocrehab.auth.clients import NewClient, register_client
from vocrehab.db import models as m

REDIRECT_URI = "https://frontend.test/callback"
POST_LOGOUT_URI = "https://frontend.test/signed-out"
PASSWORD = "correct horse battery staple"
MACHINE_SCOPES = [
    "interventions:read",
    "interventions:write",
    "notes:read",
    "cases:read",
    "actors:read",
]
FRONTEND_SCOPES = [
    "cases:read", "participants:read", "medical:read", "notes:read", "notes:write", "actors:read",
]  # fmt: skip


@dataclass
class OAuthWorld:
    provider: m.Actor
    clinician: m.Actor
    machine_id: str
    machine_secret: str
    spa_id: str
    web_id: str
    web_secret: str
    username: str = "dr-yusuf"
    password: str = PASSWORD


async def register(world: World, new: NewClient) -> tuple[str, str]:
    async with world.db.transaction() as session:
        done = await register_client(session, new, world.clock.now())
    return done.client_id, done.secret or ""


_HIDDEN = re.compile(r'<input type=hidden name="([^"]*)" value="([^"]*)">')


def pkce() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge)"""
    verifier = secrets.token_urlsafe(48)
    return verifier, create_s256_code_challenge(verifier)


def hidden_fields(page: str) -> dict[str, str]:
    return {html.unescape(name): html.unescape(value) for name, value in _HIDDEN.findall(page)}


def authorize_params(
    client_id: str, challenge: str | None, *, scope: str | None = None, **extra: str
) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "state": "state-" + secrets.token_hex(4),
    }
    if challenge is not None:
        params.update(code_challenge=challenge, code_challenge_method="S256")
    if scope is not None:
        params["scope"] = scope
    params.update(extra)
    return params


async def submit_login(
    browser: httpx.AsyncClient,
    page: httpx.Response,
    username: str,
    password: str,
    decision: str = "allow",
) -> httpx.Response:
    """Fill in the login form of `page` and post it, as a browser would: from the
    page's origin, with the cookie the page set (the client keeps cookies)."""
    assert page.status_code == 200, page.text
    fields = hidden_fields(page.text)
    fields.update(username=username, password=password, decision=decision)
    return await browser.post("/oauth/authorize", data=fields, headers=same_origin(browser))


def same_origin(browser: httpx.AsyncClient) -> dict[str, str]:
    """The Origin header a browser sends when it posts a form of this server's page."""
    url = browser.base_url
    return {"origin": f"{url.scheme}://{url.netloc.decode()}"}


async def login(
    browser: httpx.AsyncClient, params: dict[str, str], username: str, password: str = PASSWORD
) -> httpx.Response:
    page = await browser.get("/oauth/authorize", params=params)
    return await submit_login(browser, page, username, password)


def redirected_to(response: httpx.Response) -> tuple[str, dict[str, str]]:
    """(the URI without query, its query parameters) of a redirect."""
    assert response.status_code in (302, 303), (response.status_code, response.text)
    location = urlsplit(response.headers["location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    return f"{location.scheme}://{location.netloc}{location.path}", query


def oauth_error(response: httpx.Response) -> Any:
    return response.json().get("error")


VIEWER = "{ viewer { stakeholderType clientId scopes actor { id } } }"


async def call_api(client: httpx.AsyncClient, access_token: str, url: str = "/graphql") -> Any:
    """(status, body) of a viewer query with this access token."""
    response = await client.post(
        url, json={"query": VIEWER}, headers={"authorization": f"Bearer {access_token}"}
    )
    return response.status_code, response.json()


async def exchange(
    client: httpx.AsyncClient, code: str, verifier: str | None, client_id: str, **extra: Any
) -> httpx.Response:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "client_id": client_id,
    }
    if verifier is not None:
        data["code_verifier"] = verifier
    auth = extra.pop("auth", None)
    data.update(extra)
    return await client.post("/oauth/token", data=data, auth=auth)
