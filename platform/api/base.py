"""Building blocks shared by every domain of the schema: the Node interface, Relay
connections, user errors, payloads, and presenting rows as GraphQL objects."""

from __future__ import annotations

import dataclasses
import uuid
import weakref
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Generic, NamedTuple, TypeVar

import strawberry

from vocrehab.api.codes import UserErrorCode
from vocrehab.api.enums import Severity
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core.errors import Problem, ProblemCode
from vocrehab.core.pagination import Cursor
from vocrehab.hooks.types import Violation
from vocrehab.hooks.vocabulary import DataCategory
from vocrehab.ids import encode_global_id

if TYPE_CHECKING:
    from vocrehab.api.access import AccessRules
    from vocrehab.api.context import Context

__all__ = [
    "After",
    "Before",
    "Connection",
    "Count",
    "Edge",
    "First",
    "Lang",
    "Last",
    "Node",
    "PageInfo",
    "Payload",
    "RuleViolation",
    "UserError",
    "build",
    "connection",
    "gid",
    "maker",
    "object_id",
    "present",
    "presented",
    "shown",
]

T = TypeVar("T")
ObjT = TypeVar("ObjT", bound=Planned)
AnyT = TypeVar("AnyT")

Lang = Annotated[
    str | None,
    strawberry.argument(
        description="The language of the text: one of the jurisdiction's languages (e.g. nb, "
        "sv, en); English when left out or not offered."
    ),
]

# The arguments of every connection: forward with first/after, backward with last/before.
First = Annotated[
    int | None,
    strawberry.argument(description="Page forward: at most this many items (default 20, max 100)."),
]
After = Annotated[
    str | None,
    strawberry.argument(description="Page forward from this cursor (a page's endCursor)."),
]
Last = Annotated[
    int | None,
    strawberry.argument(
        description="Page backward: at most this many items before `before` (default 20, max "
        "100). Not with first or after."
    ),
]
Before = Annotated[
    str | None,
    strawberry.argument(description="Page backward from this cursor (a page's startCursor)."),
]


@strawberry.interface(description="An object with a global, opaque ID.")
class Node:
    id: strawberry.ID = strawberry.field(
        description="The object's global ID: opaque, stable, for node(id:) and caches."
    )


def gid(type_name: str, row_id: uuid.UUID) -> strawberry.ID:
    return encode_global_id(type_name, row_id)  # type: ignore[return-value]  # an ID is a str


def object_id(ctx: Context, type_name: str, row_id: uuid.UUID) -> strawberry.ID:
    """A presented object's `id`: its global ID where the operation selects `id` on the
    type (or says nothing of the type), else None, as nothing reads it. A page shows
    hundreds of objects whose ids it does not ask for (a case's team, its actors)."""
    fields = ctx.selected.get(type_name)
    if fields is not None and "id" not in fields:
        return None  # type: ignore[return-value]
    return encode_global_id(type_name, row_id)  # type: ignore[return-value]


def present(
    ctx: Context,
    cls: type[ObjT],
    participant_id: uuid.UUID | None,
    visible: frozenset[DataCategory],
    **values: Any,
) -> ObjT:
    """An object of `cls` as this reader may see it: the fields of categories the
    reader lacks withheld (None), and the showing recorded for the access log.

    For a type whose every object shows one category, `shown` decides first.
    Built by the type's `maker` (a page builds hundreds); `presented` does the
    rest, for callers that build with the maker themselves.
    """
    return presented(ctx, maker(cls)(**values), participant_id, visible)


def presented(
    ctx: Context, obj: ObjT, participant_id: uuid.UUID | None, visible: frozenset[DataCategory]
) -> ObjT:
    """`obj`, just built by its type's `maker`, made what `present` makes of it: what
    the reader sees of it and whose it is set, the fields the reader may not see
    withheld, and the showing recorded for the access log."""
    cls = type(obj)
    found = ctx.memo.get((_PRESENT, cls, visible))
    if found is None:
        found = _presenting(ctx, cls, visible)
    hidden, shown = found
    obj._visible = visible
    obj._participant_id = participant_id
    for name in hidden:
        setattr(obj, name, None)
    if participant_id is not None:  # as `ctx.saw`, with what it shows worked out once
        ctx.recorder.participants[participant_id] |= shown
    return obj


_PRESENT = object()
"""The key under which an operation's memo keeps how `present` shows a type."""


def _presenting(
    ctx: Context, cls: type[Any], visible: frozenset[DataCategory]
) -> tuple[tuple[str, ...], frozenset[DataCategory]]:
    """For one operation, objects of `cls` for a reader who sees `visible`: the fields
    withheld from them, and the categories the access log records for showing one
    (`ctx.saw`)."""
    kind = _kind_of(ctx, cls)
    hidden = kind.hidden.get(visible)
    if hidden is None:
        if kind.category is not None and kind.category not in visible:
            raise PermissionError(f"{kind.name} shows {kind.category.value}: check `shown` first")
        hidden = kind.hidden[visible] = _withheld(kind.rules, visible)
    found = (hidden, ctx.shows(kind.name, visible))
    ctx.memo[(_PRESENT, cls, visible)] = found
    return found


def build(cls: type[AnyT], **values: Any) -> AnyT:
    """An object of `cls` that belongs to no participant (an actor, a reference item):
    as its dataclass `__init__` would build it, without running it (see `maker`)."""
    return maker(cls)(**values)


def maker(cls: type[AnyT]) -> Callable[..., AnyT]:
    """A function building objects of the dataclass `cls` from keyword arguments for its
    fields, as its `__init__` would, without running it: a page builds hundreds, and
    a strawberry type's `__init__` costs about three times as much. Written out for
    the type's fields (one attribute store each): a field not given gets its default
    (a fresh dict for `_planned`), and a field without one is left unset, as `build`
    always did. A field with any other default factory cannot be built: TypeError."""
    found = _MAKERS.get(cls)
    if found is None:
        found = _MAKERS[cls] = _write_maker(cls)
    return found


_MAKERS: dict[type[Any], Callable[..., Any]] = {}


def _write_maker(cls: type[Any]) -> Callable[..., Any]:
    names: dict[str, Any] = {"new": cls.__new__, "cls": cls, "ABSENT": _ABSENT}
    parameters, body = [], []
    for index, f in enumerate(dataclasses.fields(cls)):
        name = f.name
        if name == "_planned":
            parameters.append(f"{name}=None")
            body.append(f"    o.{name} = {{}} if {name} is None else {name}")
        elif f.default is not dataclasses.MISSING:
            names[f"d{index}"] = f.default
            parameters.append(f"{name}=d{index}")
            body.append(f"    o.{name} = {name}")
        elif f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{name}: cannot build a default_factory")
        else:
            parameters.append(f"{name}=ABSENT")
            body.append(f"    if {name} is not ABSENT:\n        o.{name} = {name}")
    source = "\n".join(
        [f"def make(*, {', '.join(parameters)}):", "    o = new(cls)", *body, "    return o", ""]
    )
    exec(compile(source, f"<maker {cls.__name__}>", "exec"), names)  # our own source
    make: Callable[..., Any] = names["make"]
    return make


_ABSENT: Any = object()
"""A field given no value and declaring no default: not set (see `maker`)."""


@dataclass
class _Kind:
    """How `present` shows objects of one type for one schema."""

    name: str
    rules: Any
    category: DataCategory | None
    hidden: dict[frozenset[DataCategory], tuple[str, ...]]
    """Per set of visible categories: the plain fields withheld."""


_KINDS: weakref.WeakKeyDictionary[AccessRules, dict[type[Any], _Kind]] = weakref.WeakKeyDictionary()
"""Per set of access rules (one per schema, as long as it lives: tests build many)."""


def _kind_of(ctx: Context, cls: type[Any]) -> _Kind:
    kinds = _KINDS.get(ctx.rules)
    if kinds is None:
        kinds = _KINDS[ctx.rules] = {}
    kind = kinds.get(cls)
    if kind is None:
        name = cls.__strawberry_definition__.name  # type: ignore[attr-defined]
        rules = ctx.rules.of(name)
        kind = kinds[cls] = _Kind(name, rules, rules.category, {})
    return kind


def _withheld(rules: Any, visible: frozenset[DataCategory]) -> tuple[str, ...]:
    """The plain fields `visible` does not cover."""
    return tuple(
        dict.fromkeys(
            attr
            for category, attrs in rules.withheld.items()
            if category not in visible
            for attr in attrs
        )
    )


def shown(ctx: Context, cls: type[Any], visible: frozenset[DataCategory]) -> bool:
    """Whether a reader who sees `visible` may see objects of `cls` at all."""
    rules = ctx.rules.of(cls.__strawberry_definition__.name)
    return rules.category is None or rules.category in visible


@strawberry.type(description="Where a page sits in its list.")
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="Whether items follow this page (forward: more after endCursor; backward: a before cursor was given)."
    )
    has_previous_page: bool = strawberry.field(
        description="Whether items precede this page (backward: more before startCursor; forward: an after cursor was given)."
    )
    start_cursor: str | None = strawberry.field(
        description="The cursor of the first item of the page; null for an empty page. Pass it as `before` for the page before."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the last item of the page; null for an empty page. Pass it as `after` for the page after."
    )


@strawberry.type(description="An item of a page, with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(
        description="Where this item is in the list's order: pass it as `after` or `before`."
    )
    node: T = strawberry.field(description="The item.")


@strawberry.enum(
    description="How exact a count is (as Shopify's API says it): EXACT, or AT_LEAST when "
    "the list is longer than the server counts (VOCREHAB_MAX_TOTAL_COUNT)."
)
class CountPrecision(Enum):
    EXACT = "EXACT"
    AT_LEAST = "AT_LEAST"


class Count(NamedTuple):
    """How a connection's totalCount is counted: `batch` counts many `key`s at once,
    so the counts of a whole list level cost one statement; a root list's `page`
    counts itself, up to the reader's bound. (A named tuple: a page makes one per
    connection of a list level.)"""

    batch: Callable[[list[Any]], Awaitable[Sequence[int]]] | None
    key: Hashable
    page: Any = None

    @classmethod
    def of_page(cls, page: Any) -> Count:
        """The count of a root list (one connection, counted by its own query)."""
        return cls(None, None, page)


async def _counted(batch: Batch[Any]) -> list[tuple[int, CountPrecision]]:
    """totalCount and its precision of each connection of a level, counted once per
    connection (both fields read them), the batch counters grouped by how they count."""
    waiting = [c for c in batch.parents if c._counted is None]
    bound = batch.ctx.settings.max_total_count
    groups: dict[Any, list[Any]] = {}
    for conn in waiting:
        if conn._count.page is not None:
            found = await conn._count.page.count(bound)
            conn._counted = (
                (bound, CountPrecision.AT_LEAST) if found > bound else (found, CountPrecision.EXACT)
            )
        else:
            groups.setdefault(conn._count.batch, []).append(conn)
    for counter, conns in groups.items():
        counts = await counter([c._count.key for c in conns])
        for conn, found in zip(conns, counts, strict=True):
            conn._counted = (found, CountPrecision.EXACT)
    return [c._counted for c in batch.parents]


async def total_counts(batch: Batch[Any]) -> list[int]:
    """totalCount of each connection of a level."""
    return [count for count, _ in await _counted(batch)]


async def count_precisions(batch: Batch[Any]) -> list[CountPrecision]:
    """totalCountPrecision of each connection of a level."""
    return [precision for _, precision in await _counted(batch)]


@strawberry.type(
    description="A page of a list (a Relay connection): its items with their cursors, where the page sits, and how long the whole list is."
)
class Connection(Planned, Generic[T]):
    edges: list[Edge[T]] = strawberry.field(
        description="The items of this page, in the list's order."
    )
    page_info: PageInfo = strawberry.field(
        description="Where this page sits, and the cursors to the pages around it."
    )
    _count: strawberry.Private[Count]
    _counted: strawberry.Private[tuple[int, CountPrecision] | None] = None
    total_count: int = relation(
        total_counts,
        returns=int,
        description="Number of items in the whole list, not just this page. A root list "
        "counts up to the server's bound (VOCREHAB_MAX_TOTAL_COUNT, default 10,000): a "
        "longer one answers the bound, with totalCountPrecision AT_LEAST.",
    )
    total_count_precision: CountPrecision = relation(
        count_precisions,
        returns=CountPrecision,
        description="EXACT, or AT_LEAST when the list is longer than totalCount.",
    )


_PAGE_INFO = maker(PageInfo)


def connection(
    items: Iterable[T],
    cursors: Sequence[str | Cursor],
    has_next: bool,
    has_previous: bool,
    count: Count,
    connection_type: type[Connection[Any]] = Connection,
    edge_type: type[Edge[Any]] = Edge,
) -> Connection[T]:
    """A Relay connection of presented `items`; named subclasses where the API names
    the types differently. Cursors may be `Cursor`s, encoded only if selected."""
    edges = _edges(edge_type, items, cursors)
    return maker(connection_type)(
        edges=edges,
        page_info=_PAGE_INFO(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        _count=count,
    )


def _edges(edge_type: type[Edge[Any]], items: Iterable[Any], cursors: Sequence[Any]) -> list[Any]:
    """The edges of a page: as `maker` makes them, or, for an edge type of just its
    two fields, with those set in place."""
    plain = _PLAIN_EDGES.get(edge_type)
    if plain is None:
        plain = _PLAIN_EDGES[edge_type] = [f.name for f in dataclasses.fields(edge_type)] == [
            "cursor",
            "node",
        ]
    if not plain:
        make = maker(edge_type)
        return [make(cursor=c, node=item) for item, c in zip(items, cursors, strict=True)]
    new = edge_type.__new__
    edges = []
    for item, cursor in zip(items, cursors, strict=True):
        edge = new(edge_type)
        edge.cursor = cursor
        edge.node = item
        edges.append(edge)
    return edges


_PLAIN_EDGES: dict[type[Any], bool] = {}


@strawberry.type(description="A rule the jurisdiction found broken (or about to be).")
class RuleViolation:
    code: str = strawberry.field(
        description="The rule's code, stable; Jurisdiction.rules lists them."
    )
    severity: Severity = strawberry.field(
        description="ERROR blocks the change; WARNING is reported next to it."
    )
    message: str = strawberry.field(description="What is wrong, in English.")
    legal_reference: str | None = strawberry.field(
        description="The law or regulation the rule applies, e.g. ftrl § 8-7a."
    )

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
        description="Stable machine code, e.g. INVALID_NATIONAL_ID, RULE_VIOLATION, NOT_FOUND, "
        "INVALID_STATE. The same as errorCode, as a string."
    )
    error_code: UserErrorCode = strawberry.field(
        description="The code as an enum, for clients that switch over it exhaustively."
    )
    message: str = strawberry.field(description="What is wrong, in English, for a developer.")
    rule: RuleViolation | None = strawberry.field(
        description="For RULE_VIOLATION: the rule's code and its legal reference."
    )

    @classmethod
    def of(cls, problem: Problem) -> UserError:
        return cls(
            field=list(problem.field) if problem.field else None,
            code=problem.code,
            error_code=problem.code,  # type: ignore[arg-type]  # the enum's internal value
            message=problem.message,
            rule=RuleViolation.of(problem.violation) if problem.violation else None,
        )

    @classmethod
    def warning(cls, violation: Violation) -> UserError:
        return cls(
            field=list(violation.field) if violation.field else None,
            code=ProblemCode.RULE_VIOLATION,
            error_code=ProblemCode.RULE_VIOLATION,  # type: ignore[arg-type]
            message=violation.message,
            rule=RuleViolation.of(violation),
        )


@strawberry.type
class Payload(Planned):
    """Base of mutation payloads: the changed object is loaded again for the reader
    (under the same access as any read), next to the mutation's userErrors."""

    __vocrehab_payload__ = True
    _changed: strawberry.Private[uuid.UUID | None] = None
    user_errors: list[UserError] = strawberry.field(
        description="Why the mutation did not happen (then the object is null), or WARNING rule violations next to a change that did."
    )
