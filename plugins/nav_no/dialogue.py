"""Dialogue meetings (dialogmøter) and their state machine (R13, R20).

Meeting 1 is held by the employer within 7 weeks (aml § 4-6); meeting 2 is
called by NAV within 26 weeks and meeting 3 on request (ftrl § 8-7 a). NAV's
meeting service (navikt/isdialogmote) moves a meeting through

    INNKALT (invited) -> NYTT_TID_STED (new time/place) -> FERDIGSTILT (held) | AVLYST

and refuses to cancel, move or complete a meeting that is already FERDIGSTILT
or AVLYST. Here a meeting is addressed by its number: the open meeting with
that number is the one moved, held or cancelled. After a cancellation a new
meeting with the same number can be called; a meeting that was held is not
held again. A meeting held without a recorded invitation can be recorded as
held directly (the employer's meeting 1 often is).

A held meeting gets its minutes (referat): the situation, the conclusion and what
each party does next. As in NAV's meeting service, minutes are written only for
a FERDIGSTILT meeting, never for one that is still open or AVLYST (cancelled);
writing them again is an edit, which says why (begrunnelseEndring). The minutes
live inside the meeting they belong to (`DialogueMeeting.minutes`).

Before dialogue meeting 2 or 3 the employer sends NAV the updated follow-up
plan, at least a week ahead (ftrl § 8-7 a): `plans_due` gives, for each open
meeting 2 or 3 (recorded here, or scheduled through the platform's meetings),
the day the plan is due at NAV, so that the rule (`assess`) and the orientation
map name the same day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from vocrehab.hooks import CaseFacts, EmploymentStatus, Violation
from vocrehab.hooks import MeetingStatus as TeamMeetingStatus
from vocrehab_nav_no.model import CaseRecord, DialogueMeeting, MeetingStatus, Minutes
from vocrehab_nav_no.rules import not_in_future, violation

__all__ = [
    "MEETING_NUMBERS",
    "NAV_NOTICE_DAYS",
    "PLAN_BEFORE_MEETING_DAYS",
    "PlanDue",
    "cancel_meeting",
    "check_meeting_changes",
    "check_meetings",
    "complete_meeting",
    "plans_due",
    "schedule_meeting",
    "write_minutes",
]

MEETING_NUMBERS = (1, 2, 3)
NAV_NOTICE_DAYS = 21
"""NAV invites to dialogue meeting 2 (and 3) three weeks ahead."""
PLAN_BEFORE_MEETING_DAYS = 7
"""The employer sends the updated follow-up plan to NAV at least a week before meeting 2 or 3."""
_NAV_MEETING_KINDS = {"no.dialogue_meeting_2": 2, "no.dialogue_meeting_3": 3}
M = MeetingStatus
Path = tuple[str, ...]
Outcome = tuple[tuple[DialogueMeeting, ...], list[Violation]]


def check_meetings(meetings: Sequence[DialogueMeeting], path: Path) -> list[Violation]:
    """Stored meetings are coherent: valid numbers, the dates their status needs, one open
    and at most one held meeting per number."""
    found: list[Violation] = []
    for index, meeting in enumerate(meetings):
        found += _check_one(meeting, (*path, str(index)))
    for number in MEETING_NUMBERS:
        same = [m for m in meetings if m.number == number]
        if sum(m.is_open for m in same) > 1:
            found.append(violation("NO_DETAILS_INVALID", f"Dialogue meeting {number} is open "
                                   "twice; move the open one instead", field=path))  # fmt: skip
        if sum(m.status is M.FERDIGSTILT for m in same) > 1:
            found.append(violation("NO_DIALOGUE_MEETING_CLOSED", f"Dialogue meeting {number} was "
                                   "held twice", field=path))  # fmt: skip
    return found


def _check_one(meeting: DialogueMeeting, where: Path) -> list[Violation]:
    found: list[Violation] = []
    if meeting.number not in MEETING_NUMBERS:
        found.append(violation("NO_DIALOGUE_MEETING_NUMBER", f"There is no dialogue meeting "
                               f"{meeting.number}", field=(*where, "number")))  # fmt: skip
    if meeting.invited_on > meeting.on:
        found.append(violation("NO_DATE_ORDER", f"The invitation ({meeting.invited_on}) is after "
                               f"the meeting ({meeting.on})", field=(*where, "invitedOn")))  # fmt: skip
    held = meeting.status is M.FERDIGSTILT
    if held != (meeting.held_on is not None):
        found.append(violation("NO_DETAILS_INVALID", "heldOn is set exactly when the meeting is "
                               "FERDIGSTILT", field=(*where, "heldOn")))  # fmt: skip
    cancelled = meeting.status is M.AVLYST
    if cancelled != (meeting.cancelled_on is not None):
        found.append(violation("NO_DETAILS_INVALID", "cancelledOn is set exactly when the meeting "
                               "is AVLYST", field=(*where, "cancelledOn")))  # fmt: skip
    if meeting.minutes is not None:
        found += _minutes_problems(meeting, meeting.minutes.written_on, (*where, "minutes"))
    return found


def _minutes_problems(meeting: DialogueMeeting, written_on: date, where: Path) -> list[Violation]:
    if meeting.status is not M.FERDIGSTILT or meeting.held_on is None:
        return [violation("NO_DIALOGUE_MEETING_MINUTES", f"Dialogue meeting {meeting.number} is "
                          f"{meeting.status.value}: minutes are written once it is FERDIGSTILT",
                          field=where)]  # fmt: skip
    if written_on < meeting.held_on:
        return [violation("NO_DIALOGUE_MEETING_MINUTES", f"Minutes written on {written_on}, "
                          f"before the meeting was held ({meeting.held_on})",
                          field=(*where, "writtenOn"))]  # fmt: skip
    return []


def check_meeting_changes(
    before: Sequence[DialogueMeeting], after: Sequence[DialogueMeeting], path: Path
) -> list[Violation]:
    """Details edited directly keep the state machine: a closed meeting stays as it was,
    except that a held meeting's minutes may be written, or changed with the reason why."""
    found: list[Violation] = []
    for index, old in enumerate(before):
        new = after[index] if index < len(after) else None
        if not old.is_open and new is not None and _only_minutes_changed(old, new):
            if (
                old.minutes is not None
                and new.minutes is not None
                and not new.minutes.change_reason
            ):
                found.append(violation("NO_DIALOGUE_MEETING_MINUTES", "Changed minutes say why "
                                       "they were changed (changeReason)",
                                       field=(*path, str(index), "minutes", "changeReason")))  # fmt: skip
        elif not old.is_open and new != old:
            found.append(violation("NO_DIALOGUE_MEETING_CLOSED", f"Dialogue meeting {old.number} "
                                   f"is {old.status.value} and cannot change",
                                   field=(*path, str(index))))  # fmt: skip
        elif new is not None and new.number != old.number:
            found.append(violation("NO_DETAILS_INVALID", "A meeting keeps its number",
                                   field=(*path, str(index), "number")))  # fmt: skip
    return found


def _only_minutes_changed(old: DialogueMeeting, new: DialogueMeeting) -> bool:
    """A held meeting whose minutes (and nothing else) were written or edited."""
    return (
        old.status is M.FERDIGSTILT
        and new.minutes is not None
        and new.minutes != old.minutes
        and replace(new, minutes=old.minutes) == old
    )


def _number_problem(number: int) -> list[Violation]:
    if number in MEETING_NUMBERS:
        return []
    return [violation("NO_DIALOGUE_MEETING_NUMBER", f"There is no dialogue meeting {number} "
                      "(1, 2 or 3)", field=("number",))]  # fmt: skip


def _open_index(record: CaseRecord, number: int) -> int | None:
    return next(
        (i for i, m in enumerate(record.dialogue_meetings) if m.number == number and m.is_open),
        None,
    )


def _closed_problem(record: CaseRecord, number: int, action: str) -> Violation | None:
    """Why meeting `number` cannot be `action`ed when none is open, if it cannot."""
    last = next((m for m in reversed(record.meetings(number)) if not m.is_open), None)
    if record.held(number) is not None:
        return violation("NO_DIALOGUE_MEETING_CLOSED", f"Dialogue meeting {number} was already "
                         f"held; it cannot be {action}", field=("number",))  # fmt: skip
    if last is not None:
        return violation("NO_DIALOGUE_MEETING_CLOSED", f"Dialogue meeting {number} is "
                         f"{last.status.value}; it cannot be {action}", field=("number",))  # fmt: skip
    return None


def schedule_meeting(
    record: CaseRecord, number: int, on: date, invited_on: date, today: date
) -> Outcome:
    """Call meeting `number` for `on`, or move its open meeting there (NYTT_TID_STED)."""
    found = [
        *_number_problem(number),
        *not_in_future(invited_on, today, "invitedOn", "An invitation sent"),
    ]
    if invited_on > on:
        found.append(violation("NO_DATE_ORDER", f"The invitation ({invited_on}) is after the "
                               f"meeting ({on})", field=("invitedOn",)))  # fmt: skip
    if record.held(number) is not None:
        found.append(violation("NO_DIALOGUE_MEETING_CLOSED", f"Dialogue meeting {number} was "
                               "already held; it cannot be moved", field=("number",)))  # fmt: skip
    if number in (2, 3) and (on - invited_on).days < NAV_NOTICE_DAYS:
        found.append(violation("NO_DIALOGUE_MEETING_NOTICE", f"The invitation to dialogue meeting "
                               f"{number} goes out {(on - invited_on).days} days ahead; NAV sends it "
                               f"{NAV_NOTICE_DAYS} days (3 weeks) ahead", field=("invitedOn",)))  # fmt: skip
    meetings = list(record.dialogue_meetings)
    index = _open_index(record, number)
    if index is None:
        meetings.append(DialogueMeeting(number, M.INNKALT, on, invited_on))
    else:
        meetings[index] = replace(
            meetings[index], status=M.NYTT_TID_STED, on=on, invited_on=invited_on
        )
    return tuple(meetings), found


def complete_meeting(record: CaseRecord, number: int, held_on: date, today: date) -> Outcome:
    """Record meeting `number` as held (FERDIGSTILT) on `held_on`."""
    found = [*_number_problem(number), *not_in_future(held_on, today, "heldOn", "A meeting held")]
    meetings = list(record.dialogue_meetings)
    index = _open_index(record, number)
    problem = None if index is not None else _closed_problem(record, number, "held")
    if problem is not None:
        return tuple(meetings), [*found, problem]
    if index is None:  # held without a recorded invitation
        meetings.append(DialogueMeeting(number, M.FERDIGSTILT, held_on, held_on, held_on=held_on))
    else:
        meetings[index] = replace(meetings[index], status=M.FERDIGSTILT, held_on=held_on)
    return tuple(meetings), found


def cancel_meeting(record: CaseRecord, number: int, on: date, today: date) -> Outcome:
    """Cancel the open meeting `number` (AVLYST)."""
    found = [*_number_problem(number), *not_in_future(on, today, "on", "A cancellation")]
    meetings = list(record.dialogue_meetings)
    index = _open_index(record, number)
    if index is None:
        problem = _closed_problem(record, number, "cancelled") or violation(
            "NO_DIALOGUE_MEETING_CLOSED", f"No dialogue meeting {number} has been called",
            field=("number",),
        )  # fmt: skip
        return tuple(meetings), [*found, problem]
    meetings[index] = replace(meetings[index], status=M.AVLYST, cancelled_on=on)
    return tuple(meetings), found


def write_minutes(record: CaseRecord, number: int, minutes: Minutes, today: date) -> Outcome:
    """Write (or edit) the minutes of held meeting `number`."""
    found = [*_number_problem(number),
             *not_in_future(minutes.written_on, today, "writtenOn", "Minutes written")]  # fmt: skip
    meetings = list(record.dialogue_meetings)
    held = next((i for i, m in enumerate(meetings) if m.number == number
                 and m.status is M.FERDIGSTILT), None)  # fmt: skip
    if held is None:
        latest = next((m for m in reversed(record.meetings(number))), None)
        state = f"is {latest.status.value}" if latest else "has not been called"
        return tuple(meetings), [*found, violation(
            "NO_DIALOGUE_MEETING_MINUTES", f"Dialogue meeting {number} {state}: minutes are "
            "written once it is FERDIGSTILT", field=("number",))]  # fmt: skip
    meeting = meetings[held]
    found += _minutes_problems(meeting, minutes.written_on, ())
    if meeting.minutes is not None and not minutes.change_reason:
        found.append(violation("NO_DIALOGUE_MEETING_MINUTES", "The meeting has minutes already: "
                               "say why they are changed", field=("changeReason",)))  # fmt: skip
    meetings[held] = replace(meeting, minutes=minutes)
    return tuple(meetings), found


@dataclass(frozen=True)
class PlanDue:
    """The updated follow-up plan the employer owes NAV before an open dialogue meeting 2 or 3."""

    number: int
    meeting_on: date
    due: date
    """A week before the meeting: the last day the plan reaches NAV in time."""
    sent_on: date | None
    """The day the plan was last shared with NAV (None: never)."""

    @property
    def in_time(self) -> bool:
        return self.sent_on is not None and self.sent_on <= self.due


def plans_due(case: CaseFacts, record: CaseRecord) -> list[PlanDue]:
    """For an employee, each open dialogue meeting 2 or 3 with the day the updated plan is due."""
    if case.employment_status is not EmploymentStatus.EMPLOYED:
        return []
    plan = record.follow_up_plan
    sent = plan.shared_with_nav_on if plan is not None else None
    days = {(m.number, m.on) for m in record.dialogue_meetings if m.number != 1 and m.is_open}
    days |= {
        (_NAV_MEETING_KINDS[m.kind], m.scheduled_for)
        for m in case.meetings
        if m.kind in _NAV_MEETING_KINDS and m.status is TeamMeetingStatus.SCHEDULED
        and m.scheduled_for is not None
    }  # fmt: skip
    return [
        PlanDue(number, on, on - timedelta(days=PLAN_BEFORE_MEETING_DAYS), sent)
        for number, on in sorted(days)
    ]
