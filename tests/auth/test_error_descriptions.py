"""Every OAuth error says, in a plain sentence, what went wrong and what to do:
no Python reprs, no bare codes. One request per way of getting it wrong."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from oauth_support import (
    REDIRECT_URI,
    OAuthWorld,
    authorize_params,
    exchange,
    login,
    pkce,
    redirected_to,
)
from support import Api


async def code(api: Api, oauth: OAuthWorld, client_id: str | None = None) -> tuple[str, str]:
    verifier, challenge = pkce()
    request = authorize_params(client_id or oauth.spa_id, challenge, scope="cases:read")
    return redirected_to(await login(api.client, request, oauth.username))[1]["code"], verifier


async def refresh(api: Api, oauth: OAuthWorld, token: str, client_id: str | None = None) -> Any:
    data = {"grant_type": "refresh_token", "refresh_token": token}
    return await api.client.post(
        "/oauth/token", data=data | {"client_id": client_id or oauth.spa_id}
    )


async def refresh_token(api: Api, oauth: OAuthWorld) -> str:
    issued, verifier = await code(api, oauth)
    return str((await exchange(api.client, issued, verifier, oauth.spa_id)).json()["refresh_token"])


async def wrong_secret(api: Api, o: OAuthWorld) -> Any:
    data = {"grant_type": "client_credentials"}
    return await api.client.post("/oauth/token", data=data, auth=(o.machine_id, "wrong"))


async def unknown_client(api: Api, o: OAuthWorld) -> Any:
    data = {"grant_type": "client_credentials"}
    return await api.client.post("/oauth/token", data=data, auth=("nobody", "x"))


async def no_grant_type(api: Api, o: OAuthWorld) -> Any:
    return await api.client.post("/oauth/token", data={}, auth=(o.machine_id, o.machine_secret))


async def password_grant(api: Api, o: OAuthWorld) -> Any:
    data = {"grant_type": "password", "username": "u", "password": "p"}
    return await api.client.post("/oauth/token", data=data, auth=(o.machine_id, o.machine_secret))


async def other_grant(api: Api, o: OAuthWorld) -> Any:
    return await api.client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(o.web_id, o.web_secret)
    )


async def scope_escalation(api: Api, o: OAuthWorld) -> Any:
    data = {"grant_type": "client_credentials", "scope": "admin"}
    return await api.client.post("/oauth/token", data=data, auth=(o.machine_id, o.machine_secret))


async def missing_code(api: Api, o: OAuthWorld) -> Any:
    data = {"grant_type": "authorization_code", "client_id": o.spa_id}
    return await api.client.post("/oauth/token", data=data)


async def unknown_code(api: Api, o: OAuthWorld) -> Any:
    return await exchange(api.client, "no-such-code", pkce()[0], o.spa_id)


async def reused_code(api: Api, o: OAuthWorld) -> Any:
    issued, verifier = await code(api, o)
    assert (await exchange(api.client, issued, verifier, o.spa_id)).status_code == 200
    return await exchange(api.client, issued, verifier, o.spa_id)


async def expired_code(api: Api, o: OAuthWorld) -> Any:
    issued, verifier = await code(api, o)
    api.clock.advance(timedelta(minutes=3))
    return await exchange(api.client, issued, verifier, o.spa_id)


async def wrong_verifier(api: Api, o: OAuthWorld) -> Any:
    issued, _ = await code(api, o)
    return await exchange(api.client, issued, pkce()[0], o.spa_id)


async def missing_verifier(api: Api, o: OAuthWorld) -> Any:
    issued, _ = await code(api, o)
    return await exchange(api.client, issued, None, o.spa_id)


async def other_redirect_uri(api: Api, o: OAuthWorld) -> Any:
    issued, verifier = await code(api, o)
    return await exchange(
        api.client, issued, verifier, o.spa_id, redirect_uri="https://frontend.test/other"
    )


async def unknown_refresh_token(api: Api, o: OAuthWorld) -> Any:
    return await refresh(api, o, "no-such-token")


async def reused_refresh_token(api: Api, o: OAuthWorld) -> Any:
    first = await refresh_token(api, o)
    assert (await refresh(api, o, first)).status_code == 200
    return await refresh(api, o, first)


async def refresh_token_of_another_client(api: Api, o: OAuthWorld) -> Any:
    token = await refresh_token(api, o)
    data = {"grant_type": "refresh_token", "refresh_token": token}
    return await api.client.post("/oauth/token", data=data, auth=(o.web_id, o.web_secret))


async def revoke_without_token(api: Api, o: OAuthWorld) -> Any:
    return await api.client.post("/oauth/revoke", data={}, auth=(o.machine_id, o.machine_secret))


Case = Callable[[Api, OAuthWorld], Awaitable[httpx.Response]]
CASES: dict[str, tuple[Case, str, str]] = {
    "wrong secret": (wrong_secret, "invalid_client", "its secret is wrong"),
    "unknown client": (unknown_client, "invalid_client", "the client is unknown"),
    "no grant type": (no_grant_type, "unsupported_grant_type", "use authorization_code"),
    "password grant": (password_grant, "unsupported_grant_type", "not supported"),
    "other grant": (other_grant, "unauthorized_client", "not registered for this grant type"),
    "scope escalation": (scope_escalation, "invalid_scope", "may not ask for these scopes: admin"),
    "missing code": (missing_code, "invalid_request", "Send the authorization code"),
    "unknown code": (unknown_code, "invalid_grant", "authorization code is unknown"),
    "reused code": (reused_code, "invalid_grant", "was already used"),
    "expired code": (expired_code, "invalid_grant", "has expired"),
    "wrong verifier": (wrong_verifier, "invalid_grant", "does not match the code_challenge"),
    "missing verifier": (missing_verifier, "invalid_request", "Send the PKCE code_verifier"),
    "other redirect uri": (other_redirect_uri, "invalid_grant", "not the one"),
    "unknown refresh token": (unknown_refresh_token, "invalid_grant", "refresh token is unknown"),
    "reused refresh token": (reused_refresh_token, "invalid_grant", "was already used"),
    "another client's refresh token": (
        refresh_token_of_another_client,
        "invalid_grant",
        "issued to another client",
    ),
    "revoke without token": (revoke_without_token, "invalid_request", "missing a parameter"),
}


def assert_plain(description: str) -> None:
    """A sentence: capital first, full stop last, ASCII without the characters
    RFC 6749 forbids, and no Python repr of a list or a dict."""
    assert re.fullmatch(r"[\x20-\x21\x23-\x5b\x5d-\x7e]+", description), description
    assert description[0].isupper() and description.endswith("."), description
    assert not re.search(r"[\[\]{}]", description), description


@pytest.mark.parametrize("case", CASES)
async def test_every_token_error_says_what_to_do(api: Api, oauth: OAuthWorld, case: str) -> None:
    make, error, words = CASES[case]
    response = await make(api, oauth)
    body = response.json()
    assert response.status_code in (400, 401), body
    assert body["error"] == error, body
    assert words in body["error_description"], body["error_description"]
    assert_plain(body["error_description"])


async def test_the_www_authenticate_challenge_has_the_same_words(
    api: Api, oauth: OAuthWorld
) -> None:
    response = await wrong_secret(api, oauth)
    assert "its secret is wrong" in response.headers["www-authenticate"]


@pytest.mark.parametrize(
    ("change", "error", "words"),
    [
        ({"code_challenge": None}, "invalid_request", "PKCE is required"),
        ({"code_challenge_method": "plain"}, "invalid_request", "Only code_challenge_method=S256"),
        ({"response_type": "token"}, "unsupported_response_type", "Only response_type=code"),
        ({"scope": "admin"}, "invalid_scope", "may not ask for these scopes: admin"),
    ],
)
async def test_authorization_errors_go_back_in_plain_words(
    api: Api, oauth: OAuthWorld, change: dict[str, str | None], error: str, words: str
) -> None:
    params = authorize_params(oauth.spa_id, pkce()[1])
    params.update(change)  # type: ignore[arg-type]
    request = {k: v for k, v in params.items() if v is not None}
    uri, query = redirected_to(await api.client.get("/oauth/authorize", params=request))
    assert uri == REDIRECT_URI and query["error"] == error, query
    assert words in query["error_description"]
    assert_plain(query["error_description"])


async def test_an_unregistered_redirect_uri_is_explained_on_the_page(
    api: Api, oauth: OAuthWorld
) -> None:
    params = authorize_params(oauth.spa_id, pkce()[1], redirect_uri="https://evil.test/cb")
    page = await api.client.get("/oauth/authorize", params=params)
    assert page.status_code == 400 and "location" not in page.headers
    assert "not registered for this client" in page.text
