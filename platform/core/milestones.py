"""Milestone status: the only part of a milestone that depends on today.

Plugins compute due and met dates from case facts; the stored rows are read
back here and given a status on the day they are read.
"""

from __future__ import annotations

from datetime import date, timedelta

from vocrehab.db import models as m
from vocrehab.hooks.types import MilestoneInfo
from vocrehab.hooks.vocabulary import MilestoneStatus

__all__ = ["DUE_WINDOW", "milestone_info", "milestone_status"]

DUE_WINDOW = timedelta(days=7)
"""A milestone is DUE (rather than UPCOMING) in the week before its due date."""


def milestone_status(row: m.Milestone, today: date) -> MilestoneStatus:
    if row.met_on is not None:
        return MilestoneStatus.MET
    if row.not_applicable:
        return MilestoneStatus.NOT_APPLICABLE
    if row.due_date < today:
        return MilestoneStatus.OPTIONAL if row.optional else MilestoneStatus.OVERDUE
    if row.due_date <= today + DUE_WINDOW:
        return MilestoneStatus.DUE
    return MilestoneStatus.UPCOMING


def milestone_info(row: m.Milestone) -> MilestoneInfo:
    return MilestoneInfo(
        code=row.code,
        names=dict(row.names),
        due_date=row.due_date,
        responsible=row.responsible,
        legal_reference=row.legal_reference,
        met_on=row.met_on,
        not_applicable=row.not_applicable,
        descriptions=dict(row.descriptions) if row.descriptions else None,
        category=row.category,
        optional=row.optional,
        assignee_id=str(row.assignee_id) if row.assignee_id else None,
    )
