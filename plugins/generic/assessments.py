"""Assessments: the rules on recording one (its kind, period, capacity and codes)."""

from __future__ import annotations

from collections.abc import Collection

from vocrehab.hooks import AssessmentFacts, DiagnosisFacts, Violation
from vocrehab_generic import sources
from vocrehab_generic.codes import CodeSystem, check_diagnosis_code, check_icf_code, code_system
from vocrehab_generic.rules import violation

__all__ = ["check_assessment"]


def check_assessment(assessment: AssessmentFacts, kinds: Collection[str]) -> list[Violation]:
    """Every rule on a recorded assessment; `kinds` are the known assessment kind codes."""
    found = _check_record(assessment, kinds)
    for index, code in enumerate(assessment.icf_codes):
        problem = check_icf_code(code)
        if problem:
            found.append(violation("GEN_ICF_CODE_FORMAT", problem, field=("icfCodes", str(index))))
    for index, diagnosis in enumerate(assessment.diagnoses):
        found.extend(_check_diagnosis(index, diagnosis))
    return found


def _check_record(assessment: AssessmentFacts, kinds: Collection[str]) -> list[Violation]:
    found: list[Violation] = []
    if assessment.kind not in kinds:
        found.append(
            violation(
                "GEN_ASSESSMENT_UNKNOWN_KIND",
                f"{assessment.kind!r} is not an assessment kind of this jurisdiction "
                f"(known: {', '.join(kinds)})",
                field=("kind",),
            )
        )
    valid_from, valid_to = assessment.valid_from, assessment.valid_to
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        found.append(
            violation(
                "GEN_ASSESSMENT_VALIDITY",
                f"The assessment is valid to {valid_to}, before it is valid from {valid_from}",
                field=("validTo",),
            )
        )
    capacity = assessment.work_capacity_percent
    if capacity is not None and not 0 <= capacity <= 100:
        found.append(
            violation(
                "GEN_WORK_CAPACITY_RANGE",
                f"Work capacity must be between 0 and 100 percent, got {capacity}",
                field=("workCapacityPercent",),
            )
        )
    return found


def _check_diagnosis(index: int, diagnosis: DiagnosisFacts) -> list[Violation]:
    system = code_system(diagnosis.system)
    if system is None:
        return [
            violation(
                "GEN_DIAGNOSIS_SYSTEM_UNKNOWN",
                f"Code system {diagnosis.system!r} is not checked by the generic jurisdiction "
                "(known: ICD-10, ICD-10-SE, ICPC-2 and their OIDs); the code is kept as given",
                field=("diagnoses", str(index), "system"),
            )
        ]
    problem = check_diagnosis_code(system, diagnosis.code)
    if problem is None:
        return []
    reference = sources.WHO_ICD10 if system is CodeSystem.ICD10 else sources.WONCA_ICPC2
    return [
        violation(
            "GEN_DIAGNOSIS_CODE_FORMAT",
            problem,
            field=("diagnoses", str(index), "code"),
            legal_reference=reference,
        )
    ]
