"""schema.graphql is generated, committed, and contains the public API contract."""

from __future__ import annotations

from pathlib import Path

from contract import differences
from graphql import build_schema

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
