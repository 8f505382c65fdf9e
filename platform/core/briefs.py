"""The handover brief: what an incoming team member needs to pick a case up
without starting from the papers (domain.md §6: the administrator on a case
changes two to four times a year).

`handover_brief` is pure: it reads a snapshot of the case *already minimised to
its reader* (`hooks.categories.minimised`), the milestones of the categories the
reader sees, the rule findings the reader may know and the jurisdiction's own
sections, and it sorts them into the sections every brief has. What the reader
may not see never reaches it, so no section can mention it; the GraphQL types
and the document that present a brief withhold per field on top of that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from vocrehab.hooks.types import (
    AssessmentFacts,
    BenefitFacts,
    CaseFacts,
    EventFacts,
    HandoverSection,
    MeetingFacts,
    PlanFacts,
    Violation,
)
from vocrehab.hooks.vocabulary import (
    DataCategory,
    InterventionStatus,
    MeetingStatus,
    PlanStatus,
    StakeholderType,
)

__all__ = [
    "DECISION_KINDS",
    "Brief",
    "LastAction",
    "OpenStep",
    "handover_brief",
]

DECISION_KINDS = frozenset(
    {
        "case.opened", "case.closed", "case.reopened", "case.phase_changed",
        "plan.activated", "plan.approved", "plan.superseded",
        "benefit.granted", "benefit.ended",
        "intervention.referred", "intervention.discontinued",
        "team.member_added", "team.member_removed", "team.member_replaced",
        "step.assigned",
    }
)  # fmt: skip
"""Timeline events that decide something about the case (the rest is its record)."""

OPEN_PLANS = frozenset({PlanStatus.DRAFT, PlanStatus.ACTIVE})
OPEN_INTERVENTIONS = frozenset({InterventionStatus.PROPOSED})


@dataclass(frozen=True)
class OpenStep:
    """A milestone not met yet: whose it is and whether it is late."""

    code: str
    names: Any
    due_date: date
    responsible: StakeholderType
    legal_reference: str | None
    overdue: bool
    assignee_id: str | None


@dataclass(frozen=True)
class LastAction:
    """A team member (past or present) and the last thing they did on the case."""

    actor_id: str
    role: StakeholderType
    since: date | None
    """None for someone who acted on the case without an effective membership."""
    until: date | None
    last: EventFacts | None


@dataclass(frozen=True)
class Brief:
    case: CaseFacts
    since: date | None
    today: date
    decisions: tuple[EventFacts, ...]
    meetings: tuple[MeetingFacts, ...]
    benefits: tuple[BenefitFacts, ...]
    plans: tuple[PlanFacts, ...]
    assessments: tuple[AssessmentFacts, ...]
    open_steps: tuple[OpenStep, ...]
    last_actions: tuple[LastAction, ...]
    open_questions: tuple[str, ...]
    sections: tuple[HandoverSection, ...]

    @property
    def overdue_steps(self) -> tuple[OpenStep, ...]:
        return tuple(s for s in self.open_steps if s.overdue)


def _after(moment: date | datetime | None, since: date | None) -> bool:
    if since is None or moment is None:
        return since is None
    day = moment.date() if isinstance(moment, datetime) else moment
    return day >= since


def _open_steps(steps: Iterable[Any], today: date) -> tuple[OpenStep, ...]:
    """`steps`: stored milestone rows (or anything with their columns)."""
    return tuple(
        OpenStep(
            code=s.code,
            names=dict(s.names),
            due_date=s.due_date,
            responsible=s.responsible,
            legal_reference=s.legal_reference,
            overdue=s.due_date < today and not s.optional,
            assignee_id=str(s.assignee_id) if s.assignee_id else None,
        )
        for s in sorted(steps, key=lambda s: (s.due_date, s.code))
        if s.met_on is None and not s.not_applicable
    )


def _last_actions(case: CaseFacts) -> tuple[LastAction, ...]:
    """Everyone on the team, past and present, then anyone else who acted on the case
    (a member whose membership never took effect, an administrator), with their last act."""
    latest: dict[str, EventFacts] = {}
    for event in case.events:  # in the order they happened: the last one wins
        if event.actor_id is not None:
            latest[event.actor_id] = event
    members = sorted(case.team, key=lambda t: (t.until is not None, t.role.value, t.since))
    listed = {t.actor_id for t in members}
    others = [
        LastAction(actor, event.actor_role, None, None, event)
        for actor, event in latest.items()
        if actor not in listed and event.actor_role is not None
    ]
    return tuple(
        LastAction(t.actor_id, t.role, t.since, t.until, latest.get(t.actor_id)) for t in members
    ) + tuple(sorted(others, key=lambda a: a.last.at if a.last else datetime.min))


def _meetings(case: CaseFacts, since: date | None) -> tuple[MeetingFacts, ...]:
    """The meetings still to come, and those held, cancelled or planned since `since`
    (by the day they were held, else planned for), in that order of days."""

    def day(mt: MeetingFacts) -> date | None:
        return mt.held_on or mt.scheduled_for

    chosen = [
        mt for mt in case.meetings
        if mt.status is MeetingStatus.SCHEDULED or _after(day(mt), since)
    ]  # fmt: skip
    return tuple(sorted(chosen, key=lambda mt: (day(mt) or date.min, mt.id)))


def _open_questions(case: CaseFacts, findings: Sequence[Violation]) -> tuple[str, ...]:
    """What is undecided: the rules' findings, plans waiting to be agreed and
    interventions proposed but not referred."""
    questions = [f"{v.message} ({v.legal_reference})" if v.legal_reference else v.message
                 for v in findings]  # fmt: skip
    questions += [
        f"Plan version {p.version} ({p.title}) is a draft: it needs agreeing and activating."
        for p in case.plans
        if p.status is PlanStatus.DRAFT
    ]
    questions += [
        f"Intervention {i.type_code} was proposed and awaits a decision."
        for i in case.interventions
        if i.status in OPEN_INTERVENTIONS
    ]
    return tuple(questions)


def _shown(
    sections: Iterable[HandoverSection], visible: frozenset[DataCategory]
) -> tuple[HandoverSection, ...]:
    out = []
    for section in sections:
        items = tuple(i for i in section.items if i.category in visible)
        if items:
            out.append(HandoverSection(section.code, section.title, items))
    return tuple(out)


def handover_brief(
    case: CaseFacts,
    steps: Iterable[Any],
    findings: Sequence[Violation],
    sections: Iterable[HandoverSection],
    visible: frozenset[DataCategory],
    since: date | None,
    today: date,
) -> Brief:
    """The brief for a reader who sees `visible`, from what they may see of the case.

    Since `since` (None: since the case opened): the decisions and assessments
    made, the meetings held or cancelled (and those still to come), the plan versions written (and the plans still open), the
    benefit periods running. Whatever the date: the open and overdue steps, who
    on the team did what last and the open questions.
    """
    events = [e for e in case.events if _after(e.at, since)]
    return Brief(
        case=case,
        since=since,
        today=today,
        decisions=tuple(e for e in events if e.kind in DECISION_KINDS),
        meetings=_meetings(case, since),
        benefits=tuple(
            b for b in case.benefits if since is None or b.end_date is None or b.end_date >= since
        ),
        plans=tuple(
            p
            for p in sorted(case.plans, key=lambda p: p.version)
            if p.status in OPEN_PLANS or _after(p.created_at, since)
        ),
        assessments=tuple(
            a
            for a in sorted(case.assessments, key=lambda a: a.assessed_at)
            if _after(a.assessed_at, since) or (a.valid_to is not None and a.valid_to >= today)
        ),
        open_steps=_open_steps(steps, today),
        last_actions=_last_actions(case),
        open_questions=_open_questions(case, findings),
        sections=_shown(sections, visible),
    )
