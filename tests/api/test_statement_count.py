"""No N+1: a page of cases with its relations costs the same number of SQL
statements for 5 cases as for 50."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import date, timedelta

import httpx
import pytest
import sqlalchemy as sa
from servers import private_postgres
from sqlalchemy.ext.asyncio import create_async_engine
from support import Api, World, admin, as_actor, settings

from vocrehab.app import create_app
from vocrehab.core import interventions, plans
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database, StatementCounter
from vocrehab.db.migrate import upgrade
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import StakeholderType as R

PAGE = """
query Page($first: Int!) {
  cases(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      reference status
      participant { givenName familyName nationalId }
      employer { name }
      team { role since actor { name organisation { name } } }
      currentPlan { title version steps { startDate endDate workPercent } approvals { role } }
      interventions(first: 10) { totalCount edges { node { status type { code name } provider { name } } } }
      milestones { code dueDate status name }
      events(first: 5) { totalCount edges { node { kind eventKind actor { name } } } }
      teamConnection(last: 2) { totalCount edges { node { role actor { name } } } }
      documentsConnection(first: 2) { totalCount edges { node { sha256 } } }
    } }
  }
}
"""


async def _cases(world: World, count: int) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    clinic = await world.actor(R.CLINICIAN, kind=ActorKind.ORGANISATION)
    doctor = await world.actor(R.CLINICIAN, organisation=clinic)
    provider = await world.actor(R.PROVIDER, kind=ActorKind.ORGANISATION)
    employer = await world.actor(R.EMPLOYER, kind=ActorKind.ORGANISATION)
    for i in range(count):
        person = await world.participant(given=f"P{i:02d}", national_id=f"ID-{i:04d}")
        case = await world.case(
            person,
            team={manager: R.CASE_MANAGER, doctor: R.CLINICIAN, provider: R.PROVIDER},
            employer=employer,
            sick_leave_start=date(2026, 2, 1),
        )
        steps = [
            plans.PlanStep(
                date(2026, 3, 2) + timedelta(weeks=4 * k),
                date(2026, 3, 29) + timedelta(weeks=4 * k),
                25 * (k + 1),
            )
            for k in range(3)
        ]
        plan = await world.do(
            as_actor(manager),
            lambda w, c=case, s=steps: plans.create_plan(w, plans.CreatePlan(c.id, "Return", s)),
        )
        await world.do(as_actor(manager), lambda w, p=plan: plans.activate_plan(w, p.id))
        for kind in ("WORK_TRIAL", "JOB_COACHING"):
            await world.do(
                admin(),
                lambda w, c=case, k=kind: interventions.propose_intervention(
                    w, interventions.ProposeIntervention(c.id, k, provider_id=provider.id)
                ),
            )


async def _statements(api: Api, db: Database, first: int) -> int:
    with StatementCounter(db.engine) as counter:
        result = await api.query(admin(), PAGE, first=first)
    edges = result.data["cases"]["edges"]
    assert len(edges) == first
    assert all(len(e["node"]["interventions"]["edges"]) == 2 for e in edges)
    assert all(e["node"]["currentPlan"]["steps"] for e in edges)
    return counter.count


async def test_a_page_of_cases_costs_a_fixed_number_of_statements(
    api: Api, world: World, db: Database
) -> None:
    await _cases(world, 50)
    small = await _statements(api, db, 5)
    large = await _statements(api, db, 50)
    assert small == large, f"{small} statements for 5 cases, {large} for 50"
    # One batch per relation and field path, plus the access log's one batch of
    # entries: the ceiling catches a new per-row query even where it
    # would cost the same for both page sizes.
    assert large <= 26


# ---------------------------------------------------------------------- as PostgreSQL sees it

CASELOAD = """
query Caseload($first: Int!) {
  cases(first: $first) { edges { node {
    reference
    participant { givenName familyName }
    team { role actor { name } }
    currentPlan { title steps { startDate endDate workPercent } }
    interventions(first: 5) { edges { node { status type { code } } } }
  } } }
}
"""
LIST_LEVELS = 5  # cases, participants, team with actors, plans with steps, interventions


@pytest.fixture(scope="module")
def counted_postgres() -> Iterator[str]:
    """A cluster of this test's own, counting every statement (BEGIN and COMMIT too)."""
    with private_postgres(
        "-c shared_preload_libraries=pg_stat_statements",
        "-c pg_stat_statements.track_utility=on",
        "-c pg_stat_statements.track=all",
    ) as url:
        yield url


async def _server_statements(admin_url: str, run: Callable[[], Awaitable[None]]) -> list[str]:
    """The statements the `app` role sent while `run` ran, as PostgreSQL counted them."""
    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(sa.text("SELECT pg_stat_statements_reset()"))
        await run()
        async with engine.connect() as conn:
            rows = await conn.execute(
                sa.text(
                    "SELECT query, calls FROM pg_stat_statements "
                    "WHERE userid = 'app'::regrole ORDER BY query"
                )
            )
            return [query for query, calls in rows for _ in range(calls)]
    finally:
        await engine.dispose()


@pytest.mark.slow
async def test_postgresql_sees_the_list_levels_and_nothing_per_case(
    counted_postgres: str, host: PluginHost, clock: Clock
) -> None:
    admin_url = counted_postgres
    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
        await conn.execute(sa.text("CREATE ROLE app LOGIN SUPERUSER"))
        await conn.execute(sa.text("CREATE DATABASE counted OWNER app"))
    await engine.dispose()
    url = admin_url.replace("postgres@", "app@").rsplit("/", 1)[0] + "/counted"
    db = Database(url)
    await upgrade(db)
    world = World(db, host, clock)
    await _cases(world, 100)
    app = create_app(settings(), host=host, clock=clock, database=db)
    counts = {}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://t") as client,
    ):
        api = Api(app, client, clock)
        await api.query(admin(), CASELOAD, first=1)  # warm: keys, caches
        for first in (5, 50, 100):

            async def page(first: int = first) -> None:
                result = await api.query(admin(), CASELOAD, first=first)
                assert len(result.data["cases"]["edges"]) == first

            counts[first] = await _server_statements(admin_url, page)
    await db.dispose()
    sizes = {first: len(statements) for first, statements in counts.items()}
    assert len(set(sizes.values())) == 1, sizes
    statements = counts[100]
    # One read transaction, nothing around it (no liveness ping on checkout).
    transaction = [q for q in statements if q.split()[0].upper() in {"BEGIN", "COMMIT", "ROLLBACK"}]
    assert transaction == ["BEGIN ISOLATION LEVEL REPEATABLE READ", "COMMIT"], statements
    # The list levels, the token's check (revoked? the actor's organisation) and the
    # access log's one insert: nothing per case, no BEGIN/ROLLBACK per batch.
    assert len(statements) - len(transaction) <= LIST_LEVELS + 2, statements
