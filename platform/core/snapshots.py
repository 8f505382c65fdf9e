"""Frozen snapshots of cases for jurisdiction plugins (`vocrehab.hooks.CaseFacts`).

`case_facts` loads any number of cases in a fixed number of statements; it is
used by services (before and after a change) and by the DataLoaders behind
`Case.ruleViolations`, `Case.orientation` and `Case.jurisdictionDetails`.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo
from types import MappingProxyType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core.masks import categories_in_mask
from vocrehab.db import models as m
from vocrehab.hooks import types as h
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.jurisdiction import DetailsTarget

__all__ = ["case_facts", "freeze", "meeting_facts", "plan_facts", "step_facts"]


def freeze(value: Any) -> Any:
    """A read-only deep copy of JSON-like data (plugins must not mutate snapshots)."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def step_facts(step: m.PlanStep) -> h.PlanStepFacts:
    return h.PlanStepFacts(
        start_date=step.start_date,
        end_date=step.end_date,
        work_percent=step.work_percent,
        hours_per_week=step.hours_per_week,
        description=step.description,
        adjustments=tuple(step.adjustments or ()),
    )


def plan_facts(
    plan: m.Plan, steps: Iterable[m.PlanStep], approvals: Iterable[m.PlanApproval] = ()
) -> h.PlanFacts:
    return h.PlanFacts(
        id=str(plan.id),
        version=plan.version,
        status=plan.status,
        title=plan.title,
        goal=plan.goal,
        steps=tuple(step_facts(s) for s in sorted(steps, key=lambda s: s.position)),
        approvals=tuple(h.ApprovalFacts(a.role, a.approved_at) for a in approvals),
        created_at=plan.created_at,
        activated_at=plan.activated_at,
    )


def assessment_facts(row: m.Assessment, diagnoses: Iterable[m.Diagnosis]) -> h.AssessmentFacts:
    return h.AssessmentFacts(
        id=str(row.id),
        kind=row.kind,
        assessed_at=row.assessed_at,
        work_capacity_percent=row.work_capacity_percent,
        diagnoses=tuple(
            h.DiagnosisFacts(d.system, d.code, d.text)
            for d in sorted(diagnoses, key=lambda d: d.position)
        ),
        icf_codes=tuple(row.icf_codes or ()),
        functional_limitations=row.functional_limitations,
        activity_limitations=row.activity_limitations,
        prognosis=row.prognosis,
        summary=row.summary,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        details=freeze(row.details or {}),
    )


def intervention_facts(row: m.Intervention) -> h.InterventionFacts:
    return h.InterventionFacts(
        id=str(row.id),
        type_code=row.type_code,
        status=row.status,
        start_date=row.start_date,
        planned_end_date=row.planned_end_date,
        end_date=row.end_date,
        hours_per_week=row.hours_per_week,
        provider_id=str(row.provider_id) if row.provider_id else None,
        details=freeze(row.details or {}),
        outcome=row.outcome,
    )


def benefit_facts(row: m.BenefitPeriod) -> h.BenefitFacts:
    return h.BenefitFacts(
        id=str(row.id),
        benefit_type_code=row.benefit_type_code,
        degree=row.degree,
        start_date=row.start_date,
        end_date=row.end_date,
        amount=row.amount,
    )


def meeting_facts(row: m.Meeting) -> h.MeetingFacts:
    return h.MeetingFacts(
        id=str(row.id),
        kind=row.kind,
        status=row.status,
        scheduled_for=row.scheduled_for,
        held_on=row.held_on,
        participant_ids=tuple(row.participant_ids or ()),
        outcomes=tuple(row.outcomes or ()),
        minutes=row.minutes,
        minutes_category=row.minutes_category,
    )


def participant_facts(row: m.Participant) -> h.ParticipantFacts:
    return h.ParticipantFacts(
        id=str(row.id),
        jurisdiction=row.jurisdiction,
        birth_date=row.birth_date,
        national_id=row.national_id,
        preferred_language=row.preferred_language,
    )


async def _grouped(
    session: AsyncSession, stmt: sa.Select[Any], key: str
) -> dict[uuid.UUID, list[Any]]:
    grouped: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in (await session.scalars(stmt)).all():
        grouped[getattr(row, key)].append(row)
    return grouped


def _local(moment: datetime, zone: tzinfo | None) -> datetime:
    return moment.astimezone(zone) if zone is not None else moment


async def case_facts(
    session: AsyncSession,
    case_ids: Iterable[uuid.UUID],
    zone: tzinfo | None = None,
    host: PluginHost | None = None,
) -> dict[uuid.UUID, h.CaseFacts]:
    """Snapshots of cases; with `zone`, their instants are given in that time zone.

    Plugins count deadlines in days from instants (`opened_at.date()`): given in
    the deployment's zone, those are the days the people on the case live in.
    With `host`, the details of cases, assessments and interventions are in their
    jurisdiction's current format (`hooks.versions`), and the cases of
    jurisdictions that look back get their history (two statements more, only then).
    """
    ids = list(set(case_ids))
    if not ids:
        return {}
    cases = (await session.scalars(sa.select(m.Case).where(m.Case.id.in_(ids)))).all()
    people = {
        p.id: p
        for p in await session.scalars(
            sa.select(m.Participant).where(m.Participant.id.in_({c.participant_id for c in cases}))
        )
    }
    team = await _grouped(
        session, sa.select(m.CaseTeamMember).where(m.CaseTeamMember.case_id.in_(ids)), "case_id"
    )
    plans = await _grouped(
        session,
        sa.select(m.Plan).where(m.Plan.case_id.in_(ids)).order_by(m.Plan.version),
        "case_id",
    )
    plan_ids = [p.id for rows in plans.values() for p in rows]
    steps = await _grouped(
        session, sa.select(m.PlanStep).where(m.PlanStep.plan_id.in_(plan_ids)), "plan_id"
    )
    approvals = await _grouped(
        session, sa.select(m.PlanApproval).where(m.PlanApproval.plan_id.in_(plan_ids)), "plan_id"
    )
    assessments = await _grouped(
        session,
        sa.select(m.Assessment).where(m.Assessment.case_id.in_(ids)).order_by(m.Assessment.id),
        "case_id",
    )
    diagnoses = await _grouped(
        session,
        sa.select(m.Diagnosis).where(
            m.Diagnosis.assessment_id.in_([a.id for rows in assessments.values() for a in rows])
        ),
        "assessment_id",
    )
    interventions = await _grouped(
        session,
        sa.select(m.Intervention)
        .where(m.Intervention.case_id.in_(ids))
        .order_by(m.Intervention.id),
        "case_id",
    )
    benefits = await _grouped(
        session,
        sa.select(m.BenefitPeriod)
        .where(m.BenefitPeriod.case_id.in_(ids))
        .order_by(m.BenefitPeriod.start_date, m.BenefitPeriod.id),
        "case_id",
    )
    events = await _grouped(
        session,
        sa.select(m.CaseEvent).where(m.CaseEvent.case_id.in_(ids)).order_by(m.CaseEvent.id),
        "case_id",
    )
    meetings = await _grouped(
        session,
        sa.select(m.Meeting).where(m.Meeting.case_id.in_(ids)).order_by(m.Meeting.id),
        "case_id",
    )
    windows = host.history_windows() if host is not None else {}
    histories = await _histories(session, cases, windows, zone)
    details = _Details(host)
    return {
        c.id: h.CaseFacts(
            id=str(c.id),
            reference=c.reference,
            jurisdiction=c.jurisdiction,
            status=c.status,
            phase=c.phase,
            employment_status=c.employment_status,
            has_employer=c.employer_id is not None,
            sick_leave_start=c.sick_leave_start,
            opened_at=_local(c.opened_at, zone),
            closed_at=_local(c.closed_at, zone) if c.closed_at else None,
            participant=participant_facts(people[c.participant_id]),
            details=details(c.jurisdiction, "case", c),
            team=tuple(
                h.TeamMemberFacts(str(t.actor_id), t.role, t.since, t.until) for t in team[c.id]
            ),
            plans=tuple(plan_facts(p, steps[p.id], approvals[p.id]) for p in plans[c.id]),
            assessments=tuple(
                replace(
                    assessment_facts(a, diagnoses[a.id]),
                    details=details(c.jurisdiction, "assessment", a),
                )
                for a in assessments[c.id]
            ),
            interventions=tuple(
                replace(intervention_facts(i), details=details(c.jurisdiction, "intervention", i))
                for i in interventions[c.id]
            ),
            benefits=tuple(benefit_facts(b) for b in benefits[c.id]),
            events=tuple(
                h.EventFacts(
                    e.kind,
                    _local(e.at, zone),
                    e.actor_role,
                    freeze(e.data or {}),
                    categories_in_mask(e.category_mask),
                    e.roles_mask,
                    e.summary,
                    str(e.actor_id) if e.actor_id else None,
                )
                for e in events[c.id]
            ),
            meetings=tuple(meeting_facts(row) for row in meetings[c.id]),
            history=histories.get(c.id),
        )
        for c in cases
    }


class _Details:
    """Stored details as a plugin sees them: upgraded to its jurisdiction's current
    format, read-only."""

    def __init__(self, host: PluginHost | None) -> None:
        self.host = host

    def __call__(self, code: str, target: DetailsTarget, row: Any) -> Mapping[str, Any]:
        stored = row.details or {}
        if self.host is not None:
            stored = self.host.upgraded_details(code, target, stored, row.details_version or 1)
        return freeze(stored)  # type: ignore[no-any-return]


def _anchor(case: m.Case, zone: tzinfo | None) -> date:
    return case.sick_leave_start or _local(case.opened_at, zone).date()


async def _histories(
    session: AsyncSession,
    cases: Sequence[m.Case],
    windows: Mapping[str, int],
    zone: tzinfo | None,
) -> dict[uuid.UUID, h.HistoryFacts]:
    """Each looking-back case's earlier cases (same participant and jurisdiction)."""
    looking = [c for c in cases if windows.get(c.jurisdiction, 0) > 0]
    if not looking:
        return {}
    since = {c.id: _anchor(c, zone) - timedelta(days=windows[c.jurisdiction]) for c in looking}
    earliest = min(since.values())
    others = (
        await session.scalars(
            sa.select(m.Case)
            .where(
                m.Case.participant_id.in_({c.participant_id for c in looking}),
                m.Case.sick_leave_start.is_not(None),
                m.Case.sick_leave_start < max(_anchor(c, zone) for c in looking),
            )
            .order_by(m.Case.sick_leave_start, m.Case.id)
        )
    ).all()
    periods = await _grouped(
        session,
        sa.select(m.BenefitPeriod)
        .where(
            m.BenefitPeriod.case_id.in_([o.id for o in others]),
            sa.or_(m.BenefitPeriod.end_date.is_(None), m.BenefitPeriod.end_date >= earliest),
        )
        .order_by(m.BenefitPeriod.start_date, m.BenefitPeriod.id),
        "case_id",
    ) if others else {}  # fmt: skip
    found: dict[uuid.UUID, h.HistoryFacts] = {}
    for case in looking:
        start, first = _anchor(case, zone), since[case.id]
        earlier = [
            o for o in others
            if o.id != case.id and o.participant_id == case.participant_id
            and o.jurisdiction == case.jurisdiction
            and o.sick_leave_start is not None and o.sick_leave_start < start
            and (o.closed_at is None or _local(o.closed_at, zone).date() >= first)
        ]  # fmt: skip
        found[case.id] = h.HistoryFacts(
            since=first,
            sick_periods=tuple(
                h.SickPeriodFacts(
                    str(o.id),
                    o.sick_leave_start,
                    _local(o.closed_at, zone).date() if o.closed_at else None,
                )
                for o in earlier
                if o.sick_leave_start is not None  # kept above already; says so to the checker
            ),
            benefits=tuple(
                benefit_facts(b)
                for o in earlier
                for b in periods.get(o.id, ())
                if b.end_date is None or b.end_date >= first
            ),
        )
    return found
