"""A small OAuth world on top of the `world` fixture: a provider organisation
with a machine client, a clinician with a login, and two frontends (a public
single-page app and a confidential server-side app)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import sqlalchemy as sa
from oauth_support import (
    FRONTEND_SCOPES,
    MACHINE_SCOPES,
    PASSWORD,
    POST_LOGOUT_URI,
    REDIRECT_URI,
    OAuthWorld,
    register,
)
from support import Api, World, gid

from vocrehab.auth.clients import AUTHORIZATION_CODE, NewClient
from vocrehab.auth.hashing import hash_password
from vocrehab.auth.keys import KeyStore
from vocrehab.auth.users import create_user
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import StakeholderType as R


@pytest.fixture(scope="session")
async def password_hash() -> str:
    return await hash_password(PASSWORD)


@pytest.fixture
async def oauth(app: Any, world: World, password_hash: str) -> OAuthWorld:
    provider = await world.actor(R.PROVIDER, "Bridge IPS", kind=ActorKind.ORGANISATION)
    clinician = await world.actor(R.CLINICIAN, "Dr. Yusuf")
    machine_id, machine_secret = await register(
        world,
        NewClient("Provider system", R.PROVIDER, MACHINE_SCOPES, actor_id=gid(provider)),
    )
    frontend = dict(
        grant=AUTHORIZATION_CODE,
        redirect_uris=[REDIRECT_URI],
        post_logout_redirect_uris=[POST_LOGOUT_URI],
    )
    spa_id, _ = await register(
        world, NewClient("Clinic app", R.CLINICIAN, FRONTEND_SCOPES, public=True, **frontend)
    )
    web_id, web_secret = await register(
        world, NewClient("Clinic portal", R.CLINICIAN, FRONTEND_SCOPES, **frontend)
    )
    async with world.db.transaction() as session:
        await create_user(
            session, "dr-yusuf", PASSWORD, actor=gid(clinician), now=world.clock.now(),
            password_hash=password_hash,
        )  # fmt: skip
    return OAuthWorld(provider, clinician, machine_id, machine_secret, spa_id, web_id, web_secret)


@pytest.fixture
async def keys(api: Api) -> AsyncIterator[KeyStore]:
    """The app's keys, restored afterwards (PostgreSQL keeps them between tests)."""
    store: KeyStore = api.app.state.services.keys  # type: ignore[attr-defined]
    original = store.signing_key().kid
    yield store
    async with store.database.transaction() as session:
        await session.execute(sa.delete(m.SigningKey).where(m.SigningKey.kid != original))
        await session.execute(sa.update(m.SigningKey).values(retire_at=None))
    await store.load()
