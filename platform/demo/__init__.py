"""The demo data set: a small, realistic caseload to explore the API with.

Each installed jurisdiction may contribute a demo (`vocrehab.hooks.demo`): its
organisations and people, and its stories as data. They are played back here
through the same core services the API uses, so every case has its events and
milestones, acted out by the stakeholder who would really make each change, on
dates in the past so that deadlines are met, due and overdue. All in one
transaction; idempotent: a second run finds the demo's actors and stops.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.demo.player import cast, play
from vocrehab.demo.seeder import (
    DEMO_DOMAIN,
    DemoResult,
    Seeder,
    admin,
    as_actor,
    as_participant_of,
)
from vocrehab.hooks.demo import demo_of
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.jurisdiction import check_national_id

__all__ = [
    "DEMO_DOMAIN",
    "DemoResult",
    "as_actor",
    "as_participant_of",
    "demo_principals",
    "seed_demo",
]


async def seed_demo(db: Database, host: PluginHost, today: date) -> DemoResult:
    async with db.session() as session:
        done = await session.scalar(
            sa.select(m.Actor.id).where(m.Actor.email.like(f"%@{DEMO_DOMAIN}")).limit(1)
        )
    if done is not None:
        return DemoResult(created=False)
    result = DemoResult(created=True)
    async with db.transaction() as session:
        seeder = Seeder(session, host, today)
        for jurisdiction in host.jurisdictions():
            await cast(seeder, jurisdiction)
        for jurisdiction in host.jurisdictions():
            result.cases.extend(await play(seeder, jurisdiction))
    return result


async def demo_principals(
    db: Database, host: PluginHost, today: date
) -> list[tuple[str, Principal]]:
    """A principal for each demo actor and person with a `token` label, and an admin."""
    found: list[tuple[str, Principal]] = []
    async with db.session() as session:
        for jurisdiction in host.jurisdictions():
            for declared in demo_of(jurisdiction).actors:
                if declared.token is None:
                    continue
                actor = await session.scalar(
                    sa.select(m.Actor).where(m.Actor.email == f"{declared.key}@{DEMO_DOMAIN}")
                )
                if actor is not None:
                    found.append((f"{declared.token} ({actor.name})", as_actor(actor)))
        for jurisdiction in host.jurisdictions():
            for story in demo_of(jurisdiction).stories:
                label, national_id = story.person.token, story.person.national_id
                if label is None or national_id is None:
                    continue
                checked = check_national_id(jurisdiction, national_id, today)
                person = await session.scalar(
                    sa.select(m.Participant).where(
                        m.Participant.jurisdiction == jurisdiction.code,
                        m.Participant.national_id == (checked.normalized or national_id),
                    )
                )
                if person is not None:
                    name = f"{person.given_name} {person.family_name}"
                    found.append((f"{label} ({name})", as_participant_of(person)))
    found.append(("Admin", admin()))
    return found
