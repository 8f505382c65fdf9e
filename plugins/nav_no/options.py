"""Deployment options of the Norwegian jurisdiction, validated once at registration.

Set with VOCREHAB_PLUGIN_OPTIONS, e.g. '{"no": {"stall_days": 21}}'. A bad value
stops start-up with a message naming the option.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from vocrehab.hooks import StallOptions

__all__ = ["NavOptions"]


@dataclass(frozen=True)
class NavOptions(StallOptions):
    PLUGIN: ClassVar[str] = "nav_no"
    RANGES: ClassVar[Mapping[str, tuple[int, int]]] = {"retention_days": (7, 365)}

    stall_days: int = 28
    """Days without any event after which the orientation map flags the case as stalled.
    Four weeks: the shortest step of the follow-up timeline (the plan is due at week 4),
    so a case silent for longer has missed a step of it."""
    retention_days: int = 28
    """Days with no sick note in force after which the return is in the retention phase
    (R28). A deployment's choice, as in the generic jurisdiction; four weeks by default."""
