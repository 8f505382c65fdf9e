"""The access log: every read of a participant's data and every change, recorded
once per operation, appended without a lock, and sealed in hash-chained batches
so that tampering shows.

Recording. During an operation, the read path notes what it returns on the
operation's `AccessRecorder` (`Context.saw`); when it ends, `write_entries` turns the notes into one entry per participant
(the categories seen, the operation) and appends them all with one multi-row
INSERT, in whatever transaction the caller has open. It reads nothing and
locks nothing, so requests never wait on each other to log. Each entry
stores the SHA-256 of its own content (`vocrehab.db.access_log.entry_digest`).

Sealing (`vocrehab.core.audit_seal`). Every second or so a sealer takes the
entries that are not sealed yet, assigns them to the next batch, and stores
the batch: its entry count, the Merkle root over its entries' hashes (ordered
by entry id), and a hash over those chained to the previous batch's hash.
Only sealers serialise, on the one head row; an entry whose transaction
commits after a seal read the table is simply still unsealed, and the next
seal takes it, so no entry is skipped or sealed twice.

Verifying (`vocrehab.core.audit_verify`, `vocrehab audit verify`). Every
entry's hash is recomputed from its content, every batch's count and root
from its entries, every batch's hash from the one before; unsealed entries
older than a threshold are reported.

What this guarantees, against someone who can write to the database:
- A sealed entry cannot be edited, removed, moved to another batch or joined
  by an inserted one without breaking its batch's root, unless every batch
  hash from there to the head is recomputed. The sealer logs each batch's
  number and hash (INFO, `vocrehab.audit`), and `audit verify` prints the
  head and checks `--anchor BATCH:HASH`: once a batch hash is recorded
  outside the database (the server log, a ticket, a notary), rewriting any
  history up to it is detected. Without such an anchor, as with any hash
  chain without a secret, the whole tail can be recomputed consistently.
- An entry not yet sealed (normally for less than the sealing interval plus
  its transaction's length) can be edited or removed without trace if its
  hash is recomputed too. If the sealer stops, the window grows, and
  `audit verify` reports unsealed entries older than its threshold.
- Entries can be added: an entry written straight into the table looks like
  one written by the API and is sealed like one. The log can be padded with
  reads that did not happen; it cannot be made to forget reads that did,
  once sealed.
The API never updates or deletes an entry; the sealer only sets `batch`, once.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from vocrehab.core.pagination import Page, PageRequest, Reader, SortKey, keyset_page
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.access_log import AccessLogRow, entries_table, entry_digest
from vocrehab.db.base import new_id
from vocrehab.hooks.vocabulary import DataCategory

__all__ = [
    "AccessRecorder",
    "access_log_page",
    "write_entries",
]


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


# ---------------------------------------------------------------------- appending


async def write_entries(
    conn: AsyncConnection | AsyncSession | Reader,
    recorder: AccessRecorder,
    now: datetime,
    participant_of_case: Mapping[uuid.UUID, uuid.UUID] | None = None,
) -> int:
    """Append one entry per participant the operation touched; returns how many.

    `conn` is an AsyncConnection or an AsyncSession with a transaction the
    caller owns: the entries are inserted in it (one INSERT for up to 1,000
    entries) and become visible, and sealable, when the caller commits.
    Nothing is read or locked, so this fits at the end of a query's read
    transaction as well as inside a mutation's own transaction. The caller's
    `participant_of_case` (case id -> participant id) saves the lookup of
    those cases; cases it does not cover cost one SELECT.

    SQLite: a transaction begun with an explicit deferred BEGIN that has
    already read cannot write once another connection has committed since
    ("database is locked", whatever the busy timeout). pysqlite's default
    runs reads outside a transaction, where this does not arise; a read
    transaction held open on purpose must begin IMMEDIATE, or the entries
    go in a transaction of their own.
    """
    merged = await _by_participant(conn, recorder, participant_of_case or {})
    if not merged:
        return 0
    principal = recorder.principal
    rows: list[dict[str, Any]] = []
    for participant_id in sorted(merged):
        row = {
            "id": new_id(),
            "at": now,
            "request_id": recorder.request_id,
            "participant_id": participant_id,
            "subject": principal.subject,
            "actor_id": principal.actor_id,
            "client_id": principal.client_id,
            "stakeholder_type": principal.stakeholder_type,
            "operation": recorder.operation[:300],
            "categories": sorted(c.value for c in merged[participant_id]),
        }
        row["hash"] = entry_digest(row)
        rows.append(row)
    # Executed as one multi-row INSERT: SQLAlchemy's "insertmanyvalues" batches
    # an executemany with RETURNING into INSERT ... VALUES (...), (...) from a
    # cached compilation (a literal multi-row .values() is compiled anew each time).
    await conn.execute(_INSERT_ENTRIES, rows)
    return len(rows)


_INSERT_ENTRIES = sa.insert(entries_table).returning(entries_table.c.id)
"""Built once: every operation that shows someone's data runs it."""


async def _by_participant(
    conn: AsyncConnection | AsyncSession | Reader,
    recorder: AccessRecorder,
    known: Mapping[uuid.UUID, uuid.UUID],
) -> dict[uuid.UUID, set[DataCategory]]:
    merged: dict[uuid.UUID, set[DataCategory]] = defaultdict(set)
    for participant_id, categories in recorder.participants.items():
        merged[participant_id] |= categories
    unknown = [case_id for case_id in recorder.cases if case_id not in known]
    found: dict[uuid.UUID, uuid.UUID] = {}
    if unknown:
        rows = await conn.execute(
            sa.select(m.Case.id, m.Case.participant_id).where(m.Case.id.in_(unknown))
        )
        found = {case_id: participant_id for case_id, participant_id in rows}
    for case_id, categories in recorder.cases.items():
        owner = known.get(case_id) or found.get(case_id)
        if owner is not None:  # a case that does not exist shows no one's data
            merged[owner] |= categories
    return merged


# ---------------------------------------------------------------------- reading


async def access_log_page(db: Reader, participant_id: uuid.UUID, request: PageRequest) -> Page[Any]:
    """A participant's log, newest first (by the time of access, then by entry id)."""
    stmt = sa.select(*AccessLogRow.__table__.c).where(AccessLogRow.participant_id == participant_id)
    keys = [
        SortKey(AccessLogRow.at, "datetime", descending=True),
        SortKey(AccessLogRow.id, "uuid", descending=True),
    ]
    return await keyset_page(db, stmt, keys, request, lambda row: (row.at, row.id))
