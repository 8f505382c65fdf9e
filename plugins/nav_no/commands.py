"""Case commands: the `nav...` mutations that record a Norwegian case's follow-up.

Each is done by whoever does it in reality, with a scope that role holds:

| mutation                      | who                        | scope             |
|-------------------------------|----------------------------|-------------------|
| navRecordSickNote             | the sykmelder (CLINICIAN)  | assessments:write |
| navReviewBackdating           | the NAV adviser            | cases:write       |
| navRecordFollowUpPlan         | the employer               | plans:write       |
| navRecordFollowUpTask         | the employer               | plans:write       |
| navRecordFollowUpMeasure      | the employer               | plans:write       |
| navScheduleDialogueMeeting    | employer (1), NAV (2, 3)   | notes:write       |
| navCompleteDialogueMeeting    | employer (1), NAV (2, 3)   | notes:write       |
| navCancelDialogueMeeting      | employer (1), NAV (2, 3)   | notes:write       |
| navWriteMeetingMinutes        | employer (1), NAV (2, 3)   | notes:write       |
| navAssessActivityRequirement  | the NAV adviser            | cases:write       |
| navRecordSykmelderInformed    | the NAV adviser            | interventions:write |
| navRecordMeetingNeed          | the NAV adviser            | cases:write       |
| navRecordJobSeeker            | NAV (adviser, employment)  | plans:write       |
| navRecordWeek39Information    | the NAV adviser            | benefits:write    |
| navReportWork                 | the person on AAP, NAV     | notes:write       |
| navStartAapStepUp             | the NAV adviser            | benefits:write    |

`apply` is pure: it reads the case's records, applies the rules, and returns
the new details and the timeline line; an ERROR leaves the case unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

import strawberry

from vocrehab.hooks import (
    CaseCommand,
    CaseFacts,
    CommandResult,
    DataCategory,
    StakeholderType,
    Violation,
)
from vocrehab_nav_no.aap_work import report_work as report_aap_work
from vocrehab_nav_no.aap_work import start_step_up
from vocrehab_nav_no.activity import assess_requirement
from vocrehab_nav_no.backdating import BackdatingFacts, judge
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.dialogue import (
    cancel_meeting,
    complete_meeting,
    schedule_meeting,
    write_minutes,
)
from vocrehab_nav_no.follow_up_plan import PlanUpdate, record_measure, record_plan, record_task
from vocrehab_nav_no.interventions import arr_referral
from vocrehab_nav_no.language import texts
from vocrehab_nav_no.milestones import PLAN_SENT_EVENT
from vocrehab_nav_no.model import (
    ActivityAssessment,
    Measure,
    MeetingNeed,
    MeetingParticipant,
    Minutes,
    SickNote,
    SickNotePeriod,
    WorkReport,
    WorkTask,
)
from vocrehab_nav_no.rules import not_in_future, violation
from vocrehab_nav_no.schema_enums import (
    ActivityStatus,
    BackdatingDecision,
    DocumentedBy,
    ExceptionReason,
    Feasibility,
    FollowUpPlanStatus,
    IssuerProfession,
    MeasureStatus,
    PeriodType,
)
from vocrehab_nav_no.sick_notes import NoteContext, check_note

__all__ = ["COMMANDS", "MAX_PERIODS"]

R = StakeholderType
E = TypeVar("E", bound=StrEnum)
MAX_PERIODS = 20


@strawberry.input(name="NavSickNotePeriodInput", description="One period of a sick note.")
class SickNotePeriodInput:
    type: PeriodType = strawberry.field(description="The kind of period.")
    fom: date = strawberry.field(description="The first day (fra og med).")
    tom: date = strawberry.field(description="The last day (til og med).")
    grade: int | None = strawberry.field(default=None, description="GRADERT only: 1-99.")
    travel_grant: bool = strawberry.field(default=False, description="GRADERT with travel grant.")
    treatment_days: int | None = strawberry.field(
        default=None, description="BEHANDLINGSDAGER only."
    )
    advice_to_employer: str | None = strawberry.field(default=None, description="AVVENTENDE only.")


@strawberry.input(name="NavRecordSickNoteInput", description="A sick note, without its diagnosis.")
class RecordSickNoteInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    signed_on: date = strawberry.field(description="The day the sykmelder signed it.")
    periods: list[SickNotePeriodInput] = strawberry.field(
        description="Its periods, in order (at most 20)."
    )
    issuer_profession: IssuerProfession | None = strawberry.field(
        default=None, description="Who wrote it."
    )
    justification: str | None = strawberry.field(
        default=None,
        description="Why a backdated note was not written on its first day (felt 11.2). Read "
        "by NAV's backdating rules, never stored. Record the sick-note assessment first: an "
        "ICD-10 main diagnosis signed the same day accepts the backdating.",
    )


@strawberry.input(
    name="NavReviewBackdatingInput",
    description="The NAV adviser's decision on a backdated sick note sent to manual review.",
)
class ReviewBackdatingInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    note: int = strawberry.field(description="The note's position in sickNotes, from 0.")
    decision: BackdatingDecision = strawberry.field(description="Accepted or refused.")
    decided_on: date = strawberry.field(description="The day of the decision.")


@strawberry.input(
    name="NavRecordFollowUpPlanInput", description="The follow-up plan's status on a day."
)
class RecordFollowUpPlanInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    status: FollowUpPlanStatus = strawberry.field(description="The plan's status that day.")
    on: date = strawberry.field(description="The day.")
    shared_with_sykmelder: bool = strawberry.field(
        default=False, description="Sent to the sykmelder that day."
    )
    shared_with_nav: bool = strawberry.field(default=False, description="Sent to NAV that day.")
    in_house_measures_not_possible: bool | None = strawberry.field(
        default=None,
        description="The employer finds no measures possible at the workplace (an exception from the activity requirement).",
    )


@strawberry.input(
    name="NavRecordFollowUpTaskInput",
    description="A work task of the follow-up plan, added or (by its name) updated.",
)
class FollowUpTaskInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    name: str = strawberry.field(description="The work task (its name identifies it in the plan).")
    feasibility: Feasibility = strawberry.field(description="Whether the employee can do it.")
    description: str | None = strawberry.field(
        default=None, description="How, with adaptation; or why the task cannot be done."
    )


@strawberry.input(
    name="NavRecordFollowUpMeasureInput",
    description="A measure of the follow-up plan, added or (by its name) moved on its statuses.",
)
class FollowUpMeasureInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    name: str = strawberry.field(description="The measure (its name identifies it in the plan).")
    status: MeasureStatus = strawberry.field(description="Its status.")
    fom: date | None = strawberry.field(default=None, description="The first day.")
    tom: date | None = strawberry.field(default=None, description="The last day.")
    description: str | None = strawberry.field(default=None, description="What the measure is.")
    reason_not_relevant: str | None = strawberry.field(
        default=None, description="Why an IKKE_AKTUELT measure is not relevant."
    )


@strawberry.input(name="NavMeetingParticipantInput", description="Someone else at the meeting.")
class MeetingParticipantInput:
    function: str = strawberry.field(description="Their function (e.g. HR, union representative).")
    name: str = strawberry.field(description="Their name.")


@strawberry.input(
    name="NavWriteMeetingMinutesInput",
    description="The minutes (referat) of a held dialogue meeting; again to edit them.",
)
class MeetingMinutesInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    number: int = strawberry.field(description="The meeting: 1, 2 or 3.")
    written_on: date = strawberry.field(description="The day the minutes were written.")
    situation: str = strawberry.field(description="The situation as discussed.")
    conclusion: str = strawberry.field(description="What was concluded.")
    employee_task: str = strawberry.field(description="What the employee does next.")
    employer_task: str = strawberry.field(description="What the employer does next.")
    nav_task: str | None = strawberry.field(default=None, description="What NAV does next.")
    sykmelder_task: str | None = strawberry.field(
        default=None, description="What the sykmelder does next."
    )
    others: list[MeetingParticipantInput] = strawberry.field(
        default_factory=list, description="Others at the meeting."
    )
    change_reason: str | None = strawberry.field(
        default=None, description="Why minutes already written are changed."
    )


@strawberry.input(name="NavScheduleDialogueMeetingInput", description="Call or move a meeting.")
class ScheduleMeetingInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    number: int = strawberry.field(description="The meeting: 1, 2 or 3.")
    on: date = strawberry.field(description="The day of the meeting.")
    invited_on: date = strawberry.field(description="The day the invitation was sent.")


@strawberry.input(name="NavCompleteDialogueMeetingInput", description="A meeting was held.")
class CompleteMeetingInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    number: int = strawberry.field(description="The meeting: 1, 2 or 3.")
    held_on: date = strawberry.field(description="The day it was held.")


@strawberry.input(name="NavCancelDialogueMeetingInput", description="A meeting is cancelled.")
class CancelMeetingInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    number: int = strawberry.field(description="The meeting: 1, 2 or 3.")
    on: date = strawberry.field(description="The day it was cancelled.")


@strawberry.input(
    name="NavAssessActivityRequirementInput", description="NAV's assessment at week 8."
)
class AssessActivityInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    status: ActivityStatus = strawberry.field(description="NAV's assessment.")
    assessed_on: date = strawberry.field(description="The day of the assessment.")
    exception_reason: ExceptionReason | None = strawberry.field(
        default=None, description="For UNNTAK: which exception of ftrl § 8-8 (MEDICAL data)."
    )
    documented_by: DocumentedBy | None = strawberry.field(
        default=None, description="For UNNTAK: who documented it (MEDICAL data)."
    )


@strawberry.input(
    name="NavRecordSykmelderInformedInput",
    description="NAV told the sykmelder of the referral to work-oriented rehabilitation.",
)
class SykmelderInformedInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    informed_on: date = strawberry.field(description="The day NAV told the sykmelder.")


@strawberry.input(
    name="NavRecordMeetingNeedInput",
    description="NAV asked at week 16 whether dialogue meeting 2 is needed; the answers so far.",
)
class MeetingNeedInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    asked_on: date = strawberry.field(description="The day NAV asked.")
    employee_needs_meeting: bool | None = strawberry.field(
        default=None, description="The employee's answer, once given."
    )
    employer_needs_meeting: bool | None = strawberry.field(
        default=None, description="The employer's answer, once given."
    )


@strawberry.input(
    name="NavRecordWeek39InformationInput",
    description="NAV informed the person of the maksdato and the way forward (week 39).",
)
class Week39InformationInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    informed_on: date = strawberry.field(description="The day NAV informed the person.")


@strawberry.input(
    name="NavRecordJobSeekerInput",
    description="The person registered with NAV as a job seeker (arbeidssøker).",
)
class JobSeekerInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    registered_on: date = strawberry.field(description="The day they registered.")


@strawberry.input(
    name="NavReportWorkInput",
    description="Hours worked in a 14-day reporting period on AAP (meldekort), from a Monday; "
    "again for the same period to correct it.",
)
class ReportWorkInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    period_from: date = strawberry.field(
        description="The Monday the 14-day reporting period starts."
    )
    hours: float = strawberry.field(description="Hours worked in the period.")


@strawberry.input(
    name="NavStartAapStepUpInput",
    description="NAV grants the one-time step-up to 80 % work for 12 months on AAP.",
)
class AapStepUpInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    step_up_from: date = strawberry.field(description="The first day of the step-up.")


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
    record = read_record(case)
    note = _note(given)
    found = check_note(note, NoteContext.of(case, today))
    if note.periods and not found:
        facts = BackdatingFacts.of(case, record.sick_notes, note.signed_on)
        backdating, judged = judge(note, getattr(given, "justification", None), facts)
        note, found = replace(note, backdating=backdating), judged
    if len(given.periods) > MAX_PERIODS:
        found.append(violation("NO_DETAILS_INVALID", f"At most {MAX_PERIODS} periods per note",
                               field=("periods",)))  # fmt: skip
    if note.signed_on > today:
        found.append(violation("NO_DATE_IN_FUTURE", f"The note cannot be signed on {note.signed_on}, "
                               "a day still to come", field=("signedOn",)))  # fmt: skip
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


_TEXT = 5000
_NAME = 200
MAX_PARTICIPANTS = 20


def _text(found: list[Violation], value: str | None, field: str, limit: int = _TEXT,
          required: bool = False) -> str | None:  # fmt: skip
    """Trimmed text, with NO_DETAILS_INVALID for one that is too long or required but blank."""
    text = (value or "").strip()
    if len(text) > limit:
        found.append(violation("NO_DETAILS_INVALID", f"At most {limit} characters",
                               field=(field,)))  # fmt: skip
    elif required and not text:
        found.append(violation("NO_DETAILS_INVALID", "Cannot be blank", field=(field,)))
    return text or None


def record_follow_up_task(case: CaseFacts, given: Any, today: date) -> CommandResult:
    record = read_record(case)
    found: list[Violation] = []
    name = _text(found, given.name, "name", _NAME, required=True)
    task = WorkTask(
        name or "", Feasibility(given.feasibility), _text(found, given.description, "description")
    )
    plan, problems = (
        record_task(record.follow_up_plan, task) if not found else (record.follow_up_plan, [])
    )
    details = replace(record, follow_up_plan=plan).to_json()
    return CommandResult(details, "no.follow_up_plan.task_recorded",
                         f"Follow-up plan task recorded: {task.feasibility.value}",
                         tuple(found + problems))  # fmt: skip


def record_follow_up_measure(case: CaseFacts, given: Any, today: date) -> CommandResult:
    record = read_record(case)
    found: list[Violation] = []
    measure = Measure(
        _text(found, given.name, "name", _NAME, required=True) or "", MeasureStatus(given.status),
        given.fom, given.tom, _text(found, given.description, "description"),
        _text(found, given.reason_not_relevant, "reasonNotRelevant"),
    )  # fmt: skip
    plan, problems = (
        record_measure(record.follow_up_plan, measure) if not found
        else (record.follow_up_plan, [])
    )  # fmt: skip
    details = replace(record, follow_up_plan=plan).to_json()
    return CommandResult(details, "no.follow_up_plan.measure_recorded",
                         f"Follow-up plan measure recorded: {measure.status.value}",
                         tuple(found + problems))  # fmt: skip


def write_meeting_minutes(case: CaseFacts, given: Any, today: date) -> CommandResult:
    found: list[Violation] = []
    required = {key: _text(found, getattr(given, key), camel, required=True) for key, camel in (
        ("situation", "situation"), ("conclusion", "conclusion"),
        ("employee_task", "employeeTask"), ("employer_task", "employerTask"))}  # fmt: skip
    if len(given.others) > MAX_PARTICIPANTS:
        found.append(violation("NO_DETAILS_INVALID", f"At most {MAX_PARTICIPANTS} other "
                               "participants", field=("others",)))  # fmt: skip
    others = tuple(
        MeetingParticipant(_text(found, o.function, "others", _NAME, True) or "",
                           _text(found, o.name, "others", _NAME, True) or "")
        for o in given.others[:MAX_PARTICIPANTS]
    )  # fmt: skip
    minutes = Minutes(
        given.written_on, required["situation"] or "", required["conclusion"] or "",
        required["employee_task"] or "", required["employer_task"] or "",
        _text(found, given.nav_task, "navTask"), _text(found, given.sykmelder_task, "sykmelderTask"),
        others, _text(found, given.change_reason, "changeReason"),
    )  # fmt: skip
    outcome = write_minutes(read_record(case), given.number, minutes, today)
    result = _meeting_result(case, (outcome[0], found + outcome[1]), "no.dialogue_meeting.minutes",
                             f"Minutes of dialogue meeting {given.number} written")  # fmt: skip
    return result


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
    medical = assessment.exception_reason is ExceptionReason.MEDISINSKE_GRUNNER
    return CommandResult(details, "no.activity_requirement.assessed",
                         f"Activity requirement assessed: {assessment.status.value}", tuple(found),
                         category=DataCategory.MEDICAL if medical else None)  # fmt: skip


def record_sykmelder_informed(case: CaseFacts, given: Any, today: date) -> CommandResult:
    record = read_record(case)
    found = not_in_future(given.informed_on, today, "informedOn", "The sykmelder told")
    referral = arr_referral(case)
    if referral is None:
        found.append(violation("NO_ARR_NO_REFERRAL", "No running referral to work-oriented "
                               "rehabilitation of someone on sick leave to tell the sykmelder of",
                               field=("caseId",)))  # fmt: skip
    elif given.informed_on < referral[1]:
        found.append(violation("NO_ARR_NO_REFERRAL", f"The referral was made on {referral[1]}; the "
                               f"sykmelder cannot have been told of it on {given.informed_on}",
                               field=("informedOn",)))  # fmt: skip
    days = tuple(sorted({*record.sykmelder_informed_of_referral, given.informed_on}))
    details = replace(record, sykmelder_informed_of_referral=days).to_json()
    return CommandResult(details, "no.arr_referral.sykmelder_informed",
                         "The sykmelder was told of the referral to work-oriented rehabilitation",
                         tuple(found))  # fmt: skip


def review_backdating(case: CaseFacts, given: Any, today: date) -> CommandResult:
    record = read_record(case)
    notes = list(record.sick_notes)
    found = not_in_future(given.decided_on, today, "decidedOn", "A decision made")
    index = given.note
    backdating = notes[index].backdating if 0 <= index < len(notes) else None
    if backdating is None or not backdating.awaits_review:
        found.append(violation("NO_SICK_NOTE_NOT_UNDER_REVIEW", f"Sick note {index} does not "
                               "await a manual review of its backdating", field=("note",)))  # fmt: skip
    elif given.decided_on < notes[index].signed_on:
        found.append(violation("NO_DATE_ORDER", f"The decision ({given.decided_on}) comes after "
                               f"the note was signed ({notes[index].signed_on})",
                               field=("decidedOn",)))  # fmt: skip
    else:
        decision = BackdatingDecision(given.decision)
        decided = replace(backdating, decision=decision, decided_on=given.decided_on)
        notes[index] = replace(notes[index], backdating=decided)
    details = replace(record, sick_notes=tuple(notes)).to_json()
    return CommandResult(details, "no.sick_note.backdating_reviewed",
                         f"Backdating of sick note {index} reviewed: {given.decision}",
                         tuple(found))  # fmt: skip


def record_meeting_need(case: CaseFacts, given: Any, today: date) -> CommandResult:
    record = read_record(case)
    found = not_in_future(given.asked_on, today, "askedOn", "NAV asked")
    need = MeetingNeed(given.asked_on, given.employee_needs_meeting, given.employer_needs_meeting)
    details = replace(record, meeting_need=need).to_json()
    wanted = "wanted" if need.wanted else "not asked for yet"
    return CommandResult(details, "no.meeting_need.recorded",
                         f"Need for dialogue meeting 2 recorded: {wanted}", tuple(found))  # fmt: skip


def record_week_39_information(case: CaseFacts, given: Any, today: date) -> CommandResult:
    record = read_record(case)
    found = not_in_future(given.informed_on, today, "informedOn", "NAV informed")
    details = replace(record, week_39_informed_on=given.informed_on).to_json()
    return CommandResult(details, "no.maksdato.informed", "Informed of the maksdato (week 39)",
                         tuple(found), category=DataCategory.BENEFITS)  # fmt: skip


def record_job_seeker(case: CaseFacts, given: Any, today: date) -> CommandResult:
    record = read_record(case)
    found = not_in_future(given.registered_on, today, "registeredOn", "A registration")
    details = replace(record, job_seeker_registered_on=given.registered_on).to_json()
    return CommandResult(details, "no.job_seeker.registered", "Registered as a job seeker",
                         tuple(found))  # fmt: skip


def report_work(case: CaseFacts, given: Any, today: date) -> CommandResult:
    record, found = report_aap_work(case, read_record(case), WorkReport(given.period_from,
                                    float(given.hours)), today)  # fmt: skip
    found = [replace(v, field=("periodFrom",)) if v.field == ("from",) else v for v in found]
    return CommandResult(record.to_json(), "no.aap.work_reported",
                         f"Work reported for the period from {given.period_from}", tuple(found),
                         category=DataCategory.BENEFITS)  # fmt: skip


def start_aap_step_up(case: CaseFacts, given: Any, today: date) -> CommandResult:
    record, found = start_step_up(case, read_record(case), given.step_up_from)
    found = [replace(v, field=("stepUpFrom",)) for v in found]
    return CommandResult(record.to_json(), "no.aap.step_up_started",
                         f"AAP step-up from {given.step_up_from}", tuple(found),
                         category=DataCategory.BENEFITS)  # fmt: skip


_MEETING_ROLES = (R.EMPLOYER, R.CASE_MANAGER)

COMMANDS: tuple[CaseCommand, ...] = (
    CaseCommand("navRecordSickNote", RecordSickNoteInput, (R.CLINICIAN,), "assessments:write",
                texts("Registrer en sykmelding (perioder og grad, uten diagnose).",
                      "Record a sick note (periods and grades, without the diagnosis)."),
                record_sick_note),
    CaseCommand("navReviewBackdating", ReviewBackdatingInput, (R.CASE_MANAGER,), "cases:write",
                texts("Registrer NAVs manuelle vurdering av en tilbakedatert sykmelding.",
                      "Record NAV's manual review of a backdated sick note."), review_backdating),
    CaseCommand("navRecordFollowUpPlan", RecordFollowUpPlanInput, (R.EMPLOYER,), "plans:write",
                texts("Registrer oppfølgingsplanens status, og om den er sendt sykmelder og NAV.",
                      "Record the follow-up plan's status, and whether it was sent to the "
                      "sykmelder and NAV."), record_follow_up_plan),
    CaseCommand("navRecordFollowUpTask", FollowUpTaskInput, (R.EMPLOYER,), "plans:write",
                texts("Registrer en arbeidsoppgave i oppfølgingsplanen, og om den kan gjøres.",
                      "Record a work task of the follow-up plan, and whether it can be done."),
                record_follow_up_task),
    CaseCommand("navRecordFollowUpMeasure", FollowUpMeasureInput, (R.EMPLOYER,), "plans:write",
                texts("Registrer et tiltak i oppfølgingsplanen og dets status.",
                      "Record a measure of the follow-up plan and its status."),
                record_follow_up_measure),
    CaseCommand("navScheduleDialogueMeeting", ScheduleMeetingInput, _MEETING_ROLES, "notes:write",
                texts("Kall inn til et dialogmøte, eller flytt det (nytt tid/sted).",
                      "Call a dialogue meeting, or move it (new time or place)."),
                schedule_dialogue_meeting),
    CaseCommand("navCompleteDialogueMeeting", CompleteMeetingInput, _MEETING_ROLES, "notes:write",
                texts("Registrer at et dialogmøte er holdt.", "Record that a dialogue meeting was held."),
                complete_dialogue_meeting),
    CaseCommand("navCancelDialogueMeeting", CancelMeetingInput, _MEETING_ROLES, "notes:write",
                texts("Avlys et dialogmøte.", "Cancel a dialogue meeting."), cancel_dialogue_meeting),
    CaseCommand("navWriteMeetingMinutes", MeetingMinutesInput, _MEETING_ROLES, "notes:write",
                texts("Skriv (eller endre) referatet fra et ferdigstilt dialogmøte.",
                      "Write (or change) the minutes of a held dialogue meeting."),
                write_meeting_minutes),
    CaseCommand("navAssessActivityRequirement", AssessActivityInput, (R.CASE_MANAGER,), "cases:write",
                texts("Registrer NAVs vurdering av aktivitetsplikten (ftrl § 8-8).",
                      "Record NAV's assessment of the activity requirement (ftrl § 8-8)."),
                assess_activity_requirement, DataCategory.MEDICAL),
    CaseCommand("navRecordSykmelderInformed", SykmelderInformedInput, (R.CASE_MANAGER,),
                "interventions:write",
                texts("Registrer at sykmelderen har fått beskjed om henvisningen til arbeidsrettet "
                      "rehabilitering.",
                      "Record that the sykmelder was told of the referral to work-oriented "
                      "rehabilitation."), record_sykmelder_informed),
    CaseCommand("navRecordMeetingNeed", MeetingNeedInput, (R.CASE_MANAGER,), "cases:write",
                texts("Registrer at NAV har spurt om behov for dialogmøte 2 (uke 16), og svarene.",
                      "Record that NAV asked about the need for dialogue meeting 2 (week 16), "
                      "and the answers."), record_meeting_need),
    CaseCommand("navRecordJobSeeker", JobSeekerInput, (R.CASE_MANAGER, R.EMPLOYMENT_OFFICER),
                "plans:write",
                texts("Registrer at personen er registrert som arbeidssøker hos NAV.",
                      "Record that the person is registered with NAV as a job seeker."),
                record_job_seeker),
    CaseCommand("navRecordWeek39Information", Week39InformationInput, (R.CASE_MANAGER,),
                "benefits:write",
                texts("Registrer at NAV har informert om maksdato og veien videre (uke 39).",
                      "Record that NAV informed of the maksdato and the way forward (week 39)."),
                record_week_39_information, DataCategory.BENEFITS),
    CaseCommand("navReportWork", ReportWorkInput, (R.PARTICIPANT, R.CASE_MANAGER), "notes:write",
                texts("Meld timer arbeidet i en meldeperiode på AAP (meldekort).",
                      "Report the hours worked in a reporting period on AAP (meldekort)."),
                report_work, DataCategory.BENEFITS),
    CaseCommand("navStartAapStepUp", AapStepUpInput, (R.CASE_MANAGER,), "benefits:write",
                texts("Innvilg opptrapping til 80 % arbeid på AAP i 12 måneder (én gang).",
                      "Grant the step-up to 80 % work on AAP for 12 months (once)."),
                start_aap_step_up, DataCategory.BENEFITS),
)  # fmt: skip
