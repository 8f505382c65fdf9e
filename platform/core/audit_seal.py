"""The sealer: chains the access log's unsealed entries into hash-linked batches.

Requests append entries without any lock (`vocrehab.core.audit`); sealing is
the only step that serialises, and only sealers take part in it. One seal is
one transaction that:

1. writes the head row first (`access_log_head`, one row): on PostgreSQL that
   row lock makes concurrent sealers (other workers, `vocrehab audit seal`)
   take turns; on SQLite a transaction whose first statement writes holds
   the database's write lock from its start, as `BEGIN IMMEDIATE` would, so
   nothing it reads can change under it;
2. marks up to `max_entries` unsealed entries with the next batch number in
   one UPDATE ... WHERE batch IS NULL ... RETURNING, and takes the entries
   it marked, and only those, as the batch. Under READ COMMITTED an entry
   whose transaction commits after that statement's snapshot keeps batch
   NULL and goes into a later batch: entries are never skipped, and the
   `batch IS NULL` condition (with the head lock) means never sealed twice;
3. stores the batch (count, Merkle root over its entries' hashes ordered by
   id, hash chained to the previous batch) and moves the head.

`sealing()` runs a sealer in the background of a process (`vocrehab serve`);
`seal()` is one pass (`vocrehab audit seal`); `sealer_lag()` is the metric.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from vocrehab.core.clock import Clock
from vocrehab.db.access_log import (
    batch_digest,
    batches_table,
    entries_table,
    head_table,
    merkle_root,
)
from vocrehab.db.engine import Database

__all__ = ["SealedBatch", "SealerLag", "seal", "seal_batch", "sealer_lag", "sealing"]

log = logging.getLogger("vocrehab.audit")

MAX_BATCH = 10_000
"""Most entries in one batch: a backlog is sealed in several short transactions."""


@dataclass(frozen=True)
class SealedBatch:
    batch: int
    count: int
    hash: str


async def seal(db: Database, clock: Clock, max_entries: int = MAX_BATCH) -> list[SealedBatch]:
    """Seal every entry committed so far, in batches of at most `max_entries`."""
    sealed: list[SealedBatch] = []
    while True:
        async with db.engine.connect() as conn:
            if not db.is_sqlite:  # the argument above needs it, whatever the server default is
                await conn.execution_options(isolation_level="READ COMMITTED")
            if not await _anything_unsealed(conn):  # a read: idle sealers lock nothing
                return sealed
            batch = await seal_batch(conn, clock.now(), max_entries)
            await conn.commit()
        if batch is None:
            return sealed
        log.info(
            "access log: sealed batch %d (%d entries), hash %s",
            batch.batch,
            batch.count,
            batch.hash,
        )
        sealed.append(batch)
        if batch.count < max_entries:
            return sealed


async def _anything_unsealed(conn: AsyncConnection) -> bool:
    found = await conn.scalar(
        sa.select(entries_table.c.id).where(entries_table.c.batch.is_(None)).limit(1)
    )
    await conn.rollback()
    return found is not None


async def seal_batch(
    conn: AsyncConnection, now: datetime, max_entries: int = MAX_BATCH
) -> SealedBatch | None:
    """Seal the next batch in `conn`'s transaction (the caller commits); None if
    there was nothing to seal. On PostgreSQL `conn` must be READ COMMITTED: each
    statement then sees what committed before it, the previous seal included."""
    locked = (
        await conn.execute(
            sa.update(head_table)
            .where(head_table.c.id == 1)
            .values(batch=head_table.c.batch)
            .returning(head_table.c.batch, head_table.c.hash)
        )
    ).one_or_none()
    if locked is None:
        raise RuntimeError("the access log has no head row: run `vocrehab db upgrade`")
    number = locked.batch + 1
    unsealed = (
        sa.select(entries_table.c.id)
        .where(entries_table.c.batch.is_(None))
        .order_by(entries_table.c.id)
        .limit(max_entries)
        .scalar_subquery()
    )
    mark = (
        sa.update(entries_table)
        .where(entries_table.c.id.in_(unsealed), entries_table.c.batch.is_(None))
        .values(batch=number)
        .returning(entries_table.c.id, entries_table.c.hash)
    )
    if conn.dialect.name == "postgresql":
        # The server orders the marked entries (a sort of uuids in C, where Python's
        # would compare UUID objects) and sends only their hashes.
        marked = mark.cte("marked")
        ordered = (await conn.execute(sa.select(marked.c.hash).order_by(marked.c.id))).all()
        hashes = [entry_hash for (entry_hash,) in ordered]
    else:  # SQLite has no UPDATE in a WITH clause
        hashes = [entry_hash for _, entry_hash in sorted((await conn.execute(mark)).all())]
    if not hashes:
        return None
    root = merkle_root(hashes)
    digest = batch_digest(locked.hash, number, len(hashes), root, now)
    await conn.execute(
        sa.insert(batches_table).values(
            batch=number,
            sealed_at=now,
            count=len(hashes),
            root=root,
            prev_hash=locked.hash,
            hash=digest,
        )
    )
    await conn.execute(
        sa.update(head_table).where(head_table.c.id == 1).values(batch=number, hash=digest)
    )
    return SealedBatch(number, len(hashes), digest)


@asynccontextmanager
async def sealing(db: Database, clock: Clock, interval: float | None) -> AsyncIterator[None]:
    """Run a sealer every `interval` seconds while the body runs (None: no sealer),
    and seal what is left when it ends."""
    if not interval:
        yield
        return
    task = asyncio.create_task(_seal_forever(db, clock, interval), name="access-log sealer")
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
        try:
            await seal(db, clock)
        except Exception:
            log.exception("access log: the last seal before stopping failed")


async def _seal_forever(db: Database, clock: Clock, interval: float) -> None:
    failing = False
    while True:
        try:
            await seal(db, clock)
            failing = False
        except Exception:
            if not failing:  # once per outage, not once per tick
                log.exception("access log: sealing failed; retrying every %s s", interval)
            failing = True
        await asyncio.sleep(interval)


@dataclass(frozen=True)
class SealerLag:
    unsealed: int
    oldest_age_seconds: float
    """Age of the oldest unsealed entry; 0 when everything is sealed."""


async def sealer_lag(db: Database, now: datetime) -> SealerLag:
    """How far the sealer is behind: for metrics and alerts."""
    async with db.engine.connect() as conn:
        count, oldest = (
            await conn.execute(
                sa.select(sa.func.count(), sa.func.min(entries_table.c.at)).where(
                    entries_table.c.batch.is_(None)
                )
            )
        ).one()
    if oldest is None:
        return SealerLag(0, 0.0)
    return SealerLag(int(count), max(0.0, (now - oldest).total_seconds()))
