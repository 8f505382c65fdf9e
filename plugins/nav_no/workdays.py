"""Counting days the way the sick-pay rules count them.

NAV pays sykepenger for five days a week, Monday to Friday (ftrl § 8-11), so
the 248-day maximum and the 60-day limit after 67 are counted in weekdays;
public holidays are not taken out. Deadlines of the follow-up timeline are
counted in calendar weeks from the first day of sick leave, as NAV's own
systems do (isaktivitetskrav: `tilfelleStart.plusWeeks(8)`).
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["add_months", "add_years", "is_weekday", "nth_weekday", "weekdays_between"]


def is_weekday(day: date) -> bool:
    return day.weekday() < 5


def weekdays_between(first: date, last: date) -> int:
    """Weekdays from `first` to `last`, both included (0 when last < first)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    full_weeks, rest = divmod(days, 7)
    return full_weeks * 5 + sum(is_weekday(first + timedelta(days=i)) for i in range(rest))


def nth_weekday(first: date, n: int) -> date:
    """The date of the n-th weekday counted from `first` (n >= 1; `first` counts if a weekday)."""
    weeks, rest = divmod(n - 1, 5)
    day = first
    while not is_weekday(day):
        day += timedelta(days=1)
    day += timedelta(weeks=weeks)
    while rest:
        day += timedelta(days=1)
        rest -= is_weekday(day)
    return day


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (as
    java.time's plusMonths, which NAV's rules use: 31 January + 1 month is 28 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, last)
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")
