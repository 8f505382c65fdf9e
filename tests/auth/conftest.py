"""A small OAuth world on top of the `world` fixture: a provider organisation
with a machine client, a clinician with a login, and two frontends (a public
single-page app and a confidential server-side app)."""

from __future__ import annotations

from typing import Any

import pytest
from oauth_support import (
    FRONTEND_SCOPES,
    MACHINE_SCOPES,
    PASSWORD,
    REDIRECT_URI,
    OAuthWorld,
    register,
)
from support import World, gid

from vocrehab.auth.clients import AUTHORIZATION_CODE, NewClient
from vocrehab.auth.hashing import hash_password
from vocrehab.auth.users import create_user
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
    frontend = dict(grant=AUTHORIZATION_CODE, redirect_uris=[REDIRECT_URI])
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
