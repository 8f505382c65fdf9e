"""The reconciliation meeting (avstämningsmöte): one structure for what was planned and agreed.

Försäkringskassan may call the insured person to a meeting with one or more
others (the doctor, the employer, occupational health, the employment service,
a union representative) to clarify the medical condition, work capacity,
rehabilitation needs and the chances of returning to work (SFB 110 kap. 14 §
4 p.). Försäkringskassan convenes and documents it; the employer may ask for
one, but Försäkringskassan decides.

`ReconciliationMeeting` is the whole record of one meeting, stored in the case
details under `reconciliationMeetings` and read and written only here, so a
later platform-wide meeting model can take the list over as it is: its number
on the case, status (PLANNED, HELD, CANCELLED), the day planned and who asked
for it, and once held the day, who took part, the outcome and the agreed next
step (what, by whom, by when). The commands that change it are in
`reconciliation_commands`.

Milestones: RECONCILIATION_MEETING_<n> for each meeting planned, due on its
day, Försäkringskassan to act, met when held (not applicable once cancelled).
The orientation shows the next step agreed at the latest meeting held, for
the one who takes it. The data category is PLAN: the employer usually sits in,
so the outcome and next step are written for the whole team, without
diagnoses (the commands' descriptions say so).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from vocrehab.hooks import MilestoneInfo, NextStepInfo, StakeholderType
from vocrehab_fk_se import sources
from vocrehab_fk_se import values as v
from vocrehab_fk_se.language import both
from vocrehab_fk_se.vocabulary import MeetingParticipant, MeetingStatus

__all__ = [
    "MAX_MEETINGS",
    "MAX_TEXT",
    "MEETING_FIELD",
    "RESPONSIBLE",
    "NextStep",
    "ReconciliationMeeting",
    "meeting_milestones",
    "meetings_of",
    "next_step_of",
    "read_meetings",
]

MEETING_FIELD = "reconciliationMeetings"
MAX_MEETINGS = 50
MAX_TEXT = 2000
P = MeetingParticipant
RESPONSIBLE: Mapping[MeetingParticipant, StakeholderType] = {
    P.INSURED_PERSON: StakeholderType.PARTICIPANT,
    P.FORSAKRINGSKASSAN: StakeholderType.CASE_MANAGER,
    P.DOCTOR: StakeholderType.CLINICIAN,
    P.EMPLOYER: StakeholderType.EMPLOYER,
    P.OCCUPATIONAL_HEALTH: StakeholderType.PROVIDER,
    P.EMPLOYMENT_SERVICE: StakeholderType.EMPLOYMENT_OFFICER,
}
"""Who can take an agreed next step, as the platform's roles (a union representative
takes part but is no actor of the case)."""

_NEXT_STEP = v.record(
    {"description": v.text(MAX_TEXT), "responsible": v.choice(MeetingParticipant),
     "dueDate": v.iso_date},
    required=("description", "responsible"),
)  # fmt: skip
_MEETING = v.record(
    {
        "number": v.whole_number(1, MAX_MEETINGS),
        "status": v.choice(MeetingStatus),
        "plannedFor": v.iso_date,
        "requestedBy": v.choice(MeetingParticipant),
        "heldOn": v.iso_date,
        "participants": v.list_of(v.choice(MeetingParticipant), len(MeetingParticipant)),
        "outcome": v.text(MAX_TEXT),
        "nextStep": _NEXT_STEP,
    },
    required=("number", "status"),
)
read_meetings = v.list_of(_MEETING, MAX_MEETINGS)
"""The reader of the `reconciliationMeetings` details field."""


@dataclass(frozen=True)
class NextStep:
    description: str
    responsible: MeetingParticipant
    due_date: date | None = None

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "description": self.description,
            "responsible": self.responsible.value,
        }
        if self.due_date is not None:
            found["dueDate"] = self.due_date.isoformat()
        return found


@dataclass(frozen=True)
class ReconciliationMeeting:
    number: int
    status: MeetingStatus
    planned_for: date | None = None
    requested_by: MeetingParticipant | None = None
    held_on: date | None = None
    participants: tuple[MeetingParticipant, ...] = ()
    outcome: str | None = None
    next_step: NextStep | None = None

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> ReconciliationMeeting:
        """From a stored (already validated) record."""
        step = raw.get("nextStep")
        return cls(
            number=raw["number"],
            status=MeetingStatus(raw["status"]),
            planned_for=_date(raw.get("plannedFor")),
            requested_by=_participant(raw.get("requestedBy")),
            held_on=_date(raw.get("heldOn")),
            participants=tuple(MeetingParticipant(p) for p in raw.get("participants") or ()),
            outcome=raw.get("outcome"),
            next_step=NextStep(
                step["description"],
                MeetingParticipant(step["responsible"]),
                _date(step.get("dueDate")),
            )
            if step
            else None,
        )

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"number": self.number, "status": self.status.value}
        for key, value in (
            ("plannedFor", self.planned_for.isoformat() if self.planned_for else None),
            ("requestedBy", self.requested_by.value if self.requested_by else None),
            ("heldOn", self.held_on.isoformat() if self.held_on else None),
            ("participants", [p.value for p in self.participants] or None),
            ("outcome", self.outcome),
            ("nextStep", self.next_step.to_json() if self.next_step else None),
        ):
            if value is not None:
                found[key] = value
        return found

    def milestone(self) -> MilestoneInfo | None:
        if self.planned_for is None:
            return None  # recorded when held, never planned ahead
        return MilestoneInfo(
            code=f"RECONCILIATION_MEETING_{self.number}",
            names=both(f"Avstämningsmöte {self.number}", f"Reconciliation meeting {self.number}"),
            descriptions=both(
                "Försäkringskassan kallar till och dokumenterar avstämningsmötet. Uppfylls när "
                "mötet registreras som hållet.",
                "Försäkringskassan convenes and documents the reconciliation meeting. Met when "
                "the meeting is recorded as held.",
            ),
            due_date=self.planned_for,
            responsible=StakeholderType.CASE_MANAGER,
            legal_reference=sources.RECONCILIATION_MEETING,
            met_on=self.held_on if self.status is MeetingStatus.HELD else None,
            not_applicable=self.status is MeetingStatus.CANCELLED,
        )


def meetings_of(details: Mapping[str, Any]) -> tuple[ReconciliationMeeting, ...]:
    return tuple(ReconciliationMeeting.of(raw) for raw in details.get(MEETING_FIELD) or ())


def meeting_milestones(meetings: Sequence[ReconciliationMeeting]) -> list[MilestoneInfo]:
    return [m for m in (meeting.milestone() for meeting in meetings) if m is not None]


def next_step_of(meetings: Sequence[ReconciliationMeeting]) -> NextStepInfo | None:
    """The next step agreed at the latest meeting held, for the one who takes it."""
    held = [m for m in meetings if m.status is MeetingStatus.HELD and m.held_on and m.next_step]
    if not held:
        return None
    latest = max(held, key=lambda m: (m.held_on, m.number))
    step = latest.next_step
    assert step is not None and latest.held_on is not None
    return NextStepInfo(
        title=both(
            f"Nästa steg från avstämningsmötet {latest.held_on}: {step.description}",
            f"Next step from the reconciliation meeting on {latest.held_on}: {step.description}",
        ),
        responsible=RESPONSIBLE[step.responsible],
        due_date=step.due_date,
    )


def _date(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None


def _participant(raw: str | None) -> MeetingParticipant | None:
    return MeetingParticipant(raw) if raw else None
