"""Assessments in the schema. MEDICAL fields are null for whoever may not see them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from vocrehab.api.actors import Actor, actors_by_id
from vocrehab.api.base import Node, Payload, object_id, present
from vocrehab.api.cases import case_children, parent_cases
from vocrehab.api.codes import AssessmentKind
from vocrehab.api.context import Context, Info
from vocrehab.api.ids import id_of, row_id
from vocrehab.api.mutations import run
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core import assessments as core
from vocrehab.core import reads
from vocrehab.db import models as m

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["Assessment", "AssessmentMutations", "present_assessment"]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]


@strawberry.type(name="Diagnosis", description="A diagnosis code (MEDICAL).")
class Diagnosis(Planned):
    system: str = strawberry.field(description="The code system, e.g. ICD-10 or ICPC-2.")
    code: str = strawberry.field(description="The diagnosis code in that system.")
    text: str | None = strawberry.field(description="The diagnosis in words.")


async def _diagnoses(batch: Batch[Assessment]) -> list[list[Diagnosis]]:
    rows = await reads.diagnoses(batch.ctx.db, [a._row.id for a in batch.parents])
    return [
        [
            present(
                batch.ctx,
                Diagnosis,
                a._participant_id,
                a._visible,
                system=d.system,
                code=d.code,
                text=d.text,
            )
            for d in rows.get(a._row.id, ())
        ]
        for a in batch.parents
    ]


async def _assessors(batch: Batch[Assessment]) -> list[Actor | None]:
    found = await actors_by_id(batch.ctx, [a._row.assessor_id for a in batch.parents])
    return [found.get(a._row.assessor_id) for a in batch.parents]


@strawberry.type(
    name="Assessment",
    description="Work capacity, function, a medical certificate. Requires scope "
    "assessments:read; its diagnoses and limitations are MEDICAL data (and need medical:read).",
)
class Assessment(Planned, Node):
    _row: strawberry.Private[Any]
    _case_id: strawberry.Private[Any]
    id: strawberry.ID = strawberry.field(description="The assessment's global ID.")
    kind: str = strawberry.field(
        description="Plugin-known kind code, e.g. WORK_CAPACITY, FUNCTIONAL, MEDICAL_CERTIFICATE, "
        "or a plugin's own (se.FK7804)."
    )
    assessment_kind: AssessmentKind = strawberry.field(
        description="The kind as an enum (se.FK7804 is SE_FK7804), for exhaustive switches."
    )
    assessed_at: datetime.date = strawberry.field(description="The day of the assessment.")
    work_capacity_percent: int | None = strawberry.field(
        description="Remaining work capacity 0-100."
    )
    summary: str | None = strawberry.field(
        description="Shared with the whole case team, the employer included: medical detail "
        "belongs in the MEDICAL fields."
    )
    valid_from: datetime.date | None = strawberry.field(
        description="The first day the assessment applies to."
    )
    valid_to: datetime.date | None = strawberry.field(description="The last day it applies to.")
    functional_limitations: str | None = strawberry.field(description="MEDICAL category.")
    activity_limitations: str | None = strawberry.field(description="MEDICAL category.")
    icf_codes: list[str] | None = strawberry.field(
        description="ICF codes of functional limitations (MEDICAL category)."
    )
    prognosis: str | None = strawberry.field(description="MEDICAL category.")
    case: CaseT | None = relation(
        parent_cases, returns=CaseT | None, description="Requires scope cases:read."
    )
    assessor: Actor | None = relation(
        _assessors, returns=Actor | None, description="Who assessed. Requires scope actors:read."
    )
    diagnoses: list[Diagnosis] | None = relation(
        _diagnoses,
        returns=list[Diagnosis] | None,
        description="MEDICAL category: never shown to EMPLOYER, nor to anyone without consent "
        "or a care relationship.",
    )


def present_assessment(ctx: Context, case: Case, row: Any) -> Assessment:
    return present(
        ctx,
        Assessment,
        case._participant_id,
        case._visible,
        _row=row,
        _case_id=row.case_id,
        id=object_id(ctx, "Assessment", row.id),
        kind=row.kind,
        assessment_kind=row.kind,  # the enum's internal value is the stored code
        assessed_at=row.assessed_at,
        work_capacity_percent=row.work_capacity_percent,
        summary=row.summary,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        functional_limitations=row.functional_limitations,
        activity_limitations=row.activity_limitations,
        icf_codes=list(row.icf_codes or []),
        prognosis=row.prognosis,
    )


@strawberry.input(description="A diagnosis of an assessment.")
class DiagnosisInput:
    system: str = strawberry.field(description="The code system, e.g. ICD-10 or ICPC-2.")
    code: str = strawberry.field(description="The diagnosis code, validated against the system.")
    text: str | None = strawberry.field(default=None, description="The diagnosis in words.")


@strawberry.input(description="An assessment of a case: its kind, when, and what it found.")
class RecordAssessmentInput:
    case_id: strawberry.ID = id_of("Case", description="The case it belongs to.")
    kind: str = strawberry.field(
        description="One of the case's jurisdiction's assessment kinds (AssessmentKind as its code, e.g. WORK_CAPACITY, se.FK7804)."
    )
    assessed_at: datetime.date = strawberry.field(
        description="The day of the assessment (not in the future)."
    )
    work_capacity_percent: int | None = strawberry.field(
        default=None, description="Remaining work capacity, 0-100."
    )
    diagnoses: list[DiagnosisInput] | None = strawberry.field(
        default=None, description="Diagnoses (MEDICAL data)."
    )
    functional_limitations: str | None = strawberry.field(
        default=None, description="Functional limitations (MEDICAL data)."
    )
    activity_limitations: str | None = strawberry.field(
        default=None, description="Activity limitations (MEDICAL data)."
    )
    icf_codes: list[str] | None = strawberry.field(
        default=None, description="ICF codes of functional limitations (MEDICAL data)."
    )
    prognosis: str | None = strawberry.field(
        default=None, description="The prognosis (MEDICAL data)."
    )
    summary: str | None = strawberry.field(
        default=None,
        description="A summary the whole team may read, the employer included: no medical detail.",
    )
    valid_from: datetime.date | None = strawberry.field(
        default=None, description="The first day it applies to."
    )
    valid_to: datetime.date | None = strawberry.field(
        default=None, description="The last day it applies to."
    )
    details: JSON | None = strawberry.field(
        default=None, description="Jurisdiction-specific fields, validated by the case's plugin."
    )


async def _changed(batch: Batch[AssessmentPayload]) -> list[Assessment | None]:
    found = await case_children(
        batch.ctx,
        m.Assessment.__table__,
        [p._changed for p in batch.parents if p._changed],
        present_assessment,
    )
    return [found.get(p._changed) if p._changed else None for p in batch.parents]


@strawberry.type(description="The result of recordAssessment.")
class AssessmentPayload(Payload):
    assessment: Assessment | None = relation(
        _changed,
        returns=Assessment | None,
        description="The recorded assessment; null when userErrors say why not.",
    )


@strawberry.type
class AssessmentMutations:
    @strawberry.mutation(
        description="Requires scope assessments:write (CLINICIAN, REHAB_COORDINATOR, ADMIN)."
    )
    async def record_assessment(
        self, info: Info, input: RecordAssessmentInput
    ) -> AssessmentPayload:
        cmd = core.RecordAssessment(
            case_id=row_id(input.case_id),
            kind=input.kind,
            assessed_at=input.assessed_at,
            work_capacity_percent=input.work_capacity_percent,
            diagnoses=[core.Diagnosis(d.system, d.code, d.text) for d in input.diagnoses or []],
            functional_limitations=input.functional_limitations,
            activity_limitations=input.activity_limitations,
            icf_codes=input.icf_codes,
            prognosis=input.prognosis,
            summary=input.summary,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
            details=input.details,
        )
        row, errors = await run(info, lambda work: core.record_assessment(work, cmd))
        return AssessmentPayload(_changed=row.id if row else None, user_errors=errors)
