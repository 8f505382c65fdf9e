"""The records a Norwegian case keeps in its `details`: sick notes, the follow-up
plan, dialogue meetings and the activity-requirement assessment.

The names follow NAV's own open-source models (navikt/syfosmregister periods,
syfooppfolgingsplanservice plan statuses, isdialogmote meeting statuses,
isaktivitetskrav assessment statuses), so a reader who knows NAV's systems
recognises them. The JSON form (camelCase keys, ISO dates) is what is stored;
`details.py` parses and validates it, `to_json` writes it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

__all__ = [
    "ActivityAssessment",
    "ActivityStatus",
    "Backdating",
    "BackdatingDecision",
    "BackdatingOutcome",
    "CaseRecord",
    "DialogueMeeting",
    "DocumentedBy",
    "ExceptionReason",
    "Feasibility",
    "FollowUpPlan",
    "FollowUpPlanStatus",
    "IssuerProfession",
    "Measure",
    "MeasureStatus",
    "MeetingNeed",
    "MeetingParticipant",
    "MeetingStatus",
    "Minutes",
    "PeriodType",
    "SickNote",
    "SickNotePeriod",
    "WorkReport",
    "WorkTask",
]


class PeriodType(StrEnum):
    """The five kinds of sick-note period (navikt/regulus-regula `Aktivitet`)."""

    AKTIVITET_IKKE_MULIG = "AKTIVITET_IKKE_MULIG"  # 100 %: no activity possible
    GRADERT = "GRADERT"  # graded: the person works part of the time
    AVVENTENDE = "AVVENTENDE"  # pending: the employer may adapt the work instead
    BEHANDLINGSDAGER = "BEHANDLINGSDAGER"  # single treatment days
    REISETILSKUDD = "REISETILSKUDD"  # travel grant instead of sick pay


class IssuerProfession(StrEnum):
    """Who may write a sick note (HPR codes): doctor, dentist, manual therapist,
    physiotherapist (with the extra qualification), chiropractor."""

    LE = "LE"
    TL = "TL"
    MT = "MT"
    FT = "FT"
    KI = "KI"


class BackdatingOutcome(StrEnum):
    """NAV's answer to a backdated sick note that it accepts (navikt/regulus-regula,
    tilbakedatering): OK, or manual processing by a NAV adviser."""

    OK = "OK"
    MANUAL_REVIEW = "MANUAL_REVIEW"


class BackdatingDecision(StrEnum):
    """The NAV adviser's decision on a backdated note sent to manual review."""

    GODKJENT = "GODKJENT"  # accepted: the note counts from its first day
    AVSLATT = "AVSLATT"  # refused: the note counts from the day it was signed


class FollowUpPlanStatus(StrEnum):
    """The follow-up plan's status (navikt/syfooppfolgingsplanservice)."""

    UNDER_ARBEID = "UNDER_ARBEID"
    AKTIV = "AKTIV"
    UTDATERT = "UTDATERT"
    AVBRUTT = "AVBRUTT"


class MeasureStatus(StrEnum):
    """A follow-up plan measure's status (navikt/syfooppfolgingsplanservice `Tiltak`)."""

    FORSLAG = "FORSLAG"  # proposed
    AVTALT = "AVTALT"  # agreed
    IKKE_AKTUELT = "IKKE_AKTUELT"  # judged not relevant
    AVBRUTT = "AVBRUTT"  # stopped after it was agreed


class Feasibility(StrEnum):
    """Can the employee do a work task (`Arbeidsoppgave.gjennomfoering.kanGjennomfoeres`)?"""

    KAN = "KAN"
    KAN_IKKE = "KAN_IKKE"
    TILRETTELEGGING = "TILRETTELEGGING"  # with adaptation
    IKKE_VURDERT = "IKKE_VURDERT"


class MeetingStatus(StrEnum):
    """A dialogue meeting's status (navikt/isdialogmote)."""

    INNKALT = "INNKALT"
    NYTT_TID_STED = "NYTT_TID_STED"
    FERDIGSTILT = "FERDIGSTILT"
    AVLYST = "AVLYST"


class ActivityStatus(StrEnum):
    """NAV's assessment of the activity requirement (navikt/isaktivitetskrav)."""

    OPPFYLT = "OPPFYLT"
    UNNTAK = "UNNTAK"
    IKKE_OPPFYLT = "IKKE_OPPFYLT"
    AVVENT = "AVVENT"


class ExceptionReason(StrEnum):
    """The two exceptions of ftrl § 8-8."""

    MEDISINSKE_GRUNNER = "MEDISINSKE_GRUNNER"  # weighty medical reasons
    ARBEIDSPLASSEN = "ARBEIDSPLASSEN"  # activity impossible at the workplace


class DocumentedBy(StrEnum):
    SYKMELDER = "SYKMELDER"
    ARBEIDSGIVER = "ARBEIDSGIVER"


OPEN_MEETING = frozenset({MeetingStatus.INNKALT, MeetingStatus.NYTT_TID_STED})
"""A meeting that is still to be held."""


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    """Leave out what is not set, so stored JSON holds only what was recorded."""
    return {key: value for key, value in values.items() if value is not None}


@dataclass(frozen=True)
class SickNotePeriod:
    type: PeriodType
    fom: date
    tom: date
    grade: int | None = None
    travel_grant: bool = False
    treatment_days: int | None = None
    advice_to_employer: str | None = None

    @property
    def days(self) -> int:
        """Calendar days from fom to tom, both included."""
        return (self.tom - self.fom).days + 1

    @property
    def is_partial(self) -> bool:
        """Work-related activity during the period: graded leave or a travel grant (ftrl § 8-8)."""
        return self.type in {PeriodType.GRADERT, PeriodType.REISETILSKUDD} or self.travel_grant

    def to_json(self) -> dict[str, Any]:
        return _compact({
            "type": self.type.value, "fom": self.fom.isoformat(), "tom": self.tom.isoformat(),
            "grade": self.grade, "travelGrant": self.travel_grant or None,
            "treatmentDays": self.treatment_days, "adviceToEmployer": self.advice_to_employer,
        })  # fmt: skip


@dataclass(frozen=True)
class Backdating:
    """A sick note signed after its first day, and what NAV made of it. The sykmelder's
    justification (felt 11.2) is not kept: it may hold medical detail, and case details
    are read by the employer."""

    days: int
    """Days between the first fom and the signature date."""
    outcome: BackdatingOutcome
    reason: str | None = None
    """NAV's rule outcome behind a manual review, e.g. MINDRE_ENN_1_MAANED_MED_BEGRUNNELSE."""
    decision: BackdatingDecision | None = None
    decided_on: date | None = None

    @property
    def awaits_review(self) -> bool:
        return self.outcome is BackdatingOutcome.MANUAL_REVIEW and self.decision is None

    def to_json(self) -> dict[str, Any]:
        return _compact({
            "days": self.days, "outcome": self.outcome.value, "reason": self.reason,
            "decision": self.decision.value if self.decision else None,
            "decidedOn": _iso(self.decided_on),
        })  # fmt: skip


@dataclass(frozen=True)
class SickNote:
    signed_on: date
    periods: tuple[SickNotePeriod, ...]
    issuer: IssuerProfession | None = None
    backdating: Backdating | None = None

    @property
    def counted_periods(self) -> tuple[SickNotePeriod, ...]:
        """The periods NAV counts: from the signature date on when NAV refused the backdating."""
        if self.backdating is None or self.backdating.decision is not BackdatingDecision.AVSLATT:
            return self.periods
        return tuple(replace(p, fom=max(p.fom, self.signed_on)) for p in self.periods
                     if p.tom >= self.signed_on)  # fmt: skip

    @property
    def first_fom(self) -> date | None:
        return min((p.fom for p in self.periods), default=None)

    @property
    def last_tom(self) -> date | None:
        return max((p.tom for p in self.periods), default=None)

    def to_json(self) -> dict[str, Any]:
        return _compact({
            "signedOn": self.signed_on.isoformat(),
            "issuerProfession": self.issuer.value if self.issuer else None,
            "periods": [p.to_json() for p in self.periods],
            "backdating": self.backdating.to_json() if self.backdating else None,
        })  # fmt: skip


@dataclass(frozen=True)
class WorkTask:
    """A work task of the follow-up plan and whether the employee can do it."""

    name: str
    feasibility: Feasibility = Feasibility.IKKE_VURDERT
    description: str | None = None
    """How (with adaptation) or why not; required for TILRETTELEGGING and KAN_IKKE."""

    def to_json(self) -> dict[str, Any]:
        return _compact({"name": self.name, "feasibility": self.feasibility.value,
                         "description": self.description})  # fmt: skip


@dataclass(frozen=True)
class Measure:
    """A measure (tiltak) of the follow-up plan."""

    name: str
    status: MeasureStatus
    fom: date | None = None
    tom: date | None = None
    description: str | None = None
    reason_not_relevant: str | None = None
    """Why an IKKE_AKTUELT measure is not relevant (beskrivelseIkkeAktuelt)."""

    def to_json(self) -> dict[str, Any]:
        return _compact({
            "name": self.name, "status": self.status.value, "fom": _iso(self.fom),
            "tom": _iso(self.tom), "description": self.description,
            "reasonNotRelevant": self.reason_not_relevant,
        })  # fmt: skip


@dataclass(frozen=True)
class FollowUpPlan:
    status: FollowUpPlanStatus
    created_on: date
    approved_on: date | None = None
    ended_on: date | None = None
    shared_with_sykmelder_on: date | None = None
    shared_with_nav_on: date | None = None
    in_house_measures_not_possible: bool = False
    """The employer documents that measures at the workplace were tried or judged
    impossible (needed for work-oriented rehabilitation, and for the workplace
    exception from the activity requirement)."""
    tasks: tuple[WorkTask, ...] = ()
    measures: tuple[Measure, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return _compact({
            "status": self.status.value, "createdOn": self.created_on.isoformat(),
            "approvedOn": _iso(self.approved_on), "endedOn": _iso(self.ended_on),
            "sharedWithSykmelderOn": _iso(self.shared_with_sykmelder_on),
            "sharedWithNavOn": _iso(self.shared_with_nav_on),
            "inHouseMeasuresNotPossible": self.in_house_measures_not_possible or None,
            "tasks": [t.to_json() for t in self.tasks] or None,
            "measures": [m.to_json() for m in self.measures] or None,
        })  # fmt: skip


@dataclass(frozen=True)
class MeetingParticipant:
    """Someone else at a dialogue meeting: their function (e.g. verneombud) and name."""

    function: str
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"function": self.function, "name": self.name}


@dataclass(frozen=True)
class Minutes:
    """The minutes (referat) of a held dialogue meeting (navikt/isdialogmote `Referat`)."""

    written_on: date
    situation: str
    conclusion: str
    employee_task: str
    employer_task: str
    nav_task: str | None = None
    sykmelder_task: str | None = None
    others: tuple[MeetingParticipant, ...] = ()
    change_reason: str | None = None
    """Why the minutes were changed after they were first written (begrunnelseEndring)."""

    def to_json(self) -> dict[str, Any]:
        return _compact({
            "writtenOn": self.written_on.isoformat(), "situation": self.situation,
            "conclusion": self.conclusion, "employeeTask": self.employee_task,
            "employerTask": self.employer_task, "navTask": self.nav_task,
            "sykmelderTask": self.sykmelder_task,
            "others": [o.to_json() for o in self.others] or None,
            "changeReason": self.change_reason,
        })  # fmt: skip


@dataclass(frozen=True)
class DialogueMeeting:
    """One dialogue meeting with everything recorded about it: its status and dates, and its
    minutes once held. Kept whole so that a platform-wide meeting model can take it over."""

    number: int
    status: MeetingStatus
    on: date
    """The day the meeting is (or was) planned for."""
    invited_on: date
    held_on: date | None = None
    cancelled_on: date | None = None
    minutes: Minutes | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_MEETING

    def to_json(self) -> dict[str, Any]:
        return _compact({
            "number": self.number, "status": self.status.value, "on": self.on.isoformat(),
            "invitedOn": self.invited_on.isoformat(), "heldOn": _iso(self.held_on),
            "cancelledOn": _iso(self.cancelled_on),
            "minutes": self.minutes.to_json() if self.minutes else None,
        })  # fmt: skip


@dataclass(frozen=True)
class ActivityAssessment:
    status: ActivityStatus
    assessed_on: date
    exception_reason: ExceptionReason | None = None
    documented_by: DocumentedBy | None = None

    @property
    def settles_requirement(self) -> bool:
        return self.status in {ActivityStatus.OPPFYLT, ActivityStatus.UNNTAK}

    def to_json(self) -> dict[str, Any]:
        return _compact({
            "status": self.status.value, "assessedOn": self.assessed_on.isoformat(),
            "exceptionReason": self.exception_reason.value if self.exception_reason else None,
            "documentedBy": self.documented_by.value if self.documented_by else None,
        })  # fmt: skip


@dataclass(frozen=True)
class MeetingNeed:
    """NAV's question at week 16: do the employee and the employer need dialogue meeting 2
    (møtebehov)? An answer not yet given is None."""

    asked_on: date
    employee_needs_meeting: bool | None = None
    employer_needs_meeting: bool | None = None

    @property
    def wanted(self) -> bool:
        return bool(self.employee_needs_meeting or self.employer_needs_meeting)

    def to_json(self) -> dict[str, Any]:
        return _compact({"askedOn": self.asked_on.isoformat(),
                         "employeeNeedsMeeting": self.employee_needs_meeting,
                         "employerNeedsMeeting": self.employer_needs_meeting})  # fmt: skip


@dataclass(frozen=True)
class WorkReport:
    """Hours worked in one 14-day reporting period on AAP (meldekort), from a Monday."""

    from_day: date
    hours: float

    def to_json(self) -> dict[str, Any]:
        return {"from": self.from_day.isoformat(), "hours": self.hours}


@dataclass(frozen=True)
class CaseRecord:
    """Everything a Norwegian case's details hold, read."""

    sick_notes: tuple[SickNote, ...] = ()
    follow_up_plan: FollowUpPlan | None = None
    dialogue_meetings: tuple[DialogueMeeting, ...] = field(default=())
    activity_requirement: ActivityAssessment | None = None
    sykmelder_informed_of_referral: tuple[date, ...] = ()
    """Days NAV told the sykmelder of a referral to work-oriented rehabilitation."""
    meeting_need: MeetingNeed | None = None
    job_seeker_registered_on: date | None = None
    """The day the person registered with NAV as a job seeker (arbeidssøker)."""
    work_reports: tuple[WorkReport, ...] = ()
    """Work reported while on AAP, by reporting period (BENEFITS)."""
    aap_step_up_from: date | None = None
    """The first day of the one-time 12-month step-up to 80 % work on AAP (BENEFITS)."""
    week_39_informed_on: date | None = None
    """The day NAV informed the person of the maksdato and the way forward (BENEFITS)."""

    @property
    def periods(self) -> list[SickNotePeriod]:
        """Every sick-note period of the case, in date order."""
        return sorted((p for n in self.sick_notes for p in n.counted_periods),
                      key=lambda p: (p.fom, p.tom))  # fmt: skip

    def meetings(self, number: int) -> list[DialogueMeeting]:
        return [m for m in self.dialogue_meetings if m.number == number]

    def held(self, number: int) -> DialogueMeeting | None:
        return next(
            (m for m in self.meetings(number) if m.status is MeetingStatus.FERDIGSTILT), None
        )

    def to_json(self) -> dict[str, Any]:
        return _compact({
            "sickNotes": [n.to_json() for n in self.sick_notes] or None,
            "followUpPlan": self.follow_up_plan.to_json() if self.follow_up_plan else None,
            "dialogueMeetings": [m.to_json() for m in self.dialogue_meetings] or None,
            "activityRequirement": (
                self.activity_requirement.to_json() if self.activity_requirement else None
            ),
            "sykmelderInformedOfReferral": (
                [day.isoformat() for day in self.sykmelder_informed_of_referral] or None
            ),
            "meetingNeed": self.meeting_need.to_json() if self.meeting_need else None,
            "jobSeekerRegisteredOn": _iso(self.job_seeker_registered_on),
            "workReports": [r.to_json() for r in self.work_reports] or None,
            "aapStepUpFrom": _iso(self.aap_step_up_from),
            "week39InformedOn": _iso(self.week_39_informed_on),
        })  # fmt: skip
