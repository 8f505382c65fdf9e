"""Format checks for clinical codes: ICF, ICD-10 and ICPC-2.

These check the shape of a code, not that it exists in the classification:
the generic jurisdiction ships no code lists. A wrong shape is almost always a
typing mistake (a lower-case ICD letter, an ICF qualifier out of the scale), so
catching it when an assessment is recorded keeps the case record usable.

Each check returns None for a well-formed code, or a message saying what is
wrong, so the caller decides how to report it.
"""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = [
    "CodeSystem",
    "check_diagnosis_code",
    "check_icd10_code",
    "check_icf_code",
    "check_icpc2_code",
    "code_system",
    "icpc2_component",
]


class CodeSystem(StrEnum):
    ICD10 = "ICD-10"
    ICPC2 = "ICPC-2"


# Spellings of a code system that mean one of the systems above, after
# `_normalize_system`: names, national variants with the same code shape,
# OIDs (Norwegian ICD-10 and ICPC-2, Swedish ICD-10-SE) and the FHIR URI.
_SYSTEM_ALIASES: dict[str, CodeSystem] = {
    "ICD-10": CodeSystem.ICD10,
    "ICD10": CodeSystem.ICD10,
    "ICD-10-SE": CodeSystem.ICD10,
    "2.16.578.1.12.4.1.1.7110": CodeSystem.ICD10,
    "1.2.752.116.1.1.1.1.3": CodeSystem.ICD10,
    "HTTP://HL7.ORG/FHIR/SID/ICD-10": CodeSystem.ICD10,
    "ICPC-2": CodeSystem.ICPC2,
    "ICPC2": CodeSystem.ICPC2,
    "2.16.578.1.12.4.1.1.7170": CodeSystem.ICPC2,
}


def _normalize_system(system: str) -> str:
    text = system.strip().upper()
    return text.removeprefix("URN:OID:")


def code_system(system: str) -> CodeSystem | None:
    """The code system a diagnosis names, or None when the generic plugin cannot check it."""
    return _SYSTEM_ALIASES.get(_normalize_system(system))


# --------------------------------------------------------------------------- ICF

_ICF = re.compile(r"^(?P<component>[bsde])[0-9]{1,5}(?:(?P<sep>[.+])(?P<qualifiers>[0-9]{1,4}))?$")
_ICF_GENERIC_SCALE = frozenset("0123489")
"""0 no problem, 1 mild, 2 moderate, 3 severe, 4 complete, 8 not specified, 9 not applicable."""


def check_icf_code(code: str) -> str | None:
    """An ICF code: component letter, 1-5 digits, optional qualifiers after '.' or '+'.

    The first qualifier uses the generic scale; later ones (e.g. the nature and
    location of a body-structure impairment) have scales of their own and are
    only checked to be digits. '+' marks a facilitator and exists only for
    environmental factors (e).
    """
    match = _ICF.match(code)
    if match is None:
        return (
            f"{code!r} is not an ICF code: expected b, s, d or e followed by 1 to 5 digits "
            "and optional qualifiers, e.g. b130, d4500.12 or e310+2"
        )
    if match["sep"] == "+" and match["component"] != "e":
        return f"{code!r}: '+' (facilitator) is only used with environmental factors (e)"
    qualifiers = match["qualifiers"]
    if qualifiers and qualifiers[0] not in _ICF_GENERIC_SCALE:
        return f"{code!r}: the first qualifier must be 0-4, 8 or 9, got {qualifiers[0]}"
    return None


# --------------------------------------------------------------------------- ICD-10

_ICD10 = re.compile(r"^[A-Z][0-9]{2}(\.?[0-9A-Z]{1,2})?$")


def check_icd10_code(code: str) -> str | None:
    """An ICD-10 code: letter, two digits, optional one- or two-character extension.

    The dot is optional because national variants drop it (A070 for A07.0).
    """
    if _ICD10.match(code):
        return None
    return (
        f"{code!r} is not an ICD-10 code: expected an upper-case letter, two digits and "
        "an optional extension, e.g. F32, F32.1 or F321"
    )


# --------------------------------------------------------------------------- ICPC-2

ICPC2_CHAPTERS = frozenset("ABDFHKLNPRSTUWXYZ")
ICPC2_COMPONENTS: tuple[tuple[int, int, str], ...] = (
    (1, 29, "symptoms and complaints"),
    (30, 69, "process codes"),
    (70, 99, "diagnoses and diseases"),
)
_ICPC2 = re.compile(r"^(?P<chapter>[A-Z])(?P<number>[0-9]{2})$")


def icpc2_component(number: int) -> str | None:
    """The ICPC-2 component a two-digit code number falls in, or None (00)."""
    return next((name for low, high, name in ICPC2_COMPONENTS if low <= number <= high), None)


def check_icpc2_code(code: str) -> str | None:
    """An ICPC-2 code: one of the 17 chapter letters and a number in a component (01-99)."""
    match = _ICPC2.match(code)
    if match is None:
        return f"{code!r} is not an ICPC-2 code: expected a chapter letter and two digits, e.g. L87"
    if match["chapter"] not in ICPC2_CHAPTERS:
        chapters = ", ".join(sorted(ICPC2_CHAPTERS))
        return f"{code!r}: {match['chapter']} is not an ICPC-2 chapter ({chapters})"
    if icpc2_component(int(match["number"])) is None:
        return f"{code!r}: {match['number']} is in no ICPC-2 component (01-29, 30-69, 70-99)"
    return None


def check_diagnosis_code(system: CodeSystem, code: str) -> str | None:
    """Check a code against the format of its (known) code system."""
    if system is CodeSystem.ICD10:
        return check_icd10_code(code)
    return check_icpc2_code(code)
