"""FK 7804 questions 32 and 33: sick-leave periods and the placement of working time (R26).

At least one period; each ends on or after its first day, the periods do not
overlap, each degree (25, 50, 75, 100, R21) is used once. The placement of
working time (arbetstidsförläggning) is answered when any period is partial,
with a reason when the answer is yes and none when it is no; with full-time
periods only it is not answered (Inera sklintyg, lisjp
InternalDraftValidatorImpl: required when any period is below 100, otherwise
forbidden when any is 100).
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from vocrehab.hooks import Violation
from vocrehab_fk_se.fk7804_form import FK7804_KEY
from vocrehab_fk_se.reference import QUARTER_DEGREES
from vocrehab_fk_se.rules import violation

__all__ = ["check_periods", "check_working_time"]

_AT = ("details", FK7804_KEY)


def _filled(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_periods(cert: dict[str, Any]) -> list[Violation]:
    periods = cert.get("sjukskrivningar") or []
    at = (*_AT, "sjukskrivningar")
    if not periods:
        return [violation("FK7804_PERIODS", "Give at least one sick-leave period", at)]
    found = []
    for index, period in enumerate(periods):
        if not QUARTER_DEGREES.allows(period["grad"]):
            found.append(
                violation(
                    "FK_DEGREE",
                    f"Period {index + 1}: the degree is 25, 50, 75 or 100 percent, not {period['grad']}",
                    (*at, str(index), "grad"),
                )
            )
        if period["tom"] < period["from"]:
            found.append(
                violation(
                    "FK7804_PERIODS",
                    f"Period {index + 1} ends before it starts",
                    (*at, str(index), "tom"),
                )
            )
    valid = sorted((p["from"], p["tom"], i) for i, p in enumerate(periods) if p["from"] <= p["tom"])
    found += [
        violation(
            "FK7804_PERIODS", f"Periods {a[2] + 1} and {b[2] + 1} overlap", (*at, str(b[2]), "from")
        )
        for a, b in pairwise(valid)
        if b[0] <= a[1]
    ]
    grades = [p["grad"] for p in periods]
    if len(set(grades)) != len(grades):
        found.append(violation("FK7804_PERIODS", "Each degree is used in one period only", at))
    return found


def check_working_time(cert: dict[str, Any], waived: bool) -> list[Violation]:
    """Q33: answered when any period is partial; not answered when the periods are full only."""
    grades = {p["grad"] for p in cert.get("sjukskrivningar") or []}
    answer = cert.get("arbetstidsforlaggning")
    reason = _filled(cert.get("arbetstidsforlaggningMotivering"))
    at, at_reason = (*_AT, "arbetstidsforlaggning"), (*_AT, "arbetstidsforlaggningMotivering")
    if not waived and any(g < 100 for g in grades):
        if answer is None:
            problem = ("A partial period needs an answer on the placement of working time", at)
        elif answer and not reason:
            problem = ("Give the reason for the placement of working time", at_reason)
        elif not answer and reason:
            problem = ("No reason is given when the answer is no", at_reason)
        else:
            return []
    elif 100 in grades and (answer is not None or reason):
        problem = ("With full-time periods only, the placement of working time is not answered", at)
    else:
        return []
    return [violation("FK7804_WORKING_TIME", *problem)]
