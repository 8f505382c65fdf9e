"""Milestones of a Swedish case: due and met dates, applicability, determinism."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta

import pytest
from fk_cases import SE, START, assessment, case, certificate, day, event, periods

from vocrehab.hooks import (
    BenefitFacts,
    CaseFacts,
    CaseStatus,
    DataCategory,
    EmploymentStatus,
    MilestoneInfo,
    ParticipantFacts,
    ReturnToWorkPhase,
    StakeholderType,
)
from vocrehab_fk_se.vocabulary import ChainException

CODES = [
    "MEDICAL_CERTIFICATE",
    "SICKNESS_BENEFIT_FROM_DAY_15",
    "EMPLOYER_SICK_REPORT",
    "EMPLOYER_PLAN",
    "CHAIN_DAY_90",
    "CHAIN_DAY_180",
    "CHAIN_DAY_365",
]


def by_code(facts: CaseFacts) -> dict[str, MilestoneInfo]:
    return {m.code: m for m in SE.milestones(facts)}


def test_all_milestones_of_an_ongoing_leave_with_their_due_dates() -> None:
    found = by_code(case())
    assert list(found) == CODES
    due = {code: m.due_date for code, m in found.items()}
    assert due == {
        "MEDICAL_CERTIFICATE": day(8),
        "SICKNESS_BENEFIT_FROM_DAY_15": day(15),
        "EMPLOYER_SICK_REPORT": day(21),
        "EMPLOYER_PLAN": day(30),
        "CHAIN_DAY_90": day(90),
        "CHAIN_DAY_180": day(180),
        "CHAIN_DAY_365": day(365),
    }
    assert found["EMPLOYER_PLAN"].not_applicable  # no forecast yet
    assert not any(m.not_applicable for c, m in found.items() if c != "EMPLOYER_PLAN")
    assert found["MEDICAL_CERTIFICATE"].responsible is StakeholderType.CLINICIAN
    assert found["EMPLOYER_PLAN"].responsible is StakeholderType.EMPLOYER
    assert found["CHAIN_DAY_90"].legal_reference == "SFB 27 kap. 47 §"
    for milestone in found.values():
        assert milestone.names["sv"] and milestone.names["en"]
        assert milestone.descriptions and milestone.descriptions["sv"]


def test_no_sick_leave_no_milestones() -> None:
    assert SE.milestones(case(sick_leave_start=None)) == []


def test_milestones_are_deterministic() -> None:
    facts = case(details=periods((START, day(40), 100)), assessments=(certificate(day(3)),))
    assert SE.milestones(facts) == SE.milestones(copy.deepcopy(facts)) == SE.milestones(facts)


def test_the_certificate_is_met_by_the_first_fk7804_in_the_spell() -> None:
    facts = case(
        assessments=(
            certificate(day(10)),
            certificate(day(5)),
            certificate(START - timedelta(days=1)),
        )
    )
    assert by_code(facts)["MEDICAL_CERTIFICATE"].met_on == day(5)


def test_a_spell_shorter_than_8_days_needs_no_certificate() -> None:
    short = by_code(case(details=periods((START, day(7), 100)), phase=ReturnToWorkPhase.RETENTION))
    assert short["MEDICAL_CERTIFICATE"].not_applicable
    longer = by_code(case(details=periods((START, day(8), 100)), phase=ReturnToWorkPhase.RETENTION))
    assert not longer["MEDICAL_CERTIFICATE"].not_applicable
    assert longer["SICKNESS_BENEFIT_FROM_DAY_15"].not_applicable


def test_day_15_is_met_when_sjukpenning_is_granted_in_the_spell() -> None:
    events = (
        event("benefit.granted", day(16), StakeholderType.CASE_MANAGER, typeCode="SJUKPENNING"),
        event(
            "benefit.granted",
            day(12),
            StakeholderType.CASE_MANAGER,
            typeCode="REHABILITERINGSPENNING",
        ),
    )
    assert by_code(case(events=events))["SICKNESS_BENEFIT_FROM_DAY_15"].met_on == day(16)


def test_days_8_and_15_count_from_the_current_spell() -> None:
    details = periods((START, day(20), 100), (day(41), day(80), 50))
    found = by_code(case(details=details, sick_leave_start=None))
    assert found["MEDICAL_CERTIFICATE"].due_date == day(48)
    assert found["SICKNESS_BENEFIT_FROM_DAY_15"].due_date == day(55)
    assert found["CHAIN_DAY_90"].due_date == day(110)  # 20 + 40 linked days, then projected


# --------------------------------------------------------------------------- the employer's plan


def forecast(days: int, on: date) -> dict[str, object]:
    return {"expectedDuration": {"days": days, "assessedOn": on.isoformat()}}


@pytest.mark.parametrize(("days", "required"), [(59, False), (60, True)])
def test_the_plan_is_required_from_a_forecast_of_60_days(days: int, required: bool) -> None:
    plan = by_code(case(details=forecast(days, day(5))))["EMPLOYER_PLAN"]
    assert plan.not_applicable is not required
    assert plan.due_date == day(30)


@pytest.mark.parametrize(("on", "due"), [(30, 30), (31, 31), (45, 45)])
def test_a_later_forecast_makes_the_plan_due_at_once(on: int, due: int) -> None:
    plan = by_code(case(details=forecast(90, day(on))))["EMPLOYER_PLAN"]
    assert plan.due_date == day(due) and not plan.not_applicable


@pytest.mark.parametrize(("last", "required"), [(59, False), (60, True)])
def test_recorded_leave_reaching_day_60_requires_the_plan(last: int, required: bool) -> None:
    facts = case(details=periods((START, day(last), 100)), phase=ReturnToWorkPhase.RETENTION)
    plan = by_code(facts)["EMPLOYER_PLAN"]
    assert plan.not_applicable is not required
    if required:
        assert plan.due_date == day(60)


def test_the_plan_is_met_by_the_recorded_plan_or_an_employer_draft() -> None:
    recorded = {
        **forecast(90, day(5)),
        "employerPlan": {"status": "DRAWN_UP", "on": day(28).isoformat()},
    }
    assert by_code(case(details=recorded))["EMPLOYER_PLAN"].met_on == day(28)
    drafted = case(
        details=forecast(90, day(5)),
        events=(event("plan.created", day(20), StakeholderType.EMPLOYER),
                event("plan.created", day(10), StakeholderType.CASE_MANAGER)),
    )  # fmt: skip
    assert by_code(drafted)["EMPLOYER_PLAN"].met_on == day(20)


def test_no_plan_is_needed_when_the_employee_cannot_return() -> None:
    details = {
        **forecast(200, day(5)),
        "employerPlan": {"status": "NOT_NEEDED_CANNOT_RETURN", "on": day(9).isoformat()},
    }
    plan = by_code(case(details=details))["EMPLOYER_PLAN"]
    assert plan.not_applicable and plan.met_on is None


# --------------------------------------------------------------------------- the chain


def capacity(on: date, basis: str) -> object:
    return assessment("se.WORK_CAPACITY", on, details={"basis": basis})


def test_chain_checkpoints_are_met_one_after_the_other() -> None:
    facts = case(
        assessments=(
            capacity(day(85), "ANY_JOB_AT_EMPLOYER"),
            capacity(day(150), "NORMALLY_OCCURRING_WORK"),
            capacity(day(150), "OWN_JOB"),
            capacity(day(300), "NORMALLY_OCCURRING_WORK"),
        )
    )  # type: ignore[arg-type]
    found = by_code(facts)
    assert found["CHAIN_DAY_90"].met_on == day(85)
    assert found["CHAIN_DAY_180"].met_on == day(150)
    assert found["CHAIN_DAY_365"].met_on == day(300)


def test_one_assessment_meets_one_checkpoint() -> None:
    found = by_code(case(assessments=(capacity(day(100), "NORMALLY_OCCURRING_WORK"),)))  # type: ignore[arg-type]
    assert found["CHAIN_DAY_90"].met_on == day(100)
    assert found["CHAIN_DAY_180"].met_on is None
    assert found["CHAIN_DAY_365"].met_on is None


def test_an_own_job_assessment_does_not_meet_day_90() -> None:
    found = by_code(case(assessments=(capacity(day(80), "OWN_JOB"),)))  # type: ignore[arg-type]
    assert found["CHAIN_DAY_90"].met_on is None


def test_an_assessment_from_an_earlier_chain_does_not_count() -> None:
    details = periods((START, day(100), 100), (day(200), day(260), 100))
    facts = case(
        details=details,
        sick_leave_start=None,
        assessments=(capacity(day(95), "ANY_JOB_AT_EMPLOYER"),),
    )  # type: ignore[arg-type]
    assert by_code(facts)["CHAIN_DAY_90"].met_on is None
    assert by_code(facts)["CHAIN_DAY_90"].due_date == day(289)


def test_the_milestones_are_employees_duties() -> None:
    """Even what would meet them does not make them apply to someone without an employer."""
    unemployed = case(
        employment_status=EmploymentStatus.UNEMPLOYED,
        has_employer=False,
        assessments=(certificate(day(3)), capacity(day(100), "NORMALLY_OCCURRING_WORK")),
    )  # type: ignore[arg-type]
    found = by_code(unemployed)
    assert all(m.not_applicable and m.met_on is None for m in found.values())


def test_checkpoints_beyond_the_recorded_leave_lapse_once_back_at_work() -> None:
    details = periods((START, day(100), 100))
    off_work = by_code(case(details=details))
    assert not off_work["CHAIN_DAY_180"].not_applicable  # projected while off work
    back = by_code(case(details=details, phase=ReturnToWorkPhase.RETENTION))
    assert not back["CHAIN_DAY_90"].not_applicable  # reached
    assert back["CHAIN_DAY_180"].not_applicable


def test_a_closed_case_keeps_only_what_was_met() -> None:
    closed = case(
        status=CaseStatus.CLOSED,
        closed_at=datetime.combine(day(20), datetime.min.time(), UTC),
        assessments=(certificate(day(6)),),
        benefits=(BenefitFacts("b1", "SJUKPENNING", 100, day(15)),),
    )
    found = by_code(closed)
    assert found["MEDICAL_CERTIFICATE"].met_on == day(6)
    assert not found["MEDICAL_CERTIFICATE"].not_applicable
    assert all(m.not_applicable for c, m in found.items() if c != "MEDICAL_CERTIFICATE")


# --------------------------------------------------------------------------- day 180 exceptions (R23)


def born(on: date) -> ParticipantFacts:
    return ParticipantFacts("p-1", "se", on, None, "sv")


@pytest.mark.parametrize(
    ("birth", "applies"),
    [
        (date(1963, 7, 1), True),  # turns 63 on day 182: day 181 is still tested normally
        (date(1963, 6, 30), False),  # turns 63 on day 181 (2026-06-30)
        (date(1963, 6, 29), False),  # 63 since day 180
    ],
)
def test_age_63_on_day_181_sets_the_day_180_checkpoint_aside(birth: date, applies: bool) -> None:
    assert day(181) == date(2026, 6, 30)
    found = by_code(case(participant=born(birth)))
    assert found["CHAIN_DAY_180"].not_applicable is not applies
    assert found["CHAIN_DAY_180"].due_date == day(180)
    assert not found["CHAIN_DAY_90"].not_applicable and not found["CHAIN_DAY_365"].not_applicable


def test_without_a_birth_date_no_age_exception_is_assumed() -> None:
    assert not by_code(case(participant=born(None)))["CHAIN_DAY_180"].not_applicable  # type: ignore[arg-type]


@pytest.mark.parametrize("exception", list(ChainException))
def test_each_recorded_exception_sets_the_day_180_checkpoint_aside(
    exception: ChainException,
) -> None:
    found = by_code(case(details={"chainExceptions": [exception.value]}))
    assert found["CHAIN_DAY_180"].not_applicable
    withdrawn = by_code(case(details={"chainExceptions": []}))
    assert not withdrawn["CHAIN_DAY_180"].not_applicable


def test_a_checkpoint_is_plan_and_a_set_aside_one_tells_its_reason() -> None:
    serious = {"chainExceptions": ["SERIOUS_ILLNESS"]}
    assert by_code(case(details=serious))["CHAIN_DAY_180"].category is DataCategory.MEDICAL
    aged = by_code(case(details=serious, participant=born(date(1960, 1, 1))))
    assert aged["CHAIN_DAY_180"].category is DataCategory.BENEFITS  # age alone explains it
    both_reasons = {"chainExceptions": ["SERIOUS_ILLNESS", "RETURN_SAME_HOURS_BY_DAY_365"]}
    assert by_code(case(details=both_reasons))["CHAIN_DAY_180"].category is DataCategory.BENEFITS
    for milestone in by_code(case()).values():
        if milestone.code.startswith("CHAIN_DAY_"):  # the chain's dates: for the whole team
            assert milestone.category is DataCategory.PLAN
        if milestone.code.startswith("SICKNESS"):  # met when the benefit is granted
            assert milestone.category is DataCategory.BENEFITS


def test_an_assessment_against_normally_occurring_work_still_meets_day_180() -> None:
    facts = case(
        details={"chainExceptions": ["RETURN_SAME_HOURS_BY_DAY_365"]},
        assessments=(
            capacity(day(85), "ANY_JOB_AT_EMPLOYER"),
            capacity(day(170), "NORMALLY_OCCURRING_WORK"),
        ),
    )  # type: ignore[arg-type]
    found = by_code(facts)["CHAIN_DAY_180"]
    assert found.met_on == day(170) and not found.not_applicable


@pytest.mark.parametrize(("assessed", "met"), [(180, False), (181, True)])
def test_under_an_exception_day_365_needs_an_assessment_after_day_180(
    assessed: int, met: bool
) -> None:
    facts = case(
        participant=born(date(1960, 1, 1)),
        assessments=(
            capacity(day(85), "ANY_JOB_AT_EMPLOYER"),
            capacity(day(assessed), "NORMALLY_OCCURRING_WORK"),
        ),
    )  # type: ignore[arg-type]
    found = by_code(facts)
    assert found["CHAIN_DAY_180"].met_on == (None if met else day(180))
    assert found["CHAIN_DAY_365"].met_on == (day(assessed) if met else None)
