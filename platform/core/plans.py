"""Return-to-work plans: drafted, approved by the parties, activated, superseded."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core.casework import (
    acting_role,
    after_change,
    case_for_change,
    check_rules,
    collect,
    facts_of,
    record_event,
    require_open,
)
from vocrehab.core.errors import (
    DomainError,
    Problem,
    ProblemCode,
    invalid_state,
    not_allowed,
    not_found,
)
from vocrehab.core.policy import Action, CaseAccess
from vocrehab.core.snapshots import plan_facts
from vocrehab.core.validation import MAX_LIST, Checks
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.db.base import new_id
from vocrehab.hooks.types import ActivatePlan, SavePlan
from vocrehab.hooks.vocabulary import PlanStatus

__all__ = [
    "CreatePlan",
    "PlanStep",
    "UpdatePlan",
    "activate_plan",
    "approve_plan",
    "create_plan",
    "update_plan",
]


@dataclass(frozen=True)
class PlanStep:
    start_date: date
    end_date: date
    work_percent: int
    hours_per_week: float | None = None
    description: str | None = None
    adjustments: Sequence[str] | None = None


@dataclass(frozen=True)
class CreatePlan:
    case_id: uuid.UUID
    title: str
    steps: Sequence[PlanStep]
    goal: str | None = None


def _check_steps(checks: Checks, steps: Sequence[PlanStep]) -> list[m.PlanStep]:
    checks.capped(("steps",), steps)
    rows = []
    for i, step in enumerate(steps[:MAX_LIST]):
        at = ("steps", str(i))
        checks.percent((*at, "work_percent"), step.work_percent)
        checks.hours((*at, "hours_per_week"), step.hours_per_week)
        checks.ordered((*at, "end_date"), step.start_date, step.end_date)
        description = checks.text((*at, "description"), step.description)
        adjustments = list(step.adjustments or [])
        checks.capped((*at, "adjustments"), adjustments, 20)
        cleaned = [
            checks.text((*at, "adjustments", str(j)), a, required=True) or ""
            for j, a in enumerate(adjustments[:20])
        ]
        rows.append(
            m.PlanStep(
                position=i,
                start_date=step.start_date,
                end_date=step.end_date,
                work_percent=step.work_percent,
                hours_per_week=step.hours_per_week,
                description=description,
                adjustments=cleaned,
            )
        )
    return rows


async def create_plan(work: Work, cmd: CreatePlan) -> m.Plan:
    case_id = cmd.case_id
    case, case_access = await case_for_change(work, case_id, Action.DRAFT_PLAN)
    require_open(case)
    checks = Checks()
    title = checks.text(("title",), cmd.title, required=True)
    goal = checks.text(("goal",), cmd.goal)
    steps = _check_steps(checks, cmd.steps)
    checks.done()
    version = await work.session.scalar(
        sa.select(sa.func.coalesce(sa.func.max(m.Plan.version), 0)).where(m.Plan.case_id == case.id)
    )
    now = work.clock.now()
    plan = m.Plan(
        id=new_id(),
        case_id=case.id,
        version=int(version or 0) + 1,
        status=PlanStatus.DRAFT,
        title=title,
        goal=goal,
        created_by_id=work.principal.actor_id,
        created_at=now,
        updated_at=now,
    )
    before = await facts_of(work, case)
    check_rules(work, case, SavePlan(plan_facts(plan, steps)), before)
    work.session.add(plan)
    await work.session.flush()
    for step in steps:
        step.plan_id = plan.id
        work.session.add(step)
    record_event(
        work, case, "plan.created", f"Plan version {plan.version} drafted", case_access=case_access,
        data={"planId": str(plan.id), "version": plan.version},
    )  # fmt: skip
    await after_change(work, case)
    return plan


@dataclass(frozen=True)
class UpdatePlan:
    id: uuid.UUID
    title: str | None = None
    goal: str | None = None
    goal_given: bool = False
    """Whether the client sent `goal` (null clears it)."""
    steps: Sequence[PlanStep] | None = None


async def _plan_for_change(
    work: Work, plan_id: uuid.UUID, action: Action, field: str
) -> tuple[m.Plan, m.Case, CaseAccess]:
    case_id = await work.session.scalar(sa.select(m.Plan.case_id).where(m.Plan.id == plan_id))
    if case_id is None:
        raise not_found("no such plan", (field,))
    try:
        case, case_access = await case_for_change(work, case_id, action, (field,))
    except DomainError as exc:
        if exc.problems[0].code == ProblemCode.NOT_FOUND:
            raise not_found("no such plan", (field,)) from None
        raise
    plan = await work.session.get(m.Plan, plan_id, with_for_update=True)
    assert plan is not None
    return plan, case, case_access


async def _steps(session: AsyncSession, plan: m.Plan) -> list[m.PlanStep]:
    rows = await session.scalars(
        sa.select(m.PlanStep).where(m.PlanStep.plan_id == plan.id).order_by(m.PlanStep.position)
    )
    return list(rows)


def _texts(steps: Sequence[m.PlanStep]) -> list[tuple[object, ...]]:
    """What a plan's steps say, to tell whether an update changes them."""
    return [
        (s.start_date, s.end_date, s.work_percent, s.hours_per_week, s.description,
         list(s.adjustments or []))
        for s in steps
    ]  # fmt: skip


async def update_plan(work: Work, cmd: UpdatePlan) -> m.Plan:
    plan, case, case_access = await _plan_for_change(work, cmd.id, Action.DRAFT_PLAN, "id")
    require_open(case)
    if plan.status is not PlanStatus.DRAFT:
        raise invalid_state(f"only a DRAFT plan can be changed; this one is {plan.status.value}")
    checks = Checks()
    title = plan.title
    if cmd.title is not None:
        title = checks.text(("title",), cmd.title, required=True) or title
    goal = checks.text(("goal",), cmd.goal) if cmd.goal_given else plan.goal
    new_steps = _check_steps(checks, cmd.steps) if cmd.steps is not None else None
    checks.done()
    old_steps = await _steps(work.session, plan)
    if (title, goal) == (plan.title, plan.goal) and (
        new_steps is None or _texts(new_steps) == _texts(old_steps)
    ):
        # Nothing changes: no event, and the approvals given still stand.
        return plan
    # The rules see the case as it was, so the facts are taken before the plan changes.
    before = await facts_of(work, case)
    plan.title, plan.goal = title, goal
    steps = new_steps if new_steps is not None else old_steps
    check_rules(work, case, SavePlan(plan_facts(plan, steps)), before)
    if new_steps is not None:
        await work.session.execute(sa.delete(m.PlanStep).where(m.PlanStep.plan_id == plan.id))
        for step in new_steps:
            step.plan_id = plan.id
            work.session.add(step)
    # The parties approved what the plan said; a changed plan needs their approval again.
    await work.session.execute(sa.delete(m.PlanApproval).where(m.PlanApproval.plan_id == plan.id))
    plan.updated_at = work.clock.now()
    record_event(
        work, case, "plan.updated", f"Plan version {plan.version} changed", case_access=case_access,
        data={"planId": str(plan.id)},
    )  # fmt: skip
    await after_change(work, case)
    return plan


async def activate_plan(work: Work, plan_id: uuid.UUID) -> m.Plan:
    plan, case, case_access = await _plan_for_change(work, plan_id, Action.ACTIVATE_PLAN, "plan_id")
    require_open(case)
    if plan.status is not PlanStatus.DRAFT:
        raise invalid_state(f"only a DRAFT plan can be activated; this one is {plan.status.value}")
    before = await facts_of(work, case)
    approvals = await work.session.scalars(
        sa.select(m.PlanApproval).where(m.PlanApproval.plan_id == plan.id)
    )
    facts = plan_facts(plan, await _steps(work.session, plan), approvals)
    violations = work.jurisdiction(case.jurisdiction).evaluate(ActivatePlan(facts), before)
    # The rules point into the plan (e.g. "steps"), but activating names only
    # the plan: that is the field at fault.
    collect(work, [replace(v, field=("plan_id",)) for v in violations], case=case)
    now = work.clock.now()
    previous = await work.session.scalars(
        sa.select(m.Plan).where(m.Plan.case_id == case.id, m.Plan.status == PlanStatus.ACTIVE)
    )
    for old in previous:
        old.status, old.updated_at = PlanStatus.SUPERSEDED, now
        record_event(
            work, case, "plan.superseded", f"Plan version {old.version} superseded",
            case_access=case_access, data={"planId": str(old.id)},
        )  # fmt: skip
    # The database holds one ACTIVE plan per case: the old one steps down first.
    await work.session.flush()
    plan.status, plan.activated_at, plan.updated_at = PlanStatus.ACTIVE, now, now
    record_event(
        work, case, "plan.activated", f"Plan version {plan.version} activated",
        case_access=case_access, data={"planId": str(plan.id)},
    )  # fmt: skip
    await after_change(work, case)
    return plan


async def approve_plan(work: Work, plan_id: uuid.UUID) -> m.Plan:
    plan, case, case_access = await _plan_for_change(work, plan_id, Action.APPROVE_PLAN, "plan_id")
    if plan.status not in {PlanStatus.DRAFT, PlanStatus.ACTIVE}:
        raise invalid_state(f"a {plan.status.value} plan cannot be approved")
    require_open(case)
    actor_id = work.principal.actor_id
    if actor_id is None:
        raise not_allowed("approving needs a token that acts as an actor")
    done = await work.session.scalar(
        sa.select(m.PlanApproval.id).where(
            m.PlanApproval.plan_id == plan.id, m.PlanApproval.actor_id == actor_id
        )
    )
    if done is not None:
        raise DomainError(
            [
                Problem(
                    ProblemCode.ALREADY_EXISTS,
                    "you have already approved this plan",
                    ("plan_id",),
                )
            ]
        )
    role = acting_role(work, case_access)
    work.session.add(
        m.PlanApproval(plan_id=plan.id, actor_id=actor_id, role=role, approved_at=work.clock.now())
    )
    record_event(
        work, case, "plan.approved",
        f"Plan version {plan.version} approved by the {role.value.replace('_', ' ').lower()}",
        case_access=case_access, data={"planId": str(plan.id), "role": role.value},
    )  # fmt: skip
    await after_change(work, case)
    return plan
