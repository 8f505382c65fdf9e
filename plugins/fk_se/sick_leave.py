"""Sick periods, the sick spell and the rehabilitation chain's day count.

The chain counts days of reduced work capacity, whatever their degree, and
adds sick periods together when fewer than 90 days separate them (a gap of 89
days links, a gap of 90 starts a new chain). Its day numbers drive the
assessment basis (SFB 27 kap. 46-49 §§) and the day 90, 180 and 365
checkpoints. Days 8 and 15 (the certificate, Försäkringskassan taking over)
and day 30 (the employer's plan) count calendar days from the start of the
current sick spell: the last unbroken run of sick days.

Where the periods come from: the ones recorded in the case details
(fkRecordSickPeriod); and, when the case's first day of sick leave falls on no
recorded period, an unrecorded stretch from that day up to the next recorded
period (or open-ended if none follows). Beyond the last day known, the count
projects the leave as continuing: that is what a due date means ("if the
leave goes on, day 180 falls on ..."); whether a projected checkpoint still
applies is the milestones' decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["LINK_GAP_DAYS", "SickLeave", "SickPeriod"]

LINK_GAP_DAYS = 90
"""Sick periods with fewer than 90 days between them are added together (R23, S7)."""

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class SickPeriod:
    start: date
    end: date | None
    """Last day; None for an open stretch (no recorded end)."""
    degree: int | None
    """Reduced work capacity in percent (25, 50, 75, 100); None where not recorded."""
    recorded: bool = True

    def days_through(self, last: date) -> int:
        """Days of this period on or before `last`."""
        end = last if self.end is None else min(self.end, last)
        return max(0, (end - self.start).days + 1)


@dataclass(frozen=True)
class SickLeave:
    periods: tuple[SickPeriod, ...]
    """Every period, recorded or not, in date order, none overlapping."""
    chain: tuple[SickPeriod, ...]
    """The current chain: the last periods linked by gaps under 90 days."""

    @classmethod
    def build(cls, recorded: Sequence[SickPeriod], first_day: date | None) -> SickLeave:
        """Periods from the recorded ones and the case's first day of sick leave."""
        periods = sorted(recorded, key=lambda p: p.start)
        if first_day is not None and not any(_covers(p, first_day) for p in periods):
            following = [p.start for p in periods if p.start > first_day]
            end = min(following) - ONE_DAY if following else None
            periods = sorted(
                [*periods, SickPeriod(first_day, end, None, False)], key=lambda p: p.start
            )
        return cls(tuple(periods), _last_chain(periods))

    # ------------------------------------------------------------------ the chain
    @property
    def chain_start(self) -> date | None:
        return self.chain[0].start if self.chain else None

    @property
    def spell_start(self) -> date | None:
        """First day of the last unbroken run of sick days."""
        if not self.chain:
            return None
        start = self.chain[-1].start
        for earlier in reversed(self.chain[:-1]):
            if earlier.end is None or earlier.end + ONE_DAY < start:
                break
            start = earlier.start
        return start

    @property
    def recorded_through(self) -> date | None:
        """The last day the chain's recorded periods cover (None if it ends open)."""
        last = self.chain[-1] if self.chain else None
        return last.end if last is not None else None

    def day_number(self, on: date) -> int:
        """The chain's day number of `on` (0 before the chain), projecting its last period."""
        return sum(p.days_through(on) for p in self._projected())

    def date_of_day(self, number: int) -> date | None:
        """The day the chain reaches day `number` (1-based), projecting its last period."""
        if not self.chain or number < 1:
            return None
        remaining = number
        for period in self._projected():
            length = None if period.end is None else (period.end - period.start).days + 1
            if length is None or remaining <= length:
                return period.start + timedelta(days=remaining - 1)
            remaining -= length
        raise AssertionError("the projected chain has no end")  # pragma: no cover

    def spell_start_on(self, on: date) -> date | None:
        """First day of the unbroken run of (projected) sick days holding `on`, if any."""
        periods = self._projected()
        index = next((i for i, p in enumerate(periods) if _covers(p, on)), None)
        if index is None:
            return None
        start = periods[index].start
        for earlier in reversed(periods[:index]):
            if earlier.end is None or earlier.end + ONE_DAY < start:
                break
            start = earlier.start
        return start

    def known_on(self, on: date) -> bool:
        """Whether the periods themselves reach `on` (not only the projection)."""
        last = self.chain[-1] if self.chain else None
        return last is not None and (last.end is None or on <= last.end)

    def _projected(self) -> list[SickPeriod]:
        if not self.chain:
            return []
        last = self.chain[-1]
        return [*self.chain[:-1], SickPeriod(last.start, None, last.degree, last.recorded)]


def _covers(period: SickPeriod, day: date) -> bool:
    return period.start <= day and (period.end is None or day <= period.end)


def _last_chain(periods: Sequence[SickPeriod]) -> tuple[SickPeriod, ...]:
    chain: list[SickPeriod] = []
    reach: date | None = None
    for period in periods:
        if chain and reach is not None and (period.start - reach).days - 1 >= LINK_GAP_DAYS:
            chain = []
        chain.append(period)
        reach = None if period.end is None else max(reach or period.end, period.end)
    return tuple(chain)
