"""Work capacity as the latest assessment gives it, and the 25 % threshold for interventions.

Field evidence (the psychiatry study in the sources): work-oriented
interventions of Försäkringskassan and the employment service need at least
25 % work capacity, a quarter being the smallest step of sickness benefit;
below that, in practice only municipal activity centres are open. Proposing
or starting one below 25 % is reported as a WARNING, not refused: the
threshold is practice, not law.

The capacity comes from the latest assessment that states one: its remaining
work capacity if recorded, or, for an FK 7804 without one, 100 minus the
degree of sick leave in force on the certificate's date (or its first period).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vocrehab.hooks import AssessmentFacts, CaseFacts, InterventionFacts, Violation
from vocrehab_fk_se.fk7804_form import FK7804_KEY
from vocrehab_fk_se.reference import FK7804_KIND, WORK_ORIENTED
from vocrehab_fk_se.rules import violation

__all__ = ["MIN_WORK_CAPACITY", "capacity_of", "check_capacity", "latest_capacity"]

MIN_WORK_CAPACITY = 25


def capacity_of(assessment: AssessmentFacts) -> int | None:
    if assessment.work_capacity_percent is not None:
        return assessment.work_capacity_percent
    cert = assessment.details.get(FK7804_KEY)
    if assessment.kind != FK7804_KIND or not isinstance(cert, Mapping):
        return None
    periods: list[Mapping[str, Any]] = [
        p for p in cert.get("sjukskrivningar") or () if isinstance(p, Mapping)
    ]
    day = assessment.assessed_at.isoformat()
    current = [p for p in periods if str(p.get("from")) <= day <= str(p.get("tom"))]
    chosen = (current or sorted(periods, key=lambda p: str(p.get("from"))))[:1]
    grade = chosen[0].get("grad") if chosen else None
    return 100 - grade if isinstance(grade, int) and 0 <= grade <= 100 else None


def latest_capacity(case: CaseFacts) -> tuple[int, AssessmentFacts] | None:
    """The capacity of the most recent assessment that states one, with that assessment."""
    dated = sorted(case.assessments, key=lambda a: (a.assessed_at, a.id), reverse=True)
    for assessment in dated:
        capacity = capacity_of(assessment)
        if capacity is not None:
            return capacity, assessment
    return None


def check_capacity(intervention: InterventionFacts, case: CaseFacts) -> list[Violation]:
    """FK_WORK_CAPACITY_BELOW_25 for a work-oriented intervention on a case below 25 %."""
    if intervention.type_code not in WORK_ORIENTED:
        return []
    latest = latest_capacity(case)
    if latest is None or latest[0] >= MIN_WORK_CAPACITY:
        return []
    capacity, assessment = latest
    return [
        violation(
            "FK_WORK_CAPACITY_BELOW_25",
            f"{intervention.type_code} needs at least {MIN_WORK_CAPACITY} % work capacity; the "
            f"latest assessment ({assessment.assessed_at}) gives {capacity} %. Consider a "
            "municipal activity centre or a coordination association first",
            ("typeCode",),
        )
    ]
