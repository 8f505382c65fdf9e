"""Telling "the database is unavailable" from a bug.

An unreachable, restarting or overloaded database is expected now and then:
the client should try again shortly (503, Retry-After), and the log needs a
line, not a stack trace. Everything else a query raises is a bug.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import exc as sa_exc

__all__ = ["RETRY_AFTER_SECONDS", "DatabaseUnavailable", "is_outage"]

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
