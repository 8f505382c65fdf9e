"""Moves: the steps a viewer must take next, across every case they may see.

A step is a stored milestone (`casework.refresh_milestones` keeps them, with
`pending` for "unmet and applicable"); an optional one (a possibility, not a duty)
only until its due date: past it, it is no one's move, and so never an overdue one. It is the viewer's move when the viewer
holds its responsible role on the case's team today (directly or through the
organisation they act for) and nobody else on the team was assigned it, or when
it was assigned to the viewer; for a participant, the steps of their own cases
whose responsible role is PARTICIPANT. Steps of a category the viewer's role
does not see (or the token's scopes do not reach) are not theirs to see, let
alone take.

All of it is one SQL statement over an index of pending steps by role and due
date, ordered by due date (so overdue steps come first) and paged by keyset.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm

from vocrehab.core.pagination import Page, PageRequest, Reader, SortKey, keyset_page
from vocrehab.core.policy import active_membership, reachable_categories, require_scope
from vocrehab.core.principal import Principal
from vocrehab.core.reads import case_access_columns
from vocrehab.db import models as m
from vocrehab.hooks.categories import CATEGORIES_BY_ROLE, NEVER
from vocrehab.hooks.vocabulary import StakeholderType as R

__all__ = ["STEP_PREFIX", "MoveFilter", "list_moves", "moves_of"]

STEP_PREFIX = "s__"
"""The milestone's columns in a move row carry this prefix; the case's do not."""

TEAM_ROLES = tuple(r for r in R if r not in {R.PARTICIPANT, R.ADMIN})
_STEP = m.Milestone.__table__
_STEP_COLUMNS = tuple(c.label(f"{STEP_PREFIX}{c.key}") for c in _STEP.c)


@dataclass(frozen=True)
class MoveFilter:
    due_before: date | None = None
    """Due before this day."""
    overdue: bool | None = None
    case_id: uuid.UUID | None = None
    jurisdiction: str | None = None
    responsible: Sequence[R] | None = None


def _sees(principal: Principal, role: R) -> list[str]:
    """The categories of steps that `principal`, acting in `role`, may see."""
    own = CATEGORIES_BY_ROLE[role] - NEVER.get(principal.stakeholder_type, frozenset())
    return sorted(c.value for c in reachable_categories(principal, own))


def moves_of(principal: Principal, today: date) -> sa.ColumnElement[bool]:
    """WHERE clause over `milestones` (joined to `cases`): the viewer's moves."""
    step = m.Milestone
    clauses: list[sa.ColumnElement[bool]] = []
    if principal.acting_ids:
        team = sa.orm.aliased(m.CaseTeamMember)
        in_role = sa.or_(
            *(
                sa.and_(step.responsible == role, step.category.in_(_sees(principal, role)))
                for role in TEAM_ROLES
            )
        )
        holds_role = (
            sa.exists()
            .where(team.case_id == step.case_id, team.role == step.responsible)
            .where(active_membership(principal, today, team))
        )
        mine = sa.or_(step.assignee_id.is_(None), step.assignee_id.in_(principal.acting_ids))
        clauses.append(sa.and_(in_role, mine, holds_role))
    if principal.participant_id is not None:
        clauses.append(
            sa.and_(
                step.responsible == R.PARTICIPANT,
                step.category.in_(_sees(principal, R.PARTICIPANT)),
                m.Case.participant_id == principal.participant_id,
            )
        )
    return sa.or_(*clauses) if clauses else sa.false()


def _filtered(stmt: sa.Select[Any], flt: MoveFilter, today: date) -> sa.Select[Any]:
    step, case = m.Milestone, m.Case
    if flt.due_before is not None:
        stmt = stmt.where(step.due_date < flt.due_before)
    if flt.overdue is True:
        stmt = stmt.where(step.due_date < today)
    elif flt.overdue is False:
        stmt = stmt.where(step.due_date >= today)
    if flt.case_id is not None:
        stmt = stmt.where(step.case_id == flt.case_id)
    if flt.jurisdiction is not None:
        stmt = stmt.where(case.jurisdiction == flt.jurisdiction)
    if flt.responsible is not None:
        stmt = stmt.where(step.responsible.in_(list(flt.responsible)))
    return stmt


KEYS = [SortKey(m.Milestone.due_date, "date"), SortKey(m.Milestone.id, "uuid")]


async def list_moves(
    db: Reader, principal: Principal, today: date, flt: MoveFilter, request: PageRequest
) -> Page[Any]:
    """A page of the viewer's moves by due date (overdue first): rows with the step's
    columns (`STEP_PREFIX`), the case's, the viewer's access to the case
    (`reads.case_access_columns`) and the participant's language."""
    require_scope(principal, "cases:read")
    step, case = m.Milestone, m.Case
    stmt: sa.Select[Any] = (
        sa.select(
            *_STEP_COLUMNS,
            *case.__table__.c,
            *case_access_columns(principal, today),
            m.Participant.preferred_language.label("participant_language"),
        )
        .select_from(step)
        .join(case, case.id == step.case_id)
        .join(m.Participant, m.Participant.id == case.participant_id)
        .where(step.pending.is_(True), moves_of(principal, today))
        .where(sa.or_(step.optional.is_(False), step.due_date >= today))
    )
    stmt = _filtered(stmt, flt, today)
    return await keyset_page(db, stmt, KEYS, request, lambda row: (row.s__due_date, row.s__id))
