"""Deployment options of the generic jurisdiction, validated once at registration.

A deployment sets them with VOCREHAB_PLUGIN_OPTIONS, e.g.
'{"generic": {"plan_due_days": 21}}'. A bad value stops start-up with a
message naming the option: a typo must not silently fall back to a default
deadline that nobody chose.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from vocrehab.hooks import StallOptions

__all__ = ["OPTION_RANGES", "GenericOptions"]

OPTION_RANGES: Mapping[str, tuple[int, int]] = {
    "first_contact_days": (1, 365),
    "workplace_contact_days": (1, 365),
    "plan_due_days": (1, 365),
    "review_interval_days": (7, 365),
    "retention_days": (7, 365),
    "assessment_due_days": (1, 365),
    "case_conference_days": (1, 365),
    "work_measure_days": (1, 365),
    "approval_days": (1, 365),
}
"""Allowed inclusive range of each option, in days (stall_days: `StallOptions`)."""


@dataclass(frozen=True)
class GenericOptions(StallOptions):
    """Deadlines (in days) the generic jurisdiction uses when a case does not override them."""

    PLUGIN: ClassVar[str] = "generic"
    RANGES: ClassVar[Mapping[str, tuple[int, int]]] = OPTION_RANGES

    first_contact_days: int = 5
    """From the case opening to the case manager's first contact."""
    workplace_contact_days: int = 14
    """From the start of sick leave (or the case opening) to contact with the employer."""
    plan_due_days: int = 30
    """From the case opening to an activated return-to-work plan."""
    review_interval_days: int = 90
    """Between plan reviews once a plan is active."""
    retention_days: int = 28
    """Days at full hours, without a break, after which the return is in the retention
    phase (R28). A deployment's choice: no instrument fixes it; four weeks by default."""
    assessment_due_days: int = 14
    """From the case opening to the clinician's first assessment of work capacity."""
    case_conference_days: int = 21
    """From the case opening to the first case conference (the rehabilitation coordinator's)."""
    work_measure_days: int = 30
    """From the case opening to a proposed work-oriented measure, without a job."""
    approval_days: int = 7
    """From a plan's draft to its approval by the participant and the employer; and from a
    referral without a start day to the provider's start."""
