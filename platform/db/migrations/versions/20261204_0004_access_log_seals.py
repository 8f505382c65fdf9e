"""access log seals: entries appended without a lock, sealed in hash-chained batches

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 10:00:00.000000

Existing entries were chained one by one (each hash covering the entry before
it). The upgrade first verifies that chain, with the algorithm that wrote it,
and refuses to run if it is broken: converting a tampered log would launder
the tampering into valid seals, so the operator must see it first (`vocrehab
audit verify` of the previous release names the entry). An intact chain is
then converted: each entry gets the hash of its own content, the entries are
sealed in batches of up to 10,000 in their old order, and the first batch
chains to the old chain's last hash, so whoever recorded that hash can still
tie the new chain to it. Converting once, rather than verifying the old chain
forever beside the new one, leaves one format and one verifier.

The downgrade does the reverse after checking every entry's hash and every
batch's root, and refuses on a mismatch for the same reason.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

import vocrehab.db.base
from vocrehab.db.access_log import GENESIS, batch_digest, entry_digest, merkle_root

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 10_000
READ = 5_000
log = logging.getLogger("vocrehab.audit")

def _content() -> list[sa.ColumnClause[Any]]:
    """The columns both versions have (the migration must not follow later models)."""
    return [
        sa.column("id", sa.Uuid()),
        sa.column("at", vocrehab.db.base.UTCDateTime()),
        sa.column("request_id", sa.String()),
        sa.column("participant_id", sa.Uuid()),
        sa.column("subject", sa.String()),
        sa.column("actor_id", sa.Uuid()),
        sa.column("client_id", sa.String()),
        sa.column("stakeholder_type", sa.String()),
        sa.column("operation", sa.String()),
        sa.column("categories", sa.JSON()),
        sa.column("hash", sa.String()),
    ]


old_log = sa.table(
    "access_log", sa.column("seq", sa.BigInteger()), sa.column("prev_hash", sa.String()), *_content()
)
new_log = sa.table("access_log", sa.column("batch", sa.BigInteger()), *_content())
chain_head = sa.table(
    "audit_chain_head",
    sa.column("id", sa.Integer()),
    sa.column("seq", sa.BigInteger()),
    sa.column("hash", sa.String()),
)


class BrokenLog(RuntimeError):
    pass


def upgrade() -> None:
    conn = op.get_bind()
    head_seq, head_hash = _verified_chain(conn)
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch", sa.BigInteger(), nullable=True))
    batches = _create_batch_tables()
    previous, number = head_hash, 0
    for chunk in _in_batches(_rows(conn, old_log, old_log.c.seq)):
        digests = {row["id"]: entry_digest(row) for row in chunk}
        number += 1
        previous = _insert_batch(conn, batches["batches"], number, digests, previous)
    conn.execute(sa.insert(batches["head"]).values(id=1, batch=number, hash=previous))
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index("ix_access_log_participant_id_seq")
        batch_op.drop_constraint("uq_access_log_seq", type_="unique")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
        batch_op.create_index("ix_access_log_batch_id", ["batch", "id"], unique=False)
        batch_op.create_index(
            "ix_access_log_participant_id_at", ["participant_id", "at", "id"], unique=False
        )
    op.drop_table("audit_chain_head")
    if head_seq:
        log.info("access log: %d entries converted into %d sealed batches", head_seq, number)


def _verified_chain(conn: sa.Connection) -> tuple[int, str]:
    """Walk the old chain with the old algorithm; its head, or BrokenLog."""
    seq, prev = 0, GENESIS
    for row in _rows(conn, old_log, old_log.c.seq):
        seq += 1
        if row["seq"] != seq or row["prev_hash"] != prev or _old_hash(prev, row) != row["hash"]:
            raise BrokenLog(
                f"the access log's chain is broken at entry {seq}; not converting it. "
                "Run `vocrehab audit verify` with the previous release and investigate."
            )
        prev = row["hash"]
    head = conn.execute(sa.select(chain_head.c.seq, chain_head.c.hash)).one_or_none()
    if head is not None and tuple(head) != (seq, prev):
        raise BrokenLog(
            f"the access log ends at entry {seq} but its head says {head.seq}; not converting it."
        )
    return seq, prev


def _old_hash(prev_hash: str, row: Any) -> str:
    """How release 0003 hashed an entry (frozen here: it is a format, not code)."""
    content = [
        row["seq"],
        str(row["id"]),
        row["at"].isoformat(),
        row["request_id"],
        str(row["participant_id"]),
        row["subject"],
        str(row["actor_id"]) if row["actor_id"] else None,
        row["client_id"],
        row["stakeholder_type"],
        row["operation"],
        sorted(row["categories"]),
    ]
    canonical = json.dumps(content, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _rows(conn: sa.Connection, table: Any, key: Any, where: Any = None) -> Iterator[Any]:
    """The rows of `table` (that match `where`) in the order of the unique
    column `key`, a few thousand at a time."""
    last = None
    while True:
        stmt = sa.select(table).order_by(key).limit(READ)
        if where is not None:
            stmt = stmt.where(where)
        if last is not None:
            stmt = stmt.where(key > last)
        rows = conn.execute(stmt).mappings().all()
        yield from rows
        if len(rows) < READ:
            return
        last = rows[-1][key.name]


def _in_batches(rows: Iterator[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _create_batch_tables() -> dict[str, sa.Table]:
    batches = op.create_table(
        "access_log_batches",
        sa.Column("batch", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("sealed_at", vocrehab.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("root", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("batch", name=op.f("pk_access_log_batches")),
    )
    head = op.create_table(
        "access_log_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("batch", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log_head")),
    )
    assert batches is not None and head is not None
    return {"batches": batches, "head": head}


def _insert_batch(
    conn: sa.Connection, batches: sa.Table, number: int, digests: dict[Any, str], prev: str
) -> str:
    """Seal one batch of converted entries; returns its hash."""
    root = merkle_root([digests[i] for i in sorted(digests)])
    sealed_at = datetime.now(UTC)
    digest = batch_digest(prev, number, len(digests), root, sealed_at)
    conn.execute(
        sa.update(new_log)
        .where(new_log.c.id == sa.bindparam("entry_id"))
        .values(hash=sa.bindparam("new_hash"), batch=number),
        [{"entry_id": i, "new_hash": h} for i, h in digests.items()],
    )
    conn.execute(
        sa.insert(batches).values(
            batch=number,
            sealed_at=sealed_at,
            count=len(digests),
            root=root,
            prev_hash=prev,
            hash=digest,
        )
    )
    return digest


def downgrade() -> None:
    conn = op.get_bind()
    _verified_seals(conn)
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
    head = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    seq, prev, updates = 0, GENESIS, []
    for row in _in_sealed_order(conn):
        seq += 1
        row = {**row, "seq": seq}
        digest = _old_hash(prev, row)
        updates.append({"entry_id": row["id"], "s": seq, "p": prev, "h": digest})
        prev = digest
    if updates:
        conn.execute(
            sa.update(old_log)
            .where(old_log.c.id == sa.bindparam("entry_id"))
            .values(seq=sa.bindparam("s"), prev_hash=sa.bindparam("p"), hash=sa.bindparam("h")),
            updates,
        )
    conn.execute(sa.insert(head).values(id=1, seq=seq, hash=prev))
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index("ix_access_log_participant_id_at")
        batch_op.drop_index("ix_access_log_batch_id")
        batch_op.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_access_log_seq"), ["seq"])
        batch_op.create_index("ix_access_log_participant_id_seq", ["participant_id", "seq"])
        batch_op.drop_column("batch")
    op.drop_table("access_log_head")
    op.drop_table("access_log_batches")


_batches = sa.table(
    "access_log_batches",
    sa.column("batch", sa.BigInteger()),
    sa.column("count", sa.Integer()),
    sa.column("root", sa.String()),
)


def _in_sealed_order(conn: sa.Connection) -> Iterator[Any]:
    """Sealed entries batch by batch, then the unsealed ones; each by id."""
    for (number,) in conn.execute(sa.select(_batches.c.batch).order_by(_batches.c.batch)).all():
        yield from _rows(conn, new_log, new_log.c.id, new_log.c.batch == number)
    yield from _rows(conn, new_log, new_log.c.id, new_log.c.batch.is_(None))


def _verified_seals(conn: sa.Connection) -> None:
    """Every entry's hash and every batch's count and root hold, or BrokenLog."""
    sealed: dict[int, dict[Any, str]] = {}
    for row in _rows(conn, new_log, new_log.c.id):
        if entry_digest(row) != row["hash"]:
            raise BrokenLog(f"entry {row['id']} does not match its hash; not converting the log")
        if row["batch"] is not None:
            sealed.setdefault(row["batch"], {})[row["id"]] = row["hash"]
    for number, count, root in conn.execute(sa.select(_batches)).all():
        digests = sealed.pop(number, {})
        if len(digests) != count or merkle_root([digests[i] for i in sorted(digests)]) != root:
            raise BrokenLog(f"batch {number} does not match its entries; not converting the log")
    if sealed:
        raise BrokenLog(f"entries claim batches that do not exist: {sorted(sealed)}")
