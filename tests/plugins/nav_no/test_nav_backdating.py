"""Backdated sick notes (R7): NAV's decision tree at each of its boundaries, the ICD-10
bypass, re-submissions and extensions, and the adviser's manual review."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from nav_cases import nav_case
from test_nav_commands import errors, run, then, warnings

from vocrehab.hooks import AssessmentFacts, DiagnosisFacts
from vocrehab_nav_no import NavJurisdiction
from vocrehab_nav_no.backdating import BackdatingFacts, judge, word_count
from vocrehab_nav_no.commands import RecordSickNoteInput, ReviewBackdatingInput, SickNotePeriodInput
from vocrehab_nav_no.model import (
    BackdatingDecision,
    BackdatingOutcome,
    PeriodType,
    SickNote,
    SickNotePeriod,
)
from vocrehab_nav_no.workdays import add_months

FOM = date(2026, 1, 5)  # a Monday
OK, MANUAL = BackdatingOutcome.OK, BackdatingOutcome.MANUAL_REVIEW
P = PeriodType


def note(signed: date, fom: date = FOM, days: int = 30) -> SickNote:
    return SickNote(
        signed, (SickNotePeriod(P.AKTIVITET_IKKE_MULIG, fom, fom + timedelta(days=days - 1)),)
    )


def outcome(sick_note: SickNote, justification: str | None = None,
            facts: BackdatingFacts | None = None) -> tuple[BackdatingOutcome | None, list[str]]:  # fmt: skip
    found, violations = judge(sick_note, justification, facts or BackdatingFacts())
    return (found.outcome if found else None), [v.code for v in violations]


def after(days: int) -> date:
    return FOM + timedelta(days=days)


def test_a_note_signed_on_or_before_its_first_day_is_not_backdated() -> None:
    assert outcome(note(FOM)) == (None, [])
    assert outcome(note(after(-3))) == (None, [])


@pytest.mark.parametrize("days", [1, 4])
def test_up_to_4_days_needs_nothing(days: int) -> None:
    found, _ = judge(note(after(days)), None, BackdatingFacts())
    assert found is not None and (found.days, found.outcome) == (days, OK)


@pytest.mark.parametrize("days", [5, 8])
def test_5_to_8_days_needs_a_word_or_an_extension(days: int) -> None:
    assert outcome(note(after(days))) == (None, ["NO_SICK_NOTE_BACKDATED"])
    assert outcome(note(after(days)), "Hospitalised") == (OK, [])
    assert outcome(note(after(days)), "12 34") == (None, ["NO_SICK_NOTE_BACKDATED"])
    earlier = note(after(-20), after(-20), days=20)  # ends the day before FOM
    assert outcome(note(after(days)), None, BackdatingFacts((earlier,))) == (OK, [])


def test_9_days_up_to_one_month_needs_a_justification_then_a_review() -> None:
    assert outcome(note(after(9))) == (None, ["NO_SICK_NOTE_BACKDATED"])
    assert outcome(note(after(9)), "Innlagt") == (MANUAL, ["NO_SICK_NOTE_BACKDATING_REVIEW"])
    month = add_months(FOM, 1)
    assert outcome(note(month), "Innlagt") == (MANUAL, ["NO_SICK_NOTE_BACKDATING_REVIEW"])
    earlier = note(after(-20), after(-20), days=20)
    assert outcome(note(after(9)), "Innlagt", BackdatingFacts((earlier,))) == (OK, [])
    short = note(after(12), days=16)  # the whole sick leave within the employer period
    assert outcome(short, "Innlagt", BackdatingFacts(sick_leave_start=FOM)) == (OK, [])
    seventeen = note(after(12), days=17)
    assert outcome(seventeen, "Innlagt", BackdatingFacts(sick_leave_start=FOM)) == (
        MANUAL, ["NO_SICK_NOTE_BACKDATING_REVIEW"])  # fmt: skip


def test_over_one_month_needs_three_words_and_a_review() -> None:
    over = add_months(FOM, 1) + timedelta(days=1)
    assert outcome(note(over), "Lå på sykehus") == (MANUAL, ["NO_SICK_NOTE_BACKDATING_REVIEW"])
    assert outcome(note(over), "Lå innlagt") == (None, ["NO_SICK_NOTE_BACKDATED"])
    assert outcome(note(over)) == (None, ["NO_SICK_NOTE_BACKDATED"])


def test_one_month_follows_the_calendar() -> None:
    end_of_january = date(2026, 1, 31)
    assert add_months(end_of_january, 1) == date(2026, 2, 28)
    within = note(date(2026, 2, 28), end_of_january)
    assert outcome(within, "Innlagt") == (MANUAL, ["NO_SICK_NOTE_BACKDATING_REVIEW"])
    assert outcome(note(date(2026, 3, 1), end_of_january), "Innlagt") == (
        None, ["NO_SICK_NOTE_BACKDATED"])  # fmt: skip


def test_icd10_and_a_resubmission_are_accepted() -> None:
    late = note(after(60))
    assert outcome(late, None, BackdatingFacts(specialist=True)) == (OK, [])
    assert outcome(late, None, BackdatingFacts((note(after(2)),))) == (OK, [])


def test_words_are_counted_as_nav_counts_them() -> None:
    assert word_count(None) == word_count("  ") == word_count("1 2 - 3") == 0
    assert word_count("Akutt innlagt, 3 døgn") == 3


# --------------------------------------------------------------------------- through the commands


def record(signed: date, justification: str | None = None, **case: Any) -> Any:
    period = SickNotePeriodInput(type=P.AKTIVITET_IKKE_MULIG, fom=FOM, tom=after(40))
    given = RecordSickNoteInput(case_id="c", signed_on=signed, periods=[period],  # type: ignore[arg-type]
                                justification=justification)  # fmt: skip
    return run("navRecordSickNote", nav_case(FOM, **case), given, today=after(60))


def test_the_command_stores_the_outcome_but_never_the_justification() -> None:
    refused = record(after(20))
    assert errors(refused) == ["NO_SICK_NOTE_BACKDATED"]
    assert refused.violations[0].field == ("justification",)
    sent = record(after(20), "Innlagt på sykehus")
    assert warnings(sent) == ["NO_SICK_NOTE_BACKDATING_REVIEW"]
    [stored] = sent.details["sickNotes"]
    assert stored["backdating"] == {"days": 20, "outcome": "MANUAL_REVIEW",
                                    "reason": "MINDRE_ENN_1_MAANED_MED_BEGRUNNELSE"}  # fmt: skip
    assert "sykehus" not in str(sent.details)
    icd10 = AssessmentFacts(
        "a", "SYKMELDING", after(20), diagnoses=(DiagnosisFacts("ICD-10", "F321"),)
    )
    accepted = record(after(20), None, assessments=(icd10,))
    assert errors(accepted) == [] and accepted.details["sickNotes"][0]["backdating"] == {
        "days": 20, "outcome": "OK"}  # fmt: skip
    other_day = AssessmentFacts(
        "a", "SYKMELDING", after(19), diagnoses=(DiagnosisFacts("ICD-10", "F321"),)
    )
    assert errors(record(after(20), None, assessments=(other_day,))) == ["NO_SICK_NOTE_BACKDATED"]


def review(case: Any, index: int, decision: BackdatingDecision, on: date) -> Any:
    given = ReviewBackdatingInput(case_id="c", note=index, decision=decision, decided_on=on)  # type: ignore[arg-type]
    return run("navReviewBackdating", case, given, today=after(60))


def test_the_adviser_reviews_a_backdated_note() -> None:
    nav = NavJurisdiction()
    pending = then(nav_case(FOM), record(after(20), "Innlagt på sykehus"))
    [milestone] = [m for m in nav.milestones(pending) if m.code == "BACKDATING_REVIEW_1"]
    assert (milestone.due_date, milestone.met_on) == (after(20), None)
    assert "NO_SICK_NOTE_BACKDATING_REVIEW" in [v.code for v in nav.assess(pending, after(21))]
    assert errors(review(pending, 1, BackdatingDecision.GODKJENT, after(22))) == [
        "NO_SICK_NOTE_NOT_UNDER_REVIEW"]  # fmt: skip
    assert errors(review(pending, 0, BackdatingDecision.GODKJENT, after(19))) == ["NO_DATE_ORDER"]
    accepted = then(pending, review(pending, 0, BackdatingDecision.GODKJENT, after(22)))
    [met] = [m for m in nav.milestones(accepted) if m.code == "BACKDATING_REVIEW_1"]
    assert met.met_on == after(22)
    assert "NO_SICK_NOTE_BACKDATING_REVIEW" not in [v.code for v in nav.assess(accepted, after(23))]
    assert errors(review(accepted, 0, BackdatingDecision.AVSLATT, after(23))) == [
        "NO_SICK_NOTE_NOT_UNDER_REVIEW"]  # fmt: skip
    refused = then(pending, review(pending, 0, BackdatingDecision.AVSLATT, after(22)))
    from vocrehab_nav_no.details import read_record

    assert read_record(refused).periods[0].fom == after(20)  # counted from the signature
    assert read_record(accepted).periods[0].fom == FOM


def test_a_stored_backdating_is_validated() -> None:
    nav = NavJurisdiction()
    base = {"signedOn": "2026-01-25", "periods": [
        {"type": "AKTIVITET_IKKE_MULIG", "fom": "2026-01-05", "tom": "2026-02-05"}]}  # fmt: skip
    for bad in ({"days": 0, "outcome": "OK"}, {"days": 20, "outcome": "OK", "decision": "GODKJENT",
                "decidedOn": "2026-01-26"}, {"days": 20, "outcome": "MANUAL_REVIEW",
                "decision": "GODKJENT"}, {"days": 20, "outcome": "MAYBE"}):  # fmt: skip
        found = nav.validate_details("case", {"sickNotes": [{**base, "backdating": bad}]}, None)
        assert found.violations, bad
    good = {
        "days": 20,
        "outcome": "MANUAL_REVIEW",
        "decision": "AVSLATT",
        "decidedOn": "2026-01-26",
    }
    assert (
        nav.validate_details("case", {"sickNotes": [{**base, "backdating": good}]}, None).violations
        == ()
    )
