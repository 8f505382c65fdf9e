"""OpenID Connect, in process on both databases: discovery, the ID token
(validated against the published JWKS), userinfo, nonce and prompt handling,
and RP-initiated logout ending the sign-in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from authlib.oidc.core import CodeIDToken
from authlib.oidc.discovery import OpenIDProviderMetadata
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from oauth_support import (
    POST_LOGOUT_URI,
    REDIRECT_URI,
    OAuthWorld,
    authorize_params,
    call_api,
    exchange,
    login,
    pkce,
    redirected_to,
)
from support import Api, gid

from vocrehab.core.clock import Clock

ISSUER = "https://vocrehab.test"


async def sign_in(
    api: Api, oauth: OAuthWorld, scope: str = "openid profile cases:read", **params: str
) -> dict[str, Any]:
    """Log in through the form and exchange the code: the token response."""
    verifier, challenge = pkce()
    request = authorize_params(oauth.spa_id, challenge, scope=scope, **params)
    _, query = redirected_to(await login(api.client, request, oauth.username))
    response = await exchange(api.client, query["code"], verifier, oauth.spa_id)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def published_keys(api: Api) -> KeySet:
    discovery = (await api.client.get("/.well-known/openid-configuration")).json()
    jwks = await api.client.get(discovery["jwks_uri"].removeprefix(ISSUER))
    return KeySet.import_key_set(jwks.json())


async def verified_id_token(api: Api, tokens: dict[str, Any], nonce: str | None) -> CodeIDToken:
    decoded = jwt.decode(tokens["id_token"], await published_keys(api), algorithms=["RS256"])
    claims = CodeIDToken(
        decoded.claims,
        decoded.header,
        options={"iss": {"essential": True, "value": ISSUER}},
        params={"nonce": nonce, "access_token": tokens["access_token"]},
    )
    claims.validate(now=int(api.clock.now().timestamp()))
    return claims


async def userinfo(api: Api, token: str | None, method: str = "GET") -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return await api.client.request(method, "/oauth/userinfo", headers=headers)


# ---------------------------------------------------------------------- discovery


async def test_discovery_is_valid_openid_provider_metadata(api: Api) -> None:
    response = await api.client.get("/.well-known/openid-configuration")
    assert response.status_code == 200
    metadata = response.json()
    OpenIDProviderMetadata(metadata).validate()
    assert metadata["issuer"] == ISSUER
    assert metadata["userinfo_endpoint"] == f"{ISSUER}/oauth/userinfo"
    assert metadata["end_session_endpoint"] == f"{ISSUER}/oauth/logout"
    assert metadata["id_token_signing_alg_values_supported"] == ["RS256"]
    assert {"openid", "profile"} <= set(metadata["scopes_supported"])
    assert {"name", "stakeholder_type", "sid"} <= set(metadata["claims_supported"])
    assert metadata["ui_locales_supported"] == ["nb", "sv", "en"]
    rfc8414 = (await api.client.get("/.well-known/oauth-authorization-server")).json()
    assert rfc8414 == metadata


# ---------------------------------------------------------------------- the ID token


async def test_the_id_token_validates_against_the_jwks(api: Api, oauth: OAuthWorld) -> None:
    tokens = await sign_in(api, oauth, nonce="n-0S6_WzA2Mj")
    assert tokens["scope"] == "cases:read openid profile"
    claims = await verified_id_token(api, tokens, nonce="n-0S6_WzA2Mj")
    assert claims.header["typ"] == "JWT"
    assert claims.header["kid"] == api.app.state.services.keys.signing_key().kid
    assert claims["aud"] == claims["azp"] == oauth.spa_id
    assert claims["sub"] == gid(oauth.clinician)
    assert claims["name"] == "Dr. Yusuf"
    assert claims["stakeholder_type"] == "CLINICIAN" and claims["actor_id"] == gid(oauth.clinician)
    assert "participant_id" not in claims
    assert claims["amr"] == ["pwd"] and claims["auth_time"] == int(api.clock.now().timestamp())
    assert claims["exp"] - claims["iat"] == 900 and claims["sid"]


async def test_the_id_token_is_no_access_token(api: Api, oauth: OAuthWorld) -> None:
    tokens = await sign_in(api, oauth)
    status, body = await call_api(api.client, tokens["id_token"])
    assert status == 401 and body["errors"][0]["extensions"]["reason"] == "invalid"
    assert (await call_api(api.client, tokens["access_token"]))[0] == 200


async def test_a_wrong_nonce_fails_the_clients_check(api: Api, oauth: OAuthWorld) -> None:
    tokens = await sign_in(api, oauth, nonce="mine")
    with pytest.raises(Exception, match="nonce"):
        await verified_id_token(api, tokens, nonce="someone-elses")


async def test_without_openid_there_is_no_id_token(api: Api, oauth: OAuthWorld) -> None:
    tokens = await sign_in(api, oauth, scope="cases:read")
    assert "id_token" not in tokens and tokens["scope"] == "cases:read"
    refused = await userinfo(api, tokens["access_token"])
    assert refused.status_code == 403 and refused.json()["error"] == "insufficient_scope"
    assert "openid" in refused.json()["error_description"]


async def test_only_people_get_openid(api: Api, oauth: OAuthWorld) -> None:
    machine = await api.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": "openid cases:read"},
        auth=(oauth.machine_id, oauth.machine_secret),
    )
    assert machine.status_code == 400 and machine.json()["error"] == "invalid_scope"


async def test_a_nonce_is_used_once(api: Api, oauth: OAuthWorld) -> None:
    await sign_in(api, oauth, nonce="once")
    request = authorize_params(oauth.spa_id, pkce()[1], scope="openid", nonce="once")
    uri, query = redirected_to(await api.client.get("/oauth/authorize", params=request))
    assert uri == REDIRECT_URI and query["error"] == "invalid_request"
    assert "nonce was used before" in query["error_description"]
    assert query["state"] == request["state"]


async def test_prompt_none_needs_a_session_the_server_does_not_keep(
    api: Api, oauth: OAuthWorld
) -> None:
    request = authorize_params(oauth.spa_id, pkce()[1], scope="openid", prompt="none")
    uri, query = redirected_to(await api.client.get("/oauth/authorize", params=request))
    assert uri == REDIRECT_URI and query["error"] == "login_required"


# ---------------------------------------------------------------------- userinfo


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_userinfo_says_who_signed_in(api: Api, oauth: OAuthWorld, method: str) -> None:
    tokens = await sign_in(api, oauth)
    response = await userinfo(api, tokens["access_token"], method)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    id_token = await verified_id_token(api, tokens, nonce=None)
    assert response.json() == {
        "sub": id_token["sub"],
        "name": "Dr. Yusuf",
        "stakeholder_type": "CLINICIAN",
        "actor_id": gid(oauth.clinician),
    }


async def test_userinfo_without_profile_has_no_name(api: Api, oauth: OAuthWorld) -> None:
    tokens = await sign_in(api, oauth, scope="openid")
    assert tokens["scope"] == "openid"
    info = (await userinfo(api, tokens["access_token"])).json()
    assert "name" not in info and info["sub"] == gid(oauth.clinician)


async def test_userinfo_refuses_what_the_api_refuses(
    api: Api, oauth: OAuthWorld, clock: Clock
) -> None:
    tokens = await sign_in(api, oauth)
    missing = await userinfo(api, None)
    assert missing.status_code == 401 and "Bearer" in missing.headers["www-authenticate"]
    garbage = await userinfo(api, "not.a.token")
    assert garbage.status_code == 401 and garbage.json()["error"] == "invalid_token"
    clock.advance(timedelta(seconds=900 + 29))
    assert (await userinfo(api, tokens["access_token"])).status_code == 200, "within the leeway"
    clock.advance(timedelta(seconds=2))
    expired = await userinfo(api, tokens["access_token"])
    assert expired.status_code == 401 and "expired" in expired.json()["error_description"]


async def test_userinfo_after_revocation(api: Api, oauth: OAuthWorld) -> None:
    tokens = await sign_in(api, oauth)
    await api.client.post(
        "/oauth/revoke", data={"token": tokens["access_token"], "client_id": oauth.spa_id}
    )
    revoked = await userinfo(api, tokens["access_token"])
    assert revoked.status_code == 401 and "revoked" in revoked.json()["error_description"]


async def test_a_refreshed_token_still_reads_userinfo(api: Api, oauth: OAuthWorld) -> None:
    tokens = await sign_in(api, oauth)
    refreshed = await api.client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": oauth.spa_id,
        },
    )
    assert refreshed.status_code == 200 and refreshed.json()["scope"] == tokens["scope"]
    assert (await userinfo(api, refreshed.json()["access_token"])).status_code == 200


# ---------------------------------------------------------------------- logout


async def _refresh(api: Api, oauth: OAuthWorld, refresh_token: str) -> httpx.Response:
    data = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return await api.client.post("/oauth/token", data=data | {"client_id": oauth.spa_id})


async def test_logout_ends_the_sign_in_and_returns_to_the_client(
    api: Api, oauth: OAuthWorld
) -> None:
    tokens = await sign_in(api, oauth)
    other = await sign_in(api, oauth)  # another sign-in of the same user stays
    response = await api.client.get(
        "/oauth/logout",
        params={
            "id_token_hint": tokens["id_token"],
            "post_logout_redirect_uri": POST_LOGOUT_URI,
            "state": "bye-1",
        },
    )
    uri, query = redirected_to(response)
    assert uri == POST_LOGOUT_URI and query == {"state": "bye-1"}
    status, body = await call_api(api.client, tokens["access_token"])
    assert status == 401 and body["errors"][0]["extensions"]["reason"] == "revoked"
    refused = await _refresh(api, oauth, tokens["refresh_token"])
    assert refused.json()["error"] == "invalid_grant"
    assert "revoked" in refused.json()["error_description"]
    assert (await call_api(api.client, other["access_token"]))[0] == 200


async def test_logout_by_post_without_a_registered_uri_shows_a_page(
    api: Api, oauth: OAuthWorld
) -> None:
    tokens = await sign_in(api, oauth)
    response = await api.client.post(
        "/oauth/logout",
        data={
            "id_token_hint": tokens["id_token"],
            "post_logout_redirect_uri": "https://evil.test/",
        },
        headers={"accept-language": "sv"},
    )
    assert response.status_code == 200 and "location" not in response.headers
    assert "Du är utloggad" in response.text
    assert (await call_api(api.client, tokens["access_token"]))[0] == 401


async def test_logout_without_a_hint_revokes_nothing_and_redirects_nowhere(
    api: Api, oauth: OAuthWorld
) -> None:
    tokens = await sign_in(api, oauth)
    response = await api.client.get(
        "/oauth/logout",
        params={"client_id": oauth.spa_id, "post_logout_redirect_uri": POST_LOGOUT_URI},
    )
    assert response.status_code == 200 and "location" not in response.headers
    assert (await call_api(api.client, tokens["access_token"]))[0] == 200


def _foreign_id_token(claims: dict[str, Any]) -> str:
    key = RSAKey.generate_key(2048, parameters={"kid": "foreign"}, private=True)
    return jwt.encode({"alg": "RS256", "typ": "JWT", "kid": "foreign"}, claims, key)


@pytest.mark.parametrize("hint", ["access_token", "foreign", "other_client", "garbage"])
async def test_a_bad_hint_gets_an_error_page(api: Api, oauth: OAuthWorld, hint: str) -> None:
    tokens = await sign_in(api, oauth)
    claims = dict((await verified_id_token(api, tokens, None)).items())
    params = {"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": POST_LOGOUT_URI}
    if hint == "access_token":
        params["id_token_hint"] = tokens["access_token"]
    elif hint == "foreign":
        params["id_token_hint"] = _foreign_id_token(claims)
    elif hint == "other_client":
        params["client_id"] = oauth.web_id
    else:
        params["id_token_hint"] = "not.a.token"
    response = await api.client.get("/oauth/logout", params=params)
    assert response.status_code == 400 and "location" not in response.headers
    assert "sign-out link is not valid" in response.text
    assert (await call_api(api.client, tokens["access_token"]))[0] == 200, "nothing revoked"


async def test_an_expired_id_token_still_logs_out(
    api: Api, oauth: OAuthWorld, clock: Clock
) -> None:
    """OpenID Connect RP-Initiated Logout §2: the hint may have expired."""
    tokens = await sign_in(api, oauth)
    clock.advance(timedelta(hours=2))
    response = await api.client.get(
        "/oauth/logout",
        params={"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": POST_LOGOUT_URI},
    )
    assert redirected_to(response)[0] == POST_LOGOUT_URI
    assert (await _refresh(api, oauth, tokens["refresh_token"])).status_code == 400
