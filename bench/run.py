"""Latency of the main read and write paths, in-process (no network).

    make bench            # SQLite in a temporary directory
    BENCH_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1/bench make bench

Loads the demo caseload plus N generated cases, then times the caseload query
(a page of cases with participant, team, plan, interventions and milestones)
and the openCase mutation. Prints median and 95th percentile in milliseconds
and the SQL statements per request. Not part of the test suite: timings vary
by machine; the suite asserts the structural facts instead.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from support import Api, World, admin, gid

from vocrehab.app import create_app
from vocrehab.config import Settings
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database, StatementCounter
from vocrehab.db.migrate import upgrade
from vocrehab.demo import seed_demo
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import StakeholderType as R

CASES = int(os.environ.get("BENCH_CASES", "200"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))

CASELOAD = """
query { cases(first: 50, orderBy: {field: NEXT_DUE_DATE, direction: ASC}) { totalCount edges { node {
  reference participant { givenName nationalId } team { role actor { name } }
  currentPlan { steps { workPercent } } interventions(first: 5) { edges { node { status } } }
  milestones { code status } } } } }
"""


def report(name: str, samples: list[float], statements: int) -> None:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(
        f"{name:<28} median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   {statements} statements"
    )


async def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = tempfile.mkdtemp()
    db = Database(url or f"sqlite+aiosqlite:///{tmp}/bench.sqlite3")
    await upgrade(db)
    host = PluginHost.load()
    clock = Clock()
    await seed_demo(db, host, clock.today())
    world = World(db, host, clock)
    manager = await world.actor(R.CASE_MANAGER)
    for i in range(CASES):
        person = await world.participant(given=f"Bench{i}", national_id=f"BENCH-{i:05d}")
        await world.case(person, team={manager: R.CASE_MANAGER})
    app = create_app(Settings(), host=host, clock=clock, database=db)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://b") as client,
    ):
        api = Api(app, client, clock)
        samples = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            with StatementCounter(db.engine) as counter:
                (await api.query(admin(), CASELOAD)).data  # noqa: B018
            samples.append((time.perf_counter() - start) * 1000)
        report("caseload page (50 cases)", samples, counter.count)
        person = await world.participant(given="Writer", national_id="BENCH-W")
        samples = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            with StatementCounter(db.engine) as counter:
                result = await api.query(
                    admin(),
                    "mutation($p: ID!) { openCase(input: {participantId: $p, employmentStatus: UNEMPLOYED}) { case { reference } userErrors { code } } }",
                    p=gid(person),
                )
                assert not result.data["openCase"]["userErrors"]
            samples.append((time.perf_counter() - start) * 1000)
        report("openCase mutation", samples, counter.count)
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
