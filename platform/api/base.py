"""Building blocks shared by every domain of the schema: the Node interface,
Relay connections, user errors, and scope requirements declared on fields."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from vocrehab.api.context import Info
from vocrehab.api.enums import Severity
from vocrehab.core.errors import Problem
from vocrehab.core.ids import encode_global_id
from vocrehab.hooks.types import Violation

__all__ = [
    "Connection",
    "Edge",
    "Node",
    "PageInfo",
    "RuleViolation",
    "UserError",
    "connection",
    "gid",
    "requires",
]

T = TypeVar("T")


@strawberry.interface(description="An object with a global, opaque ID.")
class Node:
    id: strawberry.ID


def gid(type_name: str, row_id: uuid.UUID) -> strawberry.ID:
    return strawberry.ID(encode_global_id(type_name, row_id))


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Number of items in the whole list, not just this page.")
    async def total_count(self) -> int:
        return await self._count()


def connection(
    items: Sequence[Any],
    cursors: Sequence[str],
    has_next: bool,
    has_previous: bool,
    count: Callable[[], Awaitable[int]],
    wrap: Callable[[Any], T],
    connection_type: type[Connection[Any]] = Connection,
    edge_type: type[Edge[Any]] = Edge,
) -> Connection[T]:
    """A Relay connection; pass named subclasses where the API names them differently."""
    edges = [edge_type(cursor=c, node=wrap(item)) for item, c in zip(items, cursors, strict=True)]
    return connection_type(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        _count=count,
    )


@strawberry.type(description="A rule the jurisdiction found broken (or about to be).")
class RuleViolation:
    code: str
    severity: Severity
    message: str
    legal_reference: str | None

    @classmethod
    def of(cls, violation: Violation) -> RuleViolation:
        return cls(
            code=violation.code,
            severity=violation.severity,
            message=violation.message,
            legal_reference=violation.legal_reference,
        )


@strawberry.type(description="An expected failure (or, with rule.severity WARNING, a caution).")
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path to the input field at fault, e.g. ["input", "steps", "0", "workPercent"].'
    )
    code: str = strawberry.field(
        description="Stable machine code, e.g. INVALID_NATIONAL_ID, RULE_VIOLATION, NOT_FOUND, INVALID_STATE."
    )
    message: str
    rule: RuleViolation | None = strawberry.field(
        description="For RULE_VIOLATION: the rule's code and its legal reference."
    )

    @classmethod
    def of(cls, problem: Problem) -> UserError:
        return cls(
            field=list(problem.field) if problem.field else None,
            code=problem.code,
            message=problem.message,
            rule=RuleViolation.of(problem.violation) if problem.violation else None,
        )

    @classmethod
    def warning(cls, violation: Violation) -> UserError:
        return cls(
            field=list(violation.field) if violation.field else None,
            code="RULE_VIOLATION",
            message=violation.message,
            rule=RuleViolation.of(violation),
        )


class _HasScope(BasePermission):
    error_extensions = {"code": "FORBIDDEN"}

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.message = f"this field needs the scope {scope!r}"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.principal.has_scope(self.scope)


def requires(scope: str) -> list[FieldExtension]:
    """Field extensions that refuse the field (FORBIDDEN) without `scope`."""
    return [PermissionExtension(permissions=[_HasScope(scope)], use_directives=False)]
