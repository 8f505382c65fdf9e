"""The three grants, in process on both databases: what a token gets, and every
way to ask for more than allowed being refused with the standard OAuth error
and nothing granted."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from oauth_support import (
    FRONTEND_SCOPES,
    MACHINE_SCOPES,
    REDIRECT_URI,
    OAuthWorld,
    authorize_params,
    call_api,
    exchange,
    login,
    pkce,
    redirected_to,
    register,
    submit_login,
)
from support import Api, World, gid

from vocrehab.auth.clients import AUTHORIZATION_CODE, NewClient
from vocrehab.auth.users import create_user
from vocrehab.core.clock import Clock
from vocrehab.core.policy import MAX_SCOPES
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import StakeholderType as R


async def machine_token(api: Api, oauth: OAuthWorld, **data: str) -> Any:
    return await api.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", **data},
        auth=(oauth.machine_id, oauth.machine_secret),
    )


async def code_for(
    api: Api,
    oauth: OAuthWorld,
    client_id: str | None = None,
    username: str | None = None,
    **params: Any,
) -> tuple[str, str]:
    """(code, verifier) after logging in through the form."""
    verifier, challenge = pkce()
    request = authorize_params(client_id or oauth.spa_id, challenge, **params)
    response = await login(api.client, request, username or oauth.username)
    _, query = redirected_to(response)
    assert query["state"] == request["state"]
    return query["code"], verifier


async def tokens_issued(world: World) -> int:
    async with world.db.session() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(m.OAuthAccessToken)))


# ---------------------------------------------------------------------- client credentials


async def test_client_credentials_act_as_the_clients_actor(api: Api, oauth: OAuthWorld) -> None:
    response = await machine_token(api, oauth)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    token = response.json()
    assert token["token_type"] == "Bearer" and token["expires_in"] == 900
    assert "refresh_token" not in token
    assert token["scope"].split() == sorted(MACHINE_SCOPES)
    status, body = await call_api(api.client, token["access_token"])
    assert status == 200, body
    viewer = body["data"]["viewer"]
    assert viewer["stakeholderType"] == "PROVIDER" and viewer["clientId"] == oauth.machine_id
    assert viewer["actor"]["id"] == gid(oauth.provider)


async def test_client_credentials_with_post_auth_and_a_narrower_scope(
    api: Api, oauth: OAuthWorld
) -> None:
    response = await api.client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": oauth.machine_id,
            "client_secret": oauth.machine_secret,
            "scope": "notes:read",
        },
    )
    assert response.status_code == 200 and response.json()["scope"] == "notes:read"


# ---------------------------------------------------------------------- authorization code


async def test_authorization_code_with_pkce_for_a_public_client(
    api: Api, oauth: OAuthWorld
) -> None:
    code, verifier = await code_for(api, oauth, scope="cases:read medical:read actors:read")
    response = await exchange(api.client, code, verifier, oauth.spa_id)
    assert response.status_code == 200, response.text
    token = response.json()
    assert token["scope"] == "actors:read cases:read medical:read" and token["refresh_token"]
    status, body = await call_api(api.client, token["access_token"])
    assert status == 200
    viewer = body["data"]["viewer"]
    assert viewer["stakeholderType"] == "CLINICIAN" and viewer["clientId"] == oauth.spa_id
    assert viewer["actor"]["id"] == gid(oauth.clinician)


async def test_a_confidential_client_authenticates_as_well(api: Api, oauth: OAuthWorld) -> None:
    code, verifier = await code_for(api, oauth, oauth.web_id)
    anonymous = await exchange(api.client, code, verifier, oauth.web_id)
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "invalid_client"
    code, verifier = await code_for(api, oauth, oauth.web_id)
    response = await exchange(
        api.client, code, verifier, oauth.web_id, auth=(oauth.web_id, oauth.web_secret)
    )
    assert response.status_code == 200
    assert set(response.json()["scope"].split()) == set(FRONTEND_SCOPES)


async def test_scopes_are_cut_to_what_the_users_type_may_hold(
    api: Api, oauth: OAuthWorld, world: World, password_hash: str
) -> None:
    """An employer logging in through the clinic's app gets no medical:read."""
    employer = await world.actor(R.EMPLOYER, "Harbour Ltd contact")
    async with world.db.transaction() as session:
        await create_user(
            session, "harbour", "x", actor=gid(employer), now=world.clock.now(),
            password_hash=password_hash,
        )  # fmt: skip
    code, verifier = await code_for(api, oauth, username="harbour")
    token = (await exchange(api.client, code, verifier, oauth.spa_id)).json()
    granted = set(token["scope"].split())
    assert granted == set(FRONTEND_SCOPES) & MAX_SCOPES[R.EMPLOYER]
    assert "medical:read" not in granted
    _status, body = await call_api(api.client, token["access_token"])
    assert body["data"]["viewer"]["stakeholderType"] == "EMPLOYER"


async def test_a_participant_logs_in_as_themselves(
    api: Api, oauth: OAuthWorld, world: World, password_hash: str
) -> None:
    person = await world.participant("Ada", "Berg")
    spa, _ = await register(
        world,
        NewClient(
            "My rehab", R.PARTICIPANT, ["cases:read", "consents:write", "participants:read"],
            grant=AUTHORIZATION_CODE, redirect_uris=[REDIRECT_URI], public=True,
        ),
    )  # fmt: skip
    async with world.db.transaction() as session:
        await create_user(
            session, "ada", "x", participant=gid(person), now=world.clock.now(),
            password_hash=password_hash,
        )  # fmt: skip
    code, verifier = await code_for(api, oauth, spa, username="ada")
    token = (await exchange(api.client, code, verifier, spa)).json()
    participant = await api.client.post(
        "/graphql",
        json={"query": "{ viewer { stakeholderType participant { id } } }"},
        headers={"authorization": f"Bearer {token['access_token']}"},
    )
    viewer = participant.json()["data"]["viewer"]
    assert viewer == {"stakeholderType": "PARTICIPANT", "participant": {"id": gid(person)}}


# ---------------------------------------------------------------------- refresh


async def test_refresh_rotates_and_a_reused_token_revokes_the_family(
    api: Api, oauth: OAuthWorld
) -> None:
    code, verifier = await code_for(api, oauth)
    first = (await exchange(api.client, code, verifier, oauth.spa_id)).json()
    refresh = {"grant_type": "refresh_token", "client_id": oauth.spa_id}
    second = await api.client.post(
        "/oauth/token", data={**refresh, "refresh_token": first["refresh_token"]}
    )
    assert second.status_code == 200
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]
    narrower = await api.client.post(
        "/oauth/token",
        data={**refresh, "refresh_token": rotated["refresh_token"], "scope": "actors:write"},
    )
    assert narrower.status_code == 400 and narrower.json()["error"] == "invalid_scope"

    reused = await api.client.post(
        "/oauth/token", data={**refresh, "refresh_token": first["refresh_token"]}
    )
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    after = await api.client.post(
        "/oauth/token", data={**refresh, "refresh_token": rotated["refresh_token"]}
    )
    assert after.json()["error"] == "invalid_grant", "the family was revoked"
    assert (await call_api(api.client, rotated["access_token"]))[0] == 401
    assert (await call_api(api.client, first["access_token"]))[0] == 401


async def test_a_refresh_token_of_another_client_is_refused(api: Api, oauth: OAuthWorld) -> None:
    code, verifier = await code_for(api, oauth)
    token = (await exchange(api.client, code, verifier, oauth.spa_id)).json()
    response = await api.client.post(
        "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": token["refresh_token"]},
        auth=(oauth.web_id, oauth.web_secret),
    )
    assert response.json()["error"] == "invalid_grant"


# ---------------------------------------------------------------------- refused, nothing granted


async def test_wrong_secret_is_invalid_client(api: Api, oauth: OAuthWorld, world: World) -> None:
    for auth in ((oauth.machine_id, "wrong"), ("nobody", "x")):
        response = await api.client.post(
            "/oauth/token", data={"grant_type": "client_credentials"}, auth=auth
        )
        assert response.status_code == 401 and response.json()["error"] == "invalid_client"
        assert "access_token" not in response.json()
    assert await tokens_issued(world) == 0


async def test_client_credentials_scope_escalation(
    api: Api, oauth: OAuthWorld, world: World
) -> None:
    for scope in ("admin", "cases:read actors:write", "no:such"):
        response = await machine_token(api, oauth, scope=scope)
        assert response.status_code == 400 and response.json()["error"] == "invalid_scope"
    assert await tokens_issued(world) == 0


async def test_authorization_scope_escalation_goes_back_to_the_client(
    api: Api, oauth: OAuthWorld
) -> None:
    _verifier, challenge = pkce()
    params = authorize_params(oauth.spa_id, challenge, scope="cases:read actors:write")
    response = await api.client.get("/oauth/authorize", params=params)
    uri, query = redirected_to(response)
    assert uri == REDIRECT_URI and query["error"] == "invalid_scope"
    assert query["state"] == params["state"] and "code" not in query


async def test_a_client_uses_only_its_own_grant(api: Api, oauth: OAuthWorld, world: World) -> None:
    frontend_as_machine = await api.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(oauth.web_id, oauth.web_secret),
    )
    assert frontend_as_machine.json()["error"] == "unauthorized_client"
    public_as_machine = await api.client.post(
        "/oauth/token", data={"grant_type": "client_credentials", "client_id": oauth.spa_id}
    )
    assert public_as_machine.json()["error"] == "invalid_client"
    machine_as_frontend = await api.client.post(
        "/oauth/token",
        data={"grant_type": "authorization_code", "code": "x", "redirect_uri": REDIRECT_URI},
        auth=(oauth.machine_id, oauth.machine_secret),
    )
    assert machine_as_frontend.json()["error"] == "unauthorized_client"
    password = await api.client.post(
        "/oauth/token",
        data={"grant_type": "password", "username": oauth.username, "password": oauth.password},
        auth=(oauth.web_id, oauth.web_secret),
    )
    assert password.json()["error"] == "unsupported_grant_type"
    assert await tokens_issued(world) == 0


async def test_pkce_is_required_and_must_be_s256(api: Api, oauth: OAuthWorld) -> None:
    verifier, _challenge = pkce()
    for params in (
        authorize_params(oauth.spa_id, None),
        authorize_params(
            oauth.spa_id, None, code_challenge=verifier, code_challenge_method="plain"
        ),
        authorize_params(oauth.spa_id, None, code_challenge=verifier),
        authorize_params(oauth.web_id, None),
    ):
        response = await api.client.get("/oauth/authorize", params=params)
        _uri, query = redirected_to(response)
        assert query["error"] == "invalid_request", query
        assert query["state"] == params["state"] and "code" not in query


async def test_missing_or_wrong_verifier(api: Api, oauth: OAuthWorld, world: World) -> None:
    code, verifier = await code_for(api, oauth)
    missing = await exchange(api.client, code, None, oauth.spa_id)
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
    wrong = await exchange(api.client, code, pkce()[0], oauth.spa_id)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    assert await tokens_issued(world) == 0
    # The code was not spent by the failures: the right verifier still gets a token.
    assert (await exchange(api.client, code, verifier, oauth.spa_id)).status_code == 200


async def test_redirect_uri_must_match_exactly(api: Api, oauth: OAuthWorld, world: World) -> None:
    verifier, challenge = pkce()
    for other in (REDIRECT_URI + "/", REDIRECT_URI + "?x=1", "https://evil.test/callback"):
        params = authorize_params(oauth.spa_id, challenge, redirect_uri=other)
        response = await api.client.get("/oauth/authorize", params=params)
        assert response.status_code == 400 and "location" not in response.headers
        assert "not valid" in response.text
    code, verifier = await code_for(api, oauth)
    response = await exchange(
        api.client, code, verifier, oauth.spa_id, redirect_uri=REDIRECT_URI + "/"
    )
    assert response.json()["error"] == "invalid_grant"
    assert await tokens_issued(world) == 0


async def test_a_reused_code_is_refused_and_its_tokens_revoked(api: Api, oauth: OAuthWorld) -> None:
    code, verifier = await code_for(api, oauth)
    first = await exchange(api.client, code, verifier, oauth.spa_id)
    assert first.status_code == 200
    again = await exchange(api.client, code, verifier, oauth.spa_id)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    token = first.json()
    assert (await call_api(api.client, token["access_token"]))[0] == 401
    refresh = await api.client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "client_id": oauth.spa_id,
            "refresh_token": token["refresh_token"],
        },
    )
    assert refresh.json()["error"] == "invalid_grant"


async def test_a_code_expires(api: Api, oauth: OAuthWorld, clock: Clock) -> None:
    code, verifier = await code_for(api, oauth)
    clock.advance(timedelta(minutes=3))
    response = await exchange(api.client, code, verifier, oauth.spa_id)
    assert response.json()["error"] == "invalid_grant"


async def test_an_access_token_expires(api: Api, oauth: OAuthWorld, clock: Clock) -> None:
    token = (await machine_token(api, oauth)).json()["access_token"]
    clock.advance(timedelta(seconds=900 + 31))  # the lifetime plus the validator's leeway
    status, body = await call_api(api.client, token)
    assert status == 401 and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_revoked_client_gets_nothing_and_its_tokens_stop(
    api: Api, oauth: OAuthWorld, world: World
) -> None:
    from vocrehab.auth.clients import revoke_client

    machine = (await machine_token(api, oauth)).json()["access_token"]
    code, verifier = await code_for(api, oauth)
    user = (await exchange(api.client, code, verifier, oauth.spa_id)).json()
    async with world.db.transaction() as session:
        assert await revoke_client(session, oauth.machine_id, world.clock.now())
        assert await revoke_client(session, oauth.spa_id, world.clock.now())
    refused = await machine_token(api, oauth)
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"
    assert (await call_api(api.client, machine))[0] == 401
    assert (await call_api(api.client, user["access_token"]))[0] == 401
    refresh = await api.client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "client_id": oauth.spa_id,
            "refresh_token": user["refresh_token"],
        },
    )
    assert refresh.json()["error"] == "invalid_client"
    page = await api.client.get(
        "/oauth/authorize", params=authorize_params(oauth.spa_id, pkce()[1])
    )
    assert page.status_code == 400


async def test_nothing_secret_is_logged(
    api: Api, oauth: OAuthWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await api.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(oauth.machine_id, "bad-secret"),
    )
    machine = (await machine_token(api, oauth)).json()
    code, verifier = await code_for(api, oauth)
    user = (await exchange(api.client, code, verifier, oauth.spa_id)).json()
    await exchange(api.client, code, verifier, oauth.spa_id)  # reused: refused and logged
    page = await api.client.get(
        "/oauth/authorize", params=authorize_params(oauth.spa_id, pkce()[1])
    )
    await submit_login(api.client, page, oauth.username, "a wrong password")
    logged = caplog.text
    assert "invalid_client" in logged and "invalid_grant" in logged and "login failed" in logged
    secrets = [oauth.machine_secret, "bad-secret", "a wrong password", code, verifier]
    secrets += [machine["access_token"], user["access_token"], user["refresh_token"]]
    assert [s for s in secrets if s in logged] == []
