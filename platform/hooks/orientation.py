"""What every orientation map works out the same way: the milestones still
open, those overdue, whether a case has stalled, and the gaps a change of team
left. The words stay the plugin's."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from vocrehab.hooks.types import CaseFacts, MilestoneInfo, NextStepInfo, TeamMemberFacts
from vocrehab.hooks.vocabulary import StakeholderType

__all__ = [
    "HandoverGap",
    "Stall",
    "handover_gaps",
    "milestone_steps",
    "overdue",
    "pending",
    "stalled",
]


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


@dataclass(frozen=True)
class HandoverGap:
    """Where a change of team left a case without someone to act.

    Either a role the jurisdiction requires has nobody on the team today
    (`actor_id` None; `steps`: the pending steps of that role), or someone who
    left the team still has steps assigned to them (`actor_id`, their `role`,
    and those `steps`): nobody will take those until they are handed on.
    """

    role: StakeholderType
    actor_id: str | None
    steps: tuple[MilestoneInfo, ...]


def _active(member: TeamMemberFacts, today: date) -> bool:
    return member.since <= today and (member.until is None or member.until >= today)


def handover_gaps(
    case: CaseFacts,
    milestones: Sequence[MilestoneInfo],
    today: date,
    required: Iterable[StakeholderType],
) -> list[HandoverGap]:
    """The roles in `required` without an active member, then the former members who
    still hold assigned steps (by the day their membership ended, then actor)."""
    waiting = pending(milestones)
    active = [t for t in case.team if _active(t, today)]
    held = {t.role for t in active}
    gaps = [
        HandoverGap(role, None, tuple(m for m in waiting if m.responsible is role))
        for role in dict.fromkeys(required)
        if role not in held
    ]
    on_team = {t.actor_id for t in active}
    left: dict[str, list[MilestoneInfo]] = {}
    for step in waiting:
        if step.assignee_id is not None and step.assignee_id not in on_team:
            left.setdefault(step.assignee_id, []).append(step)
    ended = {t.actor_id: t for t in sorted(case.team, key=lambda t: t.until or t.since)}
    for actor_id in sorted(left, key=lambda a: (_left_on(ended.get(a)), a)):
        steps = left[actor_id]
        member = ended.get(actor_id)
        gaps.append(HandoverGap(member.role if member else steps[0].responsible, actor_id,
                                tuple(steps)))  # fmt: skip
    return gaps


def _left_on(member: TeamMemberFacts | None) -> date:
    return (member.until or member.since) if member else date.min
