"""Revocation (RFC 7009), introspection (RFC 7662) and the metadata (RFC 8414)."""

from __future__ import annotations

from typing import Any

from authlib.oauth2.rfc8414 import AuthorizationServerMetadata
from oauth_support import (
    OAuthWorld,
    authorize_params,
    call_api,
    exchange,
    login,
    pkce,
    redirected_to,
)
from support import Api

from vocrehab.core.policy import ALL_SCOPES


async def machine_token(api: Api, oauth: OAuthWorld) -> str:
    response = await api.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(oauth.machine_id, oauth.machine_secret),
    )
    return str(response.json()["access_token"])


async def user_tokens(api: Api, oauth: OAuthWorld, client_id: str, auth: Any = None) -> Any:
    verifier, challenge = pkce()
    response = await login(api.client, authorize_params(client_id, challenge), oauth.username)
    code = redirected_to(response)[1]["code"]
    return (await exchange(api.client, code, verifier, client_id, auth=auth)).json()


async def introspect(
    api: Api, oauth: OAuthWorld, token: str, auth: tuple[str, str] | None = None
) -> Any:
    auth = auth or (oauth.machine_id, oauth.machine_secret)
    return await api.client.post("/oauth/introspect", data={"token": token}, auth=auth)


async def test_a_revoked_access_token_is_refused_at_once(api: Api, oauth: OAuthWorld) -> None:
    token = await machine_token(api, oauth)
    assert (await call_api(api.client, token))[0] == 200
    revoked = await api.client.post(
        "/oauth/revoke",
        data={"token": token, "token_type_hint": "access_token"},
        auth=(oauth.machine_id, oauth.machine_secret),
    )
    assert revoked.status_code == 200
    status, body = await call_api(api.client, token)
    assert status == 401 and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await introspect(api, oauth, token)).json() == {"active": False}
    fresh = await machine_token(api, oauth)
    assert (await call_api(api.client, fresh))[0] == 200, "only that token was revoked"


async def test_a_public_client_revokes_its_refresh_token_and_the_family_with_it(
    api: Api, oauth: OAuthWorld
) -> None:
    tokens = await user_tokens(api, oauth, oauth.spa_id)
    response = await api.client.post(
        "/oauth/revoke", data={"token": tokens["refresh_token"], "client_id": oauth.spa_id}
    )
    assert response.status_code == 200
    assert (await call_api(api.client, tokens["access_token"]))[0] == 401
    refresh = await api.client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "client_id": oauth.spa_id,
            "refresh_token": tokens["refresh_token"],
        },
    )
    assert refresh.json()["error"] == "invalid_grant"


async def test_revoking_an_unknown_token_is_fine_and_another_clients_is_not(
    api: Api, oauth: OAuthWorld
) -> None:
    machine = (oauth.machine_id, oauth.machine_secret)
    unknown = await api.client.post("/oauth/revoke", data={"token": "nonsense"}, auth=machine)
    assert unknown.status_code == 200
    other = await user_tokens(api, oauth, oauth.spa_id)
    theirs = await api.client.post(
        "/oauth/revoke", data={"token": other["access_token"]}, auth=machine
    )
    assert theirs.status_code == 400
    assert (await call_api(api.client, other["access_token"]))[0] == 200
    wrong = await api.client.post(
        "/oauth/revoke", data={"token": "x"}, auth=(oauth.machine_id, "no")
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"


async def test_introspection_of_an_access_token(api: Api, oauth: OAuthWorld) -> None:
    token = await machine_token(api, oauth)
    response = await introspect(api, oauth, token)
    assert response.status_code == 200
    body = response.json()
    assert body["active"] is True and body["client_id"] == oauth.machine_id
    assert body["stakeholder_type"] == "PROVIDER" and body["token_type"] == "Bearer"
    assert body["exp"] - body["iat"] == 900


async def test_introspection_of_a_refresh_token(api: Api, oauth: OAuthWorld) -> None:
    web = (oauth.web_id, oauth.web_secret)
    tokens = await user_tokens(api, oauth, oauth.web_id, auth=web)
    body = (await introspect(api, oauth, tokens["refresh_token"], auth=web)).json()
    assert body["active"] is True and body["token_type"] == "refresh_token"
    assert body["client_id"] == oauth.web_id and body["scope"] == tokens["scope"]


async def test_introspection_is_for_confidential_clients_and_their_own_tokens(
    api: Api, oauth: OAuthWorld
) -> None:
    token = await machine_token(api, oauth)
    public = await api.client.post(
        "/oauth/introspect", data={"token": token, "client_id": oauth.spa_id}
    )
    assert public.status_code == 401 and public.json()["error"] == "invalid_client"
    other = await introspect(api, oauth, token, auth=(oauth.web_id, oauth.web_secret))
    assert other.json() == {"active": False}
    assert (await introspect(api, oauth, "garbage")).json() == {"active": False}


async def test_metadata_describes_the_server(api: Api) -> None:
    response = await api.client.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 200
    metadata = response.json()
    AuthorizationServerMetadata(metadata).validate()
    settings = api.app.state.services.settings  # type: ignore[attr-defined]
    assert metadata["issuer"] == settings.token_issuer
    assert metadata["token_endpoint"] == "https://vocrehab.test/oauth/token"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["scopes_supported"] == [*ALL_SCOPES, "openid", "profile"]
    assert metadata["userinfo_endpoint"] == "https://vocrehab.test/oauth/userinfo"
    jwks = await api.client.get(metadata["jwks_uri"].removeprefix("https://vocrehab.test"))
    assert jwks.json()["keys"]
