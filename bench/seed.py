"""Benchmark data in bulk: N cases in caseloads of 100 per case manager.

    python bench/seed.py --cases 10000 [--database-url URL] [--force]

Rows go straight into the models' tables as multi-row inserts (SQLAlchemy
Core executemany), a batch of cases per transaction: 10,000 cases take
seconds, 200,000 minutes. The database must be migrated first (`vocrehab db
upgrade`); the URL defaults to VOCREHAB_DATABASE_URL. A seed refuses a
database that already holds cases, unless given --force (it then adds more).

What it makes (casebook.py tells each case's story): per 100 cases a case
manager (a person acting for a social-insurance office, on the team of each of
their cases), clinicians, employers with a contact person, providers; per case
a participant with name and contact data, an ACTIVE plan of 2-4 steps for most
cases (older ones revised every few months), 0-4 interventions, notes,
benefits, the case events, and the milestones the case's jurisdiction computes
from all that, with `cases.next_due_date` to match. Caseloads are generic, one
in twenty Norwegian (`no`) and one in twenty Swedish (`se`) when those plugins
are installed, with valid national ids, organisation numbers and case details.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, tzinfo
from typing import Any

import sqlalchemy as sa
from casebook import CaseStory, References, Rows
from population import CASELOAD, Directory
from sqlalchemy import event

from vocrehab.app import load_plugins
from vocrehab.config import Settings
from vocrehab.core.clock import Clock
from vocrehab.db import models as m
from vocrehab.db.base import Base
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost
from vocrehab.ids import encode_global_id

__all__ = ["Seeded", "seed"]

BATCH = 2_000
"""Cases per transaction."""


@dataclass
class Seeded:
    """What a seed made."""

    managers: list[tuple[uuid.UUID, str, int]]
    """(case manager, jurisdiction, cases on their caseload), the first a full caseload."""
    rows: Counter[str] = field(default_factory=Counter)
    overdue: int = 0
    """Cases with a next due date before today."""
    seconds: float = 0.0


class NotReady(Exception):
    """The database is not migrated, or already holds cases."""


async def seed(
    database: Database,
    cases: int,
    *,
    host: PluginHost,
    today: date,
    zone: tzinfo,
    force: bool = False,
    random_seed: int = 9,
    progress: Callable[[int], None] | None = None,
) -> Seeded:
    """Writes `cases` cases; `progress` hears how many are written after each batch."""
    started = time.perf_counter()
    directory, references = await _start(database, cases, host, today, force, random_seed)
    await _insert(database, {"actors": directory.rows})
    made = Seeded([])
    made.rows["actors"] += len(directory.rows)
    caseloads: Counter[uuid.UUID] = Counter()
    for first in range(0, cases, BATCH):
        rows: Rows = defaultdict(list)
        for number in range(first, min(cases, first + BATCH)):
            manager, code = directory.managers[number // CASELOAD]
            story = CaseStory(
                directory, manager, code, references, today, zone, directory.rng, rows
            )
            _, due = story.write()
            caseloads[manager] += 1
            made.overdue += due is not None and due < today
        await _insert(database, rows)
        made.rows.update({table: len(found) for table, found in rows.items()})
        if progress is not None:
            progress(made.rows["cases"])
    await _save_counters(database, references)
    await _analyze(database)
    made.managers = [(actor, code, caseloads[actor]) for actor, code in directory.managers]
    made.seconds = time.perf_counter() - started
    return made


async def _start(
    database: Database, cases: int, host: PluginHost, today: date, force: bool, random_seed: int
) -> tuple[Directory, References]:
    """The actors for `cases` more cases, after what the database already holds."""
    async with database.engine.connect() as conn:
        try:
            existing = await conn.scalar(sa.select(sa.func.count()).select_from(m.Case))
        except sa.exc.DBAPIError as exc:
            raise NotReady(
                f"no cases table ({exc.orig}): run `vocrehab db upgrade` first"
            ) from None
        if existing and not force:
            raise NotReady(f"the database already holds {existing} cases; give --force to add more")
        counters = (await conn.execute(sa.select(m.ReferenceCounter.__table__))).all()
        people = m.Participant.__table__.c
        taken = await conn.execute(
            sa.select(people.jurisdiction, people.national_id).where(
                people.national_id.is_not(None)
            )
        )
        # Another random stream for each addition, so that ids never repeat.
        rng = random.Random(f"{random_seed}/{existing}")
        directory = Directory.build(host, cases, today, rng, {(j, n) for j, n in taken})
    return directory, References({(c.prefix, c.year): c.value for c in counters})


async def _analyze(database: Database) -> None:
    """Statistics for the planner, as a database in use has them: right after a bulk
    load there are none, and PostgreSQL's estimates (and so its plans) are those of
    empty tables until autovacuum comes by."""
    async with database.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(sa.text("ANALYZE"))


async def _insert(database: Database, rows: Rows) -> None:
    async with database.engine.begin() as conn:
        for table in Base.metadata.sorted_tables:  # in the order foreign keys need them
            if rows.get(table.name):
                await conn.execute(table.insert(), rows[table.name])


async def _save_counters(database: Database, references: References) -> None:
    """Later cases opened through the API continue the numbering."""
    counters: Any = m.ReferenceCounter.__table__
    async with database.engine.begin() as conn:
        for prefix, year in references.last:
            await conn.execute(
                counters.delete().where(counters.c.prefix == prefix, counters.c.year == year)
            )
        await conn.execute(
            counters.insert(),
            [
                {"prefix": prefix, "year": year, "value": value}
                for (prefix, year), value in references.last.items()
            ],
        )


def report(made: Seeded) -> str:
    manager, code, count = made.managers[0]
    tables = ", ".join(f"{n:,} {table}" for table, n in made.rows.most_common())
    return (
        f"seeded {made.rows['cases']:,} cases for {len(made.managers)} case managers in "
        f"{made.seconds:.1f} s ({made.overdue:,} overdue)\n  rows: {tables}\n"
        f"  a full caseload ({count} {code} cases): {encode_global_id('Actor', manager)}"
    )


def _large_cache(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA cache_size = -524288")
    cursor.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, required=True, help="how many cases")
    parser.add_argument("--database-url", help="default: VOCREHAB_DATABASE_URL")
    parser.add_argument("--force", action="store_true", help="add to a database holding cases")
    parser.add_argument("--seed", type=int, default=9, help="random seed (default 9)")
    args = parser.parse_args(argv)
    settings = Settings()
    clock = Clock(settings.timezone)

    started = time.perf_counter()

    def progress(done: int) -> None:
        if done % 20_000 == 0 and done < args.cases:
            print(f"  {done:,} cases ({time.perf_counter() - started:.0f} s)", flush=True)

    async def go() -> Seeded:
        database = Database(args.database_url or settings.database_url)
        if database.is_sqlite:  # the indexes outgrow SQLite's 2 MB page cache: give it 512 MB
            event.listen(database.engine.sync_engine, "connect", _large_cache)
        try:
            return await seed(
                database,
                args.cases,
                host=load_plugins(settings),
                today=clock.today(),
                zone=clock.zone,
                force=args.force,
                random_seed=args.seed,
                progress=progress,
            )
        finally:
            await database.dispose()

    try:
        made = asyncio.run(go())
    except NotReady as exc:
        print(f"seed: {exc}", file=sys.stderr)
        return 1
    print(report(made))
    return 0


if __name__ == "__main__":
    sys.exit(main())
