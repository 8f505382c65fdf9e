"""Verifying the access log (`vocrehab audit verify`).

Reads the whole log in one snapshot and checks, batch by batch: each entry's
hash against its content, each batch's count and Merkle root against its
entries, each batch's hash against its fields and the batch before, the head
row against the last batch, and the batch hashes an operator recorded
elsewhere (anchors). Entries that claim a batch that does not exist are
reported, and so are unsealed entries older than `max_unsealed_age`: the
sealer is behind, or they were written outside it. Every problem is reported,
not only the first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from vocrehab.db.access_log import (
    GENESIS,
    batch_digest,
    batches_table,
    entries_table,
    entry_digest,
    head_table,
    merkle_root,
)
from vocrehab.db.engine import Database

__all__ = ["LogCheck", "verify_log"]


BATCHES_PER_READ = 1000
ENTRIES_PER_READ = 20_000
MAX_PROBLEMS = 1000


@dataclass
class LogCheck:
    entries: int = 0
    """Entries whose hash was checked, sealed or not."""
    batches: int = 0
    unsealed: int = 0
    oldest_unsealed: datetime | None = None
    head: tuple[int, str] = (0, GENESIS)
    """The last batch's number and hash: record it elsewhere to anchor the log."""
    starts_from: str = GENESIS
    """What the first batch chains to: GENESIS, or the end of the log kept
    before batches existed (migration 0004)."""
    problems: list[str] = field(default_factory=list)
    omitted: int = 0
    """Problems beyond `MAX_PROBLEMS`, counted but not listed."""

    @property
    def intact(self) -> bool:
        return not self.problems

    def problem(self, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)
        else:
            self.omitted += 1


async def verify_log(
    db: Database,
    now: datetime,
    max_unsealed_age: timedelta = timedelta(minutes=1),
    anchors: Mapping[int, str] | None = None,
) -> LogCheck:
    check = LogCheck()
    async with _one_snapshot(db) as conn:
        await _check_batches(conn, check)
        await _check_strays(conn, check)
        await _check_head(conn, check)
        await _check_unsealed(conn, check, now - max_unsealed_age, max_unsealed_age)
        for number, expected in sorted((anchors or {}).items()):
            found = await conn.scalar(
                sa.select(batches_table.c.hash).where(batches_table.c.batch == number)
            )
            if found != expected:
                check.problem(f"batch {number} is not the one anchored ({expected})")
    return check


@asynccontextmanager
async def _one_snapshot(db: Database) -> AsyncIterator[AsyncConnection]:
    """A read-only view that stays still while sealers and writers carry on, so a
    batch sealed during the check cannot look like a stray."""
    async with db.engine.connect() as conn:
        if db.is_sqlite:
            await conn.begin()
            raw = await conn.get_raw_connection()
            if not getattr(raw.driver_connection, "in_transaction", True):
                # pysqlite begins no transaction for reads: each SELECT would see anew
                await conn.exec_driver_sql("BEGIN")
        else:
            await conn.execution_options(isolation_level="REPEATABLE READ")
        try:
            yield conn
        finally:
            await conn.rollback()


async def _check_batches(conn: AsyncConnection, check: LogCheck) -> None:
    expected, prev_hash = 1, None
    async for window in _windows(conn):
        lo, hi = window[0].batch, window[-1].batch
        members = await _entries_of(conn, entries_table.c.batch.between(lo, hi))
        grouped: dict[int, list[RowMapping]] = defaultdict(list)
        for entry in members:
            grouped[entry["batch"]].append(entry)
        for batch in window:
            for missing in range(expected, batch.batch):
                _missing_batch(check, missing, len(grouped.pop(missing, [])))
            if prev_hash is None:
                check.starts_from = prev_hash = batch.prev_hash if batch.batch == 1 else GENESIS
            _check_batch(check, batch, grouped.pop(batch.batch, []), prev_hash)
            expected, prev_hash = batch.batch + 1, batch.hash
            check.head = (batch.batch, batch.hash)


async def _windows(conn: AsyncConnection) -> AsyncIterator[list[Any]]:
    """Batches in order, in groups of about ENTRIES_PER_READ entries."""
    after = 0
    while True:
        rows = (
            await conn.execute(
                sa.select(batches_table)
                .where(batches_table.c.batch > after)
                .order_by(batches_table.c.batch)
                .limit(BATCHES_PER_READ)
            )
        ).all()
        window: list[Any] = []
        for row in rows:
            if window and sum(b.count for b in window) + row.count > ENTRIES_PER_READ:
                yield window
                window = []
            window.append(row)
        if window:
            yield window
        if len(rows) < BATCHES_PER_READ:
            return
        after = rows[-1].batch


async def _entries_of(conn: AsyncConnection, where: Any) -> Sequence[RowMapping]:
    rows = await conn.execute(sa.select(entries_table).where(where).order_by(entries_table.c.id))
    return rows.mappings().all()


def _check_batch(check: LogCheck, batch: Any, members: list[RowMapping], prev_hash: str) -> None:
    check.batches += 1
    name = f"batch {batch.batch}"
    if batch.prev_hash != prev_hash:
        check.problem(f"{name} does not follow the batch before it")
    if batch_digest(batch.prev_hash, batch.batch, batch.count, batch.root, batch.sealed_at) != (
        batch.hash
    ):
        check.problem(f"{name}: its hash does not match its count, root and time")
    _check_entries(check, members)
    hashes = {entry["id"]: entry["hash"] for entry in members}
    if len(hashes) != batch.count:
        check.problem(f"{name} holds {len(hashes)} entries but was sealed with {batch.count}")
    elif merkle_root([hashes[i] for i in sorted(hashes)]) != batch.root:
        check.problem(f"{name}: its entries do not match its Merkle root")


def _check_entries(check: LogCheck, entries: Sequence[RowMapping]) -> None:
    """Each entry's stored hash against its content (the root covers stored hashes)."""
    for entry in entries:
        check.entries += 1
        if entry_digest(entry) != entry["hash"]:
            check.problem(f"entry {entry['id']}: its content does not match its hash")


def _missing_batch(check: LogCheck, number: int, claimed_by: int) -> None:
    check.problem(f"batch {number} is missing")
    if claimed_by:
        check.problem(f"{claimed_by} entries claim batch {number}")


async def _check_strays(conn: AsyncConnection, check: LogCheck) -> None:
    """Entries that claim a batch beyond the last one (or below the first)."""
    last = check.head[0]
    rows = await conn.execute(
        sa.select(entries_table.c.batch, sa.func.count())
        .where(sa.or_(entries_table.c.batch < 1, entries_table.c.batch > last))
        .group_by(entries_table.c.batch)
        .order_by(entries_table.c.batch)
    )
    for number, count in rows:
        check.problem(f"{count} entries claim batch {number}, which does not exist")


async def _check_head(conn: AsyncConnection, check: LogCheck) -> None:
    head = (await conn.execute(sa.select(head_table.c.batch, head_table.c.hash))).all()
    if len(head) != 1:
        check.problem(f"the log should have one head row, not {len(head)}")
        return
    number, digest = head[0]
    last, last_hash = check.head
    if number != last:
        check.problem(f"the head says batch {number}, but the last batch is {last}")
    elif not check.batches:  # no batch yet: the head holds what the first will chain to
        check.starts_from, check.head = digest, (0, digest)
    elif digest != last_hash:
        check.problem(f"the head's hash is not batch {last}'s")


async def _check_unsealed(
    conn: AsyncConnection, check: LogCheck, cutoff: datetime, max_age: timedelta
) -> None:
    late, after = 0, None
    while True:
        where = [entries_table.c.batch.is_(None)]
        if after is not None:
            where.append(entries_table.c.id > after)
        rows = (
            await conn.execute(
                sa.select(entries_table)
                .where(*where)
                .order_by(entries_table.c.id)
                .limit(ENTRIES_PER_READ)
            )
        ).mappings()
        chunk = rows.all()
        _check_entries(check, chunk)
        for entry in chunk:
            check.unsealed += 1
            late += entry["at"] < cutoff
            if check.oldest_unsealed is None or entry["at"] < check.oldest_unsealed:
                check.oldest_unsealed = entry["at"]
        if len(chunk) < ENTRIES_PER_READ:
            break
        after = chunk[-1]["id"]
    if late:
        check.problem(
            f"{late} entries have waited longer than {max_age} to be sealed (the oldest was "
            f"written at {check.oldest_unsealed}): the sealer is behind, or they were "
            "written outside the API"
        )
