"""The referral to work-oriented rehabilitation (henvisning til arbeidsrettet
rehabilitering, ARR) as a document: NAV refers the participant to a provider.

ARR (tiltaksforskriften kap. 12, Arena code ARBRRHDAG) is a tailored programme
of at most 12 weeks; NAV decides on the place. For an employed participant
the measure must relate to the current job, and NAV must first have the
employer's approved follow-up plan documenting that measures at the workplace
were tried or are not possible (aml § 4-6; rule R16, `interventions.py`).
Work-oriented measures count as activity under ftrl § 8-8.

The document says who is referred and why (the work capacity the assessments
record), the measure with its dates against the 12-week limit, where the
follow-up plan stands, the graded-return plan, the deadlines and the team.
Its audiences are NAV, the provider and the participant; a provider never sees
health data, so the platform hands it a snapshot without diagnoses and the
document says so. It prints health data only when the snapshot holds them.
"""

from __future__ import annotations

from typing import Any

from vocrehab.hooks import (
    AssessmentFacts,
    DataCategory,
    DocumentSnapshot,
    EmploymentStatus,
    InterventionFacts,
    InterventionStatus,
    StakeholderType,
    text_for,
)
from vocrehab_nav_no import reference, sources
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.document_data import (
    case_data,
    categories,
    deadlines,
    employer_data,
    follow_up_plan_data,
    iso,
    local_time,
    participant_data,
    plan_data,
    provider_of,
    team_data,
)
from vocrehab_nav_no.language import texts
from vocrehab_nav_no.model import CaseRecord, FollowUpPlanStatus

__all__ = ["ARENA_CODE", "CODE", "DEADLINES", "LEGAL_BASIS", "NAMES", "referral_document"]

CODE = "ARR_REFERRAL"
NAMES = texts("Henvisning til arbeidsrettet rehabilitering",
              "Referral to work-oriented rehabilitation (ARR)")  # fmt: skip
ARENA_CODE = "ARBRRHDAG"
DEADLINES = ("FOLLOW_UP_PLAN", "ACTIVITY_REQUIREMENT", "DIALOGUE_MEETING_2", "MAKSDATO",
             "AAP_PERIOD_END")  # fmt: skip
"""What the measure must fit around: the plan it needs, the activity check it can meet, the next
meeting with NAV, and the end of the benefit the participant keeps during it."""
LEGAL_BASIS = (sources.TILTAK_ARR, sources.FTRL_8_8, sources.AML_4_6)
_PREFERRED = (InterventionStatus.REFERRED, InterventionStatus.PROPOSED, InterventionStatus.ACTIVE,
              InterventionStatus.COMPLETED, InterventionStatus.DISCONTINUED)  # fmt: skip
"""Which ARR measure a referral is about when a case has several: the one being referred first."""


def referral_document(snapshot: DocumentSnapshot) -> dict[str, Any]:
    """The form's content, the same in JSON and PDF (schemas/arr_referral.schema.json)."""
    record = read_record(snapshot.case)
    lang = snapshot.request.lang
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
        "referredBy": _referred_by(snapshot),
        "measure": _measure(snapshot, lang),
        "workCapacity": [_capacity(a, lang) for a in _by_date(snapshot.case.assessments)],
        "currentSickNote": _current_period(record, snapshot),
        "medical": _medical(snapshot),
        "followUpPlanRequirement": _plan_requirement(snapshot, record),
        "plan": plan_data(snapshot),
        "deadlines": deadlines(snapshot, DEADLINES, lang),
        "team": team_data(snapshot),
    }


def _referred_by(snapshot: DocumentSnapshot) -> list[dict[str, Any]]:
    """NAV's advisers on the case: NAV decides on and makes the referral."""
    return [
        {"name": t.actor.name, "organisation": t.actor.organisation_name}
        for t in snapshot.team
        if t.role is StakeholderType.CASE_MANAGER
    ]


def _chosen(snapshot: DocumentSnapshot) -> InterventionFacts | None:
    measures = [i for i in snapshot.case.interventions if i.type_code == reference.ARR]
    return min(measures, key=_precedence, default=None)


def _precedence(measure: InterventionFacts) -> tuple[int, int, str]:
    """By status (see `_PREFERRED`), then the latest start first."""
    start = measure.start_date.toordinal() if measure.start_date else 0
    return _PREFERRED.index(measure.status), -start, measure.id


def _measure(snapshot: DocumentSnapshot, lang: str) -> dict[str, Any] | None:
    """The ARR measure with its planned length held against the 12-week limit."""
    measure = _chosen(snapshot)
    if measure is None:
        return None
    kind = next(k for k in reference.INTERVENTION_TYPES if k.code == reference.ARR)
    start, end = measure.start_date, measure.planned_end_date
    days = (end - start).days + 1 if start and end and end >= start else None
    weeks = kind.max_duration_weeks or 12
    return {
        "typeCode": measure.type_code, "name": text_for(kind.names, lang), "arenaCode": ARENA_CODE,
        "status": measure.status.value, "startDate": iso(start), "plannedEndDate": iso(end),
        "endDate": iso(measure.end_date), "hoursPerWeek": measure.hours_per_week,
        "plannedDays": days, "maxWeeks": weeks,
        "withinLimit": None if days is None else days <= weeks * 7,
        "provider": provider_of(snapshot, measure.provider_id),
    }  # fmt: skip


def _by_date(assessments: tuple[AssessmentFacts, ...]) -> list[AssessmentFacts]:
    return sorted(assessments, key=lambda a: (a.assessed_at, a.id))


def _capacity(assessment: AssessmentFacts, lang: str) -> dict[str, Any]:
    """The work capacity an assessment records; its summary is shared with the whole team."""
    kinds = {k.code: k for k in reference.ASSESSMENT_KINDS}
    kind = kinds.get(assessment.kind)
    return {
        "assessedOn": assessment.assessed_at.isoformat(), "kind": assessment.kind,
        "kindName": text_for(kind.names, lang) if kind else assessment.kind,
        "workCapacityPercent": assessment.work_capacity_percent,
        "validFrom": iso(assessment.valid_from), "validTo": iso(assessment.valid_to),
        "summary": assessment.summary,
    }  # fmt: skip


def _current_period(record: CaseRecord, snapshot: DocumentSnapshot) -> dict[str, Any] | None:
    """The sick-note period of the day of the referral, else the last one on record."""
    today = local_time(snapshot).date()
    periods = record.periods
    current = next(
        (p for p in periods if p.fom <= today <= p.tom), periods[-1] if periods else None
    )
    if current is None:
        return None
    return {"type": current.type.value, "fom": current.fom.isoformat(),
            "tom": current.tom.isoformat(), "grade": current.grade}  # fmt: skip


def _medical(snapshot: DocumentSnapshot) -> list[dict[str, Any]] | None:
    """Diagnoses and functional assessments, only when the snapshot holds MEDICAL (never for a
    provider audience); None says they are withheld."""
    if DataCategory.MEDICAL not in snapshot.request.categories:
        return None
    return [
        {"assessedOn": a.assessed_at.isoformat(),
         "diagnoses": [{"system": d.system, "code": d.code, "text": d.text} for d in a.diagnoses],
         "functionalLimitations": a.functional_limitations,
         "activityLimitations": a.activity_limitations, "prognosis": a.prognosis}
        for a in _by_date(snapshot.case.assessments)
        if a.diagnoses or a.functional_limitations or a.activity_limitations or a.prognosis
    ]  # fmt: skip


def _plan_requirement(snapshot: DocumentSnapshot, record: CaseRecord) -> dict[str, Any]:
    """R16: an employee needs the employer's approved plan documenting the in-house measures."""
    plan = record.follow_up_plan
    applies = snapshot.case.employment_status is EmploymentStatus.EMPLOYED
    met = (
        plan is not None
        and plan.status is FollowUpPlanStatus.AKTIV
        and plan.in_house_measures_not_possible
    )
    return {"applies": applies, "met": met if applies else None,
            "followUpPlan": follow_up_plan_data(plan)}  # fmt: skip
