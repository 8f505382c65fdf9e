"""The demo data set: a small, realistic caseload to explore the API with.

Built through the same core services the API uses, so every case has its
events and milestones, acted out by the stakeholder who would really make
each change, on dates in the past so that deadlines are met, due and overdue.
Each installed jurisdiction that has demo stories gets its cases. All in one
transaction; idempotent: a second run finds the demo organisation and stops.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

import sqlalchemy as sa

from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.demo import generic, norway, sweden
from vocrehab.demo.seeder import (
    DEMO_DOMAIN,
    MARKER,
    DemoResult,
    Seeder,
    admin,
    as_actor,
    as_participant_of,
)
from vocrehab.hooks.host import PluginHost

__all__ = [
    "DEMO_DOMAIN",
    "DemoResult",
    "as_actor",
    "as_participant_of",
    "demo_principals",
    "seed_demo",
]

# Jurisdiction code -> the stories of that jurisdiction (each returns case references).
STORIES: dict[str, Callable[[Seeder], Awaitable[list[str]]]] = {
    "generic": generic.seed,
    "no": norway.seed,
    "se": sweden.seed,
}


async def seed_demo(db: Database, host: PluginHost, today: date) -> DemoResult:
    async with db.session() as session:
        done = await session.scalar(sa.select(m.Actor.id).where(m.Actor.email == MARKER))
    if done is not None:
        return DemoResult(created=False)
    result = DemoResult(created=True)
    async with db.transaction() as session:
        seeder = Seeder(session, host, today)
        await generic.organisations(seeder)
        for code, stories in STORIES.items():
            if host.has(code):
                result.cases.extend(await stories(seeder))
    return result


async def demo_principals(db: Database) -> list[tuple[str, Principal]]:
    """One principal per stakeholder type, for printing ready-to-use tokens."""
    wanted = {
        "casemanager": "Case manager", "gp": "Clinician", "coordinator": "Rehab coordinator",
        "officer": "Employment officer", "harbour-manager": "Employer", "specialist": "Provider",
        # The Norwegian and Swedish caseloads (present when those plugins are loaded).
        "no-veileder": "Norway: NAV case manager", "no-fastlege": "Norway: GP",
        "no-vestfjord-leder": "Norway: employer", "se-handlaggare": "Sweden: FK case manager",
        "se-lakare": "Sweden: doctor", "se-hamn-chef": "Sweden: employer",
    }  # fmt: skip
    found: list[tuple[str, Principal]] = []
    async with db.session() as session:
        for key, label in wanted.items():
            actor = await session.scalar(
                sa.select(m.Actor).where(m.Actor.email == f"{key}@{DEMO_DOMAIN}")
            )
            if actor is not None:
                found.append((f"{label} ({actor.name})", as_actor(actor)))
        person = await session.scalar(
            sa.select(m.Participant).where(m.Participant.national_id == "DEMO-0003")
        )
        if person is not None:
            found.append(
                (
                    f"Participant ({person.given_name} {person.family_name})",
                    as_participant_of(person),
                )
            )
    found.append(("Admin", admin()))
    return found
