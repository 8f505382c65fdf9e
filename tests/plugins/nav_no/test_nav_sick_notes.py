"""The sick-note rules (R1-R6, R9, R10), each just inside and just outside its boundary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from vocrehab.hooks import Severity
from vocrehab_nav_no.model import IssuerProfession, PeriodType, SickNote, SickNotePeriod
from vocrehab_nav_no.sick_notes import NoteContext, check_note

MON = date(2026, 3, 2)  # a Monday
P = PeriodType


def period(kind: PeriodType = P.AKTIVITET_IKKE_MULIG, fom: date = MON, days: int = 14,
           **extra: object) -> SickNotePeriod:  # fmt: skip
    return SickNotePeriod(kind, fom, fom + timedelta(days=days - 1), **extra)  # type: ignore[arg-type]


def codes(
    *periods: SickNotePeriod, context: NoteContext | None = None, **note: object
) -> list[str]:
    sick_note = SickNote(note.pop("signed_on", MON), tuple(periods), **note)  # type: ignore[arg-type]
    return [v.code for v in check_note(sick_note, context or NoteContext())]


def test_a_plain_note_passes() -> None:
    assert codes(period()) == []


def test_a_note_needs_a_period() -> None:
    assert codes() == ["NO_SICK_NOTE_NO_PERIODS"]


@pytest.mark.parametrize(("grade", "expected"), [
    (None, ["NO_SICK_NOTE_GRADE"]), (0, ["NO_SICK_NOTE_GRADE"]), (1, ["NO_SICK_NOTE_GRADE_BELOW_20"]),
    (19, ["NO_SICK_NOTE_GRADE_BELOW_20"]), (20, []), (99, []), (100, ["NO_SICK_NOTE_GRADE"]),
])  # fmt: skip
def test_graded_periods_take_1_to_99_and_warn_below_20(
    grade: int | None, expected: list[str]
) -> None:
    assert codes(period(P.GRADERT, grade=grade)) == expected


def test_the_warning_below_20_is_a_warning() -> None:
    note = SickNote(MON, (period(P.GRADERT, grade=19),))
    [found] = check_note(note, NoteContext())
    assert found.severity is Severity.WARNING and found.field == ("periods", "0", "grade")


def test_only_graded_periods_carry_a_grade() -> None:
    assert codes(period(grade=100)) == ["NO_SICK_NOTE_GRADE"]


def test_a_travel_grant_goes_with_a_graded_period() -> None:
    assert codes(period(P.GRADERT, grade=50, travel_grant=True)) == []
    assert codes(period(travel_grant=True)) == ["NO_SICK_NOTE_PERIOD_TYPE"]


def test_fom_after_tom_is_refused() -> None:
    reversed_period = SickNotePeriod(P.AKTIVITET_IKKE_MULIG, MON, MON - timedelta(days=1))
    assert codes(reversed_period) == ["NO_SICK_NOTE_PERIOD_DATES"]
    assert codes(SickNotePeriod(P.AKTIVITET_IKKE_MULIG, MON, MON)) == []  # one day


def test_periods_do_not_overlap() -> None:
    first = period(days=7)
    assert codes(first, period(fom=first.tom, days=7)) == ["NO_SICK_NOTE_OVERLAP"]
    assert codes(first, period(P.GRADERT, fom=first.tom + timedelta(days=1), grade=50)) == []


def test_a_weekend_between_periods_is_no_gap_but_a_working_day_is() -> None:
    first = SickNotePeriod(P.AKTIVITET_IKKE_MULIG, MON, MON + timedelta(days=4))  # Mon-Fri
    after_weekend = period(P.GRADERT, fom=MON + timedelta(days=7), grade=50)  # next Monday
    assert codes(first, after_weekend) == []
    after_monday = period(P.GRADERT, fom=MON + timedelta(days=8), grade=50)  # next Tuesday
    assert codes(first, after_monday) == ["NO_SICK_NOTE_GAP"]


def test_a_pending_period_runs_at_most_16_days_from_fom_to_tom_with_advice_alone() -> None:
    """NAV's engine: tom - fom > 16 days between is AVVENTENDE_SYKMELDING_OVER_16_DAGER, so a
    note from the 1st to the 17th (17 calendar days, 16 between) is valid."""
    advice = {"advice_to_employer": "Lighter tasks for two weeks"}
    assert codes(period(P.AVVENTENDE, days=16, **advice)) == []  # 15 days between
    assert codes(period(P.AVVENTENDE, days=17, **advice)) == []  # 16 days between: valid
    assert codes(period(P.AVVENTENDE, days=18, **advice)) == ["NO_SICK_NOTE_PENDING"]  # 17
    first_to_17th = SickNotePeriod(P.AVVENTENDE, date(2026, 3, 1), date(2026, 3, 17), **advice)  # type: ignore[arg-type]
    assert codes(first_to_17th) == []
    assert codes(period(P.AVVENTENDE, days=5, advice_to_employer="  ")) == ["NO_SICK_NOTE_PENDING"]
    combined = codes(period(P.AVVENTENDE, days=5, **advice),
                     period(fom=MON + timedelta(days=5), days=3))  # fmt: skip
    assert combined == ["NO_SICK_NOTE_PENDING"]


def test_treatment_days_at_most_one_per_started_week() -> None:
    two_weeks = {"days": 14}
    assert codes(period(P.BEHANDLINGSDAGER, treatment_days=2, **two_weeks)) == [
        "NO_SICK_NOTE_MANUAL_REVIEW"
    ]  # type: ignore[arg-type]
    assert sorted(codes(period(P.BEHANDLINGSDAGER, treatment_days=3, **two_weeks))) == [  # type: ignore[arg-type]
        "NO_SICK_NOTE_MANUAL_REVIEW",
        "NO_SICK_NOTE_TREATMENT_DAYS",
    ]
    started_third_week = period(P.BEHANDLINGSDAGER, days=15, treatment_days=3)
    assert codes(started_third_week) == ["NO_SICK_NOTE_MANUAL_REVIEW"]
    assert "NO_SICK_NOTE_TREATMENT_DAYS" in codes(period(P.BEHANDLINGSDAGER, treatment_days=0))
    assert "NO_SICK_NOTE_TREATMENT_DAYS" in codes(period(treatment_days=1))


def test_the_first_day_is_at_most_30_days_after_signing() -> None:
    assert codes(period(fom=MON + timedelta(days=30))) == []
    assert codes(period(fom=MON + timedelta(days=31))) == ["NO_SICK_NOTE_FUTURE_START"]


def test_the_first_day_is_at_most_3_years_back() -> None:
    today = MON
    just_inside = today.replace(year=today.year - 3)
    context = NoteContext(today=today)
    assert codes(period(fom=just_inside), context=context, signed_on=just_inside) == []
    assert codes(period(fom=just_inside - timedelta(days=1)), context=context,
                 signed_on=just_inside) == ["NO_SICK_NOTE_TOO_OLD"]  # fmt: skip


def test_a_note_spans_at_most_365_days() -> None:
    assert codes(period(days=366)) == []  # tom - fom = 365
    assert codes(period(days=367)) == ["NO_SICK_NOTE_TOO_LONG"]


def test_the_patient_is_13_on_the_last_day() -> None:
    tom = MON + timedelta(days=13)
    birthday = tom.replace(year=tom.year - 13)
    assert codes(period(), context=NoteContext(birth_date=birthday)) == []
    too_young = NoteContext(birth_date=birthday + timedelta(days=1))
    assert codes(period(), context=too_young) == ["NO_SICK_NOTE_PATIENT_UNDER_13"]


@pytest.mark.parametrize("issuer", [IssuerProfession.MT, IssuerProfession.FT, IssuerProfession.KI])
def test_therapists_certify_at_most_84_days(issuer: IssuerProfession) -> None:
    start = MON - timedelta(days=70)
    context = NoteContext(sick_leave_start=start)
    to_84 = period(days=(start + timedelta(days=84) - MON).days + 1)
    assert codes(to_84, context=context, issuer=issuer) == []
    to_85 = period(days=(start + timedelta(days=85) - MON).days + 1)
    assert codes(to_85, context=context, issuer=issuer) == ["NO_SICK_NOTE_ISSUER_12_WEEKS"]


def test_doctors_have_no_12_week_limit() -> None:
    context = NoteContext(sick_leave_start=MON - timedelta(days=200))
    assert codes(period(), context=context, issuer=IssuerProfession.LE) == []
