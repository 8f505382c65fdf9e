"""Case commands: the `nav...` mutations that record a Norwegian case's follow-up.

Each is done by whoever does it in reality, with a scope that role holds:

| mutation                      | who                        | scope             |
|-------------------------------|----------------------------|-------------------|
| navRecordSickNote             | the sykmelder (CLINICIAN)  | assessments:write |
| navRecordFollowUpPlan         | the employer               | plans:write       |
| navScheduleDialogueMeeting    | employer (1), NAV (2, 3)   | notes:write       |
| navCompleteDialogueMeeting    | employer (1), NAV (2, 3)   | notes:write       |
| navCancelDialogueMeeting      | employer (1), NAV (2, 3)   | notes:write       |
| navAssessActivityRequirement  | the NAV adviser            | cases:write       |

`apply` is pure: it reads the case's records, applies the rules, and returns
the new details and the timeline line; an ERROR leaves the case unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

import strawberry

from vocrehab.hooks import CaseCommand, CaseFacts, CommandResult, StakeholderType, Violation
from vocrehab_nav_no.activity import assess_requirement
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.dialogue import cancel_meeting, complete_meeting, schedule_meeting
from vocrehab_nav_no.follow_up_plan import PlanUpdate, record_plan
from vocrehab_nav_no.language import texts
from vocrehab_nav_no.milestones import PLAN_SENT_EVENT
from vocrehab_nav_no.model import (
    ActivityAssessment,
    ActivityStatus,
    DocumentedBy,
    ExceptionReason,
    FollowUpPlanStatus,
    IssuerProfession,
    PeriodType,
    SickNote,
    SickNotePeriod,
)
from vocrehab_nav_no.rules import violation
from vocrehab_nav_no.sick_notes import NoteContext, check_note

__all__ = ["COMMANDS", "MAX_PERIODS"]

R = StakeholderType
E = TypeVar("E", bound=StrEnum)
MAX_PERIODS = 20


@strawberry.input(name="NavSickNotePeriodInput", description="One period of a sick note.")
class SickNotePeriodInput:
    type: PeriodType
    fom: date
    tom: date
    grade: int | None = strawberry.field(default=None, description="GRADERT only: 1-99.")
    travel_grant: bool = strawberry.field(default=False, description="GRADERT with travel grant.")
    treatment_days: int | None = strawberry.field(
        default=None, description="BEHANDLINGSDAGER only."
    )
    advice_to_employer: str | None = strawberry.field(default=None, description="AVVENTENDE only.")


@strawberry.input(name="NavRecordSickNoteInput", description="A sick note, without its diagnosis.")
class RecordSickNoteInput:
    case_id: strawberry.ID
    signed_on: date
    periods: list[SickNotePeriodInput]
    issuer_profession: IssuerProfession | None = None


@strawberry.input(
    name="NavRecordFollowUpPlanInput", description="The follow-up plan's status on a day."
)
class RecordFollowUpPlanInput:
    case_id: strawberry.ID
    status: FollowUpPlanStatus
    on: date
    shared_with_sykmelder: bool = False
    shared_with_nav: bool = False
    in_house_measures_not_possible: bool | None = None


@strawberry.input(name="NavScheduleDialogueMeetingInput", description="Call or move a meeting.")
class ScheduleMeetingInput:
    case_id: strawberry.ID
    number: int
    on: date
    invited_on: date


@strawberry.input(name="NavCompleteDialogueMeetingInput", description="A meeting was held.")
class CompleteMeetingInput:
    case_id: strawberry.ID
    number: int
    held_on: date


@strawberry.input(name="NavCancelDialogueMeetingInput", description="A meeting is cancelled.")
class CancelMeetingInput:
    case_id: strawberry.ID
    number: int
    on: date


@strawberry.input(
    name="NavAssessActivityRequirementInput", description="NAV's assessment at week 8."
)
class AssessActivityInput:
    case_id: strawberry.ID
    status: ActivityStatus
    assessed_on: date
    exception_reason: ExceptionReason | None = None
    documented_by: DocumentedBy | None = None


def _optional(kind: type[E], value: object) -> E | None:
    """An enum member from a GraphQL enum or its name (callers outside GraphQL pass names)."""
    return None if value is None else kind(str(value))


def _note(given: Any) -> SickNote:
    periods = tuple(
        SickNotePeriod(PeriodType(p.type), p.fom, p.tom, p.grade, p.travel_grant, p.treatment_days,
                       (p.advice_to_employer or "").strip() or None)
        for p in given.periods[:MAX_PERIODS]
    )  # fmt: skip
    return SickNote(given.signed_on, periods, _optional(IssuerProfession, given.issuer_profession))


def record_sick_note(case: CaseFacts, given: Any, today: date) -> CommandResult:
    note = _note(given)
    found = check_note(note, NoteContext.of(case, today))
    if len(given.periods) > MAX_PERIODS:
        found.append(violation("NO_DETAILS_INVALID", f"At most {MAX_PERIODS} periods per note",
                               field=("periods",)))  # fmt: skip
    if note.signed_on > today:
        found.append(violation("NO_DATE_IN_FUTURE", f"The note cannot be signed on {note.signed_on}, "
                               "a day still to come", field=("signedOn",)))  # fmt: skip
    record = read_record(case)
    record = replace(record, sick_notes=(*record.sick_notes, note))
    span = f"{note.first_fom} to {note.last_tom}" if note.periods else "no period"
    return CommandResult(record.to_json(), "no.sick_note.recorded",
                         f"Sick note recorded ({span})", tuple(found))  # fmt: skip


def record_follow_up_plan(case: CaseFacts, given: Any, today: date) -> CommandResult:
    record = read_record(case)
    before = record.follow_up_plan
    status = FollowUpPlanStatus(given.status)
    update = PlanUpdate(status, given.on, given.shared_with_sykmelder, given.shared_with_nav,
                        given.in_house_measures_not_possible)  # fmt: skip
    plan, found = record_plan(before, update, today)
    sent_before = before is not None and before.shared_with_sykmelder_on is not None
    if plan is not None and plan.shared_with_sykmelder_on is not None and not sent_before:
        kind, summary = PLAN_SENT_EVENT, "Follow-up plan approved and sent to the sykmelder"
    elif given.shared_with_nav:
        kind, summary = "no.follow_up_plan.sent_to_nav", "Follow-up plan sent to NAV"
    else:
        kind, summary = (
            f"no.follow_up_plan.{status.value.lower()}",
            f"Follow-up plan {status.value}",
        )
    details = replace(record, follow_up_plan=plan).to_json()
    return CommandResult(details, kind, summary, tuple(found))


def _meeting_result(
    case: CaseFacts, outcome: tuple[Any, list[Violation]], kind: str, summary: str
) -> CommandResult:
    meetings, found = outcome
    details = replace(read_record(case), dialogue_meetings=meetings).to_json()
    return CommandResult(details, kind, summary, tuple(found))


def schedule_dialogue_meeting(case: CaseFacts, given: Any, today: date) -> CommandResult:
    outcome = schedule_meeting(read_record(case), given.number, given.on, given.invited_on, today)
    return _meeting_result(case, outcome, "no.dialogue_meeting.called",
                           f"Dialogue meeting {given.number} called for {given.on}")  # fmt: skip


def complete_dialogue_meeting(case: CaseFacts, given: Any, today: date) -> CommandResult:
    outcome = complete_meeting(read_record(case), given.number, given.held_on, today)
    return _meeting_result(case, outcome, "no.dialogue_meeting.held",
                           f"Dialogue meeting {given.number} held on {given.held_on}")  # fmt: skip


def cancel_dialogue_meeting(case: CaseFacts, given: Any, today: date) -> CommandResult:
    outcome = cancel_meeting(read_record(case), given.number, given.on, today)
    return _meeting_result(case, outcome, "no.dialogue_meeting.cancelled",
                           f"Dialogue meeting {given.number} cancelled")  # fmt: skip


def assess_activity_requirement(case: CaseFacts, given: Any, today: date) -> CommandResult:
    record = read_record(case)
    assessment = ActivityAssessment(
        ActivityStatus(given.status), given.assessed_on,
        _optional(ExceptionReason, given.exception_reason), _optional(DocumentedBy, given.documented_by),
    )  # fmt: skip
    found = assess_requirement(record, assessment, today)
    details = replace(record, activity_requirement=assessment).to_json()
    return CommandResult(details, "no.activity_requirement.assessed",
                         f"Activity requirement assessed: {assessment.status.value}", tuple(found))  # fmt: skip


_MEETING_ROLES = (R.EMPLOYER, R.CASE_MANAGER)

COMMANDS: tuple[CaseCommand, ...] = (
    CaseCommand("navRecordSickNote", RecordSickNoteInput, (R.CLINICIAN,), "assessments:write",
                texts("Registrer en sykmelding (perioder og grad, uten diagnose).",
                      "Record a sick note (periods and grades, without the diagnosis)."),
                record_sick_note),
    CaseCommand("navRecordFollowUpPlan", RecordFollowUpPlanInput, (R.EMPLOYER,), "plans:write",
                texts("Registrer oppfølgingsplanens status, og om den er sendt sykmelder og NAV.",
                      "Record the follow-up plan's status, and whether it was sent to the "
                      "sykmelder and NAV."), record_follow_up_plan),
    CaseCommand("navScheduleDialogueMeeting", ScheduleMeetingInput, _MEETING_ROLES, "notes:write",
                texts("Kall inn til et dialogmøte, eller flytt det (nytt tid/sted).",
                      "Call a dialogue meeting, or move it (new time or place)."),
                schedule_dialogue_meeting),
    CaseCommand("navCompleteDialogueMeeting", CompleteMeetingInput, _MEETING_ROLES, "notes:write",
                texts("Registrer at et dialogmøte er holdt.", "Record that a dialogue meeting was held."),
                complete_dialogue_meeting),
    CaseCommand("navCancelDialogueMeeting", CancelMeetingInput, _MEETING_ROLES, "notes:write",
                texts("Avlys et dialogmøte.", "Cancel a dialogue meeting."), cancel_dialogue_meeting),
    CaseCommand("navAssessActivityRequirement", AssessActivityInput, (R.CASE_MANAGER,), "cases:write",
                texts("Registrer NAVs vurdering av aktivitetsplikten (ftrl § 8-8).",
                      "Record NAV's assessment of the activity requirement (ftrl § 8-8)."),
                assess_activity_requirement),
)  # fmt: skip
