"""SQL constructs written differently per database, where the planners differ."""

from __future__ import annotations

import collections
import functools
import keyword
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

__all__ = ["AnyOf", "OneOf", "plain_rows", "read_rows", "row_shape"]


def plain_rows(result: Any) -> list[Any]:
    """The rows of a result as named tuples, for rows whose columns are read by name.

    A SQLAlchemy `Row` answers `row.column` only after Python's own attribute lookup
    has failed, raising and formatting an AttributeError each time: about 250 ns a
    read against 15 ns for a named tuple, and a page reads its rows' columns
    thousands of times. Building the tuple costs about one such read. Rows whose
    column names cannot be a named tuple's fields (`_x`, keywords) stay `Row`s.
    """
    shape = row_shape(tuple(result.keys()))
    rows = result.all()
    if shape is None:
        return list(rows)
    new = tuple.__new__
    return [new(shape, row) for row in rows]


async def read_rows(
    db: Any, statement: Any, parameters: Any = None, *, kept: bool = False
) -> list[Any]:
    """`plain_rows` of a read statement on `db`: the operation's connection or a session.
    `kept`: the caller keeps `statement` between operations (built once, run with
    parameters), so the operation's connection may learn it and run it straight on
    the driver from then on (`OperationConnection.rows`)."""
    rows = getattr(db, "rows", None)
    if rows is not None:
        return await rows(statement, parameters, kept=kept)  # type: ignore[no-any-return]
    return plain_rows(await db.execute(statement, parameters))


@functools.lru_cache(maxsize=512)
def row_shape(keys: tuple[str, ...]) -> type | None:
    """The named tuple for rows with these column names; None where they cannot be
    its fields."""
    if len(set(keys)) != len(keys) or any(
        not key.isidentifier() or key.startswith("_") or keyword.iskeyword(key) for key in keys
    ):
        return None
    return collections.namedtuple("Row", keys)  # type: ignore[misc]


class OneOf(ColumnElement[bool]):
    """`column IN (query)`, for a query giving a few values out of a large table.

    PostgreSQL gets `column = ANY(ARRAY(query))`: the query runs once, first, and
    the outer statement looks its values up by index. Written as `IN (query)`,
    the planner may instead hash the values and scan the whole outer table
    (a reader's 100 cases out of 10,000: 0.7 ms against 5 ms, growing with the
    table), because it costs random index reads above a sequential scan. SQLite
    drives `IN (query)` from the query already.
    """

    inherit_cache = True
    type = sa.Boolean()
    _is_implicitly_boolean = True  # a condition: no "= 1" where booleans are not native
    _traverse_internals = [
        ("plain", InternalTraversal.dp_clauseelement),
        ("postgresql", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: Any, query: sa.Select[Any]) -> None:
        self.plain = column.in_(query)
        self.postgresql = column == sa.any_(sa.func.array(query.scalar_subquery()))

    @property
    def _from_objects(self) -> list[Any]:
        return self.plain._from_objects  # type: ignore[no-any-return]


@compiles(OneOf)
def _plain(element: OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.plain, **kw)  # type: ignore[no-any-return]


@compiles(OneOf, "postgresql")
def _postgresql(element: OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.postgresql, **kw)  # type: ignore[no-any-return]


class AnyOf(ColumnElement[bool]):
    """`column IN (values)` for a list of values known when the statement runs.

    PostgreSQL gets `column = ANY(:values)` with the list bound as one array
    parameter: the statement text is the same for every length, and asyncpg
    encodes the array itself. `IN` with an expanding parameter instead rewrites
    the cached statement's text and binds each value separately on every
    execution (about 1 ms per statement for a page's 200 ids, the largest
    single cost of a caseload page in SQLAlchemy). SQLite keeps `IN`.

    `values` binds the list at once; `key` names a parameter given at execution
    instead (statements built once and run with different lists).
    """

    inherit_cache = True
    type = sa.Boolean()
    _is_implicitly_boolean = True
    _traverse_internals = [
        ("plain", InternalTraversal.dp_clauseelement),
        ("postgresql", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: Any, values: Any = None, *, key: str | None = None) -> None:
        array = postgresql.ARRAY(column.type)
        if key is None:
            listed = list(values)
            self.plain = column.in_(listed)
            param = sa.bindparam(None, listed, type_=array)
        else:
            self.plain = column.in_(sa.bindparam(key, expanding=True))
            param = sa.bindparam(key, type_=array)
        self.postgresql = column == sa.any_(param)

    @property
    def _from_objects(self) -> list[Any]:
        return self.plain._from_objects  # type: ignore[no-any-return]


@compiles(AnyOf)
def _plain_list(element: AnyOf, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.plain, **kw)  # type: ignore[no-any-return]


@compiles(AnyOf, "postgresql")
def _postgresql_array(element: AnyOf, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.postgresql, **kw)  # type: ignore[no-any-return]
