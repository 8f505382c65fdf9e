"""Work-oriented measures: the rules on proposing and referring them (R16).

Work-oriented rehabilitation (ARR) lasts 12 weeks normally; NAV's participant
system (navikt/amt-deltaker-bff) allows at most 16, so a plan past 12 weeks is
warned about and one past 16 refused. For an employed
person it must tie in with the current job, and before the measure starts NAV
must have the employer's follow-up plan documenting that measures at the
workplace were tried or judged impossible; NAV decides and refers. If the
person is on sick leave, the sykmelder who wrote the sick note is told of the
referral (recorded with `navRecordSykmelderInformed`). So:

- proposing ARR without an approved plan is allowed (the person, the employer
  or the sykmelder may suggest it) but warned about;
- referring it (NAV's decision, PROPOSED -> REFERRED) needs the approved plan;
- an approved plan that does not document the in-house measures is warned about;
- an ARR referral of someone on sick leave whose sykmelder has not been told is
  warned about from the day after the referral (`ARR_SYKMELDER_INFORMED`).

Durations count calendar days inclusively: 12 weeks from a Monday may end on
the Sunday 12 weeks later (start + 83 days).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from vocrehab.hooks import (
    CaseFacts,
    EmploymentStatus,
    InterventionFacts,
    InterventionStatus,
    InterventionTypeInfo,
    Violation,
)
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.model import FollowUpPlanStatus
from vocrehab_nav_no.reference import ARR
from vocrehab_nav_no.rules import violation

_RUNNING = frozenset({InterventionStatus.REFERRED, InterventionStatus.ACTIVE})

__all__ = ["HARD_MAX_WEEKS", "arr_referral", "check_proposal", "check_referral"]

HARD_MAX_WEEKS = {ARR: 16}
"""Measures whose normal length (`max_duration_weeks`) NAV's system lets run longer, up to
this cap: longer than normal is a warning, longer than the cap an error."""
REFERRED_EVENT = "intervention.referred"


def check_proposal(
    intervention: InterventionFacts, case: CaseFacts, types: Mapping[str, InterventionTypeInfo]
) -> list[Violation]:
    kind = types.get(intervention.type_code)
    if kind is None:
        return [violation("NO_INTERVENTION_UNKNOWN_TYPE", f"{intervention.type_code!r} is not a "
                          f"Norwegian measure (known: {', '.join(types)})", field=("typeCode",))]  # fmt: skip
    found = _duration(kind, intervention.start_date, intervention.planned_end_date)
    if kind.code == ARR:
        found += _follow_up_plan(case, referring=False)
    return found


def check_referral(
    intervention: InterventionFacts,
    to_status: InterventionStatus,
    case: CaseFacts,
    types: Mapping[str, InterventionTypeInfo],
) -> list[Violation]:
    kind = types.get(intervention.type_code)
    if kind is None or to_status is not InterventionStatus.REFERRED:
        return []
    found = _duration(kind, intervention.start_date, intervention.planned_end_date)
    if kind.code == ARR:
        found += _follow_up_plan(case, referring=True)
    return found


def _duration(kind: InterventionTypeInfo, start: date | None, end: date | None) -> list[Violation]:
    weeks = kind.max_duration_weeks
    if weeks is None or start is None or end is None or end < start:
        return []
    days = (end - start).days + 1
    cap = HARD_MAX_WEEKS.get(kind.code, weeks)
    if days > cap * 7:
        return [violation("NO_INTERVENTION_DURATION", f"{kind.names['en']} lasts at most {cap} "
                          f"weeks ({cap * 7} days); planned: {days} days",
                          field=("plannedEndDate",), legal_reference=kind.legal_reference)]  # fmt: skip
    if days > weeks * 7:
        return [violation("NO_INTERVENTION_OVER_NORMAL_LENGTH", f"{kind.names['en']} normally "
                          f"lasts at most {weeks} weeks ({weeks * 7} days); planned: {days} days, "
                          f"within the cap of {cap} weeks", field=("plannedEndDate",))]  # fmt: skip
    return []


def _follow_up_plan(case: CaseFacts, *, referring: bool) -> list[Violation]:
    if case.employment_status is not EmploymentStatus.EMPLOYED:
        return []
    plan = read_record(case).follow_up_plan
    if plan is None or plan.status is not FollowUpPlanStatus.AKTIV:
        state = (
            "no follow-up plan" if plan is None else f"the follow-up plan is {plan.status.value}"
        )
        code = "NO_ARR_FOLLOW_UP_PLAN_MISSING" if referring else "NO_ARR_FOLLOW_UP_PLAN_PENDING"
        return [violation(code, f"The participant is employed and {state}: NAV needs the "
                          "employer's approved (AKTIV) plan before referring to work-oriented "
                          "rehabilitation", field=("typeCode",))]  # fmt: skip
    if not plan.in_house_measures_not_possible:
        return [violation("NO_ARR_IN_HOUSE_MEASURES", "The approved follow-up plan does not "
                          "document that measures at the workplace were tried or judged not "
                          "possible", field=("typeCode",))]  # fmt: skip
    return []


def arr_referral(case: CaseFacts) -> tuple[InterventionFacts, date] | None:
    """The latest ARR referral still running (REFERRED or ACTIVE) and the day NAV made it,
    when the person was on sick leave that day (only then is the sykmelder told)."""
    running = {i.id: i for i in case.interventions if i.type_code == ARR and i.status in _RUNNING}
    days = [(e.at.date(), running[e.data["interventionId"]]) for e in case.events
            if e.kind == REFERRED_EVENT and e.data.get("interventionId") in running]  # fmt: skip
    if not days:
        return None
    day, intervention = max(days, key=lambda found: found[0])
    return (intervention, day) if _on_sick_leave(case, day) else None


def _on_sick_leave(case: CaseFacts, day: date) -> bool:
    periods = read_record(case).periods
    if periods:
        return any(p.fom <= day <= p.tom for p in periods)
    return case.sick_leave_start is not None and case.sick_leave_start <= day
