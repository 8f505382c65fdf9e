"""The follow-up plan (oppfølgingsplan) as a document, for the employer and the employee.

aml § 4-6 makes the employer draw up a follow-up plan with the employee on sick
leave no later than 4 weeks in, send it to the sykmelder, and send an updated
plan to NAV at least a week before dialogue meetings 2 and 3 (ftrl § 8-7 a).
The plan is also where the employer documents that measures at the workplace
were tried or are not possible: NAV needs that for the workplace exception
from the activity requirement (ftrl § 8-8) and before work-oriented
rehabilitation.

The document holds the plan's status from the case details, the graded
return (the platform plan's steps and adjustments), what the employer has
tried in-house, the sick-note periods as the employer's copy shows them, the
dialogue meetings, the activity requirement and the deadlines of weeks 4, 7, 8
and 26. Its audiences are the employer and the employee, so the platform never
hands it health data or contact details beyond names; it prints no diagnosis
even when a snapshot holds one, and it keeps back the medical exception reason
of the activity requirement unless the snapshot holds MEDICAL.
"""

from __future__ import annotations

from typing import Any

from vocrehab.hooks import DataCategory, DocumentSnapshot
from vocrehab_nav_no import sources
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.document_data import (
    case_data,
    categories,
    deadlines,
    employer_data,
    follow_up_plan_data,
    meetings_data,
    participant_data,
    periods_data,
    plan_data,
    team_data,
)
from vocrehab_nav_no.language import texts
from vocrehab_nav_no.model import CaseRecord, ExceptionReason

__all__ = [
    "CODE",
    "DEADLINES",
    "LEGAL_BASIS",
    "NAMES",
    "follow_up_plan_document",
]

CODE = "FOLLOW_UP_PLAN"
NAMES = texts("Oppfølgingsplan", "Follow-up plan (oppfølgingsplan)")
DEADLINES = ("FOLLOW_UP_PLAN", "DIALOGUE_MEETING_1", "ACTIVITY_REQUIREMENT", "DIALOGUE_MEETING_2")
"""The follow-up timeline of weeks 4, 7, 8 and 26 (milestones.py)."""
LEGAL_BASIS = (sources.AML_4_6, sources.AML_4_6_PLAN, sources.AML_4_6_DIALOGUE,
               sources.FTRL_8_7A, sources.FTRL_8_8)  # fmt: skip


def follow_up_plan_document(snapshot: DocumentSnapshot) -> dict[str, Any]:
    """The form's content, the same in JSON and PDF (schemas/follow_up_plan.schema.json)."""
    record = read_record(snapshot.case)
    lang = snapshot.request.lang
    plan = plan_data(snapshot)
    return {
        "documentType": f"no.{CODE}",
        "schemaVersion": 1,
        "language": lang,
        "generatedAt": snapshot.request.generated_at.isoformat(),
        **categories(snapshot),
        "legalBasis": list(LEGAL_BASIS),
        "case": case_data(snapshot, record),
        "participant": participant_data(snapshot.participant),
        "employer": employer_data(snapshot.employer),
        "followUpPlan": follow_up_plan_data(record.follow_up_plan),
        "workplaceMeasures": _workplace_measures(record, plan),
        "plan": plan,
        "sickNotePeriods": periods_data(record),
        "dialogueMeetings": meetings_data(record),
        "activityRequirement": _activity(record, snapshot),
        "deadlines": deadlines(snapshot, DEADLINES, lang),
        "team": team_data(snapshot),
    }


def _workplace_measures(record: CaseRecord, plan: dict[str, Any] | None) -> dict[str, Any]:
    """What the employer has tried in-house: the plan's adjustments, once each, and whether the
    plan documents that measures at the workplace are exhausted."""
    adjustments: list[str] = []
    for step in plan["steps"] if plan else []:
        adjustments += [a for a in step["adjustments"] if a not in adjustments]
    documented = bool(
        record.follow_up_plan and record.follow_up_plan.in_house_measures_not_possible
    )
    return {"notPossibleDocumented": documented, "adjustments": adjustments}


def _activity(record: CaseRecord, snapshot: DocumentSnapshot) -> dict[str, Any] | None:
    """NAV's assessment; a medical exception reason is health data, shown only with MEDICAL."""
    found = record.activity_requirement
    if found is None:
        return None
    reason = found.exception_reason
    withheld = reason is ExceptionReason.MEDISINSKE_GRUNNER and (
        DataCategory.MEDICAL not in snapshot.request.categories
    )
    return {
        "status": found.status.value,
        "assessedOn": found.assessed_on.isoformat(),
        "exceptionReason": None if withheld or reason is None else reason.value,
        "exceptionReasonWithheld": withheld,
    }
