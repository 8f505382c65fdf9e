"""Deployment options of the Swedish plugin (VOCREHAB_PLUGIN_OPTIONS, key "se").

Only one: after how many days without any event a case counts as stalled in
the orientation map. Thirty days is a default of this plugin, not law: it is
the span within which the employer's plan must exist (SFB 30 kap. 6 §), and
a case that has seen no activity for longer risks falling between the
agencies, as the field evidence on changing case officers warns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["FkOptions"]


@dataclass(frozen=True)
class FkOptions:
    stall_days: int = 30

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> FkOptions:
        unknown = sorted(set(raw) - {"stall_days"})
        if unknown:
            raise ValueError(f"unknown options for the se plugin: {', '.join(unknown)}")
        days = raw.get("stall_days", cls.stall_days)
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 365:
            raise ValueError("se plugin option stall_days must be a whole number of days, 1-365")
        return cls(stall_days=days)
