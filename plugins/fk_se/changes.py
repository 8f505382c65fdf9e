"""Rules on proposed changes: `Jurisdiction.evaluate` for Sweden.

One `match` over the change types, each handed to the module that owns the
concept; `case` is the state before the change. Changes with no Swedish rule
(opening or updating a case, ending a benefit) pass.
"""

from __future__ import annotations

from collections.abc import Mapping

from vocrehab.hooks import (
    ActivatePlan,
    BenefitTypeInfo,
    CaseFacts,
    Change,
    ChangeInterventionStatus,
    GrantBenefit,
    InterventionStatus,
    ProposeIntervention,
    RecordAssessment,
    SavePlan,
    Violation,
)
from vocrehab_fk_se.benefits import check_grant
from vocrehab_fk_se.capacity import check_capacity
from vocrehab_fk_se.chain import ChainFacts, check_basis
from vocrehab_fk_se.fk7804_rules import check_certificate
from vocrehab_fk_se.plans import check_plan

__all__ = ["STARTING", "evaluate"]

STARTING = frozenset({InterventionStatus.REFERRED, InterventionStatus.ACTIVE})
"""Status changes that put an intervention under way, and so meet the capacity threshold."""


def evaluate(
    change: Change, case: CaseFacts, benefit_types: Mapping[str, BenefitTypeInfo]
) -> list[Violation]:
    match change:
        case SavePlan(plan=plan) | ActivatePlan(plan=plan):
            return check_plan(plan)
        case GrantBenefit(benefit=benefit):
            return check_grant(benefit, case, benefit_types)
        case RecordAssessment(assessment=assessment):
            return [*check_certificate(assessment), *check_basis(assessment, ChainFacts.of(case))]
        case ProposeIntervention(intervention=intervention):
            return check_capacity(intervention, case)
        case ChangeInterventionStatus(intervention=intervention, to_status=status) if (
            status in STARTING
        ):
            return check_capacity(intervention, case)
        case _:
            return []
