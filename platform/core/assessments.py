"""Assessments: work capacity, function, medical certificates, with diagnoses."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from vocrehab.core.casework import (
    after_change,
    case_for_change,
    check_rules,
    detail_problems,
    facts_of,
    record_event,
    require_open,
)
from vocrehab.core.errors import not_allowed
from vocrehab.core.policy import Action
from vocrehab.core.snapshots import assessment_facts
from vocrehab.core.validation import Checks
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.db.base import new_id
from vocrehab.hooks.types import RecordAssessment as RecordAssessmentChange

__all__ = ["Diagnosis", "RecordAssessment", "record_assessment"]


@dataclass(frozen=True)
class Diagnosis:
    system: str
    code: str
    text: str | None = None


@dataclass(frozen=True)
class RecordAssessment:
    case_id: uuid.UUID
    kind: str
    assessed_at: date
    work_capacity_percent: int | None = None
    diagnoses: Sequence[Diagnosis] | None = None
    functional_limitations: str | None = None
    activity_limitations: str | None = None
    icf_codes: Sequence[str] | None = None
    prognosis: str | None = None
    summary: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    details: Any = None
    """JSON from the client; the jurisdiction validates it."""


async def record_assessment(work: Work, cmd: RecordAssessment) -> m.Assessment:
    case_id = cmd.case_id
    case, case_access = await case_for_change(work, case_id, Action.RECORD_ASSESSMENT)
    require_open(case)
    if work.principal.actor_id is None:
        raise not_allowed("recording an assessment needs a token that acts as an actor")
    jurisdiction = work.jurisdiction(case.jurisdiction)
    checks = Checks()
    kinds = {k.code for k in jurisdiction.assessment_kinds()}
    if cmd.kind not in kinds:
        checks.fail(("kind",), f"unknown assessment kind; known: {', '.join(sorted(kinds))}")
    checks.percent(("work_capacity_percent",), cmd.work_capacity_percent)
    checks.not_after(("assessed_at",), cmd.assessed_at, work.today, "today")
    checks.ordered(("valid_to",), cmd.valid_from, cmd.valid_to)
    checks.capped(("diagnoses",), cmd.diagnoses, 20)
    checks.capped(("icf_codes",), cmd.icf_codes)
    texts = {
        name: checks.text((name,), getattr(cmd, name))
        for name in ("functional_limitations", "activity_limitations", "prognosis", "summary")
    }
    diagnoses = _diagnoses(checks, cmd.diagnoses or [])
    icf = [
        (checks.text(("icf_codes", str(i)), code, required=True) or "")
        for i, code in enumerate((cmd.icf_codes or [])[:100])
    ]
    details = _details(
        work, checks, jurisdiction.validate_details("assessment", cmd.details or {}, None)
    )
    checks.done()
    assessment = m.Assessment(
        id=new_id(),
        case_id=case.id,
        kind=cmd.kind,
        assessed_at=cmd.assessed_at,
        assessor_id=work.principal.actor_id,
        work_capacity_percent=cmd.work_capacity_percent,
        functional_limitations=texts["functional_limitations"],
        activity_limitations=texts["activity_limitations"],
        icf_codes=icf,
        prognosis=texts["prognosis"],
        summary=texts["summary"],
        valid_from=cmd.valid_from,
        valid_to=cmd.valid_to,
        details=details,
        details_version=work.host.details_version(case.jurisdiction),
        created_at=work.clock.now(),
    )
    before = await facts_of(work, case)
    check_rules(work, case, RecordAssessmentChange(assessment_facts(assessment, diagnoses)), before)
    work.session.add(assessment)
    await work.session.flush()
    for diagnosis in diagnoses:
        diagnosis.assessment_id = assessment.id
        work.session.add(diagnosis)
    # The summary names the kind only: the timeline is read by roles without MEDICAL.
    record_event(
        work, case, "assessment.recorded", f"{cmd.kind.replace('_', ' ').title()} assessment recorded",
        case_access=case_access, data={"assessmentId": str(assessment.id), "kind": cmd.kind},
    )  # fmt: skip
    await after_change(work, case)
    return assessment


def _diagnoses(checks: Checks, given: Sequence[Diagnosis]) -> list[m.Diagnosis]:
    rows = []
    for i, d in enumerate(given[:20]):
        at = ("diagnoses", str(i))
        rows.append(
            m.Diagnosis(
                position=i,
                system=checks.text((*at, "system"), d.system, required=True) or "",
                code=checks.text((*at, "code"), d.code, required=True) or "",
                text=checks.text((*at, "text"), d.text),
            )
        )
    return rows


def _details(work: Work, checks: Checks, result: Any) -> dict[str, Any]:
    detail_problems(work, checks, result.violations)
    return dict(result.value)
