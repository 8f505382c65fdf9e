"""The Case type: a return-to-work process and everything on it, for its reader.

Every relation of a case is loaded for a whole list level at once (see
`api.planner`); each case carries its reader (roles and categories, from the
statement that loaded it) so what hangs below it is filtered for that reader.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from vocrehab.api.actors import Actor, actors_by_id
from vocrehab.api.base import (
    After,
    Before,
    Connection,
    Count,
    First,
    Lang,
    Last,
    Node,
    connection,
    maker,
    object_id,
    presented,
)
from vocrehab.api.columns import unused
from vocrehab.api.context import Context
from vocrehab.api.enums import CaseStatus, EmploymentStatus, ReturnToWorkPhase, StakeholderType
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.api.readers import Reader, case_reader
from vocrehab.core import reads
from vocrehab.core.pagination import ChildPage, PageRequest
from vocrehab.hooks.schema import JurisdictionDetails

if TYPE_CHECKING:
    from vocrehab.api.assessments import Assessment
    from vocrehab.api.base import RuleViolation
    from vocrehab.api.benefits import BenefitPeriod
    from vocrehab.api.briefs import Handover
    from vocrehab.api.documents import Document
    from vocrehab.api.interventions import Intervention
    from vocrehab.api.jurisdictions import Jurisdiction
    from vocrehab.api.meetings import Meeting
    from vocrehab.api.notes import CaseNote
    from vocrehab.api.orientation import Milestone, Orientation
    from vocrehab.api.participants import Participant
    from vocrehab.api.plans import Plan
    from vocrehab.api.timeline import CaseEvent

__all__ = [
    "Case",
    "CaseTeamMember",
    "case_children",
    "cases_by_id",
    "child_connections",
    "parent_cases",
    "present_case",
]

ParticipantT = Annotated["Participant", strawberry.lazy("vocrehab.api.participants")]
JurisdictionT = Annotated["Jurisdiction", strawberry.lazy("vocrehab.api.jurisdictions")]
PlanT = Annotated["Plan", strawberry.lazy("vocrehab.api.plans")]
AssessmentT = Annotated["Assessment", strawberry.lazy("vocrehab.api.assessments")]
InterventionT = Annotated["Intervention", strawberry.lazy("vocrehab.api.interventions")]
BenefitPeriodT = Annotated["BenefitPeriod", strawberry.lazy("vocrehab.api.benefits")]
CaseNoteT = Annotated["CaseNote", strawberry.lazy("vocrehab.api.notes")]
DocumentT = Annotated["Document", strawberry.lazy("vocrehab.api.documents")]
CaseEventT = Annotated["CaseEvent", strawberry.lazy("vocrehab.api.timeline")]
MilestoneT = Annotated["Milestone", strawberry.lazy("vocrehab.api.orientation")]
OrientationT = Annotated["Orientation", strawberry.lazy("vocrehab.api.orientation")]
HandoverT = Annotated["Handover", strawberry.lazy("vocrehab.api.briefs")]
MeetingT = Annotated["Meeting", strawberry.lazy("vocrehab.api.meetings")]
RuleViolationT = Annotated["RuleViolation", strawberry.lazy("vocrehab.api.base")]


# ---------------------------------------------------------------------- relation loads


async def _participants(batch: Batch[Case]) -> list[Any]:
    from vocrehab.api.participants import participants_by_id

    found = await participants_by_id(
        batch.ctx,
        [c._row.participant_id for c in batch.parents],
        unused(batch.ctx, "Participant"),
    )
    return [found.get(c._row.participant_id) for c in batch.parents]


async def _employers(batch: Batch[Case]) -> list[Actor | None]:
    found = await actors_by_id(batch.ctx, [c._row.employer_id for c in batch.parents])
    return [found.get(c._row.employer_id) for c in batch.parents]


async def _teams(batch: Batch[Case]) -> list[list[CaseTeamMember]]:
    rows = await reads.team(
        batch.ctx.db,
        [c._case_id for c in batch.parents],
        unused(batch.ctx, "Actor"),
        unused(batch.ctx, "CaseTeamMember"),
    )
    make = maker(CaseTeamMember)
    return [
        [
            presented(
                batch.ctx,
                make(_actor_row=actor, role=row.role, since=row.since, until=row.until),
                c._participant_id,
                c._visible,
            )
            for row, actor in rows.get(c._case_id, ())
        ]
        for c in batch.parents
    ]


async def _team_pages(
    batch: Batch[Case],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[CaseTeamMember]]:
    request = PageRequest.of(first, after, last, before)
    masks = {c._case_id: None for c in batch.parents}
    pages = await reads.page_children(batch.ctx.db, "team", masks, request)
    actors = await reads.actors(
        batch.ctx.db, {row.actor_id for page in pages.values() for row in page.items}
    )

    def member(case: Case, row: Any) -> CaseTeamMember:
        return presented(
            batch.ctx,
            maker(CaseTeamMember)(
                _actor_row=actors.get(row.actor_id), role=row.role, since=row.since, until=row.until
            ),
            case._participant_id,
            case._visible,
        )

    return child_connections(batch.ctx, batch.parents, pages, "team", masks, member)


async def _team_actors(batch: Batch[CaseTeamMember]) -> list[Actor | None]:
    from vocrehab.api.actors import present_actor

    return [present_actor(batch.ctx, m._actor_row) for m in batch.parents]


def child_connections(
    ctx: Context,
    cases: Sequence[Case],
    pages: dict[uuid.UUID, ChildPage],
    relation_name: str,
    masks: dict[uuid.UUID, Any],
    wrap: Any,
) -> list[Connection[Any]]:
    """Connections of one page per case, counting (if asked) in one statement for all."""

    async def count(keys: list[Any]) -> list[int]:
        counts = await reads.count_children(ctx.db, relation_name, {k: masks[k] for k in keys})
        return [counts[k] for k in keys]

    out = []
    for case in cases:
        page = pages[case._case_id]
        nodes = [
            (wrap(case, row), cursor) for row, cursor in zip(page.items, page.cursors, strict=True)
        ]
        out.append(
            connection(
                [node for node, _ in nodes if node is not None],
                [cursor for node, cursor in nodes if node is not None],
                page.has_next,
                page.has_previous,
                Count(count, case._case_id),
            )
        )
    return out


async def _paged(
    batch: Batch[Case],
    relation_name: str,
    request: PageRequest,
    wrap: Any,
    masks: dict[uuid.UUID, Any] | None = None,
    type_name: str = "",
) -> list[Connection[Any]]:
    masks = masks if masks is not None else {c._case_id: None for c in batch.parents}
    pages = await reads.page_children(
        batch.ctx.db, relation_name, masks, request, unused(batch.ctx, type_name)
    )
    return child_connections(batch.ctx, batch.parents, pages, relation_name, masks, wrap)


async def _plans(
    batch: Batch[Case],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[PlanT]]:
    from vocrehab.api.plans import present_plan

    request = PageRequest.of(first, after, last, before)
    return await _paged(
        batch, "plans", request, lambda c, row: present_plan(batch.ctx, c, row, None)
    )


async def _current_plans(batch: Batch[Case]) -> list[PlanT | None]:
    from vocrehab.api.plans import present_plan

    found = await reads.current_plans(
        batch.ctx.db,
        [c._case_id for c in batch.parents],
        unused(batch.ctx, "Plan"),
        unused(batch.ctx, "PlanStep"),
    )
    out: list[Any] = []
    for case in batch.parents:
        entry = found.get(case._case_id)
        out.append(present_plan(batch.ctx, case, entry[0], entry[1]) if entry else None)
    return out


async def _assessments(
    batch: Batch[Case],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[AssessmentT]]:
    from vocrehab.api.assessments import present_assessment

    request = PageRequest.of(first, after, last, before)
    return await _paged(
        batch, "assessments", request, lambda c, row: present_assessment(batch.ctx, c, row)
    )


async def _interventions(
    batch: Batch[Case],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[InterventionT]]:
    from vocrehab.api.interventions import present_intervention

    request = PageRequest.of(first, after, last, before)
    return await _paged(
        batch,
        "interventions",
        request,
        lambda c, row: present_intervention(batch.ctx, c, row),
        type_name="Intervention",
    )


async def _benefits(batch: Batch[Case]) -> list[list[BenefitPeriodT]]:
    from vocrehab.api.benefits import present_benefit

    rows = await reads.benefits(batch.ctx.db, [c._case_id for c in batch.parents])
    return [
        [present_benefit(batch.ctx, c, r) for r in rows.get(c._case_id, ())] for c in batch.parents
    ]


async def _benefit_pages(
    batch: Batch[Case],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[BenefitPeriodT]]:
    from vocrehab.api.benefits import present_benefit

    request = PageRequest.of(first, after, last, before)
    return await _paged(
        batch, "benefits", request, lambda c, row: present_benefit(batch.ctx, c, row)
    )


async def _notes(
    batch: Batch[Case],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[CaseNoteT]]:
    from vocrehab.api.notes import present_note

    masks = {c._case_id: c._reader.note_roles for c in batch.parents}
    request = PageRequest.of(first, after, last, before)
    return await _paged(
        batch, "notes", request, lambda c, row: present_note(batch.ctx, c, row), masks
    )


async def _events(
    batch: Batch[Case],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[CaseEventT]]:
    from vocrehab.api.timeline import event_masks, present_event

    request = PageRequest.of(first, after, last, before)
    return await _paged(
        batch,
        "events",
        request,
        lambda c, row: present_event(batch.ctx, c, row),
        event_masks(batch.parents),
    )


async def _unseen_events(
    batch: Batch[Case],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[CaseEventT]]:
    from vocrehab.api.timeline import event_masks, present_event

    masks = event_masks(batch.parents)
    actor_id = batch.ctx.principal.actor_id
    request = PageRequest.of(first, after, last, before)
    pages = await reads.page_unseen(batch.ctx.db, masks, request, actor_id)

    async def count(keys: list[Any]) -> list[int]:
        counts = await reads.count_unseen(batch.ctx.db, {k: masks[k] for k in keys}, actor_id)
        return [counts[k] for k in keys]

    out = []
    for case in batch.parents:
        page = pages[case._case_id]
        shown = [(present_event(batch.ctx, case, row), c)
                 for row, c in zip(page.items, page.cursors, strict=True)]  # fmt: skip
        out.append(
            connection(
                [event for event, _ in shown if event is not None],
                [cursor for event, cursor in shown if event is not None],
                page.has_next,
                page.has_previous,
                Count(count, case._case_id),
            )
        )
    return out


async def _unseen_counts(batch: Batch[Case]) -> list[int]:
    from vocrehab.api.timeline import event_masks

    masks = event_masks(batch.parents)
    counts = await reads.count_unseen(batch.ctx.db, masks, batch.ctx.principal.actor_id)
    return [counts[c._case_id] for c in batch.parents]


async def _meetings(
    batch: Batch[Case],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[MeetingT]]:
    from vocrehab.api.meetings import present_meeting

    request = PageRequest.of(first, after, last, before)
    return await _paged(
        batch, "meetings", request, lambda c, row: present_meeting(batch.ctx, c, row)
    )


async def _documents(batch: Batch[Case]) -> list[list[DocumentT]]:
    from vocrehab.api.documents import readable_documents

    return await readable_documents(batch.ctx, batch.parents)


async def _document_pages(
    batch: Batch[Case],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[DocumentT]]:
    from vocrehab.api.documents import present_document

    ctx = batch.ctx
    request = PageRequest.of(first, after, last, before)
    acting = tuple(sorted(ctx.principal.acting_ids))
    masks = {}
    for case in batch.parents:
        reader, own_kinds = case._reader, None
        if reader.own_documents_only:
            kinds = ctx.host.jurisdiction(case._row.jurisdiction).document_kinds()
            own_kinds = frozenset(k.code for k in kinds if set(k.audiences) & reader.roles)
        masks[case._case_id] = (reader.hidden_bits, own_kinds, acting)
    return await _paged(
        batch, "documents", request, lambda c, row: present_document(ctx, c, row), masks
    )


async def _milestones(batch: Batch[Case]) -> list[list[MilestoneT]]:
    from vocrehab.api.orientation import milestones_of

    return await milestones_of(batch.ctx, batch.parents)


async def _rule_violations(batch: Batch[Case]) -> list[list[RuleViolationT]]:
    from vocrehab.api.orientation import rule_violations_of

    return await rule_violations_of(batch.ctx, batch.parents)


async def _orientations(batch: Batch[Case], lang: Lang = None) -> list[OrientationT]:
    from vocrehab.api.orientation import orientations_of

    return await orientations_of(batch.ctx, batch.parents, lang)


async def _handovers(
    batch: Batch[Case],
    since: Annotated[
        datetime.date | None,
        strawberry.argument(description="The first day the brief covers (default: the opening)."),
    ] = None,
) -> list[HandoverT]:
    from vocrehab.api.briefs import handovers_of

    return await handovers_of(batch.ctx, batch.parents, since)


async def _details(batch: Batch[Case]) -> list[JurisdictionDetails | None]:
    from vocrehab.api.orientation import details_of

    return await details_of(batch.ctx, batch.parents)


async def _jurisdictions(batch: Batch[Any]) -> list[JurisdictionT]:
    from vocrehab.api.jurisdictions import jurisdiction_of

    return [jurisdiction_of(batch.ctx, c._row.jurisdiction) for c in batch.parents]


# ---------------------------------------------------------------------- types


@strawberry.type(name="CaseTeamMember", description="A member of a case team, in one role.")
class CaseTeamMember(Planned):
    _actor_row: strawberry.Private[Any]
    role: StakeholderType = strawberry.field(description="The role they hold on this case.")
    since: datetime.date = strawberry.field(description="The day they joined the team.")
    until: datetime.date | None = strawberry.field(description="The last day they were on it.")
    actor: Actor | None = relation(
        _team_actors, returns=Actor | None, description="Requires scope actors:read."
    )


@strawberry.type(
    name="Case",
    description="One return-to-work process of a participant, in one jurisdiction. "
    "Requires scope cases:read.",
)
class Case(Planned, Node):
    _row: strawberry.Private[Any]
    _reader: strawberry.Private[Reader]
    _case_id: strawberry.Private[uuid.UUID]
    """The row's id, read for every case on every list level (an attribute, not a
    property over `_row`)."""
    id: strawberry.ID = strawberry.field(description="The case's global ID.")
    reference: str = strawberry.field(
        description="Human-friendly reference, unique, e.g. SE-2026-000123."
    )
    status: CaseStatus = strawberry.field(description="OPEN, ON_HOLD or CLOSED.")
    phase: ReturnToWorkPhase = strawberry.field(
        description="Where the return to work stands (Young et al. 2005)."
    )
    employment_status: EmploymentStatus = strawberry.field(
        description="The participant's employment."
    )
    sick_leave_start: datetime.date | None = strawberry.field(
        description="First day of sick leave / incapacity; drives the jurisdiction's milestones."
    )
    opened_at: datetime.datetime = strawberry.field(description="When the case was opened.")
    closed_at: datetime.datetime | None = strawberry.field(
        description="When it was closed; null while open."
    )
    closure_reason: str | None = strawberry.field(description="Why it was closed.")
    participant: ParticipantT | None = relation(
        _participants,
        returns=ParticipantT | None,
        description="Requires scope participants:read.",
    )
    jurisdiction: JurisdictionT = relation(
        _jurisdictions,
        returns=JurisdictionT,
        description="The jurisdiction whose rules apply to the case.",
    )
    employer: Actor | None = relation(
        _employers,
        returns=Actor | None,
        description="The participant's employer, if employed. Requires scope actors:read.",
    )
    team: list[CaseTeamMember] = relation(
        _teams,
        returns=list[CaseTeamMember],
        description="Everyone on the case team, including those who have left (until), by "
        "the day they joined. teamConnection pages the same members.",
    )
    team_connection: Connection[CaseTeamMember] = relation(
        _team_pages,
        returns=Connection[CaseTeamMember],
        description="The case team as a connection, in the order members were added.",
    )
    plans: Connection[PlanT] | None = relation(
        _plans, returns=Connection[PlanT] | None, description="Requires scope plans:read."
    )
    current_plan: PlanT | None = relation(
        _current_plans,
        returns=PlanT | None,
        description="The ACTIVE plan. Requires scope plans:read.",
    )
    assessments: Connection[AssessmentT] | None = relation(
        _assessments,
        returns=Connection[AssessmentT] | None,
        description="Requires scope assessments:read.",
    )
    interventions: Connection[InterventionT] | None = relation(
        _interventions,
        returns=Connection[InterventionT] | None,
        description="Requires scope interventions:read.",
    )
    benefits: list[BenefitPeriodT] | None = relation(
        _benefits,
        returns=list[BenefitPeriodT] | None,
        description="BENEFITS data: null for readers without it. Requires scope benefits:read. "
        "benefitsConnection pages the same periods.",
    )
    benefits_connection: Connection[BenefitPeriodT] | None = relation(
        _benefit_pages,
        returns=Connection[BenefitPeriodT] | None,
        description="The benefit periods as a connection, in the order they were granted. "
        "BENEFITS data: null for readers without it. Requires scope benefits:read.",
    )
    milestones: list[MilestoneT] = relation(
        _milestones,
        returns=list[MilestoneT],
        description="Deadlines and checkpoints computed by the jurisdiction plugin (e.g. NAV "
        "dialogue meeting 1 by week 7, FK day-90 review), those of categories the reader sees.",
    )
    rule_violations: list[RuleViolationT] = relation(
        _rule_violations,
        returns=list[RuleViolationT],
        description="What the jurisdiction's rules find wrong or missing right now, as far as "
        "the reader may know.",
    )
    orientation: OrientationT = relation(
        _orientations,
        returns=OrientationT,
        description="Where the case stands and what happens next, for every stakeholder (the "
        "orientation map), told from what the reader may see. `lang` picks the language of "
        "the texts (default: English).",
    )
    handover: HandoverT = relation(
        _handovers,
        returns=HandoverT,
        description="The handover brief for someone taking the case over: decisions, benefit "
        "periods, plans, meetings and assessments since `since` (default: since the case "
        "opened), open and overdue steps, who did what last and open questions, told from "
        "what the reader may see.",
    )
    meetings: Connection[MeetingT] = relation(
        _meetings,
        returns=Connection[MeetingT],
        description="The team's meetings (scheduled, held, cancelled), in the order they "
        "were scheduled.",
    )
    notes: Connection[CaseNoteT] | None = relation(
        _notes,
        returns=Connection[CaseNoteT] | None,
        description="Notes the reader's role may read. Requires scope notes:read.",
    )
    documents: list[DocumentT] | None = relation(
        _documents,
        returns=list[DocumentT] | None,
        description="Rendered documents the reader may read (all of whose content categories "
        "they see). Requires scope documents:read. documentsConnection pages the same documents.",
    )
    documents_connection: Connection[DocumentT] | None = relation(
        _document_pages,
        returns=Connection[DocumentT] | None,
        description="The documents the reader may read as a connection, oldest first. "
        "Requires scope documents:read.",
    )
    events: Connection[CaseEventT] = relation(
        _events,
        returns=Connection[CaseEventT],
        description="The case timeline, oldest first; events about what the reader may not see "
        "are left out.",
    )
    unseen_events: Connection[CaseEventT] = relation(
        _unseen_events,
        returns=Connection[CaseEventT],
        description="What changed since the reader last marked the case seen (markCaseSeen), "
        "oldest first: events the reader may see and did not cause.",
    )
    unseen_count: int = relation(
        _unseen_counts,
        returns=int,
        description="How many events unseenEvents lists.",
    )
    jurisdiction_details: JurisdictionDetails | None = relation(
        _details,
        returns=JurisdictionDetails | None,
        description="Jurisdiction-specific details, typed by the plugin (e.g. ... on "
        "NavCaseDetails); fields of categories the reader lacks are null.",
    )


_make_case = maker(Case)


def present_case(ctx: Context, row: Any) -> Case | None:
    """A case row loaded with its reader's access (`reads.case_access_columns`)."""
    reader = case_reader(ctx, row.participant_id, row.role_bits, row.consent_bits)
    if reader is None:
        return None
    return presented(
        ctx,
        _make_case(
            _row=row,
            _reader=reader,
            _case_id=row.id,
            id=object_id(ctx, "Case", row.id),
            reference=row.reference,
            status=row.status,
            phase=row.phase,
            employment_status=row.employment_status,
            sick_leave_start=row.sick_leave_start,
            opened_at=row.opened_at,
            closed_at=row.closed_at,
            closure_reason=row.closure_reason,
        ),
        row.participant_id,
        reader.categories,
    )


async def cases_by_id(ctx: Context, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Case]:
    """The cases among `ids` that the reader may see, presented."""
    rows = await reads.cases(ctx.db, ctx.principal, ctx.today, ids)
    found = {}
    for case_id, row in rows.items():
        case = present_case(ctx, row)
        if case is not None:
            found[case_id] = case
    return found


async def parent_cases(batch: Batch[Any]) -> list[Case | None]:
    """`case` of a case's child: the case, as the reader may see it."""
    found = await cases_by_id(batch.ctx, [child._case_id for child in batch.parents])
    return [found.get(child._case_id) for child in batch.parents]


async def case_children(
    ctx: Context, table: Any, ids: Sequence[uuid.UUID], present_one: Any
) -> dict[uuid.UUID, Any]:
    """Children of cases by id (for node() and payloads): each presented with its
    case as the reader sees it; those of cases the reader may not see are absent."""
    rows = await reads.rows_by_id(ctx.db, table, ids)
    cases = await cases_by_id(ctx, [row.case_id for row in rows.values()])
    found = {}
    for row_id, row in rows.items():
        case = cases.get(row.case_id)
        if case is not None and (child := present_one(ctx, case, row)) is not None:
            found[row_id] = child
    return found
