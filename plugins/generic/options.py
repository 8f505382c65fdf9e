"""Deployment options of the generic jurisdiction, validated once at registration.

A deployment sets them with VOCREHAB_PLUGIN_OPTIONS, e.g.
'{"generic": {"plan_due_days": 21}}'. A bad value stops start-up with a
message naming the option: a typo must not silently fall back to a default
deadline that nobody chose.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

__all__ = ["OPTION_RANGES", "GenericOptions"]

OPTION_RANGES: Mapping[str, tuple[int, int]] = {
    "first_contact_days": (1, 365),
    "workplace_contact_days": (1, 365),
    "plan_due_days": (1, 365),
    "review_interval_days": (7, 365),
    "stall_days": (1, 365),
    "retention_days": (7, 365),
}
"""Allowed inclusive range of each option, in days."""


@dataclass(frozen=True)
class GenericOptions:
    """Deadlines (in days) the generic jurisdiction uses when a case does not override them."""

    first_contact_days: int = 5
    """From the case opening to the case manager's first contact."""
    workplace_contact_days: int = 14
    """From the start of sick leave (or the case opening) to contact with the employer."""
    plan_due_days: int = 30
    """From the case opening to an activated return-to-work plan."""
    review_interval_days: int = 90
    """Between plan reviews once a plan is active."""
    stall_days: int = 30
    """Days without any case activity after which the case counts as stalled."""
    retention_days: int = 28
    """Days at full hours, without a break, after which the return is in the retention
    phase (R28). A deployment's choice: no instrument fixes it; four weeks by default."""

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> GenericOptions:
        """Build the options from the plugin's configuration, or raise ValueError."""
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(raw) - set(known))
        if unknown:
            raise ValueError(
                f"generic plugin: unknown option(s) {', '.join(unknown)}; "
                f"known options are {', '.join(known)}"
            )
        for name, value in raw.items():
            _check_option(name, value)
        return cls(**dict(raw))


def _check_option(name: str, value: object) -> None:
    low, high = OPTION_RANGES[name]
    # bool is a subclass of int, but `true` is never a number of days.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(
            f"generic plugin: option {name} must be a whole number of days, got {value!r}"
        )
    if not low <= value <= high:
        raise ValueError(
            f"generic plugin: option {name} must be between {low} and {high} days, got {value}"
        )
