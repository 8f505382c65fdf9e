"""Interventions in the schema."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from vocrehab.api.actors import Actor, actor_by_id
from vocrehab.api.base import Node, UserError, gid
from vocrehab.api.context import Info
from vocrehab.api.enums import InterventionStatus
from vocrehab.api.jurisdictions import InterventionType, case_reference
from vocrehab.api.loaders import field_path
from vocrehab.api.mutations import run
from vocrehab.core import audit
from vocrehab.core import interventions as core
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import DataCategory

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["Intervention", "InterventionMutations"]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]


@strawberry.type(name="Intervention")
class Intervention(Node):
    row: strawberry.Private[m.Intervention]
    id: strawberry.ID
    status: InterventionStatus
    start_date: datetime.date | None
    planned_end_date: datetime.date | None
    end_date: datetime.date | None
    hours_per_week: float | None
    outcome: str | None
    created_at: datetime.datetime

    @classmethod
    def of(cls, row: m.Intervention) -> Intervention:
        audit.record_case(row.case_id, DataCategory.PLAN)
        return cls(
            row=row,
            id=gid("Intervention", row.id),
            status=row.status,
            start_date=row.start_date,
            planned_end_date=row.planned_end_date,
            end_date=row.end_date,
            hours_per_week=row.hours_per_week,
            outcome=row.outcome,
            created_at=row.created_at,
        )

    @strawberry.field
    async def case(self, info: Info) -> CaseT:
        from vocrehab.api.cases import Case

        return Case.of(
            await info.context.loaders.row("case", field_path(info)).load(self.row.case_id)
        )

    @strawberry.field
    async def type(self, info: Info) -> InterventionType:
        return await case_reference(
            info, self.row.case_id, "intervention_types", self.row.type_code, InterventionType.of
        )

    @strawberry.field
    async def provider(self, info: Info) -> Actor | None:
        return await actor_by_id(info, self.row.provider_id)


@strawberry.input
class ProposeInterventionInput:
    case_id: strawberry.ID
    type_code: str
    provider_id: strawberry.ID | None = None
    start_date: datetime.date | None = None
    planned_end_date: datetime.date | None = None
    hours_per_week: float | None = None
    details: JSON | None = None


@strawberry.input
class ChangeInterventionStatusInput:
    id: strawberry.ID
    status: InterventionStatus
    date: datetime.date | None = strawberry.field(
        default=None, description="When it happened (default today)."
    )
    outcome: str | None = None


@strawberry.type
class InterventionPayload:
    intervention: Intervention | None
    user_errors: list[UserError]


def _payload(row: m.Intervention | None, errors: list[UserError]) -> InterventionPayload:
    return InterventionPayload(
        intervention=Intervention.of(row) if row else None, user_errors=errors
    )


@strawberry.type
class InterventionMutations:
    @strawberry.mutation(
        description="Requires scope interventions:write (CLINICIAN, REHAB_COORDINATOR, "
        "EMPLOYMENT_OFFICER, CASE_MANAGER, ADMIN)."
    )
    async def propose_intervention(
        self, info: Info, input: ProposeInterventionInput
    ) -> InterventionPayload:
        cmd = core.ProposeIntervention(
            case_id=input.case_id,
            type_code=input.type_code,
            provider_id=input.provider_id,
            start_date=input.start_date,
            planned_end_date=input.planned_end_date,
            hours_per_week=input.hours_per_week,
            details=input.details,
        )
        return _payload(*await run(info, lambda work: core.propose_intervention(work, cmd)))

    @strawberry.mutation(
        description="PROPOSED -> REFERRED -> ACTIVE -> COMPLETED | DISCONTINUED; illegal "
        "transitions are INVALID_STATE userErrors. Referring: CASE_MANAGER, EMPLOYMENT_OFFICER; "
        "starting and ending: also the PROVIDER of the intervention. Requires scope "
        "interventions:write."
    )
    async def change_intervention_status(
        self, info: Info, input: ChangeInterventionStatusInput
    ) -> InterventionPayload:
        cmd = core.ChangeStatus(
            id=input.id, status=input.status, on=input.date, outcome=input.outcome
        )
        return _payload(*await run(info, lambda work: core.change_status(work, cmd)))
