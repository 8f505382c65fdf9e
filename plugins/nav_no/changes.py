"""Rules on proposed changes: `Jurisdiction.evaluate` for Norway.

One `match` over the change types, each handed to the module that owns the
concept. Editing the case details directly (`UpdateCase`) is held to the same
state machines as the case commands: the follow-up plan's statuses (R19) and
closed dialogue meetings (R20).
"""

from __future__ import annotations

from vocrehab.hooks import (
    ActivatePlan,
    CaseFacts,
    Change,
    ChangeInterventionStatus,
    GrantBenefit,
    PlanFacts,
    ProposeIntervention,
    RecordAssessment,
    ReferenceCodes,
    SavePlan,
    UpdateCase,
    Violation,
)
from vocrehab_nav_no.assessments import check_assessment
from vocrehab_nav_no.benefits import check_grant
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.dialogue import check_meeting_changes
from vocrehab_nav_no.follow_up_plan import check_transition
from vocrehab_nav_no.interventions import check_proposal, check_referral
from vocrehab_nav_no.rules import violation

__all__ = ["evaluate"]


def evaluate(change: Change, case: CaseFacts, codes: ReferenceCodes) -> list[Violation]:
    """The violations a proposed change would cause; `case` is the state before it."""
    match change:
        case SavePlan(plan=plan) | ActivatePlan(plan=plan):
            return check_plan_steps(plan)
        case GrantBenefit(benefit=benefit):
            return check_grant(benefit, case, codes.benefit_types)
        case ProposeIntervention(intervention=intervention):
            return check_proposal(intervention, case, codes.intervention_types)
        case ChangeInterventionStatus(intervention=intervention, to_status=to_status):
            return check_referral(intervention, to_status, case, codes.intervention_types)
        case RecordAssessment(assessment=assessment):
            return check_assessment(assessment, codes.assessment_kinds)
        case UpdateCase(after=after):
            return check_details_edit(case, after)
        case _:
            return []


def check_plan_steps(plan: PlanFacts) -> list[Violation]:
    """A return-to-work step at 81-99 % work is sick leave below 20 % (ftrl § 8-13)."""
    return [
        violation("NO_PLAN_STEP_BELOW_20", f"Step {index + 1} is {step.work_percent} % work, "
                  f"{100 - step.work_percent} % sick leave: below 20 % NAV pays no graded "
                  "sykepenger", field=("steps", str(index), "workPercent"))
        for index, step in enumerate(plan.steps)
        if 80 < step.work_percent < 100
    ]  # fmt: skip


def check_details_edit(before: CaseFacts, after: CaseFacts) -> list[Violation]:
    old, new = read_record(before), read_record(after)
    found: list[Violation] = []
    old_plan, new_plan = old.follow_up_plan, new.follow_up_plan
    if new_plan is not None and (old_plan is None or old_plan.status is not new_plan.status):
        found += check_transition(
            old_plan.status if old_plan else None, new_plan.status,
            ("details", "followUpPlan", "status"),
        )  # fmt: skip
    found += check_meeting_changes(
        old.dialogue_meetings, new.dialogue_meetings, ("details", "dialogueMeetings")
    )
    return found
