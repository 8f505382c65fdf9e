"""What the demo stories are played with: a `Seeder` that runs core services as
a given stakeholder on a given day, inside the one transaction of the seed."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core import (
    actors,
)
from vocrehab.core.clock import Clock
from vocrehab.core.policy import MAX_SCOPES
from vocrehab.core.principal import Principal
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import (
    ActorKind,
    StakeholderType,
)
from vocrehab.ids import encode_global_id

__all__ = [
    "DEMO_DOMAIN",
    "DemoResult",
    "Seeder",
    "admin",
    "as_actor",
    "as_participant_of",
]

DEMO_DOMAIN = "demo.vocrehab.example"
T = TypeVar("T")
R = StakeholderType


@dataclass
class DemoResult:
    created: bool
    cases: list[str] = field(default_factory=list)


def admin() -> Principal:
    return Principal("demo-seed", "vocrehab-cli", R.ADMIN, MAX_SCOPES[R.ADMIN])


def as_actor(actor: m.Actor) -> Principal:
    return Principal(
        encode_global_id("Actor", actor.id), "vocrehab-demo", actor.stakeholder_type,
        MAX_SCOPES[actor.stakeholder_type], actor_id=actor.id,
        organisation_id=actor.organisation_id,
    )  # fmt: skip


class Seeder:
    """Runs every step in one transaction (all or nothing), each on its own date."""

    def __init__(self, session: AsyncSession, host: PluginHost, today: date) -> None:
        self.session = session
        self.host = host
        self.today = today
        self.actors: dict[str, m.Actor] = {}

    async def do(self, who: Principal, days_ago: int, service: Callable[[Work], Awaitable[T]]) -> T:
        moment = datetime.combine(self.today - timedelta(days=days_ago), time(9, 0), UTC)
        return await service(Work(self.session, who, self.host, Clock(fixed=moment)))

    async def actor(
        self,
        key: str,
        kind: ActorKind,
        role: StakeholderType,
        name: str,
        org: str | None = None,
        jurisdiction: str | None = None,
        organisation_number: str | None = None,
    ) -> m.Actor:
        cmd = actors.CreateActor(
            kind=kind,
            stakeholder_type=role,
            name=name,
            organisation_id=self.actors[org].id if org else None,
            organisation_number=organisation_number,
            jurisdiction=jurisdiction,
            email=f"{key}@{DEMO_DOMAIN}",
        )
        self.actors[key] = await self.do(admin(), 400, lambda w: actors.create_actor(w, cmd))
        return self.actors[key]

    def who(self, key: str) -> Principal:
        return as_actor(self.actors[key])

    def actor_id(self, key: str) -> uuid.UUID:
        return self.actors[key].id


def as_participant_of(person: m.Participant) -> Principal:
    return Principal(
        encode_global_id("Participant", person.id), "vocrehab-demo", R.PARTICIPANT,
        MAX_SCOPES[R.PARTICIPANT], actor_id=person.actor_id, participant_id=person.id,
    )  # fmt: skip
