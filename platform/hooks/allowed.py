"""Allowed values: what a benefit may be granted at, written the way the law writes it.

The law seldom lists every value it allows. Swedish sjukpenning is paid at a
quarter, a half, three quarters or in whole (a value set); Norwegian graded
sykepenger at 20 to 99 % or in whole (a range and a value); a partial sick
leave that must take at least 4 hours off a 37-hour week is any whole percent
from 11 (a range). `AllowedValues` holds value sets and ranges with steps, and
the platform checks every benefit period against them (`BenefitTypeInfo.degrees`
and `.amounts`): a value outside is refused with a userError naming the field,
before the jurisdiction's own rules are asked.

    AllowedValues.of(25, 50, 75, 100, legal_reference="SFB 27 kap. 45 §")
    AllowedValues.between(20, 99, legal_reference="ftrl § 8-13") | AllowedValues.of(100)
    AllowedValues.between(0, 300, step=10)      # 0, 10, 20, ... 300
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

from vocrehab.hooks.vocabulary import AmountPeriod

__all__ = ["AllowedValues", "Amounts", "ValueRange"]


@dataclass(frozen=True)
class ValueRange:
    """Whole numbers from `minimum` to `maximum` (both included), every `step` from the
    minimum: `ValueRange(20, 99)` is 20, 21, ... 99; `ValueRange(0, 100, 25)` is 0, 25,
    50, 75, 100."""

    minimum: int
    maximum: int
    step: int = 1

    def allows(self, value: int) -> bool:
        return (
            self.minimum <= value <= self.maximum
            and self.step > 0
            and (value - self.minimum) % self.step == 0
        )

    def values(self) -> range:
        return range(self.minimum, self.maximum + 1, max(self.step, 1))

    def describe(self) -> str:
        if self.step == 1:
            return f"{self.minimum} to {self.maximum}"
        return f"{self.minimum} to {self.maximum} in steps of {self.step}"


@dataclass(frozen=True)
class AllowedValues:
    """A set of whole numbers: the `values` listed and those of the `ranges`."""

    values: tuple[int, ...] = ()
    ranges: tuple[ValueRange, ...] = ()
    legal_reference: str | None = None
    """The law that sets them; the platform cites it when it refuses a value."""

    @classmethod
    def of(cls, *values: int, legal_reference: str | None = None) -> AllowedValues:
        """A value set: exactly these values."""
        return cls(tuple(values), (), legal_reference)

    @classmethod
    def between(
        cls, minimum: int, maximum: int, step: int = 1, *, legal_reference: str | None = None
    ) -> AllowedValues:
        """A range: every `step` from `minimum` up to `maximum`."""
        return cls((), (ValueRange(minimum, maximum, step),), legal_reference)

    def __or__(self, other: AllowedValues) -> AllowedValues:
        """Both sets in one, citing both references."""
        references = [r for r in (self.legal_reference, other.legal_reference) if r]
        return AllowedValues(
            self.values + other.values,
            self.ranges + other.ranges,
            "; ".join(dict.fromkeys(references)) or None,
        )

    def allows(self, value: int) -> bool:
        return value in self.values or any(r.allows(value) for r in self.ranges)

    def listed(self) -> tuple[int, ...]:
        """Every allowed value, ascending (for a short set; a long range lists long)."""
        return tuple(sorted(set(chain(self.values, *(r.values() for r in self.ranges)))))

    def bounds(self) -> tuple[int, int] | None:
        """The lowest and highest value allowed; None for an empty set."""
        lows = [*self.values, *(r.minimum for r in self.ranges if r.minimum <= r.maximum)]
        highs = [*self.values, *(r.maximum for r in self.ranges if r.minimum <= r.maximum)]
        return (min(lows), max(highs)) if lows else None

    def describe(self) -> str:
        """In words: "25, 50, 75 or 100", "20 to 99 or 100"."""
        items = [(v, 0, str(v)) for v in set(self.values)]
        items += [(r.minimum, 1, r.describe()) for r in self.ranges]
        parts = [text for _, _, text in sorted(items)]
        if not parts:
            return "nothing"
        return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} or {parts[-1]}"

    def problems(self, low: int | None = None, high: int | None = None) -> list[str]:
        """What makes the declaration unusable: nothing allowed, a range that runs
        backwards or has no step, a value outside [low, high]."""
        found = []
        if not self.values and not self.ranges:
            found.append("allows no value")
        for r in self.ranges:
            if r.step < 1:
                found.append(f"range {r.describe()} has a step below 1")
            if r.minimum > r.maximum:
                found.append(f"range {r.describe()} runs backwards")
        bounds = self.bounds()
        if bounds is not None:
            if low is not None and bounds[0] < low:
                found.append(f"allows {bounds[0]}, below {low}")
            if high is not None and bounds[1] > high:
                found.append(f"allows {bounds[1]}, above {high}")
        return found


@dataclass(frozen=True)
class Amounts:
    """The amounts a benefit may be granted at: whole units of `currency` per `per`
    (e.g. a daily rate in whole kroner)."""

    currency: str
    """ISO 4217, e.g. "NOK", "SEK", "DKK"."""
    allowed: AllowedValues
    per: AmountPeriod = AmountPeriod.DAY

    def describe(self) -> str:
        return f"{self.allowed.describe()} {self.currency} a {self.per.value.lower()}"
