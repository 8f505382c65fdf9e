"""Deployment options of the Norwegian jurisdiction, validated once at registration.

Set with VOCREHAB_PLUGIN_OPTIONS, e.g. '{"no": {"stall_days": 21}}'. A bad value
stops start-up with a message naming the option.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

__all__ = ["NavOptions"]

_RANGES = {"stall_days": (7, 180), "retention_days": (7, 365)}


@dataclass(frozen=True)
class NavOptions:
    stall_days: int = 28
    """Days without any event after which the orientation map flags the case as stalled.
    Four weeks: the shortest step of the follow-up timeline (the plan is due at week 4),
    so a case silent for longer has missed a step of it."""
    retention_days: int = 28
    """Days with no sick note in force after which the return is in the retention phase
    (R28). A deployment's choice, as in the generic jurisdiction; four weeks by default."""

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> NavOptions:
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(raw) - set(known))
        if unknown:
            raise ValueError(f"nav_no plugin: unknown option(s) {', '.join(unknown)}; "
                             f"known options are {', '.join(known)}")  # fmt: skip
        for name, value in raw.items():
            low, high = _RANGES[name]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError(f"nav_no plugin: option {name} must be a whole number of days "
                                 f"from {low} to {high}, got {value!r}")  # fmt: skip
        return cls(**dict(raw))
