"""Constraint violations as user errors.

The database enforces what the rules promise: one participant per national
id, one ACTIVE plan per case, one current team membership per actor, no
overlapping benefit periods of a type, one approval per party. The services
check first, and writes on one case are serialised, so the database refuses
a change only when a check missed a concurrent one. The loser then gets the
userError the check would have given, with the field at fault, never an
internal error. A violation not listed here is a bug and stays unexpected.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from vocrehab.core.errors import DomainError, Problem, ProblemCode

__all__ = ["INVARIANTS", "Invariant", "as_domain_error", "violated"]


@dataclass(frozen=True)
class Invariant:
    name: str
    """The constraint, index or trigger message, as the database reports it."""
    table: str
    columns: tuple[str, ...]
    """A unique index's columns: how SQLite names a UNIQUE failure."""
    code: str
    message: str
    field: str
    """The command field at fault when a new row breaks it."""
    field_when_changed: str | None = None
    """The command field at fault when a change to an existing row breaks it."""


INVARIANTS: tuple[Invariant, ...] = (
    Invariant(
        "uq_participants_jurisdiction_national_id", "participants",
        ("jurisdiction", "national_id"), ProblemCode.ALREADY_EXISTS,
        "a participant with this national id is already registered", "national_id",
    ),
    Invariant(
        "uq_case_team_members_current", "case_team_members", ("case_id", "actor_id"),
        ProblemCode.ALREADY_EXISTS, "already on the team", "actor_id",
    ),
    Invariant(
        "uq_plans_one_active", "plans", ("case_id",), ProblemCode.INVALID_STATE,
        "another plan of this case is ACTIVE", "plan_id",
    ),
    Invariant(
        "uq_plans_case_id_version", "plans", ("case_id", "version"), ProblemCode.INVALID_STATE,
        "another plan of this case was drafted at the same time; try again", "case_id",
    ),
    Invariant(
        "uq_plan_approvals_plan_id_actor_id", "plan_approvals", ("plan_id", "actor_id"),
        ProblemCode.ALREADY_EXISTS, "you have already approved this plan", "plan_id",
    ),
    Invariant(
        "ex_benefit_periods_no_overlap", "benefit_periods", (), ProblemCode.INVALID_STATE,
        "the period overlaps another period of the same benefit type", "start_date", "end_date",
    ),
)  # fmt: skip


def violated(exc: IntegrityError) -> Invariant | None:
    """The invariant a failed statement broke, if it is one of ours."""
    driver = exc.driver_exception if exc.orig is not None else None
    name = getattr(driver, "constraint_name", None)  # asyncpg names the constraint
    message = str(driver) if driver is not None else ""
    for invariant in INVARIANTS:
        if name is not None:
            if name == invariant.name:
                return invariant
        elif message == invariant.name or (
            invariant.columns and message == _sqlite_unique_message(invariant)
        ):
            return invariant
    return None


def as_domain_error(exc: IntegrityError) -> DomainError | None:
    """The userError for a broken invariant, or None when it is none of ours."""
    invariant = violated(exc)
    if invariant is None:
        return None
    changed = (exc.statement or "").lstrip().upper().startswith("UPDATE")
    field = (invariant.field_when_changed if changed else None) or invariant.field
    return DomainError([Problem(invariant.code, invariant.message, (field,))])


def _sqlite_unique_message(invariant: Invariant) -> str:
    columns = ", ".join(f"{invariant.table}.{column}" for column in invariant.columns)
    return f"UNIQUE constraint failed: {columns}"
