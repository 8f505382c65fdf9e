"""Telling "the database is unavailable" from a bug.

An unreachable, restarting or overloaded database is expected now and then:
the client should try again shortly (503, Retry-After), and the log needs a
line, not a stack trace. Everything else a query raises is a bug.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

from sqlalchemy import exc as sa_exc

__all__ = ["RETRY_AFTER_SECONDS", "DatabaseUnavailable", "is_outage", "once_reachable"]

T = TypeVar("T")
log = logging.getLogger("vocrehab.db")

RETRY_AFTER_SECONDS = 5

# PostgreSQL SQLSTATEs: connection exceptions (08), insufficient resources (53),
# and the server shutting down, crashing or starting up (57P01-57P03).
_UNAVAILABLE_CLASSES = ("08", "53")
_UNAVAILABLE_STATES = {"57P01", "57P02", "57P03"}
# SQLite: another process held the write lock longer than the busy timeout, or
# the file cannot be opened (a missing volume, a full disk).
_SQLITE_MESSAGES = ("database is locked", "unable to open database file", "disk i/o error")


class DatabaseUnavailable(Exception):
    """Raised where a failure was recognised as an outage, to be answered with 503."""


def is_outage(exc: BaseException) -> bool:
    """Whether `exc`, or what it was raised from, says the database cannot be reached now."""
    return any(_unavailable(link) for link in _chain(exc))


async def once_reachable(
    action: Callable[[], Awaitable[T]], what: str, *, longest_wait: float = 5.0
) -> T:
    """`action`, tried again while the database is unavailable (waits doubling up to
    `longest_wait` seconds, a warning each time); any other failure is raised.

    For start-up: a worker started during an outage (a restart, a new replica)
    waits for the database instead of failing, which would make the process
    manager stop every worker of the server, the ones serving included."""
    wait = 0.2
    while True:
        try:
            return await action()
        except Exception as exc:
            if not is_outage(exc):
                raise
            log.warning("%s: the database is unavailable (%r); trying again in %.1f s",
                        what, exc, wait)  # fmt: skip
        await asyncio.sleep(wait)
        wait = min(wait * 2, longest_wait)


def _unavailable(exc: BaseException) -> bool:
    if isinstance(exc, DatabaseUnavailable | sa_exc.TimeoutError):  # TimeoutError: pool exhausted
        return True
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str) and (
        state.startswith(_UNAVAILABLE_CLASSES) or state in _UNAVAILABLE_STATES
    ):
        return True
    if isinstance(exc, sa_exc.OperationalError) and str(exc.orig).lower().startswith(
        _SQLITE_MESSAGES
    ):
        return True
    # The driver could not connect at all (refused, reset, timed out): not wrapped.
    return isinstance(exc, ConnectionError | TimeoutError)


def _chain(exc: BaseException, limit: int = 8) -> Iterator[BaseException]:
    seen: BaseException | None = exc
    while seen is not None and limit:
        yield seen
        seen, limit = seen.__cause__ or seen.__context__, limit - 1
