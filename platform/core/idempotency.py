"""Idempotent requests: the first response to a request sent with an idempotency
key, kept per principal and key for a period, so that a retry gets it back
instead of running the change again (the IETF draft "The Idempotency-Key HTTP
Header Field").

The stored response is written in the transaction of the change itself
(`OperationConnection.hold`): either both commit or neither does, so a retry
after any failure finds the change done and its answer kept, or nothing done.
While the first request runs, another with the same key is told so rather than
run: on PostgreSQL an advisory lock on the key, held by the first request's
transaction, says so across processes; within a process the API keeps the keys
it is running (on SQLite, where writers take turns, a request of another
process waits for the first to commit and then gets its answer).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core.principal import Principal
from vocrehab.db.integrations import IdempotencyKey

__all__ = ["KeyInUse", "KeyReused", "claim", "fingerprint", "owner_of", "purge", "store"]


class KeyInUse(Exception):
    """A request with this key is still running."""


class KeyReused(Exception):
    """The key was used before for a different request."""


def owner_of(principal: Principal) -> str:
    """Whose key it is (client and subject): one principal's keys never meet another's."""
    return f"{len(principal.client_id)}:{principal.client_id}:{principal.subject}"


def fingerprint(request: dict[str, Any]) -> str:
    """The request's fingerprint: its content whatever the order of its keys."""
    return hashlib.sha256(orjson.dumps(request, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _lock_id(owner: str, key: str) -> int:
    digest = hashlib.sha256(f"{owner}\x00{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def claim(
    session: AsyncSession, owner: str, key: str, request_hash: str, now: datetime
) -> str | None:
    """In the request's own transaction: the response stored for this key, or None
    when the request is to run (the key is new, or its period is over). Raises
    KeyInUse while another transaction holds the key, KeyReused when the key was
    used for another request."""
    if session.get_bind().dialect.name == "postgresql":
        locked = await session.scalar(
            sa.select(sa.func.pg_try_advisory_xact_lock(_lock_id(owner, key)))
        )
        if not locked:
            raise KeyInUse
    row = (
        await session.execute(
            sa.select(IdempotencyKey).where(
                IdempotencyKey.owner == owner, IdempotencyKey.key == key
            )
        )
    ).scalar_one_or_none()
    if row is None:
        return None
    if row.expires_at <= now:
        await session.delete(row)
        await session.flush()
        return None
    if row.request_hash != request_hash:
        raise KeyReused
    if row.response is None:
        raise KeyInUse
    return row.response


async def store(
    session: AsyncSession,
    owner: str,
    key: str,
    request_hash: str,
    response: str,
    now: datetime,
    keep: timedelta,
) -> None:
    """The request's response, in its transaction, kept for `keep`."""
    session.add(
        IdempotencyKey(
            owner=owner,
            key=key,
            request_hash=request_hash,
            response=response,
            created_at=now,
            expires_at=now + keep,
        )
    )
    await session.flush()


async def purge(session: AsyncSession, now: datetime) -> int:
    """Forget the keys whose period is over."""
    result = await session.execute(
        sa.delete(IdempotencyKey).where(IdempotencyKey.expires_at <= now)
    )
    return int(getattr(result, "rowcount", 0) or 0)
