"""Benefit periods: the rules on granting sykepenger, AAP and tiltakspenger.

- Every benefit: a known type, no overlap with a period of the same type (the
  platform refuses a degree the type's `degrees` do not allow).
- Sykepenger (ftrl ch. 8): an employee's first 16 days are the employer's
  (R11); no days from the 70th birthday, at most 60 after the 67th (R9); at
  most 248 days (250 for other members, 260 when NAV paid the employer period),
  and after the maximum a new period only after 26 weeks fully fit (R12).
- AAP (ftrl ch. 11): entry needs work capacity reduced by at least half, read
  from the latest assessment that states a work capacity (R17); below 40 % AAP
  the person works over 60 %, possible only in the one-time step-up; over 3
  years needs an extension decision, over 5 years is refused.
- Friskmelding til arbeidsformidling (ftrl § 8-5, R15): sykepenger while seeking
  work, at most 12 weeks and once, when the employment has ended and the person is
  registered as a job seeker, with at least 12 weeks left before the maksdato; its
  days count toward the maximum like any sykepenger.
- Tiltakspenger: for participants in a measure, and not on top of sykepenger
  or AAP, which a participant keeps during the measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations

from vocrehab.hooks import (
    BenefitFacts,
    BenefitTypeInfo,
    CaseFacts,
    EmploymentStatus,
    InterventionStatus,
    Violation,
)
from vocrehab_nav_no.aap_work import step_up_end
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.reference import (
    AAP,
    FTA,
    FTA_MAX_DAYS,
    SICK_PAY_TYPES,
    SYKEPENGER,
    TILTAKSPENGER,
    TILTAKSPENGER_MEASURES,
)
from vocrehab_nav_no.rules import violation
from vocrehab_nav_no.sick_pay import (
    EMPLOYER_PERIOD_DAYS,
    MAX_DAYS_AFTER_67,
    REQUALIFICATION_WEEKS,
    age_limits,
    case_maksdato,
    employer_period_end,
    first_nav_day,
    leave_start,
    max_days,
    nav_paid_employer_period,
    paid_days,
)
from vocrehab_nav_no.workdays import add_years, weekdays_between

__all__ = [
    "AAP_ENTRY_MAX_CAPACITY",
    "AAP_ORDINARY_YEARS",
    "AAP_STEP_UP_DEGREE",
    "check_grant",
    "overlapping_periods",
]

AAP_ENTRY_MAX_CAPACITY = 50
AAP_STEP_UP_DEGREE = 40
"""Below 40 % AAP the person works more than 60 %: only in the one-time step-up (up to 80 %)."""
AAP_ORDINARY_YEARS, AAP_EXTENSION_YEARS = 3, 2
FTA_MIN_DAYS_LEFT = 60
"""12 weeks of sick-pay days (five a week) must remain when friskmelding til arbeidsformidling
starts."""
_RUNNING = frozenset({InterventionStatus.REFERRED, InterventionStatus.ACTIVE})


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
    # The degree is the platform's to check, against the type's `degrees`.
    found: list[Violation] = [
        violation("NO_BENEFIT_OVERLAP", f"The period overlaps the {kind.names['en']} period from "
                  f"{other.start_date} to {other.end_date or 'open end'}", field=("startDate",))
        for other in _others(benefit, case, kind.code) if benefit.overlaps(other)
    ]  # fmt: skip
    checks = {SYKEPENGER: _sykepenger, FTA: _job_seeking, AAP: _aap, TILTAKSPENGER: _tiltakspenger}
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
    found += _requalification(benefit, case, start)
    found += [
        violation("NO_BENEFIT_OVERLAP", f"The period overlaps friskmelding til arbeidsformidling "
                  f"from {other.start_date}", field=("startDate",))
        for other in _others(benefit, case, FTA) if benefit.overlaps(other)
    ]  # fmt: skip
    return found + _max_days(benefit, case, start)


def _sick_pay(benefit: BenefitFacts, case: CaseFacts) -> list[BenefitFacts]:
    """Every sick-pay period of the case with `benefit` in it: sykepenger in both forms."""
    others = [
        b for b in case.benefits if b.benefit_type_code in SICK_PAY_TYPES and b.id != benefit.id
    ]
    return [*others, benefit]


def _max_days(benefit: BenefitFacts, case: CaseFacts, start: date | None) -> list[Violation]:
    if benefit.end_date is None:
        return []
    window = add_years(benefit.end_date, -3)
    periods = _sick_pay(benefit, case)
    used = paid_days(p for p in periods if p.end_date is None or p.end_date >= window)
    nav_paid = nav_paid_employer_period(replace(case, benefits=tuple(periods)), start)
    limit = max_days(case.employment_status, nav_paid)
    if used <= limit:
        return []
    return [violation("NO_SYKEPENGER_MAX_DAYS", f"{used} sick-pay days within three years; NAV "
                      f"pays at most {limit}", field=("endDate",))]  # fmt: skip


# --------------------------------------------------------------------------- friskmelding til arbeidsformidling


def _job_seeking(benefit: BenefitFacts, case: CaseFacts) -> list[Violation]:
    """Sykepenger while seeking work (ftrl § 8-5): up to 12 weeks, once, for someone whose
    employment has ended and who is registered as a job seeker, with 12 weeks left."""
    record = read_record(case)
    found: list[Violation] = []
    if case.employment_status is EmploymentStatus.EMPLOYED:
        found.append(violation("NO_FTA_EMPLOYMENT_ENDED", "The participant is still employed: the "
                               "employment must have ended (update the case's employment status)",
                               field=("benefitTypeCode",)))  # fmt: skip
    registered = record.job_seeker_registered_on
    if registered is None or registered > benefit.start_date:
        when = "not registered" if registered is None else f"registered only from {registered}"
        found.append(violation("NO_FTA_JOB_SEEKER", f"The participant is {when} as a job seeker "
                               "(navRecordJobSeeker)", field=("startDate",)))  # fmt: skip
    days = (benefit.end_date - benefit.start_date).days + 1 if benefit.end_date else 0
    if days > FTA_MAX_DAYS or _others(benefit, case, FTA):
        what = f"{days} days" if days > FTA_MAX_DAYS else "a second period"
        found.append(violation("NO_FTA_MAX_12_WEEKS", f"Friskmelding til arbeidsformidling lasts "
                               f"at most {FTA_MAX_DAYS} days, once; this is {what}",
                               field=("endDate",)))  # fmt: skip
    last = case_maksdato(case, record)
    left = weekdays_between(benefit.start_date, last) if last else 0
    if last is not None and left < FTA_MIN_DAYS_LEFT:
        found.append(violation("NO_FTA_ENTITLEMENT_LEFT", f"Only {left} sick-pay days are left "
                               f"before the maksdato {last}; at least {FTA_MIN_DAYS_LEFT} (12 weeks) "
                               "must remain", field=("startDate",)))  # fmt: skip
    found += [
        violation("NO_BENEFIT_OVERLAP", f"The period overlaps sykepenger from {other.start_date}",
                  field=("startDate",))
        for other in _others(benefit, case, SYKEPENGER) if benefit.overlaps(other)
    ]  # fmt: skip
    return found + _max_days(benefit, case, leave_start(case, record))


def _requalification(benefit: BenefitFacts, case: CaseFacts, start: date | None) -> list[Violation]:
    """After the maximum was used in this case, a new period needs 26 weeks fully fit: no
    sick-pay day and no sick note from the day after the last sick-pay day until the new
    sick leave, whose employer period does not count (ftrl § 8-12 second paragraph)."""
    earlier = [b for b in _others(benefit, case, SYKEPENGER) if b.start_date < benefit.start_date]
    if not earlier or any(b.end_date is None for b in earlier):
        return []
    nav_paid = nav_paid_employer_period(case, start)
    if paid_days(earlier) < max_days(case.employment_status, nav_paid):
        return []
    last_paid = max(b.end_date for b in earlier if b.end_date)
    employee = case.employment_status is EmploymentStatus.EMPLOYED
    new_leave = benefit.start_date - timedelta(days=EMPLOYER_PERIOD_DAYS if employee else 0)
    sick = [p.tom for p in read_record(case).periods if last_paid < p.tom and p.fom < new_leave]
    fit_from = max([last_paid, *(min(t, new_leave - timedelta(days=1)) for t in sick)]) + timedelta(
        days=1
    )
    fit_weeks = (new_leave - fit_from).days // 7
    if fit_weeks >= REQUALIFICATION_WEEKS:
        return []
    return [violation("NO_SYKEPENGER_REQUALIFICATION", f"The maximum of sick-pay days was used "
                      f"by {last_paid}; a new period needs {REQUALIFICATION_WEEKS} weeks fully fit "
                      f"from {fit_from}, there are {fit_weeks}", field=("startDate",))]  # fmt: skip


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
    first = read_record(case).aap_step_up_from
    stepping = first is not None and first <= benefit.start_date <= step_up_end(first)
    if 20 <= benefit.degree < AAP_STEP_UP_DEGREE and not stepping:
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
    if any(b.benefit_type_code in {*SICK_PAY_TYPES, AAP} and benefit.overlaps(b)
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
        if a.benefit_type_code == b.benefit_type_code and a.overlaps(b)
    ]  # fmt: skip
