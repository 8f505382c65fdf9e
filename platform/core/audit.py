"""The access log: every read of a participant's data and every change, recorded
once per request, and chained so that tampering shows.

During a request, resolvers note what they return (`record_case`,
`record_participant`) on the request's `AccessRecorder`; at the end of the
request `write_entries` turns the notes into one entry per participant (the
categories seen, the operation) and appends them to the chain: each entry's
hash covers its content and the previous entry's hash, so editing, removing
or inserting a row breaks every link after it (`verify_chain`).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core.pagination import Page, PageRequest, SortKey, keyset_page
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.access_log import AccessLogRow, AuditChainHead
from vocrehab.db.base import new_id
from vocrehab.hooks.vocabulary import DataCategory

__all__ = [
    "GENESIS",
    "AccessRecorder",
    "ChainCheck",
    "access_log_page",
    "entry_hash",
    "record_case",
    "record_participant",
    "recording",
    "start_recording",
    "verify_chain",
    "write_entries",
]

GENESIS = "0" * 64


@dataclass
class AccessRecorder:
    """What one request has shown or changed, by case and by participant."""

    principal: Principal
    request_id: str
    operation: str = "request"
    cases: dict[uuid.UUID, set[DataCategory]] = field(default_factory=lambda: defaultdict(set))
    participants: dict[uuid.UUID, set[DataCategory]] = field(
        default_factory=lambda: defaultdict(set)
    )

    def saw_case(self, case_id: uuid.UUID, *categories: DataCategory) -> None:
        self.cases[case_id].update(categories)

    def saw_participant(self, participant_id: uuid.UUID, *categories: DataCategory) -> None:
        self.participants[participant_id].update(categories)

    def __bool__(self) -> bool:
        return bool(self.cases or self.participants)


_current: ContextVar[AccessRecorder | None] = ContextVar("vocrehab_access_recorder", default=None)


@contextmanager
def recording(recorder: AccessRecorder) -> Iterator[AccessRecorder]:
    token = _current.set(recorder)
    try:
        yield recorder
    finally:
        _current.reset(token)


def start_recording(recorder: AccessRecorder) -> None:
    """Make `recorder` the current one for the rest of this task (and the tasks it starts)."""
    _current.set(recorder)


def record_case(case_id: uuid.UUID, *categories: DataCategory) -> None:
    recorder = _current.get()
    if recorder is not None:
        recorder.saw_case(case_id, *categories)


def record_participant(participant_id: uuid.UUID, *categories: DataCategory) -> None:
    recorder = _current.get()
    if recorder is not None:
        recorder.saw_participant(participant_id, *categories)


# ---------------------------------------------------------------------- the chain


def entry_hash(prev_hash: str, row: AccessLogRow) -> str:
    """SHA-256 over the previous hash and a canonical form of the entry's content."""
    content = [
        row.seq,
        str(row.id),
        row.at.isoformat(),
        row.request_id,
        str(row.participant_id),
        row.subject,
        str(row.actor_id) if row.actor_id else None,
        row.client_id,
        row.stakeholder_type.value,
        row.operation,
        sorted(row.categories),
    ]
    canonical = json.dumps(content, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


async def _by_participant(
    session: AsyncSession, recorder: AccessRecorder
) -> dict[uuid.UUID, set[DataCategory]]:
    merged: dict[uuid.UUID, set[DataCategory]] = defaultdict(set)
    for participant_id, categories in recorder.participants.items():
        merged[participant_id] |= categories
    if recorder.cases:
        rows = await session.execute(
            sa.select(m.Case.id, m.Case.participant_id).where(m.Case.id.in_(list(recorder.cases)))
        )
        for case_id, participant_id in rows:
            merged[participant_id] |= recorder.cases[case_id]
    return merged


async def write_entries(session: AsyncSession, recorder: AccessRecorder, now: datetime) -> int:
    """Append one entry per participant the request touched; returns how many."""
    merged = await _by_participant(session, recorder)
    if not merged:
        return 0
    head = await _locked_head(session)
    principal = recorder.principal
    for participant_id in sorted(merged):
        row = AccessLogRow(
            id=new_id(),
            seq=head.seq + 1,
            at=now,
            request_id=recorder.request_id,
            participant_id=participant_id,
            subject=principal.subject,
            actor_id=principal.actor_id,
            client_id=principal.client_id,
            stakeholder_type=principal.stakeholder_type,
            operation=recorder.operation[:300],
            categories=sorted(c.value for c in merged[participant_id]),
            prev_hash=head.hash,
        )
        row.hash = entry_hash(head.hash, row)
        session.add(row)
        head.seq, head.hash = row.seq, row.hash
    return len(merged)


async def _locked_head(session: AsyncSession) -> AuditChainHead:
    """The chain head, locked until commit (created at genesis if the table is empty)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(
        insert(AuditChainHead).values(id=1, seq=0, hash=GENESIS).on_conflict_do_nothing()
    )
    head = await session.scalar(
        sa.select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update()
    )
    assert head is not None
    return head


@dataclass(frozen=True)
class ChainCheck:
    checked: int
    broken_at: int | None = None
    """The `seq` of the first entry whose link does not hold."""
    reason: str | None = None


async def verify_chain(session: AsyncSession, batch: int = 1000) -> ChainCheck:
    """Walk the chain in order; report the first link that does not hold."""
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    while True:
        rows = (
            await session.scalars(
                sa.select(AccessLogRow)
                .where(AccessLogRow.seq >= expected_seq)
                .order_by(AccessLogRow.seq)
                .limit(batch)
            )
        ).all()
        for row in rows:
            problem = _link_problem(row, expected_seq, expected_prev)
            if problem:
                return ChainCheck(
                    checked, row.seq if row.seq == expected_seq else expected_seq, problem
                )
            expected_prev, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
        if len(rows) < batch:
            break
    head = await session.get(AuditChainHead, 1)
    if head is not None and (head.seq != expected_seq - 1 or head.hash != expected_prev):
        return ChainCheck(checked, expected_seq, "entries after this point are missing")
    return ChainCheck(checked)


def _link_problem(row: AccessLogRow, seq: int, prev: str) -> str | None:
    if row.seq != seq:
        return f"entry {seq} is missing"
    if row.prev_hash != prev:
        return "the entry does not point at the one before it"
    if entry_hash(prev, row) != row.hash:
        return "the entry's content does not match its hash"
    return None


async def access_log_page(
    open_session: Callable[[], Any], participant_id: uuid.UUID, request: PageRequest
) -> Page[AccessLogRow]:
    """A participant's log, newest first."""
    stmt = sa.select(AccessLogRow).where(AccessLogRow.participant_id == participant_id)
    keys = [SortKey(AccessLogRow.seq, "int", descending=True)]
    return await keyset_page(open_session, stmt, keys, request, lambda row: (row.seq,))
