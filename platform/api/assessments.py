"""Assessments in the schema. MEDICAL fields are null for whoever may not see them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from vocrehab.api.actors import Actor, actor_by_id
from vocrehab.api.base import Node, UserError, gid
from vocrehab.api.context import Info
from vocrehab.api.loaders import field_path
from vocrehab.api.mutations import run
from vocrehab.core import assessments as core
from vocrehab.core import audit
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import DataCategory

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["Assessment", "AssessmentMutations"]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]


@strawberry.type(name="Diagnosis")
class Diagnosis:
    system: str
    code: str
    text: str | None


@strawberry.type(name="Assessment")
class Assessment(Node):
    row: strawberry.Private[m.Assessment]
    id: strawberry.ID
    kind: str = strawberry.field(
        description="Plugin-known kind code, e.g. WORK_CAPACITY, FUNCTIONAL, MEDICAL_CERTIFICATE, "
        "or a plugin's own (se.FK7804)."
    )
    assessed_at: datetime.date
    work_capacity_percent: int | None = strawberry.field(
        description="Remaining work capacity 0-100."
    )
    summary: str | None = strawberry.field(
        description="Shared with the whole case team, the employer included: medical detail "
        "belongs in the MEDICAL fields."
    )
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @classmethod
    def of(cls, row: m.Assessment) -> Assessment:
        audit.record_case(row.case_id)
        return cls(
            row=row,
            id=gid("Assessment", row.id),
            kind=row.kind,
            assessed_at=row.assessed_at,
            work_capacity_percent=row.work_capacity_percent,
            summary=row.summary,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )

    async def _medical(self, info: Info) -> bool:
        """MEDICAL needs both the category on this case and the medical:read scope."""
        if not info.context.principal.has_scope("medical:read"):
            return False
        found = await info.context.loaders.case_access.load(self.row.case_id)
        if found is None or not found.sees(DataCategory.MEDICAL):
            return False
        audit.record_case(self.row.case_id, DataCategory.MEDICAL)
        return True

    async def _if_medical(self, info: Info, value: Any) -> Any:
        return value if await self._medical(info) else None

    @strawberry.field
    async def case(self, info: Info) -> CaseT:
        from vocrehab.api.cases import Case

        return Case.of(
            await info.context.loaders.row("case", field_path(info)).load(self.row.case_id)
        )

    @strawberry.field
    async def assessor(self, info: Info) -> Actor:
        found = await actor_by_id(info, self.row.assessor_id)
        assert found is not None
        return found

    @strawberry.field(
        description="MEDICAL category: never shown to EMPLOYER, nor to anyone without consent "
        "or a care relationship."
    )
    async def diagnoses(self, info: Info) -> list[Diagnosis] | None:
        if not await self._medical(info):
            return None
        rows = await info.context.loaders.children("diagnoses").load(self.row.id)
        return [Diagnosis(system=d.system, code=d.code, text=d.text) for d in rows]

    @strawberry.field(description="MEDICAL category.")
    async def functional_limitations(self, info: Info) -> str | None:
        return await self._if_medical(info, self.row.functional_limitations)

    @strawberry.field(description="MEDICAL category.")
    async def activity_limitations(self, info: Info) -> str | None:
        return await self._if_medical(info, self.row.activity_limitations)

    @strawberry.field(
        description="ICF codes (functional limitations: MEDICAL category; empty when hidden)."
    )
    async def icf_codes(self, info: Info) -> list[str]:
        return list(self.row.icf_codes or []) if await self._medical(info) else []

    @strawberry.field(description="MEDICAL category.")
    async def prognosis(self, info: Info) -> str | None:
        return await self._if_medical(info, self.row.prognosis)


@strawberry.input
class DiagnosisInput:
    system: str
    code: str
    text: str | None = None


@strawberry.input
class RecordAssessmentInput:
    case_id: strawberry.ID
    kind: str
    assessed_at: datetime.date
    work_capacity_percent: int | None = None
    diagnoses: list[DiagnosisInput] | None = None
    functional_limitations: str | None = None
    activity_limitations: str | None = None
    icf_codes: list[str] | None = None
    prognosis: str | None = None
    summary: str | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    details: JSON | None = None


@strawberry.type
class AssessmentPayload:
    assessment: Assessment | None
    user_errors: list[UserError]


@strawberry.type
class AssessmentMutations:
    @strawberry.mutation(
        description="Requires scope assessments:write (CLINICIAN, REHAB_COORDINATOR, ADMIN)."
    )
    async def record_assessment(
        self, info: Info, input: RecordAssessmentInput
    ) -> AssessmentPayload:
        cmd = core.RecordAssessment(
            case_id=input.case_id,
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
        return AssessmentPayload(assessment=Assessment.of(row) if row else None, user_errors=errors)
