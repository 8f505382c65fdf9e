"""`Case.handover`: the brief an incoming team member reads (`core.briefs`).

The brief is computed from the case minimised to its reader (as the orientation
is), and every object in it is presented with the reader's categories, so the
declarations in `api.access` apply to each field: assessments need
assessments:read and show no MEDICAL field to a reader without MEDICAL; benefit
periods need benefits:read and BENEFITS; plans need plans:read.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import strawberry

from vocrehab.api.actors import Actor, actors_by_id
from vocrehab.api.base import Lang, present
from vocrehab.api.codes import AssessmentKind, CaseEventKind
from vocrehab.api.context import Context
from vocrehab.api.enums import MeetingStatus, PlanStatus, StakeholderType
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core.briefs import Brief, handover_brief
from vocrehab.hooks.jurisdiction import handover_sections
from vocrehab.hooks.meetings import meeting_kinds
from vocrehab.hooks.types import EventFacts, text_for
from vocrehab.hooks.vocabulary import DataCategory

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["Handover", "handovers_of"]


def _uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


async def _actors(batch: Batch[Any], attr: str) -> list[Actor | None]:
    ids = [_uuid(getattr(obj, attr)) for obj in batch.parents]
    found = await actors_by_id(batch.ctx, ids)
    return [found.get(i) if i else None for i in ids]


async def _event_actors(batch: Batch[HandoverEvent]) -> list[Actor | None]:
    return await _actors(batch, "_actor_id")


async def _assignees(batch: Batch[HandoverStep]) -> list[Actor | None]:
    return await _actors(batch, "_assignee_id")


async def _members(batch: Batch[HandoverMember]) -> list[Actor | None]:
    return await _actors(batch, "_actor_id")


async def _meeting_participants(batch: Batch[HandoverMeeting]) -> list[list[Actor]]:
    ids = [[uuid.UUID(i) for i in mt._participant_ids] for mt in batch.parents]
    found = await actors_by_id(batch.ctx, [i for one in ids for i in one])
    return [[found[i] for i in one if i in found] for one in ids]


@strawberry.type(
    name="HandoverMeeting",
    description="One of the team's meetings: still to come, or held or cancelled since.",
)
class HandoverMeeting(Planned):
    _names: strawberry.Private[Any]
    _participant_ids: strawberry.Private[tuple[str, ...]]
    kind: str = strawberry.field(description="Its kind's code (Jurisdiction.meetingKinds).")
    status: MeetingStatus = strawberry.field(description="SCHEDULED, HELD or CANCELLED.")
    scheduled_for: datetime.date | None = strawberry.field(description="The day it was called for.")
    held_on: datetime.date | None = strawberry.field(description="The day it was held.")
    outcomes: list[str] = strawberry.field(description="The milestones it met.")
    minutes: str | None = strawberry.field(
        description="Its minutes; null for a reader who does not see their category."
    )
    participants: list[Actor] | None = relation(
        _meeting_participants,
        returns=list[Actor] | None,
        description="Who took (or takes) part. Requires scope actors:read.",
    )

    @strawberry.field(description="The kind's name.")
    def name(self, lang: Lang = None) -> str:
        return text_for(self._names, lang) if self._names else self.kind


@strawberry.type(name="HandoverEvent", description="A decision on the timeline.")
class HandoverEvent(Planned):
    _actor_id: strawberry.Private[str | None]
    at: datetime.datetime = strawberry.field(description="When it happened.")
    kind: str = strawberry.field(description="The event's kind, e.g. plan.activated.")
    event_kind: CaseEventKind = strawberry.field(
        description="The same kind as an enum value (PLAN_ACTIVATED)."
    )
    summary: str = strawberry.field(description="What happened, in one line.")
    actor_role: StakeholderType | None = strawberry.field(
        description="The role the actor acted in."
    )
    actor: Actor | None = relation(
        _event_actors, returns=Actor | None, description="Who did it. Requires scope actors:read."
    )


@strawberry.type(name="HandoverBenefitPeriod", description="A benefit period still running.")
class HandoverBenefitPeriod(Planned):
    benefit_type: str = strawberry.field(description="The jurisdiction's benefit type code.")
    degree: int = strawberry.field(description="The degree in percent.")
    start_date: datetime.date = strawberry.field(description="The first day paid.")
    end_date: datetime.date | None = strawberry.field(
        description="The last day paid; null while open-ended."
    )


@strawberry.type(name="HandoverPlan", description="A plan version.")
class HandoverPlan(Planned):
    version: int = strawberry.field(description="The plan's version on the case.")
    status: PlanStatus = strawberry.field(description="Where the version stands.")
    title: str = strawberry.field(description="The plan's title.")
    goal: str | None = strawberry.field(description="The return-to-work goal.")
    created_at: datetime.datetime | None = strawberry.field(description="When it was drafted.")
    activated_at: datetime.datetime | None = strawberry.field(
        description="When it became the ACTIVE one, if it did."
    )
    approved_by: list[StakeholderType] = strawberry.field(
        description="The roles that approved this version."
    )


@strawberry.type(name="HandoverAssessment", description="An assessment the reader may see.")
class HandoverAssessment(Planned):
    kind: str = strawberry.field(description="The assessment kind's code, e.g. se.FK7804.")
    assessment_kind: AssessmentKind = strawberry.field(
        description="The same kind as an enum value (SE_FK7804)."
    )
    assessed_at: datetime.date = strawberry.field(description="The day of the assessment.")
    work_capacity_percent: int | None = strawberry.field(
        description="Remaining work capacity, 0-100."
    )
    summary: str | None = strawberry.field(
        description="The summary the whole team may read: no medical detail."
    )
    valid_from: datetime.date | None = strawberry.field(description="The first day it applies to.")
    valid_to: datetime.date | None = strawberry.field(description="The last day it applies to.")
    diagnoses: list[str] | None = strawberry.field(description="MEDICAL: code and text.")
    functional_limitations: str | None = strawberry.field(
        description="MEDICAL: functional limitations."
    )
    activity_limitations: str | None = strawberry.field(
        description="MEDICAL: activity limitations."
    )
    prognosis: str | None = strawberry.field(description="MEDICAL: the prognosis.")


@strawberry.type(name="HandoverStep", description="A milestone not met yet.")
class HandoverStep(Planned):
    _names: strawberry.Private[Any]
    _assignee_id: strawberry.Private[str | None]
    code: str = strawberry.field(description="The milestone's code in its jurisdiction.")
    due_date: datetime.date = strawberry.field(description="When it is due.")
    responsible: StakeholderType = strawberry.field(description="The role that must act.")
    legal_reference: str | None = strawberry.field(
        description="The law or regulation that sets it."
    )
    overdue: bool = strawberry.field(description="Whether its due date has passed.")
    assignee: Actor | None = relation(
        _assignees,
        returns=Actor | None,
        description="The team member it is assigned to. Requires scope actors:read.",
    )

    @strawberry.field(description="The milestone's name.")
    def name(self, lang: Lang = None) -> str:
        return text_for(self._names, lang)


@strawberry.type(
    name="HandoverMember",
    description="Someone who is or was on the team, and the last thing they did on the case.",
)
class HandoverMember(Planned):
    _actor_id: strawberry.Private[str]
    role: StakeholderType = strawberry.field(description="The role they hold or held.")
    since: datetime.date | None = strawberry.field(
        description="Null for someone who acted on the case without being on its team."
    )
    until: datetime.date | None = strawberry.field(
        description="The day they left the team; null while on it."
    )
    last_at: datetime.datetime | None = strawberry.field(
        description="When they last did something on the case."
    )
    last_kind: str | None = strawberry.field(description="The kind of that event.")
    last_summary: str | None = strawberry.field(description="What they did, in one line.")
    actor: Actor | None = relation(
        _members, returns=Actor | None, description="Requires scope actors:read."
    )


@strawberry.type(name="HandoverItem", description="One line of a jurisdiction's section.")
class HandoverItem(Planned):
    _text: strawberry.Private[Any]
    on: datetime.date | None = strawberry.field(description="The day it concerns, if any.")

    @strawberry.field(description="The line's text.")
    def text(self, lang: Lang = None) -> str:
        return text_for(self._text, lang)


@strawberry.type(name="HandoverSection", description="A section the jurisdiction adds.")
class HandoverSection(Planned):
    _title: strawberry.Private[Any]
    code: str = strawberry.field(description="The section's code in its jurisdiction.")
    items: list[HandoverItem] = strawberry.field(description="Its lines.")

    @strawberry.field(description="The section's title.")
    def title(self, lang: Lang = None) -> str:
        return text_for(self._title, lang)


async def _benefit_periods(batch: Batch[Handover]) -> list[list[HandoverBenefitPeriod]]:
    return [
        [
            present(
                batch.ctx,
                HandoverBenefitPeriod,
                h._participant_id,
                h._visible,
                benefit_type=b.benefit_type_code,
                degree=b.degree,
                start_date=b.start_date,
                end_date=b.end_date,
            )
            for b in h._brief.benefits
        ]
        for h in batch.parents
    ]


async def _plans(batch: Batch[Handover]) -> list[list[HandoverPlan]]:
    return [
        [
            present(
                batch.ctx,
                HandoverPlan,
                h._participant_id,
                h._visible,
                version=p.version,
                status=p.status,
                title=p.title,
                goal=p.goal,
                created_at=p.created_at,
                activated_at=p.activated_at,
                approved_by=[a.role for a in p.approvals],
            )
            for p in h._brief.plans
        ]
        for h in batch.parents
    ]


async def _assessments(batch: Batch[Handover]) -> list[list[HandoverAssessment]]:
    return [
        [
            present(
                batch.ctx,
                HandoverAssessment,
                h._participant_id,
                h._visible,
                kind=a.kind,
                assessment_kind=a.kind,
                assessed_at=a.assessed_at,
                work_capacity_percent=a.work_capacity_percent,
                summary=a.summary,
                valid_from=a.valid_from,
                valid_to=a.valid_to,
                diagnoses=[f"{d.code} {d.text or ''}".strip() for d in a.diagnoses],
                functional_limitations=a.functional_limitations,
                activity_limitations=a.activity_limitations,
                prognosis=a.prognosis,
            )
            for a in h._brief.assessments
        ]
        for h in batch.parents
    ]


@strawberry.type(
    name="Handover",
    description="What an incoming team member needs to pick the case up: what happened since "
    "`since` (or since the case opened), what is open and who did what last, told from what "
    "the reader may see.",
)
class Handover(Planned):
    _brief: strawberry.Private[Brief]
    since: datetime.date | None = strawberry.field(description="Null: since the case opened.")
    as_of: datetime.date = strawberry.field(description="The day the brief was made for.")
    decisions: list[HandoverEvent] = strawberry.field(
        description="Decisions: the case opened or closed, plans activated, benefits granted "
        "or ended, interventions referred, team changes."
    )
    meetings: list[HandoverMeeting] = strawberry.field(
        description="The team's meetings still to come, and those held or cancelled since."
    )
    open_steps: list[HandoverStep] = strawberry.field(
        description="Milestones not met yet, by due date; `overdue` marks the late ones."
    )
    team: list[HandoverMember] = strawberry.field(
        description="Who is and was on the team, and what each did last."
    )
    open_questions: list[str] = strawberry.field(
        description="What is undecided: rule findings, draft plans, proposed interventions."
    )
    sections: list[HandoverSection] = strawberry.field(
        description="What the jurisdiction adds (NAV dialogue meetings, FK reconciliation "
        "meetings, ...)."
    )
    benefit_periods: list[HandoverBenefitPeriod] | None = relation(
        _benefit_periods,
        returns=list[HandoverBenefitPeriod] | None,
        description="BENEFITS: null for readers without it. Requires scope benefits:read.",
    )
    plans: list[HandoverPlan] | None = relation(
        _plans,
        returns=list[HandoverPlan] | None,
        description="The plans still open and the versions written since. Requires scope "
        "plans:read.",
    )
    assessments: list[HandoverAssessment] | None = relation(
        _assessments,
        returns=list[HandoverAssessment] | None,
        description="Assessments made since, or still valid. Requires scope assessments:read.",
    )


def _event(ctx: Context, case: Case, event: EventFacts) -> HandoverEvent:
    return present(
        ctx,
        HandoverEvent,
        case._participant_id,
        case._visible,
        _actor_id=event.actor_id,
        at=event.at,
        kind=event.kind,
        event_kind=event.kind,
        summary=event.summary,
        actor_role=event.actor_role,
    )


def _present(ctx: Context, case: Case, brief: Brief) -> Handover:
    def obj(cls: type[Any], **values: Any) -> Any:
        return present(ctx, cls, case._participant_id, case._visible, **values)

    jurisdiction = ctx.host.jurisdiction(case._row.jurisdiction)
    kinds = {k.code: k.names for k in meeting_kinds(jurisdiction)}

    return obj(
        Handover,
        _brief=brief,
        since=brief.since,
        as_of=brief.today,
        decisions=[_event(ctx, case, e) for e in brief.decisions],
        meetings=[
            obj(
                HandoverMeeting,
                _names=kinds.get(mt.kind),
                _participant_ids=mt.participant_ids,
                kind=mt.kind,
                status=mt.status,
                scheduled_for=mt.scheduled_for,
                held_on=mt.held_on,
                outcomes=list(mt.outcomes),
                minutes=mt.minutes,
            )
            for mt in brief.meetings
        ],
        open_steps=[
            obj(
                HandoverStep,
                _names=s.names,
                _assignee_id=s.assignee_id,
                code=s.code,
                due_date=s.due_date,
                responsible=s.responsible,
                legal_reference=s.legal_reference,
                overdue=s.overdue,
            )
            for s in brief.open_steps
        ],
        team=[
            obj(
                HandoverMember,
                _actor_id=t.actor_id,
                role=t.role,
                since=t.since,
                until=t.until,
                last_at=t.last.at if t.last else None,
                last_kind=t.last.kind if t.last else None,
                last_summary=t.last.summary if t.last else None,
            )
            for t in brief.last_actions
        ],
        open_questions=list(brief.open_questions),
        sections=[
            obj(
                HandoverSection,
                _title=s.title,
                code=s.code,
                items=[obj(HandoverItem, _text=i.text, on=i.on) for i in s.items],
            )
            for s in brief.sections
        ],
    )


async def handovers_of(
    ctx: Context, cases: Sequence[Case], since: datetime.date | None
) -> list[Handover]:
    from vocrehab.api.orientation import findings_of, milestone_rows, reader_facts

    facts = await reader_facts(ctx, cases)
    steps = await milestone_rows(ctx, cases)
    findings = await findings_of(ctx, cases)
    out = []
    for case, found in zip(cases, findings, strict=True):
        case_facts = facts[case._case_id]
        jurisdiction = ctx.host.jurisdiction(case._row.jurisdiction)
        visible: frozenset[DataCategory] = case._visible
        brief = handover_brief(
            case_facts,
            steps[case._case_id],
            found,
            handover_sections(jurisdiction, case_facts, since, ctx.today),
            visible,
            since,
            ctx.today,
        )
        out.append(_present(ctx, case, brief))
    return out
