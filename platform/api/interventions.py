"""Interventions in the schema."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from vocrehab.api.actors import Actor, actors_by_id
from vocrehab.api.base import Node, Payload, maker, object_id, presented
from vocrehab.api.cases import case_children, parent_cases
from vocrehab.api.context import Context, Info
from vocrehab.api.enums import InterventionStatus
from vocrehab.api.ids import id_of, optional_row_id, row_id
from vocrehab.api.jurisdictions import InterventionType, reference_items
from vocrehab.api.mutations import run
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core import interventions as core
from vocrehab.db import models as m

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["Intervention", "InterventionMutations", "present_intervention"]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]


async def _types(batch: Batch[Intervention]) -> list[InterventionType]:
    return reference_items(
        batch.ctx, "intervention_types", InterventionType.of,
        [(i._jurisdiction, i._row.type_code) for i in batch.parents],
    )  # fmt: skip


async def _providers(batch: Batch[Intervention]) -> list[Actor | None]:
    found = await actors_by_id(batch.ctx, [i._row.provider_id for i in batch.parents])
    return [found.get(i._row.provider_id) for i in batch.parents]


@strawberry.type(
    name="Intervention",
    description="IPS, a work trial, job coaching... PROPOSED -> REFERRED -> ACTIVE -> COMPLETED "
    "| DISCONTINUED. Requires scope interventions:read.",
)
class Intervention(Planned, Node):
    _row: strawberry.Private[Any]
    _case_id: strawberry.Private[Any]
    _jurisdiction: strawberry.Private[str]
    id: strawberry.ID = strawberry.field(description="The intervention's global ID.")
    status: InterventionStatus = strawberry.field(
        description="PROPOSED -> REFERRED -> ACTIVE -> COMPLETED | DISCONTINUED."
    )
    start_date: datetime.date | None = strawberry.field(description="The day it started.")
    planned_end_date: datetime.date | None = strawberry.field(
        description="The day it is planned to end."
    )
    end_date: datetime.date | None = strawberry.field(description="The day it ended.")
    hours_per_week: float | None = strawberry.field(
        description="Hours per week the participant takes part."
    )
    outcome: str | None = strawberry.field(description="What came of it.")
    created_at: datetime.datetime = strawberry.field(description="When it was proposed.")
    case: CaseT | None = relation(
        parent_cases, returns=CaseT | None, description="Requires scope cases:read."
    )
    type: InterventionType = relation(
        _types,
        returns=InterventionType,
        description="What intervention it is, as the jurisdiction defines it.",
    )
    provider: Actor | None = relation(
        _providers, returns=Actor | None, description="Who delivers it. Requires scope actors:read."
    )


_make_intervention = maker(Intervention)


def present_intervention(ctx: Context, case: Case, row: Any) -> Intervention:
    return presented(
        ctx,
        _make_intervention(
            _row=row,
            _case_id=row.case_id,
            _jurisdiction=case._row.jurisdiction,
            id=object_id(ctx, "Intervention", row.id),
            status=row.status,
            start_date=row.start_date,
            planned_end_date=row.planned_end_date,
            end_date=row.end_date,
            hours_per_week=row.hours_per_week,
            outcome=row.outcome,
            created_at=row.created_at,
        ),
        case._participant_id,
        case._visible,
    )


@strawberry.input(description="An intervention proposed for a case.")
class ProposeInterventionInput:
    case_id: strawberry.ID = id_of("Case", description="The case.")
    type_code: str = strawberry.field(
        description="One of the jurisdiction's intervention type codes (see interventionTypes)."
    )
    provider_id: strawberry.ID | None = id_of(
        "Actor", default=None, description="Who would deliver it."
    )
    start_date: datetime.date | None = strawberry.field(
        default=None, description="The day it would start."
    )
    planned_end_date: datetime.date | None = strawberry.field(
        default=None, description="The day it would end."
    )
    hours_per_week: float | None = strawberry.field(default=None, description="Hours per week.")
    details: JSON | None = strawberry.field(
        default=None, description="Jurisdiction-specific fields, validated by the case's plugin."
    )


@strawberry.input(description="An intervention moving on (illegal transitions are INVALID_STATE).")
class ChangeInterventionStatusInput:
    id: strawberry.ID = id_of("Intervention", description="The intervention.")
    status: InterventionStatus = strawberry.field(description="Its new status.")
    date: datetime.date | None = strawberry.field(
        default=None, description="When it happened (default today)."
    )
    outcome: str | None = strawberry.field(
        default=None, description="What came of it (COMPLETED, DISCONTINUED)."
    )


async def _changed(batch: Batch[InterventionPayload]) -> list[Intervention | None]:
    found = await case_children(
        batch.ctx,
        m.Intervention.__table__,
        [p._changed for p in batch.parents if p._changed],
        present_intervention,
    )
    return [found.get(p._changed) if p._changed else None for p in batch.parents]


@strawberry.type(description="The result of proposeIntervention and changeInterventionStatus.")
class InterventionPayload(Payload):
    intervention: Intervention | None = relation(
        _changed,
        returns=Intervention | None,
        description="The intervention; null when userErrors say why not.",
    )


def _payload(row: Any, errors: list[Any]) -> InterventionPayload:
    return InterventionPayload(_changed=row.id if row is not None else None, user_errors=errors)


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
            case_id=row_id(input.case_id),
            type_code=input.type_code,
            provider_id=optional_row_id(input.provider_id),
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
            id=row_id(input.id), status=input.status, on=input.date, outcome=input.outcome
        )
        return _payload(
            *await run(info, lambda work: core.change_status(work, cmd), fields={"on": "date"})
        )
