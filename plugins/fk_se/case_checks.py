"""What the Swedish rules find missing in a case as it stands today: `Jurisdiction.assess`.

WARNINGs, each a legal duty that is late or a threshold not met:
- FK_CERTIFICATE_MISSING: an employee's sick spell has reached day 8 and no
  FK 7804 dated in it is recorded (lag om sjuklön 8 §);
- FK_EMPLOYER_SICK_REPORT_LATE: an employee's sick spell went on after day
  14 and the employer's report to Försäkringskassan is past day 21 (lag om
  sjuklön 12 §);
- FK_EMPLOYER_PLAN_OVERDUE: the employer's plan for return to work is past
  its due date (SFB 30 kap. 6 §);
- FK_WORK_CAPACITY_BELOW_25: a work-oriented intervention is under way while
  the latest work capacity is below 25 % (field evidence);
- FK_PHASE_CONTRADICTS_FACTS: the recorded phase of return to work is not the
  one the sick period in force shows (R28, see `phases`).
A closed case has nothing left to do.
"""

from __future__ import annotations

from datetime import date

from vocrehab.hooks import CaseFacts, CaseStatus, EmploymentStatus, InterventionStatus, Violation
from vocrehab_fk_se.capacity import check_capacity
from vocrehab_fk_se.chain import ChainFacts
from vocrehab_fk_se.details import CaseDetails
from vocrehab_fk_se.employer_plan import EmployerPlan
from vocrehab_fk_se.milestones import CERTIFICATE_DAY, spell_day
from vocrehab_fk_se.phases import check_phase
from vocrehab_fk_se.reference import FK7804_KIND
from vocrehab_fk_se.rules import violation
from vocrehab_fk_se.sick_report import EmployerSickReport

__all__ = ["assess"]

_UNDER_WAY = frozenset({InterventionStatus.REFERRED, InterventionStatus.ACTIVE})


def assess(case: CaseFacts, today: date) -> list[Violation]:
    if case.status is CaseStatus.CLOSED:
        return []
    details = CaseDetails.of(case)
    chain = ChainFacts.of(case, details)
    found: list[Violation] = []
    if chain.leave.chain and case.employment_status is EmploymentStatus.EMPLOYED:
        found += _certificate(case, chain, today)
        found += _sick_report(EmployerSickReport.of(details, chain.leave), today)
        found += _employer_plan(EmployerPlan.of(case, details, chain.leave), today)
    for intervention in case.interventions:
        if intervention.status in _UNDER_WAY:
            found += check_capacity(intervention, case)
    found += check_phase(case, details, today)
    return found


def _certificate(case: CaseFacts, chain: ChainFacts, today: date) -> list[Violation]:
    start, day_8 = chain.leave.spell_start, spell_day(chain.leave, CERTIFICATE_DAY)
    if start is None or day_8 is None or today < day_8 or not chain.leave.known_on(day_8):
        return []
    if any(a.kind == FK7804_KIND and a.assessed_at >= start for a in case.assessments):
        return []
    return [
        violation(
            "FK_CERTIFICATE_MISSING",
            f"The sick period reached day {CERTIFICATE_DAY} on {day_8} and no medical "
            "certificate (FK 7804) is recorded for it",
        )
    ]


def _sick_report(report: EmployerSickReport, today: date) -> list[Violation]:
    if not report.overdue_on(today):
        return []
    return [
        violation(
            "FK_EMPLOYER_SICK_REPORT_LATE",
            f"The sick period went on after day 14 and the employer's sick report to "
            f"Försäkringskassan, due by {report.due_date}, is not recorded",
        )
    ]


def _employer_plan(plan: EmployerPlan, today: date) -> list[Violation]:
    if not plan.overdue_on(today):
        return []
    return [
        violation(
            "FK_EMPLOYER_PLAN_OVERDUE",
            f"The employer's plan for return to work was due on {plan.due_date} and is not "
            "recorded",
        )
    ]
