"""Keyset pagination for Relay connections.

A cursor is the sort key of the row it points at (opaque base64 JSON), so the
next page is `WHERE (key, id) > (cursor)` over an index: constant cost however
deep the page, and stable while rows are added (OFFSET is neither).

Pages go forward (`first`, `after`) or backward (`last`, `before`): a backward
page reads the order reversed from its cursor and turns the rows round, so it
costs the same. A cursor names the order it was made for and is refused in
another.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import uuid
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, Literal, Protocol, TypeVar

import orjson
import sqlalchemy as sa

from vocrehab.core.errors import BadRequest
from vocrehab.db.sql import AnyOf, read_rows

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "BadPageRequest",
    "ChildPage",
    "Cursor",
    "Page",
    "PageRequest",
    "Reader",
    "SortKey",
    "child_counts",
    "child_pages",
    "keyset_page",
]

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
T = TypeVar("T")
Kind = Literal["date", "datetime", "str", "uuid", "int"]


class BadPageRequest(BadRequest):
    """A page size out of range, a cursor that is not ours, or forward and backward
    arguments mixed: a client error."""


@dataclass(frozen=True)
class PageRequest:
    first: int
    """The page size (`first`, or `last` for a backward page)."""
    after: str | None = None
    """The cursor the page starts from: `after`, or `before` for a backward page."""
    backward: bool = False

    @classmethod
    def of(
        cls,
        first: int | None,
        after: str | None,
        last: int | None = None,
        before: str | None = None,
    ) -> PageRequest:
        if last is None and before is None:
            return cls(_size("first", first), after or None)
        if first is not None or after is not None:
            raise BadPageRequest(
                "page forward with first/after or backward with last/before, not both"
            )
        return cls(_size("last", last), before or None, backward=True)


def _size(name: str, value: int | None) -> int:
    if value is None:
        return DEFAULT_PAGE_SIZE
    if value < 0 or value > MAX_PAGE_SIZE:
        raise BadPageRequest(f"{name} must be between 0 and {MAX_PAGE_SIZE}, not {value}")
    return value


def _reversed(keys: Sequence[SortKey]) -> list[SortKey]:
    return [SortKey(k.column, k.kind, not k.descending) for k in keys]


@dataclass(frozen=True)
class SortKey:
    column: Any
    """A column or SQL expression; never NULL (wrap nullable ones in coalesce)."""
    kind: Kind
    descending: bool = False


@dataclass
class Page(Generic[T]):
    items: list[T]
    cursors: list[Cursor]
    has_next: bool
    has_previous: bool
    count: Callable[[int | None], Awaitable[int]]
    """Runs the COUNT only when the client asks for totalCount: `count(bound)` counts
    at most `bound + 1` rows (None: all of them), so a count past the bound costs no
    more than the bound."""


class Reader(Protocol):
    """What reads run on: the operation's connection (or a session)."""

    async def execute(self, statement: Any, parameters: Any = None) -> Any: ...


def order_tag(keys: Sequence[SortKey]) -> str:
    """Names the order a cursor was made for, so it is refused in another order."""
    return ",".join(
        f"{getattr(k.column, 'key', None) or k.column}{'-' if k.descending else '+'}" for k in keys
    )


def encode_cursor(values: Sequence[Any], tag: str = "") -> str:
    raw = orjson.dumps([tag, *(_dump(v) for v in values)])  # compact, as json's separators
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class Cursor:
    """An item's cursor, encoded the first time it is written out (`str`).

    A page makes one per item, and most pages select no cursor but the page's last
    (`pageInfo.endCursor`): encoding each at once cost a page more than reading the
    items' own fields. GraphQL's String writes out any value that is not a builtin
    by its `str`, on every path (the executor's and graphql-core's).
    """

    __slots__ = ("_tag", "_text", "_values")

    def __init__(self, values: Sequence[Any], tag: str = "") -> None:
        self._values = values
        self._tag = tag
        self._text: str | None = None

    def __str__(self) -> str:
        text = self._text
        if text is None:
            text = self._text = encode_cursor(self._values, self._tag)
        return text

    def __repr__(self) -> str:
        return f"Cursor({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Cursor | str):
            return str(self) == str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))


def decode_cursor(cursor: str | Cursor, keys: Sequence[SortKey], tag: str = "") -> list[Any]:
    cursor = str(cursor)
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(keys) + 1:
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise BadPageRequest(f"{cursor!r} is not a cursor of this list") from None
    if raw[0] != tag:
        raise BadPageRequest(
            f"{cursor!r} was made for another order of this list; "
            "start again without a cursor (`after` or `before`)"
        )
    try:
        return [_load(value, key.kind) for value, key in zip(raw[1:], keys, strict=True)]
    except (ValueError, TypeError):
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
    db: Reader,
    stmt: sa.Select[Any],
    keys: Sequence[SortKey],
    request: PageRequest,
    key_of: Callable[[Any], Sequence[Any]],
    kept: bool = False,
) -> Page[Any]:
    """One page of `stmt` (a Core SELECT) ordered by `keys`; rows as they come.

    `key_of(row)` gives a row's sort-key values. The count, if asked for, runs on
    the same reader. `kept`: `stmt` is an object the caller keeps between
    operations, so a first page of it can be kept too.
    """
    tag = order_tag(keys)
    walk = _reversed(keys) if request.backward else keys
    if kept and not request.after:
        paged = _first_page(stmt, tuple(walk), request.first + 1)
    else:
        paged = stmt
        if request.after:
            paged = paged.where(after_clause(walk, decode_cursor(request.after, keys, tag)))
        paged = paged.order_by(*order_by(walk)).limit(request.first + 1)
    rows = await read_rows(db, paged, kept=kept and not request.after)
    more = len(rows) > request.first
    rows = rows[: request.first]
    if request.backward:
        rows.reverse()
    began = request.after is not None

    async def count(bound: int | None = None) -> int:
        return await count_rows(db, stmt, bound)

    return Page(
        items=rows,
        cursors=[Cursor(key_of(row), tag) for row in rows],
        has_next=began if request.backward else more,
        has_previous=more if request.backward else began,
        count=count,
    )


@functools.lru_cache(maxsize=1024)
def _first_page(stmt: sa.Select[Any], walk: tuple[SortKey, ...], limit: int) -> sa.Select[Any]:
    return stmt.order_by(*order_by(walk)).limit(limit)


async def count_rows(db: Reader, stmt: sa.Select[Any], bound: int | None = None) -> int:
    """How many rows `stmt` has: counted over its FROM and WHERE only, so the columns
    it selects (a reader's access, worked out per row) cost nothing here.

    With a `bound`, at most `bound + 1` rows are counted: an answer above `bound`
    means "more than `bound`", found in time that does not grow with the table.
    """
    bare: sa.Select[Any] = stmt.with_only_columns(
        sa.literal_column("1"), maintain_column_froms=True
    ).order_by(None)
    if bound is not None:
        bare = bare.limit(bound + 1)
    counted = sa.select(sa.func.count()).select_from(bare.subquery())
    return int((await db.execute(counted)).scalar() or 0)


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
    cursors: list[Cursor]
    has_next: bool
    has_previous: bool


ID_ORDER = "id+"


async def child_pages(
    db: Reader,
    table: Any,
    parent_column: Any,
    parent_ids: Sequence[uuid.UUID],
    request: PageRequest,
    where: Sequence[sa.ColumnElement[bool]] = (),
    columns: Sequence[Any] = (),
    omit: Collection[str] = (),
    unused: Collection[str] = (),
) -> dict[uuid.UUID, ChildPage]:
    """A page of children for many parents in one statement (ROW_NUMBER per
    parent), ordered by id, i.e. by creation time (ids are UUIDv7). Rows carry the
    table's columns but `omit`, the `unused` ones as NULL, and `columns` (correlated
    to the table) besides."""
    keys = [SortKey(table.c.id, "uuid")]
    walk = _reversed(keys) if request.backward else keys
    params = {"parents": list(set(parent_ids)), "limit": request.first + 1}
    if request.after or where or columns or omit or request.backward:
        filters = [AnyOf(parent_column, key="parents"), *where]
        if request.after:
            filters.append(after_clause(walk, decode_cursor(request.after, keys, ID_ORDER)))
        stmt = _numbered(table, parent_column, filters, columns, omit, walk[0].descending, unused)
    else:  # the common case, built once per set of unused columns: a first page
        key = (id(table), id(parent_column), frozenset(unused))  # of module-level objects
        built = _FIRST_PAGES.get(key)
        if built is None:
            filters = [AnyOf(parent_column, key="parents")]
            built = _FIRST_PAGES[key] = _numbered(table, parent_column, filters, (), unused=unused)
        stmt = built
    kept = not (request.after or where or columns or omit or request.backward)
    rows = await read_rows(db, stmt, params, kept=kept)
    grouped: dict[uuid.UUID, list[Any]] = {pid: [] for pid in parent_ids}
    parent_key = parent_column.key
    for row in rows:
        grouped[getattr(row, parent_key)].append(row)
    began = request.after is not None
    pages = {}
    for pid, rows in grouped.items():
        more = len(rows) > request.first
        shown = rows[: request.first]
        if request.backward:
            shown.reverse()
        pages[pid] = ChildPage(
            items=shown,
            cursors=[Cursor((row.id,), ID_ORDER) for row in shown],
            has_next=began if request.backward else more,
            has_previous=more if request.backward else began,
        )
    return pages


_FIRST_PAGES: dict[tuple[int, int, frozenset[str]], sa.Select[Any]] = {}


def _numbered(
    table: Any,
    parent_column: Any,
    filters: Sequence[Any],
    columns: Sequence[Any],
    omit: Collection[str] = (),
    descending: bool = False,
    unused: Collection[str] = (),
) -> sa.Select[Any]:
    """The children of the `parents` parameter, numbered per parent by id (newest
    first when `descending`), up to `limit`."""
    numbered = (
        sa.select(
            *(
                sa.null().label(c.key) if c.key in unused else c
                for c in table.c
                if c.key not in omit
            ),
            *columns,
            sa.func.row_number()
            .over(
                partition_by=parent_column,
                order_by=table.c.id.desc() if descending else table.c.id,
            )
            .label("row_number"),
        )
        .where(*filters)
        .subquery()
    )
    return (
        sa.select(numbered)
        .where(numbered.c.row_number <= sa.bindparam("limit", type_=sa.Integer()))
        .order_by(numbered.c.row_number)
    )


async def child_counts(
    db: Reader,
    parent_column: Any,
    parent_ids: Sequence[uuid.UUID],
    where: Sequence[sa.ColumnElement[bool]] = (),
) -> dict[uuid.UUID, int]:
    rows = await db.execute(
        sa.select(parent_column, sa.func.count())
        .where(AnyOf(parent_column, list(set(parent_ids))), *where)
        .group_by(parent_column)
    )
    counts: dict[uuid.UUID, int] = {parent: count for parent, count in rows.all()}
    return {pid: int(counts.get(pid, 0)) for pid in parent_ids}
