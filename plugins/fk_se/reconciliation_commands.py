"""The mutations of the reconciliation meeting: plan it, record it as held, cancel it.

Försäkringskassan's case officer convenes and documents the meeting
(SFB 110 kap. 14 § 4 p.), so all three are the CASE_MANAGER's, with
cases:write. Rules:
- FK_MEETING_PARTICIPANTS: the insured person and Försäkringskassan take
  part, with at least one other, each named once;
- FK_MEETING_MINUTES: a held meeting has its outcome and the next step
  agreed: what (text), by whom (an actor of the case), by when (not before
  the meeting);
- FK_MEETING_STATE: only a planned meeting can be held or cancelled, and one
  meeting is planned at a time;
- FK_DATE_IN_FUTURE: a meeting is recorded as held once it has been.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import strawberry

from vocrehab.hooks import CaseCommand, CaseFacts, CommandResult, StakeholderType, Violation
from vocrehab_fk_se.details import stored_details
from vocrehab_fk_se.language import both
from vocrehab_fk_se.reconciliation import (
    MAX_MEETINGS,
    MAX_TEXT,
    MEETING_FIELD,
    RESPONSIBLE,
    NextStep,
    ReconciliationMeeting,
    meetings_of,
)
from vocrehab_fk_se.rules import not_in_future, violation
from vocrehab_fk_se.vocabulary import MeetingParticipant, MeetingStatus

__all__ = [
    "MEETING_COMMANDS",
    "CancelReconciliationMeetingInput",
    "PlanReconciliationMeetingInput",
    "RecordReconciliationMeetingInput",
]

P = MeetingParticipant
_TEAM_TEXT = " Visible to the whole case team, the employer included: no diagnoses."


@strawberry.input(
    name="FkPlanReconciliationMeetingInput",
    description="Försäkringskassan calls a reconciliation meeting (avstämningsmöte).",
)
class PlanReconciliationMeetingInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    planned_for: date = strawberry.field(description="The day it is planned for.")
    requested_by: MeetingParticipant = strawberry.field(
        default=MeetingParticipant.FORSAKRINGSKASSAN,
        description="Who asked for the meeting (the employer may; Försäkringskassan decides).",
    )


@strawberry.input(
    name="FkRecordReconciliationMeetingInput",
    description="A reconciliation meeting that was held: who took part, the outcome, the next step.",
)
class RecordReconciliationMeetingInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    held_on: date = strawberry.field(description="The day it was held.")
    participants: list[MeetingParticipant] = strawberry.field(description="Who took part.")
    outcome: str = strawberry.field(description="What the meeting found and agreed." + _TEAM_TEXT)
    next_step: str = strawberry.field(description="The next step agreed." + _TEAM_TEXT)
    next_step_by: MeetingParticipant = strawberry.field(description="Who takes the next step.")
    next_step_due: date | None = strawberry.field(
        default=None, description="By when the next step is due."
    )
    meeting_number: int | None = strawberry.field(
        default=None, description="The planned meeting held; omit for one not planned ahead."
    )


@strawberry.input(
    name="FkCancelReconciliationMeetingInput",
    description="A planned reconciliation meeting that will not take place.",
)
class CancelReconciliationMeetingInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    meeting_number: int = strawberry.field(description="The planned meeting's number.")


def _result(
    case: CaseFacts, meetings: list[ReconciliationMeeting], kind: str, summary: str,
    problems: list[Violation],
) -> CommandResult:  # fmt: skip
    details = {**stored_details(case), MEETING_FIELD: [m.to_json() for m in meetings]}
    return CommandResult(details, f"se.reconciliation_meeting.{kind}", summary, tuple(problems))


def _state(message: str, field: str = "meetingNumber") -> Violation:
    return violation("FK_MEETING_STATE", message, (field,))


def plan_meeting(case: CaseFacts, given: Any, today: date) -> CommandResult:
    meetings = list(meetings_of(stored_details(case)))
    problems: list[Violation] = []
    planned = [m.number for m in meetings if m.status is MeetingStatus.PLANNED]
    if planned:
        problems.append(
            _state(
                f"Meeting {planned[0]} is already planned: hold or cancel it first", "plannedFor"
            )
        )
    if len(meetings) >= MAX_MEETINGS:
        problems.append(
            violation("FK_DETAILS_INVALID", f"A case holds at most {MAX_MEETINGS} meetings")
        )
    number = len(meetings) + 1
    meetings.append(ReconciliationMeeting(
        number, MeetingStatus.PLANNED, planned_for=given.planned_for,
        requested_by=MeetingParticipant(given.requested_by),
    ))  # fmt: skip
    return _result(
        case,
        meetings,
        "planned",
        f"Reconciliation meeting {number} planned for {given.planned_for}",
        problems,
    )


def record_meeting(case: CaseFacts, given: Any, today: date) -> CommandResult:
    meetings = list(meetings_of(stored_details(case)))
    problems = not_in_future(given.held_on, today, "heldOn")
    participants = tuple(MeetingParticipant(p) for p in given.participants)
    problems += _participants(participants)
    step = NextStep(
        given.next_step.strip(), MeetingParticipant(given.next_step_by), given.next_step_due
    )
    outcome = given.outcome.strip()
    problems += _minutes(outcome, step, given.held_on)
    held = dict(status=MeetingStatus.HELD, held_on=given.held_on, participants=participants,
                outcome=outcome, next_step=step)  # fmt: skip
    if given.meeting_number is None:
        number = len(meetings) + 1
        if number > MAX_MEETINGS:
            problems.append(
                violation("FK_DETAILS_INVALID", f"A case holds at most {MAX_MEETINGS} meetings")
            )
        meetings.append(ReconciliationMeeting(number, **held))  # type: ignore[arg-type]
    else:
        number = given.meeting_number
        index, problem = _planned(meetings, number, "held")
        problems += problem
        if index is not None:
            meetings[index] = replace(meetings[index], **held)  # type: ignore[arg-type]
    return _result(
        case, meetings, "held", f"Reconciliation meeting {number} held on {given.held_on}", problems
    )


def cancel_meeting(case: CaseFacts, given: Any, today: date) -> CommandResult:
    meetings = list(meetings_of(stored_details(case)))
    index, problems = _planned(meetings, given.meeting_number, "cancelled")
    if index is not None:
        meetings[index] = replace(meetings[index], status=MeetingStatus.CANCELLED)
    return _result(
        case,
        meetings,
        "cancelled",
        f"Reconciliation meeting {given.meeting_number} cancelled",
        problems,
    )


def _planned(
    meetings: list[ReconciliationMeeting], number: int, what: str
) -> tuple[int | None, list[Violation]]:
    index = next((i for i, m in enumerate(meetings) if m.number == number), None)
    if index is None:
        return None, [_state(f"The case has no reconciliation meeting {number}")]
    status = meetings[index].status
    if status is not MeetingStatus.PLANNED:
        return None, [
            _state(
                f"Meeting {number} is {status.value.lower()}: only a planned meeting can be {what}"
            )
        ]
    return index, []


def _participants(participants: tuple[MeetingParticipant, ...]) -> list[Violation]:
    at = ("participants",)
    found = []
    if len(set(participants)) != len(participants):
        found.append(violation("FK_MEETING_PARTICIPANTS", "Each participant is named once", at))
    missing = [p.value for p in (P.INSURED_PERSON, P.FORSAKRINGSKASSAN) if p not in participants]
    if missing:
        found.append(
            violation(
                "FK_MEETING_PARTICIPANTS",
                f"{' and '.join(missing)} take part in a reconciliation meeting",
                at,
            )
        )
    elif len(set(participants)) < 3:
        found.append(
            violation(
                "FK_MEETING_PARTICIPANTS",
                "A reconciliation meeting has at least one participant besides the insured person and Försäkringskassan",
                at,
            )
        )
    return found


def _minutes(outcome: str, step: NextStep, held_on: date) -> list[Violation]:
    found = []
    for text, field, what in (
        (outcome, "outcome", "The outcome"),
        (step.description, "nextStep", "The next step"),
    ):
        if not text or len(text) > MAX_TEXT:
            found.append(
                violation("FK_MEETING_MINUTES", f"{what} is 1-{MAX_TEXT} characters", (field,))
            )
    if step.responsible not in RESPONSIBLE:
        message = f"The next step is taken by an actor of the case, not by {step.responsible.value}"
        found.append(violation("FK_MEETING_MINUTES", message, ("nextStepBy",)))
    if step.due_date is not None and step.due_date < held_on:
        message = f"The next step is due ({step.due_date}) before the meeting ({held_on})"
        found.append(violation("FK_MEETING_MINUTES", message, ("nextStepDue",)))
    return found


_CASE_OFFICER = (StakeholderType.CASE_MANAGER,)
MEETING_COMMANDS: tuple[CaseCommand, ...] = (
    CaseCommand(
        name="fkPlanReconciliationMeeting", input_type=PlanReconciliationMeetingInput,
        roles=_CASE_OFFICER, scope="cases:write", apply=plan_meeting,
        descriptions=both("Kalla till ett avstämningsmöte (Försäkringskassan kallar och dokumenterar).",
                          "Call a reconciliation meeting (Försäkringskassan convenes and documents it)."),
    ),
    CaseCommand(
        name="fkRecordReconciliationMeeting", input_type=RecordReconciliationMeetingInput,
        roles=_CASE_OFFICER, scope="cases:write", apply=record_meeting,
        descriptions=both("Registrera ett hållet avstämningsmöte: vilka som deltog, resultatet och nästa steg.",
                          "Record a reconciliation meeting held: who took part, the outcome and the next step."),
    ),
    CaseCommand(
        name="fkCancelReconciliationMeeting", input_type=CancelReconciliationMeetingInput,
        roles=_CASE_OFFICER, scope="cases:write", apply=cancel_meeting,
        descriptions=both("Ställ in ett planerat avstämningsmöte.", "Cancel a planned reconciliation meeting."),
    ),
)  # fmt: skip
