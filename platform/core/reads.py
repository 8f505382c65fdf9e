"""Batch reads behind the GraphQL DataLoaders: each function answers for many
parents in a fixed number of statements.

Callers have already established that the parents are visible. Filters that
depend on the viewer's access to a case (notes by role, events by data
category) are passed in as a hashable filter key and applied in SQL, so counts
agree with pages.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core.pagination import ChildPage, PageRequest, child_counts, child_pages
from vocrehab.core.policy import visible_cases
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import PlanStatus

__all__ = [
    "LISTS",
    "PAGED",
    "ROWS",
    "ChildPage",
    "count_children",
    "current_plans",
    "event_filter",
    "list_children",
    "note_filter",
    "page_children",
    "rows_by_id",
]


def note_filter(viewer_mask: int | None) -> list[sa.ColumnElement[bool]]:
    """Notes a viewer holding the roles in `viewer_mask` may read (None: all, for ADMIN)."""
    if viewer_mask is None:
        return []
    return [m.CaseNote.visible_mask.op("&")(viewer_mask) != 0]


def event_filter(categories: Iterable[str] | None) -> list[sa.ColumnElement[bool]]:
    """Events that reveal nothing beyond the viewer's data categories."""
    if categories is None:
        return []
    return [sa.or_(m.CaseEvent.category.is_(None), m.CaseEvent.category.in_(sorted(categories)))]


def _no_filter(_: Hashable) -> list[sa.ColumnElement[bool]]:
    return []


def visible_filter(viewer: tuple[Principal, date]) -> list[sa.ColumnElement[bool]]:
    """Cases the viewer may see (a participant's cases, listed to someone else)."""
    principal, today = viewer
    return [visible_cases(principal, today)]


# Relations paged per parent: foreign-key column, and the WHERE a filter key adds.
PAGED: dict[str, tuple[Any, Callable[[Any], list[sa.ColumnElement[bool]]]]] = {
    "plans": (m.Plan.case_id, _no_filter),
    "assessments": (m.Assessment.case_id, _no_filter),
    "interventions": (m.Intervention.case_id, _no_filter),
    "notes": (m.CaseNote.case_id, note_filter),
    "events": (m.CaseEvent.case_id, event_filter),
    "participant_cases": (m.Case.participant_id, visible_filter),
}

# Relations loaded whole per parent: foreign-key column and order.
LISTS: dict[str, tuple[Any, Sequence[Any]]] = {
    "team": (m.CaseTeamMember.case_id, (m.CaseTeamMember.since, m.CaseTeamMember.id)),
    "plan_steps": (m.PlanStep.plan_id, (m.PlanStep.position,)),
    "plan_approvals": (m.PlanApproval.plan_id, (m.PlanApproval.approved_at, m.PlanApproval.id)),
    "diagnoses": (m.Diagnosis.assessment_id, (m.Diagnosis.position,)),
    "benefits": (m.BenefitPeriod.case_id, (m.BenefitPeriod.start_date, m.BenefitPeriod.id)),
    "milestones": (m.Milestone.case_id, (m.Milestone.due_date, m.Milestone.position)),
    "documents": (m.Document.case_id, (m.Document.id,)),
    "consents": (m.Consent.participant_id, (m.Consent.id,)),
}

ROWS: dict[str, Any] = {
    "actor": m.Actor,
    "participant": m.Participant,
    "case": m.Case,
    "plan": m.Plan,
    "assessment": m.Assessment,
    "intervention": m.Intervention,
    "benefit": m.BenefitPeriod,
    "note": m.CaseNote,
    "event": m.CaseEvent,
    "document": m.Document,
    "consent": m.Consent,
}


async def rows_by_id(
    session: AsyncSession, kind: str, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Any]:
    entity = ROWS[kind]
    rows = await session.scalars(sa.select(entity).where(entity.id.in_(list(set(ids)))))
    return {row.id: row for row in rows}


async def list_children(
    session: AsyncSession, relation: str, parent_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    column, order = LISTS[relation]
    stmt = sa.select(column.class_).where(column.in_(list(set(parent_ids)))).order_by(*order)
    grouped: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in (await session.scalars(stmt)).all():
        grouped[getattr(row, column.key)].append(row)
    return {pid: grouped.get(pid, []) for pid in parent_ids}


async def page_children(
    session: AsyncSession,
    relation: str,
    parent_ids: Sequence[uuid.UUID],
    request: PageRequest,
    flt: Hashable = None,
) -> dict[uuid.UUID, ChildPage]:
    column, where = PAGED[relation]
    return await child_pages(session, column.class_, column, parent_ids, request, where(flt))


async def count_children(
    session: AsyncSession, relation: str, parent_ids: Sequence[uuid.UUID], flt: Hashable = None
) -> dict[uuid.UUID, int]:
    column, where = PAGED[relation]
    return await child_counts(session, column, parent_ids, where(flt))


async def current_plans(
    session: AsyncSession, case_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, m.Plan | None]:
    rows = await session.scalars(
        sa.select(m.Plan).where(
            m.Plan.case_id.in_(list(case_ids)), m.Plan.status == PlanStatus.ACTIVE
        )
    )
    found = {row.case_id: row for row in rows}
    return {cid: found.get(cid) for cid in case_ids}
