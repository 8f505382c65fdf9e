"""What changed since a reader last looked at a case: a read marker per actor and
case (a participant reads as their own actor), and the events after it that the
reader may see and did not cause themselves."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from vocrehab.core import access
from vocrehab.core.errors import not_allowed, not_found
from vocrehab.core.policy import require_scope
from vocrehab.core.work import Work
from vocrehab.db import models as m

__all__ = ["mark_case_seen"]


async def mark_case_seen(work: Work, case_id: uuid.UUID) -> m.Case:
    """The caller has seen the case as it is now (no event: reading changes nothing)."""
    require_scope(work.principal, "cases:read")
    found = await access.case_access(work.session, work.principal, [case_id], work.today)
    case = await work.session.get(m.Case, case_id) if case_id in found else None
    if case is None:
        raise not_found("no such case", ("case_id",))
    if work.principal.actor_id is None:
        raise not_allowed("a read marker needs a reader: use a token that acts as an actor")
    dialect = work.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = work.clock.now()
    newest = await work.session.scalar(  # PostgreSQL has no max(uuid): the index, backwards
        sa.select(m.CaseEvent.id)
        .where(m.CaseEvent.case_id == case.id)
        .order_by(m.CaseEvent.id.desc())
        .limit(1)
    )
    seen = {"seen_event_id": newest, "seen_at": now}
    await work.session.execute(
        insert(m.CaseReadMarker)
        .values(actor_id=work.principal.actor_id, case_id=case.id, **seen)
        .on_conflict_do_update(index_elements=["actor_id", "case_id"], set_=seen)
    )
    return case
