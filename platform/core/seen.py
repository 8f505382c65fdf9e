"""What changed since a reader last looked at a case: a read marker per actor and
case (a participant reads as their own actor), and the events after it that the
reader may see and did not cause themselves."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from vocrehab.core import access
from vocrehab.core.errors import not_allowed, not_found
from vocrehab.core.masks import CATEGORY_BITS, ROLE_BITS, role_mask
from vocrehab.core.policy import (
    consent_bits_of_participant,
    reachable_categories,
    require_scope,
    role_bits_of_case,
)
from vocrehab.core.principal import Principal
from vocrehab.core.reads import unseen_clauses
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.hooks.categories import CATEGORIES_BY_ROLE, NEVER
from vocrehab.hooks.vocabulary import DataCategory as C
from vocrehab.hooks.vocabulary import StakeholderType as R

__all__ = ["has_unseen", "mark_case_seen", "unseen_events"]


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


# ---------------------------------------------------------------------- in SQL

_EVERY_ROLE = role_mask(R)


def _roles_on_case(principal: Principal, today: date) -> Any:
    """The reader's roles on the case of the row (`cases`), as bits: team roles today,
    PARTICIPANT on their own case, ADMIN (as `policy.CaseAccess.build` adds them)."""
    roles: Any = role_bits_of_case(principal, today)
    if principal.acting_ids:  # a subquery on the row's case, inside the events' EXISTS
        roles = roles.correlate(m.Case)
    if principal.participant_id is not None:
        own = sa.case((m.Case.participant_id == principal.participant_id,
                       ROLE_BITS[R.PARTICIPANT]), else_=0)  # fmt: skip
        roles = roles.op("|")(own)
    if principal.is_admin:
        roles = roles.op("|")(ROLE_BITS[R.ADMIN])
    return roles


def _sees(category: C, principal: Principal, roles: Any, consented: Any) -> Any:
    """Whether the reader sees `category` on the case of the row (`policy.categories_for`
    narrowed by the token's scopes): True, False, or an SQL condition."""
    if category in NEVER.get(principal.stakeholder_type, ()) or not reachable_categories(
        principal, [category]
    ):
        return False
    by_role = role_mask(r for r in R if category in CATEGORIES_BY_ROLE[r])
    if by_role == _EVERY_ROLE:
        return True  # whoever sees the case sees it
    kept_from = role_mask(r for r in R if category in NEVER.get(r, ()))
    return sa.or_(
        roles.op("&")(by_role) != 0,
        sa.and_(consented.op("&")(CATEGORY_BITS[category]) != 0, roles.op("&")(kept_from) == 0),
    )


def unseen_events(principal: Principal, today: date) -> list[sa.ColumnElement[bool]]:
    """WHERE clauses over `case_events` joined to (or correlated with) `cases`: the
    events after the reader's read marker on their case, not of their own doing, that
    the reader may see there: every category an event reveals, and for an event about
    what only some roles read, one of them (the SQL of `api.readers.Reader.sees_event`
    for the case's reader)."""
    event = m.CaseEvent
    roles = _roles_on_case(principal, today)
    consented: Any = consent_bits_of_participant(principal, today, "case")
    if principal.acting_ids:
        consented = consented.correlate(m.Case)
    categories = []
    for category in C:
        sees = _sees(category, principal, roles, consented)
        if sees is not True:
            shown = event.category_mask.op("&")(CATEGORY_BITS[category]) == 0
            categories.append(shown if sees is False else sa.or_(shown, sees))
    by_role = (
        sa.true()
        if principal.is_admin
        else sa.or_(event.roles_mask.is_(None), event.roles_mask.op("&")(roles) != 0)
    )
    plain = sa.and_(event.category_mask == 0, event.roles_mask.is_(None))
    return [
        event.case_id == m.Case.id,
        *unseen_clauses(principal.actor_id),
        sa.or_(plain, sa.and_(*categories, by_role)),
    ]


def has_unseen(principal: Principal, today: date) -> sa.ColumnElement[bool]:
    """WHERE clause over `cases` (rows the reader may see): the case has an event the
    reader has not seen and may see (`unseen_events`)."""
    return sa.exists().where(*unseen_events(principal, today)).correlate(m.Case)
