"""A plugin's deployment options, validated once at registration.

A deployment sets them with VOCREHAB_PLUGIN_OPTIONS, e.g.
'{"generic": {"stall_days": 21}}'. A bad value stops start-up with a message
naming the plugin and the option: a typo must not silently fall back to a
default nobody chose. Every option is a whole number of days in a range the
plugin declares (a subclass declares the ranges of the options it adds; those of
its bases hold too):

    @dataclass(frozen=True)
    class XxOptions(StallOptions):                  # stall_days, 1-365, default 30
        PLUGIN: ClassVar[str] = "xx"
        RANGES: ClassVar[Mapping[str, tuple[int, int]]] = {"plan_due_days": (7, 90)}
        plan_due_days: int = 28
        stall_days: int = 21                        # another default, the same range
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Self

__all__ = ["STALL_DAYS", "DayOptions", "StallOptions"]


@dataclass(frozen=True)
class DayOptions:
    """Base of a plugin's options: each field a whole number of days within `RANGES`."""

    PLUGIN: ClassVar[str] = "plugin"
    """The plugin's name, as messages give it."""
    RANGES: ClassVar[Mapping[str, tuple[int, int]]] = {}
    """Allowed inclusive range of each option the class adds, in days."""

    @classmethod
    def ranges(cls) -> dict[str, tuple[int, int]]:
        """The range of every option: those of the bases, then the class's own."""
        merged: dict[str, tuple[int, int]] = {}
        for klass in reversed(cls.__mro__):
            merged.update(vars(klass).get("RANGES", {}))
        return merged

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Self:
        """The options from the plugin's configuration (ValueError naming what is wrong)."""
        known = [f.name for f in fields(cls)]
        ranges = cls.ranges()
        unknown = sorted(set(raw) - set(known))
        if unknown:
            raise ValueError(
                f"{cls.PLUGIN} plugin: unknown option(s) {', '.join(unknown)}; "
                f"known options are {', '.join(known)}"
            )
        for name, value in raw.items():
            low, high = ranges[name]
            # bool is a subclass of int, but `true` is never a number of days.
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(
                    f"{cls.PLUGIN} plugin: option {name} must be a whole number of days, "
                    f"got {value!r}"
                )
            if not low <= value <= high:
                raise ValueError(
                    f"{cls.PLUGIN} plugin: option {name} must be between {low} and {high} "
                    f"days, got {value}"
                )
        return cls(**dict(raw))


STALL_DAYS = (1, 365)
"""The days without any event after which a case may count as stalled (`stalled`): a
deployment's choice, the same range in every jurisdiction."""


@dataclass(frozen=True)
class StallOptions(DayOptions):
    """Options of a plugin whose orientation flags stalled cases (`vocrehab.hooks.stalled`)."""

    RANGES: ClassVar[Mapping[str, tuple[int, int]]] = {"stall_days": STALL_DAYS}

    stall_days: int = 30
    """Days without any event after which the orientation flags the case as stalled."""
