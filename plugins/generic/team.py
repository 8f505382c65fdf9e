"""The case team: who is on it on a given day."""

from __future__ import annotations

from datetime import date

from vocrehab.hooks import CaseFacts, StakeholderType, TeamMemberFacts

__all__ = ["active_roles", "is_active"]


def is_active(member: TeamMemberFacts, today: date) -> bool:
    """A member is on the team from `since` through `until` (both days included)."""
    return member.since <= today and (member.until is None or member.until >= today)


def active_roles(case: CaseFacts, today: date) -> frozenset[StakeholderType]:
    """The roles held by at least one active member of the case team on `today`."""
    return frozenset(member.role for member in case.team if is_active(member, today))
