"""Rules on proposed changes: `Jurisdiction.evaluate` for the generic jurisdiction.

One `match` over the change types, each delegating to the module that owns
the concept. Change types the generic jurisdiction has no rule for (opening or
updating a case) pass without violations; a country plugin adds its own cases
here, e.g. a referral that needs the employer's follow-up plan.
"""

from __future__ import annotations

from vocrehab.hooks import (
    ActivatePlan,
    CaseFacts,
    Change,
    ChangeInterventionStatus,
    EndBenefit,
    GrantBenefit,
    ProposeIntervention,
    RecordAssessment,
    ReferenceCodes,
    SavePlan,
    Violation,
)
from vocrehab_generic.assessments import check_assessment
from vocrehab_generic.benefits import check_end, check_grant
from vocrehab_generic.interventions import check_proposal, check_status_change
from vocrehab_generic.plans import check_plan

__all__ = ["evaluate"]


def evaluate(change: Change, case: CaseFacts, codes: ReferenceCodes) -> list[Violation]:
    """The violations a proposed change would cause; `case` is the state before it."""
    match change:
        case SavePlan(plan=plan):
            return check_plan(plan, activating=False)
        case ActivatePlan(plan=plan):
            return check_plan(plan, activating=True)
        case GrantBenefit(benefit=benefit):
            return check_grant(benefit, case, codes.benefit_types)
        case EndBenefit(benefit=benefit, end_date=end_date):
            return check_end(benefit, end_date)
        case ProposeIntervention(intervention=intervention):
            return check_proposal(intervention, codes.intervention_types)
        case ChangeInterventionStatus():
            return check_status_change(change)
        case RecordAssessment(assessment=assessment):
            return check_assessment(assessment, codes.assessment_kinds)
        case _:
            return []
