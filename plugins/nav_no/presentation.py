"""The GraphQL face of a Norwegian case's details: `NavCaseDetails` and its parts.

Every name carries the `Nav` prefix so that no other plugin's schema can clash
with it. Clients select it with `jurisdictionDetails { ... on NavCaseDetails }`.
The enums are the model's own, registered under prefixed names, so a value
means the same in the stored JSON, the Python code and the schema.

Whoever sees the case reads these details, the employer included, so nothing
here is a benefit or medical fact beyond what the case already shows: the day
NAV gave the week-39 information on the maksdato is kept in the details but
shown only through its milestone (WEEK_39_INFORMATION, BENEFITS).
"""

from __future__ import annotations

from datetime import date

import strawberry

from vocrehab.hooks import CaseFacts, DataCategory, EmploymentStatus, JurisdictionDetails
from vocrehab.hooks.schema import data_categories
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.model import (
    ActivityAssessment,
    DialogueMeeting,
    FollowUpPlan,
    Minutes,
    SickNote,
)
from vocrehab_nav_no.schema_enums import (
    ActivityStatus,
    BackdatingDecision,
    BackdatingOutcome,
    DocumentedBy,
    ExceptionReason,
    Feasibility,
    FollowUpPlanStatus,
    IssuerProfession,
    MeasureStatus,
    MeetingStatus,
    PeriodType,
)
from vocrehab_nav_no.sick_pay import case_maksdato, employer_period_end, leave_start

__all__ = [
    "NavActivityRequirement",
    "NavBackdating",
    "NavCaseDetails",
    "NavDialogueMeeting",
    "NavFollowUpMeasure",
    "NavFollowUpPlan",
    "NavFollowUpTask",
    "NavMeetingMinutes",
    "NavMeetingNeed",
    "NavMeetingParticipant",
    "NavSickNote",
    "NavSickNotePeriod",
    "present_details",
]


@data_categories(DataCategory.PLAN)
@strawberry.type(description="One period of a sick note.")
class NavSickNotePeriod:
    type: PeriodType
    fom: date
    tom: date
    grade: int | None = strawberry.field(description="Percent on sick leave (GRADERT only, 1-99).")
    travel_grant: bool = strawberry.field(
        description="A graded period combined with a travel grant."
    )
    treatment_days: int | None = strawberry.field(description="BEHANDLINGSDAGER only.")
    advice_to_employer: str | None = strawberry.field(description="AVVENTENDE only.")


@data_categories(DataCategory.PLAN)
@strawberry.type(description="A note signed after its first day, and what NAV made of it.")
class NavBackdating:
    days: int = strawberry.field(description="Days between the first fom and the signature.")
    outcome: BackdatingOutcome
    reason: str | None = strawberry.field(description="NAV's rule outcome behind a manual review.")
    decision: BackdatingDecision | None
    decided_on: date | None


@data_categories(DataCategory.PLAN)
@strawberry.type(description="A sick note (sykmelding): its periods, without the diagnosis.")
class NavSickNote:
    signed_on: date
    issuer_profession: IssuerProfession | None
    periods: list[NavSickNotePeriod]
    backdating: NavBackdating | None

    @classmethod
    def of(cls, note: SickNote) -> NavSickNote:
        return cls(
            signed_on=note.signed_on, issuer_profession=note.issuer,
            periods=[NavSickNotePeriod(
                type=p.type, fom=p.fom, tom=p.tom, grade=p.grade, travel_grant=p.travel_grant,
                treatment_days=p.treatment_days, advice_to_employer=p.advice_to_employer,
            ) for p in note.periods],
            backdating=NavBackdating(
                days=b.days, outcome=b.outcome, reason=b.reason, decision=b.decision,
                decided_on=b.decided_on,
            ) if (b := note.backdating) else None,
        )  # fmt: skip


@data_categories(DataCategory.PLAN)
@strawberry.type(description="A work task of the follow-up plan and whether it can be done.")
class NavFollowUpTask:
    name: str
    feasibility: Feasibility
    description: str | None


@data_categories(DataCategory.PLAN)
@strawberry.type(description="A measure (tiltak) of the follow-up plan.")
class NavFollowUpMeasure:
    name: str
    status: MeasureStatus
    fom: date | None
    tom: date | None
    description: str | None
    reason_not_relevant: str | None


@data_categories(DataCategory.PLAN)
@strawberry.type(description="The employer's follow-up plan (oppfølgingsplan, aml § 4-6).")
class NavFollowUpPlan:
    status: FollowUpPlanStatus
    created_on: date
    approved_on: date | None
    ended_on: date | None
    shared_with_sykmelder_on: date | None
    shared_with_nav_on: date | None
    in_house_measures_not_possible: bool = strawberry.field(
        description="The plan documents that measures at the workplace were tried or judged "
        "not possible."
    )
    tasks: list[NavFollowUpTask]
    measures: list[NavFollowUpMeasure]

    @classmethod
    def of(cls, plan: FollowUpPlan) -> NavFollowUpPlan:
        return cls(
            status=plan.status, created_on=plan.created_on, approved_on=plan.approved_on,
            ended_on=plan.ended_on, shared_with_sykmelder_on=plan.shared_with_sykmelder_on,
            shared_with_nav_on=plan.shared_with_nav_on,
            in_house_measures_not_possible=plan.in_house_measures_not_possible,
            tasks=[NavFollowUpTask(name=t.name, feasibility=t.feasibility,
                                   description=t.description) for t in plan.tasks],
            measures=[NavFollowUpMeasure(
                name=m.name, status=m.status, fom=m.fom, tom=m.tom, description=m.description,
                reason_not_relevant=m.reason_not_relevant) for m in plan.measures],
        )  # fmt: skip


@data_categories(DataCategory.PLAN)
@strawberry.type(description="Someone else at a dialogue meeting.")
class NavMeetingParticipant:
    function: str
    name: str


@data_categories(DataCategory.PLAN)
@strawberry.type(description="The minutes (referat) of a held dialogue meeting.")
class NavMeetingMinutes:
    written_on: date
    situation: str
    conclusion: str
    employee_task: str
    employer_task: str
    nav_task: str | None
    sykmelder_task: str | None
    others: list[NavMeetingParticipant]
    change_reason: str | None = strawberry.field(description="Why the minutes were changed.")

    @classmethod
    def of(cls, minutes: Minutes) -> NavMeetingMinutes:
        return cls(
            written_on=minutes.written_on, situation=minutes.situation,
            conclusion=minutes.conclusion, employee_task=minutes.employee_task,
            employer_task=minutes.employer_task, nav_task=minutes.nav_task,
            sykmelder_task=minutes.sykmelder_task,
            others=[NavMeetingParticipant(function=o.function, name=o.name) for o in minutes.others],
            change_reason=minutes.change_reason,
        )  # fmt: skip


@data_categories(DataCategory.PLAN)
@strawberry.type(description="A dialogue meeting (dialogmøte 1, 2 or 3).")
class NavDialogueMeeting:
    number: int
    status: MeetingStatus
    on: date = strawberry.field(description="The day it is (or was) planned for.")
    invited_on: date
    held_on: date | None
    cancelled_on: date | None
    minutes: NavMeetingMinutes | None = strawberry.field(
        description="Written once the meeting is FERDIGSTILT."
    )

    @classmethod
    def of(cls, meeting: DialogueMeeting) -> NavDialogueMeeting:
        return cls(
            number=meeting.number, status=meeting.status, on=meeting.on,
            invited_on=meeting.invited_on, held_on=meeting.held_on,
            cancelled_on=meeting.cancelled_on,
            minutes=NavMeetingMinutes.of(meeting.minutes) if meeting.minutes else None,
        )  # fmt: skip


# Why an exception was granted, and who documented it, tells that it is medical.
@data_categories(
    DataCategory.PLAN, exception_reason=DataCategory.MEDICAL, documented_by=DataCategory.MEDICAL
)
@strawberry.type(description="NAV's latest assessment of the activity requirement.")
class NavActivityRequirement:
    status: ActivityStatus
    assessed_on: date
    exception_reason: ExceptionReason | None
    documented_by: DocumentedBy | None

    @classmethod
    def of(cls, assessment: ActivityAssessment) -> NavActivityRequirement:
        return cls(
            status=assessment.status, assessed_on=assessment.assessed_on,
            exception_reason=assessment.exception_reason, documented_by=assessment.documented_by,
        )  # fmt: skip


@data_categories(DataCategory.PLAN)
@strawberry.type(description="NAV's question at week 16: is dialogue meeting 2 needed?")
class NavMeetingNeed:
    asked_on: date
    employee_needs_meeting: bool | None = strawberry.field(description="None: not answered.")
    employer_needs_meeting: bool | None = strawberry.field(description="None: not answered.")


@data_categories(DataCategory.PLAN, maksdato=DataCategory.BENEFITS)
@strawberry.type(description="Case details of Norway (NAV): the sick leave and its follow-up.")
class NavCaseDetails(JurisdictionDetails):
    sick_leave_start: date | None = strawberry.field(
        description="First day of sick leave (the case's, or the first day on a sick note)."
    )
    employer_period_end: date | None = strawberry.field(
        description="Day 16, the last day the employer pays (employees)."
    )
    maksdato: date | None = strawberry.field(
        description="The last day NAV can pay sykepenger (248 days, 250 for other members, 260 "
        "when NAV paid the employer period; 60 after 67, none from 70)."
    )
    sick_notes: list[NavSickNote]
    follow_up_plan: NavFollowUpPlan | None
    dialogue_meetings: list[NavDialogueMeeting]
    activity_requirement: NavActivityRequirement | None
    sykmelder_informed_of_referral: list[date] = strawberry.field(
        description="Days NAV told the sykmelder of a referral to work-oriented rehabilitation."
    )
    meeting_need: NavMeetingNeed | None
    job_seeker_registered_on: date | None = strawberry.field(
        description="The day the person registered with NAV as a job seeker."
    )


def present_details(code: str, case: CaseFacts) -> NavCaseDetails:
    record = read_record(case)
    start = leave_start(case, record)
    employee = case.employment_status is EmploymentStatus.EMPLOYED
    plan, activity = record.follow_up_plan, record.activity_requirement
    return NavCaseDetails(
        jurisdiction_code=code,
        sick_leave_start=start,
        employer_period_end=employer_period_end(start) if start and employee else None,
        maksdato=case_maksdato(case, record),
        sick_notes=[NavSickNote.of(n) for n in record.sick_notes],
        follow_up_plan=NavFollowUpPlan.of(plan) if plan else None,
        dialogue_meetings=[NavDialogueMeeting.of(m) for m in record.dialogue_meetings],
        activity_requirement=NavActivityRequirement.of(activity) if activity else None,
        sykmelder_informed_of_referral=list(record.sykmelder_informed_of_referral),
        meeting_need=NavMeetingNeed(
            asked_on=need.asked_on, employee_needs_meeting=need.employee_needs_meeting,
            employer_needs_meeting=need.employer_needs_meeting,
        ) if (need := record.meeting_need) else None,
        job_seeker_registered_on=record.job_seeker_registered_on,
    )  # fmt: skip
