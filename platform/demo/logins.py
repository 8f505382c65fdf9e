"""Demo logins: for each login a jurisdiction's demo declares (`DemoActor.login`,
`DemoPerson.login`) a user of the login page and a frontend client for its
stakeholder type to log in through, plus a machine client for the provider
organisation the demo marks (`DemoActor.machine`).

Development only: every demo user has the documented password
`DEMO_PASSWORD`, and the machine client the documented secret. Idempotent:
what exists already is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.auth.clients import (
    AUTHORIZATION_CODE,
    CLIENT_CREDENTIALS,
    NewClient,
    register_client,
)
from vocrehab.auth.hashing import hash_password
from vocrehab.auth.users import create_user
from vocrehab.core.policy import MAX_SCOPES
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.demo.seeder import DEMO_DOMAIN
from vocrehab.hooks.demo import demo_of
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.jurisdiction import check_national_id
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab.ids import encode_global_id

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_POST_LOGOUT_URI",
    "DEMO_REDIRECT_URI",
    "MACHINE_CLIENT",
    "MACHINE_SECRET",
    "DemoLogin",
    "demo_logins",
    "seed_demo_logins",
]

DEMO_PASSWORD = "vocrehab-demo"
DEMO_REDIRECT_URI = "http://127.0.0.1:8400/callback"
DEMO_POST_LOGOUT_URI = "http://127.0.0.1:8400/"
MACHINE_CLIENT = "demo-provider-machine"
MACHINE_SECRET = "demo-provider-secret"


@dataclass(frozen=True)
class _Login:
    username: str
    subject: str  # the demo actor's key, or the participant's normalized national id
    role: R


def _declared(host: PluginHost, today: date) -> Iterator[_Login]:
    for jurisdiction in host.jurisdictions():
        found = demo_of(jurisdiction)
        for actor in found.actors:
            if actor.login:
                yield _Login(actor.login, actor.key, actor.role)
        for story in found.stories:
            person = story.person
            if person.login and person.national_id:
                checked = check_national_id(jurisdiction, person.national_id, today)
                yield _Login(person.login, checked.normalized or person.national_id, R.PARTICIPANT)


def _machine_actor(host: PluginHost) -> str | None:
    return next((a.key for j in host.jurisdictions() for a in demo_of(j).actors if a.machine), None)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    client_id: str
    name: str


async def seed_demo_logins(db: Database, host: PluginHost, now: datetime) -> list[DemoLogin]:
    """Create what is missing; the logins whose actor or participant exists."""
    password_hash = await hash_password(DEMO_PASSWORD)  # one hash for the one demo password
    async with db.transaction() as session:
        for login in _declared(host, now.date()):
            username, role = login.username, login.role
            subject = await _subject(session, login.subject, role)
            if subject is None:
                continue
            await _client(session, f"demo-{username}", role, now)
            if not await _exists(session, m.OAuthUser.username, username):
                actor, participant = (None, subject) if role is R.PARTICIPANT else (subject, None)
                await create_user(
                    session, username, DEMO_PASSWORD, actor=actor, participant=participant,
                    now=now, password_hash=password_hash,
                )  # fmt: skip
        machine = _machine_actor(host)
        if machine is not None:
            await _machine_client(session, machine, now)
    return await demo_logins(db, host, now.date())


async def demo_logins(db: Database, host: PluginHost, today: date) -> list[DemoLogin]:
    found: list[DemoLogin] = []
    async with db.session() as session:
        for login in _declared(host, today):
            if await _exists(session, m.OAuthUser.username, login.username):
                name = await _name(session, login.subject, login.role)
                found.append(DemoLogin(login.username, f"demo-{login.username}", name))
    return found


async def _client(session: AsyncSession, client_id: str, role: R, now: datetime) -> None:
    if await _exists(session, m.OAuthClient.client_id, client_id):
        return
    label = role.value.replace("_", " ").lower()
    new = NewClient(
        name=f"Demo frontend for a {label}",
        stakeholder_type=role,
        scopes=sorted(MAX_SCOPES[role]),
        grant=AUTHORIZATION_CODE,
        redirect_uris=[DEMO_REDIRECT_URI],
        post_logout_redirect_uris=[DEMO_POST_LOGOUT_URI],
        public=True,
        client_id=client_id,
    )
    await register_client(session, new, now)


async def _machine_client(session: AsyncSession, key: str, now: datetime) -> None:
    if await _exists(session, m.OAuthClient.client_id, MACHINE_CLIENT):
        return
    provider = await _subject(session, key, R.PROVIDER)
    if provider is None:
        return
    new = NewClient(
        name="Demo provider system",
        stakeholder_type=R.PROVIDER,
        scopes=sorted(MAX_SCOPES[R.PROVIDER]),
        grant=CLIENT_CREDENTIALS,
        actor_id=provider,
        client_id=MACHINE_CLIENT,
        secret=MACHINE_SECRET,
    )
    await register_client(session, new, now)


async def _subject(session: AsyncSession, key: str, role: R) -> str | None:
    """The global ID of the demo actor (or participant) behind a login."""
    if role is R.PARTICIPANT:
        person_id = await session.scalar(
            sa.select(m.Participant.id).where(m.Participant.national_id == key)
        )
        return encode_global_id("Participant", person_id) if person_id else None
    actor_id = await session.scalar(
        sa.select(m.Actor.id).where(m.Actor.email == f"{key}@{DEMO_DOMAIN}")
    )
    return encode_global_id("Actor", actor_id) if actor_id else None


async def _name(session: AsyncSession, key: str, role: R) -> str:
    if role is R.PARTICIPANT:
        person = await session.scalar(
            sa.select(m.Participant).where(m.Participant.national_id == key)
        )
        return f"{person.given_name} {person.family_name}" if person else key
    actor = await session.scalar(sa.select(m.Actor).where(m.Actor.email == f"{key}@{DEMO_DOMAIN}"))
    return actor.name if actor else key


async def _exists(session: AsyncSession, column: Any, value: str) -> bool:
    return await session.scalar(sa.select(sa.literal(1)).where(column == value)) is not None
