"""Keyset pagination for Relay connections.

A cursor is the sort key of the row it points at (opaque base64 JSON), so the
next page is `WHERE (key, id) > (cursor)` over an index: constant cost however
deep the page, and stable while rows are added (OFFSET is neither).
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

import sqlalchemy as sa
import sqlalchemy.orm
from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core.errors import BadRequest

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "BadPageRequest",
    "Page",
    "PageRequest",
    "SortKey",
    "keyset_page",
]

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
T = TypeVar("T")
Kind = Literal["date", "datetime", "str", "uuid", "int"]


class BadPageRequest(BadRequest):
    """`first` out of range or an `after` cursor that is not ours: a client error."""


@dataclass(frozen=True)
class PageRequest:
    first: int
    after: str | None = None

    @classmethod
    def of(cls, first: int | None, after: str | None) -> PageRequest:
        if first is None:
            first = DEFAULT_PAGE_SIZE
        if first < 0 or first > MAX_PAGE_SIZE:
            raise BadPageRequest(f"first must be between 0 and {MAX_PAGE_SIZE}, not {first}")
        return cls(first, after or None)


@dataclass(frozen=True)
class SortKey:
    column: Any
    """A column or SQL expression; never NULL (wrap nullable ones in coalesce)."""
    kind: Kind
    descending: bool = False


@dataclass
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next: bool
    has_previous: bool
    count: Callable[[], Awaitable[int]]
    """Runs the COUNT only when the client asks for totalCount."""


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_dump(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Sequence[SortKey]) -> list[Any]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(keys):
            raise ValueError
        return [_load(value, key.kind) for value, key in zip(raw, keys, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise BadPageRequest(f"{cursor!r} is not a cursor of this list") from None


def after_clause(keys: Sequence[SortKey], values: Sequence[Any]) -> sa.ColumnElement[bool]:
    """(k1, k2, ...) strictly after (v1, v2, ...) in the sort order of `keys`."""
    clauses = []
    for i, key in enumerate(keys):
        equal = [keys[j].column == values[j] for j in range(i)]
        beyond = key.column < values[i] if key.descending else key.column > values[i]
        clauses.append(sa.and_(*equal, beyond))
    return sa.or_(*clauses)


def order_by(keys: Sequence[SortKey]) -> list[Any]:
    return [k.column.desc() if k.descending else k.column.asc() for k in keys]


async def keyset_page(
    open_session: Callable[[], Any],
    stmt: sa.Select[Any],
    keys: Sequence[SortKey],
    request: PageRequest,
    key_of: Callable[[Any], Sequence[Any]],
) -> Page[Any]:
    """One page of `stmt` (a SELECT of one entity) ordered by `keys`.

    `open_session` opens a fresh session (an async context manager) for the page
    query and, later, the count; `key_of(row)` gives a row's sort-key values.
    """
    paged = stmt
    if request.after:
        paged = paged.where(after_clause(keys, decode_cursor(request.after, keys)))
    paged = paged.order_by(*order_by(keys)).limit(request.first + 1)
    async with open_session() as session:
        rows = list((await session.scalars(paged)).all())
    has_next = len(rows) > request.first
    rows = rows[: request.first]

    async def count() -> int:
        async with open_session() as session:
            return await count_rows(session, stmt)

    return Page(
        items=rows,
        cursors=[encode_cursor(key_of(row)) for row in rows],
        has_next=has_next,
        has_previous=request.after is not None,
        count=count,
    )


async def count_rows(session: AsyncSession, stmt: sa.Select[Any]) -> int:
    counted = sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())
    return int(await session.scalar(counted) or 0)


def _dump(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def _load(value: Any, kind: Kind) -> Any:
    """One sort-key value of a cursor, or ValueError: a cursor is client input."""
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError
        return value
    if not isinstance(value, str):
        raise ValueError
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:  # instants are stored in UTC: a naive one is no position
            raise ValueError
        return moment
    if kind == "uuid":
        return uuid.UUID(hex=value)
    return value


@dataclass
class ChildPage:
    items: list[Any]
    cursors: list[str]
    has_next: bool
    has_previous: bool


ID_KEY_KIND: Kind = "uuid"


async def child_pages(
    session: AsyncSession,
    entity: Any,
    parent_column: Any,
    parent_ids: Sequence[uuid.UUID],
    request: PageRequest,
    where: Sequence[sa.ColumnElement[bool]] = (),
) -> dict[uuid.UUID, ChildPage]:
    """The first page of children for many parents in one statement (ROW_NUMBER
    per parent), ordered by id, i.e. by creation time (ids are UUIDv7)."""
    keys = [SortKey(entity.id, "uuid")]
    filters = [parent_column.in_(list(parent_ids)), *where]
    if request.after:
        filters.append(after_clause(keys, decode_cursor(request.after, keys)))
    numbered = (
        sa.select(
            entity,
            sa.func.row_number()
            .over(partition_by=parent_column, order_by=entity.id)
            .label("row_number"),
        )
        .where(*filters)
        .subquery()
    )
    alias = sa.orm.aliased(entity, numbered)
    stmt = (
        sa.select(alias)
        .where(numbered.c.row_number <= request.first + 1)
        .order_by(numbered.c.row_number)
    )
    grouped: dict[uuid.UUID, list[Any]] = {pid: [] for pid in parent_ids}
    parent_attr = parent_column.key
    for row in (await session.scalars(stmt)).all():
        grouped[getattr(row, parent_attr)].append(row)
    return {
        pid: ChildPage(
            items=rows[: request.first],
            cursors=[encode_cursor([row.id]) for row in rows[: request.first]],
            has_next=len(rows) > request.first,
            has_previous=request.after is not None,
        )
        for pid, rows in grouped.items()
    }


async def child_counts(
    session: AsyncSession,
    parent_column: Any,
    parent_ids: Sequence[uuid.UUID],
    where: Sequence[sa.ColumnElement[bool]] = (),
) -> dict[uuid.UUID, int]:
    rows = await session.execute(
        sa.select(parent_column, sa.func.count())
        .where(parent_column.in_(list(parent_ids)), *where)
        .group_by(parent_column)
    )
    counts: dict[uuid.UUID, int] = {parent: count for parent, count in rows.all()}
    return {pid: int(counts.get(pid, 0)) for pid in parent_ids}
