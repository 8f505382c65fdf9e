"""Interventions: the rules on proposing one and on recording its status changes.

Durations count calendar days inclusively: an intervention of at most 12 weeks
that starts on a Monday may end on the Sunday 12 weeks later (start + 83 days).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from vocrehab.hooks import (
    ChangeInterventionStatus,
    InterventionFacts,
    InterventionStatus,
    InterventionTypeInfo,
    Violation,
)
from vocrehab_generic.rules import violation

__all__ = ["check_proposal", "check_status_change", "is_overdue", "type_name"]

# Statuses that claim the intervention has begun (or has run its course).
# Referral and discontinuation routinely happen before the start date, so they
# are not checked against it.
_STARTED_STATUSES = frozenset({InterventionStatus.ACTIVE, InterventionStatus.COMPLETED})


def check_proposal(
    intervention: InterventionFacts, types: Mapping[str, InterventionTypeInfo]
) -> list[Violation]:
    """Rules on a proposed intervention: a known type, sensible dates, the type's maximum."""
    found: list[Violation] = []
    intervention_type = types.get(intervention.type_code)
    if intervention_type is None:
        found.append(
            violation(
                "GEN_INTERVENTION_UNKNOWN_TYPE",
                f"{intervention.type_code!r} is not an intervention type of this jurisdiction "
                f"(known: {', '.join(types)})",
                field=("typeCode",),
            )
        )
    start, end = intervention.start_date, intervention.planned_end_date
    if start is None or end is None:
        return found
    if end < start:
        found.append(
            violation(
                "GEN_INTERVENTION_DATES",
                f"The planned end date ({end}) is before the start date ({start})",
                field=("plannedEndDate",),
            )
        )
    elif intervention_type is not None:
        found.extend(_check_duration(intervention_type, start, end))
    return found


def _check_duration(kind: InterventionTypeInfo, start: date, end: date) -> list[Violation]:
    if kind.max_duration_weeks is None:
        return []
    days = (end - start).days + 1
    if days <= kind.max_duration_weeks * 7:
        return []
    return [
        violation(
            "GEN_INTERVENTION_DURATION",
            f"{kind.names['en']} lasts at most {kind.max_duration_weeks} weeks "
            f"({kind.max_duration_weeks * 7} days); planned: {days} days",
            field=("plannedEndDate",),
            legal_reference=kind.legal_reference,
        )
    ]


def check_status_change(change: ChangeInterventionStatus) -> list[Violation]:
    """An intervention does not become active or completed before its recorded start date.

    A WARNING, not an ERROR: the start date is often the planned one, and when
    the intervention really began earlier the case worker must still be able to
    record what happened. The warning prompts them to correct the start date.
    """
    start = change.intervention.start_date
    if change.to_status not in _STARTED_STATUSES or start is None or change.on >= start:
        return []
    return [
        violation(
            "GEN_INTERVENTION_STATUS_DATE",
            f"The intervention is marked {change.to_status.value.lower()} on {change.on}, "
            f"before its start date {start}; correct the start date if it began earlier",
            field=("date",),
        )
    ]


def is_overdue(intervention: InterventionFacts, today: date) -> bool:
    """An active intervention whose planned end date has passed."""
    end = intervention.planned_end_date
    return intervention.status is InterventionStatus.ACTIVE and end is not None and end < today


def type_name(code: str, types: Mapping[str, InterventionTypeInfo]) -> str:
    """The English name of an intervention type, or its code when the type is unknown."""
    kind = types.get(code)
    return kind.names["en"] if kind is not None else code
