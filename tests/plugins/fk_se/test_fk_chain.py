"""The rehabilitation chain's basis of assessment (R23), at every boundary."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from fk_cases import SE, START, assessment, case, codes, day, periods

from vocrehab.hooks import EmploymentStatus, ParticipantFacts, RecordAssessment
from vocrehab_fk_se.chain import ChainFacts, age_on, stage_of
from vocrehab_fk_se.vocabulary import AssessmentBasis, ChainStage

OWN, ANY, NORMAL = (
    AssessmentBasis.OWN_JOB,
    AssessmentBasis.ANY_JOB_AT_EMPLOYER,
    AssessmentBasis.NORMALLY_OCCURRING_WORK,
)


def assess_on(on: date, basis: AssessmentBasis | None, **case_changes: object) -> list[str]:
    details = {} if basis is None else {"basis": basis.value}
    change = RecordAssessment(assessment("se.WORK_CAPACITY", on, details=details))
    return codes(SE.evaluate(change, case(**case_changes)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("number", "stage"),
    [(0, None), (1, ChainStage.DAYS_1_90), (90, ChainStage.DAYS_1_90),
     (91, ChainStage.DAYS_91_180), (180, ChainStage.DAYS_91_180),
     (181, ChainStage.DAYS_181_365), (365, ChainStage.DAYS_181_365),
     (366, ChainStage.FROM_DAY_366)],
)  # fmt: skip
def test_stages_by_day(number: int, stage: ChainStage | None) -> None:
    assert stage_of(number) is stage


@pytest.mark.parametrize(
    ("number", "basis", "ok"),
    [
        (90, OWN, True),  # days 1-90: own job
        (91, OWN, False),  # day 91: any work at the employer
        (91, ANY, True),
        (180, ANY, True),
        (181, ANY, False),  # day 181: normally occurring work
        (181, NORMAL, True),
        (30, NORMAL, True),  # broader than the stage: an investigation ahead of it
        (30, ANY, True),
    ],
)
def test_the_basis_may_not_be_narrower_than_the_stage(
    number: int, basis: AssessmentBasis, ok: bool
) -> None:
    assert assess_on(day(number), basis) == ([] if ok else ["FK_CHAIN_BASIS"])


@pytest.mark.parametrize(("birth_year", "ok"), [(1963, True), (1964, False)])
def test_age_63_keeps_the_employer_test_after_day_180(birth_year: int, ok: bool) -> None:
    on = day(200)  # 2026-07-19
    person = ParticipantFacts("p-1", "se", date(birth_year, 7, 19), None, "sv")
    assert age_on(date(birth_year, 7, 19), on) == 2026 - birth_year
    assert assess_on(on, ANY, participant=person) == ([] if ok else ["FK_CHAIN_BASIS"])


def test_turning_63_the_day_after_is_not_yet_63() -> None:
    person = ParticipantFacts("p-1", "se", date(1963, 7, 20), None, "sv")
    assert assess_on(day(200), ANY, participant=person) == ["FK_CHAIN_BASIS"]


@pytest.mark.parametrize(("number", "ok"), [(365, True), (366, False)])
def test_a_recorded_exception_lasts_until_day_365(number: int, ok: bool) -> None:
    details = {"chainExceptions": ["RETURN_SAME_HOURS_BY_DAY_365"]}
    assert assess_on(day(number), ANY, details=details) == ([] if ok else ["FK_CHAIN_BASIS"])


def test_linked_periods_count_together_for_the_basis() -> None:
    """60 days, a 60-day break, then day 31 of the new period is chain day 91."""
    details = periods((START, day(60), 100), (day(121), day(200), 100))
    assert assess_on(day(150), OWN, details=details, sick_leave_start=None) == []  # chain day 90
    assert assess_on(day(151), OWN, details=details, sick_leave_start=None) == ["FK_CHAIN_BASIS"]


def test_a_new_chain_after_90_days_back_at_work_starts_at_day_1() -> None:
    details = periods((START, day(100), 100), (day(191), day(300), 100))
    assert assess_on(day(200), OWN, details=details, sick_leave_start=None) == []


def test_the_unemployed_are_assessed_against_normally_occurring_work_from_day_1() -> None:
    unemployed = {"employment_status": EmploymentStatus.UNEMPLOYED, "has_employer": False}
    assert assess_on(day(1), NORMAL, **unemployed) == []
    assert assess_on(day(1), OWN, **unemployed) == ["FK_CHAIN_BASIS"]


def test_the_self_employed_have_no_employer_to_be_assessed_against() -> None:
    self_employed = {"employment_status": EmploymentStatus.SELF_EMPLOYED}
    assert assess_on(day(100), OWN, **self_employed) == []
    assert assess_on(day(300), NORMAL, **self_employed) == []
    assert assess_on(day(10), ANY, **self_employed) == ["FK_CHAIN_BASIS"]


def test_a_work_capacity_assessment_states_its_basis() -> None:
    assert assess_on(day(10), None) == ["FK_CHAIN_BASIS"]


def test_only_a_work_capacity_assessment_states_a_basis() -> None:
    change = RecordAssessment(assessment("se.AFU", day(10), details={"basis": "OWN_JOB"}))
    assert codes(SE.evaluate(change, case())) == ["FK_CHAIN_BASIS"]


def test_before_the_sick_leave_there_is_no_stage_to_check() -> None:
    assert assess_on(START - timedelta(days=1), OWN) == []


def test_basis_on_for_students_is_not_derived() -> None:
    chain = ChainFacts.of(case(employment_status=EmploymentStatus.STUDENT))
    assert chain.basis_on(day(200)) is None
    assert ChainFacts.of(replace(case(), sick_leave_start=None)).basis_on(day(1)) is None
