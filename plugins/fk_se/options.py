"""Deployment options of the Swedish plugin (VOCREHAB_PLUGIN_OPTIONS, key "se").

Only one: after how many days without any event a case counts as stalled in
the orientation map. Thirty days is a default of this plugin, not law: it is
the span within which the employer's plan must exist (SFB 30 kap. 6 §), and
a case that has seen no activity for longer risks falling between the
agencies, as the field evidence on changing case officers warns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from vocrehab.hooks import StallOptions

__all__ = ["FkOptions"]


@dataclass(frozen=True)
class FkOptions(StallOptions):
    PLUGIN: ClassVar[str] = "se"

    stall_days: int = 30
