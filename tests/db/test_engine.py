"""How the embedded SQLite database takes writes: one writer at a time, from its
first statement and across processes; readers never wait."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from vocrehab.db import models as m
from vocrehab.db.engine import Database


@pytest.fixture
async def sqlite_db(sqlite_template: Path, tmp_path: Path) -> AsyncIterator[Database]:
    path = tmp_path / "engine.sqlite3"
    shutil.copyfile(sqlite_template, path)
    database = Database(f"sqlite+aiosqlite:///{path}")
    yield database
    await database.dispose()


def file_of(db: Database) -> str:
    assert db.url.database
    return db.url.database


async def counter(db: Database) -> int:
    async with db.session() as session:
        value = await session.scalar(sa.select(m.ReferenceCounter.value))
        return int(value or 0)


async def test_a_write_transaction_holds_the_write_lock_from_its_start(
    sqlite_db: Database,
) -> None:
    """BEGIN IMMEDIATE: another connection (another process, say) cannot start
    writing even before this transaction has written anything."""
    other = sqlite3.connect(file_of(sqlite_db), timeout=0, isolation_level=None)
    try:
        async with sqlite_db.transaction() as session:
            await session.execute(sa.select(m.Case.id))  # a read only, so far
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after the commit
        other.execute("ROLLBACK")
    finally:
        other.close()


async def test_writers_of_one_process_take_turns(sqlite_db: Database) -> None:
    """Check-then-write is safe: each writer sees the commit of the one before."""

    async def increment() -> None:
        async with sqlite_db.transaction() as session:
            seen = await session.scalar(sa.select(m.ReferenceCounter.value)) or 0
            await asyncio.sleep(0.01)  # another writer would get in here
            await session.execute(sa.update(m.ReferenceCounter).values(value=seen + 1))

    async with sqlite_db.transaction() as session:
        session.add(m.ReferenceCounter(prefix="T", year=2026, value=0))
    await asyncio.gather(*(increment() for _ in range(20)))
    assert await counter(sqlite_db) == 20


async def test_readers_do_not_wait_for_a_writer(sqlite_db: Database) -> None:
    """WAL: a reader sees the last commit while a write transaction is open."""
    async with sqlite_db.session() as session:
        await session.execute(sa.select(m.Case.id))  # connected, so the file is set up
    other = sqlite3.connect(file_of(sqlite_db))
    try:
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        other.close()
    async with sqlite_db.transaction() as session:
        session.add(m.ReferenceCounter(prefix="T", year=2026, value=1))
    async with sqlite_db.transaction() as session:
        await session.execute(sa.update(m.ReferenceCounter).values(value=2))
        await session.flush()
        # Uncommitted: a reader sees the last commit, at once.
        assert await asyncio.wait_for(counter(sqlite_db), timeout=1) == 1
    assert await counter(sqlite_db) == 2


async def test_a_read_sees_one_snapshot(sqlite_db: Database) -> None:
    async with sqlite_db.transaction() as session:
        session.add(m.ReferenceCounter(prefix="T", year=2026, value=1))
    async with sqlite_db.session() as reader:
        first = await reader.scalar(sa.select(m.ReferenceCounter.value))
        async with sqlite_db.transaction() as writer:
            await writer.execute(sa.update(m.ReferenceCounter).values(value=2))
        again = await reader.scalar(sa.select(m.ReferenceCounter.value))
    assert (first, again) == (1, 1)
    assert await counter(sqlite_db) == 2


async def test_a_nested_write_transaction_is_refused_not_deadlocked(sqlite_db: Database) -> None:
    async with sqlite_db.transaction():
        with pytest.raises(RuntimeError, match="already open"):
            async with sqlite_db.transaction():
                pass


async def test_an_operation_replaces_a_pooled_connection_the_server_closed(db: Database) -> None:
    """No ping on checkout: an operation's first statement on a connection that
    died in the pool (the database restarted) is run again on a new one."""
    if db.is_sqlite:
        pytest.skip("a SQLite connection is a file handle; nothing can close it from outside")
    first = db.operation(snapshot=True)
    pid = (await first.execute(sa.text("SELECT pg_backend_pid()"))).scalar()
    await first.close()
    await terminate(db, pid)
    again = db.operation(snapshot=True)
    try:
        found = (await again.execute(sa.select(sa.func.count()).select_from(m.Case))).scalar()
        assert found == 0
        later = (await again.execute(sa.text("SELECT pg_backend_pid()"))).scalar()
        assert later != pid
    finally:
        await again.close()
    later_op = db.operation(snapshot=True)
    try:  # a dead connection after the first statement is the operation's failure
        await later_op.execute(sa.text("SELECT 1"))
        pid = (await later_op.execute(sa.text("SELECT pg_backend_pid()"))).scalar()
        await terminate(db, pid)
        with pytest.raises(sa.exc.DBAPIError):
            await later_op.execute(sa.text("SELECT 1"))
    finally:
        await later_op.close(commit=False)


async def terminate(db: Database, pid: int) -> None:
    """Close one server connection from outside the pool, as a restart would."""
    admin = create_async_engine(db.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await admin.dispose()


async def test_an_operation_reads_one_snapshot_and_writes_read_committed(db: Database) -> None:
    """An operation's reads see one moment (REPEATABLE READ on PostgreSQL, set as its
    connection is checked out); its writes, and operations without a snapshot, see
    each statement's latest commit; a connection goes back to the pool as it came."""
    if db.is_sqlite:
        pytest.skip("SQLite: one snapshot per read transaction in WAL mode (tested above)")
    level = sa.text("SHOW transaction_isolation")
    async with db.transaction() as session:
        session.add(m.ReferenceCounter(prefix="S", year=2026, value=1))
    reading = db.operation(snapshot=True)
    try:
        assert (await reading.execute(level)).scalar() == "repeatable read"
        first = (await reading.execute(sa.select(m.ReferenceCounter.value))).scalar()
        async with db.transaction() as writer:
            await writer.execute(sa.update(m.ReferenceCounter).values(value=2))
        again = (await reading.execute(sa.select(m.ReferenceCounter.value))).scalar()
        assert (first, again) == (1, 1)
        async with reading.write() as session:
            assert (await session.execute(level)).scalar() == "read committed"
            assert (await session.scalar(sa.select(m.ReferenceCounter.value))) == 2
    finally:
        await reading.close()
    plain = db.operation(snapshot=False)
    try:
        assert (await plain.execute(level)).scalar() == "read committed"
    finally:
        await plain.close()
