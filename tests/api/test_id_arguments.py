"""Every argument and input field of type ID, found in the schema itself, answers
the same three kinds of wrong ID the same way (README, API conventions):

- not an ID at all: a top-level BAD_USER_INPUT naming the path to the value;
- a well-formed ID of another type, and an ID of nothing: NOT_FOUND naming the
  field in a mutation, null or no match in a query;

and a mutation so refused changes nothing. A new ID argument is swept without
doing anything; a new query argument must be added to QUERIES below."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)
from graphql.pyutils import Undefined
from support import Api, World, admin, as_actor, gid

from vocrehab.api.ids import ID_OF
from vocrehab.api.schema import build_schema
from vocrehab.db.base import Base
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab.ids import encode_global_id

Path = tuple[str, ...]

SAMPLES: dict[str, Any] = {
    "String": "ok",
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "Date": "2026-03-02",
    "DateTime": "2026-03-02T09:00:00+00:00",
    "JSON": {},
}

# Query and subscription arguments of type ID: (field, path) -> how the field
# answers a well-formed ID that names nothing of the type it wants.
QUERIES: dict[tuple[str, Path], str] = {
    ("node", ("id",)): "null",
    ("nodes", ("ids",)): "null",
    ("case", ("id",)): "null",
    ("cases", ("filter", "participantId")): "no match",
    ("cases", ("filter", "employerId")): "no match",
    ("cases", ("filter", "teamMemberId")): "no match",
    ("moves", ("filter", "caseId")): "no match",
    # Over a socket: tests/api/test_subscriptions.py.
    ("caseEvents", ("caseId",)): "NOT_FOUND",
}


@pytest.fixture(scope="module")
def host() -> PluginHost:
    """Every bundled jurisdiction, so that their commands' inputs are swept too."""
    return PluginHost.load()


def _ids(type_: Any, path: Path, declared: str | None) -> Iterator[tuple[Path, str | None]]:
    """(path, the type the ID names) of every ID in an argument's type."""
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    if isinstance(type_, GraphQLScalarType) and type_.name == "ID":
        yield path, declared
    elif isinstance(type_, GraphQLInputObjectType):
        for name, field in type_.fields.items():
            definition = field.extensions.get("strawberry-definition")
            metadata = getattr(definition, "metadata", None) or {}
            yield from _ids(field.type, (*path, name), metadata.get(ID_OF))


def id_arguments(host: PluginHost) -> dict[str, list[tuple[str, Path, str | None]]]:
    """Per root type: (field, path, declared type) of every ID the schema takes."""
    schema = build_schema(host).graphql
    found: dict[str, list[tuple[str, Path, str | None]]] = {}
    for kind, root in (
        ("query", schema.query_type),
        ("mutation", schema.mutation_type),
        ("subscription", schema.subscription_type),
    ):
        assert root is not None
        found[kind] = [
            (name, path, declared)
            for name, field in root.fields.items()
            for arg_name, arg in field.args.items()
            for path, declared in _ids(arg.type, (arg_name,), None)
        ]
    return found


def test_every_id_argument_is_known(host: PluginHost) -> None:
    found = id_arguments(host)
    queries = {(name, path) for name, path, _ in found["query"] + found["subscription"]}
    assert queries == set(QUERIES)
    undeclared = [(name, path) for name, path, declared in found["mutation"] if declared is None]
    assert undeclared == []
    # Core and plugin mutations, top-level and second ID fields: the sweep reaches them.
    swept = {(name, path[-1]) for name, path, _ in found["mutation"]}
    assert {("openCase", "employerId"), ("grantConsent", "granteeId")} <= swept
    assert {("activatePlan", "id"), ("navRecordSickNote", "caseId")} <= swept


def sample(type_: GraphQLInputType) -> Any:
    """A value of `type_` with only its required fields (IDs are set by the caller)."""
    if isinstance(type_, GraphQLNonNull):
        return sample(type_.of_type)
    if isinstance(type_, GraphQLList):
        return []
    if isinstance(type_, GraphQLInputObjectType):
        return {
            name: sample(field.type)
            for name, field in type_.fields.items()
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
        }
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    assert isinstance(type_, GraphQLScalarType)
    return SAMPLES.get(type_.name)


def in_list(type_: Any, path: Path) -> bool:
    """Whether the ID at `path` of an input type is an item of a list (its errors then
    name the item: the path and its index)."""
    for name in path:
        while isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        type_ = type_.fields[name].type
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def with_value(value: dict[str, Any], path: Path, new: str) -> dict[str, Any]:
    head, *rest = path
    copy = dict(value)
    copy[head] = with_value(value.get(head) or {}, tuple(rest), new) if rest else new
    return copy


async def counts(db: Database) -> dict[str, int]:
    """Rows per table, but the access log (which reads add to)."""
    async with db.session() as session:
        return {
            table.name: int(await session.scalar(sa.select(sa.func.count()).select_from(table)))
            for table in Base.metadata.sorted_tables
            if "access" not in table.name
        }


def wrong_ids(type_name: str) -> dict[str, str]:
    other = "Document" if type_name != "Document" else "Case"
    return {
        "not an ID": "garbage",
        "another type": encode_global_id(other, uuid.uuid4()),
        "nothing": encode_global_id(type_name, uuid.uuid4()),
    }


async def test_every_mutation_answers_wrong_ids_alike(
    api: Api, world: World, db: Database, host: PluginHost
) -> None:
    schema = build_schema(host).graphql
    assert schema.mutation_type is not None
    employer = await world.actor(R.EMPLOYER)
    person = await world.participant()
    case = await world.case(person, team={employer: R.EMPLOYER}, employer=employer)
    real = {"Case": gid(case), "Participant": gid(person), "Actor": gid(employer)}
    before = await counts(db)
    for name, path, declared in id_arguments(host)["mutation"]:
        assert declared is not None
        argument = schema.mutation_type.fields[name].args["input"]
        valid = sample(argument.type)
        for other, other_declared in _ids(argument.type, (), None):
            if other == path[1:] or other_declared is None:
                continue
            if other_declared in real and other[-1] in valid:
                valid = with_value(valid, other, real[other_declared])
            elif other_declared not in real:  # well formed, naming nothing: its own NOT_FOUND
                valid = with_value(valid, other, encode_global_id(other_declared, uuid.uuid4()))
        query = (
            f"mutation($input: {argument.type}) {{ {name}(input: $input) "
            "{ userErrors { code field } } }"
        )
        # A list of IDs given one value: GraphQL reads it as a list of one, item 0.
        where = ["input", *path[1:], *(["0"] if in_list(argument.type, path[1:]) else [])]
        for what, value in wrong_ids(declared).items():
            result = await api.query(admin(), query, input=with_value(valid, path[1:], value))
            if what == "not an ID":
                assert (result.codes, result.bad_input) == (["BAD_USER_INPUT"], where), (
                    name,
                    result.body,
                )
                continue
            assert result.errors == [], (name, what, result.body)
            errors = result.data[name]["userErrors"]
            assert {"code": "NOT_FOUND", "field": where} in errors, (name, what, errors)
    assert await counts(db) == before


CASES = """query($filter: CaseFilter) { cases(filter: $filter) { totalCount } }"""
NODE = "query($id: ID!) { node(id: $id) { id } }"
CASE = "query($id: ID!) { case(id: $id) { id } }"
MOVES = """query($filter: MoveFilter) { moves(filter: $filter) { totalCount } }"""
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"


async def test_every_query_answers_wrong_ids_alike(api: Api, world: World) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    person = await world.participant()
    await world.case(person, team={manager: R.CASE_MANAGER})
    for (field, path), nothing in QUERIES.items():
        if field == "caseEvents":
            continue
        declared = {"participantId": "Participant", "caseId": "Case"}.get(path[-1], "Actor")
        if field == "case":
            declared = "Case"
        for what, value in wrong_ids(declared).items():
            if field == "cases":
                result = await api.query(admin(), CASES, filter={path[-1]: value})
            elif field == "moves":
                result = await api.query(as_actor(manager), MOVES, filter={path[-1]: value})
            elif field == "node":
                result = await api.query(admin(), NODE, id=value)
            elif field == "case":
                result = await api.query(admin(), CASE, id=value)
            else:
                result = await api.query(admin(), NODES, ids=[value])
            if what == "not an ID":
                expected = list(path) if field != "nodes" else ["ids", "0"]
                assert (result.codes, result.bad_input) == (["BAD_USER_INPUT"], expected)
                continue
            assert result.errors == [], (field, what, result.body)
            answer = result.data[field]
            matches = field in ("cases", "moves")
            assert nothing == ("no match" if matches else "null")
            assert answer == {"totalCount": 0} if matches else answer in (None, [None])
