"""The fk case commands applied to case facts: new details, timeline, refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import strawberry
from fk_cases import SE, START, case, codes, day, periods

from vocrehab.core.policy import MAX_SCOPES
from vocrehab.hooks import CaseCommand, CommandResult, DataCategory, EmploymentStatus
from vocrehab.hooks import StakeholderType as R
from vocrehab_fk_se.commands import (
    RecordChainExceptionInput,
    RecordEmployerPlanInput,
    RecordExpectedDurationInput,
    RecordSickPeriodInput,
)
from vocrehab_fk_se.vocabulary import ChainException, EmployerPlanDecision

TODAY = date(2026, 3, 2)
CASE_ID = strawberry.ID("Q2FzZTox")
COMMANDS = {c.name: c for c in SE.case_commands()}


def run(name: str, given: Any, **case_changes: Any) -> CommandResult:
    return COMMANDS[name].apply(case(**case_changes), given, TODAY)


def test_the_commands_and_who_runs_them() -> None:
    roles = {name: set(c.roles) for name, c in COMMANDS.items()}
    assert roles == {
        "fkRecordSickPeriod": {R.CLINICIAN, R.REHAB_COORDINATOR},
        "fkRecordExpectedDuration": {R.CLINICIAN, R.REHAB_COORDINATOR},
        "fkRecordEmployerPlan": {R.EMPLOYER},
        "fkRecordChainException": {R.CASE_MANAGER},
        "fkRecordNormalLevelDecision": {R.CASE_MANAGER},
        "fkRecordEmployerSickReport": {R.EMPLOYER},
        "fkPlanReconciliationMeeting": {R.CASE_MANAGER},
        "fkRecordReconciliationMeeting": {R.CASE_MANAGER},
        "fkCancelReconciliationMeeting": {R.CASE_MANAGER},
    }


@pytest.mark.parametrize("command", list(COMMANDS.values()), ids=list(COMMANDS))
def test_every_role_of_a_command_holds_its_scope(command: CaseCommand) -> None:
    assert all(command.scope in MAX_SCOPES[role] for role in command.roles)
    assert command.descriptions["sv"] and command.descriptions["en"]


# --------------------------------------------------------------------------- sick periods


def sick(start: date, end: date, degree: int) -> RecordSickPeriodInput:
    return RecordSickPeriodInput(case_id=CASE_ID, start=start, end=end, degree=degree)


def test_recording_sick_periods_keeps_them_in_date_order() -> None:
    existing = periods((day(31), day(60), 50))
    result = run("fkRecordSickPeriod", sick(START, day(30), 100), details=existing)
    assert result.violations == ()
    assert result.details["sickPeriods"] == [
        {"start": "2026-01-01", "end": "2026-01-30", "degree": 100},
        {"start": "2026-01-31", "end": "2026-03-01", "degree": 50},
    ]
    assert result.event_kind == "se.sick_period.recorded"
    assert SE.validate_details("case", result.details, None).violations == ()


@pytest.mark.parametrize(("degree", "ok"), [(25, True), (75, True), (60, False), (0, False)])
def test_a_sick_period_degree_is_a_quarter(degree: int, ok: bool) -> None:
    result = run("fkRecordSickPeriod", sick(START, day(10), degree))
    assert codes(result.violations) == ([] if ok else ["FK_DEGREE"])


def test_a_sick_period_shares_no_day_and_ends_after_it_starts() -> None:
    existing = periods((START, day(10), 100))
    assert run("fkRecordSickPeriod", sick(day(11), day(20), 50), details=existing).violations == ()
    clash = run("fkRecordSickPeriod", sick(day(10), day(20), 50), details=existing)
    assert codes(clash.violations) == ["FK_SICK_PERIOD"]
    backwards = run("fkRecordSickPeriod", sick(day(20), day(19), 50))
    assert codes(backwards.violations) == ["FK_SICK_PERIOD"]


def test_a_case_holds_at_most_100_sick_periods() -> None:
    many = periods(*[(day(1 + 2 * i), day(1 + 2 * i), 100) for i in range(100)])
    result = run("fkRecordSickPeriod", sick(day(300), day(301), 100), details=many)
    assert codes(result.violations) == ["FK_DETAILS_INVALID"]


# --------------------------------------------------------------------------- forecast


def forecast(days: int, on: date) -> RecordExpectedDurationInput:
    return RecordExpectedDurationInput(case_id=CASE_ID, expected_days=days, assessed_on=on)


def test_recording_the_forecast() -> None:
    result = run("fkRecordExpectedDuration", forecast(90, TODAY))
    assert result.violations == ()
    assert result.details["expectedDuration"] == {"days": 90, "assessedOn": "2026-03-02"}
    assert "60 days or more" in result.summary
    assert "less than 60" in run("fkRecordExpectedDuration", forecast(59, TODAY)).summary


@pytest.mark.parametrize(("days", "ok"), [(1, True), (0, False), (36500, True), (36501, False)])
def test_the_forecast_is_a_positive_number_of_days(days: int, ok: bool) -> None:
    result = run("fkRecordExpectedDuration", forecast(days, TODAY))
    assert codes(result.violations) == ([] if ok else ["FK_EXPECTED_DURATION"])


def test_a_forecast_is_not_dated_in_the_future() -> None:
    result = run("fkRecordExpectedDuration", forecast(90, date(2026, 3, 3)))
    assert codes(result.violations) == ["FK_DATE_IN_FUTURE"]
    assert result.violations[0].field == ("assessedOn",)


# --------------------------------------------------------------------------- employer plan


def plan(decision: EmployerPlanDecision, on: date = TODAY) -> RecordEmployerPlanInput:
    return RecordEmployerPlanInput(case_id=CASE_ID, decision=decision, on=on)


def test_the_employer_records_its_plan() -> None:
    result = run("fkRecordEmployerPlan", plan(EmployerPlanDecision.DRAWN_UP, day(25)))
    assert result.violations == ()
    assert result.details["employerPlan"] == {"status": "DRAWN_UP", "on": "2026-01-25"}
    assert result.event_kind == "se.employer_plan.recorded"
    not_needed = run("fkRecordEmployerPlan", plan(EmployerPlanDecision.NOT_NEEDED_CANNOT_RETURN))
    assert not_needed.details["employerPlan"]["status"] == "NOT_NEEDED_CANNOT_RETURN"


def test_the_plan_needs_an_employee_and_a_date_that_has_come() -> None:
    unemployed = run(
        "fkRecordEmployerPlan",
        plan(EmployerPlanDecision.DRAWN_UP),
        employment_status=EmploymentStatus.UNEMPLOYED,
    )
    assert codes(unemployed.violations) == ["FK_EMPLOYER_PLAN_NO_EMPLOYER"]
    future = run("fkRecordEmployerPlan", plan(EmployerPlanDecision.DRAWN_UP, date(2026, 3, 3)))
    assert codes(future.violations) == ["FK_DATE_IN_FUTURE"]


# --------------------------------------------------------------------------- chain exceptions


def exception(which: ChainException, applies: bool = True) -> RecordChainExceptionInput:
    return RecordChainExceptionInput(case_id=CASE_ID, exception=which, applies=applies)


def test_recording_and_withdrawing_an_exception() -> None:
    added = run("fkRecordChainException", exception(ChainException.SERIOUS_ILLNESS))
    assert added.details["chainExceptions"] == ["SERIOUS_ILLNESS"]
    assert added.category is DataCategory.MEDICAL  # it reveals a serious illness
    withdrawn = run(
        "fkRecordChainException",
        exception(ChainException.SERIOUS_ILLNESS, False),
        details=added.details,
    )
    assert withdrawn.details["chainExceptions"] == []
    assert withdrawn.event_kind == "se.chain_exception.withdrawn"
    other = run("fkRecordChainException", exception(ChainException.RETURN_SAME_HOURS_BY_DAY_365))
    assert other.category is None


def test_exceptions_are_for_employees() -> None:
    result = run(
        "fkRecordChainException",
        exception(ChainException.SERIOUS_ILLNESS),
        employment_status=EmploymentStatus.SELF_EMPLOYED,
    )
    assert codes(result.violations) == ["FK_CHAIN_EXCEPTION_NO_EMPLOYER"]


def test_commands_keep_the_other_details() -> None:
    existing = {**periods((START, day(10), 100)), "chainExceptions": ["SERIOUS_ILLNESS"]}
    result = run("fkRecordExpectedDuration", forecast(90, TODAY), details=existing)
    assert result.details["sickPeriods"] == existing["sickPeriods"]
    assert result.details["chainExceptions"] == ["SERIOUS_ILLNESS"]
