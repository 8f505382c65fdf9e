"""Expected failures of core services.

A service raises `DomainError` with one or more `Problem`s; the API turns them
into `userErrors` (stable codes, the input field at fault) and the transaction
rolls back. A problem names its field as the service's command does
(`("steps", "0", "work_percent")`); the API maps that to the input path. `Forbidden` is different: a missing OAuth scope is a top-level
error (FORBIDDEN), never a userError.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from vocrehab.hooks.types import Violation

__all__ = [
    "BadRequest",
    "DomainError",
    "Forbidden",
    "Problem",
    "ProblemCode",
    "Reason",
    "Unauthenticated",
    "invalid_input",
    "invalid_state",
    "not_allowed",
    "not_found",
    "rule_violations",
]


class ProblemCode:
    INVALID_INPUT = "INVALID_INPUT"
    NOT_FOUND = "NOT_FOUND"
    NOT_ALLOWED = "NOT_ALLOWED"
    INVALID_STATE = "INVALID_STATE"
    RULE_VIOLATION = "RULE_VIOLATION"
    INVALID_NATIONAL_ID = "INVALID_NATIONAL_ID"
    INVALID_ORGANISATION_NUMBER = "INVALID_ORGANISATION_NUMBER"
    UNKNOWN_JURISDICTION = "UNKNOWN_JURISDICTION"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    UNSAFE_URL = "UNSAFE_URL"
    """A webhook URL the platform will not call (core.webhook_urls)."""


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    field: tuple[str, ...] | None = None
    violation: Violation | None = None


class DomainError(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = list(problems)


class Forbidden(Exception):
    """The token lacks a scope the operation needs (or the caller a category a
    query filters on). A top-level FORBIDDEN error, never a userError."""

    def __init__(self, scope: str | None, message: str | None = None) -> None:
        super().__init__(message or f"this operation needs the scope {scope!r}")
        self.scope = scope


def _one(code: str, message: str, field: Iterable[str] | None) -> DomainError:
    return DomainError([Problem(code, message, tuple(field) if field else None)])


def invalid_input(message: str, field: Iterable[str] | None = None) -> DomainError:
    return _one(ProblemCode.INVALID_INPUT, message, field)


def not_found(message: str, field: Iterable[str] | None = None) -> DomainError:
    return _one(ProblemCode.NOT_FOUND, message, field)


def not_allowed(message: str, field: Iterable[str] | None = None) -> DomainError:
    return _one(ProblemCode.NOT_ALLOWED, message, field)


def invalid_state(message: str, field: Iterable[str] | None = None) -> DomainError:
    return _one(ProblemCode.INVALID_STATE, message, field)


def rule_violations(violations: Iterable[Violation], prefix: tuple[str, ...] = ()) -> DomainError:
    return DomainError(
        [
            Problem(
                ProblemCode.RULE_VIOLATION,
                v.message,
                (*prefix, *v.field) if v.field else None,
                v,
            )
            for v in violations
        ]
    )


Reason = Literal["expired", "revoked", "invalid", "missing"]


class Unauthenticated(Exception):
    """No valid bearer token. The message is safe to show the client; `reason`
    is what a client branches on (`extensions.reason` of an UNAUTHENTICATED error,
    and the close reason of a socket closed with 4401):

    - `missing`: no bearer token was sent;
    - `expired`: the token's lifetime is over (refresh it, or sign in again);
    - `revoked`: the token, its login or its client was revoked (sign in again);
    - `invalid`: anything else (bad signature, retired key, wrong audience, ...).
    """

    def __init__(self, message: str, reason: Reason = "invalid") -> None:
        super().__init__(message)
        self.reason: Reason = reason


class BadRequest(ValueError):
    """An argument that cannot be right (a malformed ID or cursor, a page size
    out of range): a top-level BAD_USER_INPUT error, in queries and mutations
    alike, naming the `field` at fault when there is one."""

    def __init__(self, message: str, field: Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.field = tuple(field) if field else None
