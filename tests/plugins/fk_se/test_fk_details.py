"""Validation and normalization of Swedish details, and the typed FkCaseDetails."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import pytest
from fk_cases import SE, START, case, certificate, codes, day, periods

from vocrehab.hooks import EmploymentStatus
from vocrehab_fk_se.schema import FkCaseDetails
from vocrehab_fk_se.vocabulary import AssessmentBasis, ChainStage, EmployerPlanStatus, Payer


def check(target: str, details: object) -> tuple[dict[str, object], list[str], list[object]]:
    result = SE.validate_details(target, details, None)  # type: ignore[arg-type]
    return dict(result.value), codes(result.violations), [v.field for v in result.violations]


def test_empty_details_are_valid_everywhere() -> None:
    for target in ("case", "assessment", "intervention"):
        assert check(target, {}) == ({}, [], [])


@pytest.mark.parametrize("target", ["case", "assessment", "intervention"])
def test_unknown_keys_are_refused(target: str) -> None:
    value, found, fields = check(target, {"sickPeriod": []})
    assert value == {} and found == ["FK_DETAILS_UNKNOWN_FIELD"] and fields == [("sickPeriod",)]


def test_details_must_be_an_object() -> None:
    assert check("case", ["x"])[1] == ["FK_DETAILS_INVALID"]


def test_sick_periods_are_normalized_and_sorted() -> None:
    raw = {"sickPeriods": [
        {"start": "2026-02-01", "end": "2026-02-28", "degree": 50},
        {"start": date(2026, 1, 1), "end": "2026-01-31", "degree": 100},
    ]}  # fmt: skip
    value, found, _ = check("case", raw)
    assert found == []
    assert value["sickPeriods"] == [
        {"start": "2026-01-01", "end": "2026-01-31", "degree": 100},
        {"start": "2026-02-01", "end": "2026-02-28", "degree": 50},
    ]


def test_frozen_snapshots_validate_like_json() -> None:
    frozen = MappingProxyType(
        {
            "sickPeriods": (
                MappingProxyType({"start": "2026-01-01", "end": "2026-01-10", "degree": 25}),
            )
        }
    )
    assert check("case", frozen)[1] == []


@pytest.mark.parametrize(
    ("period", "code", "field"),
    [
        ({"start": "2026-01-01", "end": "2026-01-10", "degree": 60}, "FK_DEGREE", ("sickPeriods", "0", "degree")),
        ({"start": "2026-01-10", "end": "2026-01-09", "degree": 100}, "FK_SICK_PERIOD", ("sickPeriods", "0", "end")),
        ({"start": "2026-01-10", "end": "2026-01-09"}, "FK_DETAILS_INVALID", ("sickPeriods", "0", "degree")),
        ({"start": "not a date", "end": "2026-01-09", "degree": 100}, "FK_DETAILS_INVALID", ("sickPeriods", "0", "start")),
        ({"start": "2026-01-01", "end": "2026-01-09", "degree": 100, "grad": 1}, "FK_DETAILS_UNKNOWN_FIELD", ("sickPeriods", "0", "grad")),
    ],
)  # fmt: skip
def test_bad_sick_periods(period: dict[str, object], code: str, field: tuple[str, ...]) -> None:
    value, found, fields = check("case", {"sickPeriods": [period]})
    assert found == [code] and fields == [field] and "sickPeriods" not in value


def test_sick_periods_share_no_day() -> None:
    touching = periods((START, day(10), 100), (day(11), day(20), 50))
    assert check("case", touching)[1] == []
    overlapping = periods((START, day(10), 100), (day(10), day(20), 50))
    assert check("case", overlapping)[1] == ["FK_SICK_PERIOD"]


def test_the_other_case_fields() -> None:
    value, found, _ = check("case", {
        "expectedDuration": {"days": 90, "assessedOn": "2026-01-05"},
        "employerPlan": {"status": "DRAWN_UP", "on": "2026-01-20"},
        "chainExceptions": ["SERIOUS_ILLNESS", "SERIOUS_ILLNESS", "RETURN_SAME_HOURS_BY_DAY_365"],
    })  # fmt: skip
    assert found == []
    assert value["chainExceptions"] == ["RETURN_SAME_HOURS_BY_DAY_365", "SERIOUS_ILLNESS"]
    assert check("case", {"expectedDuration": {"days": 0, "assessedOn": "2026-01-05"}})[1] == [
        "FK_DETAILS_INVALID"
    ]
    assert check("case", {"employerPlan": {"status": "MAYBE", "on": "2026-01-20"}})[1] == [
        "FK_DETAILS_INVALID"
    ]
    assert check("case", {"chainExceptions": ["AGE_63"]})[1] == ["FK_DETAILS_INVALID"]


def test_null_clears_a_field() -> None:
    assert check("case", {"employerPlan": None}) == ({"employerPlan": None}, [], [])


def test_assessment_details_hold_the_certificate_or_the_basis() -> None:
    value, found, _ = check("assessment", dict(certificate().details))
    assert found == [] and "fk7804" in value
    assert check("assessment", {"basis": "OWN_JOB"})[1] == []
    assert check("assessment", {"basis": "ELSEWHERE"})[1] == ["FK_DETAILS_INVALID"]


def test_the_certificates_shape_is_checked_with_paths() -> None:
    _, found, fields = check(
        "assessment",
        {
            "fk7804": {
                "sjukskrivningar": [{"grad": "half", "from": "2026-01-01", "tom": "2026-01-02"}]
            }
        },
    )
    assert found == ["FK_DETAILS_INVALID"] and fields == [
        ("fk7804", "sjukskrivningar", "0", "grad")
    ]
    _, found, fields = check("assessment", {"fk7804": {"diagnos": "F32"}})
    assert found == ["FK_DETAILS_UNKNOWN_FIELD"] and fields == [("fk7804", "diagnos")]


@pytest.mark.parametrize(("length", "ok"), [(150, True), (151, False)])
def test_the_early_start_reason_is_at_most_150_characters(length: int, ok: bool) -> None:
    details = {"fk7804": {"motiveringTillTidigtStartdatumForSjukskrivning": "x" * length}}
    assert check("assessment", details)[1] == ([] if ok else ["FK_DETAILS_INVALID"])


# --------------------------------------------------------------------------- FkCaseDetails


def present(**changes: object) -> FkCaseDetails:
    found = SE.present_details(case(**changes))
    assert isinstance(found, FkCaseDetails)
    return found


def test_present_details_as_of_the_last_recorded_day() -> None:
    details = {
        **periods((START, day(60), 100), (day(61), day(120), 50)),
        "expectedDuration": {"days": 150, "assessedOn": day(10).isoformat()},
        "chainExceptions": ["SERIOUS_ILLNESS"],
    }
    found = present(details=details)
    assert found.jurisdiction_code == "se"
    assert [(p.start, p.end, p.degree) for p in found.sick_periods] == [
        (START, day(60), 100),
        (day(61), day(120), 50),
    ]
    assert (found.chain_start, found.spell_start, found.recorded_through) == (
        START,
        START,
        day(120),
    )
    assert found.cumulative_sick_days == 120
    assert found.stage is ChainStage.DAYS_91_180
    assert found.basis_of_assessment is AssessmentBasis.ANY_JOB_AT_EMPLOYER
    assert found.expected_duration_days == 150 and found.expected_at_least_60_days is True
    assert found.employer_plan is not None
    assert found.employer_plan.status is EmployerPlanStatus.REQUIRED
    assert found.employer_plan.due_date == day(30)
    # the serious-illness exception of the chain does not by itself keep the normal level:
    # that is Försäkringskassan's decision (fkRecordNormalLevelDecision)
    assert found.continuation_level_from == day(365)
    assert found.normal_level_decision is None
    kept = present(
        details={
            **details,
            "normalLevelDecision": {"keepsNormalLevel": True, "decidedOn": day(300).isoformat()},
        }
    )
    assert kept.continuation_level_from is None
    assert kept.normal_level_decision is not None
    assert (
        kept.normal_level_decision.keeps_normal_level,
        kept.normal_level_decision.decided_on,
    ) == (True, day(300))
    assert kept.position(day(400)).sickness_benefit_level_percent == 80
    assert found.position(day(400)).sickness_benefit_level_percent == 75


def test_position_on_a_day() -> None:
    found = present()
    assert found.recorded_through is None and found.cumulative_sick_days is None
    first = found.position(day(14))
    assert (first.day, first.paid_by, first.sickness_benefit_level_percent) == (
        14,
        Payer.EMPLOYER,
        None,
    )
    fk = found.position(day(15))
    assert (fk.paid_by, fk.sickness_benefit_level_percent) == (Payer.FORSAKRINGSKASSAN, 80)
    late = found.position(day(365))
    assert late.stage is ChainStage.DAYS_181_365 and late.sickness_benefit_level_percent == 75
    assert late.basis_of_assessment is AssessmentBasis.NORMALLY_OCCURRING_WORK
    before = found.position(START.replace(year=2025))
    assert (before.day, before.stage, before.paid_by) == (0, None, None)
    assert found.continuation_level_from == day(365)


def test_no_employer_plan_for_those_without_an_employer() -> None:
    found = present(employment_status=EmploymentStatus.UNEMPLOYED, has_employer=False)
    assert found.employer_plan is None
    assert found.position(day(2)).paid_by is Payer.FORSAKRINGSKASSAN
