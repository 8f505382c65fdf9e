"""Work-oriented measures: the rules on proposing and referring them (R16).

Work-oriented rehabilitation (ARR) lasts at most 12 weeks. For an employed
person it must tie in with the current job, and before the measure starts NAV
must have the employer's follow-up plan documenting that measures at the
workplace were tried or judged impossible; NAV decides and refers. So:

- proposing ARR without an approved plan is allowed (the person, the employer
  or the sykmelder may suggest it) but warned about;
- referring it (NAV's decision, PROPOSED -> REFERRED) needs the approved plan;
- an approved plan that does not document the in-house measures is warned about.

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

__all__ = ["check_proposal", "check_referral"]


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
    if days <= weeks * 7:
        return []
    return [violation("NO_INTERVENTION_DURATION", f"{kind.names['en']} lasts at most {weeks} "
                      f"weeks ({weeks * 7} days); planned: {days} days", field=("plannedEndDate",),
                      legal_reference=kind.legal_reference)]  # fmt: skip


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
