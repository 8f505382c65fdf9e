"""A jurisdiction ("xx") built on the generic rules, for the contract members the bundled
plugins use little: a benefit with a degree range and amounts, an optional milestone,
and details in two versions (version 2 renamed one key and dropped another).

`XxV1` is the plugin as a country team first shipped it; `XxV2` the same plugin a
release later. Tests write cases with one installed and read and change them with
the other, as a deployment would across an upgrade.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import strawberry

from vocrehab.hooks import (
    CASE_CONFERENCE,
    AllowedValues,
    AmountPeriod,
    Amounts,
    BenefitTypeInfo,
    CaseCommand,
    CaseFacts,
    CommandResult,
    DataCategory,
    DetailsCheck,
    DetailsTarget,
    JurisdictionDetails,
    MeetingKindInfo,
    MilestoneInfo,
    PluginInfo,
    RuleInfo,
    Severity,
    StakeholderType,
    Violation,
    data_categories,
    hookimpl,
)
from vocrehab.hooks.host import PluginHost
from vocrehab_generic.jurisdiction import GenericJurisdiction

LAW = "Test Sickness Benefit Act"
DAILY = BenefitTypeInfo(
    "DAILY",
    {"en": "Daily benefit"},
    legal_reference=f"{LAW} § 1",
    # A partial sick leave takes at least 4 of 37 hours a week off: 11 % and up.
    degrees=AllowedValues.between(11, 100, legal_reference=f"{LAW} § 4"),
    amounts=Amounts(
        "DKK", AllowedValues.between(0, 5000, step=10, legal_reference=f"{LAW} § 5"),
        AmountPeriod.WEEK,
    ),
)  # fmt: skip
OPTIONAL_CODE = "XX_RETENTION_PLAN"
RULES = (
    RuleInfo("XX_DETAILS", Severity.ERROR, {"en": "Case details are the Act's."}, f"{LAW} § 9"),
)


@data_categories(DataCategory.PLAN)
@strawberry.type(name="XxCaseDetails", description="Case details in the test jurisdiction.")
class XxCaseDetails(JurisdictionDetails):
    note: str | None = strawberry.field(default=None, description="A note.")
    org_number: str | None = strawberry.field(default=None, description="The employer's number.")


@strawberry.input(name="XxRecordNoteInput", description="A note on the case.")
class XxRecordNoteInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    note: str = strawberry.field(description="The note.")


@strawberry.input(name="XxRecordEmployerInput", description="The employer's number.")
class XxRecordEmployerInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    org_number: str = strawberry.field(description="Nine digits.")


def _violation(message: str, field: tuple[str, ...]) -> Violation:
    return Violation("XX_DETAILS", Severity.ERROR, message, f"{LAW} § 9", field)


class XxV1(GenericJurisdiction):
    code = "xx"
    names = {"en": "Testland"}
    country = "DK"
    reference_prefix = "XX"
    schema_prefix = "xx"
    event_kinds = {
        "xx.note.recorded": "A note was recorded.",
        "xx.employer.recorded": "The employer was recorded.",
    }
    case_keys: frozenset[str] = frozenset({"caseNote", "legacyFlag"})

    def benefit_types(self) -> Sequence[BenefitTypeInfo]:
        return (DAILY,)

    def meeting_kinds(self) -> Sequence[MeetingKindInfo]:
        # Its milestones are not the generic plugin's: the generic meetings that meet
        # those would name milestones this jurisdiction never computes.
        conference = CASE_CONFERENCE
        return (replace(conference, names={"en": conference.names["en"]}),)

    def rules(self) -> Sequence[RuleInfo]:
        return (*super().rules(), *RULES)

    def validate_details(
        self, target: DetailsTarget, details: Mapping[str, Any], case: CaseFacts | None
    ) -> DetailsCheck:
        if target != "case":
            return super().validate_details(target, details, case)
        found = [
            _violation(f"{key} is not a details field", (key,))
            for key in sorted(set(details) - self.case_keys)
        ]
        employer = details.get("employer")
        if employer is not None:
            number = employer.get("orgNumber") if isinstance(employer, Mapping) else None
            if not (isinstance(number, str) and len(number) == 9 and number.isdigit()):
                found.append(_violation("must be nine digits", ("employer", "orgNumber")))
        return DetailsCheck(dict(details), tuple(found))

    def milestones(self, case: CaseFacts) -> Sequence[MilestoneInfo]:
        start = case.sick_leave_start or case.opened_at.date()
        return (
            MilestoneInfo(
                OPTIONAL_CODE, {"en": "Retention plan on request"}, start + timedelta(weeks=8),
                StakeholderType.CASE_MANAGER, f"{LAW} § 7", optional=True,
            ),
            MilestoneInfo(
                "XX_REVIEW", {"en": "Review"}, start + timedelta(weeks=52),
                StakeholderType.CASE_MANAGER, f"{LAW} § 8",
            ),
        )  # fmt: skip

    def assess(self, case: CaseFacts, today: date) -> Sequence[Violation]:
        return ()

    def details_type(self) -> type | None:
        return XxCaseDetails

    def present_details(self, case: CaseFacts) -> object | None:
        employer = case.details.get("employer") or {}
        return XxCaseDetails(
            jurisdiction_code=self.code,
            note=case.details.get("note", case.details.get("caseNote")),
            org_number=employer.get("orgNumber"),
        )

    def case_commands(self) -> Sequence[CaseCommand]:
        def note(case: CaseFacts, given: Any, today: date) -> CommandResult:
            return CommandResult({**case.details, "note": given.note}, "xx.note.recorded", "Noted")

        def employer(case: CaseFacts, given: Any, today: date) -> CommandResult:
            details = {**case.details, "employer": {"orgNumber": given.org_number}}
            return CommandResult(details, "xx.employer.recorded", "Employer recorded")

        return (
            CaseCommand("xxRecordNote", XxRecordNoteInput, (StakeholderType.CASE_MANAGER,),
                        "cases:write", {"en": "Record a note."}, note),
            CaseCommand("xxRecordEmployer", XxRecordEmployerInput, (StakeholderType.CASE_MANAGER,),
                        "cases:write", {"en": "Record the employer."}, employer),
        )  # fmt: skip


class XxV2(XxV1):
    """Version 2 of the details: "caseNote" is "note", "legacyFlag" is gone, and an
    employer's number may be recorded."""

    details_version = 2
    case_keys = frozenset({"note", "employer"})

    def upgrade_details(
        self, target: DetailsTarget, details: Mapping[str, Any], version: int
    ) -> Mapping[str, Any]:
        if target != "case" or version != 1:
            return details
        upgraded = {k: v for k, v in details.items() if k not in {"caseNote", "legacyFlag"}}
        if "caseNote" in details:
            upgraded["note"] = details["caseNote"]
        return upgraded


def host_of(jurisdiction: XxV1) -> PluginHost:
    module = SimpleNamespace(
        vocrehab_register_jurisdictions=hookimpl(lambda config: [jurisdiction])
    )
    return PluginHost.load(allow=["xx"], extra=[("xx", module, PluginInfo("vocrehab-xx", "1"))])
