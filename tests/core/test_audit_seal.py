"""Sealing the access log: batches chained to each other, every entry sealed
exactly once whatever the interleaving, and appends that never wait."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from access_log_support import batches, entries, log_reads, recorder_of
from sqlalchemy.ext.asyncio import AsyncConnection

from vocrehab.core.audit import write_entries
from vocrehab.core.audit_seal import SealerLag, seal, seal_batch, sealer_lag
from vocrehab.core.audit_verify import verify_log
from vocrehab.core.clock import Clock
from vocrehab.db.access_log import GENESIS, batch_digest, merkle_root
from vocrehab.db.engine import Database


async def test_a_seal_chains_the_unsealed_entries_in_batches(db: Database, clock: Clock) -> None:
    await log_reads(db, requests=5, per_request=5, at=clock.now())
    sealed = await seal(db, clock, max_entries=10)
    assert [(b.batch, b.count) for b in sealed] == [(1, 10), (2, 10), (3, 5)]
    rows = await batches(db)
    assert [row.prev_hash for row in rows] == [GENESIS, rows[0].hash, rows[1].hash]
    members = await entries(db)
    for row in rows:
        hashes = sorted((e["id"], e["hash"]) for e in members if e["batch"] == row.batch)
        assert row.root == merkle_root([h for _, h in hashes]) and row.count == len(hashes)
        expected = batch_digest(row.prev_hash, row.batch, row.count, row.root, row.sealed_at)
        assert row.hash == expected == sealed[row.batch - 1].hash
    assert await seal(db, clock) == []
    await log_reads(db, requests=1, per_request=2, at=clock.now())
    assert [(b.batch, b.count) for b in await seal(db, clock)] == [(4, 2)]


@pytest.fixture
async def open_append(db: Database, clock: Clock) -> AsyncIterator[AsyncConnection]:
    """A transaction that has appended three entries and not committed yet."""
    if db.is_sqlite:
        pytest.skip("SQLite has one writer: an open append holds the database's write lock")
    async with db.engine.connect() as conn:
        await write_entries(conn, recorder_of(3), clock.now())
        yield conn


async def test_an_entry_committed_after_a_seal_read_the_table_goes_into_the_next_batch(
    db: Database, clock: Clock, open_append: AsyncConnection
) -> None:
    await log_reads(db, requests=1, per_request=2, at=clock.now())
    assert [b.count for b in await seal(db, clock)] == [2]
    await open_append.commit()
    assert [(b.batch, b.count) for b in await seal(db, clock)] == [(2, 3)]
    assert sorted(e["batch"] for e in await entries(db)) == [1, 1, 2, 2, 2]
    assert (await verify_log(db, clock.now())).intact


async def test_appends_wait_neither_for_each_other_nor_for_the_sealer(
    db: Database, clock: Clock, open_append: AsyncConnection
) -> None:
    started = time.perf_counter()
    await asyncio.wait_for(log_reads(db, requests=1, per_request=2, at=clock.now()), 5)
    appended = time.perf_counter() - started
    assert appended < 1.0, f"an append waited {appended:.2f} s for another transaction"
    assert [b.count for b in await asyncio.wait_for(seal(db, clock), 5)] == [2]
    async with db.engine.connect() as sealing:  # a sealer in the middle of a seal
        await log_reads(db, requests=1, per_request=1, at=clock.now())
        assert await seal_batch(sealing, clock.now()) is not None
        await asyncio.wait_for(log_reads(db, requests=1, per_request=4, at=clock.now()), 5)
        await sealing.commit()
    await open_append.commit()
    assert [b.count for b in await seal(db, clock)] == [7]
    assert (await verify_log(db, clock.now())).intact


async def test_sealers_take_turns_and_never_seal_twice(db: Database, clock: Clock) -> None:
    await log_reads(db, requests=2, per_request=3, at=clock.now())
    async with db.engine.connect() as first:
        assert await seal_batch(first, clock.now()) is not None
        second = asyncio.create_task(seal(db, clock))
        await asyncio.sleep(0.3)
        assert not second.done(), "a second sealer went ahead while the first held the head"
        await first.commit()
    assert await asyncio.wait_for(second, 10) == []
    assert [(row.batch, row.count) for row in await batches(db)] == [(1, 6)]


async def test_concurrent_appends_and_sealers_leave_a_whole_log(
    db: Database, database_url: str, clock: Clock
) -> None:
    writers, requests, per_request = 6, 12, 4
    done = asyncio.Event()
    others = [Database(database_url, pool_size=2) for _ in range(2)]  # as other processes

    async def write() -> None:
        await log_reads(db, requests=requests, per_request=per_request, at=clock.now())

    async def keep_sealing(where: Database) -> int:
        sealed = 0
        while not done.is_set():
            sealed += sum(b.count for b in await seal(where, clock, max_entries=7))
            await asyncio.sleep(0.005)
        return sealed

    try:
        sealers = [asyncio.create_task(keep_sealing(where)) for where in (db, *others)]
        await asyncio.gather(*(write() for _ in range(writers)))
        done.set()
        sealed = sum(await asyncio.gather(*sealers))
    finally:
        for other in others:
            await other.dispose()
    sealed += sum(b.count for b in await seal(db, clock))
    total = writers * requests * per_request
    assert sealed == total == len(await entries(db))
    rows = await batches(db)
    assert [row.batch for row in rows] == list(range(1, len(rows) + 1))
    assert sum(row.count for row in rows) == total
    check = await verify_log(db, clock.now())
    assert check.intact, check.problems
    assert (check.entries, check.batches, check.unsealed) == (total, len(rows), 0)


async def test_the_lag_is_the_age_of_the_oldest_unsealed_entry(db: Database, clock: Clock) -> None:
    assert await sealer_lag(db, clock.now()) == SealerLag(0, 0.0)
    await log_reads(db, requests=1, per_request=2, at=clock.now() - timedelta(seconds=30))
    await log_reads(db, requests=1, per_request=1, at=clock.now() - timedelta(seconds=5))
    assert await sealer_lag(db, clock.now()) == SealerLag(3, 30.0)
    await seal(db, clock)
    assert await sealer_lag(db, clock.now()) == SealerLag(0, 0.0)
