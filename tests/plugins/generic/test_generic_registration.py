"""The generic plugin as the platform sees it: registration, options, identity, imports."""

from __future__ import annotations

import ast
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import strawberry

import vocrehab_generic
from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    EmploymentStatus,
    Jurisdiction,
    JurisdictionDetails,
    ParticipantFacts,
    PluginConfig,
    ReturnToWorkPhase,
    StakeholderType,
)
from vocrehab.hooks.host import PluginHost
from vocrehab_generic import GenericJurisdiction, GenericOptions, vocrehab_register_jurisdictions

PLUGIN_DIR = Path(vocrehab_generic.__file__).parent


def register(options: dict[str, object] | None = None) -> list[Jurisdiction]:
    config = PluginConfig({"generic": options} if options is not None else {})
    return vocrehab_register_jurisdictions(config=config)


# --------------------------------------------------------------------------- registration


def test_registers_one_jurisdiction_that_satisfies_the_protocol() -> None:
    [jurisdiction] = register()
    assert isinstance(jurisdiction, Jurisdiction)
    assert isinstance(jurisdiction, GenericJurisdiction)


def test_identity() -> None:
    [jurisdiction] = register()
    assert jurisdiction.code == "generic"
    assert jurisdiction.names == {"en": "Generic (jurisdiction-neutral)"}
    assert jurisdiction.country is None
    assert jurisdiction.languages == ("en",)
    assert jurisdiction.reference_prefix == "GEN"


def test_host_loads_the_plugin_through_its_entry_point() -> None:
    host = PluginHost.load(allow=["generic"])
    jurisdiction = host.jurisdiction("generic")
    assert isinstance(jurisdiction, GenericJurisdiction)
    assert [code for _, _, codes in host.plugins() for code in codes] == ["generic"]


def test_host_passes_the_deployment_options() -> None:
    config = PluginConfig({"generic": {"plan_due_days": 21}})
    host = PluginHost.load(allow=["generic"], config=config)
    jurisdiction = host.jurisdiction("generic")
    assert isinstance(jurisdiction, GenericJurisdiction)
    assert jurisdiction.options.plan_due_days == 21


# --------------------------------------------------------------------------- options


def test_defaults_when_no_options_are_given() -> None:
    [jurisdiction] = register()
    assert isinstance(jurisdiction, GenericJurisdiction)
    assert jurisdiction.options == GenericOptions(
        first_contact_days=5,
        workplace_contact_days=14,
        plan_due_days=30,
        review_interval_days=90,
        stall_days=30,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("first_contact_days", 1),
        ("first_contact_days", 365),
        ("workplace_contact_days", 1),
        ("plan_due_days", 365),
        ("review_interval_days", 7),
        ("review_interval_days", 365),
        ("stall_days", 1),
    ],
)
def test_option_accepted_at_its_bounds(name: str, value: int) -> None:
    [jurisdiction] = register({name: value})
    assert isinstance(jurisdiction, GenericJurisdiction)
    assert getattr(jurisdiction.options, name) == value


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("first_contact_days", 0, "between 1 and 365"),
        ("plan_due_days", 366, "between 1 and 365"),
        ("review_interval_days", 6, "between 7 and 365"),
        ("review_interval_days", 366, "between 7 and 365"),
        ("stall_days", -1, "between 1 and 365"),
        ("plan_due_days", "30", "whole number"),
        ("plan_due_days", 30.0, "whole number"),
        ("plan_due_days", True, "whole number"),
        ("plan_due_days", None, "whole number"),
    ],
)
def test_bad_option_value_stops_registration(name: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        register({name: value})
    assert name in str(caught.value)


def test_unknown_option_stops_registration_and_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="plan_due_dayz") as caught:
        register({"plan_due_dayz": 10})
    assert "plan_due_days" in str(caught.value)


def test_host_start_up_fails_on_bad_options() -> None:
    with pytest.raises(ValueError, match="stall_days"):
        PluginHost.load(allow=["generic"], config=PluginConfig({"generic": {"stall_days": 0}}))


# --------------------------------------------------------------------------- reference data


def test_reference_data_codes_are_unique_and_named_in_english() -> None:
    jurisdiction = GenericJurisdiction()
    for items in (
        jurisdiction.benefit_types(),
        jurisdiction.intervention_types(),
        jurisdiction.assessment_kinds(),
    ):
        codes = [item.code for item in items]
        assert len(codes) == len(set(codes))
        assert all(item.names.get("en") for item in items)


def test_reference_data_contents() -> None:
    jurisdiction = GenericJurisdiction()
    benefits = {b.code: b for b in jurisdiction.benefit_types()}
    assert set(benefits) == {
        "SICKNESS_BENEFIT",
        "REHABILITATION_BENEFIT",
        "DISABILITY_BENEFIT",
        "UNEMPLOYMENT_BENEFIT",
    }
    assert benefits["DISABILITY_BENEFIT"].allowed_degrees == (25, 50, 75, 100)
    assert benefits["UNEMPLOYMENT_BENEFIT"].allowed_degrees == (100,)
    assert all(b.legal_reference and "ILO" in b.legal_reference for b in benefits.values())
    assert all(b.descriptions and b.descriptions.get("en") for b in benefits.values())
    interventions = {i.code: i for i in jurisdiction.intervention_types()}
    assert {
        "IPS",
        "WORK_TRIAL",
        "JOB_COACHING",
        "WORKPLACE_ADJUSTMENT",
        "VOCATIONAL_ASSESSMENT",
    } <= set(interventions)
    assert interventions["IPS"].max_duration_weeks is None  # time-unlimited support
    assert all(i.legal_reference for i in interventions.values())
    assert all(i.descriptions and i.descriptions.get("en") for i in interventions.values())
    kinds = {k.code for k in jurisdiction.assessment_kinds()}
    assert kinds == {"WORK_CAPACITY", "FUNCTIONAL", "MEDICAL_CERTIFICATE", "VOCATIONAL"}
    kinds = {kind.code: kind for kind in jurisdiction.document_kinds()}
    assert set(kinds) == {"RTW_PLAN", "FHIR_EXPORT"}
    assert kinds["RTW_PLAN"].audiences == (StakeholderType.PARTICIPANT, StakeholderType.EMPLOYER)
    assert all(kind.json_schema for kind in kinds.values())


def test_rules_are_unique_prefixed_described_and_referenced() -> None:
    rules = GenericJurisdiction().rules()
    codes = [rule.code for rule in rules]
    assert len(codes) == len(set(codes))
    assert all(code.startswith("GEN_") for code in codes)
    assert all(rule.descriptions.get("en") for rule in rules)
    assert all(rule.legal_reference for rule in rules)


# --------------------------------------------------------------------------- schema


def test_details_type_implements_the_contract_interface() -> None:
    details_type = GenericJurisdiction().details_type()
    assert details_type is not None
    assert details_type.__name__ == "GenericCaseDetails"
    assert issubclass(details_type, JurisdictionDetails)


def test_details_type_builds_into_a_schema_and_resolves() -> None:
    presented = GenericJurisdiction().present_details(_case_with_details())

    @strawberry.type
    class Query:
        @strawberry.field
        def details(self) -> JurisdictionDetails:
            return presented  # type: ignore[return-value]

    schema = strawberry.Schema(query=Query, types=[GenericJurisdiction().details_type()])
    result = schema.execute_sync(
        "{ details { jurisdictionCode ... on GenericCaseDetails "
        "{ referralSource expectedReturnDate planDueDays reviewIntervalDays } } }"
    )
    assert result.errors is None
    assert result.data == {
        "details": {
            "jurisdictionCode": "generic",
            "referralSource": "GP",
            "expectedReturnDate": "2026-04-01",
            "planDueDays": 21,
            "reviewIntervalDays": 90,
        }
    }


def _case_with_details() -> CaseFacts:
    return CaseFacts(
        id="case-1",
        reference="GEN-2026-000001",
        jurisdiction="generic",
        status=CaseStatus.OPEN,
        phase=ReturnToWorkPhase.OFF_WORK,
        employment_status=EmploymentStatus.EMPLOYED,
        has_employer=True,
        sick_leave_start=None,
        opened_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
        closed_at=None,
        participant=ParticipantFacts("p-1", "generic", None, None, "en"),
        details={"referralSource": "GP", "expectedReturnDate": "2026-04-01", "planDueDays": 21},
    )


# --------------------------------------------------------------------------- imports


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_plugin_imports_only_the_contract_from_the_platform() -> None:
    files = sorted(PLUGIN_DIR.rglob("*.py"))
    assert len(files) > 5
    offending = [
        f"{path.name}: {name}"
        for path in files
        for name in _imported_modules(path)
        if name.split(".")[0] == "vocrehab"
        and not (name == "vocrehab.hooks" or name.startswith("vocrehab.hooks."))
    ]
    assert offending == []


def test_plugin_imports_only_the_standard_library_strawberry_and_itself() -> None:
    allowed = set(sys.stdlib_module_names) | {"strawberry", "vocrehab", "vocrehab_generic"}
    offending = [
        f"{path.name}: {name}"
        for path in sorted(PLUGIN_DIR.rglob("*.py"))
        for name in _imported_modules(path)
        if name.split(".")[0] not in allowed
    ]
    assert offending == []
