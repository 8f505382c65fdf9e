"""The executor's short path answers exactly what graphql-core's executor answers:
the same data and the same errors at the same paths, for values that break the
schema as well as for the access world's real queries."""

from __future__ import annotations

import enum
import gc
import weakref
from typing import Any, Generic, TypeVar

import pytest
import strawberry
from graphql import ExecutionResult, execute, parse
from graphql.execution.executor import Executor
from support import Api, World, admin, gid
from test_access_matrix import (
    CATEGORY_QUERY,
    DOCUMENT_OF,
    EVENTS_QUERY,
    NESTED_QUERY,
    NOTES_QUERY,
    ROLES,
    build_world,
    event_ids,
    with_scopes,
)

from vocrehab.api import operation
from vocrehab.api.executor import FastExecutor


class Colour(enum.Enum):
    RED = "red"


@strawberry.enum
class Shade(enum.Enum):
    """Named in the schema otherwise than in Python: looked up, not taken by name."""

    LIGHT = strawberry.enum_value("light", name="PALE")
    DARK = "dark"


@strawberry.type
class Leaf:
    name: str
    colour: Colour | None = None
    shade: Shade | None = None


T = TypeVar("T")


@strawberry.type
class Page(Generic[T]):
    """A generic type: its objects are of the generic class, not of the specialised one."""

    items: list[T]
    top: T | None


@strawberry.type
class Branch:
    label: str | None
    leaves: list[Leaf]
    maybe_leaves: list[Leaf | None] | None
    child: Leaf | None
    strict_child: Leaf
    page: Page[Leaf] | None


def branch(**changes: Any) -> Branch:
    values: dict[str, Any] = {
        "label": "b",
        "leaves": [Leaf(name="a", shade=Shade.LIGHT), Leaf(name="b", colour=Colour.RED)],
        "maybe_leaves": [Leaf(name="c"), None],
        "child": Leaf(name="d", shade=Shade.DARK),
        "strict_child": Leaf(name="e"),
        "page": Page(items=[Leaf(name="f")], top=Leaf(name="g")),
    }
    values.update(changes)
    return Branch(**values)


def broken() -> dict[str, Branch]:
    return {
        "fine": branch(),
        "null_in_strict_list": branch(leaves=[Leaf(name="a"), None]),
        "null_strict_child": branch(strict_child=None),
        "null_name": branch(child=Leaf(name=None)),  # type: ignore[arg-type]
        "bad_enum": branch(child=Leaf(name="x", colour="purple")),  # type: ignore[arg-type]
        "error_value": branch(child=ValueError("no such leaf")),
        "not_a_list": branch(maybe_leaves=(Leaf(name="t"),)),
        "generator": branch(maybe_leaves=(leaf for leaf in [Leaf(name="g")])),
        "page_of_broken": branch(
            page=Page(items=[Leaf(name=None), None], top=Leaf(name="h", colour=3))  # type: ignore[arg-type]
        ),
        "page_not_a_page": branch(page="page"),  # type: ignore[arg-type]
        # Lists whose every item is of the item type's class (walked as one loop), one
        # of them broken: a null for a non-null field, a value the enum refuses.
        "broken_item_of_strict_list": branch(
            leaves=[Leaf(name="a"), Leaf(name=None), Leaf(name="c")]  # type: ignore[arg-type]
        ),
        "broken_items_of_loose_list": branch(
            maybe_leaves=[Leaf(name=None), Leaf(name="m", colour="purple"), Leaf(name="n")],  # type: ignore[arg-type]
            page=Page(items=[Leaf(name="i"), Leaf(name="j", colour="teal")], top=None),  # type: ignore[arg-type]
        ),
    }


@strawberry.type
class Query:
    @strawberry.field
    def branches(self) -> list[Branch | None]:
        return list(broken().values())

    @strawberry.field
    def strict(self) -> Branch:
        return broken()["null_strict_child"]


SCHEMA = strawberry.Schema(query=Query)._schema
QUERY = """{
  branches {
    label
    leaves { name colour shade }
    maybeLeaves { name }
    child { name colour shade }
    strictChild { name }
    again: child { n: name }
    page { items { name } top { name colour } }
  }
}"""


def run(query: str, executor: type[Executor]) -> ExecutionResult:
    result = execute(SCHEMA, parse(query), executor_class=executor)
    assert isinstance(result, ExecutionResult)
    return result


def comparable(result: ExecutionResult) -> tuple[Any, Any]:
    errors = sorted(((e.message, tuple(e.path or ())) for e in result.errors or []), key=repr)
    return result.data, errors


@pytest.mark.parametrize("query", [QUERY, "{ strict { label strictChild { name } } }"])
def test_values_that_break_the_schema_fail_as_graphql_core_fails(query: str) -> None:
    fast, reference = run(query, FastExecutor), run(query, Executor)
    assert comparable(fast) == comparable(reference)
    assert reference.errors  # the values do break it


async def test_the_access_world_reads_the_same_with_either_executor(
    api: Api, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = await build_world(world)
    granted = (await event_ids(world, w.a.case, "benefit.granted"))[0]
    questions = [
        (CATEGORY_QUERY, {
            "case": gid(w.a.case), "participant": gid(w.a.participant),
            "assessment": gid(w.assessment), "benefit": gid(w.benefit),
            "documents": [gid(d) for d in w.documents.values()],
        }),
        (NOTES_QUERY, {"case": gid(w.a.case), "notes": [gid(n) for n in w.notes.values()]}),
        (EVENTS_QUERY, {"case": gid(w.a.case), "event": granted}),
    ]  # fmt: skip
    for role in ROLES:
        who = w.a.who[role]
        nested = {
            "intervention": gid(w.active), "assessment": gid(w.assessment),
            "plan": gid(w.active_plan), "participant": gid(w.a.participant),
            "document": gid(w.documents[DOCUMENT_OF.get(role, "by_manager")]),
        }  # fmt: skip
        narrow = with_scopes(who, set(who.scopes) - {"cases:read", "participants:read", "admin"})
        for principal in (who, narrow):
            for query, variables in [*questions, (NESTED_QUERY, nested)]:
                fast = (await api.query(principal, query, **variables)).body
                monkeypatch.setattr(operation, "FastExecutor", Executor)
                try:
                    reference = (await api.query(principal, query, **variables)).body
                finally:
                    monkeypatch.setattr(operation, "FastExecutor", FastExecutor)
                assert fast == reference, (role, query[:40])


PAGE = """{ cases(first: 50) { edges { node { id reference participant { givenName }
  team { role actor { name } } currentPlan { title steps { workPercent } }
  interventions(first: 5) { edges { node { status type { code } } } }
  milestones { code dueDate status } } } } }"""


async def test_an_operation_is_freed_when_it_ends_without_the_garbage_collector(
    api: Api, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing an operation builds (its executor, context, rows, objects) is kept in a
    reference cycle: all of it goes as the operation ends, not at the collector's
    next pass, which walks all of it for every request still in flight."""
    await build_world(world)
    executors: weakref.WeakSet[FastExecutor] = weakref.WeakSet()
    built = FastExecutor.__init__

    def init(self: FastExecutor, *args: Any, **kwargs: Any) -> None:
        built(self, *args, **kwargs)
        executors.add(self)

    monkeypatch.setattr(FastExecutor, "__init__", init)
    gc.collect()
    gc.disable()
    try:
        answer = await api.query(admin(), PAGE)
        assert answer.body.get("data") and not answer.body.get("errors"), answer.body
        assert len(answer.body["data"]["cases"]["edges"]) == 2
        assert len(executors) == 0
    finally:
        gc.enable()
