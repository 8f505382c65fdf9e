"""The records a Norwegian case keeps in its `details`: sick notes, the follow-up
plan, dialogue meetings and the activity-requirement assessment.

The names follow NAV's own open-source models (navikt/syfosmregister periods,
syfooppfolgingsplanservice plan statuses, isdialogmote meeting statuses,
isaktivitetskrav assessment statuses), so a reader who knows NAV's systems
recognises them. The JSON form (camelCase keys, ISO dates) is what is stored;
`details.py` parses and validates it, `to_json` writes it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

__all__ = [
    "ActivityAssessment",
    "ActivityStatus",
    "CaseRecord",
    "DialogueMeeting",
    "DocumentedBy",
    "ExceptionReason",
    "FollowUpPlan",
    "FollowUpPlanStatus",
    "IssuerProfession",
    "MeetingStatus",
    "PeriodType",
    "SickNote",
    "SickNotePeriod",
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


class FollowUpPlanStatus(StrEnum):
    """The follow-up plan's status (navikt/syfooppfolgingsplanservice)."""

    UNDER_ARBEID = "UNDER_ARBEID"
    AKTIV = "AKTIV"
    UTDATERT = "UTDATERT"
    AVBRUTT = "AVBRUTT"


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
class SickNote:
    signed_on: date
    periods: tuple[SickNotePeriod, ...]
    issuer: IssuerProfession | None = None

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

    def to_json(self) -> dict[str, Any]:
        return _compact({
            "status": self.status.value, "createdOn": self.created_on.isoformat(),
            "approvedOn": _iso(self.approved_on), "endedOn": _iso(self.ended_on),
            "sharedWithSykmelderOn": _iso(self.shared_with_sykmelder_on),
            "sharedWithNavOn": _iso(self.shared_with_nav_on),
            "inHouseMeasuresNotPossible": self.in_house_measures_not_possible or None,
        })  # fmt: skip


@dataclass(frozen=True)
class DialogueMeeting:
    number: int
    status: MeetingStatus
    on: date
    """The day the meeting is (or was) planned for."""
    invited_on: date
    held_on: date | None = None
    cancelled_on: date | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_MEETING

    def to_json(self) -> dict[str, Any]:
        return _compact({
            "number": self.number, "status": self.status.value, "on": self.on.isoformat(),
            "invitedOn": self.invited_on.isoformat(), "heldOn": _iso(self.held_on),
            "cancelledOn": _iso(self.cancelled_on),
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
class CaseRecord:
    """Everything a Norwegian case's details hold, read."""

    sick_notes: tuple[SickNote, ...] = ()
    follow_up_plan: FollowUpPlan | None = None
    dialogue_meetings: tuple[DialogueMeeting, ...] = field(default=())
    activity_requirement: ActivityAssessment | None = None

    @property
    def periods(self) -> list[SickNotePeriod]:
        """Every sick-note period of the case, in date order."""
        return sorted((p for n in self.sick_notes for p in n.periods), key=lambda p: (p.fom, p.tom))

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
        })  # fmt: skip
