"""`verify_log` finds every edited, removed, moved or inserted entry and every
tampered batch, and passes an untouched log."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from access_log_support import log_reads, recorder_of
from sqlalchemy.ext.asyncio import AsyncConnection

from vocrehab.core.audit import write_entries
from vocrehab.core.audit_seal import seal
from vocrehab.core.audit_verify import verify_log
from vocrehab.core.clock import Clock
from vocrehab.db.access_log import (
    AccessLogBatch,
    AccessLogHead,
    AccessLogRow,
    batch_digest,
    entry_digest,
    merkle_root,
)
from vocrehab.db.base import new_id
from vocrehab.db.engine import Database

entries = AccessLogRow.__table__
batches = AccessLogBatch.__table__
head = AccessLogHead.__table__
Tamper = Callable[[AsyncConnection, Clock], Awaitable[Any]]


@pytest.fixture
async def sealed(db: Database, clock: Clock) -> Database:
    """Fifteen entries in three sealed batches of five."""
    await log_reads(db, requests=5, per_request=3, at=clock.now())
    assert [b.count for b in await seal(db, clock, max_entries=5)] == [5, 5, 5]
    return db


async def test_an_untouched_log_is_intact(sealed: Database, clock: Clock) -> None:
    await log_reads(sealed, requests=1, per_request=2, at=clock.now())  # waiting, not late
    check = await verify_log(sealed, clock.now())
    assert check.problems == []
    assert (check.entries, check.batches, check.unsealed) == (17, 3, 2)
    async with sealed.engine.connect() as conn:
        last = (await conn.execute(sa.select(batches).where(batches.c.batch == 3))).one()
    assert check.head == (3, last.hash)


async def _one_of(conn: AsyncConnection, batch: int | None = 2) -> Any:
    where = entries.c.batch.is_(None) if batch is None else entries.c.batch == batch
    return (
        (await conn.execute(sa.select(entries).where(where).order_by(entries.c.id)))
        .mappings()
        .first()
    )


async def _edit(conn: AsyncConnection, clock: Clock) -> Any:
    entry = await _one_of(conn)
    await conn.execute(
        sa.update(entries).where(entries.c.id == entry["id"]).values(operation="query Harmless")
    )
    return entry["id"]


async def _edit_and_rehash(conn: AsyncConnection, clock: Clock) -> Any:
    entry_id = await _edit(conn, clock)
    row = (await conn.execute(sa.select(entries).where(entries.c.id == entry_id))).mappings().one()
    await conn.execute(
        sa.update(entries).where(entries.c.id == entry_id).values(hash=entry_digest(row))
    )


async def _delete(conn: AsyncConnection, clock: Clock) -> Any:
    await conn.execute(sa.delete(entries).where(entries.c.id == (await _one_of(conn))["id"]))


async def _forged(conn: AsyncConnection, clock: Clock, batch: int | None, age: timedelta) -> Any:
    """An entry as the API would have written it, straight into the table."""
    row = {**(await _one_of(conn)), "id": new_id(), "at": clock.now() - age, "batch": batch}
    row["hash"] = entry_digest(row)
    await conn.execute(sa.insert(entries).values(row))


async def _unseal(conn: AsyncConnection, clock: Clock) -> Any:
    entry = await _one_of(conn)
    await conn.execute(sa.update(entries).where(entries.c.id == entry["id"]).values(batch=None))


async def _reseal(conn: AsyncConnection, number: int) -> None:
    """Recompute a batch from its entries and the batch before, as a forger would."""
    rows = (await conn.execute(sa.select(entries).where(entries.c.batch == number))).mappings()
    hashes = {row["id"]: row["hash"] for row in rows}
    root = merkle_root([hashes[i] for i in sorted(hashes)])
    batch = (await conn.execute(sa.select(batches).where(batches.c.batch == number))).one()
    prev = (
        await conn.execute(sa.select(batches.c.hash).where(batches.c.batch == number - 1))
    ).scalar_one()
    digest = batch_digest(prev, number, len(hashes), root, batch.sealed_at)
    await conn.execute(
        sa.update(batches)
        .where(batches.c.batch == number)
        .values(count=len(hashes), root=root, prev_hash=prev, hash=digest)
    )
    await conn.execute(sa.update(head).where(head.c.batch == number).values(hash=digest))


async def _set_batch(conn: AsyncConnection, **values: Any) -> None:
    await conn.execute(sa.update(batches).where(batches.c.batch == 2).values(**values))


async def _rewrite_batch(conn: AsyncConnection, clock: Clock) -> None:
    await _edit_and_rehash(conn, clock)
    await _reseal(conn, 2)


CASES: dict[str, tuple[Tamper, list[str]]] = {
    "edited entry": (_edit, ["entry {id}: its content does not match its hash"]),
    "edited entry, hash recomputed": (
        _edit_and_rehash,
        ["batch 2: its entries do not match its Merkle root"],
    ),
    "deleted entry": (_delete, ["batch 2 holds 4 entries but was sealed with 5"]),
    "inserted entry in a sealed batch": (
        lambda conn, clock: _forged(conn, clock, 2, timedelta()),
        ["batch 2 holds 6 entries but was sealed with 5"],
    ),
    "inserted entry in a batch that does not exist": (
        lambda conn, clock: _forged(conn, clock, 9, timedelta()),
        ["1 entries claim batch 9, which does not exist"],
    ),
    "inserted unsealed entry, backdated": (
        lambda conn, clock: _forged(conn, clock, None, timedelta(hours=1)),
        ["1 entries have waited longer than 0:01:00 to be sealed"],
    ),
    "sealed entry made unsealed": (_unseal, ["batch 2 holds 4 entries but was sealed with 5"]),
    "batch root": (
        lambda conn, clock: _set_batch(conn, root="f" * 64),
        [
            "batch 2: its hash does not match its count, root and time",
            "batch 2: its entries do not match its Merkle root",
        ],
    ),
    "batch count": (
        lambda conn, clock: _set_batch(conn, count=4),
        [
            "batch 2: its hash does not match its count, root and time",
            "batch 2 holds 5 entries but was sealed with 4",
        ],
    ),
    "batch time": (
        lambda conn, clock: _set_batch(conn, sealed_at=clock.now() - timedelta(days=1)),
        ["batch 2: its hash does not match its count, root and time"],
    ),
    "batch removed": (
        lambda conn, clock: conn.execute(sa.delete(batches).where(batches.c.batch == 2)),
        [
            "batch 2 is missing",
            "5 entries claim batch 2",
            "batch 3 does not follow the batch before it",
        ],
    ),
    "batch rewritten consistently": (
        _rewrite_batch,
        ["batch 3 does not follow the batch before it"],
    ),
    "head moved back": (
        lambda conn, clock: conn.execute(sa.update(head).values(batch=2)),
        ["the head says batch 2, but the last batch is 3"],
    ),
    "head hash": (
        lambda conn, clock: conn.execute(sa.update(head).values(hash="e" * 64)),
        ["the head's hash is not batch 3's"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_tampering_is_found(sealed: Database, clock: Clock, case: str) -> None:
    tamper, expected = CASES[case]
    async with sealed.engine.begin() as conn:
        touched = await tamper(conn, clock)
    check = await verify_log(sealed, clock.now())
    assert not check.intact
    reported = [p.split(" (the oldest")[0] for p in check.problems]
    assert reported == [e.format(id=touched) for e in expected]


async def test_an_anchor_finds_a_rewritten_tail(sealed: Database, clock: Clock) -> None:
    before = await verify_log(sealed, clock.now())
    async with sealed.engine.begin() as conn:
        await _rewrite_batch(conn, clock)
        await _reseal(conn, 3)
    rewritten = await verify_log(sealed, clock.now())
    assert rewritten.intact, "recomputing every hash to the head is consistent"
    assert rewritten.head != before.head
    anchored = await verify_log(sealed, clock.now(), anchors={3: before.head[1]})
    assert anchored.problems == [f"batch 3 is not the one anchored ({before.head[1]})"]
    assert (await verify_log(sealed, clock.now(), anchors={3: rewritten.head[1]})).intact


async def test_late_entries_are_reported_after_the_threshold(db: Database, clock: Clock) -> None:
    async with db.transaction() as session:
        await write_entries(session, recorder_of(2), clock.now() - timedelta(seconds=90))
    assert (await verify_log(db, clock.now(), timedelta(minutes=2))).intact
    late = await verify_log(db, clock.now(), timedelta(minutes=1))
    assert len(late.problems) == 1 and "2 entries have waited longer" in late.problems[0]
    assert late.unsealed == 2
