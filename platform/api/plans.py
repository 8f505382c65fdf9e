"""Return-to-work plans in the schema."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from vocrehab.api.actors import Actor, actors_by_id, present_actor
from vocrehab.api.base import Node, Payload, maker, object_id, presented
from vocrehab.api.cases import case_children, parent_cases
from vocrehab.api.context import Context, Info
from vocrehab.api.enums import PlanStatus, StakeholderType
from vocrehab.api.ids import id_of, row_id
from vocrehab.api.mutations import run
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core import plans as core
from vocrehab.core import reads
from vocrehab.db import models as m

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["Plan", "PlanMutations", "present_plan"]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]


async def _plan_steps(batch: Batch[Plan]) -> list[list[PlanStep]]:
    missing = [p._row.id for p in batch.parents if p._steps is None]
    loaded = await reads.steps(batch.ctx.db, missing) if missing else {}
    make = maker(PlanStep)
    return [
        [
            make(
                start_date=s.start_date,
                end_date=s.end_date,
                work_percent=s.work_percent,
                hours_per_week=s.hours_per_week,
                description=s.description,
                adjustments=list(s.adjustments or []),
            )
            for s in (p._steps if p._steps is not None else loaded.get(p._row.id, ()))
        ]
        for p in batch.parents
    ]


async def _approvals(batch: Batch[Plan]) -> list[list[PlanApproval]]:
    rows = await reads.approvals(batch.ctx.db, [p._row.id for p in batch.parents])
    return [
        [
            presented(
                batch.ctx,
                maker(PlanApproval)(_actor_row=actor, role=r.role, approved_at=r.approved_at),
                p._participant_id,
                p._visible,
            )
            for r, actor in rows.get(p._row.id, ())
        ]
        for p in batch.parents
    ]


async def _approval_actors(batch: Batch[PlanApproval]) -> list[Actor | None]:
    return [present_actor(batch.ctx, a._actor_row) for a in batch.parents]


async def _authors(batch: Batch[Plan]) -> list[Actor | None]:
    found = await actors_by_id(batch.ctx, [p._row.created_by_id for p in batch.parents])
    return [found.get(p._row.created_by_id) for p in batch.parents]


@strawberry.type(
    name="PlanStep",
    description="One step of a graded return: a period at a work percentage, with adjustments "
    "and activities.",
)
class PlanStep:
    start_date: datetime.date = strawberry.field(description="The first day of the step.")
    end_date: datetime.date = strawberry.field(description="The last day of the step.")
    work_percent: int = strawberry.field(description="Percent of normal work during the step.")
    hours_per_week: float | None = strawberry.field(
        description="Hours per week, when agreed in hours."
    )
    description: str | None = strawberry.field(description="What the work is in this step.")
    adjustments: list[str] = strawberry.field(description="Workplace adjustments for the step.")


@strawberry.type(name="PlanApproval", description="Who approved a plan, in which role, when.")
class PlanApproval(Planned):
    _actor_row: strawberry.Private[Any]
    role: StakeholderType = strawberry.field(description="The role they approved in.")
    approved_at: datetime.datetime = strawberry.field(description="When.")
    actor: Actor | None = relation(
        _approval_actors,
        returns=Actor | None,
        description="Who approved. Requires scope actors:read.",
    )


@strawberry.type(
    name="Plan",
    description="A return-to-work plan: graded steps, approvals, versions. DRAFT -> ACTIVE -> "
    "SUPERSEDED / COMPLETED. Requires scope plans:read.",
)
class Plan(Planned, Node):
    _row: strawberry.Private[Any]
    _case_id: strawberry.Private[uuid.UUID]
    _steps: strawberry.Private[list[Any] | None] = None
    id: strawberry.ID = strawberry.field(description="The plan's global ID.")
    version: int = strawberry.field(
        description="1 for a case's first plan, then one more for each new one."
    )
    status: PlanStatus = strawberry.field(
        description="DRAFT, ACTIVE, SUPERSEDED, COMPLETED or CANCELLED."
    )
    title: str = strawberry.field(description="The plan's title.")
    goal: str | None = strawberry.field(description="The participant's own goal, in their words.")
    created_at: datetime.datetime = strawberry.field(description="When it was drafted.")
    updated_at: datetime.datetime = strawberry.field(description="When it last changed.")
    case: CaseT | None = relation(
        parent_cases, returns=CaseT | None, description="Requires scope cases:read."
    )
    steps: list[PlanStep] = relation(
        _plan_steps, returns=list[PlanStep], description="The graded return, step by step."
    )
    approvals: list[PlanApproval] = relation(
        _approvals, returns=list[PlanApproval], description="Who approved it."
    )
    created_by: Actor | None = relation(
        _authors, returns=Actor | None, description="Who drafted it. Requires scope actors:read."
    )


_make_plan = maker(Plan)


def present_plan(ctx: Context, case: Case, row: Any, steps: list[Any] | None) -> Plan:
    return presented(
        ctx,
        _make_plan(
            _row=row,
            _case_id=row.case_id,
            _steps=steps,
            id=object_id(ctx, "Plan", row.id),
            version=row.version,
            status=row.status,
            title=row.title,
            goal=row.goal,
            created_at=row.created_at,
            updated_at=row.updated_at,
        ),
        case._participant_id,
        case._visible,
    )


@strawberry.input(description="A step of a graded return.")
class PlanStepInput:
    start_date: datetime.date = strawberry.field(description="The first day.")
    end_date: datetime.date = strawberry.field(description="The last day.")
    work_percent: int = strawberry.field(
        description="Percent of normal work (the jurisdiction's plan rules apply)."
    )
    hours_per_week: float | None = strawberry.field(
        default=None, description="Hours per week, when agreed in hours."
    )
    description: str | None = strawberry.field(default=None, description="What the work is.")
    adjustments: list[str] | None = strawberry.field(
        default=None, description="Workplace adjustments."
    )


@strawberry.input(description="A new DRAFT plan for a case.")
class CreatePlanInput:
    case_id: strawberry.ID = id_of("Case", description="The case.")
    title: str = strawberry.field(description="The plan's title.")
    goal: str | None = strawberry.field(
        default=None, description="The participant's own goal, in their words."
    )
    steps: list[PlanStepInput] = strawberry.field(description="The graded return, step by step.")


@strawberry.input(description="Changes to a DRAFT plan; fields left out stay as they are.")
class UpdatePlanInput:
    id: strawberry.ID = id_of("Plan", description="The plan.")
    title: str | None = strawberry.field(default=None, description="The title.")
    goal: str | None = strawberry.field(
        default=strawberry.UNSET, description="The participant's goal."
    )
    steps: list[PlanStepInput] | None = strawberry.field(
        default=None, description="All the steps, replacing the old ones."
    )


@strawberry.input(description="A plan to act on.")
class PlanIdInput:
    id: strawberry.ID = id_of("Plan", description="The plan.")


async def _changed(batch: Batch[PlanPayload]) -> list[Plan | None]:
    found = await case_children(
        batch.ctx,
        m.Plan.__table__,
        [p._changed for p in batch.parents if p._changed],
        lambda ctx, case, row: present_plan(ctx, case, row, None),
    )
    return [found.get(p._changed) if p._changed else None for p in batch.parents]


@strawberry.type(description="The result of a change to a plan.")
class PlanPayload(Payload):
    plan: Plan | None = relation(
        _changed, returns=Plan | None, description="The plan; null when userErrors say why not."
    )


def _steps_of(steps: list[PlanStepInput]) -> list[core.PlanStep]:
    return [
        core.PlanStep(
            start_date=s.start_date,
            end_date=s.end_date,
            work_percent=s.work_percent,
            hours_per_week=s.hours_per_week,
            description=s.description,
            adjustments=s.adjustments,
        )
        for s in steps
    ]


_PLAN_ID = {"plan_id": "id"}
"""activatePlan and approvePlan take the plan's id as `id`."""


def _payload(row: Any, errors: list[Any]) -> PlanPayload:
    return PlanPayload(_changed=row.id if row is not None else None, user_errors=errors)


@strawberry.type
class PlanMutations:
    @strawberry.mutation(
        description="Creates a DRAFT plan; a new version if the case already has plans. "
        "Requires scope plans:write (EMPLOYER, EMPLOYMENT_OFFICER, CASE_MANAGER, ADMIN)."
    )
    async def create_plan(self, info: Info, input: CreatePlanInput) -> PlanPayload:
        cmd = core.CreatePlan(
            case_id=row_id(input.case_id),
            title=input.title,
            goal=input.goal,
            steps=_steps_of(input.steps),
        )
        return _payload(*await run(info, lambda work: core.create_plan(work, cmd)))

    @strawberry.mutation(
        description="Changes a DRAFT plan; approvals given so far are withdrawn. "
        "Requires scope plans:write."
    )
    async def update_plan(self, info: Info, input: UpdatePlanInput) -> PlanPayload:
        goal_given = input.goal is not strawberry.UNSET
        cmd = core.UpdatePlan(
            id=row_id(input.id),
            title=input.title,
            goal=input.goal if goal_given else None,
            goal_given=goal_given,
            steps=_steps_of(input.steps) if input.steps is not None else None,
        )
        return _payload(*await run(info, lambda work: core.update_plan(work, cmd)))

    @strawberry.mutation(
        description="DRAFT -> ACTIVE; the previous ACTIVE plan becomes SUPERSEDED. Runs the "
        "jurisdiction's plan rules. Requires scope plans:write (CASE_MANAGER, ADMIN)."
    )
    async def activate_plan(self, info: Info, input: PlanIdInput) -> PlanPayload:
        plan_id = row_id(input.id)
        return _payload(
            *await run(info, lambda work: core.activate_plan(work, plan_id), fields=_PLAN_ID)
        )

    @strawberry.mutation(
        description="Records the viewer's approval. Requires scope plans:approve "
        "(PARTICIPANT, EMPLOYER)."
    )
    async def approve_plan(self, info: Info, input: PlanIdInput) -> PlanPayload:
        plan_id = row_id(input.id)
        return _payload(
            *await run(info, lambda work: core.approve_plan(work, plan_id), fields=_PLAN_ID)
        )
