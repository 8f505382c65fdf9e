"""The invariants the database enforces, on both backends, and the userErrors a
broken one becomes (vocrehab.core.integrity).

The services check before they write, so these tests write past the checks,
as a change racing another would: straight into the session of a unit of work.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.exc import IntegrityError
from support import World, admin

from vocrehab.core import plans
from vocrehab.core.errors import DomainError
from vocrehab.core.integrity import INVARIANTS, as_domain_error
from vocrehab.core.work import unit_of_work
from vocrehab.db import models as m
from vocrehab.db.base import Base, new_id
from vocrehab.db.engine import Database
from vocrehab.db.migrate import alembic_config, upgrade
from vocrehab.hooks.vocabulary import ActorKind, PlanStatus
from vocrehab.hooks.vocabulary import StakeholderType as R


async def refused(world: World, *rows: object) -> tuple[str, tuple[str, ...] | None]:
    """Add `rows` in one unit of work; the one problem it is refused with."""
    with pytest.raises(DomainError) as caught:
        async with unit_of_work(world.db, admin(), world.host, world.clock) as work:
            work.session.add_all(rows)
            await work.session.flush()
    [problem] = caught.value.problems
    return problem.code, problem.field


async def count(db: Database, table: type[Base]) -> int:
    async with db.session() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


async def test_one_participant_per_national_id(world: World) -> None:
    await world.participant(national_id="12345")
    own = m.Actor(id=new_id(), kind=ActorKind.PERSON, stakeholder_type=R.PARTICIPANT, name="B C")
    twin = m.Participant(
        jurisdiction="generic", national_id="12345", given_name="B", family_name="C",
        actor_id=own.id,
    )  # fmt: skip
    assert await refused(world, own, twin) == ("ALREADY_EXISTS", ("national_id",))


async def test_one_current_membership_per_actor_and_case(world: World) -> None:
    clinician = await world.actor(R.CLINICIAN)
    case = await world.case(await world.participant(), team={clinician: R.CLINICIAN})

    def member(since: date, until: date | None = None) -> m.CaseTeamMember:
        return m.CaseTeamMember(
            case_id=case.id, actor_id=clinician.id, role=R.CLINICIAN, since=since, until=until
        )

    assert await refused(world, member(date(2026, 3, 2))) == (
        "ALREADY_EXISTS",
        ("actor_id",),
    )
    # A membership that ended is history: it does not count.
    async with world.db.transaction() as session:
        session.add(member(date(2025, 1, 1), date(2025, 6, 30)))
    assert await count(world.db, m.CaseTeamMember) == 2


async def test_one_active_plan_per_case(world: World) -> None:
    case = await world.case(await world.participant())
    draft = plans.CreatePlan(
        case.id, "Return", [plans.PlanStep(date(2026, 3, 2), date(2026, 3, 29), 50)]
    )
    first = await world.do(admin(), lambda w: plans.create_plan(w, draft))
    second = await world.do(admin(), lambda w: plans.create_plan(w, draft))
    await world.do(admin(), lambda w: plans.activate_plan(w, first.id))
    with pytest.raises(DomainError) as caught:
        async with unit_of_work(world.db, admin(), world.host, world.clock) as work:
            row = await work.session.get(m.Plan, second.id)
            assert row is not None
            row.status = PlanStatus.ACTIVE
            await work.session.flush()
    [problem] = caught.value.problems
    assert (problem.code, problem.field) == ("INVALID_STATE", ("plan_id",))
    # Activating through the service supersedes the first in the same transaction.
    await world.do(admin(), lambda w: plans.activate_plan(w, second.id))
    async with world.db.session() as session:
        statuses = dict((await session.execute(sa.select(m.Plan.version, m.Plan.status))).all())
    assert statuses == {1: PlanStatus.SUPERSEDED, 2: PlanStatus.ACTIVE}


def period(
    case: m.Case, start: date, end: date | None, code: str = "SICKNESS_BENEFIT"
) -> m.BenefitPeriod:
    return m.BenefitPeriod(
        case_id=case.id, benefit_type_code=code, degree=50, start_date=start, end_date=end
    )


async def test_benefit_periods_of_one_type_never_overlap(world: World) -> None:
    case = await world.case(await world.participant())
    async with world.db.transaction() as session:
        session.add(period(case, date(2026, 3, 1), date(2026, 3, 31)))
        session.add(period(case, date(2026, 4, 1), None))  # the next day: no overlap
        session.add(period(case, date(2026, 3, 15), None, "REHABILITATION_BENEFIT"))
    overlapping = [
        period(case, date(2026, 3, 31), date(2026, 3, 31)),  # shares the last day
        period(case, date(2026, 2, 1), None),  # open-ended, covers everything after
        period(case, date(2027, 1, 1), date(2027, 1, 2)),  # inside the open-ended one
    ]
    for row in overlapping:
        assert await refused(world, row) == ("INVALID_STATE", ("start_date",))
    # Changing a period's end into the next one: the end is at fault.
    with pytest.raises(DomainError) as caught:
        async with unit_of_work(world.db, admin(), world.host, world.clock) as work:
            first = await work.session.scalar(
                sa.select(m.BenefitPeriod).where(m.BenefitPeriod.end_date == date(2026, 3, 31))
            )
            assert first is not None
            first.end_date = date(2026, 4, 2)
            await work.session.flush()
    assert caught.value.problems[0].field == ("end_date",)
    assert await count(world.db, m.BenefitPeriod) == 3


async def test_a_violation_that_is_none_of_ours_stays_unexpected(world: World) -> None:
    dangling = m.Milestone(  # of a case that does not exist: a bug, not a race
        case_id=uuid.uuid4(), code="X", position=0, names={"en": "x"},
        due_date=date(2026, 3, 2), responsible=R.CASE_MANAGER,
    )  # fmt: skip
    with pytest.raises(IntegrityError) as caught:
        async with unit_of_work(world.db, admin(), world.host, world.clock) as work:
            work.session.add(dangling)
            await work.session.flush()
    assert as_domain_error(caught.value) is None


def test_every_invariant_names_a_constraint_the_models_declare() -> None:
    declared = {
        getattr(item, "name", None)
        for table in Base.metadata.tables.values()
        for item in [*table.constraints, *table.indexes]
    }
    assert {invariant.name for invariant in INVARIANTS} <= declared
    unique = {
        item.name
        for table in Base.metadata.tables.values()
        for item in [*table.constraints, *table.indexes]
        if getattr(item, "unique", False) or isinstance(item, sa.UniqueConstraint)
    }
    mapped = {invariant.name for invariant in INVARIANTS}
    # Unique keys no client input can collide on (generated ids and digests,
    # rows one transaction writes whole, counters written by upsert).
    internal = {
        "uq_participants_actor_id", "uq_cases_reference", "uq_milestones_case_id_code",
        "uq_diagnoses_assessment_id_position", "uq_plan_steps_plan_id_position",
        "uq_oauth_clients_client_id", "uq_oauth_users_username",
        "uq_oauth_authorization_codes_code_hash", "uq_oauth_refresh_tokens_token_hash",
        "uq_webhook_deliveries_uid",
    }  # fmt: skip
    assert unique - mapped == internal


async def test_the_upgrade_refuses_data_that_breaks_an_invariant(world: World) -> None:
    case = await world.case(await world.participant())
    db = world.db
    async with db.engine.begin() as conn:
        await conn.run_sync(lambda sync: command.downgrade(alembic_config(sync), "0006"))
    try:
        # Only columns the schema of 0006 has (the model has some added since).
        rows = [
            {"case_id": case.id, "benefit_type_code": "SICKNESS_BENEFIT", "degree": 50,
             "start_date": start, "end_date": None}
            for start in (date(2026, 3, 1), date(2026, 5, 1))
        ]  # fmt: skip
        async with db.transaction() as session:
            await session.execute(sa.insert(m.BenefitPeriod.__table__), rows)
        with pytest.raises(RuntimeError, match="1 overlapping benefit periods"):
            await upgrade(db)
    finally:
        async with db.transaction() as session:
            await session.execute(sa.delete(m.BenefitPeriod))
        await upgrade(db)
    assert await count(db, m.BenefitPeriod) == 0
