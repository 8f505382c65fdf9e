"""Who pays sick pay when, and for how long (R9, R11, R12).

- The employer pays the first 16 calendar days of an employee's sick leave
  (the employer period, ftrl § 8-19); NAV pays from day 17.
- NAV pays five days a week (ftrl § 8-11), at most 248 sick-pay days for
  employees, the self-employed and freelancers, 250 for other members
  (ftrl § 8-12). The maksdato is the day the last of them falls on.
- Nobody gets sykepenger from their 70th birthday; after turning 67 NAV pays
  at most 60 sick-pay days, counted from the day after the birthday
  (ftrl § 8-3 first paragraph).

The maksdato here assumes one continuous sick leave with no sick-pay days used
in the three years before it: the platform holds only this case's periods.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from vocrehab.hooks import BenefitFacts, CaseFacts, EmploymentStatus
from vocrehab_nav_no.model import CaseRecord
from vocrehab_nav_no.workdays import add_years, is_weekday, nth_weekday, weekdays_between

__all__ = [
    "EMPLOYER_PERIOD_DAYS",
    "MAX_DAYS_AFTER_67",
    "age_limits",
    "employer_period_end",
    "first_nav_day",
    "leave_start",
    "maksdato",
    "max_days",
    "paid_days",
]

EMPLOYER_PERIOD_DAYS = 16
MAX_DAYS = 248
MAX_DAYS_OTHER_MEMBERS = 250
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


def max_days(employment: EmploymentStatus) -> int:
    return MAX_DAYS if employment in _WORKERS else MAX_DAYS_OTHER_MEMBERS


def age_limits(birth: date) -> tuple[date, date]:
    """(the first day of the 60-day limit, the 70th birthday)."""
    return add_years(birth, 67) + timedelta(days=1), add_years(birth, 70)


def _last_weekday_before(day: date) -> date:
    day -= timedelta(days=1)
    while not is_weekday(day):
        day -= timedelta(days=1)
    return day


def maksdato(start: date, employment: EmploymentStatus, birth: date | None) -> date | None:
    """The last day NAV can pay sykepenger for a leave starting `start` (None: no days at all)."""
    first = first_nav_day(start)
    last = nth_weekday(first, max_days(employment))
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
