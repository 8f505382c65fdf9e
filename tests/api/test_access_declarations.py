"""Access is declared for the whole schema, read back through introspection: every
object type, the bundled plugins' included, says which scope reading it needs (or
that it is part of the object it is reached from, or carries no participant data),
and every field of a type with participant data has a data category. Taking any one
declaration away stops the schema from being built."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from graphql import GraphQLSchema, get_introspection_query, graphql_sync, is_object_type

from vocrehab.api import access
from vocrehab.api.access import TYPES, AccessRules, SchemaAccessError, TypeAccess
from vocrehab.api.schema import BuiltSchema, build_schema
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import DataCategory as C

# What the types that hold no data of their own (pages, edges, payloads) may still
# show as plain values: counts, cursors, and what a webhook mutation hands back.
PAGE_AND_PAYLOAD_VALUES = {
    "totalCount",
    "totalCountPrecision",
    "cursor",
    "deletedId",
    "queued",
    "secret",
}


@pytest.fixture(scope="module")
def built() -> BuiltSchema:
    """The schema with every bundled plugin."""
    return build_schema(PluginHost.load())


def introspected(schema: GraphQLSchema) -> dict[str, dict[str, str]]:
    """Object type -> field -> kind of its named type, as a client sees them."""
    result = graphql_sync(schema, get_introspection_query(descriptions=False))
    assert result.errors is None and result.data is not None, result.errors

    def named(kind: dict[str, Any]) -> dict[str, Any]:
        while kind.get("ofType"):
            kind = kind["ofType"]
        return kind

    return {
        kind["name"]: {f["name"]: named(f["type"])["kind"] for f in kind["fields"]}
        for kind in result.data["__schema"]["types"]
        if kind["kind"] == "OBJECT" and not kind["name"].startswith("__")
    }


def plugin_types(built: BuiltSchema) -> list[str]:
    """The object types the bundled plugins contribute."""
    return sorted(
        name
        for name, kind in built.graphql.type_map.items()
        if (definition := getattr(kind, "extensions", {}).get("strawberry-definition"))
        and is_object_type(kind)
        and getattr(definition.origin, "__module__", "").startswith("vocrehab_")
    )


def test_every_type_has_a_scope_and_every_field_with_participant_data_a_category(
    built: BuiltSchema,
) -> None:
    types = introspected(built.graphql)
    assert {"Case", "Participant", "Assessment", "NavCaseDetails", "FkCaseDetails"} <= set(types)
    for name, fields in types.items():
        rules = built.rules.types.get(name)
        assert rules is not None, f"{name} has no access declaration"
        declared = TYPES.get(name)
        if rules.classes:  # a type with participant data: every field classified
            assert set(rules.classes) == set(fields), name
        elif declared is not None:  # declared whole: a scope of its own, or no data
            assert declared.fields is None, name
        else:  # a page, an edge or a payload: the objects in it carry their own
            values = {f for f, kind in fields.items() if kind in {"SCALAR", "ENUM"}}
            assert values <= PAGE_AND_PAYLOAD_VALUES, (name, values)
        if declared is not None and declared.fields is not None and not declared.part_of:
            assert rules.scope is not None, f"{name} holds participant data without a scope"
    # The plugins' types are classified field by field like the platform's.
    for name in plugin_types(built):
        assert set(built.rules.types[name].classes) == set(types[name]), name


def test_every_field_access_can_withhold_is_nullable(built: BuiltSchema) -> None:
    """A field of a category some role lacks, or whose type needs another scope, is
    nullable: withheld, it is null with its own error and the rest stands."""
    for name, rules in built.rules.types.items():
        kind = built.graphql.type_map[name]
        for field_name, cls in rules.classes.items():
            if cls in access.WITHHOLDABLE and cls != rules.category:
                assert not str(kind.fields[field_name].type).endswith("!"), (name, field_name)  # type: ignore[attr-defined]
        if name != "Subscription":
            for field_name in rules.gated:
                assert not str(kind.fields[field_name].type).endswith("!"), (name, field_name)  # type: ignore[attr-defined]


def _fails(schema: GraphQLSchema, declarations: dict[str, TypeAccess], expected: str) -> None:
    with pytest.raises(SchemaAccessError) as refused:
        AccessRules.build(schema, declarations)
    assert expected in str(refused.value)


@pytest.mark.parametrize("name", sorted(TYPES))
def test_a_type_without_its_declaration_stops_start_up(built: BuiltSchema, name: str) -> None:
    without = {k: v for k, v in TYPES.items() if k != name}
    _fails(built.graphql, without, f"type {name} has no access declaration")


def _fields() -> Iterator[tuple[str, str]]:
    for name, declared in sorted(TYPES.items()):
        for field_name in sorted(declared.fields or {}):
            yield name, field_name


def test_a_field_without_its_category_stops_start_up(built: BuiltSchema) -> None:
    built_anyway = []
    for name, field_name in _fields():
        declared = TYPES[name]
        fields = {k: v for k, v in (declared.fields or {}).items() if k != field_name}
        without = {
            **TYPES,
            name: TypeAccess(declared.scope, declared.part_of, fields, declared.category),
        }
        try:
            AccessRules.build(built.graphql, without)
        except SchemaAccessError as refused:
            assert f"{name}.{field_name} has no data category" in str(refused)
        else:
            built_anyway.append(f"{name}.{field_name}")
    assert built_anyway == []
    assert sum(1 for _ in _fields()) > 200


def test_a_plugin_type_without_its_categories_stops_start_up(
    built: BuiltSchema, monkeypatch: pytest.MonkeyPatch
) -> None:
    declared = access.category_of
    names = plugin_types(built)
    assert {"NavCaseDetails", "FkCaseDetails", "GenericCaseDetails", "NavSickNote"} <= set(names)
    for name in names:
        origin = built.graphql.type_map[name].extensions["strawberry-definition"].origin

        def undeclared(owner: type, field: Any, origin: type = origin) -> Any:
            return "undeclared" if owner is origin else declared(owner, field)

        monkeypatch.setattr(access, "category_of", undeclared)
        _fails(built.graphql, TYPES, f"type {name} has no access declaration")

    # One field alone: the benefit end date Norway's details show.
    def one_undeclared(owner: type, field: Any) -> Any:
        if owner.__name__ == "NavCaseDetails" and field.python_name == "maksdato":
            return "undeclared"
        return declared(owner, field)

    monkeypatch.setattr(access, "category_of", one_undeclared)
    _fails(built.graphql, TYPES, "NavCaseDetails.maksdato has no data category")


def test_what_access_could_withhold_must_be_nullable(built: BuiltSchema) -> None:
    case = TYPES["Case"]
    medical_reference = {**(case.fields or {}), "reference": C.MEDICAL}
    _fails(
        built.graphql,
        {**TYPES, "Case": TypeAccess(case.scope, False, medical_reference)},
        "Case.reference shows MEDICAL but is non-null",
    )
    move = TYPES["Move"]
    _fails(
        built.graphql,
        {**TYPES, "Move": TypeAccess("plans:read", False, move.fields)},
        "Move.case needs cases:read beyond plans:read but is non-null",
    )
