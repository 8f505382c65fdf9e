"""The login and consent page: what it shows, how it escapes, and how it refuses."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from oauth_support import (
    FRONTEND_SCOPES,
    REDIRECT_URI,
    OAuthWorld,
    authorize_params,
    hidden_fields,
    pkce,
    redirected_to,
    register,
    same_origin,
    submit_login,
)
from support import Api, World

from vocrehab.auth.clients import AUTHORIZATION_CODE, NewClient
from vocrehab.auth.csrf import COOKIE as CSRF_COOKIE
from vocrehab.auth.csrf import FORM_TTL
from vocrehab.auth.keys import KeyStore
from vocrehab.core.clock import Clock
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import StakeholderType as R


async def codes_issued(world: World) -> int:
    async with world.db.session() as session:
        count = await session.scalar(
            sa.select(sa.func.count()).select_from(m.OAuthAuthorizationCode)
        )
    return int(count or 0)


async def test_the_page_names_the_client_and_the_scopes(api: Api, oauth: OAuthWorld) -> None:
    params = authorize_params(oauth.spa_id, pkce()[1], scope="cases:read medical:read")
    page = await api.client.get("/oauth/authorize", params=params)
    assert page.status_code == 200
    assert "Clinic app" in page.text and oauth.spa_id in page.text
    assert "See medical information <small>(medical:read)</small>" in page.text
    assert "notes:write" not in page.text, "only what was asked is listed"
    assert "<script" not in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"{CSRF_COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=strict" in cookie and "Secure" in cookie
    fields = hidden_fields(page.text)
    assert fields["state"] == params["state"] and fields["client_id"] == oauth.spa_id


async def test_everything_shown_is_escaped(api: Api, oauth: OAuthWorld, world: World) -> None:
    evil, _ = await register(
        world,
        NewClient(
            '<script>alert("x")</script>', R.CLINICIAN, FRONTEND_SCOPES,
            grant=AUTHORIZATION_CODE, redirect_uris=[REDIRECT_URI], public=True,
        ),
    )  # fmt: skip
    params = authorize_params(evil, pkce()[1], state='"><script>alert(1)</script>')
    page = await api.client.get("/oauth/authorize", params=params)
    assert page.status_code == 200
    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.text
    assert hidden_fields(page.text)["state"] == params["state"]


async def test_wrong_password_shows_the_form_again_and_issues_nothing(
    api: Api, oauth: OAuthWorld, world: World
) -> None:
    page = await api.client.get(
        "/oauth/authorize", params=authorize_params(oauth.spa_id, pkce()[1])
    )
    for username, password in ((oauth.username, "wrong password"), ("nobody", oauth.password)):
        response = await submit_login(api.client, page, username, password)
        assert response.status_code == 401 and "location" not in response.headers
        assert "Wrong username or password." in response.text
        assert oauth.password not in response.text
    assert await codes_issued(world) == 0


async def test_deny_goes_back_with_access_denied(api: Api, oauth: OAuthWorld, world: World) -> None:
    params = authorize_params(oauth.spa_id, pkce()[1])
    page = await api.client.get("/oauth/authorize", params=params)
    response = await submit_login(api.client, page, "", "", decision="deny")
    uri, query = redirected_to(response)
    assert uri == REDIRECT_URI
    assert query["error"] == "access_denied" and query["state"] == params["state"]
    assert "code" not in query
    assert await codes_issued(world) == 0


async def _filled_form(api: Api, oauth: OAuthWorld, **params: str) -> dict[str, str]:
    page = await api.client.get(
        "/oauth/authorize", params=authorize_params(oauth.spa_id, pkce()[1], **params)
    )
    assert page.status_code == 200, page.text
    fields = hidden_fields(page.text) | {"username": oauth.username, "password": oauth.password}
    return fields | {"decision": "allow"}


async def _refused(response: Any, world: World, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert "location" not in response.headers and words in response.text
    assert await codes_issued(world) == 0


async def test_the_form_needs_the_cookie_its_token_was_made_for(
    api: Api, oauth: OAuthWorld, world: World
) -> None:
    fields = await _filled_form(api, oauth)
    cookie = api.client.cookies[CSRF_COOKIE]
    origin = same_origin(api.client)
    api.client.cookies.clear()
    without_cookie = await api.client.post("/oauth/authorize", data=fields, headers=origin)
    await _refused(without_cookie, world, 400, "expired")
    # Double submit is no longer enough: a planted cookie equal to the field proves nothing.
    planted = {"cookie": f"{CSRF_COOKIE}={fields['csrf_token']}", **origin}
    await _refused(
        await api.client.post("/oauth/authorize", data=fields, headers=planted),
        world,
        400,
        "expired",
    )
    other_cookie = {"cookie": f"{CSRF_COOKIE}=planted-by-an-attacker", **origin}
    await _refused(
        await api.client.post("/oauth/authorize", data=fields, headers=other_cookie),
        world, 400, "expired",
    )  # fmt: skip
    forged = {"cookie": f"{CSRF_COOKIE}={cookie}", **origin}
    await _refused(
        await api.client.post(
            "/oauth/authorize", data=fields | {"csrf_token": "1700000000.forged"}, headers=forged
        ),
        world, 400, "expired",
    )  # fmt: skip


async def test_a_token_fits_only_the_sign_in_it_was_made_for(
    api: Api, oauth: OAuthWorld, world: World
) -> None:
    """An attacker's own valid token, moved into another authorization request, fails."""
    attackers = await _filled_form(api, oauth)
    victims = await _filled_form(api, oauth)
    moved = victims | {"csrf_token": attackers["csrf_token"]}
    response = await api.client.post(
        "/oauth/authorize", data=moved, headers=same_origin(api.client)
    )
    await _refused(response, world, 400, "expired")


async def test_the_token_expires(api: Api, oauth: OAuthWorld, world: World, clock: Clock) -> None:
    fields = await _filled_form(api, oauth)
    clock.advance(FORM_TTL + timedelta(seconds=1))
    response = await api.client.post(
        "/oauth/authorize", data=fields, headers=same_origin(api.client)
    )
    await _refused(response, world, 400, "expired")


async def test_a_form_made_before_a_key_rotation_is_still_accepted(
    api: Api, oauth: OAuthWorld, clock: Clock, keys: KeyStore
) -> None:
    fields = await _filled_form(api, oauth)
    await keys.rotate(clock.now(), timedelta(minutes=20))
    response = await api.client.post(
        "/oauth/authorize", data=fields, headers=same_origin(api.client)
    )
    assert "code" in redirected_to(response)[1]
    after = await _filled_form(api, oauth)
    assert after["csrf_token"] != fields["csrf_token"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"origin": "https://evil.test"},
        {"origin": "null"},
        {"origin": "http://vocrehab.test"},
        {"origin": "https://vocrehab.test:8443"},
        {"referer": "https://evil.test/oauth/authorize"},
        {"origin": "https://evil.test", "referer": "https://vocrehab.test/oauth/authorize"},
    ],
    ids=["none", "other", "null", "http", "port", "referer", "origin-wins"],
)
async def test_the_form_is_accepted_only_from_the_public_origin(
    api: Api, oauth: OAuthWorld, world: World, headers: dict[str, str]
) -> None:
    fields = await _filled_form(api, oauth)
    response = await api.client.post("/oauth/authorize", data=fields, headers=headers)
    await _refused(response, world, 403, "another site")


async def test_a_referer_of_the_own_site_will_do_without_origin(
    api: Api, oauth: OAuthWorld
) -> None:
    fields = await _filled_form(api, oauth)
    referer = {"referer": "https://vocrehab.test/oauth/authorize?client_id=x"}
    response = await api.client.post("/oauth/authorize", data=fields, headers=referer)
    uri, query = redirected_to(response)
    assert uri == REDIRECT_URI and "code" in query


async def test_a_tampered_hidden_field_is_validated_again(api: Api, oauth: OAuthWorld) -> None:
    page = await api.client.get(
        "/oauth/authorize", params=authorize_params(oauth.spa_id, pkce()[1])
    )
    fields = hidden_fields(page.text)
    page_with_other_uri = page.text.replace(REDIRECT_URI, "https://evil.test/cb")
    tampered = page.__class__(200, text=page_with_other_uri, request=page.request)
    response = await submit_login(api.client, tampered, oauth.username, oauth.password)
    assert response.status_code == 400 and "location" not in response.headers
    assert fields["redirect_uri"] == REDIRECT_URI


async def test_an_unknown_client_gets_a_page_not_a_redirect(api: Api) -> None:
    response = await api.client.get(
        "/oauth/authorize", params=authorize_params("no-such-client", pkce()[1])
    )
    assert response.status_code == 400 and "location" not in response.headers
    assert "not valid" in response.text


# ---------------------------------------------------------------------- languages


def _links(page: str) -> dict[str, str]:
    """Language -> href of the page's language switch."""
    return {
        lang: html.unescape(href)
        for href, lang in re.findall(r'<a href="([^"]*)" lang="(\w+)" hreflang', page)
    }


@pytest.mark.parametrize(
    ("accept", "ui_locales", "lang", "heading", "scope_text"),
    [
        (
            "nb-NO,nb;q=0.9,en;q=0.5",
            None,
            "nb",
            "Logg inn i vocrehab",
            "Se medisinske opplysninger",
        ),
        ("de-DE, sv;q=0.8, en;q=0.5", None, "sv", "Logga in i vocrehab", "Se medicinska uppgifter"),
        ("nn", None, "nb", "Logg inn i vocrehab", "Se medisinske opplysninger"),
        ("fr", None, "en", "Sign in to vocrehab", "See medical information"),
        ("nb", "sv-SE en", "sv", "Logga in i vocrehab", "Se medicinska uppgifter"),
    ],
)
async def test_the_page_speaks_the_users_language(
    api: Api, oauth: OAuthWorld,
    accept: str, ui_locales: str | None, lang: str, heading: str, scope_text: str,
) -> None:  # fmt: skip
    extra = {"ui_locales": ui_locales} if ui_locales else {}
    params = authorize_params(oauth.spa_id, pkce()[1], scope="medical:read", **extra)
    page = await api.client.get(
        "/oauth/authorize", params=params, headers={"accept-language": accept}
    )
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text and page.headers["content-language"] == lang
    assert f"<h1>{heading}</h1>" in page.text and scope_text in page.text
    assert hidden_fields(page.text)["ui_locales"] == lang


async def test_the_language_switch_keeps_the_authorization_request(
    api: Api, oauth: OAuthWorld
) -> None:
    params = authorize_params(oauth.spa_id, pkce()[1], scope="cases:read", nonce="n-1")
    page = await api.client.get("/oauth/authorize", params=params)
    links = _links(page.text)
    assert sorted(links) == ["en", "nb", "sv"]
    assert 'lang="en" hreflang="en" aria-current="true"' in page.text
    swedish = await api.client.get(f"/oauth/authorize{links['sv']}")
    assert '<html lang="sv">' in swedish.text
    fields = hidden_fields(swedish.text)
    assert {k: fields[k] for k in params} == params and fields["ui_locales"] == "sv"
    # and the Swedish form signs in like any other
    fields |= {"username": oauth.username, "password": "wrong", "decision": "allow"}
    wrong = await api.client.post("/oauth/authorize", data=fields, headers=same_origin(api.client))
    assert wrong.status_code == 401 and "Fel användarnamn eller lösenord." in wrong.text
    assert '<html lang="sv">' in wrong.text
    assert 'aria-describedby="login-error"' in wrong.text
    again = hidden_fields(wrong.text) | {"username": oauth.username, "password": oauth.password}
    right = await api.client.post(
        "/oauth/authorize", data=again | {"decision": "allow"}, headers=same_origin(api.client)
    )
    uri, query = redirected_to(right)
    assert uri == REDIRECT_URI and query["state"] == params["state"] and "code" in query


async def test_error_pages_speak_the_language_too(api: Api) -> None:
    response = await api.client.get(
        "/oauth/authorize",
        params=authorize_params("no-such-client", pkce()[1]),
        headers={"accept-language": "nb"},
    )
    assert response.status_code == 400 and '<html lang="nb">' in response.text
    assert "Denne innloggingslenken er ikke gyldig" in response.text


async def test_labels_and_focus_order(api: Api, oauth: OAuthWorld) -> None:
    """Every visible input has its label; focus goes language, username, password, allow, deny."""
    page = await api.client.get(
        "/oauth/authorize", params=authorize_params(oauth.spa_id, pkce()[1])
    )
    labelled = set(re.findall(r"<label for=(\w+)>", page.text))
    inputs = re.findall(r"<input type=(?:text|password) id=(\w+)", page.text)
    assert inputs == ["username", "password"] and labelled == set(inputs)
    focusable = re.findall(r"<(a|input|button)\b([^>]*)>", page.text)
    order = [
        "link" if tag == "a" else re.search(r"(?:id|value)=(\w+)", attrs).group(1)  # type: ignore[union-attr]
        for tag, attrs in focusable
        if "type=hidden" not in attrs
    ]
    assert order == ["link", "link", "link", "username", "password", "allow", "deny"]
    assert "tabindex" not in page.text
