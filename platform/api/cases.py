"""Cases in the schema: the Case type with its relations, the caseload query,
and the mutations that open, change and close cases and manage their teams."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Awaitable, Callable, Hashable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from vocrehab.api.actors import Actor, actor_by_id
from vocrehab.api.base import Connection, Node, RuleViolation, UserError, connection, gid, requires
from vocrehab.api.context import Info
from vocrehab.api.enums import (
    CaseStatus,
    EmploymentStatus,
    MilestoneStatus,
    ReturnToWorkPhase,
    StakeholderType,
)
from vocrehab.api.loaders import field_path
from vocrehab.api.mutations import run
from vocrehab.core import audit
from vocrehab.core import cases as core
from vocrehab.core.errors import BadRequest
from vocrehab.core.ids import InvalidGlobalId, decode_global_id
from vocrehab.core.milestones import milestone_info, milestone_status
from vocrehab.core.pagination import ChildPage, PageRequest
from vocrehab.core.policy import CaseAccess
from vocrehab.db import models as m
from vocrehab.hooks.schema import JurisdictionDetails
from vocrehab.hooks.types import text_for
from vocrehab.hooks.vocabulary import DataCategory

if TYPE_CHECKING:
    from vocrehab.api.assessments import Assessment
    from vocrehab.api.benefits import BenefitPeriod
    from vocrehab.api.documents import Document
    from vocrehab.api.interventions import Intervention
    from vocrehab.api.jurisdictions import Jurisdiction
    from vocrehab.api.notes import CaseNote
    from vocrehab.api.participants import Participant
    from vocrehab.api.plans import Plan

__all__ = ["Case", "CaseMutations", "CaseQueries", "visible_case_connection"]

ParticipantT = Annotated["Participant", strawberry.lazy("vocrehab.api.participants")]
JurisdictionT = Annotated["Jurisdiction", strawberry.lazy("vocrehab.api.jurisdictions")]
PlanT = Annotated["Plan", strawberry.lazy("vocrehab.api.plans")]
AssessmentT = Annotated["Assessment", strawberry.lazy("vocrehab.api.assessments")]
InterventionT = Annotated["Intervention", strawberry.lazy("vocrehab.api.interventions")]
BenefitPeriodT = Annotated["BenefitPeriod", strawberry.lazy("vocrehab.api.benefits")]
CaseNoteT = Annotated["CaseNote", strawberry.lazy("vocrehab.api.notes")]
DocumentT = Annotated["Document", strawberry.lazy("vocrehab.api.documents")]


def child_connection(
    page: ChildPage, count: Callable[[], Awaitable[int]], wrap: Callable[[Any], Any]
) -> Connection[Any]:
    return connection(page.items, page.cursors, page.has_next, page.has_previous, count, wrap)


@strawberry.type(name="CaseTeamMember")
class CaseTeamMember:
    row: strawberry.Private[m.CaseTeamMember]
    role: StakeholderType
    since: datetime.date
    until: datetime.date | None

    @strawberry.field
    async def actor(self, info: Info) -> Actor:
        found = await actor_by_id(info, self.row.actor_id)
        assert found is not None
        return found


@strawberry.type(name="Milestone")
class Milestone:
    row: strawberry.Private[m.Milestone]
    code: str
    due_date: datetime.date
    status: MilestoneStatus
    responsible: StakeholderType = strawberry.field(description="Who must act.")
    legal_reference: str | None
    met_on: datetime.date | None = strawberry.field(description="When it was met, if it was.")

    @strawberry.field
    def name(self, lang: str | None = None) -> str:
        return text_for(self.row.names, lang)

    @strawberry.field(description="What meets it, in plain language.")
    def description(self, lang: str | None = None) -> str | None:
        return text_for(self.row.descriptions, lang) if self.row.descriptions else None

    @classmethod
    def of(cls, row: m.Milestone, today: datetime.date) -> Milestone:
        return cls(
            row=row,
            code=row.code,
            due_date=row.due_date,
            status=milestone_status(row, today),
            responsible=row.responsible,
            legal_reference=row.legal_reference,
            met_on=row.met_on,
        )


@strawberry.type(name="NextStep")
class NextStep:
    _title: strawberry.Private[dict[str, str]]
    _lang: strawberry.Private[str | None]
    responsible: StakeholderType
    due_date: datetime.date | None

    @strawberry.field
    def title(self, lang: str | None = None) -> str:
        return text_for(self._title, lang or self._lang)


@strawberry.type(name="Orientation")
class Orientation:
    _summary: strawberry.Private[dict[str, str]]
    _lang: strawberry.Private[str | None]
    phase: ReturnToWorkPhase
    next_steps: list[NextStep]
    blockers: list[str] = strawberry.field(
        description="Overdue milestones and stalls (no activity for too long): where a case "
        "risks falling between agencies."
    )

    @strawberry.field(description="Plain-language summary of where the case stands.")
    def summary(self, lang: str | None = None) -> str:
        return text_for(self._summary, lang or self._lang)


@strawberry.type(name="CaseEvent")
class CaseEvent(Node):
    row: strawberry.Private[m.CaseEvent]
    id: strawberry.ID
    at: datetime.datetime
    kind: str = strawberry.field(
        description="e.g. case.opened, plan.activated, intervention.referred, document.generated"
    )
    summary: str

    @classmethod
    def of(cls, row: m.CaseEvent) -> CaseEvent:
        audit.record_case(row.case_id, DataCategory.PLAN)
        return cls(
            row=row, id=gid("CaseEvent", row.id), at=row.at, kind=row.kind, summary=row.summary
        )

    @strawberry.field
    async def actor(self, info: Info) -> Actor | None:
        return await actor_by_id(info, self.row.actor_id)


@strawberry.type(name="Case")
class Case(Node):
    row: strawberry.Private[m.Case]
    id: strawberry.ID
    reference: str = strawberry.field(
        description="Human-friendly reference, unique, e.g. SE-2026-000123."
    )
    status: CaseStatus
    phase: ReturnToWorkPhase
    employment_status: EmploymentStatus
    sick_leave_start: datetime.date | None = strawberry.field(
        description="First day of sick leave / incapacity; drives the jurisdiction's milestones."
    )
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None
    closure_reason: str | None

    @classmethod
    def of(cls, row: m.Case) -> Case:
        audit.record_case(row.id, DataCategory.PLAN)
        return cls(
            row=row,
            id=gid("Case", row.id),
            reference=row.reference,
            status=row.status,
            phase=row.phase,
            employment_status=row.employment_status,
            sick_leave_start=row.sick_leave_start,
            opened_at=row.opened_at,
            closed_at=row.closed_at,
            closure_reason=row.closure_reason,
        )

    async def _access(self, info: Info) -> CaseAccess:
        found = await info.context.loaders.case_access.load(self.row.id)
        assert found is not None, "a Case object is only built for a visible case"
        return found

    async def _page(
        self, info: Info, relation: str, first: int | None, after: str | None, flt: Hashable = None
    ) -> tuple[ChildPage, Callable[[], Awaitable[int]]]:
        loaders = info.context.loaders
        request = PageRequest.of(first, after)
        page = await loaders.page(relation).load((self.row.id, request, flt))

        async def count() -> int:
            return await loaders.count(relation).load((self.row.id, flt))

        return page, count

    @strawberry.field
    async def participant(self, info: Info) -> ParticipantT:
        from vocrehab.api.participants import Participant

        row = await info.context.loaders.row("participant", field_path(info)).load(
            self.row.participant_id
        )
        return Participant.of(row)

    @strawberry.field
    def jurisdiction(self, info: Info) -> JurisdictionT:
        from vocrehab.api.jurisdictions import Jurisdiction

        return Jurisdiction.of(info.context.host, self.row.jurisdiction)

    @strawberry.field
    async def employer(self, info: Info) -> Actor | None:
        return await actor_by_id(info, self.row.employer_id)

    @strawberry.field(
        description="Everyone on the case team, including those who have left (until)."
    )
    async def team(self, info: Info) -> list[CaseTeamMember]:
        rows = await info.context.loaders.children("team").load(self.row.id)
        return [CaseTeamMember(row=r, role=r.role, since=r.since, until=r.until) for r in rows]

    @strawberry.field(description="Requires scope plans:read.", extensions=requires("plans:read"))
    async def plans(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[PlanT]:
        from vocrehab.api.plans import Plan

        page, count = await self._page(info, "plans", first, after)
        return child_connection(page, count, Plan.of)

    @strawberry.field(
        description="The ACTIVE plan. Requires scope plans:read.", extensions=requires("plans:read")
    )
    async def current_plan(self, info: Info) -> PlanT | None:
        from vocrehab.api.plans import Plan

        row = await info.context.loaders.current_plan.load(self.row.id)
        return Plan.of(row) if row else None

    @strawberry.field(
        description="Requires scope assessments:read.", extensions=requires("assessments:read")
    )
    async def assessments(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[AssessmentT]:
        from vocrehab.api.assessments import Assessment

        page, count = await self._page(info, "assessments", first, after)
        return child_connection(page, count, Assessment.of)

    @strawberry.field(
        description="Requires scope interventions:read.", extensions=requires("interventions:read")
    )
    async def interventions(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[InterventionT]:
        from vocrehab.api.interventions import Intervention

        page, count = await self._page(info, "interventions", first, after)
        return child_connection(page, count, Intervention.of)

    @strawberry.field(
        description="BENEFITS data: empty for roles without it. Requires scope benefits:read.",
        extensions=requires("benefits:read"),
    )
    async def benefits(self, info: Info) -> list[BenefitPeriodT]:
        from vocrehab.api.benefits import BenefitPeriod

        if not (await self._access(info)).sees(DataCategory.BENEFITS):
            return []
        rows = await info.context.loaders.children("benefits").load(self.row.id)
        return [BenefitPeriod.of(r) for r in rows]

    @strawberry.field(
        description="Deadlines and checkpoints computed by the jurisdiction plugin (e.g. NAV "
        "dialogue meeting 1 by week 7, FK day-90 review)."
    )
    async def milestones(self, info: Info) -> list[Milestone]:
        rows = await info.context.loaders.children("milestones").load(self.row.id)
        return [Milestone.of(r, info.context.today) for r in rows]

    @strawberry.field(description="What the jurisdiction's rules find wrong or missing right now.")
    async def rule_violations(self, info: Info) -> list[RuleViolation]:
        facts = await info.context.loaders.case_facts.load(self.row.id)
        jurisdiction = info.context.host.jurisdiction(self.row.jurisdiction)
        return [RuleViolation.of(v) for v in jurisdiction.assess(facts, info.context.today)]

    @strawberry.field(
        description="Where the case stands and what happens next, for every stakeholder (the "
        "orientation map). `lang` picks the language of the texts (default: English)."
    )
    async def orientation(self, info: Info, lang: str | None = None) -> Orientation:
        loaders = info.context.loaders
        facts = await loaders.case_facts.load(self.row.id)
        rows = await loaders.children("milestones").load(self.row.id)
        jurisdiction = info.context.host.jurisdiction(self.row.jurisdiction)
        result = jurisdiction.orientation(
            facts, [milestone_info(r) for r in rows], info.context.today
        )
        return Orientation(
            _summary=dict(result.summary),
            _lang=lang,
            phase=self.row.phase,
            next_steps=[
                NextStep(
                    _title=dict(s.title), _lang=lang, responsible=s.responsible, due_date=s.due_date
                )
                for s in result.next_steps
            ],
            blockers=[text_for(b, lang) for b in result.blockers],
        )

    @strawberry.field(
        description="Notes the viewer's role may read. Requires scope notes:read.",
        extensions=requires("notes:read"),
    )
    async def notes(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CaseNoteT]:
        from vocrehab.api.notes import CaseNote

        case_access = await self._access(info)
        page, count = await self._page(info, "notes", first, after, case_access.note_mask())
        return child_connection(page, count, CaseNote.of)

    @strawberry.field(
        description="Rendered documents the viewer may read. Requires scope documents:read.",
        extensions=requires("documents:read"),
    )
    async def documents(self, info: Info) -> list[DocumentT]:
        from vocrehab.api.documents import visible_documents

        return await visible_documents(info, self.row, await self._access(info))

    @strawberry.field(
        description="The case timeline, oldest first; events about data the viewer may not see are left out."
    )
    async def events(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CaseEvent]:
        case_access = await self._access(info)
        page, count = await self._page(info, "events", first, after, case_access.event_categories())
        return child_connection(page, count, CaseEvent.of)

    @strawberry.field(
        description="Jurisdiction-specific details, typed by the plugin (e.g. ... on NavCaseDetails)."
    )
    async def jurisdiction_details(self, info: Info) -> JurisdictionDetails | None:
        facts = await info.context.loaders.case_facts.load(self.row.id)
        details = info.context.host.jurisdiction(self.row.jurisdiction).present_details(facts)
        return details  # type: ignore[return-value]


async def visible_case_connection(
    info: Info, participant_id: uuid.UUID, request: PageRequest
) -> Connection[Case]:
    """A participant's cases, as far as the viewer may see them (filtered in SQL)."""
    loaders = info.context.loaders
    flt = (info.context.principal, info.context.today)
    page = await loaders.page("participant_cases").load((participant_id, request, flt))

    async def count() -> int:
        return await loaders.count("participant_cases").load((participant_id, flt))

    return child_connection(page, count, Case.of)


# ---------------------------------------------------------------------- queries


@strawberry.input
class CaseFilter:
    jurisdiction: str | None = None
    status: list[CaseStatus] | None = None
    phase: list[ReturnToWorkPhase] | None = None
    participant_id: strawberry.ID | None = None
    employer_id: strawberry.ID | None = None
    team_member_id: strawberry.ID | None = strawberry.field(
        default=None, description="Cases where this actor is on the team (a caseload)."
    )
    overdue: bool | None = strawberry.field(
        default=None, description="Only cases with at least one OVERDUE milestone."
    )
    opened_after: datetime.date | None = strawberry.field(
        default=None, description="Opened on or after this day."
    )
    opened_before: datetime.date | None = strawberry.field(
        default=None, description="Opened before this day."
    )


@strawberry.enum
class CaseOrderField(Enum):
    OPENED_AT = "OPENED_AT"
    SICK_LEAVE_START = "SICK_LEAVE_START"
    REFERENCE = "REFERENCE"
    NEXT_DUE_DATE = "NEXT_DUE_DATE"


@strawberry.enum
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input
class CaseOrder:
    field: CaseOrderField
    direction: OrderDirection


def _id_filter(value: strawberry.ID | None, type_name: str) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return decode_global_id(value, type_name)[1]
    except InvalidGlobalId as exc:
        raise BadRequest(str(exc)) from None


def _core_filter(flt: CaseFilter) -> core.CaseFilter:
    return core.CaseFilter(
        jurisdiction=flt.jurisdiction,
        status=flt.status,
        phase=flt.phase,
        participant_id=_id_filter(flt.participant_id, "Participant"),
        employer_id=_id_filter(flt.employer_id, "Actor"),
        team_member_id=_id_filter(flt.team_member_id, "Actor"),
        overdue=flt.overdue,
        opened_after=flt.opened_after,
        opened_before=flt.opened_before,
    )


@strawberry.type
class CaseQueries:
    @strawberry.field(
        description="Cases the viewer may see (default order: newest first). Requires scope cases:read.",
        extensions=requires("cases:read"),
    )
    async def cases(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: CaseFilter | None = None,
        order_by: CaseOrder | None = None,
    ) -> Connection[Case]:
        ctx = info.context
        order = core.CaseOrder(
            order_by.field.value if order_by else "OPENED_AT",
            order_by.direction is OrderDirection.DESC if order_by else True,
        )
        page = await core.list_cases(
            ctx.db.session,
            ctx.principal,
            ctx.today,
            ctx.clock.zone,
            _core_filter(filter or CaseFilter()),
            order,
            PageRequest.of(first, after),
        )
        return connection(
            page.items, page.cursors, page.has_next, page.has_previous, page.count, Case.of
        )


# ---------------------------------------------------------------------- mutations


@strawberry.input
class OpenCaseInput:
    participant_id: strawberry.ID
    employment_status: EmploymentStatus
    employer_id: strawberry.ID | None = None
    sick_leave_start: datetime.date | None = None
    phase: ReturnToWorkPhase | None = ReturnToWorkPhase.OFF_WORK
    details: JSON | None = strawberry.field(
        default=None, description="Jurisdiction-specific fields, validated by the plugin."
    )


@strawberry.input
class UpdateCaseInput:
    id: strawberry.ID
    phase: ReturnToWorkPhase | None = strawberry.UNSET
    status: CaseStatus | None = strawberry.UNSET
    employment_status: EmploymentStatus | None = strawberry.UNSET
    employer_id: strawberry.ID | None = strawberry.UNSET
    details: JSON | None = strawberry.field(
        default=strawberry.UNSET,
        description="Merged into the case's details; a key set to null is removed.",
    )


@strawberry.input
class CloseCaseInput:
    id: strawberry.ID
    reason: str


@strawberry.input
class AddCaseTeamMemberInput:
    case_id: strawberry.ID
    actor_id: strawberry.ID
    role: StakeholderType


@strawberry.input
class RemoveCaseTeamMemberInput:
    case_id: strawberry.ID
    actor_id: strawberry.ID


@strawberry.type
class CasePayload:
    row: strawberry.Private[m.Case | None]

    @strawberry.field
    async def case(self, info: Info) -> Case | None:
        # Null when the caller can no longer see the case (e.g. left its team).
        if self.row is None or await info.context.loaders.case_access.load(self.row.id) is None:
            return None
        return Case.of(self.row)

    user_errors: list[UserError]


def case_payload(row: m.Case | None, errors: list[UserError]) -> CasePayload:
    return CasePayload(row=row, user_errors=errors)


_payload = case_payload


@strawberry.type
class CaseMutations:
    @strawberry.mutation(description="Requires scope cases:write (CASE_MANAGER, ADMIN).")
    async def open_case(self, info: Info, input: OpenCaseInput) -> CasePayload:
        cmd = core.OpenCase(
            participant_id=input.participant_id,
            employment_status=input.employment_status,
            employer_id=input.employer_id,
            sick_leave_start=input.sick_leave_start,
            phase=input.phase or ReturnToWorkPhase.OFF_WORK,
            details=input.details,
        )
        return _payload(*await run(info, lambda work: core.open_case(work, cmd)))

    @strawberry.mutation(description="Requires scope cases:write (CASE_MANAGER, ADMIN).")
    async def update_case(self, info: Info, input: UpdateCaseInput) -> CasePayload:
        sent = {
            name: getattr(input, attr)
            for name, attr in (
                ("phase", "phase"),
                ("status", "status"),
                ("employmentStatus", "employment_status"),
                ("employerId", "employer_id"),
                ("details", "details"),
            )
            if getattr(input, attr) is not strawberry.UNSET
        }
        cmd = core.UpdateCase(id=input.id, changes=sent)
        return _payload(*await run(info, lambda work: core.update_case(work, cmd)))

    @strawberry.mutation(description="Requires scope cases:write (CASE_MANAGER, ADMIN).")
    async def close_case(self, info: Info, input: CloseCaseInput) -> CasePayload:
        cmd = core.CloseCase(id=input.id, reason=input.reason)
        return _payload(*await run(info, lambda work: core.close_case(work, cmd)))

    @strawberry.mutation(
        description="Requires scope cases:write (CASE_MANAGER, REHAB_COORDINATOR, ADMIN)."
    )
    async def add_case_team_member(self, info: Info, input: AddCaseTeamMemberInput) -> CasePayload:
        cmd = core.TeamChange(case_id=input.case_id, actor_id=input.actor_id, role=input.role)
        return _payload(*await run(info, lambda work: core.add_team_member(work, cmd)))

    @strawberry.mutation(
        description="Requires scope cases:write (CASE_MANAGER, REHAB_COORDINATOR, ADMIN)."
    )
    async def remove_case_team_member(
        self, info: Info, input: RemoveCaseTeamMemberInput
    ) -> CasePayload:
        cmd = core.TeamChange(case_id=input.case_id, actor_id=input.actor_id)
        return _payload(*await run(info, lambda work: core.remove_team_member(work, cmd)))
