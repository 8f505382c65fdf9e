"""No N+1: a page of cases with its relations costs the same number of SQL
statements for 5 cases as for 50."""

from __future__ import annotations

from datetime import date, timedelta

from support import Api, World, admin, as_actor, gid

from vocrehab.core import interventions, plans
from vocrehab.db.engine import Database, StatementCounter
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
      events(first: 5) { totalCount edges { node { kind actor { name } } } }
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
            lambda w, c=case, s=steps: plans.create_plan(w, plans.CreatePlan(gid(c), "Return", s)),
        )
        await world.do(as_actor(manager), lambda w, p=plan: plans.activate_plan(w, gid(p)))
        for kind in ("WORK_TRIAL", "JOB_COACHING"):
            await world.do(
                admin(),
                lambda w, c=case, k=kind: interventions.propose_intervention(
                    w, interventions.ProposeIntervention(gid(c), k, provider_id=gid(provider))
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
    # entries (24 today): the ceiling catches a new per-row query even where it
    # would cost the same for both page sizes.
    assert large <= 26
