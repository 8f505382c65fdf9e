"""What the rules find in a Norwegian case as it stands today: `Jurisdiction.assess`.

Unlike `evaluate`, which judges one proposed change, these look at the whole
case on a given day and point at work that is due: the activity requirement
unsettled after 8 weeks, an updated plan missing before NAV's dialogue
meeting, sick pay running past the maksdato or the 70th birthday, and the
warnings of sick notes still in force (a grade below 20 %, treatment days).
A closed case has nothing left to do.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from vocrehab.hooks import CaseFacts, CaseStatus, Severity, Violation
from vocrehab_nav_no.aap_work import over_limit, recent_over_limit
from vocrehab_nav_no.benefits import overlapping_periods
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.dialogue import plans_due
from vocrehab_nav_no.milestones import milestones
from vocrehab_nav_no.model import ActivityStatus, CaseRecord
from vocrehab_nav_no.phases import NavPhase, phase_from_notes
from vocrehab_nav_no.reference import AAP, SICK_PAY_TYPES
from vocrehab_nav_no.rules import violation
from vocrehab_nav_no.sick_notes import NoteContext, check_note
from vocrehab_nav_no.sick_pay import age_limits, case_maksdato, leave_start
from vocrehab_nav_no.workdays import weekdays_between

__all__ = ["assess"]

MAKSDATO_WARNING_WEEKS = 13
"""From week 39 of the 52: the last 13 weeks before the maksdato."""


def assess(case: CaseFacts, today: date, retention_days: int) -> list[Violation]:
    if case.status is CaseStatus.CLOSED:
        return []
    record = read_record(case)
    return [
        *_phase(case, record, today, retention_days),
        *_note_warnings(case, record, today),
        *_backdating_reviews(record),
        *_activity(case, record, today),
        *_plan_before_meetings(case, record, today),
        *_arr_notice(case, today),
        *_sick_pay(case, record, today),
        *_aap_work(record, today),
        *overlapping_periods(case),
    ]


def _note_warnings(case: CaseFacts, record: CaseRecord, today: date) -> list[Violation]:
    context = NoteContext.of(case)
    return [
        found
        for index, note in enumerate(record.sick_notes)
        if note.last_tom is not None and note.last_tom >= today
        for found in check_note(note, context, ("details", "sickNotes", str(index)))
        if found.severity is Severity.WARNING
    ]


def _phase(
    case: CaseFacts, record: CaseRecord, today: date, retention_days: int
) -> list[Violation]:
    shown = phase_from_notes(case, record, today, retention_days)
    if shown is None or shown.agrees_with(case.phase):
        return []
    return [violation("NO_PHASE_CONTRADICTS_FACTS", f"The case is in phase {case.phase.value}, "
                      f"but the sick notes show {shown.phase.value}{_phase_reason(shown)}",
                      field=("phase",))]  # fmt: skip


def _phase_reason(shown: NavPhase) -> str:
    if shown.full_hours_since is not None:
        return (f": no sick note since {shown.full_hours_since}, retention from "
                f"{shown.retention_from}")  # fmt: skip
    if shown.back_at_work_on is not None:
        return f": back at work since {shown.back_at_work_on}"
    return ": the sick note in force is full or pending leave"


def _aap_work(record: CaseRecord, today: date) -> list[Violation]:
    """The latest report over its limit, while its period is recent (the last two periods)."""
    over = recent_over_limit(record, today)
    found = over_limit(record, over[0]) if over is not None else None
    return [replace(found, field=("details", "workReports"))] if found else []


def _backdating_reviews(record: CaseRecord) -> list[Violation]:
    return [
        violation("NO_SICK_NOTE_BACKDATING_REVIEW", f"Sick note {index} (signed {note.signed_on}) "
                  f"is backdated {note.backdating.days} days and awaits NAV's manual review "
                  "(navReviewBackdating)", field=("details", "sickNotes", str(index), "backdating"))
        for index, note in enumerate(record.sick_notes)
        if note.backdating is not None and note.backdating.awaits_review
    ]  # fmt: skip


def _activity(case: CaseFacts, record: CaseRecord, today: date) -> list[Violation]:
    assessment = record.activity_requirement
    if assessment is not None and assessment.status is ActivityStatus.IKKE_OPPFYLT:
        return [violation("NO_ACTIVITY_REQUIREMENT_UNMET", f"NAV assessed the activity "
                          f"requirement as not met on {assessment.assessed_on}: sykepenger may "
                          "stop unless the person takes up activity")]  # fmt: skip
    check = next((m for m in milestones(case) if m.code == "ACTIVITY_REQUIREMENT"), None)
    if check is None or check.met_on or check.not_applicable or today <= check.due_date:
        return []
    return [violation("NO_ACTIVITY_REQUIREMENT_UNMET", f"Week 8 ({check.due_date}) has passed: "
                      "no graded leave or travel grant at week 8, and no OPPFYLT or UNNTAK from "
                      "NAV")]  # fmt: skip


def _arr_notice(case: CaseFacts, today: date) -> list[Violation]:
    notice = next((m for m in milestones(case) if m.code == "ARR_SYKMELDER_INFORMED"), None)
    if notice is None or notice.met_on or notice.not_applicable or today <= notice.due_date:
        return []
    return [violation("NO_ARR_SYKMELDER_NOT_INFORMED", f"The participant was referred to "
                      f"work-oriented rehabilitation on {notice.due_date} while on sick leave; "
                      "tell the sykmelder and record it (navRecordSykmelderInformed)")]  # fmt: skip


def _plan_before_meetings(case: CaseFacts, record: CaseRecord, today: date) -> list[Violation]:
    return [
        violation("NO_PLAN_TO_NAV_BEFORE_MEETING", f"Dialogue meeting {due.number} is on "
                  f"{due.meeting_on}: the employer had to send the updated follow-up plan to NAV "
                  f"by {due.due}")
        for due in plans_due(case, record)
        if today > due.due and not due.in_time
    ]  # fmt: skip


def _sick_pay(case: CaseFacts, record: CaseRecord, today: date) -> list[Violation]:
    running = [b for b in case.benefits if b.benefit_type_code in SICK_PAY_TYPES
               and b.start_date <= today and (b.end_date is None or b.end_date >= today)]  # fmt: skip
    start = leave_start(case, record)
    if not running or start is None:
        return []
    birth = case.participant.birth_date
    if birth is not None and today >= age_limits(birth)[1]:
        return [violation("NO_SYKEPENGER_AGE_70", f"Sykepenger are still paid, but the "
                          f"participant turned 70 on {age_limits(birth)[1]}")]  # fmt: skip
    last = case_maksdato(case, record)
    if last is not None and today > last:
        return [violation("NO_SYKEPENGER_MAX_DAYS", f"Sykepenger are still paid after the "
                          f"maksdato {last}")]  # fmt: skip
    aap = any(b.benefit_type_code == AAP for b in case.benefits)
    if last is not None and not aap and today > last - timedelta(weeks=MAKSDATO_WARNING_WEEKS):
        left = weekdays_between(today, last)
        return [violation("NO_MAKSDATO_APPROACHING", f"The maksdato is {last}, {left} sick-pay "
                          "days from today: clarify work, AAP or other income")]  # fmt: skip
    return []
