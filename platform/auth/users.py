"""People who log in at the platform's own login page.

A user account acts as one Actor (an employer's contact, a clinician, a case
manager ...) or as one Participant; its stakeholder type, and so the most its
tokens may ever carry, follows from that.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from vocrehab.auth.hashing import hash_password, verify_password
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import StakeholderType
from vocrehab.ids import InvalidGlobalId, decode_global_id, encode_global_id

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "UserAccount",
    "UserError",
    "authenticate",
    "create_user",
    "load_user",
]

MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[A-Za-z0-9._@+-]{2,150}$")


class UserError(ValueError):
    """A user that cannot be created; the message says why."""


@dataclass(frozen=True)
class UserAccount:
    """The resource owner of the authorization-code flow."""

    id: uuid.UUID
    username: str
    stakeholder_type: StakeholderType
    actor_id: uuid.UUID | None
    participant_id: uuid.UUID | None

    @property
    def subject(self) -> str:
        """The same `sub` as every other token of this actor or participant."""
        if self.participant_id is not None:
            return encode_global_id("Participant", self.participant_id)
        assert self.actor_id is not None
        return encode_global_id("Actor", self.actor_id)


def _account(session: Session, row: m.OAuthUser) -> UserAccount | None:
    if row.participant_id is not None:
        person = session.get(m.Participant, row.participant_id)
        if person is None:
            return None
        return UserAccount(
            row.id, row.username, StakeholderType.PARTICIPANT, person.actor_id, person.id
        )
    actor = session.get(m.Actor, row.actor_id) if row.actor_id is not None else None
    if actor is None:
        return None
    return UserAccount(row.id, row.username, actor.stakeholder_type, actor.id, None)


def load_user(session: Session, user_id: uuid.UUID) -> UserAccount | None:
    row = session.get(m.OAuthUser, user_id)
    return _account(session, row) if row is not None else None


async def authenticate(session: AsyncSession, username: str, password: str) -> UserAccount | None:
    """The account when the password matches; None otherwise (never says which part was wrong)."""
    row = await session.scalar(sa.select(m.OAuthUser).where(m.OAuthUser.username == username))
    if not await verify_password(password, row.password_hash if row is not None else None):
        return None
    assert row is not None
    return await session.run_sync(lambda sync: _account(sync, row))


async def create_user(
    session: AsyncSession,
    username: str,
    password: str,
    *,
    actor: str | None = None,
    participant: str | None = None,
    now: datetime,
    password_hash: str | None = None,
) -> uuid.UUID:
    """`password_hash` lets the demo hash its one documented password once for all its users."""
    if not _USERNAME.match(username):
        raise UserError("a username is 2 to 150 letters, digits or . _ @ + -")
    if password_hash is None and len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    actor_id, participant_id = await _subject(session, actor, participant)
    taken = await session.scalar(sa.select(m.OAuthUser.id).where(m.OAuthUser.username == username))
    if taken is not None:
        raise UserError(f"user {username} already exists")
    row = m.OAuthUser(
        username=username,
        password_hash=password_hash or await hash_password(password),
        actor_id=actor_id,
        participant_id=participant_id,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row.id


async def _subject(
    session: AsyncSession, actor: str | None, participant: str | None
) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    if (actor is None) == (participant is None):
        raise UserError("give exactly one of --actor and --participant")
    try:
        if actor is not None:
            found = await session.get(m.Actor, decode_global_id(actor, "Actor")[1])
            if found is None:
                raise UserError(f"no actor {actor}")
            if found.stakeholder_type is StakeholderType.PARTICIPANT:
                raise UserError("that actor is a participant's own: use --participant")
            return found.id, None
        person = await session.get(
            m.Participant, decode_global_id(participant or "", "Participant")[1]
        )
    except InvalidGlobalId as exc:
        raise UserError(str(exc)) from None
    if person is None:
        raise UserError(f"no participant {participant}")
    return None, person.id
