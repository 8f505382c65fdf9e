"""The access log's tables, and the hashes that make tampering with them show.

Kept apart from the case tables because nothing in the API may change them.
Entries are appended without reading or locking anything; each carries the
SHA-256 of its own content (`entry_digest`). A sealer later assigns unsealed
entries to the next batch and stores the batch's Merkle root over their hashes
(`merkle_root`), chained to the batch before it (`batch_digest`). The design
and what it guarantees are described in `vocrehab.core.audit`.

The hash functions are the storage format: the migrations and the verifier
both use these, so changing one is a new format version, not a refactoring.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, cast

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from vocrehab.db.base import Base, JSONType, UTCDateTime, new_id
from vocrehab.hooks.vocabulary import StakeholderType

__all__ = [
    "ENTRY_FIELDS",
    "GENESIS",
    "AccessLogBatch",
    "AccessLogHead",
    "AccessLogRow",
    "batch_digest",
    "batches_table",
    "entries_table",
    "entry_digest",
    "entry_digests",
    "head_table",
    "merkle_root",
]

GENESIS = "0" * 64
"""The hash a chain starts from when nothing came before it."""


class AccessLogRow(Base):
    __tablename__ = "access_log"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    request_id: Mapped[str] = mapped_column(sa.String(64))
    participant_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    """Not a foreign key: the log outlives what it logs."""
    subject: Mapped[str] = mapped_column(sa.String(200))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    client_id: Mapped[str] = mapped_column(sa.String(200))
    stakeholder_type: Mapped[StakeholderType] = mapped_column(
        sa.Enum(StakeholderType, native_enum=False, length=32, validate_strings=True)
    )
    operation: Mapped[str] = mapped_column(sa.String(300))
    categories: Mapped[list[str]] = mapped_column(JSONType)
    hash: Mapped[str] = mapped_column(sa.String(64))
    """`entry_digest` of the columns above, computed when the entry is written."""
    batch: Mapped[int | None] = mapped_column(sa.BigInteger)
    """The sealed batch the entry belongs to; NULL until the sealer reaches it.
    The only column ever updated, and only once, from NULL."""

    __table_args__ = (
        sa.Index("ix_access_log_participant_id_at", "participant_id", "at", "id"),
        # Serves the sealer (`batch IS NULL ORDER BY id`) and the verifier (by batch).
        sa.Index("ix_access_log_batch_id", "batch", "id"),
    )


class AccessLogBatch(Base):
    """A sealed batch: how many entries it holds, their Merkle root, and the
    hash that chains it to the batch before."""

    __tablename__ = "access_log_batches"

    batch: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    count: Mapped[int] = mapped_column(sa.Integer)
    root: Mapped[str] = mapped_column(sa.String(64))
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class AccessLogHead(Base):
    """One row: the last sealed batch. Only sealers lock it (never a request),
    so sealers in several processes take turns."""

    __tablename__ = "access_log_head"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    batch: Mapped[int] = mapped_column(sa.BigInteger)
    hash: Mapped[str] = mapped_column(sa.String(64))


# The tables for Core statements: the log is written and sealed in bulk, not
# object by object.
entries_table = cast(sa.Table, AccessLogRow.__table__)
batches_table = cast(sa.Table, AccessLogBatch.__table__)
head_table = cast(sa.Table, AccessLogHead.__table__)


# ---------------------------------------------------------------------- the format

ENTRY_FIELDS = (
    "id",
    "at",
    "request_id",
    "participant_id",
    "subject",
    "actor_id",
    "client_id",
    "stakeholder_type",
    "operation",
    "categories",
)
"""The columns an entry's hash covers, in the order it covers them."""


def entry_digest(entry: Mapping[Any, Any]) -> str:
    """SHA-256 over a canonical form of one entry's content (`ENTRY_FIELDS`).

    Takes a mapping (a row or the values about to be inserted); identifiers,
    enums and instants are normalised so a value hashes the same whichever
    driver returned it.
    """
    return entry_digests(entry, [(entry["id"], entry["participant_id"], entry["categories"])])[0]


def entry_digests(
    shared: Mapping[Any, Any], entries: Iterable[tuple[Any, Any, Iterable[str]]]
) -> list[str]:
    """`entry_digest` of each of several entries that differ only in their id,
    participant and categories, given as (id, participant_id, categories); the
    other fields, taken from `shared`, are normalised once for all of them."""
    actor_id = shared["actor_id"]
    stakeholder_type = shared["stakeholder_type"]
    at = _instant(shared["at"])
    request_id = shared["request_id"]
    rest = [
        shared["subject"],
        None if actor_id is None else str(actor_id),
        shared["client_id"],
        getattr(stakeholder_type, "value", stakeholder_type),
        shared["operation"],
    ]
    # orjson writes a uuid.UUID as str() does (the RFC 9562 form), in C; other
    # types (a driver's own UUID class, a string) go through str().
    sha256, dumps, uuid_type = hashlib.sha256, orjson.dumps, uuid.UUID
    return [
        sha256(
            dumps(
                [
                    "access-log-entry/1",
                    entry_id if type(entry_id) is uuid_type else str(entry_id),
                    at,
                    request_id,
                    participant_id if type(participant_id) is uuid_type else str(participant_id),
                    *rest,
                    sorted(categories),
                ]
            )
        ).hexdigest()
        for entry_id, participant_id, categories in entries
    ]


def merkle_root(hashes: Sequence[str]) -> str:
    """The Merkle tree hash of RFC 6962 (section 2.1) over entry hashes, in order.

    Leaves and inner nodes are hashed with different prefixes, so a leaf can
    never pass for a node. An empty batch has the hash of the empty string.
    """
    if not hashes:
        return hashlib.sha256(b"").hexdigest()
    sha256, fromhex = hashlib.sha256, bytes.fromhex
    level = [sha256(b"\x00" + fromhex(h)).digest() for h in hashes]
    while len(level) > 1:
        # Pairing left to right and lifting an odd last node unchanged builds
        # the same tree as RFC 6962's split at the largest power of two.
        pairs = iter(level)
        paired = [
            sha256(b"\x01" + left + right).digest()
            for left, right in zip(pairs, pairs, strict=False)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()


def batch_digest(prev_hash: str, batch: int, count: int, root: str, sealed_at: datetime) -> str:
    """The hash of a batch: its number, size, root and time, chained to the batch before."""
    content = ["access-log-batch/1", batch, count, root, _instant(sealed_at)]
    return _sha256(f"{prev_hash}\n{_JSON.encode(content)}")


_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
"""The canonical form: compact, UTF-8 unescaped. orjson writes the same bytes for the
strings, numbers, nulls and lists an entry holds (and is what the hot path uses)."""


def _instant(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("an access-log instant must be timezone-aware")
    return value.astimezone(UTC).isoformat()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
