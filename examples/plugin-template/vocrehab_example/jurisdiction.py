"""Exampleland's rules: one benefit, one intervention, one deadline, two rules.

Small on purpose, but complete: every member of the protocol does real work,
so that replacing it with a country's rules is a matter of content.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import strawberry

from vocrehab.hooks import (
    ActivatePlan,
    AssessmentKindInfo,
    BenefitTypeInfo,
    CaseCommand,
    CaseFacts,
    CaseStatus,
    Change,
    CommandResult,
    DataCategory,
    DetailsCheck,
    DetailsTarget,
    DocumentKindInfo,
    GrantBenefit,
    IdCheck,
    InterventionTypeInfo,
    JurisdictionDetails,
    MilestoneInfo,
    NextStepInfo,
    OrientationInfo,
    RuleInfo,
    SavePlan,
    Severity,
    StakeholderType,
    Texts,
    Violation,
    data_categories,
)

LAW = "Exampleland Social Insurance Act"
RULES = (
    RuleInfo("EX_BENEFIT_DEGREE", Severity.ERROR, {"en": "Sickness benefit is paid at 50 or 100 %."}, f"{LAW} § 3"),
    RuleInfo("EX_PLAN_STEPS", Severity.ERROR, {"en": "A plan has steps in date order."}, f"{LAW} § 7"),
    RuleInfo("EX_DETAILS", Severity.ERROR, {"en": "Case details hold only a local case number."}, f"{LAW} § 1"),
)  # fmt: skip
_RULES = {rule.code: rule for rule in RULES}


def violation(code: str, message: str, field: tuple[str, ...] | None = None) -> Violation:
    rule = _RULES[code]  # only listed rules can be reported
    return Violation(code, rule.severity, message, rule.legal_reference, field)


# Every field of a plugin's GraphQL types declares the data category it shows:
# the local case number tells nothing beyond the case itself (PLAN).
@data_categories(DataCategory.PLAN)
@strawberry.type(description="Case details in Exampleland.")
class ExampleCaseDetails(JurisdictionDetails):
    local_case_number: str | None = None


@strawberry.input(description="The case number the local office uses.")
class ExRecordLocalCaseNumberInput:
    case_id: strawberry.ID
    number: str


def _record_number(case: CaseFacts, given: Any, today: date) -> CommandResult:
    number = given.number.strip()
    problems = () if number else (violation("EX_DETAILS", "The number is empty", ("number",)),)
    return CommandResult(
        details={**case.details, "localCaseNumber": number},
        event_kind="example.local_case_number.recorded",
        summary="Local case number recorded",
        violations=problems,
    )


class Exampleland:
    code = "example"
    names: Texts = {"en": "Exampleland"}
    country: str | None = "XX"
    languages: tuple[str, ...] = ("en",)
    reference_prefix = "EX"
    schema_prefix = "ex"
    # Every kind of event the case commands record (CaseEvent.eventKind).
    event_kinds: Mapping[str, str] = {
        "example.local_case_number.recorded": "The local case number was recorded."
    }

    def __init__(self, plan_due_days: int = 28) -> None:
        self.plan_due_days = plan_due_days

    # -- reference data
    def benefit_types(self) -> Sequence[BenefitTypeInfo]:
        return (
            BenefitTypeInfo(
                "SICKNESS", {"en": "Sickness benefit"}, (50, 100), legal_reference=f"{LAW} § 3"
            ),
        )

    def intervention_types(self) -> Sequence[InterventionTypeInfo]:
        return (InterventionTypeInfo("WORK_TRIAL", {"en": "Work trial"}, 12, f"{LAW} § 9"),)

    def assessment_kinds(self) -> Sequence[AssessmentKindInfo]:
        return (AssessmentKindInfo("WORK_CAPACITY", {"en": "Work capacity"}),)

    def document_kinds(self) -> Sequence[DocumentKindInfo]:
        return ()

    def rules(self) -> Sequence[RuleInfo]:
        return RULES

    # -- validation
    def validate_national_id(self, value: str) -> IdCheck:
        digits = value.replace(" ", "")
        if len(digits) == 8 and digits.isdigit():
            return IdCheck(True, digits)
        return IdCheck(False, message="an Exampleland id has 8 digits")

    def validate_organisation_number(self, value: str) -> IdCheck:
        return self.validate_national_id(value)

    def validate_details(
        self, target: DetailsTarget, details: Mapping[str, Any], case: CaseFacts | None
    ) -> DetailsCheck:
        allowed = {"localCaseNumber"} if target == "case" else set()
        unknown = sorted(set(details) - allowed)
        problems = tuple(
            violation("EX_DETAILS", f"{key} is not a details field", (key,)) for key in unknown
        )
        return DetailsCheck({k: v for k, v in details.items() if k in allowed}, problems)

    def evaluate(self, change: Change, case: CaseFacts) -> Sequence[Violation]:
        match change:
            case GrantBenefit(benefit) if benefit.degree not in (50, 100):
                return [
                    violation("EX_BENEFIT_DEGREE", f"{benefit.degree} % is not paid", ("degree",))
                ]
            case SavePlan(plan) | ActivatePlan(plan):
                starts = [step.start_date for step in plan.steps]
                if starts != sorted(starts):
                    return [violation("EX_PLAN_STEPS", "Steps must be in date order", ("steps",))]
        return []

    # -- time and orientation
    def milestones(self, case: CaseFacts) -> Sequence[MilestoneInfo]:
        start = case.sick_leave_start or case.opened_at.date()
        met = next((e.at.date() for e in case.events if e.kind == "plan.activated"), None)
        return (
            MilestoneInfo(
                "PLAN", {"en": "Return-to-work plan"}, start + timedelta(days=self.plan_due_days),
                StakeholderType.EMPLOYER, f"{LAW} § 7", met_on=met,
                not_applicable=met is None and case.status is CaseStatus.CLOSED,
            ),
        )  # fmt: skip

    def assess(self, case: CaseFacts, today: date) -> Sequence[Violation]:
        return [v for plan in case.plans for v in self.evaluate(SavePlan(plan), case)]

    def orientation(
        self, case: CaseFacts, milestones: Sequence[MilestoneInfo], today: date
    ) -> OrientationInfo:
        pending = [m for m in milestones if m.met_on is None and not m.not_applicable]
        return OrientationInfo(
            summary={
                "en": f"The case is {case.status.value.lower()}; {len(pending)} deadline(s) ahead."
            },
            next_steps=tuple(NextStepInfo(m.names, m.responsible, m.due_date) for m in pending),
            blockers=tuple(
                {"en": f"{m.names['en']} is overdue"} for m in pending if m.due_date < today
            ),
        )

    # -- schema
    def details_type(self) -> type | None:
        return ExampleCaseDetails

    def present_details(self, case: CaseFacts) -> object | None:
        return ExampleCaseDetails(
            jurisdiction_code=self.code, local_case_number=case.details.get("localCaseNumber")
        )

    def case_commands(self) -> Sequence[CaseCommand]:
        return (
            CaseCommand(
                "exRecordLocalCaseNumber", ExRecordLocalCaseNumberInput, (StakeholderType.CASE_MANAGER,),
                "cases:write", {"en": "Record the local office's case number."}, _record_number,
            ),
        )  # fmt: skip
