"""What the rules find in a Norwegian case as it stands today: `Jurisdiction.assess`.

Unlike `evaluate`, which judges one proposed change, these look at the whole
case on a given day and point at work that is due: the activity requirement
unsettled after 8 weeks, an updated plan missing before NAV's dialogue
meeting, sick pay running past the maksdato or the 70th birthday, and the
warnings of sick notes still in force (a grade below 20 %, treatment days).
A closed case has nothing left to do.
"""

from __future__ import annotations

from datetime import date, timedelta

from vocrehab.hooks import CaseFacts, CaseStatus, EmploymentStatus, Severity, Violation
from vocrehab_nav_no.benefits import overlapping_periods
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.milestones import milestones
from vocrehab_nav_no.model import ActivityStatus, CaseRecord
from vocrehab_nav_no.reference import SYKEPENGER
from vocrehab_nav_no.rules import violation
from vocrehab_nav_no.sick_notes import NoteContext, check_note
from vocrehab_nav_no.sick_pay import age_limits, leave_start, maksdato

__all__ = ["PLAN_BEFORE_MEETING_DAYS", "assess"]

PLAN_BEFORE_MEETING_DAYS = 7


def assess(case: CaseFacts, today: date) -> list[Violation]:
    if case.status is CaseStatus.CLOSED:
        return []
    record = read_record(case)
    return [
        *_note_warnings(case, record, today),
        *_activity(case, record, today),
        *_plan_before_meetings(case, record, today),
        *_sick_pay(case, record, today),
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


def _activity(case: CaseFacts, record: CaseRecord, today: date) -> list[Violation]:
    assessment = record.activity_requirement
    if assessment is not None and assessment.status is ActivityStatus.IKKE_OPPFYLT:
        return [violation("NO_ACTIVITY_REQUIREMENT_UNMET", f"NAV assessed the activity "
                          f"requirement as not met on {assessment.assessed_on}: sykepenger may "
                          "stop unless the person takes up activity")]  # fmt: skip
    check = next((m for m in milestones(case) if m.code == "ACTIVITY_REQUIREMENT"), None)
    if check is None or check.met_on or check.not_applicable or today < check.due_date:
        return []
    return [violation("NO_ACTIVITY_REQUIREMENT_UNMET", f"Week 8 ({check.due_date}) has passed: "
                      "no graded leave or travel grant, and no OPPFYLT or UNNTAK from NAV")]  # fmt: skip


def _plan_before_meetings(case: CaseFacts, record: CaseRecord, today: date) -> list[Violation]:
    if case.employment_status is not EmploymentStatus.EMPLOYED:
        return []
    plan = record.follow_up_plan
    found: list[Violation] = []
    for meeting in record.dialogue_meetings:
        deadline = meeting.on - timedelta(days=PLAN_BEFORE_MEETING_DAYS)
        if meeting.number == 1 or not meeting.is_open or today < deadline:
            continue
        sent = plan.shared_with_nav_on if plan is not None else None
        if sent is None or sent > deadline:
            found.append(violation("NO_PLAN_TO_NAV_BEFORE_MEETING", f"Dialogue meeting "
                                   f"{meeting.number} is on {meeting.on}: the employer had to send "
                                   f"the updated follow-up plan to NAV by {deadline}"))  # fmt: skip
    return found


def _sick_pay(case: CaseFacts, record: CaseRecord, today: date) -> list[Violation]:
    running = [b for b in case.benefits if b.benefit_type_code == SYKEPENGER
               and b.start_date <= today and (b.end_date is None or b.end_date >= today)]  # fmt: skip
    start = leave_start(case, record)
    if not running or start is None:
        return []
    birth = case.participant.birth_date
    if birth is not None and today >= age_limits(birth)[1]:
        return [violation("NO_SYKEPENGER_AGE_70", f"Sykepenger are still paid, but the "
                          f"participant turned 70 on {age_limits(birth)[1]}")]  # fmt: skip
    last = maksdato(start, case.employment_status, birth)
    if last is not None and today > last:
        return [violation("NO_SYKEPENGER_MAX_DAYS", f"Sykepenger are still paid after the "
                          f"maksdato {last}")]  # fmt: skip
    return []
