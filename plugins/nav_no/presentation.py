"""The GraphQL face of a Norwegian case's details: `NavCaseDetails` and its parts.

Every name carries the `Nav` prefix so that no other plugin's schema can clash
with it. Clients select it with `jurisdictionDetails { ... on NavCaseDetails }`.
The enums are the model's own, registered under prefixed names, so a value
means the same in the stored JSON, the Python code and the schema.
"""

from __future__ import annotations

from datetime import date

import strawberry

from vocrehab.hooks import CaseFacts, EmploymentStatus, JurisdictionDetails
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.model import (
    ActivityAssessment,
    ActivityStatus,
    DialogueMeeting,
    DocumentedBy,
    ExceptionReason,
    FollowUpPlan,
    FollowUpPlanStatus,
    IssuerProfession,
    MeetingStatus,
    PeriodType,
    SickNote,
)
from vocrehab_nav_no.sick_pay import employer_period_end, leave_start, maksdato

__all__ = [
    "NavActivityRequirement",
    "NavCaseDetails",
    "NavDialogueMeeting",
    "NavFollowUpPlan",
    "NavSickNote",
    "NavSickNotePeriod",
    "present_details",
]

strawberry.enum(
    PeriodType,
    name="NavSickNotePeriodType",
    description="The kind of a sick-note period (AKTIVITET_IKKE_MULIG is 100 %).",
)
strawberry.enum(
    IssuerProfession,
    name="NavSickNoteIssuer",
    description="Who wrote the sick note: LE doctor, TL dentist, MT manual therapist, "
    "FT physiotherapist, KI chiropractor.",
)
strawberry.enum(
    FollowUpPlanStatus,
    name="NavFollowUpPlanStatus",
    description="UNDER_ARBEID -> AKTIV (approved) -> UTDATERT | AVBRUTT.",
)
strawberry.enum(
    MeetingStatus,
    name="NavDialogueMeetingStatus",
    description="INNKALT -> NYTT_TID_STED -> FERDIGSTILT (held) | AVLYST.",
)
strawberry.enum(
    ActivityStatus,
    name="NavActivityRequirementStatus",
    description="NAV's assessment of the activity requirement (ftrl § 8-8).",
)
strawberry.enum(
    ExceptionReason,
    name="NavActivityExceptionReason",
    description="MEDISINSKE_GRUNNER (weighty medical reasons) or ARBEIDSPLASSEN "
    "(activity impossible at the workplace).",
)
strawberry.enum(DocumentedBy, name="NavActivityDocumentedBy",
                description="Who documented an exception: the sykmelder or the employer.")  # fmt: skip


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


@strawberry.type(description="A sick note (sykmelding): its periods, without the diagnosis.")
class NavSickNote:
    signed_on: date
    issuer_profession: IssuerProfession | None
    periods: list[NavSickNotePeriod]

    @classmethod
    def of(cls, note: SickNote) -> NavSickNote:
        return cls(
            signed_on=note.signed_on, issuer_profession=note.issuer,
            periods=[NavSickNotePeriod(
                type=p.type, fom=p.fom, tom=p.tom, grade=p.grade, travel_grant=p.travel_grant,
                treatment_days=p.treatment_days, advice_to_employer=p.advice_to_employer,
            ) for p in note.periods],
        )  # fmt: skip


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

    @classmethod
    def of(cls, plan: FollowUpPlan) -> NavFollowUpPlan:
        return cls(
            status=plan.status, created_on=plan.created_on, approved_on=plan.approved_on,
            ended_on=plan.ended_on, shared_with_sykmelder_on=plan.shared_with_sykmelder_on,
            shared_with_nav_on=plan.shared_with_nav_on,
            in_house_measures_not_possible=plan.in_house_measures_not_possible,
        )  # fmt: skip


@strawberry.type(description="A dialogue meeting (dialogmøte 1, 2 or 3).")
class NavDialogueMeeting:
    number: int
    status: MeetingStatus
    on: date = strawberry.field(description="The day it is (or was) planned for.")
    invited_on: date
    held_on: date | None
    cancelled_on: date | None

    @classmethod
    def of(cls, meeting: DialogueMeeting) -> NavDialogueMeeting:
        return cls(
            number=meeting.number, status=meeting.status, on=meeting.on,
            invited_on=meeting.invited_on, held_on=meeting.held_on,
            cancelled_on=meeting.cancelled_on,
        )  # fmt: skip


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


@strawberry.type(description="Case details of Norway (NAV): the sick leave and its follow-up.")
class NavCaseDetails(JurisdictionDetails):
    sick_leave_start: date | None = strawberry.field(
        description="First day of sick leave (the case's, or the first day on a sick note)."
    )
    employer_period_end: date | None = strawberry.field(
        description="Day 16, the last day the employer pays (employees)."
    )
    maksdato: date | None = strawberry.field(
        description="The last day NAV can pay sykepenger (248 days, 60 after 67, none from 70)."
    )
    sick_notes: list[NavSickNote]
    follow_up_plan: NavFollowUpPlan | None
    dialogue_meetings: list[NavDialogueMeeting]
    activity_requirement: NavActivityRequirement | None


def present_details(code: str, case: CaseFacts) -> NavCaseDetails:
    record = read_record(case)
    start = leave_start(case, record)
    employee = case.employment_status is EmploymentStatus.EMPLOYED
    plan, activity = record.follow_up_plan, record.activity_requirement
    return NavCaseDetails(
        jurisdiction_code=code,
        sick_leave_start=start,
        employer_period_end=employer_period_end(start) if start and employee else None,
        maksdato=maksdato(start, case.employment_status, case.participant.birth_date) if start else None,
        sick_notes=[NavSickNote.of(n) for n in record.sick_notes],
        follow_up_plan=NavFollowUpPlan.of(plan) if plan else None,
        dialogue_meetings=[NavDialogueMeeting.of(m) for m in record.dialogue_meetings],
        activity_requirement=NavActivityRequirement.of(activity) if activity else None,
    )  # fmt: skip
