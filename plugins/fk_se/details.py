"""The `details` JSON of Swedish cases, assessments and interventions: validation and reading.

Case details hold what the core case does not: the sick periods (from the
certificates), the doctor's forecast of how long work capacity stays reduced,
the employer's plan for return to work and its sick report to
Försäkringskassan, the exceptions recorded for the
rehabilitation chain, Försäkringskassan's decision on keeping the normal
benefit level, and the reconciliation meetings (see `reconciliation`). Assessment details hold the FK 7804 certificate under
the key `fk7804` (the key identifies it, since `validate_details` is not told
the assessment's kind), or the basis a Försäkringskassan work-capacity
assessment was made on. Interventions have no Swedish details.

Unknown keys are errors: a misspelt key would be stored and silently ignored.
Shape and type problems are FK_DETAILS_INVALID; a degree that is not a quarter
is FK_DEGREE and overlapping sick periods FK_SICK_PERIOD, with their legal
references. The case-level rules that need the assessment's kind or the case
(FK 7804 content, the chain's basis) run in `evaluate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from vocrehab.hooks import CaseFacts, DetailsCheck, DetailsTarget, Violation
from vocrehab_fk_se import values as v
from vocrehab_fk_se.fk7804_form import FK7804_KEY, read_fk7804
from vocrehab_fk_se.reconciliation import (
    MEETING_FIELD,
    ReconciliationMeeting,
    meetings_of,
    read_meetings,
)
from vocrehab_fk_se.reference import QUARTER_DEGREES
from vocrehab_fk_se.rules import violation
from vocrehab_fk_se.sick_leave import SickPeriod
from vocrehab_fk_se.vocabulary import AssessmentBasis, ChainException, EmployerPlanDecision

__all__ = [
    "MAX_SICK_PERIODS",
    "MAX_SICK_REPORTS",
    "CaseDetails",
    "stored_details",
    "validate_details",
]

MAX_SICK_PERIODS = 100
MAX_SICK_REPORTS = 100

_SICK_PERIOD = v.record(
    {"start": v.iso_date, "end": v.iso_date, "degree": v.whole_number(0, 100)},
    required=("start", "end", "degree"),
)
_CASE_FIELDS: Mapping[str, v.Reader] = {
    "sickPeriods": v.list_of(_SICK_PERIOD, MAX_SICK_PERIODS),
    "expectedDuration": v.record(
        {"days": v.whole_number(1, 36500), "assessedOn": v.iso_date},  # a century at most
        required=("days", "assessedOn"),
    ),
    "employerPlan": v.record(
        {"status": v.choice(EmployerPlanDecision), "on": v.iso_date}, required=("status", "on")
    ),
    "chainExceptions": v.list_of(v.choice(ChainException), len(ChainException)),
    "employerSickReports": v.list_of(v.iso_date, MAX_SICK_REPORTS),
    MEETING_FIELD: read_meetings,
    "normalLevelDecision": v.record(
        {"keepsNormalLevel": v.boolean, "decidedOn": v.iso_date},
        required=("keepsNormalLevel", "decidedOn"),
    ),
}
_ASSESSMENT_FIELDS: Mapping[str, v.Reader] = {
    FK7804_KEY: read_fk7804,
    "basis": v.choice(AssessmentBasis),
}
_FIELDS: Mapping[str, Mapping[str, v.Reader]] = {
    "case": _CASE_FIELDS,
    "assessment": _ASSESSMENT_FIELDS,
    "intervention": {},
}


def validate_details(target: DetailsTarget, details: Mapping[str, Any]) -> DetailsCheck:
    """Normalize `details`, reporting every problem; the value keeps only what passed."""
    if not isinstance(details, Mapping):
        return DetailsCheck({}, (violation("FK_DETAILS_INVALID", "Details must be a JSON object"),))
    readers = _FIELDS[target]
    value: dict[str, Any] = {}
    problems: list[Violation] = []
    for key, raw in details.items():
        reader = readers.get(key)
        if reader is None:
            allowed = ", ".join(readers) or "none"
            problems.append(violation(
                "FK_DETAILS_UNKNOWN_FIELD",
                f"{key} is not a details field of a Swedish {target} (allowed: {allowed})",
                field=(str(key),),
            ))  # fmt: skip
        elif raw is None:
            value[key] = None
        else:
            try:
                value[key] = reader(raw)
            except v.Invalid as exc:
                problems.append(_problem(exc.inside(key)))
    if target == "case":
        problems.extend(_check_sick_periods(value))
        if value.get("chainExceptions"):
            value["chainExceptions"] = sorted(set(value["chainExceptions"]))
    return DetailsCheck(value, tuple(problems))


def stored_details(case: CaseFacts) -> dict[str, Any]:
    """The case's details as plain JSON a command can change (snapshots are frozen)."""
    return dict(validate_details("case", case.details).value)


def _problem(exc: v.Invalid) -> Violation:
    code = "FK_DETAILS_UNKNOWN_FIELD" if isinstance(exc, v.UnknownField) else "FK_DETAILS_INVALID"
    return violation(code, f"{'.'.join(exc.path)} {exc.message}", field=exc.path)


def _check_sick_periods(value: dict[str, Any]) -> list[Violation]:
    """Quarters, dates in order and no shared day; bad periods are dropped from the value."""
    periods = value.get("sickPeriods")
    if not periods:
        return []
    found: list[Violation] = []
    for index, period in enumerate(periods):
        at = ("sickPeriods", str(index))
        if not QUARTER_DEGREES.allows(period["degree"]):
            found.append(violation(
                "FK_DEGREE",
                f"Sick period {index + 1}: the degree is 25, 50, 75 or 100 percent, not {period['degree']}",
                field=(*at, "degree"),
            ))  # fmt: skip
        if period["end"] < period["start"]:
            found.append(violation(
                "FK_SICK_PERIOD",
                f"Sick period {index + 1} ends ({period['end']}) before it starts ({period['start']})",
                field=(*at, "end"),
            ))  # fmt: skip
    # ISO dates (YYYY-MM-DD) compare as the dates they name.
    ordered = sorted(range(len(periods)), key=lambda i: periods[i]["start"])
    for first, second in pairwise(ordered):
        if periods[second]["start"] <= periods[first]["end"]:
            found.append(violation(
                "FK_SICK_PERIOD",
                f"Sick periods {first + 1} and {second + 1} share days "
                f"({periods[second]['start']} to {periods[first]['end']})",
                field=("sickPeriods", str(second), "start"),
            ))  # fmt: skip
    if found:
        del value["sickPeriods"]
    else:
        value["sickPeriods"] = [periods[i] for i in ordered]
    return found


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class CaseDetails:
    """A case's details as the rest of the plugin reads them."""

    sick_periods: tuple[SickPeriod, ...] = ()
    expected_days: int | None = None
    expected_assessed_on: date | None = None
    plan_decision: EmployerPlanDecision | None = None
    plan_decided_on: date | None = None
    exceptions: frozenset[ChainException] = frozenset()
    sick_reports: tuple[date, ...] = ()
    """The days the employer reported the sick leave to Försäkringskassan."""
    normal_level_kept: bool | None = None
    """Försäkringskassan's decision on keeping the normal level after 364 days (None: none)."""
    normal_level_decided_on: date | None = None
    meetings: tuple[ReconciliationMeeting, ...] = ()

    @classmethod
    def of(cls, case: CaseFacts) -> CaseDetails:
        """Read stored details; anything that would not validate counts as absent."""
        value = validate_details("case", case.details).value
        expected = value.get("expectedDuration") or {}
        plan = value.get("employerPlan") or {}
        level = value.get("normalLevelDecision") or {}
        return cls(
            sick_periods=tuple(
                SickPeriod(
                    date.fromisoformat(p["start"]), date.fromisoformat(p["end"]), p["degree"]
                )
                for p in value.get("sickPeriods") or ()
            ),
            expected_days=expected.get("days"),
            expected_assessed_on=_date(expected.get("assessedOn")),
            plan_decision=EmployerPlanDecision(plan["status"]) if plan else None,
            plan_decided_on=_date(plan.get("on")),
            exceptions=frozenset(ChainException(e) for e in value.get("chainExceptions") or ()),
            sick_reports=tuple(
                sorted(date.fromisoformat(d) for d in value.get("employerSickReports") or ())
            ),
            normal_level_kept=level.get("keepsNormalLevel"),
            normal_level_decided_on=_date(level.get("decidedOn")),
            meetings=meetings_of(value),
        )


def _date(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None
