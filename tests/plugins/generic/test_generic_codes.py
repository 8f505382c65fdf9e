"""Code formats (ICF, ICD-10, ICPC-2) and identifiers of the generic jurisdiction."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from vocrehab.hooks import (
    AssessmentFacts,
    CaseFacts,
    CaseStatus,
    DiagnosisFacts,
    EmploymentStatus,
    ParticipantFacts,
    RecordAssessment,
    ReturnToWorkPhase,
    Severity,
)
from vocrehab_generic import GenericJurisdiction
from vocrehab_generic.codes import (
    CodeSystem,
    check_icd10_code,
    check_icf_code,
    check_icpc2_code,
    code_system,
    icpc2_component,
)

GENERIC = GenericJurisdiction()
JAN = date(2026, 1, 1)


def make_case() -> CaseFacts:
    return CaseFacts(
        id="case-1",
        reference="GEN-2026-000001",
        jurisdiction="generic",
        status=CaseStatus.OPEN,
        phase=ReturnToWorkPhase.OFF_WORK,
        employment_status=EmploymentStatus.EMPLOYED,
        has_employer=True,
        sick_leave_start=None,
        opened_at=datetime(2026, 1, 1, 9, tzinfo=UTC),
        closed_at=None,
        participant=ParticipantFacts("p-1", "generic", None, None, "en"),
    )


# --------------------------------------------------------------------------- ICF


@pytest.mark.parametrize(
    "code",
    [
        "b1",  # a chapter
        "b130",
        "s73021",  # 5 digits: the longest
        "d4500.12",  # performance and capacity
        "s7300.213",  # extent, nature, location
        "e310+2",  # facilitator
        "e310.3",  # barrier
        "b280.0",
        "b280.4",
        "b280.8",
        "b280.9",
    ],
)
def test_well_formed_icf_codes(code: str) -> None:
    assert check_icf_code(code) is None


@pytest.mark.parametrize(
    "code",
    [
        "b",  # no digits
        "b123456",  # 6 digits
        "x130",  # not a component
        "B130",  # component letters are lower case
        "b130.",  # separator without qualifier
        "b130.5",  # 5, 6, 7 are not on the generic scale
        "b130.7",
        "d450+2",  # '+' only for environmental factors
        "d4500.12345",  # too many qualifier digits
        "b130 ",
    ],
)
def test_malformed_icf_codes(code: str) -> None:
    assert check_icf_code(code)


# --------------------------------------------------------------------------- ICD-10


@pytest.mark.parametrize("code", ["F32", "F32.1", "F321", "A070", "F43.21", "F4321", "U07.1"])
def test_well_formed_icd10_codes(code: str) -> None:
    assert check_icd10_code(code) is None


@pytest.mark.parametrize("code", ["f32", "F3", "F32.", "F32.123", "F32123", "32F", "FF2", ""])
def test_malformed_icd10_codes(code: str) -> None:
    assert check_icd10_code(code)


# --------------------------------------------------------------------------- ICPC-2


@pytest.mark.parametrize("code", ["A01", "L29", "A30", "K69", "L70", "L87", "P76", "Z99", "Y01"])
def test_well_formed_icpc2_codes(code: str) -> None:
    assert check_icpc2_code(code) is None


@pytest.mark.parametrize(
    "code",
    [
        "L00",  # in no component
        "C87",  # C, E, G, I, J, M, O, Q, V are not chapters
        "E01",
        "M54",
        "V01",
        "L8",
        "L870",
        "l87",
    ],
)
def test_malformed_icpc2_codes(code: str) -> None:
    assert check_icpc2_code(code)


@pytest.mark.parametrize(
    ("number", "component"),
    [
        (0, None),
        (1, "symptoms and complaints"),
        (29, "symptoms and complaints"),
        (30, "process codes"),
        (69, "process codes"),
        (70, "diagnoses and diseases"),
        (99, "diagnoses and diseases"),
    ],
)
def test_icpc2_components(number: int, component: str | None) -> None:
    assert icpc2_component(number) == component


# --------------------------------------------------------------------------- code systems


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ("ICD-10", CodeSystem.ICD10),
        ("icd-10", CodeSystem.ICD10),
        ("ICD10", CodeSystem.ICD10),
        ("ICD-10-SE", CodeSystem.ICD10),
        (" icd-10-se ", CodeSystem.ICD10),
        ("2.16.578.1.12.4.1.1.7110", CodeSystem.ICD10),
        ("urn:oid:2.16.578.1.12.4.1.1.7110", CodeSystem.ICD10),
        ("urn:oid:1.2.752.116.1.1.1.1.3", CodeSystem.ICD10),
        ("http://hl7.org/fhir/sid/icd-10", CodeSystem.ICD10),
        ("ICPC-2", CodeSystem.ICPC2),
        ("icpc2", CodeSystem.ICPC2),
        ("urn:oid:2.16.578.1.12.4.1.1.7170", CodeSystem.ICPC2),
        ("SNOMED-CT", None),
        ("ICD-11", None),
        ("", None),
    ],
)
def test_code_system_spellings(system: str, expected: CodeSystem | None) -> None:
    assert code_system(system) is expected


def test_an_oid_selects_the_format_the_code_is_checked_against() -> None:
    diagnoses = (
        DiagnosisFacts("urn:oid:2.16.578.1.12.4.1.1.7170", "L87"),  # ICPC-2: fine
        DiagnosisFacts("urn:oid:2.16.578.1.12.4.1.1.7170", "F32.1"),  # an ICD code as ICPC-2
    )
    record = RecordAssessment(
        AssessmentFacts(id="a-1", kind="FUNCTIONAL", assessed_at=JAN, diagnoses=diagnoses)
    )
    [violation] = GENERIC.evaluate(record, make_case())
    assert violation.code == "GEN_DIAGNOSIS_CODE_FORMAT"
    assert violation.field == ("diagnoses", "1", "code")
    assert violation.severity is Severity.ERROR


# --------------------------------------------------------------------------- identifiers


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("abcd", "ABCD"),
        ("123 456 789", "123456789"),
        ("  ab-12  ", "AB-12"),
        ("A" * 32, "A" * 32),
        ("1234", "1234"),
    ],
)
def test_identifier_accepted_and_normalized(value: str, normalized: str) -> None:
    for check in (GENERIC.validate_national_id, GENERIC.validate_organisation_number):
        result = check(value)
        assert result.valid
        assert result.normalized == normalized
        assert result.birth_date is None


@pytest.mark.parametrize(
    "value",
    [
        "abc",  # 3 characters
        "A" * 33,  # 33 characters
        "12.34.56",
        "12/34",
        "äöåø",
        "----",
        "",
    ],
)
def test_identifier_rejected_with_a_message(value: str) -> None:
    for check in (GENERIC.validate_national_id, GENERIC.validate_organisation_number):
        result = check(value)
        assert not result.valid
        assert result.normalized is None
        assert result.message
