"""The level of sickness benefit: normal level, then continuation level (R25).

Sjukpenning is paid at the normal level, 80 % of the sickness-benefit-qualifying
income, for at most 364 days within a frame of 450 days; after that at the
continuation level, 75 %, with no outer time limit since 1 February 2016. A
serious illness can keep the normal level, on application: that is
Försäkringskassan's decision, recorded on the case (see `normal_level`), never
derived. SFB 28 kap. 7 §.

Read here as: on a sick day D, count the sick days in the 450 days ending on D
(D included); when that count passes 364, D is paid at the continuation
level. All days count as whole days whatever their degree, and the
projection of the last period applies, as for the chain. Days of the
employer's sick pay count too when sickness benefit follows them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from datetime import date, timedelta

from vocrehab_fk_se.sick_leave import SickLeave, SickPeriod

__all__ = [
    "CONTINUATION_LEVEL_PERCENT",
    "FRAME_DAYS",
    "NORMAL_LEVEL_MAX_DAYS",
    "NORMAL_LEVEL_PERCENT",
    "continuation_level_from",
    "level_percent_on",
]

NORMAL_LEVEL_PERCENT = 80
CONTINUATION_LEVEL_PERCENT = 75
NORMAL_LEVEL_MAX_DAYS = 364
FRAME_DAYS = 450


def continuation_level_from(leave: SickLeave, normal_level_kept: bool = False) -> date | None:
    """The first day paid at the continuation level (None: the normal level goes on, e.g.
    because Försäkringskassan decided to keep it)."""
    if normal_level_kept or not leave.periods:
        return None
    window: deque[date] = deque()
    for day in _sick_days(leave.periods):
        window.append(day)
        while (day - window[0]).days >= FRAME_DAYS:
            window.popleft()
        if len(window) > NORMAL_LEVEL_MAX_DAYS:
            return day
    return None  # pragma: no cover - the projected last period never ends


def level_percent_on(leave: SickLeave, on: date, normal_level_kept: bool = False) -> int:
    start = continuation_level_from(leave, normal_level_kept)
    if start is not None and on >= start:
        return CONTINUATION_LEVEL_PERCENT
    return NORMAL_LEVEL_PERCENT


def _sick_days(periods: tuple[SickPeriod, ...]) -> Iterator[date]:
    """Every sick day in order; the last period runs on (projected)."""
    for index, period in enumerate(periods):
        last = period.end if index < len(periods) - 1 else None
        day = period.start
        while last is None or day <= last:
            yield day
            day += timedelta(days=1)
