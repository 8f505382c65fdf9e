"""Reading a participant's earlier sick periods (`CaseFacts.history`).

Laws join a new absence to an earlier one that ended shortly before it: Norway
when it starts fewer than 16 days after (the employer period continues),
Sweden within five days (återinsjuknande). `continued` finds the earlier
periods a case's sick leave continues, for any such number of days.
"""

from __future__ import annotations

from datetime import date

from vocrehab.hooks.types import CaseFacts, SickPeriodFacts

__all__ = ["continued", "first_day"]


def first_day(case: CaseFacts) -> date:
    """The first day of the case's sick leave, or the day it was opened."""
    return case.sick_leave_start or case.opened_at.date()


def continued(case: CaseFacts, max_days_after_end: int) -> tuple[SickPeriodFacts, ...]:
    """The earlier sick periods the case's sick leave continues, the latest first.

    A period continues the one before it when it starts at most
    `max_days_after_end` days after that one's last day (an earlier period still
    open, or ending on or after the start, is continued too). Empty without a
    history or when the leave is a new one.
    """
    if case.history is None:
        return ()
    start = first_day(case)
    chain: list[SickPeriodFacts] = []
    for period in sorted(case.history.sick_periods, key=lambda p: p.start, reverse=True):
        if period.start >= start:
            continue
        if period.end is not None and (start - period.end).days > max_days_after_end:
            break
        chain.append(period)
        start = period.start
    return tuple(chain)
