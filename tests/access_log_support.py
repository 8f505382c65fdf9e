"""Test helpers for the access log: entries written as a request would write
them, and the log read back whole."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from vocrehab.core.audit import AccessRecorder, write_entries
from vocrehab.core.principal import Principal
from vocrehab.db.access_log import AccessLogBatch, AccessLogRow
from vocrehab.db.engine import Database
from vocrehab.hooks.vocabulary import DataCategory
from vocrehab.hooks.vocabulary import StakeholderType as R

READER = Principal("reader", "test", R.CASE_MANAGER, frozenset(), actor_id=uuid.uuid4())


def recorder_of(participants: int, operation: str = "query Caseload") -> AccessRecorder:
    """A recorder that saw `participants` new participants' contact data."""
    recorder = AccessRecorder(READER, uuid.uuid4().hex, operation)
    for _ in range(participants):
        recorder.saw_participant(uuid.uuid4(), DataCategory.CONTACT)
    return recorder


async def log_reads(db: Database, requests: int, per_request: int, at: datetime) -> None:
    """`requests` committed operations, each showing `per_request` participants."""
    for _ in range(requests):
        async with db.transaction() as session:
            await write_entries(session, recorder_of(per_request), at)


async def entries(db: Database) -> list[Any]:
    async with db.engine.connect() as conn:
        return list((await conn.execute(sa.select(AccessLogRow.__table__))).mappings().all())


async def batches(db: Database) -> list[Any]:
    table = AccessLogBatch.__table__
    async with db.engine.connect() as conn:
        return list((await conn.execute(sa.select(table).order_by(table.c.batch))).all())
