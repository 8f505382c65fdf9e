"""The rules of a sick note (sykmelding) and its periods.

These follow NAV's rule engine for incoming sick notes (navikt/regulus-regula,
which syfosmregler delegates to since 2025): the period rules (R1-R5 of the
domain fact sheet), the date rules (R6), the patient's age (R9) and the
practitioner's 12-week limit (R10). A rule NAV answers with INVALID is an ERROR
here; one it sends to manual processing is a WARNING.

Interpretations (documented because NAV's wording leaves them open):
- a period of D days "lasts" D calendar days, fom and tom included, except for
  the 16-day limit of a pending (AVVENTENDE) period, which NAV's engine checks as
  days *between* fom and tom (`ChronoUnit.DAYS.between(fom, tom) > 16`): a
  pending note from the 1st to the 17th is valid;
- a period has ceil(D / 7) "started weeks" (1 treatment day allowed per week);
- a "working day gap" is a Monday-Friday between one period's tom and the next fom;
- the 84 days of R10 and the 365 days of R6 are days between two dates
  (tom - start), as NAV's rules compare them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from vocrehab.hooks import CaseFacts, Violation
from vocrehab_nav_no.model import IssuerProfession, PeriodType, SickNote, SickNotePeriod
from vocrehab_nav_no.rules import violation
from vocrehab_nav_no.workdays import add_years, is_weekday

__all__ = [
    "MAX_BACKDATING_YEARS",
    "MAX_FORWARD_DAYS",
    "MAX_PENDING_DAYS",
    "MAX_SPAN_DAYS",
    "MIN_PATIENT_AGE",
    "THERAPIST_LIMIT_DAYS",
    "NoteContext",
    "check_note",
    "working_day_between",
]

MAX_PENDING_DAYS = 16
MAX_FORWARD_DAYS = 30
MAX_BACKDATING_YEARS = 3
MAX_SPAN_DAYS = 365
MIN_PATIENT_AGE = 13
THERAPIST_LIMIT_DAYS = 84
GRADE_FLOOR = 20
_THERAPISTS = frozenset({IssuerProfession.MT, IssuerProfession.FT, IssuerProfession.KI})

Path = tuple[str, ...]


@dataclass(frozen=True)
class NoteContext:
    """What the rules need to know beyond the note itself."""

    birth_date: date | None = None
    sick_leave_start: date | None = None
    today: date | None = None
    """Only the case commands know today; the rule on old notes needs it."""

    @classmethod
    def of(cls, case: CaseFacts | None, today: date | None = None) -> NoteContext:
        if case is None:
            return cls(today=today)
        return cls(case.participant.birth_date, case.sick_leave_start, today)


def check_note(note: SickNote, context: NoteContext, path: Path = ()) -> list[Violation]:
    """Every rule on one sick note; `path` is where the note sits (its periods under "periods")."""
    if not note.periods:
        return [violation("NO_SICK_NOTE_NO_PERIODS", "A sick note needs at least one period",
                          field=(*path, "periods"))]  # fmt: skip
    found: list[Violation] = []
    for index, period in enumerate(note.periods):
        where = (*path, "periods", str(index))
        found += _period_rules(period, where, len(note.periods))
    found += _sequence_rules(note, path)
    found += _date_rules(note, context, path)
    if any(p.type is PeriodType.BEHANDLINGSDAGER for p in note.periods):
        found.append(violation("NO_SICK_NOTE_MANUAL_REVIEW",
                               "The sick note has treatment days: NAV processes it manually",
                               field=(*path, "periods")))  # fmt: skip
    return found


# --------------------------------------------------------------------------- one period


def _period_rules(period: SickNotePeriod, where: Path, count: int) -> list[Violation]:
    found: list[Violation] = []
    if period.fom > period.tom:
        found.append(violation("NO_SICK_NOTE_PERIOD_DATES",
                               f"The period starts ({period.fom}) after it ends ({period.tom})",
                               field=(*where, "tom")))  # fmt: skip
    found += _grade_rules(period, where)
    found += _pending_rules(period, where, count)
    found += _treatment_rules(period, where)
    if period.travel_grant and period.type is not PeriodType.GRADERT:
        found.append(violation("NO_SICK_NOTE_PERIOD_TYPE",
                               "Only a GRADERT period combines with a travel grant; otherwise use "
                               "a REISETILSKUDD period", field=(*where, "travelGrant")))  # fmt: skip
    return found


def _grade_rules(period: SickNotePeriod, where: Path) -> Iterator[Violation]:
    field, grade = (*where, "grade"), period.grade
    if period.type is not PeriodType.GRADERT:
        if grade is not None:
            yield violation("NO_SICK_NOTE_GRADE", f"A {period.type.value} period carries no grade; "
                            "100 % is AKTIVITET_IKKE_MULIG, a share is GRADERT", field=field)  # fmt: skip
        return
    if grade is None:
        yield violation("NO_SICK_NOTE_GRADE", "A GRADERT period needs a grade (1-99)", field=field)
    elif grade > 99:
        yield violation("NO_SICK_NOTE_GRADE", f"A grade of {grade} % is not graded: write 100 % "
                        "as AKTIVITET_IKKE_MULIG (GRADERT_SYKMELDING_OVER_99_PROSENT)", field=field)  # fmt: skip
    elif grade < 1:
        yield violation("NO_SICK_NOTE_GRADE", f"A grade of {grade} % is no sick leave "
                        "(GRADERT_SYKMELDING_0_PROSENT)", field=field)  # fmt: skip
    elif grade < GRADE_FLOOR:
        yield violation("NO_SICK_NOTE_GRADE_BELOW_20", f"A grade of {grade} % is below 20 %: "
                        "NAV pays no graded sykepenger for it", field=field)  # fmt: skip


def _pending_rules(period: SickNotePeriod, where: Path, count: int) -> Iterator[Violation]:
    if period.type is not PeriodType.AVVENTENDE:
        return
    if count > 1:
        yield violation("NO_SICK_NOTE_PENDING", "An AVVENTENDE period must be the only period "
                        "of the note (AVVENTENDE_SYKMELDING_KOMBINERT)", field=(*where, "type"))  # fmt: skip
    between = (period.tom - period.fom).days
    if between > MAX_PENDING_DAYS:
        yield violation("NO_SICK_NOTE_PENDING", f"An AVVENTENDE period runs at most "
                        f"{MAX_PENDING_DAYS} days from fom to tom, this one {between} "
                        "(AVVENTENDE_SYKMELDING_OVER_16_DAGER)", field=(*where, "tom"))  # fmt: skip
    if not (period.advice_to_employer or "").strip():
        yield violation("NO_SICK_NOTE_PENDING", "An AVVENTENDE period needs advice to the "
                        "employer (MANGLENDE_INNSPILL_TIL_ARBEIDSGIVER)",
                        field=(*where, "adviceToEmployer"))  # fmt: skip


def _treatment_rules(period: SickNotePeriod, where: Path) -> Iterator[Violation]:
    field, days = (*where, "treatmentDays"), period.treatment_days
    if period.type is not PeriodType.BEHANDLINGSDAGER:
        if days is not None:
            yield violation(
                "NO_SICK_NOTE_TREATMENT_DAYS",
                "Only a BEHANDLINGSDAGER period has treatment days",
                field=field,
            )
        return
    weeks = -(-max(period.days, 1) // 7)
    if days is None or days < 1:
        yield violation("NO_SICK_NOTE_TREATMENT_DAYS",
                        "A BEHANDLINGSDAGER period needs its number of treatment days (1 or more)",
                        field=field)  # fmt: skip
    elif days > weeks:
        yield violation("NO_SICK_NOTE_TREATMENT_DAYS", f"{days} treatment days in {weeks} "
                        f"started week(s): at most one per week (FOR_MANGE_BEHANDLINGSDAGER_PER_UKE)",
                        field=field)  # fmt: skip


# --------------------------------------------------------------------------- the periods together


def _sequence_rules(note: SickNote, path: Path) -> list[Violation]:
    ordered = sorted(
        ((i, p) for i, p in enumerate(note.periods) if p.fom <= p.tom), key=lambda x: x[1].fom
    )
    found: list[Violation] = []
    for (_, before), (index, after) in pairwise(ordered):
        where = (*path, "periods", str(index), "fom")
        if after.fom <= before.tom:
            found.append(violation("NO_SICK_NOTE_OVERLAP", f"The period from {after.fom} overlaps "
                                   f"the one ending {before.tom}", field=where))  # fmt: skip
        elif working_day_between(before.tom, after.fom):
            found.append(violation("NO_SICK_NOTE_GAP", f"There are working days between {before.tom} "
                                   f"and {after.fom} that no period covers", field=where))  # fmt: skip
    return found


def working_day_between(end: date, start: date) -> bool:
    """A Monday-Friday after `end` and before `start`."""
    day = end + timedelta(days=1)
    while day < start:
        if is_weekday(day):
            return True
        day += timedelta(days=1)
    return False


def _date_rules(note: SickNote, context: NoteContext, path: Path) -> list[Violation]:
    first, last = note.first_fom, note.last_tom
    assert first is not None and last is not None  # the note has periods
    found: list[Violation] = []
    if (first - note.signed_on).days > MAX_FORWARD_DAYS:
        found.append(violation("NO_SICK_NOTE_FUTURE_START", f"The sick leave starts {first}, more "
                               f"than {MAX_FORWARD_DAYS} days after the note was signed "
                               f"({note.signed_on})", field=(*path, "signedOn")))  # fmt: skip
    if context.today is not None and first < add_years(context.today, -MAX_BACKDATING_YEARS):
        found.append(violation("NO_SICK_NOTE_TOO_OLD", f"The sick leave starts {first}, more "
                               f"than {MAX_BACKDATING_YEARS} years ago", field=(*path, "periods")))  # fmt: skip
    if (last - first).days > MAX_SPAN_DAYS:
        found.append(violation("NO_SICK_NOTE_TOO_LONG", f"The note spans {(last - first).days} "
                               f"days from {first} to {last}; at most {MAX_SPAN_DAYS}",
                               field=(*path, "periods")))  # fmt: skip
    found += _people_rules(note, context, path, first, last)
    return found


def _people_rules(
    note: SickNote, context: NoteContext, path: Path, first: date, last: date
) -> list[Violation]:
    found: list[Violation] = []
    birth = context.birth_date
    if birth is not None and last < add_years(birth, MIN_PATIENT_AGE):
        found.append(violation("NO_SICK_NOTE_PATIENT_UNDER_13", f"The patient is not "
                               f"{MIN_PATIENT_AGE} before {add_years(birth, MIN_PATIENT_AGE)}",
                               field=(*path, "periods")))  # fmt: skip
    start = context.sick_leave_start or first
    if note.issuer in _THERAPISTS and (last - start).days > THERAPIST_LIMIT_DAYS:
        assert note.issuer is not None
        found.append(violation("NO_SICK_NOTE_ISSUER_12_WEEKS", f"A {note.issuer.value} certifies "
                               f"at most {THERAPIST_LIMIT_DAYS} days from the start of the sick "
                               f"leave ({start}); this note runs to {last}",
                               field=(*path, "issuerProfession")))  # fmt: skip
    return found
