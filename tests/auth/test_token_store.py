"""What the authorization server remembers: a grant spent twice at the same
moment, and forgetting what can no longer be used."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import sqlalchemy as sa
from oauth_support import (
    OAuthWorld,
    authorize_params,
    call_api,
    exchange,
    login,
    pkce,
    redirected_to,
)
from support import Api, World

from vocrehab.auth import token_store
from vocrehab.db import models as m


async def test_a_code_exchanged_twice_at_once_gives_nothing_lasting(
    api: Api, oauth: OAuthWorld
) -> None:
    verifier, challenge = pkce()
    response = await login(api.client, authorize_params(oauth.spa_id, challenge), oauth.username)
    code = redirected_to(response)[1]["code"]
    answers = await asyncio.gather(
        *(exchange(api.client, code, verifier, oauth.spa_id) for _ in range(3))
    )
    granted = [a.json() for a in answers if a.status_code == 200]
    refused = [a.json()["error"] for a in answers if a.status_code != 200]
    assert len(granted) <= 1 and refused and set(refused) == {"invalid_grant"}
    for token in granted:  # what the winner got is revoked with the family
        assert (await call_api(api.client, token["access_token"]))[0] == 401


async def test_a_code_sent_without_redirect_uri_needs_none_at_the_token_endpoint(
    api: Api, oauth: OAuthWorld
) -> None:
    verifier, challenge = pkce()
    params = authorize_params(oauth.spa_id, challenge)
    del params["redirect_uri"]  # the client has exactly one: it is the default
    response = await login(api.client, params, oauth.username)
    code = redirected_to(response)[1]["code"]
    token = await api.client.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": oauth.spa_id,
            "code_verifier": verifier,
        },
    )
    assert token.status_code == 200, token.text


async def test_expired_rows_are_forgotten(api: Api, oauth: OAuthWorld, world: World) -> None:
    token = await api.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(oauth.machine_id, oauth.machine_secret),
    )
    assert token.status_code == 200
    later = world.clock.now() + timedelta(days=2)
    async with world.db.transaction() as session:
        await session.run_sync(lambda sync: token_store.purge_expired(sync, later))
    async with world.db.session() as session:
        left = await session.scalar(sa.select(sa.func.count()).select_from(m.OAuthAccessToken))
    assert left == 0
