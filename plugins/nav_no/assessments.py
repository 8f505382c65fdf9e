"""Assessments: the rules on recording one, and the diagnosis rules of a sick note (R8).

A sick note's diagnosis is coded in ICPC-2 (OID 2.16.578.1.12.4.1.1.7170) or
ICD-10 (OID 2.16.578.1.12.4.1.1.7110); a main diagnosis in ICPC-2 chapter Z
(social problems) gives no right to sykepenger (ftrl § 8-4); without a main
diagnosis, the note needs another legal absence reason (assessment details
`otherAbsenceReason`). Only the format of a code is checked: the platform
ships no code lists, so "the code exists" is left to NAV's own intake.
The diagnoses live in assessments, which only roles that see medical data
can read, never in the case details, which the employer sees.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from vocrehab.hooks import AssessmentFacts, DiagnosisFacts, Violation
from vocrehab_nav_no.reference import SICK_NOTE_KIND
from vocrehab_nav_no.rules import violation

__all__ = ["check_assessment", "code_system"]

ICPC2, ICD10 = "ICPC-2", "ICD-10"
_SYSTEMS = {
    "ICPC-2": ICPC2, "ICPC2": ICPC2, "2.16.578.1.12.4.1.1.7170": ICPC2,
    "ICD-10": ICD10, "ICD10": ICD10, "2.16.578.1.12.4.1.1.7110": ICD10,
}  # fmt: skip
_FORMATS = {
    ICPC2: re.compile(r"^[A-Z][0-9]{2}$"),
    ICD10: re.compile(r"^[A-Z][0-9]{2}(\.?[0-9A-Z]{1,2})?$"),
}


def code_system(system: str) -> str | None:
    """ICPC-2 or ICD-10 for the names and OIDs NAV uses, else None."""
    return _SYSTEMS.get(system.strip().upper().removeprefix("URN:OID:"))


def check_assessment(assessment: AssessmentFacts, kinds: Collection[str]) -> list[Violation]:
    found: list[Violation] = []
    if assessment.kind not in kinds:
        found.append(violation("NO_ASSESSMENT_UNKNOWN_KIND", f"{assessment.kind!r} is not a "
                               f"Norwegian assessment kind (known: {', '.join(kinds)})",
                               field=("kind",)))  # fmt: skip
    capacity = assessment.work_capacity_percent
    if capacity is not None and not 0 <= capacity <= 100:
        found.append(violation("NO_WORK_CAPACITY_RANGE", f"Work capacity must be 0 to 100 %, got "
                               f"{capacity}", field=("workCapacityPercent",)))  # fmt: skip
    if assessment.kind == SICK_NOTE_KIND:
        found += _sick_note_diagnoses(assessment)
    return found


def _sick_note_diagnoses(assessment: AssessmentFacts) -> list[Violation]:
    if not assessment.diagnoses:
        if assessment.details.get("otherAbsenceReason"):
            return []
        return [violation("NO_DIAGNOSIS_MISSING", "A sick note needs a main diagnosis or another "
                          "absence reason (details.otherAbsenceReason)", field=("diagnoses",))]  # fmt: skip
    found: list[Violation] = []
    for index, diagnosis in enumerate(assessment.diagnoses):
        found += _diagnosis(index, diagnosis)
    main = assessment.diagnoses[0]
    if code_system(main.system) == ICPC2 and main.code.startswith("Z"):
        found.append(violation("NO_DIAGNOSIS_ICPC2_Z", f"{main.code} is an ICPC-2 Z diagnosis "
                               "(social problems): no right to sykepenger",
                               field=("diagnoses", "0", "code")))  # fmt: skip
    return found


def _diagnosis(index: int, diagnosis: DiagnosisFacts) -> list[Violation]:
    system = code_system(diagnosis.system)
    if system is None:
        return [violation("NO_DIAGNOSIS_CODE_SYSTEM", f"{diagnosis.system!r} is neither ICPC-2 "
                          "nor ICD-10", field=("diagnoses", str(index), "system"))]  # fmt: skip
    if _FORMATS[system].match(diagnosis.code):
        return []
    return [violation("NO_DIAGNOSIS_CODE_FORMAT", f"{diagnosis.code!r} is not an {system} code",
                      field=("diagnoses", str(index), "code"))]  # fmt: skip
