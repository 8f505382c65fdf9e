"""What every orientation map works out the same way: the milestones still
open, those overdue, and whether a case has stalled. The words stay the plugin's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from vocrehab.hooks.types import CaseFacts, MilestoneInfo, NextStepInfo

__all__ = ["Stall", "milestone_steps", "overdue", "pending", "stalled"]


def pending(milestones: Sequence[MilestoneInfo]) -> list[MilestoneInfo]:
    """Milestones neither met nor inapplicable, soonest due first (then by code)."""
    waiting = [m for m in milestones if m.met_on is None and not m.not_applicable]
    return sorted(waiting, key=lambda m: (m.due_date, m.code))


def milestone_steps(milestones: Sequence[MilestoneInfo]) -> list[NextStepInfo]:
    """A next step for each pending milestone: its name, who acts, and by when."""
    return [
        NextStepInfo(title=m.names, responsible=m.responsible, due_date=m.due_date)
        for m in pending(milestones)
    ]


def overdue(milestones: Sequence[MilestoneInfo], today: date) -> list[MilestoneInfo]:
    """The pending milestones whose due date has passed, but for optional ones (a
    possibility missed is no blocker: the platform shows it as OPTIONAL)."""
    return [m for m in pending(milestones) if m.due_date < today and not m.optional]


@dataclass(frozen=True)
class Stall:
    last: date
    """The day of the case's last event (its opening when it has none)."""
    idle_days: int


def stalled(case: CaseFacts, today: date, stall_days: int) -> Stall | None:
    """The stall when nothing has happened on the case for more than `stall_days` days."""
    last = max((event.at.date() for event in case.events), default=case.opened_at.date())
    idle = (today - last).days
    return Stall(last, idle) if idle > stall_days else None
