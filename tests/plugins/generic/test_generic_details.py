"""`validate_details` and `present_details` of the generic jurisdiction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    DetailsCheck,
    DetailsTarget,
    EmploymentStatus,
    ParticipantFacts,
    ReturnToWorkPhase,
    Severity,
)
from vocrehab_generic import GenericJurisdiction, GenericOptions
from vocrehab_generic.schema import GenericCaseDetails

GENERIC = GenericJurisdiction()
RULE_CODES = {rule.code for rule in GENERIC.rules()}


def make_case(**changes: object) -> CaseFacts:
    base = CaseFacts(
        id="case-1",
        reference="GEN-2026-000001",
        jurisdiction="generic",
        status=CaseStatus.OPEN,
        phase=ReturnToWorkPhase.OFF_WORK,
        employment_status=EmploymentStatus.EMPLOYED,
        has_employer=True,
        sick_leave_start=None,
        opened_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
        closed_at=None,
        participant=ParticipantFacts("p-1", "generic", None, None, "en"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def validate(target: DetailsTarget, details: Mapping[str, Any]) -> DetailsCheck:
    result = GENERIC.validate_details(target, details, make_case())
    assert {v.code for v in result.violations} <= RULE_CODES
    assert all(v.severity is Severity.ERROR for v in result.violations)
    return result


def only_violation(
    target: DetailsTarget, details: Mapping[str, Any]
) -> tuple[str, tuple[str, ...]]:
    result = validate(target, details)
    [violation] = result.violations
    assert violation.field is not None
    return violation.code, violation.field


# --------------------------------------------------------------------------- case


def test_case_details_are_normalized() -> None:
    result = validate(
        "case",
        {
            "referralSource": "  General practitioner ",
            "expectedReturnDate": "20260301",
            "planDueDays": 21,
            "reviewIntervalDays": 60,
        },
    )
    assert result.violations == ()
    assert result.value == {
        "referralSource": "General practitioner",
        "expectedReturnDate": "2026-03-01",
        "planDueDays": 21,
        "reviewIntervalDays": 60,
    }


def test_empty_details_are_valid() -> None:
    assert validate("case", {}) == DetailsCheck(value={})


def test_case_details_validate_without_a_case() -> None:
    result = GENERIC.validate_details("case", {"planDueDays": 10}, None)
    assert result == DetailsCheck(value={"planDueDays": 10})


def test_null_clears_a_field() -> None:
    assert validate("case", {"expectedReturnDate": None}).value == {"expectedReturnDate": None}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("planDueDays", 1),
        ("planDueDays", 365),
        ("reviewIntervalDays", 7),
        ("reviewIntervalDays", 365),
        ("referralSource", "x" * 200),
        ("expectedReturnDate", "2026-02-28"),
    ],
)
def test_case_detail_accepted_at_its_bound(key: str, value: object) -> None:
    assert validate("case", {key: value}).violations == ()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("planDueDays", 0),
        ("planDueDays", 366),
        ("planDueDays", "30"),
        ("planDueDays", 30.0),
        ("planDueDays", True),
        ("reviewIntervalDays", 6),
        ("reviewIntervalDays", 366),
        ("referralSource", "x" * 201),
        ("referralSource", 12),
        ("expectedReturnDate", "2026-02-30"),
        ("expectedReturnDate", "next spring"),
        ("expectedReturnDate", 20260301),
    ],
)
def test_case_detail_rejected(key: str, value: object) -> None:
    assert only_violation("case", {key: value}) == ("GEN_DETAILS_INVALID", (key,))


def test_unknown_case_key() -> None:
    assert only_violation("case", {"planDueDayz": 10}) == (
        "GEN_DETAILS_UNKNOWN_FIELD",
        ("planDueDayz",),
    )


def test_the_value_keeps_only_the_keys_that_passed() -> None:
    result = validate("case", {"planDueDays": 0, "referralSource": "Employer", "colour": "red"})
    assert result.value == {"referralSource": "Employer"}
    assert sorted(v.code for v in result.violations) == [
        "GEN_DETAILS_INVALID",
        "GEN_DETAILS_UNKNOWN_FIELD",
    ]


def test_details_that_are_not_an_object() -> None:
    result = validate("case", ["planDueDays"])  # type: ignore[arg-type]
    assert result.value == {}
    assert [v.code for v in result.violations] == ["GEN_DETAILS_INVALID"]


# --------------------------------------------------------------------------- other targets


@pytest.mark.parametrize("score", [0, 3, 2.5, -1.25])
def test_assessment_details(score: float) -> None:
    result = validate("assessment", {"instrument": "WAI", "score": score})
    assert result == DetailsCheck(value={"instrument": "WAI", "score": score})


@pytest.mark.parametrize(
    ("key", "value"),
    [("score", "high"), ("score", True), ("score", float("nan")), ("instrument", 3)],
)
def test_assessment_detail_rejected(key: str, value: object) -> None:
    assert only_violation("assessment", {key: value}) == ("GEN_DETAILS_INVALID", (key,))


def test_unknown_assessment_key() -> None:
    assert only_violation("assessment", {"goal": "x"}) == ("GEN_DETAILS_UNKNOWN_FIELD", ("goal",))


def test_intervention_details() -> None:
    assert validate("intervention", {"goal": "Work 50 % by May"}) == DetailsCheck(
        value={"goal": "Work 50 % by May"}
    )
    assert only_violation("intervention", {"goal": 5}) == ("GEN_DETAILS_INVALID", ("goal",))
    assert only_violation("intervention", {"score": 5}) == (
        "GEN_DETAILS_UNKNOWN_FIELD",
        ("score",),
    )


# --------------------------------------------------------------------------- presentation


def test_present_details_falls_back_to_the_options() -> None:
    jurisdiction = GenericJurisdiction(GenericOptions(plan_due_days=20, review_interval_days=45))
    presented = jurisdiction.present_details(make_case())
    assert presented == GenericCaseDetails(
        jurisdiction_code="generic",
        referral_source=None,
        expected_return_date=None,
        plan_due_days=20,
        review_interval_days=45,
    )


def test_present_details_uses_the_cases_own_values() -> None:
    case = make_case(
        details={
            "referralSource": "Occupational health",
            "expectedReturnDate": "2026-05-01",
            "planDueDays": 14,
            "reviewIntervalDays": 28,
        }
    )
    presented = GENERIC.present_details(case)
    assert presented == GenericCaseDetails(
        jurisdiction_code="generic",
        referral_source="Occupational health",
        expected_return_date=date(2026, 5, 1),
        plan_due_days=14,
        review_interval_days=28,
    )


def test_present_details_ignores_stored_values_that_would_not_validate() -> None:
    presented = GENERIC.present_details(make_case(details={"planDueDays": 0, "other": 1}))
    assert isinstance(presented, GenericCaseDetails)
    assert presented.plan_due_days == 30
