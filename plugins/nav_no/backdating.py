"""Backdated sick notes (tilbakedatering, ftrl § 8-7 second paragraph; R7).

A note is backdated when it is signed after its first day (fom). NAV's rule
engine (navikt/syfosmregler, now navikt/regulus-regula) decides what it makes of
one, in this order (domain fact sheet §1.8.2):

1. not backdated -> OK;
2. an ICD-10 main diagnosis (the specialist health service) -> OK;
3. a re-submission (ettersending) of a note already recorded -> OK;
4. at most 4 days between fom and the signature -> OK;
5. signed before fom + 9 days -> OK with a justification of at least one word, or
   when the note extends an earlier one (forlengelse); else INVALID (INNTIL_8_DAGER);
6. signed no later than fom + 1 month -> without a justification INVALID
   (MINDRE_ENN_1_MAANED); with one, OK when it extends an earlier note or the whole
   sick leave fits in the employer period (under 17 days); else MANUAL_PROCESSING
   (MINDRE_ENN_1_MAANED_MED_BEGRUNNELSE);
7. later -> MANUAL_PROCESSING with a justification of at least three words
   (OVER_1_MND_MED_BEGRUNNELSE), else INVALID (OVER_1_MND).

The justification is the sykmelder's "felt 11.2" (begrunnelseIkkeKontakt); a word
is a run of characters with a letter, as NAV counts them. INVALID is an ERROR
here (the sykmelder must write a new note); MANUAL_PROCESSING is recorded on the
note and waits for the NAV adviser's decision (`navReviewBackdating`).

Interpretations: the record of a case holds no diagnosis per note (the employer
reads the details), so a note extends an earlier one on dates alone: an earlier
note of one AKTIVITET_IKKE_MULIG or GRADERT period with no working day between its
tom and this note's fom, or one this note overlaps and runs past. The main
diagnosis's code system comes from the sick-note assessment (kind SYKMELDING)
recorded for the day the note was signed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from vocrehab.hooks import CaseFacts, Violation
from vocrehab_nav_no.assessments import ICD10, code_system
from vocrehab_nav_no.model import Backdating, BackdatingOutcome, PeriodType, SickNote
from vocrehab_nav_no.reference import SICK_NOTE_KIND
from vocrehab_nav_no.rules import violation
from vocrehab_nav_no.sick_notes import working_day_between
from vocrehab_nav_no.workdays import add_months

__all__ = ["FREE_DAYS", "BackdatingFacts", "judge", "word_count"]

FREE_DAYS = 4
"""Backdating of up to 4 days needs nothing."""
_EMPLOYER_PERIOD_DAYS = 16
_LETTER = re.compile(r"[^\W\d_]")
_MANUAL = BackdatingOutcome.MANUAL_REVIEW


def word_count(text: str | None) -> int:
    return sum(1 for word in (text or "").split() if _LETTER.search(word))


@dataclass(frozen=True)
class BackdatingFacts:
    """What the tree needs beyond the note: the notes recorded before, the case's first day
    of sick leave, and whether the main diagnosis is coded in ICD-10."""

    earlier: tuple[SickNote, ...] = ()
    sick_leave_start: date | None = None
    specialist: bool = False

    @classmethod
    def of(cls, case: CaseFacts, earlier: tuple[SickNote, ...], signed_on: date) -> BackdatingFacts:
        specialist = any(
            a.kind == SICK_NOTE_KIND and a.assessed_at == signed_on and a.diagnoses
            and code_system(a.diagnoses[0].system) == ICD10
            for a in case.assessments
        )  # fmt: skip
        return cls(earlier, case.sick_leave_start, specialist)


def judge(
    note: SickNote, justification: str | None, facts: BackdatingFacts
) -> tuple[Backdating | None, list[Violation]]:
    """What NAV makes of `note`: the backdating to record (None when not backdated), and an
    ERROR when NAV would refuse the note."""
    first = note.first_fom
    if first is None or note.signed_on <= first:
        return None, []
    days = (note.signed_on - first).days
    ok = Backdating(days, BackdatingOutcome.OK)
    if facts.specialist or _resubmitted(note, facts) or days <= FREE_DAYS:
        return ok, []
    words = word_count(justification)
    if note.signed_on < first + timedelta(days=9):
        if words >= 1 or _extends(note, facts):
            return ok, []
        return None, [_refused(days, "INNTIL_8_DAGER", "a justification (felt 11.2) of at "
                               "least one word, or a note it extends")]  # fmt: skip
    if note.signed_on < add_months(first, 1) + timedelta(days=1):
        if words < 1:
            return None, [_refused(days, "MINDRE_ENN_1_MAANED", "a justification (felt 11.2)")]
        if _extends(note, facts) or _within_employer_period(note, facts):
            return ok, []
        return _review(days, "MINDRE_ENN_1_MAANED_MED_BEGRUNNELSE")
    if words >= 3:
        return _review(days, "OVER_1_MND_MED_BEGRUNNELSE")
    return None, [_refused(days, "OVER_1_MND", "a justification (felt 11.2) of at least "
                           "three words, and then NAV's manual review")]  # fmt: skip


def _refused(days: int, outcome: str, needs: str) -> Violation:
    return violation("NO_SICK_NOTE_BACKDATED", f"The note is backdated {days} days: it needs "
                     f"{needs} ({outcome}); write a new note", field=("justification",))  # fmt: skip


def _review(days: int, outcome: str) -> tuple[Backdating, list[Violation]]:
    found = violation("NO_SICK_NOTE_BACKDATING_REVIEW", f"The note is backdated {days} days: a "
                      f"NAV adviser reviews it manually ({outcome})", field=("signedOn",))  # fmt: skip
    return Backdating(days, _MANUAL, outcome), [found]


def _resubmitted(note: SickNote, facts: BackdatingFacts) -> bool:
    """An ettersending: a note with the same periods was recorded before."""
    return any(earlier.periods == note.periods for earlier in facts.earlier)


def _extends(note: SickNote, facts: BackdatingFacts) -> bool:
    first, last = note.first_fom, note.last_tom
    assert first is not None and last is not None
    for earlier in facts.earlier:
        if len(earlier.periods) != 1:
            continue
        [period] = earlier.periods
        if period.type not in {PeriodType.AKTIVITET_IKKE_MULIG, PeriodType.GRADERT}:
            continue
        adjoining = period.tom < first and not working_day_between(period.tom, first)
        overlapping = period.fom <= first <= period.tom and last >= period.tom
        if adjoining or overlapping:
            return True
    return False


def _within_employer_period(note: SickNote, facts: BackdatingFacts) -> bool:
    """The whole sick leave, this note included, is under 17 days."""
    first, last = note.first_fom, note.last_tom
    assert first is not None and last is not None
    start = min([first, *(n.first_fom for n in facts.earlier if n.first_fom)])
    if facts.sick_leave_start is not None:
        start = min(start, facts.sick_leave_start)
    return (last - start).days + 1 <= _EMPLOYER_PERIOD_DAYS
