"""Return-to-work plans in the schema."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from vocrehab.api.actors import Actor, actor_by_id
from vocrehab.api.base import Node, UserError, gid
from vocrehab.api.context import Info
from vocrehab.api.enums import PlanStatus, StakeholderType
from vocrehab.api.loaders import field_path
from vocrehab.api.mutations import run
from vocrehab.core import audit
from vocrehab.core import plans as core
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import DataCategory

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["Plan", "PlanMutations"]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]


@strawberry.type(
    name="PlanStep",
    description="One step of a graded return: a period at a work percentage, with adjustments "
    "and activities.",
)
class PlanStep:
    start_date: datetime.date
    end_date: datetime.date
    work_percent: int
    hours_per_week: float | None
    description: str | None
    adjustments: list[str]


@strawberry.type(name="PlanApproval")
class PlanApproval:
    row: strawberry.Private[m.PlanApproval]
    role: StakeholderType
    approved_at: datetime.datetime

    @strawberry.field
    async def actor(self, info: Info) -> Actor:
        found = await actor_by_id(info, self.row.actor_id)
        assert found is not None
        return found


@strawberry.type(name="Plan")
class Plan(Node):
    row: strawberry.Private[m.Plan]
    id: strawberry.ID
    version: int
    status: PlanStatus
    title: str
    goal: str | None = strawberry.field(description="The participant's own goal, in their words.")
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @classmethod
    def of(cls, row: m.Plan) -> Plan:
        audit.record_case(row.case_id, DataCategory.PLAN)
        return cls(
            row=row,
            id=gid("Plan", row.id),
            version=row.version,
            status=row.status,
            title=row.title,
            goal=row.goal,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @strawberry.field
    async def case(self, info: Info) -> CaseT:
        from vocrehab.api.cases import Case

        return Case.of(
            await info.context.loaders.row("case", field_path(info)).load(self.row.case_id)
        )

    @strawberry.field
    async def steps(self, info: Info) -> list[PlanStep]:
        rows = await info.context.loaders.children("plan_steps").load(self.row.id)
        return [
            PlanStep(
                start_date=s.start_date,
                end_date=s.end_date,
                work_percent=s.work_percent,
                hours_per_week=s.hours_per_week,
                description=s.description,
                adjustments=list(s.adjustments or []),
            )
            for s in rows
        ]

    @strawberry.field
    async def approvals(self, info: Info) -> list[PlanApproval]:
        rows = await info.context.loaders.children("plan_approvals").load(self.row.id)
        return [PlanApproval(row=a, role=a.role, approved_at=a.approved_at) for a in rows]

    @strawberry.field
    async def created_by(self, info: Info) -> Actor | None:
        return await actor_by_id(info, self.row.created_by_id)


@strawberry.input
class PlanStepInput:
    start_date: datetime.date
    end_date: datetime.date
    work_percent: int
    hours_per_week: float | None = None
    description: str | None = None
    adjustments: list[str] | None = None


@strawberry.input
class CreatePlanInput:
    case_id: strawberry.ID
    title: str
    goal: str | None = None
    steps: list[PlanStepInput]


@strawberry.input
class UpdatePlanInput:
    id: strawberry.ID
    title: str | None = None
    goal: str | None = strawberry.UNSET
    steps: list[PlanStepInput] | None = None


@strawberry.input
class PlanIdInput:
    id: strawberry.ID


@strawberry.type
class PlanPayload:
    plan: Plan | None
    user_errors: list[UserError]


def _steps(steps: list[PlanStepInput]) -> list[core.PlanStep]:
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


def _payload(row: m.Plan | None, errors: list[UserError]) -> PlanPayload:
    return PlanPayload(plan=Plan.of(row) if row else None, user_errors=errors)


@strawberry.type
class PlanMutations:
    @strawberry.mutation(
        description="Creates a DRAFT plan; a new version if the case already has plans. "
        "Requires scope plans:write (EMPLOYER, EMPLOYMENT_OFFICER, CASE_MANAGER, ADMIN)."
    )
    async def create_plan(self, info: Info, input: CreatePlanInput) -> PlanPayload:
        cmd = core.CreatePlan(
            case_id=input.case_id, title=input.title, goal=input.goal, steps=_steps(input.steps)
        )
        return _payload(*await run(info, lambda work: core.create_plan(work, cmd)))

    @strawberry.mutation(
        description="Changes a DRAFT plan; approvals given so far are withdrawn. "
        "Requires scope plans:write."
    )
    async def update_plan(self, info: Info, input: UpdatePlanInput) -> PlanPayload:
        goal_given = input.goal is not strawberry.UNSET
        cmd = core.UpdatePlan(
            id=input.id,
            title=input.title,
            goal=input.goal if goal_given else None,
            goal_given=goal_given,
            steps=_steps(input.steps) if input.steps is not None else None,
        )
        return _payload(*await run(info, lambda work: core.update_plan(work, cmd)))

    @strawberry.mutation(
        description="DRAFT -> ACTIVE; the previous ACTIVE plan becomes SUPERSEDED. Runs the "
        "jurisdiction's plan rules. Requires scope plans:write (CASE_MANAGER, ADMIN)."
    )
    async def activate_plan(self, info: Info, input: PlanIdInput) -> PlanPayload:
        return _payload(*await run(info, lambda work: core.activate_plan(work, input.id)))

    @strawberry.mutation(
        description="Records the viewer's approval. Requires scope plans:approve "
        "(PARTICIPANT, EMPLOYER)."
    )
    async def approve_plan(self, info: Info, input: PlanIdInput) -> PlanPayload:
        return _payload(*await run(info, lambda work: core.approve_plan(work, input.id)))
