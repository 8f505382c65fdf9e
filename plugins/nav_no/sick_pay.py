"""Who pays sick pay when, and for how long (R9, R11, R12).

- The employer pays the first 16 calendar days of an employee's sick leave
  (the employer period, ftrl § 8-19); NAV pays from day 17.
- NAV pays five days a week (ftrl § 8-11), at most 248 sick-pay days for
  employees, the self-employed and freelancers, 250 for other members
  (ftrl § 8-12). When NAV also paid the employer period (a sykepenger period of
  the case starts within its first 16 days), the limit is 260 days counted from
  the first day: the same calendar end, since 16 calendar days hold 12 weekdays.
  The maksdato is the day the last of them falls on.
- After the maximum is used, a new entitlement needs 26 weeks in a row fully fit
  for work after the last sick-pay day; the days of a new sick leave the employer
  pays do not break them (ftrl § 8-12 second paragraph).
- Nobody gets sykepenger from their 70th birthday; after turning 67 NAV pays
  at most 60 sick-pay days, counted from the day after the birthday
  (ftrl § 8-3 first paragraph).

The maksdato here assumes one continuous sick leave with no sick-pay days used
in the three years before it: the platform holds only this case's periods, so
days used in the participant's earlier cases are not counted, and the 26-week
requalification is checked only against the maximum used within this case.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from vocrehab.hooks import BenefitFacts, CaseFacts, EmploymentStatus
from vocrehab_nav_no.model import CaseRecord
from vocrehab_nav_no.reference import SYKEPENGER
from vocrehab_nav_no.workdays import add_years, is_weekday, nth_weekday, weekdays_between

__all__ = [
    "EMPLOYER_PERIOD_DAYS",
    "MAX_DAYS_AFTER_67",
    "age_limits",
    "case_maksdato",
    "employer_period_end",
    "first_nav_day",
    "leave_start",
    "maksdato",
    "max_days",
    "nav_paid_employer_period",
    "paid_days",
]

EMPLOYER_PERIOD_DAYS = 16
MAX_DAYS = 248
MAX_DAYS_OTHER_MEMBERS = 250
MAX_DAYS_WITH_EMPLOYER_PERIOD = 260
REQUALIFICATION_WEEKS = 26
MAX_DAYS_AFTER_67 = 60
_WORKERS = frozenset({EmploymentStatus.EMPLOYED, EmploymentStatus.SELF_EMPLOYED})


def leave_start(case: CaseFacts, record: CaseRecord) -> date | None:
    """The first day of sick leave: the case's, or else the first day on a sick note."""
    if case.sick_leave_start is not None:
        return case.sick_leave_start
    return min((p.fom for p in record.periods), default=None)


def employer_period_end(start: date) -> date:
    """Day 16: the last day the employer pays."""
    return start + timedelta(days=EMPLOYER_PERIOD_DAYS - 1)


def first_nav_day(start: date) -> date:
    """Day 17: the first day NAV pays."""
    return start + timedelta(days=EMPLOYER_PERIOD_DAYS)


def max_days(employment: EmploymentStatus, nav_paid_employer_period: bool = False) -> int:
    if nav_paid_employer_period and employment is EmploymentStatus.EMPLOYED:
        return MAX_DAYS_WITH_EMPLOYER_PERIOD
    return MAX_DAYS if employment in _WORKERS else MAX_DAYS_OTHER_MEMBERS


def nav_paid_employer_period(case: CaseFacts, start: date | None) -> bool:
    """NAV paid sykepenger for the employer period: an employee's sykepenger from day 1-16."""
    return (
        case.employment_status is EmploymentStatus.EMPLOYED and start is not None
        and any(b.benefit_type_code == SYKEPENGER and b.start_date < first_nav_day(start)
                for b in case.benefits)
    )  # fmt: skip


def case_maksdato(case: CaseFacts, record: CaseRecord) -> date | None:
    """The maksdato of the case's sick leave (None: no sick leave, or no days at all)."""
    start = leave_start(case, record)
    if start is None:
        return None
    nav_paid = nav_paid_employer_period(case, start)
    return maksdato(start, case.employment_status, case.participant.birth_date, nav_paid)


def age_limits(birth: date) -> tuple[date, date]:
    """(the first day of the 60-day limit, the 70th birthday)."""
    return add_years(birth, 67) + timedelta(days=1), add_years(birth, 70)


def _last_weekday_before(day: date) -> date:
    day -= timedelta(days=1)
    while not is_weekday(day):
        day -= timedelta(days=1)
    return day


def maksdato(
    start: date, employment: EmploymentStatus, birth: date | None,
    nav_paid_employer_period: bool = False,
) -> date | None:  # fmt: skip
    """The last day NAV can pay sykepenger for a leave starting `start` (None: no days at all)."""
    days = max_days(employment, nav_paid_employer_period)
    first = start if days == MAX_DAYS_WITH_EMPLOYER_PERIOD else first_nav_day(start)
    last = nth_weekday(first, days)
    if birth is None:
        return last
    limit_from, seventy = age_limits(birth)
    if first >= seventy:
        return None
    last = min(last, _last_weekday_before(seventy))
    counting_from = max(first, limit_from)
    if counting_from <= last:
        last = min(last, nth_weekday(counting_from, MAX_DAYS_AFTER_67))
    return last


def paid_days(periods: Iterable[BenefitFacts], since: date | None = None) -> int:
    """Weekdays in ended periods (from `since`, when given); open periods are not counted."""
    total = 0
    for period in periods:
        if period.end_date is None:
            continue
        first = max(period.start_date, since) if since else period.start_date
        total += weekdays_between(first, period.end_date)
    return total
