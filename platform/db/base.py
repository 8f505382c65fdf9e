"""Declarative base, column types and primary keys shared by every table."""

from __future__ import annotations

import os
import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase

__all__ = ["Base", "JSONType", "UTCDateTime", "new_id", "new_ids", "utcnow"]

# Constraint names are explicit so that Alembic migrations name them the same on
# SQLite and PostgreSQL, and a migration can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


class UTCDateTime(sa.TypeDecorator[datetime]):
    """An instant, always timezone-aware UTC in Python.

    PostgreSQL stores `timestamptz`; SQLite has no time zones, so values are
    stored as naive UTC and made aware again when read.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class _UUID7:
    """Time-ordered UUIDs (RFC 9562 version 7), monotonic within a process.

    Rows sort by id in creation order, which gives lists a stable, index-backed
    keyset order without a separate sequence column.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = 0
        self._counter = 0

    def __call__(self) -> uuid.UUID:
        random = os.urandom(_RANDOM_BYTES)
        with self._lock:
            return self._next(time.time_ns() // 1_000_000, random, 0)

    def many(self, count: int) -> list[uuid.UUID]:
        """`count` ids, in order, as `count` calls would give them, for one
        read of the clock and one of the system's randomness (a system call;
        each call makes one) and one turn of the lock: cheaper per id, for
        code that inserts rows in bulk."""
        random = os.urandom(count * _RANDOM_BYTES)
        with self._lock:
            ms = time.time_ns() // 1_000_000
            return [self._next(ms, random, i * _RANDOM_BYTES) for i in range(count)]

    def _next(self, ms: int, random: bytes, at: int) -> uuid.UUID:
        """The id after the last one given, at millisecond `ms`, from the
        `_RANDOM_BYTES` random bytes at `random[at:]`. Called with the lock held."""
        if ms <= self._last_ms:
            self._counter += 1
            if self._counter >= 1 << 12:  # counter exhausted: borrow the next millisecond
                self._last_ms += 1
                self._counter = 0
            ms = self._last_ms
        else:
            self._last_ms = ms
            # A new millisecond's counter starts at random, with headroom left.
            self._counter = int.from_bytes(random[at : at + 2], "big") >> 6
        rand_b = int.from_bytes(random[at + 2 : at + 10], "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= (self._counter & 0xFFF) << 64
        value |= 0b10 << 62
        value |= rand_b
        return uuid.UUID(int=value)


_RANDOM_BYTES = 10
"""Random bytes an id takes: 2 to start a new millisecond's counter, 8 for `rand_b`."""

new_id = _UUID7()
new_ids = new_id.many
"""`new_ids(n)`: n ids at once (see `_UUID7.many`)."""
