"""The access log: every read of a participant's data and every change, recorded
once per operation, appended without a lock, and sealed in hash-chained batches
so that tampering shows.

Recording. During an operation, the read path notes what it returns on the
operation's `AccessRecorder` (`Context.saw`); when it ends, `write_entries` turns the notes into one entry per participant
(the categories seen, the operation) and appends them all with one INSERT
(on PostgreSQL the same statement, with the same parameters, for any number
of entries), in whatever transaction the caller has open. It reads nothing and
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

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from vocrehab.core.pagination import Page, PageRequest, Reader, SortKey, keyset_page
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.access_log import AccessLogRow, entries_table, entry_digests
from vocrehab.db.base import new_ids
from vocrehab.db.engine import OperationConnection
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
    conn: AsyncConnection | AsyncSession | OperationConnection,
    recorder: AccessRecorder,
    now: datetime,
    participant_of_case: Mapping[uuid.UUID, uuid.UUID] | None = None,
) -> int:
    """Append one entry per participant the operation touched; returns how many.

    `conn` is an AsyncConnection, an AsyncSession or an operation's connection
    with a transaction the caller owns: the entries are inserted in it (one
    INSERT: on PostgreSQL whatever their number, elsewhere for up to 1,000
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
    # Everything but the id, the participant and the categories is the
    # operation's: converted, hashed and (on PostgreSQL) bound once.
    shared: dict[str, Any] = {
        "at": now,
        "request_id": recorder.request_id,
        "subject": principal.subject,
        "actor_id": principal.actor_id,
        "client_id": principal.client_id,
        "stakeholder_type": principal.stakeholder_type,
        "operation": recorder.operation[:300],
    }
    participant_ids = sorted(merged)
    ids = new_ids(len(participant_ids))
    # A page's entries mostly show the same categories: each set is sorted, and
    # written as JSON, once.
    by_set: dict[frozenset[DataCategory], tuple[list[str], str]] = {}
    categories: list[list[str]] = []
    categories_json: list[str] = []
    for participant_id in participant_ids:
        shown = frozenset(merged[participant_id])
        forms = by_set.get(shown)
        if forms is None:
            listed = sorted(c.value for c in shown)
            forms = by_set[shown] = (listed, orjson.dumps(listed).decode())
        categories.append(forms[0])
        categories_json.append(forms[1])
    hashes = entry_digests(shared, zip(ids, participant_ids, categories, strict=True))
    dialect = conn.get_bind().dialect if isinstance(conn, AsyncSession) else conn.dialect
    if dialect.name == "postgresql":
        await conn.execute(
            _INSERT_ARRAYS,
            {
                **shared,
                "ids": ids,
                "participant_ids": participant_ids,
                "categories": categories_json,
                "hashes": hashes,
            },
        )
    else:
        rows = [
            {
                **shared,
                "id": entry_id,
                "participant_id": participant_id,
                "categories": listed,
                "hash": digest,
            }
            for entry_id, participant_id, listed, digest in zip(
                ids, participant_ids, categories, hashes, strict=True
            )
        ]
        # Executed as one multi-row INSERT: SQLAlchemy's "insertmanyvalues"
        # batches an executemany with RETURNING into INSERT ... VALUES (...),
        # (...) from a cached compilation (a literal multi-row .values() is
        # compiled anew each time).
        await conn.execute(_INSERT_ENTRIES, rows)
    return len(ids)


def _insert_arrays() -> sa.Insert:
    """PostgreSQL: the entries' own fields bound as one array each and
    unnested, the operation's bound once, so the statement and its eleven
    parameters are the same for any number of entries (asyncpg encodes an
    array in C; a multi-row VALUES costs SQLAlchemy work per parameter per
    row). Each bound parameter has its column's type, so values are converted
    as a plain INSERT converts them; the categories go as JSON text, cast
    to JSONB by the server, which stores the same value as from a JSONB
    parameter. No RETURNING: nothing uses the ids back."""
    c = entries_table.c
    entries = (
        sa.func.unnest(
            sa.bindparam("ids", type_=postgresql.ARRAY(c.id.type)),
            sa.bindparam("participant_ids", type_=postgresql.ARRAY(c.participant_id.type)),
            sa.bindparam("categories", type_=postgresql.ARRAY(sa.Text())),
            sa.bindparam("hashes", type_=postgresql.ARRAY(sa.Text())),
        )
        .table_valued("id", "participant_id", "categories", "hash")
        .render_derived(name="entry")
    )
    columns = {
        "id": entries.c.id,
        "participant_id": entries.c.participant_id,
        "categories": sa.cast(entries.c.categories, c.categories.type),
        "hash": entries.c.hash,
    }
    selected = [
        columns.get(column.key, sa.bindparam(column.key, type_=column.type)) for column in _CONTENT
    ]
    return sa.insert(entries_table).from_select(_CONTENT, sa.select(*selected))


_CONTENT = [c for c in entries_table.c if c.key != "batch"]
"""What an entry is written with: every column but the batch the sealer sets."""

_INSERT_ARRAYS = _insert_arrays()
"""Built once: every operation that shows someone's data runs it."""

_INSERT_ENTRIES = sa.insert(entries_table).returning(entries_table.c.id)
"""The same on other databases, as an executemany (built once as well)."""


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
