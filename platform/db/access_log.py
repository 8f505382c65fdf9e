"""The access log's tables: who read or changed which participant's data.

Kept apart from the case tables because nothing in the API may change them:
rows are only ever appended, each chained to the one before by a hash, so an
edited, removed or inserted row breaks the chain (`vocrehab audit verify`).
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from vocrehab.db.base import Base, JSONType, UTCDateTime, new_id
from vocrehab.hooks.vocabulary import StakeholderType

__all__ = ["AccessLogRow", "AuditChainHead"]


class AccessLogRow(Base):
    __tablename__ = "access_log"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    seq: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    """Position in the chain, without gaps."""
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
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    __table_args__ = (sa.Index("ix_access_log_participant_id_seq", "participant_id", "seq"),)


class AuditChainHead(Base):
    """One row: the last entry of the chain. Appending locks it, so entries
    written by concurrent requests (and workers) still form one chain."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger)
    hash: Mapped[str] = mapped_column(sa.String(64))
