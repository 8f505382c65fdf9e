"""Benefit periods: the rules on granting and ending them, and overlaps in a case.

A person receives one benefit of a kind at a time; a change of degree is a new
period after the old one ends. Overlapping periods of one type would mean paying
twice for the same days, so they are errors, both when a grant is proposed and
when a case that already holds them is assessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from itertools import combinations

from vocrehab.hooks import BenefitFacts, BenefitTypeInfo, CaseFacts, Violation
from vocrehab_generic.rules import violation

__all__ = ["check_end", "check_grant", "overlapping_periods"]


def check_grant(
    benefit: BenefitFacts, case: CaseFacts, types: Mapping[str, BenefitTypeInfo]
) -> list[Violation]:
    """Rules on a proposed benefit period, against the case's existing periods."""
    benefit_type = types.get(benefit.benefit_type_code)
    if benefit_type is None:
        return [
            violation(
                "GEN_BENEFIT_UNKNOWN_TYPE",
                f"{benefit.benefit_type_code!r} is not a benefit type of this jurisdiction "
                f"(known: {', '.join(types)})",
                field=("benefitTypeCode",),
            )
        ]
    # The degree is the platform's to check, against the type's `degrees`.
    found = check_end(benefit, benefit.end_date)
    found.extend(
        violation(
            "GEN_BENEFIT_OVERLAP",
            f"The period overlaps the {benefit_type.names['en'].lower()} period from "
            f"{other.start_date} to {other.end_date or 'open end'}; end that period first",
            field=("startDate",),
        )
        for other in _same_type(benefit, case.benefits)
        if benefit.overlaps(other)
    )
    return found


def check_end(benefit: BenefitFacts, end_date: date | None) -> list[Violation]:
    """A period (new, or being ended on `end_date`) does not end before it starts."""
    if end_date is None or end_date >= benefit.start_date:
        return []
    return [
        violation(
            "GEN_BENEFIT_DATES",
            f"The benefit period ends ({end_date}) before it starts ({benefit.start_date})",
            field=("endDate",),
        )
    ]


def _same_type(benefit: BenefitFacts, others: Iterable[BenefitFacts]) -> list[BenefitFacts]:
    return [
        other
        for other in others
        if other.benefit_type_code == benefit.benefit_type_code and other.id != benefit.id
    ]


def overlapping_periods(case: CaseFacts) -> list[Violation]:
    """One violation per pair of overlapping periods of one type already in the case."""
    ordered = sorted(case.benefits, key=lambda b: (b.benefit_type_code, b.start_date, b.id))
    return [
        violation(
            "GEN_BENEFIT_OVERLAP",
            f"Two {a.benefit_type_code} periods overlap: from {a.start_date} to "
            f"{a.end_date or 'open end'} and from {b.start_date} to {b.end_date or 'open end'}",
        )
        for a, b in combinations(ordered, 2)
        if a.benefit_type_code == b.benefit_type_code and a.overlaps(b)
    ]
