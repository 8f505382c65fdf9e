"""The employer's sick report to Försäkringskassan after day 14 (sjukanmälan), lag om sjuklön 12 §.

When an employee's sick period, and the employment, go on after the employer's
sick-pay period (days 1-14), the employer reports the case to
Försäkringskassan within seven calendar days from the end of that period:
from day 15, by day 21 of the spell (Försäkringskassan's employer guidance:
"no earlier than day 15 and no later than day 21"). The report names the
employer, the employee and the day the sick-pay period began; Försäkringskassan
needs it to start the sickness-benefit case.

- milestone EMPLOYER_SICK_REPORT (employees): due on day 21 of the current
  spell, the employer to act; it applies once the spell reaches day 15 (or
  while the leave goes on), and is met by the first report from day 15;
- fkRecordEmployerSickReport: the employer records the day it reported;
  FK_EMPLOYER_SICK_REPORT_EARLY refuses a report dated before day 15 of a
  spell (or on no sick day), FK_EMPLOYER_SICK_REPORT_NO_EMPLOYER one for
  someone not employed, and FK_EMPLOYER_SICK_REPORT_LATE warns after day 21;
- `assess` reports FK_EMPLOYER_SICK_REPORT_LATE while a report is overdue.

Data category PLAN: the employer knows its employee is off sick, and the
report holds nothing medical.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import strawberry

from vocrehab.hooks import (
    CaseCommand,
    CaseFacts,
    CommandResult,
    EmploymentStatus,
    MilestoneInfo,
    StakeholderType,
    Violation,
)
from vocrehab_fk_se import sources
from vocrehab_fk_se.details import MAX_SICK_REPORTS, CaseDetails, stored_details
from vocrehab_fk_se.language import both
from vocrehab_fk_se.rules import not_in_future, violation
from vocrehab_fk_se.sick_leave import SickLeave

__all__ = [
    "RECORD_EMPLOYER_SICK_REPORT",
    "REPORT_BY_DAY",
    "REPORT_FROM_DAY",
    "EmployerSickReport",
    "RecordEmployerSickReportInput",
]

REPORT_FROM_DAY = 15
REPORT_BY_DAY = 21
"""Day 14 (the end of sick pay) plus seven calendar days."""


def _day(start: date, number: int) -> date:
    return start + timedelta(days=number - 1)


@dataclass(frozen=True)
class EmployerSickReport:
    """The report due in the current sick spell."""

    spell_start: date
    reported: tuple[date, ...]
    reached_day_15: bool
    """The recorded sick periods (not a projection) reach day 15 of the spell."""

    @classmethod
    def of(cls, details: CaseDetails, leave: SickLeave) -> EmployerSickReport:
        start = leave.spell_start
        assert start is not None, "only for a case with sick leave"
        return cls(start, details.sick_reports, leave.known_on(_day(start, REPORT_FROM_DAY)))

    @property
    def from_date(self) -> date:
        return _day(self.spell_start, REPORT_FROM_DAY)

    @property
    def due_date(self) -> date:
        return _day(self.spell_start, REPORT_BY_DAY)

    @property
    def met_on(self) -> date | None:
        return min((d for d in self.reported if d >= self.from_date), default=None)

    def overdue_on(self, today: date) -> bool:
        return self.reached_day_15 and self.met_on is None and today > self.due_date

    def milestone(self) -> MilestoneInfo:
        return MilestoneInfo(
            code="EMPLOYER_SICK_REPORT",
            names=both("Sjukanmälan till Försäkringskassan", "Sick report to Försäkringskassan"),
            descriptions=both(
                "Fortsätter sjukperioden efter dag 14 anmäler arbetsgivaren det till "
                "Försäkringskassan inom sju kalenderdagar: från dag 15, senast dag 21. Uppfylls "
                "när arbetsgivaren registrerar sin sjukanmälan.",
                "If the sick period goes on after day 14, the employer reports it to "
                "Försäkringskassan within seven calendar days: from day 15, by day 21. Met when "
                "the employer records its report.",
            ),
            due_date=self.due_date,
            responsible=StakeholderType.EMPLOYER,
            legal_reference=sources.SICK_REPORT,
            met_on=self.met_on,
        )


# --------------------------------------------------------------------------- the command


@strawberry.input(
    name="FkRecordEmployerSickReportInput",
    description="The employer's sick report to Försäkringskassan after day 14 (sjukanmälan).",
)
class RecordEmployerSickReportInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    reported_on: date = strawberry.field(description="The day the employer reported.")


def record_employer_sick_report(case: CaseFacts, given: Any, today: date) -> CommandResult:
    details = stored_details(case)
    on: date = given.reported_on
    problems = not_in_future(on, today, "reportedOn")
    if case.employment_status is not EmploymentStatus.EMPLOYED:
        problems.append(violation(
            "FK_EMPLOYER_SICK_REPORT_NO_EMPLOYER",
            "The insured person is not employed: the sick report is an employer's duty",
            ("caseId",),
        ))  # fmt: skip
    problems += _timing(
        SickLeave.build(CaseDetails.of(case).sick_periods, case.sick_leave_start), on
    )
    reports = sorted({*(details.get("employerSickReports") or []), on.isoformat()})
    if len(reports) > MAX_SICK_REPORTS:
        message = f"A case holds at most {MAX_SICK_REPORTS} sick reports"
        problems.append(violation("FK_DETAILS_INVALID", message, ("reportedOn",)))
    return CommandResult(
        details={**details, "employerSickReports": reports},
        event_kind="se.employer_sick_report.recorded",
        summary=f"The employer reported the sick leave to Försäkringskassan ({on})",
        violations=tuple(problems),
    )


def _timing(leave: SickLeave, on: date) -> list[Violation]:
    """From day 15 of the spell the report is made in, by day 21 (a WARNING after it)."""
    spell = leave.spell_start_on(on)
    at = ("reportedOn",)
    if spell is None:
        message = f"{on} is not a day of sick leave: the report concerns a continuing sick period"
        return [violation("FK_EMPLOYER_SICK_REPORT_EARLY", message, at)]
    number = (on - spell).days + 1
    if number < REPORT_FROM_DAY:
        return [violation(
            "FK_EMPLOYER_SICK_REPORT_EARLY",
            f"{on} is day {number} of the sick period: the employer reports it to "
            f"Försäkringskassan from day {REPORT_FROM_DAY}, once it goes on after the sick pay",
            at,
        )]  # fmt: skip
    if number > REPORT_BY_DAY:
        return [violation(
            "FK_EMPLOYER_SICK_REPORT_LATE",
            f"{on} is day {number} of the sick period: the report was due by day "
            f"{REPORT_BY_DAY} ({_day(spell, REPORT_BY_DAY)})",
            at,
        )]  # fmt: skip
    return []


RECORD_EMPLOYER_SICK_REPORT = CaseCommand(
    name="fkRecordEmployerSickReport",
    input_type=RecordEmployerSickReportInput,
    roles=(StakeholderType.EMPLOYER,),
    scope="plans:write",
    descriptions=both(
        "Arbetsgivaren registrerar sin sjukanmälan till Försäkringskassan (från dag 15, senast "
        "dag 21 i sjukperioden).",
        "The employer records its sick report to Försäkringskassan (from day 15, by day 21 of "
        "the sick period).",
    ),
    apply=record_employer_sick_report,
)
