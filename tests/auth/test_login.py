"""The login and consent page: what it shows, how it escapes, and how it refuses."""

from __future__ import annotations

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
    submit_login,
)
from support import Api, World

from vocrehab.auth.clients import AUTHORIZATION_CODE, NewClient
from vocrehab.auth.pages import CSRF_COOKIE
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
    assert "See medical <small>(medical:read)</small>" in page.text
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


async def test_the_form_needs_its_csrf_token(api: Api, oauth: OAuthWorld, world: World) -> None:
    page = await api.client.get(
        "/oauth/authorize", params=authorize_params(oauth.spa_id, pkce()[1])
    )
    fields = hidden_fields(page.text) | {"username": oauth.username, "password": oauth.password}
    fields["decision"] = "allow"
    api.client.cookies.clear()
    without_cookie = await api.client.post("/oauth/authorize", data=fields)
    forged = await api.client.post(
        "/oauth/authorize",
        data=fields | {"csrf_token": "forged"},
        headers={"cookie": f"{CSRF_COOKIE}={fields['csrf_token']}"},
    )
    for response in (without_cookie, forged):
        assert response.status_code == 400 and "location" not in response.headers
        assert "expired" in response.text
    assert await codes_issued(world) == 0


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
