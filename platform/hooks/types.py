"""Boundary types between the platform and jurisdiction plugins.

Everything here is a frozen dataclass: the platform hands plugins snapshots of a
case (never a database session or an ORM object) and plugins answer with
values. Texts that a jurisdiction names are `Texts`, a mapping from language
code to text that must contain English ("en"), the fallback for every language.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from vocrehab.hooks.allowed import AllowedValues, Amounts
from vocrehab.hooks.vocabulary import (
    CaseStatus,
    DataCategory,
    DocumentFormat,
    EmploymentStatus,
    InterventionStatus,
    MeetingStatus,
    PlanStatus,
    ReturnToWorkPhase,
    Severity,
    StakeholderType,
)

__all__ = [
    "DEGREES_BY_DEFAULT",
    "ActivatePlan",
    "ActorInfo",
    "ApprovalFacts",
    "AssessmentFacts",
    "AssessmentKindInfo",
    "BenefitFacts",
    "BenefitTypeInfo",
    "CaseCommand",
    "CaseEventInfo",
    "CaseFacts",
    "Change",
    "ChangeInterventionStatus",
    "CommandResult",
    "DetailsCheck",
    "DiagnosisFacts",
    "DocumentKindInfo",
    "DocumentRequest",
    "DocumentSnapshot",
    "EndBenefit",
    "EventFacts",
    "GrantBenefit",
    "HandoverItem",
    "HandoverSection",
    "HistoryFacts",
    "IdCheck",
    "InterventionFacts",
    "InterventionTypeInfo",
    "MeetingFacts",
    "MeetingKindInfo",
    "MilestoneInfo",
    "NextStepInfo",
    "OpenCase",
    "OrientationInfo",
    "ParticipantFacts",
    "PersonInfo",
    "PlanFacts",
    "PlanStepFacts",
    "PluginConfig",
    "PluginInfo",
    "ProposeIntervention",
    "RecordAssessment",
    "RenderedDocument",
    "RuleInfo",
    "SavePlan",
    "SickPeriodFacts",
    "TeamMemberFacts",
    "TeamMemberInfo",
    "Texts",
    "UpdateCase",
    "Violation",
    "by_code",
    "text_for",
]

Texts = Mapping[str, str]
"""Language code -> text. Must contain "en"."""

JSONMapping = Mapping[str, Any]


def text_for(texts: Texts, lang: str | None) -> str:
    """The text in `lang`, falling back to English (every `Texts` has English)."""
    if lang and lang in texts:
        return texts[lang]
    return texts["en"]


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


CodedT = TypeVar("CodedT", bound=_Coded)


def by_code(items: Iterable[CodedT], code: str) -> CodedT | None:
    """The item of a jurisdiction's reference data (kinds, types) with `code`."""
    return next((item for item in items if item.code == code), None)


# --------------------------------------------------------------------------- identity


@dataclass(frozen=True)
class PluginInfo:
    """The distribution that provides a jurisdiction (filled in by the host)."""

    name: str
    version: str


@dataclass(frozen=True)
class PluginConfig:
    """Deployment options for plugins, keyed by plugin (entry-point) name.

    Set with VOCREHAB_PLUGIN_OPTIONS, e.g. '{"generic": {"plan_due_days": 21}}'.
    """

    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def for_plugin(self, name: str) -> Mapping[str, Any]:
        return self.options.get(name, {})


# --------------------------------------------------------------------------- reference data


DEGREES_BY_DEFAULT = AllowedValues.between(1, 100)
"""The degrees of a benefit type that declares none: any whole percent."""


@dataclass(frozen=True)
class BenefitTypeInfo:
    """A benefit the jurisdiction grants, and what it may be granted at.

    The platform refuses a benefit period whose degree `degrees` does not allow,
    or whose amount `amounts` does not allow (or that has an amount where the type
    declares none), with a userError naming the field; the jurisdiction's rules
    are not asked about it.
    """

    code: str
    names: Texts
    allowed_degrees: tuple[int, ...] = ()
    """Deprecated: declare `degrees`. Still read: a type that declares only
    `allowed_degrees` gets exactly those degrees; one that declares `degrees` has
    `allowed_degrees` filled in from them (every allowed degree, listed), so code
    that reads it keeps working."""
    descriptions: Texts | None = None
    max_duration_days: int | None = None
    legal_reference: str | None = None
    degrees: AllowedValues | None = None
    """The degrees, in whole percent from 0 to 100, it may be granted at: value sets,
    ranges and steps (`AllowedValues`), with the law that sets them. Neither this nor
    `allowed_degrees`: any whole percent from 1 to 100."""
    amounts: Amounts | None = None
    """The amounts it may be granted at (currency, per day/week/month, allowed values);
    None: a period of this type records no amount."""

    def __post_init__(self) -> None:
        if self.degrees is None and self.allowed_degrees:
            warnings.warn(
                f"benefit type {self.code}: allowed_degrees is deprecated; declare "
                "degrees=AllowedValues.of(...) or AllowedValues.between(...), which the "
                "platform enforces",
                DeprecationWarning,
                stacklevel=3,
            )
        if self.degrees is None:
            derived = (
                AllowedValues(tuple(self.allowed_degrees), (), self.legal_reference)
                if self.allowed_degrees
                else DEGREES_BY_DEFAULT
            )
            object.__setattr__(self, "degrees", derived)
        elif not self.allowed_degrees and not self.degrees.problems(0, 100):
            object.__setattr__(self, "allowed_degrees", self.degrees.listed())

    @property
    def allowed(self) -> AllowedValues:
        """`degrees`, always set once the type is built."""
        assert self.degrees is not None  # __post_init__ fills it in
        return self.degrees

    def problems(self) -> list[str]:
        """What makes its degrees or amounts unusable (start-up and the kit refuse them)."""
        found = [f"degrees {p}" for p in self.allowed.problems(0, 100)]
        if not found and set(self.allowed_degrees) != set(self.allowed.listed()):
            found.append("allowed_degrees and degrees disagree; declare degrees only")
        if self.amounts is not None:
            found += [f"amounts {p}" for p in self.amounts.allowed.problems(0)]
            currency = self.amounts.currency
            if not (len(currency) == 3 and currency.isascii() and currency.isupper()):
                found.append(f"amounts currency {currency!r} is not an ISO 4217 code")
        return found


@dataclass(frozen=True)
class InterventionTypeInfo:
    code: str
    names: Texts
    max_duration_weeks: int | None = None
    legal_reference: str | None = None
    descriptions: Texts | None = None


@dataclass(frozen=True)
class AssessmentKindInfo:
    code: str
    names: Texts


@dataclass(frozen=True)
class DocumentKindInfo:
    code: str
    names: Texts
    formats: tuple[DocumentFormat, ...]
    audiences: tuple[StakeholderType, ...] = ()
    """Who the document is for. It is "their own" kind (AUTHZ.md, DOCUMENTS): an
    employer or provider may generate and read it. Whoever generates it, it
    never holds a data category one of its audiences may not see."""
    json_schema: Mapping[str, Any] | None = None
    """The JSON Schema its JSON (and FHIR_JSON) renderings validate against."""


@dataclass(frozen=True)
class MeetingKindInfo:
    """A kind of meeting of the case team (NAV's dialogue meeting 2, FK's
    reconciliation meeting, a case conference), declared by `meeting_kinds()`."""

    code: str
    """Unique within the jurisdiction; a jurisdiction's own start with its code and a
    dot ("no.dialogue_meeting_2")."""
    names: Texts
    conveners: tuple[StakeholderType, ...]
    """The team roles that schedule, hold and cancel it (ADMIN always may)."""
    completes: tuple[str, ...] = ()
    """Codes of the jurisdiction's milestones a meeting of this kind can meet: when it
    is held, those named among its outcomes are met on the day it was held."""
    legal_reference: str | None = None
    descriptions: Texts | None = None


@dataclass(frozen=True)
class RuleInfo:
    """A rule the jurisdiction enforces; listed in `Jurisdiction.rules`."""

    code: str
    severity: Severity
    descriptions: Texts
    legal_reference: str
    category: DataCategory = DataCategory.PLAN
    """The data category a finding of this rule reveals (a rule about benefit periods is
    BENEFITS, one about a medical exception MEDICAL): its findings are shown only to
    readers who see that category. `evaluate` sees the whole case, and its findings
    reach whoever made the change by this category too: an ERROR of a category the
    caller lacks still refuses the change, without its text; a WARNING is left out."""


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class Violation:
    """A rule found broken. An ERROR blocks the change; a WARNING is reported."""

    code: str
    severity: Severity
    message: str
    legal_reference: str | None = None
    field: tuple[str, ...] | None = None
    """Path inside the mutation's input (e.g. ("steps", "0", "workPercent"))."""


@dataclass(frozen=True)
class IdCheck:
    """Result of validating a national id or an organisation number."""

    valid: bool
    normalized: str | None = None
    message: str | None = None
    """Why it is not valid; for a valid one, which form was read (e.g. a shorter form
    that `normalized` completes), so a person can see what was stored and why."""
    birth_date: date | None = None


@dataclass(frozen=True)
class DetailsCheck:
    """Result of validating a `details` JSON object: the normalized value or errors."""

    value: JSONMapping
    violations: tuple[Violation, ...] = ()


@dataclass(frozen=True)
class MilestoneInfo:
    """A deadline or checkpoint. Deterministic: computed from case facts, never from 'today'."""

    code: str
    names: Texts
    due_date: date
    responsible: StakeholderType
    legal_reference: str | None = None
    met_on: date | None = None
    not_applicable: bool = False
    descriptions: Texts | None = None
    """What meets it, in plain language."""
    category: DataCategory = DataCategory.PLAN
    """The data category the milestone reveals (the end of a benefit period is BENEFITS):
    it is shown only to readers who see that category."""
    optional: bool = False
    """A possibility rather than a duty (a plan the employee may ask for): past its due
    date and not met it is OPTIONAL, not OVERDUE, and is left out of every overdue
    filter, of the case's next due date, of the moves once past due, and of the
    orientation's blockers (`vocrehab.hooks.overdue` skips it)."""
    assignee_id: str | None = None
    """The team member a case manager gave the step to (`assignStep`): filled by the
    platform in the milestones it passes to `orientation`; a plugin leaves it None."""


@dataclass(frozen=True)
class NextStepInfo:
    title: Texts
    responsible: StakeholderType
    due_date: date | None = None


@dataclass(frozen=True)
class OrientationInfo:
    summary: Texts
    next_steps: tuple[NextStepInfo, ...]
    blockers: tuple[Texts, ...]


# --------------------------------------------------------------------------- case snapshot


@dataclass(frozen=True)
class ParticipantFacts:
    id: str
    jurisdiction: str
    birth_date: date | None
    national_id: str | None
    preferred_language: str | None


@dataclass(frozen=True)
class TeamMemberFacts:
    actor_id: str
    role: StakeholderType
    since: date
    until: date | None


@dataclass(frozen=True)
class PlanStepFacts:
    start_date: date
    end_date: date
    work_percent: int
    hours_per_week: float | None = None
    description: str | None = None
    adjustments: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApprovalFacts:
    role: StakeholderType
    approved_at: datetime


@dataclass(frozen=True)
class PlanFacts:
    id: str
    version: int
    status: PlanStatus
    title: str
    goal: str | None
    steps: tuple[PlanStepFacts, ...]
    approvals: tuple[ApprovalFacts, ...] = ()
    created_at: datetime | None = None
    activated_at: datetime | None = None


@dataclass(frozen=True)
class DiagnosisFacts:
    system: str
    code: str
    text: str | None = None


@dataclass(frozen=True)
class AssessmentFacts:
    id: str
    kind: str
    assessed_at: date
    work_capacity_percent: int | None = None
    diagnoses: tuple[DiagnosisFacts, ...] = ()
    icf_codes: tuple[str, ...] = ()
    functional_limitations: str | None = None
    activity_limitations: str | None = None
    prognosis: str | None = None
    summary: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    details: JSONMapping = field(default_factory=dict)


@dataclass(frozen=True)
class InterventionFacts:
    id: str
    type_code: str
    status: InterventionStatus
    start_date: date | None = None
    planned_end_date: date | None = None
    end_date: date | None = None
    hours_per_week: float | None = None
    provider_id: str | None = None
    details: JSONMapping = field(default_factory=dict)
    outcome: str | None = None


@dataclass(frozen=True)
class BenefitFacts:
    id: str
    benefit_type_code: str
    degree: int
    start_date: date
    end_date: date | None = None
    amount: int | None = None
    """In whole units of the benefit type's `amounts` currency, per its period; None
    when none is recorded."""

    def overlaps(self, other: BenefitFacts) -> bool:
        """Whether the two periods share a day; an open end (None) runs indefinitely."""
        end, other_end = self.end_date or date.max, other.end_date or date.max
        return self.start_date <= other_end and other.start_date <= end


@dataclass(frozen=True)
class EventFacts:
    kind: str
    at: datetime
    actor_role: StakeholderType | None = None
    data: JSONMapping = field(default_factory=dict)
    categories: frozenset[DataCategory] = frozenset()
    """What the event reveals; a reader's snapshot holds only events they may see."""
    roles_mask: int | None = None
    """For an event about an object only some roles read (a note): those roles, as bits
    in the order of `StakeholderType`; None for every role."""
    summary: str = ""
    """What happened, in one sentence (as the timeline shows it)."""
    actor_id: str | None = None
    """Who did it (an Actor's id), if anyone."""


@dataclass(frozen=True)
class MeetingFacts:
    """One of the team's meetings, as the snapshot's reader may see it."""

    id: str
    kind: str
    """A `MeetingKindInfo.code` of the case's jurisdiction."""
    status: MeetingStatus
    scheduled_for: date | None
    """The day it is (or was) planned for; None for a meeting recorded only once held."""
    held_on: date | None = None
    participant_ids: tuple[str, ...] = ()
    """The team members (Actor ids) taking part; the participant's own actor too."""
    outcomes: tuple[str, ...] = ()
    """The milestone codes it met, once held."""
    minutes: str | None = None
    """What was said and agreed, once held; None for a reader who does not see
    `minutes_category` (and for a meeting without minutes)."""
    minutes_category: DataCategory = DataCategory.PLAN


@dataclass(frozen=True)
class SickPeriodFacts:
    """The sick leave of one of the participant's earlier cases."""

    case_id: str
    start: date
    """The case's first day of sick leave."""
    end: date | None
    """The day the case was closed (None while it is still open)."""


@dataclass(frozen=True)
class HistoryFacts:
    """The participant's earlier cases of the same jurisdiction, as far back as the
    jurisdiction looks (`Jurisdiction.history_days`): for rules that count earlier sick
    periods (merging absences, days used within a number of years).

    Earlier means: a sick leave that started before this case's (or, without one, before
    it was opened) and that was still going on `since`. Benefit periods are those of
    these cases that had not ended before `since`. A reader who does not see BENEFITS
    gets no history at all.
    """

    since: date
    sick_periods: tuple[SickPeriodFacts, ...] = ()
    """In the order they started."""
    benefits: tuple[BenefitFacts, ...] = ()
    """In the order they started."""


@dataclass(frozen=True)
class CaseFacts:
    """Everything a jurisdiction may reason about, as of one moment."""

    id: str
    reference: str
    jurisdiction: str
    status: CaseStatus
    phase: ReturnToWorkPhase
    employment_status: EmploymentStatus
    has_employer: bool
    sick_leave_start: date | None
    opened_at: datetime
    closed_at: datetime | None
    participant: ParticipantFacts
    details: JSONMapping = field(default_factory=dict)
    team: tuple[TeamMemberFacts, ...] = ()
    plans: tuple[PlanFacts, ...] = ()
    assessments: tuple[AssessmentFacts, ...] = ()
    interventions: tuple[InterventionFacts, ...] = ()
    benefits: tuple[BenefitFacts, ...] = ()
    events: tuple[EventFacts, ...] = ()
    """In the order they happened."""
    meetings: tuple[MeetingFacts, ...] = ()
    """The team's meetings, in the order they were scheduled (or recorded)."""
    history: HistoryFacts | None = None
    """The participant's earlier cases, when the jurisdiction declares `history_days`."""

    @property
    def active_plan(self) -> PlanFacts | None:
        return next((p for p in self.plans if p.status is PlanStatus.ACTIVE), None)


# --------------------------------------------------------------------------- handover


@dataclass(frozen=True)
class HandoverItem:
    """One line of a jurisdiction's handover section: something an incoming team
    member must know (a meeting, a plan sent, an exception granted)."""

    text: Texts
    on: date | None = None
    category: DataCategory = DataCategory.PLAN
    """What the line reveals: it is shown only to readers who see this category."""


@dataclass(frozen=True)
class HandoverSection:
    """A section a jurisdiction adds to the handover brief (`HandoverWriter`)."""

    code: str
    title: Texts
    items: tuple[HandoverItem, ...]


# --------------------------------------------------------------------------- proposed changes
# `Jurisdiction.evaluate(change, case)` receives one of these; `case` is the state
# before the change. Match on the type; unknown change types get no violations.


@dataclass(frozen=True)
class OpenCase:
    case: CaseFacts


@dataclass(frozen=True)
class UpdateCase:
    after: CaseFacts


@dataclass(frozen=True)
class SavePlan:
    plan: PlanFacts


@dataclass(frozen=True)
class ActivatePlan:
    plan: PlanFacts


@dataclass(frozen=True)
class RecordAssessment:
    assessment: AssessmentFacts


@dataclass(frozen=True)
class ProposeIntervention:
    intervention: InterventionFacts


@dataclass(frozen=True)
class ChangeInterventionStatus:
    intervention: InterventionFacts
    to_status: InterventionStatus
    on: date


@dataclass(frozen=True)
class GrantBenefit:
    benefit: BenefitFacts


@dataclass(frozen=True)
class EndBenefit:
    benefit: BenefitFacts
    end_date: date


Change = (
    OpenCase
    | UpdateCase
    | SavePlan
    | ActivatePlan
    | RecordAssessment
    | ProposeIntervention
    | ChangeInterventionStatus
    | GrantBenefit
    | EndBenefit
)


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class CaseEventInfo:
    """A committed change, fanned out to every plugin's `vocrehab_on_case_event`."""

    id: str
    case_id: str
    jurisdiction: str
    kind: str
    at: datetime
    summary: str
    actor_id: str | None = None
    categories: frozenset[DataCategory] = frozenset()
    """What the event reveals: delivered only to readers who see every one of them."""
    roles_mask: int | None = None
    """For an event about an object only some roles read (a note): those roles, as bits
    in the order of `StakeholderType`; None for every role."""


# --------------------------------------------------------------------------- case commands


@dataclass(frozen=True)
class CommandResult:
    """What a case command does: the case's new `details` and how the timeline tells it."""

    details: JSONMapping
    event_kind: str
    """e.g. "no.dialogue_meeting.held"; prefix it with the jurisdiction code."""
    summary: str
    """One line for the timeline, in English; no data beyond `category`."""
    violations: tuple[Violation, ...] = ()
    """ERRORs stop the command (nothing changes); WARNINGs are reported with the result."""
    category: DataCategory | None = None
    """The data category the event reveals, if any (it is then shown only to those who see it)."""
    data: JSONMapping = field(default_factory=dict)
    """Kept on the event (`EventFacts.data` in later snapshots): what the change was,
    for milestones that depend on history the details no longer show."""


@dataclass(frozen=True)
class CaseCommand:
    """A jurisdiction-specific change to a case's `details`, exposed as a mutation.

    The platform adds `<name>(input: <input_type>!): CasePayload!` to the schema,
    finds the case by the input's `case_id`, checks the caller's token holds
    `scope` and that one of their roles on the case is in `roles` (ADMIN always
    may), calls `apply` with a snapshot of the case, validates the returned
    details with `validate_details("case", ...)`, stores them, appends the
    event and recomputes the milestones: all in one transaction.
    """

    name: str
    """The mutation name: camelCase, starting with the jurisdiction's `schema_prefix`."""
    input_type: type
    """A strawberry input type with a `case_id: strawberry.ID` field (it names the case).
    Any other ID field declares the type it names, e.g.
    `strawberry.field(metadata={"id_of": "Actor"})`. The platform decodes every ID
    before `apply` runs (a malformed one is BAD_USER_INPUT, one of another type
    NOT_FOUND), so `apply` reads them as row ids (`uuid.UUID`)."""
    roles: tuple[StakeholderType, ...]
    scope: str
    """One of `vocrehab.hooks.vocabulary.SCOPES`, held by every role in `roles`."""
    descriptions: Texts
    apply: Callable[[CaseFacts, Any, date], CommandResult]
    """(case as it is, the input object, today) -> result. Pure: no I/O, no clock."""
    category: DataCategory = DataCategory.PLAN
    """The data category the command records (a medical exception is MEDICAL): only a
    caller who sees it on the case may run the command."""


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class PersonInfo:
    """The participant as a document may name them; CONTACT fields are None when
    the document may not show CONTACT data."""

    given_name: str
    family_name: str
    birth_date: date | None = None
    national_id: str | None = None
    email: str | None = None
    phone: str | None = None
    preferred_language: str | None = None


@dataclass(frozen=True)
class ActorInfo:
    id: str
    name: str
    stakeholder_type: StakeholderType
    is_organisation: bool
    organisation_name: str | None = None
    organisation_number: str | None = None
    email: str | None = None
    organisation_id: str | None = None
    """For a person: the organisation they act for (e.g. to tell whose staff provides
    an intervention, whose `provider_id` names the organisation)."""


@dataclass(frozen=True)
class TeamMemberInfo:
    actor: ActorInfo
    role: StakeholderType
    since: date
    until: date | None = None


@dataclass(frozen=True)
class DocumentRequest:
    kind_code: str
    format: DocumentFormat
    lang: str
    generated_at: datetime
    requested_by: StakeholderType
    categories: frozenset[DataCategory]
    """What the document may contain: already applied to the snapshot (a
    MEDICAL-free snapshot has no diagnoses), given so a renderer can say so."""
    today: date | None = None
    """The deployment's date at generation (deadline status "as of" this day)."""


@dataclass(frozen=True)
class DocumentSnapshot:
    """A case as one document may show it, frozen at generation time."""

    request: DocumentRequest
    case: CaseFacts
    participant: PersonInfo
    team: tuple[TeamMemberInfo, ...]
    employer: ActorInfo | None
    milestones: tuple[MilestoneInfo, ...]


@dataclass(frozen=True)
class RenderedDocument:
    content: bytes
    media_type: str
    """e.g. application/pdf, application/json, application/fhir+json, application/xml."""
    filename: str
