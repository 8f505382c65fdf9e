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
    type: PeriodType = strawberry.field(description="The kind of period.")
    fom: date = strawberry.field(description="The first day (fra og med).")
    tom: date = strawberry.field(description="The last day (til og med).")
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
    outcome: BackdatingOutcome = strawberry.field(description="NAV's rule outcome.")
    reason: str | None = strawberry.field(description="NAV's rule outcome behind a manual review.")
    decision: BackdatingDecision | None = strawberry.field(
        description="The adviser's decision after a manual review."
    )
    decided_on: date | None = strawberry.field(description="The day of that decision.")


@data_categories(DataCategory.PLAN)
@strawberry.type(description="A sick note (sykmelding): its periods, without the diagnosis.")
class NavSickNote:
    signed_on: date = strawberry.field(description="The day the sykmelder signed it.")
    issuer_profession: IssuerProfession | None = strawberry.field(description="Who wrote it.")
    periods: list[NavSickNotePeriod] = strawberry.field(description="Its periods, in order.")
    backdating: NavBackdating | None = strawberry.field(
        description="When signed after its first day: NAV's view of that."
    )

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
    name: str = strawberry.field(description="The work task.")
    feasibility: Feasibility = strawberry.field(description="Whether the employee can do it.")
    description: str | None = strawberry.field(description="How, with adaptation; or why not.")


@data_categories(DataCategory.PLAN)
@strawberry.type(description="A measure (tiltak) of the follow-up plan.")
class NavFollowUpMeasure:
    name: str = strawberry.field(description="The measure.")
    status: MeasureStatus = strawberry.field(description="Its status.")
    fom: date | None = strawberry.field(description="The first day.")
    tom: date | None = strawberry.field(description="The last day.")
    description: str | None = strawberry.field(description="What the measure is.")
    reason_not_relevant: str | None = strawberry.field(
        description="Why an IKKE_AKTUELT measure is not relevant."
    )


@data_categories(DataCategory.PLAN)
@strawberry.type(description="The employer's follow-up plan (oppfølgingsplan, aml § 4-6).")
class NavFollowUpPlan:
    status: FollowUpPlanStatus = strawberry.field(description="The plan's status.")
    created_on: date = strawberry.field(description="The day work on it started.")
    approved_on: date | None = strawberry.field(description="The day it was approved.")
    ended_on: date | None = strawberry.field(
        description="The day it went out of date or was broken off."
    )
    shared_with_sykmelder_on: date | None = strawberry.field(
        description="The day it was sent to the sykmelder."
    )
    shared_with_nav_on: date | None = strawberry.field(description="The day it was sent to NAV.")
    in_house_measures_not_possible: bool = strawberry.field(
        description="The plan documents that measures at the workplace were tried or judged "
        "not possible."
    )
    tasks: list[NavFollowUpTask] = strawberry.field(description="The work tasks it covers.")
    measures: list[NavFollowUpMeasure] = strawberry.field(description="The measures it agrees.")

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
    function: str = strawberry.field(description="Their function.")
    name: str = strawberry.field(description="Their name.")


@data_categories(DataCategory.PLAN)
@strawberry.type(description="The minutes (referat) of a held dialogue meeting.")
class NavMeetingMinutes:
    written_on: date = strawberry.field(description="The day they were written.")
    situation: str = strawberry.field(description="The situation as discussed.")
    conclusion: str = strawberry.field(description="What was concluded.")
    employee_task: str = strawberry.field(description="What the employee does next.")
    employer_task: str = strawberry.field(description="What the employer does next.")
    nav_task: str | None = strawberry.field(description="What NAV does next.")
    sykmelder_task: str | None = strawberry.field(description="What the sykmelder does next.")
    others: list[NavMeetingParticipant] = strawberry.field(description="Others at the meeting.")
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
    number: int = strawberry.field(description="1, 2 or 3.")
    status: MeetingStatus = strawberry.field(description="Where the meeting stands.")
    on: date = strawberry.field(description="The day it is (or was) planned for.")
    invited_on: date = strawberry.field(description="The day the invitation went out.")
    held_on: date | None = strawberry.field(description="The day it was held.")
    cancelled_on: date | None = strawberry.field(description="The day it was cancelled.")
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
    status: ActivityStatus = strawberry.field(description="NAV's assessment.")
    assessed_on: date = strawberry.field(description="The day of the assessment.")
    exception_reason: ExceptionReason | None = strawberry.field(
        description="For UNNTAK: which exception (MEDICAL data)."
    )
    documented_by: DocumentedBy | None = strawberry.field(
        description="For UNNTAK: who documented it (MEDICAL data)."
    )

    @classmethod
    def of(cls, assessment: ActivityAssessment) -> NavActivityRequirement:
        return cls(
            status=assessment.status, assessed_on=assessment.assessed_on,
            exception_reason=assessment.exception_reason, documented_by=assessment.documented_by,
        )  # fmt: skip


@data_categories(DataCategory.PLAN)
@strawberry.type(description="NAV's question at week 16: is dialogue meeting 2 needed?")
class NavMeetingNeed:
    asked_on: date = strawberry.field(description="The day NAV asked.")
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
    sick_notes: list[NavSickNote] = strawberry.field(
        description="The recorded sick notes, without diagnoses."
    )
    follow_up_plan: NavFollowUpPlan | None = strawberry.field(
        description="The employer's follow-up plan."
    )
    dialogue_meetings: list[NavDialogueMeeting] = strawberry.field(
        description="Dialogue meetings 1, 2 and 3 as far as they are called."
    )
    activity_requirement: NavActivityRequirement | None = strawberry.field(
        description="NAV's week-8 assessment of the activity requirement."
    )
    sykmelder_informed_of_referral: list[date] = strawberry.field(
        description="Days NAV told the sykmelder of a referral to work-oriented rehabilitation."
    )
    meeting_need: NavMeetingNeed | None = strawberry.field(
        description="Whether dialogue meeting 2 is needed (asked at week 16)."
    )
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
