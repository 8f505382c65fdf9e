"""`vocrehab keys rotate`: the new key signs at once; the old one keeps
validating the tokens it signed until its retirement, then it is gone."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from oauth_support import call_api
from support import Api, admin

from vocrehab.auth.keys import KeyStore
from vocrehab.core.clock import Clock
from vocrehab.db import models as m


async def jwks_kids(api: Api) -> set[str]:
    return {key["kid"] for key in (await api.client.get("/.well-known/jwks.json")).json()["keys"]}


async def test_a_rotated_key_validates_until_it_retires(
    api: Api, keys: KeyStore, clock: Clock
) -> None:
    old_kid = keys.signing_key().kid
    signed_by_old = api.token(admin(), ttl=timedelta(hours=2))
    new_kid = await keys.rotate(clock.now(), timedelta(minutes=15))
    assert new_kid != old_kid and keys.signing_key().kid == new_kid
    signed_by_new = api.token(admin(), ttl=timedelta(hours=2))
    assert await jwks_kids(api) == {old_kid, new_kid}
    assert (await call_api(api.client, signed_by_old))[0] == 200, "within its retirement window"

    clock.advance(timedelta(minutes=16))
    assert await jwks_kids(api) == {new_kid}
    status, body = await call_api(api.client, signed_by_old)
    assert status == 401 and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await call_api(api.client, signed_by_new))[0] == 200


async def test_a_second_rotation_forgets_keys_past_their_retirement(
    keys: KeyStore, clock: Clock
) -> None:
    first = keys.signing_key().kid
    await keys.rotate(clock.now(), timedelta(minutes=15))
    clock.advance(timedelta(minutes=20))
    latest = await keys.rotate(clock.now(), timedelta(minutes=15))
    async with keys.database.session() as session:
        kids = set(await session.scalars(sa.select(m.SigningKey.kid)))
    assert first not in kids and latest in kids and len(kids) == 2


async def test_a_token_used_before_is_checked_again_on_every_use(api: Api, clock: Clock) -> None:
    """The validator remembers a token's verified signature, never its verdict: the
    same token is refused once it has expired (and, above, once its key retired)."""
    token = api.token(admin(), ttl=timedelta(minutes=5))
    assert (await call_api(api.client, token))[0] == 200
    assert (await call_api(api.client, token))[0] == 200
    clock.advance(timedelta(minutes=6))
    status, body = await call_api(api.client, token)
    assert status == 401 and body["errors"][0]["extensions"]["reason"] == "expired", body
