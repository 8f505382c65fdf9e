"""The rule catalogue: every rule the generic jurisdiction can report, in one place.

A violation is only ever built through `violation(code, ...)`, which takes the
severity and legal reference from this catalogue. So a check cannot report a
rule that `Jurisdiction.rules()` does not list, and a rule's severity is
decided once, here, where a reader can compare all of them.
"""

from __future__ import annotations

from vocrehab.hooks import RuleCatalogue, RuleInfo, Severity
from vocrehab_generic import sources

__all__ = ["CATALOGUE", "RULES", "violation"]

_BENEFIT_BASES = "The benefit type's legal basis: ILO C130, C128, C159 or C168"
_CODE_SYSTEMS = f"{sources.WHO_ICD10}; {sources.WONCA_ICPC2}"

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def _rule(code: str, severity: Severity, description: str, reference: str) -> RuleInfo:
    return RuleInfo(code, severity, {"en": description}, reference)


RULES: tuple[RuleInfo, ...] = (
    # -- details (validate_details)
    _rule(
        "GEN_DETAILS_UNKNOWN_FIELD",
        ERROR,
        "Details may only contain the fields the generic jurisdiction defines.",
        sources.CONSISTENCY,
    ),
    _rule(
        "GEN_DETAILS_INVALID",
        ERROR,
        "A details field has the wrong type, an invalid date or a value out of range.",
        sources.CONSISTENCY,
    ),
    # -- case commands
    _rule(
        "GEN_FIRST_CONTACT_DATE",
        ERROR,
        "The first contact with the participant is recorded on a day that has come.",
        sources.CONSISTENCY,
    ),
    # -- plans (SavePlan, ActivatePlan)
    _rule(
        "GEN_PLAN_NO_STEPS",
        ERROR,
        "A plan can only be activated when it has at least one step.",
        sources.YOUNG_2005,
    ),
    _rule(
        "GEN_PLAN_STEP_DATES",
        ERROR,
        "A plan step ends on or after the day it starts.",
        sources.CONSISTENCY,
    ),
    _rule(
        "GEN_PLAN_WORK_PERCENT",
        ERROR,
        "A plan step's work percent is between 0 and 100.",
        sources.CONSISTENCY,
    ),
    _rule(
        "GEN_PLAN_STEP_ORDER",
        ERROR,
        "Plan steps are listed in the order of their start dates.",
        sources.CONSISTENCY,
    ),
    _rule(
        "GEN_PLAN_STEP_OVERLAP",
        ERROR,
        "Plan steps do not overlap: each day belongs to at most one step.",
        sources.CONSISTENCY,
    ),
    # -- benefits (GrantBenefit, EndBenefit; overlaps also in assess)
    _rule(
        "GEN_BENEFIT_UNKNOWN_TYPE",
        ERROR,
        "A benefit is of one of the generic jurisdiction's benefit types.",
        _BENEFIT_BASES,
    ),
    _rule(
        "GEN_BENEFIT_DATES",
        ERROR,
        "A benefit period ends on or after the day it starts.",
        sources.CONSISTENCY,
    ),
    _rule(
        "GEN_BENEFIT_OVERLAP",
        ERROR,
        "Two periods of the same benefit type do not overlap.",
        sources.CONSISTENCY,
    ),
    # -- interventions (ProposeIntervention, ChangeInterventionStatus)
    _rule(
        "GEN_INTERVENTION_UNKNOWN_TYPE",
        ERROR,
        "An intervention is of one of the generic jurisdiction's intervention types.",
        sources.ILO_C159,
    ),
    _rule(
        "GEN_INTERVENTION_DATES",
        ERROR,
        "An intervention's planned end date is on or after its start date.",
        sources.CONSISTENCY,
    ),
    _rule(
        "GEN_INTERVENTION_DURATION",
        ERROR,
        "An intervention lasts no longer than its type's maximum duration.",
        "The intervention type's legal basis (see its legal reference)",
    ),
    _rule(
        "GEN_INTERVENTION_STATUS_DATE",
        WARNING,
        "An intervention does not become active or completed before its recorded start date.",
        sources.CONSISTENCY,
    ),
    # -- assessments (RecordAssessment)
    _rule(
        "GEN_ASSESSMENT_UNKNOWN_KIND",
        ERROR,
        "An assessment is of one of the generic jurisdiction's assessment kinds.",
        sources.CONSISTENCY,
    ),
    _rule(
        "GEN_ASSESSMENT_VALIDITY",
        ERROR,
        "An assessment is valid to a date on or after the date it is valid from.",
        sources.CONSISTENCY,
    ),
    _rule(
        "GEN_WORK_CAPACITY_RANGE",
        ERROR,
        "A remaining work capacity is between 0 and 100 percent.",
        sources.CONSISTENCY,
    ),
    _rule(
        "GEN_ICF_CODE_FORMAT",
        ERROR,
        "An ICF code is a component letter (b, s, d, e) and 1 to 5 digits, optionally "
        "followed by qualifiers (first qualifier 0-4, 8 or 9; '+' only for environmental "
        "facilitators).",
        sources.WHO_ICF,
    ),
    _rule(
        "GEN_DIAGNOSIS_CODE_FORMAT",
        ERROR,
        "A diagnosis code has the format of its code system (ICD-10: letter, two digits, "
        "optional extension; ICPC-2: chapter letter and a two-digit component code 01-99).",
        _CODE_SYSTEMS,
    ),
    _rule(
        "GEN_DIAGNOSIS_SYSTEM_UNKNOWN",
        WARNING,
        "A diagnosis uses a code system the generic jurisdiction can check (ICD-10 or ICPC-2); "
        "codes of other systems are kept but not checked.",
        _CODE_SYSTEMS,
    ),
    # -- the case as it stands (assess)
    _rule(
        "GEN_EMPLOYER_NOT_ON_TEAM",
        WARNING,
        "An employed participant's employer is on the case team: early workplace contact "
        "shortens sick leave.",
        sources.FRANCHE_2005,
    ),
    _rule(
        "GEN_CASE_MANAGER_MISSING",
        WARNING,
        "The case team has a case manager who coordinates the return to work.",
        sources.FRANCHE_2005,
    ),
    _rule(
        "GEN_PLAN_ENDED",
        WARNING,
        "The active plan still has a step that has not ended; otherwise it should be renewed "
        "or completed.",
        sources.YOUNG_2005,
    ),
    _rule(
        "GEN_PHASE_CONTRADICTS_FACTS",
        WARNING,
        "The case's phase of return to work is the one its plan shows: off work until the "
        "first day back at work, re-entry from then, retention once full hours have been kept "
        "for the deployment's retention period (advancement may follow retention).",
        sources.YOUNG_2005,
    ),
    _rule(
        "GEN_INTERVENTION_OVERDUE",
        WARNING,
        "An active intervention is still within its planned end date; otherwise it should be "
        "completed, discontinued or re-planned.",
        sources.CONSISTENCY,
    ),
)

CATALOGUE = RuleCatalogue(RULES)
violation = CATALOGUE.violation
"""A violation of catalogue rule `code` (see `RuleCatalogue.violation`)."""
