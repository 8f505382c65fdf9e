"""The employer's sick report to Försäkringskassan after day 14 (lag om sjuklön 12 §)."""

from __future__ import annotations

from datetime import date

import pytest
import strawberry
from fk_cases import SE, START, case, codes, day, periods

from vocrehab.hooks import CaseFacts, CommandResult, EmploymentStatus, ReturnToWorkPhase, Severity
from vocrehab_fk_se.sick_report import RecordEmployerSickReportInput

TODAY = date(2026, 3, 2)
REPORT = next(c for c in SE.case_commands() if c.name == "fkRecordEmployerSickReport")


def report(on: date, **case_changes: object) -> CommandResult:
    given = RecordEmployerSickReportInput(case_id=strawberry.ID("case"), reported_on=on)
    return REPORT.apply(case(**case_changes), given, TODAY)


def milestone(facts: CaseFacts) -> object:
    return next(m for m in SE.milestones(facts) if m.code == "EMPLOYER_SICK_REPORT")


@pytest.mark.parametrize(
    ("number", "found"),
    [
        (14, ["FK_EMPLOYER_SICK_REPORT_EARLY"]),  # still the employer's sick pay
        (15, []),
        (21, []),
        (22, ["FK_EMPLOYER_SICK_REPORT_LATE"]),
    ],
)
def test_the_report_is_made_from_day_15_by_day_21(number: int, found: list[str]) -> None:
    result = report(day(number))
    assert codes(result.violations) == found
    assert all(v.field == ("reportedOn",) for v in result.violations)
    if number == 22:
        assert result.violations[0].severity is Severity.WARNING  # late, but recorded
    assert result.details["employerSickReports"] == [day(number).isoformat()]
    assert result.event_kind == "se.employer_sick_report.recorded"
    assert result.category is None  # nothing beyond the case itself


def test_a_report_on_no_sick_day_or_for_someone_not_employed_is_refused() -> None:
    outside = report(date(2025, 12, 1), details=periods((START, day(30), 100)))
    assert codes(outside.violations) == ["FK_EMPLOYER_SICK_REPORT_EARLY"]
    jobless = report(day(16), employment_status=EmploymentStatus.UNEMPLOYED, has_employer=False)
    assert codes(jobless.violations) == ["FK_EMPLOYER_SICK_REPORT_NO_EMPLOYER"]
    assert jobless.violations[0].legal_reference == "Lag (1991:1047) om sjuklön 12 §"


@pytest.mark.parametrize(("offset", "ok"), [(0, True), (1, False)])
def test_the_report_day_has_come(offset: int, ok: bool) -> None:
    late_start = date(2026, 2, 1)  # day 15 is 2026-02-15, before the test's today
    on = date.fromordinal(TODAY.toordinal() + offset)
    found = codes(report(on, sick_leave_start=late_start).violations)
    assert ("FK_DATE_IN_FUTURE" not in found) is ok


def test_the_milestone_is_due_on_day_21_and_met_by_a_report_from_day_15() -> None:
    due = milestone(case())
    assert (due.due_date, due.met_on, due.not_applicable) == (day(21), None, False)  # type: ignore[attr-defined]
    early_only = milestone(case(details={"employerSickReports": [day(14).isoformat()]}))
    assert early_only.met_on is None  # type: ignore[attr-defined]
    met = milestone(
        case(details={"employerSickReports": [day(14).isoformat(), day(19).isoformat()]})
    )
    assert met.met_on == day(19)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("last", "applies"), [(14, False), (15, True)])
def test_the_duty_arises_when_the_leave_goes_on_after_day_14(last: int, applies: bool) -> None:
    back = case(details=periods((START, day(last), 100)), phase=ReturnToWorkPhase.RETENTION)
    assert milestone(back).not_applicable is not applies  # type: ignore[attr-defined]


def test_a_report_in_an_earlier_spell_does_not_meet_the_current_one() -> None:
    details = {
        **periods((START, day(30), 100), (day(60), day(100), 100)),
        "employerSickReports": [day(16).isoformat()],
    }
    found = milestone(case(details=details, sick_leave_start=None))
    assert found.met_on is None and found.due_date == day(80)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("today", "warned"), [(21, False), (22, True)])
def test_assess_warns_from_the_day_after_day_21(today: int, warned: bool) -> None:
    found = codes(SE.assess(case(), day(today)))
    assert ("FK_EMPLOYER_SICK_REPORT_LATE" in found) is warned
    reported = case(details={"employerSickReports": [day(20).isoformat()]})
    assert "FK_EMPLOYER_SICK_REPORT_LATE" not in codes(SE.assess(reported, day(today)))


def test_the_orientation_names_the_employer_and_the_day() -> None:
    facts = case()
    found = SE.orientation(facts, SE.milestones(facts), day(18))
    step = next(s for s in found.next_steps if s.title["en"] == "Sick report to Försäkringskassan")
    assert step.due_date == day(21) and step.responsible.value == "EMPLOYER"
    late = SE.orientation(facts, SE.milestones(facts), day(22))
    assert any(
        b["sv"].startswith("Sjukanmälan till Försäkringskassan: skulle ha skett senast 2026-01-21")
        for b in late.blockers
    )
