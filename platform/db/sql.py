"""SQL constructs written differently per database, where the planners differ."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

__all__ = ["OneOf"]


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
