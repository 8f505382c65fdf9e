"""The text policy on every mutation's input, core and plugin commands alike.

The sweep is built from the schema itself: for every mutation, an input that
coerces, then each of its strings (nested inputs, lists, JSON details) in turn
replaced by one that breaks the policy. A mutation added later is in the sweep
without anyone writing it down.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    build_schema,
)
from support import Api, World, admin, gid

from vocrehab.api.schema import export_schema
from vocrehab.hooks.host import PluginHost

Path = tuple[str | int, ...]
SAMPLES: dict[str, Any] = {
    "String": "ok",
    "ID": "CAS_" + "A" * 22,
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "Date": "2026-03-02",
    "DateTime": "2026-03-02T09:00:00+00:00",
    "JSON": {"note": "ok"},
}


@pytest.fixture(scope="module")
def host() -> PluginHost:
    """Every bundled jurisdiction, so their case commands are swept too."""
    return PluginHost.load()


def sample(type_: GraphQLInputType) -> Any:
    """A value of `type_` that coerces, with every optional field present."""
    if isinstance(type_, GraphQLNonNull):
        return sample(type_.of_type)
    if isinstance(type_, GraphQLList):
        return [sample(type_.of_type)]
    if isinstance(type_, GraphQLInputObjectType):
        return {name: sample(field.type) for name, field in type_.fields.items()}
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    assert isinstance(type_, GraphQLScalarType)
    return SAMPLES[type_.name]


def strings(type_: GraphQLInputType, value: Any, path: Path) -> Iterator[Path]:
    """The paths of the free strings in `value` (IDs have a rule of their own)."""
    if isinstance(type_, GraphQLNonNull):
        yield from strings(type_.of_type, value, path)
    elif isinstance(type_, GraphQLList):
        for i, item in enumerate(value):
            yield from strings(type_.of_type, item, (*path, i))
    elif isinstance(type_, GraphQLInputObjectType):
        for name, field in type_.fields.items():
            yield from strings(field.type, value[name], (*path, name))
    elif isinstance(type_, GraphQLScalarType) and type_.name == "String":
        yield path
    elif isinstance(type_, GraphQLScalarType) and type_.name == "JSON":
        yield (*path, "note")


def replaced(value: Any, path: Path, new: str) -> Any:
    if not path:
        return new
    head, *rest = path
    copy = list(value) if isinstance(value, list) else dict(value)
    copy[head] = replaced(value[head], tuple(rest), new)  # type: ignore[index]
    return copy


def sweep(host: PluginHost) -> list[tuple[str, str, Any, Path]]:
    """(mutation, its input type, a valid input, the path of one of its strings)."""
    schema = build_schema(export_schema(host))
    assert schema.mutation_type is not None
    found = []
    for name, field in schema.mutation_type.fields.items():
        argument = field.args["input"]
        valid = sample(argument.type)
        type_name = str(argument.type)
        found += [(name, type_name, valid, p) for p in strings(argument.type, valid, ())]
    return found


BAD = {
    "NUL": "bad\x00",
    "lone surrogate": "bad\ud800",
    "ANSI escape": "\x1b[31mbad",
}


async def test_every_string_of_every_mutation_is_under_the_policy(
    api: Api, host: PluginHost
) -> None:
    cases = sweep(host)
    mutations = {name for name, *_ in cases}
    # Core and plugin commands, free text and JSON details: the sweep reaches them all.
    assert {"registerParticipant", "addCaseNote", "openCase", "navRecordSickNote"} <= mutations
    for name, type_name, valid, path in cases:
        for what, bad in BAD.items():
            query = f"mutation($input: {type_name}) {{ {name}(input: $input) {{ userErrors {{ code field }} }} }}"
            variables = {"input": replaced(valid, path, bad)}
            result = await api.query_escaped(admin(), query, variables)
            where = ["input", *map(str, path)]
            # The sample ID names a case: where an input wants another type, the ID
            # rule says NOT_FOUND for it too, in the same answer.
            errors = result.data[name]["userErrors"]
            other_type = [e for e in errors if e["code"] == "NOT_FOUND"]
            named = [
                e["field"][:-1] if e["field"][-1].isdigit() else e["field"] for e in other_type
            ]
            assert all(f[-1].endswith(("Id", "id", "Ids")) for f in named), errors
            assert [e for e in errors if e not in other_type] == [
                {"code": "INVALID_INPUT", "field": where}
            ], (name, where, what)


REGISTER = """mutation($input: RegisterParticipantInput!) {
  registerParticipant(input: $input) {
    participant { id givenName familyName } userErrors { code field message } } }"""
PARTICIPANTS = '{ participants(filter: {search: "Ångström"}) { totalCount } }'


async def test_a_refused_text_changes_nothing(api: Api) -> None:
    person = {"jurisdiction": "generic", "givenName": "Ada\x00", "familyName": "Berg\ud800"}
    refused = await api.query_escaped(admin(), REGISTER, {"input": person})
    payload = refused.data["registerParticipant"]
    assert payload["participant"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("INVALID_INPUT", ["input", "givenName"]),
        ("INVALID_INPUT", ["input", "familyName"]),
    ]
    assert (await api.query(admin(), "{ participants { totalCount } }")).data == {
        "participants": {"totalCount": 0}
    }


async def test_text_is_stored_in_nfc(api: Api) -> None:
    person = {"jurisdiction": "generic", "givenName": "Ada", "familyName": "A\u030angstro\u0308m"}
    payload = (await api.query(admin(), REGISTER, input=person)).data["registerParticipant"]
    assert payload["participant"]["familyName"] == "Ångström"
    # Found by the name as a keyboard that composes would type it.
    assert (await api.query(admin(), PARTICIPANTS)).data["participants"]["totalCount"] == 1


async def test_free_text_keeps_line_breaks_and_json_details_are_checked(
    api: Api, world: World
) -> None:
    case = await world.case(await world.participant())
    note = """mutation($input: AddCaseNoteInput!) {
      addCaseNote(input: $input) { note { body } userErrors { code field } } }"""
    body = "Called.\nWill call again on Monday."
    added = await api.query(admin(), note, input={"caseId": gid(case), "body": body})
    assert added.body["data"]["addCaseNote"]["userErrors"] in (
        [],
        [{"code": "NOT_ALLOWED", "field": None}],
    )
    update = """mutation($input: UpdateCaseInput!) {
      updateCase(input: $input) { case { id } userErrors { code field } } }"""
    details = {"id": gid(case), "details": {"contact\x00": "x", "notes": ["ok", "\x1b[2J"]}}
    payload = (await api.query(admin(), update, input=details)).data["updateCase"]
    assert payload["case"] is None
    assert payload["userErrors"] == [
        {"code": "INVALID_INPUT", "field": ["input", "details", "contact\x00"]},
        {"code": "INVALID_INPUT", "field": ["input", "details", "notes", "1"]},
    ]


async def test_lengths_are_checked_with_the_rest_of_the_input(api: Api, world: World) -> None:
    """A long name is reported with every other problem of the input; a plugin
    command's field, which no service checks, is capped by the policy itself."""
    long_name = {"jurisdiction": "generic", "givenName": "x" * 101, "familyName": "  "}
    payload = (await api.query(admin(), REGISTER, input=long_name)).data["registerParticipant"]
    assert {(e["code"], tuple(e["field"])) for e in payload["userErrors"]} == {
        ("INVALID_INPUT", ("input", "givenName")),
        ("INVALID_INPUT", ("input", "familyName")),
    }
    case = await world.case(await world.participant())
    sick_note = """mutation($input: NavRecordSickNoteInput!) {
      navRecordSickNote(input: $input) { case { id } userErrors { code field message } } }"""
    period = {"type": "AVVENTENDE", "fom": "2026-03-02", "tom": "2026-03-08",
              "adviceToEmployer": "x" * 2001}  # fmt: skip
    given = {"caseId": gid(case), "signedOn": "2026-03-02", "periods": [period]}
    payload = (await api.query(admin(), sick_note, input=given)).data["navRecordSickNote"]
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("INVALID_INPUT", ["input", "periods", "0", "adviceToEmployer"])
    ]
    assert "at most 2000" in payload["userErrors"][0]["message"]


async def test_a_query_string_no_database_could_take_is_bad_user_input(api: Api) -> None:
    search = "query($f: ParticipantFilter) { participants(filter: $f) { totalCount } }"
    for bad in ("Ada\x00", "Ada\udc00"):
        result = await api.query_escaped(admin(), search, {"f": {"search": bad}})
        assert result.bad_input == ["f", "search"], bad
        assert result.body.get("data") is None  # refused before anything ran
    literal = '{ participants(filter: {search: "Ada\\u0000"}) { totalCount } }'
    assert (await api.query_escaped(admin(), literal, {})).bad_input is None
    # Control characters are harmless in a search: they simply match nothing.
    fine = await api.query_escaped(admin(), search, {"f": {"search": "Ada\x1b"}})
    assert fine.data == {"participants": {"totalCount": 0}}
