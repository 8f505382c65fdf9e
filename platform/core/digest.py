"""The daily digest: what each reader starts the day with, in two statements.

From their moves (`core.moves`: how many steps are theirs, how many overdue,
how many due within the week) and from what changed on their cases since they
last looked (`core.seen`: how many cases have news, how many events). The
platform issues it once a day (`vocrehab.integrations.digest`): to webhook
subscriptions that ask for `digest.daily` and to GraphQL subscribers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from vocrehab.core.event_kinds import DIGEST_NAMESPACE
from vocrehab.core.milestones import DUE_WINDOW
from vocrehab.core.moves import moves_of
from vocrehab.core.pagination import Reader
from vocrehab.core.policy import require_scope, visible_cases
from vocrehab.core.principal import Principal
from vocrehab.core.seen import unseen_events
from vocrehab.db import models as m

__all__ = ["DIGEST_EVENT", "DigestCounts", "digest_counts"]

DIGEST_EVENT = f"{DIGEST_NAMESPACE}.daily"
"""The webhook event type (and subscription topic) of the daily digest."""


@dataclass(frozen=True)
class DigestCounts:
    day: date
    moves: int
    """Steps that are the reader's to take."""
    overdue: int
    """Of those, past their due date."""
    due_soon: int
    """Of those, due from today to a week from today."""
    cases_with_news: int
    """Cases with events the reader has not seen (and may see)."""
    unseen_events: int


async def digest_counts(db: Reader, principal: Principal, today: date) -> DigestCounts:
    require_scope(principal, "cases:read")
    step = m.Milestone

    def within(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    moves = (
        await db.execute(
            sa.select(
                sa.func.count(),
                within(step.due_date < today),
                within(sa.and_(step.due_date >= today, step.due_date <= today + DUE_WINDOW)),
            )
            .select_from(step)
            .join(m.Case, m.Case.id == step.case_id)
            .where(step.pending.is_(True), moves_of(principal, today))
        )
    ).one()
    event = m.CaseEvent
    news = (
        await db.execute(
            sa.select(sa.func.count(sa.distinct(event.case_id)), sa.func.count())
            .select_from(event)
            .join(m.Case, m.Case.id == event.case_id)
            .where(visible_cases(principal, today), *unseen_events(principal, today))
        )
    ).one()
    return DigestCounts(
        day=today,
        moves=int(moves[0]),
        overdue=int(moves[1]),
        due_soon=int(moves[2]),
        cases_with_news=int(news[0]),
        unseen_events=int(news[1]),
    )
