"""schema.graphql is generated, committed, and contains the public API contract."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from contract import differences
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    build_schema,
    get_named_type,
)

from vocrehab.api.access import WITHHOLDABLE
from vocrehab.api.schema import build_schema as build_vocrehab_schema
from vocrehab.api.schema import export_schema
from vocrehab.hooks.host import PluginHost

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT.parent / "shared" / "design" / "api-contract.graphql"
CONTRACT_COPY = ROOT / "tests" / "api-contract.graphql"


def test_schema_graphql_is_up_to_date() -> None:
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == export_schema(PluginHost.load()), (
        "run `make schema` and commit schema.graphql"
    )


def test_the_contract_copy_is_current() -> None:
    """The tests carry a copy of the contract so they run on a clean clone; it must not drift."""
    if CONTRACT.exists():
        assert CONTRACT_COPY.read_text() == CONTRACT.read_text()


def test_schema_contains_the_api_contract() -> None:
    actual = build_schema((ROOT / "schema.graphql").read_text())
    problems = differences(CONTRACT_COPY.read_text(), actual, set(), withheld_by_access())
    assert problems == []


def withheld_by_access() -> frozenset[str]:
    """Fields that access can withhold (api.access): nullable, whatever the contract says."""
    rules = build_vocrehab_schema(PluginHost.load()).rules
    found = set()
    for type_name, rule in rules.types.items():
        found.update(f"{type_name}.{field}" for field in rule.gated)
        found.update(
            f"{type_name}.{field}"
            for field, cls in rule.classes.items()
            if cls in WITHHOLDABLE and cls != rule.category
        )
    return frozenset(found)


def test_only_withheld_fields_are_widened() -> None:
    """The widening is narrow: a field the access design does not withhold keeps its type."""
    widened = withheld_by_access()
    assert "Case.participant" in widened and "Assessment.icfCodes" in widened
    assert "Case.reference" not in widened and "Case.events" not in widened


REMOVAL = re.compile(r"\bRemoved after (\d{4}-\d{2}-\d{2})\b")


def deprecation_problems(schema: GraphQLSchema) -> list[str]:
    """Deprecated fields, arguments, input fields and enum values whose reason does not
    say what replaces them and the date after which they go (README, "Deprecation
    policy"): `@deprecated(reason: "Use plans. Removed after 2027-06-01.")`."""
    found: list[tuple[str, str | None]] = []
    for name, named in schema.type_map.items():
        if name.startswith("__"):
            continue
        if isinstance(named, GraphQLEnumType):
            found += [
                (f"{name}.{v}", value.deprecation_reason) for v, value in named.values.items()
            ]
        for field_name, field in getattr(named, "fields", {}).items():
            found.append((f"{name}.{field_name}", getattr(field, "deprecation_reason", None)))
            found += [
                (f"{name}.{field_name}({arg}:)", argument.deprecation_reason)
                for arg, argument in getattr(field, "args", {}).items()
            ]
    problems = []
    for where, reason in found:
        if reason is None:
            continue
        match = REMOVAL.search(reason)
        if match is None:
            problems.append(f"{where}: no 'Removed after YYYY-MM-DD' in {reason!r}")
            continue
        try:
            date.fromisoformat(match.group(1))
        except ValueError:
            problems.append(f"{where}: {match.group(1)} is no date")
        if len(REMOVAL.sub("", reason).strip(" .")) < 5:
            problems.append(f"{where}: {reason!r} does not say what to use instead")
    return problems


def test_deprecations_say_what_replaces_them_and_when_they_go() -> None:
    assert deprecation_problems(build_schema((ROOT / "schema.graphql").read_text())) == []
    fixture = build_schema(
        """
        enum Mode { A B @deprecated(reason: "Use A.") }
        type Query {
          good: Int @deprecated(reason: "Use better. Removed after 2027-06-01 (0.5).")
          better(old: Int @deprecated(reason: "Removed after 2027-13-01. Use nothing else."), mode: Mode): Int
          bare: Int @deprecated
          dateOnly: Int @deprecated(reason: "Removed after 2027-06-01.")
        }
        """
    )
    assert deprecation_problems(fixture) == [
        "Mode.B: no 'Removed after YYYY-MM-DD' in 'Use A.'",
        "Query.better(old:): 2027-13-01 is no date",
        "Query.bare: no 'Removed after YYYY-MM-DD' in 'No longer supported'",
        "Query.dateOnly: 'Removed after 2027-06-01.' does not say what to use instead",
    ]


BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


def undescribed(schema: GraphQLSchema) -> list[str]:
    """Types, fields (of objects, interfaces and inputs) and arguments without a
    description. Enum values explain themselves or are explained by their type's
    description, so they are not required one by one."""
    missing: list[str] = []
    for name, named in sorted(schema.type_map.items()):
        if name.startswith("__") or name in BUILT_IN:
            continue
        if not named.description:
            missing.append(name)
        for field_name, field in getattr(named, "fields", {}).items():
            if not field.description:
                missing.append(f"{name}.{field_name}")
            missing += [
                f"{name}.{field_name}({arg}:)"
                for arg, argument in getattr(field, "args", {}).items()
                if not argument.description
            ]
    return missing


def test_every_type_field_and_argument_is_described() -> None:
    """What a frontend developer reads in GraphiQL and in generated types: nothing
    is left unexplained, in the core or in the bundled plugins."""
    schema = build_schema((ROOT / "schema.graphql").read_text())
    assert undescribed(schema) == []
    # And the check sees what it is for.
    bare = build_schema("type Query { a(x: Int): T }  type T { b: Int }  input I { c: Int }")
    assert undescribed(bare) == ["I", "I.c", "Query", "Query.a", "Query.a(x:)", "T", "T.b"]


def unspecified_scalars(schema: GraphQLSchema) -> list[str]:
    """Custom scalars without @specifiedBy (codegen and clients map a scalar by it)."""
    return sorted(
        name
        for name, named in schema.type_map.items()
        if isinstance(named, GraphQLScalarType)
        and name not in BUILT_IN
        and not named.specified_by_url
    )


def test_every_custom_scalar_says_what_it_follows() -> None:
    schema = build_schema((ROOT / "schema.graphql").read_text())
    assert {"Date", "DateTime"} <= {
        name for name, t in schema.type_map.items() if isinstance(t, GraphQLScalarType)
    }
    assert unspecified_scalars(schema) == []
    bare = build_schema(
        'scalar Day  scalar Moment @specifiedBy(url: "https://example.org/m")'
        "  type Query { a: Day b: Moment }"
    )
    assert unspecified_scalars(bare) == ["Day"]


def test_every_connection_pages_both_ways() -> None:
    """A list that grows is paged forward (first/after) and backward (last/before),
    wherever it is: new connections follow without a list to keep up to date."""
    schema = build_schema((ROOT / "schema.graphql").read_text())
    connections = [
        (f"{name}.{field_name}", set(field.args))
        for name, named in sorted(schema.type_map.items())
        if not name.startswith("__")
        for field_name, field in getattr(named, "fields", {}).items()
        if get_named_type(field.type).name.endswith("Connection")
        and not isinstance(named, GraphQLInputObjectType)
    ]
    assert len(connections) > 10
    missing = [
        (path, args)
        for path, args in connections
        if not {"first", "after", "last", "before"} <= args
    ]
    assert missing == []
