"""Demo stories: a jurisdiction's example caseload, written as data.

A jurisdiction may offer a `demo()` method (optional; see `demo_of`) that
returns a `Demo`: the organisations and people who act in it (`DemoActor`) and
its cases (`DemoStory`), each a sequence of steps done by one of those actors
on a day before the day the demo is seeded. `vocrehab demo seed` plays every
installed jurisdiction's demo through the platform's core services, exactly as
the API would run them (rules, milestones, events and access included), in one
transaction. A plugin writes no I/O and imports nothing but `vocrehab.hooks`.

    from vocrehab.hooks import demo

    Demo(
        actors=(
            demo.DemoActor("xx-office", ActorKind.ORGANISATION, R.CASE_MANAGER, "Office"),
            demo.DemoActor("xx-adviser", ActorKind.PERSON, R.CASE_MANAGER, "Ann", "xx-office",
                           token="Case manager"),
        ),
        stories=(
            demo.DemoStory(
                demo.DemoPerson("Ola", "Nordmann", "12345678901", "en"),
                demo.OpenCase(by="xx-adviser", at=30, sick_leave_start=demo.Ago(30)),
                steps=(demo.GrantBenefit(by="xx-adviser", at=20, benefit_type="SICK_PAY",
                                         degree=100, start=demo.Ago(30)),),
            ),
        ),
    )

Dates are `Ago(n)`: n days before the seed day, so that the stories stay as
fresh, due and overdue on any day they are seeded. `at` is when a step is done,
in days before the seed day. `by` names an actor's `key`, or `PARTICIPANT` for
the story's person. A step that creates something (a benefit period, a plan, an
intervention) may name it with `key`; a later step of the same story refers to
it by that name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from vocrehab.hooks.vocabulary import (
    ActorKind,
    CaseStatus,
    DataCategory,
    DocumentFormat,
    InterventionStatus,
    ReturnToWorkPhase,
    StakeholderType,
)

__all__ = [
    "PARTICIPANT",
    "ActivatePlan",
    "AddNote",
    "AddTeamMember",
    "Ago",
    "ApprovePlan",
    "AssignStep",
    "CancelMeeting",
    "ChangeInterventionStatus",
    "CloseCase",
    "CreatePlan",
    "Demo",
    "DemoActor",
    "DemoPerson",
    "DemoStory",
    "Diagnosis",
    "EndBenefit",
    "GenerateDocument",
    "GrantBenefit",
    "HoldMeeting",
    "OpenCase",
    "PlanStep",
    "ProposeIntervention",
    "RecordAssessment",
    "ReplaceTeamMember",
    "RunCommand",
    "ScheduleMeeting",
    "Step",
    "UpdateCase",
    "demo_of",
]

PARTICIPANT = "participant"
"""`by` for a step the story's person does (approving their plan)."""


@dataclass(frozen=True)
class Ago:
    """The date `days` days before the day the demo is seeded."""

    days: int


@dataclass(frozen=True)
class DemoActor:
    """An organisation or a person of the demo, created once, before the stories.

    `organisation` is the key of the organisation a person belongs to (declared
    earlier). An `organisation_number` is checked by the declaring jurisdiction.
    `token` is a label under which `vocrehab demo tokens` prints a token for the
    actor; `login` a username of the demo login page (password and OAuth
    clients are the demo's); `machine` makes the actor (an organisation) the one
    the demo's machine client (client credentials) acts for.
    """

    key: str
    kind: ActorKind
    role: StakeholderType
    name: str
    organisation: str | None = None
    organisation_number: str | None = None
    token: str | None = None
    login: str | None = None
    machine: bool = False


@dataclass(frozen=True)
class DemoPerson:
    """The participant of a story, registered in the story's jurisdiction.

    `token` and `login` as for `DemoActor`: the demo prints a participant token,
    and creates a participant login, for a person that names them.
    """

    given_name: str
    family_name: str
    national_id: str | None
    preferred_language: str
    email: str | None = None
    phone: str | None = None
    token: str | None = None
    login: str | None = None


# --------------------------------------------------------------------------- steps


@dataclass(frozen=True, kw_only=True)
class _Step:
    by: str
    """The actor's key, or `PARTICIPANT`."""
    at: int
    """When: days before the seed day."""


@dataclass(frozen=True, kw_only=True)
class OpenCase(_Step):
    """Registers the story's person and opens their case (employed when `employer`)."""

    employer: str | None = None
    sick_leave_start: Ago | None = None
    details: Mapping[str, Any] | None = None


@dataclass(frozen=True, kw_only=True)
class AddTeamMember(_Step):
    member: str
    """The actor's key; the member takes the actor's stakeholder type as role."""


@dataclass(frozen=True, kw_only=True)
class RunCommand(_Step):
    """One of the jurisdiction's case commands, with the fields of its input
    (snake_case; a nested input or a list of them as mappings; dates as `Ago`)."""

    name: str
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Diagnosis:
    system: str
    code: str
    text: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordAssessment(_Step):
    kind: str
    assessed_at: Ago
    work_capacity_percent: int | None = None
    diagnoses: Sequence[Diagnosis] = ()
    functional_limitations: str | None = None
    activity_limitations: str | None = None
    icf_codes: Sequence[str] = ()
    prognosis: str | None = None
    summary: str | None = None
    details: Mapping[str, Any] | None = None


@dataclass(frozen=True, kw_only=True)
class AddNote(_Step):
    body: str
    visible_to: Sequence[StakeholderType] = ()


@dataclass(frozen=True, kw_only=True)
class GrantBenefit(_Step):
    benefit_type: str
    degree: int
    start: Ago
    end: Ago | None = None
    key: str | None = None
    amount: int | None = None
    """Where the benefit type declares `amounts`: the amount granted."""


@dataclass(frozen=True, kw_only=True)
class EndBenefit(_Step):
    period: str
    """The `key` of the granted period."""
    end: Ago


@dataclass(frozen=True)
class PlanStep:
    start: Ago
    end: Ago
    work_percent: int
    description: str | None = None
    adjustments: Sequence[str] = ()


@dataclass(frozen=True, kw_only=True)
class CreatePlan(_Step):
    title: str
    steps: Sequence[PlanStep]
    goal: str | None = None
    key: str | None = None


@dataclass(frozen=True, kw_only=True)
class ApprovePlan(_Step):
    plan: str


@dataclass(frozen=True, kw_only=True)
class ActivatePlan(_Step):
    plan: str


@dataclass(frozen=True, kw_only=True)
class ProposeIntervention(_Step):
    type_code: str
    provider: str | None = None
    """The providing organisation's key."""
    start: Ago | None = None
    planned_end: Ago | None = None
    hours_per_week: float | None = None
    key: str | None = None


@dataclass(frozen=True, kw_only=True)
class ChangeInterventionStatus(_Step):
    intervention: str
    status: InterventionStatus
    outcome: str | None = None


@dataclass(frozen=True, kw_only=True)
class UpdateCase(_Step):
    phase: ReturnToWorkPhase | None = None
    status: CaseStatus | None = None


@dataclass(frozen=True, kw_only=True)
class CloseCase(_Step):
    reason: str


@dataclass(frozen=True, kw_only=True)
class AssignStep(_Step):
    """A case manager gives a milestone of the case (by its code) to a team member."""

    code: str
    assignee: str | None
    """The member's actor key; None hands the step back to the role."""


@dataclass(frozen=True, kw_only=True)
class ReplaceTeamMember(_Step):
    """A team member hands the case over to another actor of the same stakeholder type."""

    outgoing: str
    incoming: str
    note: str


@dataclass(frozen=True, kw_only=True)
class ScheduleMeeting(_Step):
    """A meeting of a kind the jurisdiction offers (`meeting_kinds`), called for a day."""

    kind: str
    on: Ago
    participants: Sequence[str] = ()
    """Actor keys of team members, or `PARTICIPANT`."""
    place: str | None = None
    key: str | None = None


@dataclass(frozen=True, kw_only=True)
class HoldMeeting(_Step):
    meeting: str
    """The `key` of the scheduled meeting."""
    held_on: Ago
    minutes: str | None = None
    minutes_category: DataCategory = DataCategory.PLAN
    outcomes: Sequence[str] = ()
    """Milestone codes the meeting met (among those its kind completes)."""


@dataclass(frozen=True, kw_only=True)
class CancelMeeting(_Step):
    meeting: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class GenerateDocument(_Step):
    """A document of one of the case's kinds (the handover brief: "HANDOVER")."""

    kind: str
    format: DocumentFormat
    lang: str | None = None
    since: Ago | None = None
    """For the handover brief: the first day it covers."""


Step: TypeAlias = (
    AddTeamMember
    | RunCommand
    | RecordAssessment
    | AddNote
    | GrantBenefit
    | EndBenefit
    | CreatePlan
    | ApprovePlan
    | ActivatePlan
    | ProposeIntervention
    | ChangeInterventionStatus
    | UpdateCase
    | CloseCase
    | AssignStep
    | ReplaceTeamMember
    | ScheduleMeeting
    | HoldMeeting
    | CancelMeeting
    | GenerateDocument
)


@dataclass(frozen=True)
class DemoStory:
    """One case of the demo: who, how it was opened, and what happened since."""

    person: DemoPerson
    opening: OpenCase
    steps: Sequence[Step] = ()


@dataclass(frozen=True)
class Demo:
    actors: Sequence[DemoActor] = ()
    stories: Sequence[DemoStory] = ()


def demo_of(jurisdiction: object) -> Demo:
    """A jurisdiction's demo; an empty one when it has none (the member is optional)."""
    offer = getattr(jurisdiction, "demo", None)
    found = offer() if callable(offer) else None
    if found is None:
        return Demo()
    if not isinstance(found, Demo):
        code = getattr(jurisdiction, "code", "?")
        raise TypeError(f"jurisdiction {code!r}: demo() returned {found!r}, not a Demo")
    return found
