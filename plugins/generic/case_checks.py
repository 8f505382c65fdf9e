"""What the rules find wrong or missing in a case as it stands: `Jurisdiction.assess`.

Unlike `evaluate`, which judges one proposed change, these checks look at the
whole case on a given day. They are mostly WARNINGs: they point at work that
is due (nobody coordinates the case, the employer is not involved, a plan has
run out), not at data that must be refused. A closed case has nothing left to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    EmploymentStatus,
    InterventionTypeInfo,
    StakeholderType,
    Violation,
)
from vocrehab_generic.benefits import overlapping_periods
from vocrehab_generic.interventions import is_overdue, type_name
from vocrehab_generic.phases import check_phase
from vocrehab_generic.plans import last_day
from vocrehab_generic.rules import violation
from vocrehab_generic.team import active_roles

__all__ = ["assess"]


def assess(
    case: CaseFacts,
    today: date,
    intervention_types: Mapping[str, InterventionTypeInfo],
    retention_days: int,
) -> list[Violation]:
    """The current violations of an open (or on hold) case on `today`."""
    if case.status is CaseStatus.CLOSED:
        return []
    return [
        *_team_gaps(case, today),
        *_plan_ended(case, today),
        *_interventions_overdue(case, today, intervention_types),
        *check_phase(case, today, retention_days),
        *overlapping_periods(case),
    ]


def _team_gaps(case: CaseFacts, today: date) -> list[Violation]:
    roles = active_roles(case, today)
    found: list[Violation] = []
    if (
        case.employment_status is EmploymentStatus.EMPLOYED
        and StakeholderType.EMPLOYER not in roles
    ):
        found.append(
            violation(
                "GEN_EMPLOYER_NOT_ON_TEAM",
                "The participant is employed but no employer is on the case team; "
                "add the employer to involve the workplace early",
            )
        )
    if StakeholderType.CASE_MANAGER not in roles:
        found.append(
            violation(
                "GEN_CASE_MANAGER_MISSING",
                "No case manager is on the case team; assign one to coordinate the return to work",
            )
        )
    return found


def _plan_ended(case: CaseFacts, today: date) -> list[Violation]:
    plan = case.active_plan
    end = last_day(plan) if plan is not None else None
    if plan is None or end is None or end >= today:
        return []
    return [
        violation(
            "GEN_PLAN_ENDED",
            f"The active plan {plan.title!r} ran out on {end}; review it and activate a new "
            "version or complete it",
        )
    ]


def _interventions_overdue(
    case: CaseFacts, today: date, types: Mapping[str, InterventionTypeInfo]
) -> list[Violation]:
    return [
        violation(
            "GEN_INTERVENTION_OVERDUE",
            f"{type_name(intervention.type_code, types)} is still active after its planned "
            f"end date {intervention.planned_end_date}; complete, discontinue or re-plan it",
        )
        for intervention in case.interventions
        if is_overdue(intervention, today)
    ]
