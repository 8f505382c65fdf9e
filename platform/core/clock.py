"""What time it is, and what day it is where deadlines are counted.

Injected everywhere instead of calling `datetime.now()`, so that tests can
stand on any date and deadlines are counted in the deployment's time zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = ["Clock"]


class Clock:
    def __init__(self, timezone: str = "UTC", *, fixed: datetime | None = None) -> None:
        self.zone = ZoneInfo(timezone)
        if fixed is not None and fixed.tzinfo is None:
            raise ValueError("a fixed clock needs a timezone-aware datetime")
        self._fixed = fixed

    def now(self) -> datetime:
        return self._fixed if self._fixed is not None else datetime.now(UTC)

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    def advance(self, delta: timedelta) -> None:
        """Move a fixed clock forward (tests)."""
        if self._fixed is None:
            raise RuntimeError("only a fixed clock can be advanced")
        self._fixed += delta

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a fixed clock needs a timezone-aware datetime")
        self._fixed = moment
