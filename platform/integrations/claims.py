"""Claiming queued rows so that several dispatchers share the work.

A row is claimed with a lease (`claimed_until`) in a short transaction and
worked on outside it; a dispatcher that dies loses its lease and another one
takes the row over, so nothing is lost (at least once). On PostgreSQL the
claim reads with `FOR UPDATE SKIP LOCKED`, so concurrent dispatchers claim
different rows without waiting for each other; SQLite has no row locks but
runs every write transaction alone (BEGIN IMMEDIATE), which gives the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["claim", "waiting"]


async def waiting(db: Any, table: Any, eligible: sa.ColumnElement[bool], now: datetime) -> bool:
    """Whether anything could be claimed: read first, so that an idle dispatcher never
    opens a write transaction (on SQLite each one takes the database's write lock)."""
    free = sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < now)
    async with db.session() as session:
        found = await session.execute(sa.select(table.c.id).where(eligible, free).limit(1))
        return found.first() is not None


async def claim(
    session: AsyncSession,
    table: Any,
    eligible: sa.ColumnElement[bool],
    order: Sequence[Any],
    limit: int,
    now: datetime,
    lease: timedelta,
    **values: Any,
) -> list[Any]:
    """Up to `limit` rows of `table` matching `eligible` whose lease ran out (or that
    have none), leased to the caller until `now + lease` (and set `values`); in `order`."""
    free = sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < now)
    query = sa.select(table).where(eligible, free).order_by(*order).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=table)
    rows = list((await session.execute(query)).all())
    if rows:
        await session.execute(
            sa.update(table)
            .where(table.c.id.in_([row.id for row in rows]))
            .values(claimed_until=now + lease, **values)
        )
    return rows
