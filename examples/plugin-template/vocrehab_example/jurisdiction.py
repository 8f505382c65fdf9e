"""Exampleland's rules: one benefit, one intervention, a deadline and a possibility, two
rules, details in their second version, one demo case.

Small on purpose, but complete: every member of the protocol does real work,
so that replacing it with a country's rules is a matter of content.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

import strawberry

from vocrehab.hooks import (
    ActivatePlan,
    ActorKind,
    AllowedValues,
    AssessmentKindInfo,
    BenefitTypeInfo,
    CaseCommand,
    CaseFacts,
    CaseStatus,
    Change,
    CommandResult,
    DataCategory,
    DayOptions,
    Demo,
    DetailsCheck,
    DetailsTarget,
    IdCheck,
    InterventionTypeInfo,
    JurisdictionBase,
    JurisdictionDetails,
    MilestoneInfo,
    OrientationInfo,
    ReferenceData,
    RuleCatalogue,
    RuleInfo,
    SavePlan,
    Severity,
    StakeholderType,
    Texts,
    Violation,
    data_categories,
    milestone_steps,
    overdue,
    pending,
)
from vocrehab.hooks import demo as d

LAW = "Exampleland Social Insurance Act"
RULES = (
    RuleInfo("EX_PLAN_STEPS", Severity.ERROR, {"en": "A plan has steps in date order."}, f"{LAW} § 7"),
    RuleInfo("EX_DETAILS", Severity.ERROR, {"en": "Case details hold only a local case number."}, f"{LAW} § 1"),
)  # fmt: skip
CATALOGUE = RuleCatalogue(RULES)
violation = CATALOGUE.violation  # only listed rules can be reported


@dataclass(frozen=True)
class ExampleOptions(DayOptions):
    """Deployment options (VOCREHAB_PLUGIN_OPTIONS='{"example": {"plan_due_days": 21}}')."""

    PLUGIN: ClassVar[str] = "example"
    RANGES: ClassVar[Mapping[str, tuple[int, int]]] = {"plan_due_days": (7, 90)}
    plan_due_days: int = 28


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


class Exampleland(JurisdictionBase):
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

    # -- options, reference data, rules and commands: tables JurisdictionBase answers from
    options_type = ExampleOptions
    options: ExampleOptions
    reference = ReferenceData(
        benefit_types=(
            BenefitTypeInfo(
                "SICKNESS",
                {"en": "Sickness benefit"},
                legal_reference=f"{LAW} § 2",
                # The platform refuses any other degree, citing the law.
                degrees=AllowedValues.of(50, 100, legal_reference=f"{LAW} § 3"),
            ),
        ),
        intervention_types=(
            InterventionTypeInfo("WORK_TRIAL", {"en": "Work trial"}, 12, f"{LAW} § 9"),
        ),
        assessment_kinds=(AssessmentKindInfo("WORK_CAPACITY", {"en": "Work capacity"}),),
    )
    catalogue = CATALOGUE
    commands = (
        CaseCommand(
            "exRecordLocalCaseNumber", ExRecordLocalCaseNumberInput, (StakeholderType.CASE_MANAGER,),
            "cases:write", {"en": "Record the local office's case number."}, _record_number,
        ),
    )  # fmt: skip

    # -- validation
    def validate_national_id(self, value: str) -> IdCheck:
        digits = value.replace(" ", "")
        if len(digits) == 8 and digits.isdigit():
            return IdCheck(True, digits)
        return IdCheck(False, message="an Exampleland id has 8 digits")

    def validate_organisation_number(self, value: str) -> IdCheck:
        return self.validate_national_id(value)

    # -- details: version 2 renamed "caseNumber" (version 1) to "localCaseNumber"; the
    # platform upgrades details stored in version 1 before any method sees them.
    details_version = 2

    def upgrade_details(
        self, target: DetailsTarget, details: Mapping[str, Any], version: int
    ) -> Mapping[str, Any]:
        if version == 1 and target == "case" and "caseNumber" in details:
            rest = {k: v for k, v in details.items() if k != "caseNumber"}
            return {**rest, "localCaseNumber": details["caseNumber"]}
        return details

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
        # The benefit's degree is the platform's to check, against its `degrees`.
        match change:
            case SavePlan(plan) | ActivatePlan(plan):
                starts = [step.start_date for step in plan.steps]
                if starts != sorted(starts):
                    return [violation("EX_PLAN_STEPS", "Steps must be in date order", ("steps",))]
        return []

    # -- time and orientation
    def milestones(self, case: CaseFacts) -> Sequence[MilestoneInfo]:
        start = case.sick_leave_start or case.opened_at.date()
        met = next((e.at.date() for e in case.events if e.kind == "plan.activated"), None)
        trial = min((i.start_date for i in case.interventions if i.start_date), default=None)
        closed = case.status is CaseStatus.CLOSED
        return (
            MilestoneInfo(
                "PLAN", {"en": "Return-to-work plan"}, start + timedelta(days=self.options.plan_due_days),
                StakeholderType.EMPLOYER, f"{LAW} § 7", met_on=met,
                not_applicable=met is None and closed,
            ),
            # A possibility, not a duty: past its day it is OPTIONAL, never OVERDUE.
            MilestoneInfo(
                "WORK_TRIAL_OFFER", {"en": "Offer of a work trial"}, start + timedelta(days=42),
                StakeholderType.CASE_MANAGER, f"{LAW} § 9", met_on=trial,
                not_applicable=trial is None and closed, optional=True,
            ),
        )  # fmt: skip

    def assess(self, case: CaseFacts, today: date) -> Sequence[Violation]:
        return [v for plan in case.plans for v in self.evaluate(SavePlan(plan), case)]

    def orientation(
        self, case: CaseFacts, milestones: Sequence[MilestoneInfo], today: date
    ) -> OrientationInfo:
        ahead = len(pending(milestones))
        return OrientationInfo(
            summary={"en": f"The case is {case.status.value.lower()}; {ahead} deadline(s) ahead."},
            next_steps=tuple(milestone_steps(milestones)),
            blockers=tuple(
                {"en": f"{m.names['en']} is overdue"} for m in overdue(milestones, today)
            ),
        )

    # -- schema
    def details_type(self) -> type | None:
        return ExampleCaseDetails

    def present_details(self, case: CaseFacts) -> object | None:
        return ExampleCaseDetails(
            jurisdiction_code=self.code, local_case_number=case.details.get("localCaseNumber")
        )

    # -- demo: `vocrehab demo seed` plays this through the platform's services
    def demo(self) -> Demo:
        return Demo(
            actors=(
                d.DemoActor("ex-office", ActorKind.ORGANISATION, StakeholderType.CASE_MANAGER,
                            "Exampleland Insurance Office"),
                d.DemoActor("ex-adviser", ActorKind.PERSON, StakeholderType.CASE_MANAGER,
                            "Alex Example", "ex-office", token="Exampleland: case manager"),
            ),
            stories=(
                d.DemoStory(
                    d.DemoPerson("Robin", "Sample", "12345678", "en"),
                    d.OpenCase(by="ex-adviser", at=20, sick_leave_start=d.Ago(20)),
                    steps=(
                        d.GrantBenefit(by="ex-adviser", at=18, benefit_type="SICKNESS",
                                       degree=100, start=d.Ago(20)),
                        d.RunCommand(by="ex-adviser", at=17, name="exRecordLocalCaseNumber",
                                     fields={"number": "EX-0042"}),
                    ),
                ),
            ),
        )  # fmt: skip
