"""Benefit periods: the rules on granting sykepenger, AAP and tiltakspenger.

- Every benefit: a known type, an allowed degree, no overlap with a period of
  the same type.
- Sykepenger (ftrl ch. 8): an employee's first 16 days are the employer's
  (R11); no days from the 70th birthday, at most 60 after the 67th (R9); at
  most 248 (250) days (R12).
- AAP (ftrl ch. 11): entry needs work capacity reduced by at least half, read
  from the latest assessment that states a work capacity (R17); below 40 % AAP
  the person works over 60 %, possible only in the one-time step-up; over 3
  years needs an extension decision, over 5 years is refused.
- Tiltakspenger: for participants in a measure, and not on top of sykepenger
  or AAP, which a participant keeps during the measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from itertools import combinations

from vocrehab.hooks import (
    BenefitFacts,
    BenefitTypeInfo,
    CaseFacts,
    EmploymentStatus,
    InterventionStatus,
    Violation,
)
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.reference import AAP, SYKEPENGER, TILTAKSPENGER, TILTAKSPENGER_MEASURES
from vocrehab_nav_no.rules import violation
from vocrehab_nav_no.sick_pay import (
    MAX_DAYS_AFTER_67,
    age_limits,
    employer_period_end,
    first_nav_day,
    leave_start,
    max_days,
    paid_days,
)
from vocrehab_nav_no.workdays import add_years

__all__ = [
    "AAP_ENTRY_MAX_CAPACITY",
    "AAP_ORDINARY_YEARS",
    "AAP_STEP_UP_DEGREE",
    "check_grant",
    "overlapping_periods",
    "periods_overlap",
]

AAP_ENTRY_MAX_CAPACITY = 50
AAP_STEP_UP_DEGREE = 40
"""Below 40 % AAP the person works more than 60 %: only in the one-time step-up (up to 80 %)."""
AAP_ORDINARY_YEARS, AAP_EXTENSION_YEARS = 3, 2
_RUNNING = frozenset({InterventionStatus.REFERRED, InterventionStatus.ACTIVE})


def periods_overlap(a: BenefitFacts, b: BenefitFacts) -> bool:
    a_end, b_end = a.end_date or date.max, b.end_date or date.max
    return a.start_date <= b_end and b.start_date <= a_end


def _others(benefit: BenefitFacts, case: CaseFacts, code: str) -> list[BenefitFacts]:
    return [b for b in case.benefits if b.benefit_type_code == code and b.id != benefit.id]


def check_grant(
    benefit: BenefitFacts, case: CaseFacts, types: Mapping[str, BenefitTypeInfo]
) -> list[Violation]:
    kind = types.get(benefit.benefit_type_code)
    if kind is None:
        return [violation("NO_BENEFIT_UNKNOWN_TYPE", f"{benefit.benefit_type_code!r} is not a "
                          f"Norwegian benefit type (known: {', '.join(types)})",
                          field=("benefitTypeCode",))]  # fmt: skip
    found: list[Violation] = []
    if benefit.degree not in kind.allowed_degrees:
        low, high = kind.allowed_degrees[0], kind.allowed_degrees[-1]
        found.append(violation("NO_BENEFIT_DEGREE", f"{kind.names['en']} is granted at {low} to "
                               f"{high} %, not {benefit.degree} %", field=("degree",),
                               legal_reference=kind.legal_reference))  # fmt: skip
    found += [
        violation("NO_BENEFIT_OVERLAP", f"The period overlaps the {kind.names['en']} period from "
                  f"{other.start_date} to {other.end_date or 'open end'}", field=("startDate",))
        for other in _others(benefit, case, kind.code) if periods_overlap(benefit, other)
    ]  # fmt: skip
    checks = {SYKEPENGER: _sykepenger, AAP: _aap, TILTAKSPENGER: _tiltakspenger}
    return found + checks[kind.code](benefit, case) if kind.code in checks else found


# --------------------------------------------------------------------------- sykepenger


def _sykepenger(benefit: BenefitFacts, case: CaseFacts) -> list[Violation]:
    found: list[Violation] = []
    start = leave_start(case, read_record(case))
    employee = case.employment_status is EmploymentStatus.EMPLOYED
    if employee and start is not None and benefit.start_date < first_nav_day(start):
        found.append(violation("NO_SYKEPENGER_EMPLOYER_PERIOD", f"The sick leave started {start}: "
                               f"the employer pays until {employer_period_end(start)}, NAV from "
                               f"{first_nav_day(start)}", field=("startDate",)))  # fmt: skip
    found += _age_rules(benefit, case)
    periods = [*_others(benefit, case, SYKEPENGER), benefit]
    if benefit.end_date is not None:
        window = add_years(benefit.end_date, -3)
        used = paid_days(p for p in periods if p.end_date is None or p.end_date >= window)
        limit = max_days(case.employment_status)
        if used > limit:
            found.append(violation("NO_SYKEPENGER_MAX_DAYS", f"{used} sick-pay days within three "
                                   f"years; NAV pays at most {limit}", field=("endDate",)))  # fmt: skip
    return found


def _age_rules(benefit: BenefitFacts, case: CaseFacts) -> list[Violation]:
    birth = case.participant.birth_date
    if birth is None:
        return []
    limit_from, seventy = age_limits(birth)
    last = benefit.end_date or benefit.start_date
    if last >= seventy:
        field = "startDate" if benefit.start_date >= seventy else "endDate"
        return [violation("NO_SYKEPENGER_AGE_70", f"The participant turns 70 on {seventy}: no "
                          "sykepenger from that day", field=(field,))]  # fmt: skip
    periods = [*_others(benefit, case, SYKEPENGER), benefit]
    after_67 = paid_days(
        (p for p in periods if p.end_date and p.end_date >= limit_from), limit_from
    )
    if after_67 > MAX_DAYS_AFTER_67:
        return [violation("NO_SYKEPENGER_AGE_67", f"{after_67} sick-pay days after the 67th "
                          f"birthday; at most {MAX_DAYS_AFTER_67}", field=("endDate",))]  # fmt: skip
    return []


# --------------------------------------------------------------------------- AAP


def _latest_capacity(case: CaseFacts) -> tuple[date, int] | None:
    stated = [(a.assessed_at, i, a.work_capacity_percent) for i, a in enumerate(case.assessments)
              if a.work_capacity_percent is not None]  # fmt: skip
    if not stated:
        return None
    day, _, capacity = max(stated)
    assert capacity is not None
    return day, capacity


def _aap(benefit: BenefitFacts, case: CaseFacts) -> list[Violation]:
    found: list[Violation] = []
    earlier = _others(benefit, case, AAP)
    if not earlier:  # entry into AAP
        latest = _latest_capacity(case)
        if latest is None or latest[1] > AAP_ENTRY_MAX_CAPACITY:
            what = (
                "no assessment states a work capacity"
                if latest is None
                else (f"the latest assessment ({latest[0]}) gives {latest[1]} % work capacity")
            )
            found.append(violation("NO_AAP_REDUCED_CAPACITY", f"AAP needs work capacity reduced "
                                   f"by at least half (at most {AAP_ENTRY_MAX_CAPACITY} % left); "
                                   f"{what}", field=("benefitTypeCode",)))  # fmt: skip
    if 20 <= benefit.degree < AAP_STEP_UP_DEGREE:
        found.append(violation("NO_AAP_STEP_UP", f"AAP at {benefit.degree} % means working "
                               f"{100 - benefit.degree} %: only during the one-time step-up of "
                               "at most 12 months", field=("degree",)))  # fmt: skip
    found += _aap_duration(benefit, earlier)
    return found


def _aap_duration(benefit: BenefitFacts, earlier: Iterable[BenefitFacts]) -> list[Violation]:
    periods = [*earlier, benefit]
    if any(p.end_date is None for p in periods):
        return []
    first = min(p.start_date for p in periods)
    days = sum((p.end_date - p.start_date).days + 1 for p in periods if p.end_date)
    ordinary = (add_years(first, AAP_ORDINARY_YEARS) - first).days
    longest = (add_years(first, AAP_ORDINARY_YEARS + AAP_EXTENSION_YEARS) - first).days
    if days > longest:
        return [violation("NO_AAP_MAX_DURATION", f"{days} days of AAP from {first}; at most "
                          f"{longest} (3 + 2 years)", field=("endDate",))]  # fmt: skip
    if days > ordinary:
        return [violation("NO_AAP_DURATION_EXCEPTION", f"{days} days of AAP from {first}: over "
                          f"the ordinary {ordinary} (3 years), which needs an extension decision",
                          field=("endDate",))]  # fmt: skip
    return []


# --------------------------------------------------------------------------- tiltakspenger


def _tiltakspenger(benefit: BenefitFacts, case: CaseFacts) -> list[Violation]:
    found: list[Violation] = []
    if not any(i.type_code in TILTAKSPENGER_MEASURES and i.status in _RUNNING
               for i in case.interventions):  # fmt: skip
        found.append(violation("NO_TILTAKSPENGER_NEEDS_MEASURE", "No referred or active measure "
                               "that gives tiltakspenger (avklaring, arbeidstrening, oppfølging, "
                               "arbeidsrettet rehabilitering)", field=("benefitTypeCode",)))  # fmt: skip
    if any(b.benefit_type_code in {SYKEPENGER, AAP} and periods_overlap(benefit, b)
           for b in case.benefits):  # fmt: skip
        found.append(violation("NO_TILTAKSPENGER_WITH_BENEFIT", "The participant has sykepenger "
                               "or AAP in this period and keeps it during the measure",
                               field=("startDate",)))  # fmt: skip
    return found


def overlapping_periods(case: CaseFacts) -> list[Violation]:
    ordered = sorted(case.benefits, key=lambda b: (b.benefit_type_code, b.start_date, b.id))
    return [
        violation("NO_BENEFIT_OVERLAP", f"Two {a.benefit_type_code} periods overlap: from "
                  f"{a.start_date} and from {b.start_date}")
        for a, b in combinations(ordered, 2)
        if a.benefit_type_code == b.benefit_type_code and periods_overlap(a, b)
    ]  # fmt: skip
