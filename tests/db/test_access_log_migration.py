"""Migration 0004 converts a log chained entry by entry (release 0003) into
sealed batches, refuses to convert a broken one, and goes back again."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.util import CommandError
from sqlalchemy.dialects import postgresql

from vocrehab.core.audit_seal import seal
from vocrehab.core.audit_verify import verify_log
from vocrehab.core.clock import Clock
from vocrehab.db.access_log import GENESIS
from vocrehab.db.base import UTCDateTime
from vocrehab.db.engine import Database
from vocrehab.db.migrate import alembic_config, current_revision, upgrade

# The tables as release 0003 had them.
legacy = sa.MetaData()
legacy_log = sa.Table(
    "access_log",
    legacy,
    sa.Column("id", sa.Uuid()),
    sa.Column("seq", sa.BigInteger()),
    sa.Column("at", UTCDateTime()),
    sa.Column("request_id", sa.String()),
    sa.Column("participant_id", sa.Uuid()),
    sa.Column("subject", sa.String()),
    sa.Column("actor_id", sa.Uuid()),
    sa.Column("client_id", sa.String()),
    sa.Column("stakeholder_type", sa.String()),
    sa.Column("operation", sa.String()),
    sa.Column("categories", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
    sa.Column("prev_hash", sa.String()),
    sa.Column("hash", sa.String()),
)
legacy_head = sa.Table(
    "audit_chain_head",
    legacy,
    sa.Column("id", sa.Integer()),
    sa.Column("seq", sa.BigInteger()),
    sa.Column("hash", sa.String()),
)


def legacy_hash(prev_hash: str, row: dict[str, Any]) -> str:
    """Release 0003's `entry_hash`."""
    content = [
        row["seq"], str(row["id"]), row["at"].isoformat(), row["request_id"],
        str(row["participant_id"]), row["subject"],
        str(row["actor_id"]) if row["actor_id"] else None, row["client_id"],
        row["stakeholder_type"], row["operation"], sorted(row["categories"]),
    ]  # fmt: skip
    canonical = json.dumps(content, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


async def _migrate(db: Database, revision: str) -> None:
    async with db.engine.begin() as conn:
        await conn.run_sync(lambda sync: command.downgrade(alembic_config(sync), revision))


@pytest.fixture
async def at_0003(db: Database) -> AsyncIterator[Database]:
    """The database as release 0003 left it; back at the newest schema afterwards."""
    await _migrate(db, "0003")
    try:
        yield db
    finally:
        if await current_revision(db) == "0003":  # a conversion refused: start afresh
            async with db.engine.begin() as conn:
                await conn.execute(sa.delete(legacy_log))
                await conn.execute(sa.update(legacy_head).values(seq=0, hash=GENESIS))
            await upgrade(db)


async def _write_legacy(db: Database, count: int, clock: Clock) -> str:
    """`count` entries chained as release 0003 chained them; the head's hash."""
    prev, rows = GENESIS, []
    for seq in range(1, count + 1):
        row = {
            "id": uuid.uuid4(), "seq": seq, "at": clock.now() - timedelta(days=1, seconds=-seq),
            "request_id": f"r{seq // 3}", "participant_id": uuid.uuid4(), "subject": "old",
            "actor_id": None if seq % 2 else uuid.uuid4(), "client_id": "legacy",
            "stakeholder_type": "CASE_MANAGER", "operation": "query Caseload",
            "categories": ["PLAN", "CONTACT"], "prev_hash": prev,
        }  # fmt: skip
        row["hash"] = prev = legacy_hash(prev, row)
        rows.append(row)
    async with db.engine.begin() as conn:
        if rows:
            await conn.execute(sa.insert(legacy_log), rows)
        await conn.execute(sa.update(legacy_head).values(seq=count, hash=prev))
    return prev


async def test_an_intact_legacy_chain_becomes_sealed_batches(
    at_0003: Database, clock: Clock
) -> None:
    legacy_end = await _write_legacy(at_0003, 10_001, clock)
    await upgrade(at_0003)
    check = await verify_log(at_0003, clock.now())
    assert check.problems == []
    assert (check.entries, check.batches, check.unsealed) == (10_001, 2, 0)
    assert check.starts_from == legacy_end, "the first batch chains to the old chain's end"
    await _write_new(at_0003, clock)
    assert [b.batch for b in await seal(at_0003, clock)] == [3]
    assert (await verify_log(at_0003, clock.now())).intact


async def _write_new(db: Database, clock: Clock) -> None:
    from access_log_support import log_reads

    await log_reads(db, requests=2, per_request=2, at=clock.now())


@pytest.mark.parametrize("tamper", ["content", "gap", "head"])
async def test_a_broken_legacy_chain_is_not_converted(
    at_0003: Database, clock: Clock, tamper: str
) -> None:
    await _write_legacy(at_0003, 5, clock)
    async with at_0003.engine.begin() as conn:
        if tamper == "content":
            await conn.execute(
                sa.update(legacy_log).where(legacy_log.c.seq == 3).values(client_id="forged")
            )
        elif tamper == "gap":
            await conn.execute(sa.delete(legacy_log).where(legacy_log.c.seq == 3))
        else:
            await conn.execute(sa.update(legacy_head).values(seq=7))
    with pytest.raises((RuntimeError, CommandError), match="not converting"):
        await upgrade(at_0003)
    assert await current_revision(at_0003) == "0003"
    async with at_0003.engine.connect() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(legacy_log))).scalar()


async def test_downgrade_rebuilds_the_legacy_chain(at_0003: Database, clock: Clock) -> None:
    await _write_legacy(at_0003, 4, clock)
    await upgrade(at_0003)
    await _write_new(at_0003, clock)
    await seal(at_0003, clock, max_entries=2)
    await _write_new(at_0003, clock)  # left unsealed
    await _migrate(at_0003, "0003")
    async with at_0003.engine.connect() as conn:
        rows = (
            (await conn.execute(sa.select(legacy_log).order_by(legacy_log.c.seq))).mappings().all()
        )
        head = (await conn.execute(sa.select(legacy_head))).one()
    prev = GENESIS
    for seq, row in enumerate(rows, 1):
        assert row["seq"] == seq and row["prev_hash"] == prev
        assert legacy_hash(prev, dict(row)) == row["hash"]
        prev = row["hash"]
    assert len(rows) == 12 and (head.seq, head.hash) == (12, prev)
    await upgrade(at_0003)
    assert (await verify_log(at_0003, clock.now())).intact


async def test_downgrade_refuses_a_tampered_log(at_0003: Database, clock: Clock) -> None:
    await upgrade(at_0003)
    await _write_new(at_0003, clock)
    await seal(at_0003, clock)
    async with at_0003.engine.begin() as conn:
        await conn.execute(sa.text("UPDATE access_log SET subject = 'forged'"))
    with pytest.raises((RuntimeError, CommandError), match="not converting"):
        await _migrate(at_0003, "0003")
    assert await current_revision(at_0003) != "0003"
