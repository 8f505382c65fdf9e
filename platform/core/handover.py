"""Whose move a step is, and handing a case over when a team member changes.

- `assign_step`: a case manager names the team member who takes a step; it is
  then that person's move rather than their role's (`core.moves`).
- `replace_team_member`: the outgoing member leaves (access ends now), the
  incoming one joins in the same role, the steps assigned to the outgoing
  member move to the incoming one, and a handover note and event record it,
  all in one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from vocrehab.core.casework import (
    acting_role,
    after_change,
    case_for_change,
    record_event,
    require_open,
)
from vocrehab.core.errors import DomainError, Problem, ProblemCode, invalid_state
from vocrehab.core.policy import Action, role_mask
from vocrehab.core.validation import Checks
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.db.base import new_id
from vocrehab.hooks.vocabulary import StakeholderType as R

__all__ = ["AssignStep", "ReplaceTeamMember", "assign_step", "replace_team_member"]

HANDOVER_READERS = tuple(r for r in R if r is not R.PARTICIPANT)
"""Who reads a handover note: the professionals on the team (and ADMIN)."""


def _problem(code: str, message: str, *field: str) -> DomainError:
    return DomainError([Problem(code, message, field)])


def _current(today: date) -> sa.ColumnElement[bool]:
    team = m.CaseTeamMember
    return sa.and_(team.since <= today, sa.or_(team.until.is_(None), team.until >= today))


@dataclass(frozen=True)
class AssignStep:
    case_id: uuid.UUID
    code: str
    assignee_id: uuid.UUID | None
    """None hands the step back to the role."""


async def assign_step(work: Work, cmd: AssignStep) -> m.Case:
    case, case_access = await case_for_change(work, cmd.case_id, Action.ASSIGN_STEP)
    require_open(case)
    step = await work.session.scalar(
        sa.select(m.Milestone).where(m.Milestone.case_id == case.id, m.Milestone.code == cmd.code)
    )
    problems = []
    if step is None or not case_access.sees(step.category):
        problems.append(Problem(ProblemCode.NOT_FOUND, "no such step on this case", ("code",)))
    if cmd.assignee_id is not None and await work.session.get(m.Actor, cmd.assignee_id) is None:
        problems.append(Problem(ProblemCode.NOT_FOUND, "no such actor", ("assignee_id",)))
    if problems:
        raise DomainError(problems)
    assert step is not None
    if not step.pending:
        raise invalid_state(f"{step.code} is met or does not apply: there is nothing to take")
    assignee = cmd.assignee_id
    if assignee is not None:
        team = m.CaseTeamMember
        holds = await work.session.scalar(
            sa.select(team.id).where(
                team.case_id == case.id,
                team.actor_id == assignee,
                team.role == step.responsible,
                _current(work.today),
            )
        )
        if holds is None:
            raise _problem(
                ProblemCode.INVALID_INPUT,
                f"the assignee must be on the case team as {step.responsible.value}",
                "assignee_id",
            )
    if step.assignee_id == assignee:
        return case
    step.assignee_id = assignee
    record_event(
        work, case, "step.assigned",
        f"{step.code} assigned" if assignee else f"{step.code} handed back to the role",
        case_access=case_access, category=step.category,
        data={"code": step.code, "assigneeId": str(assignee) if assignee else None},
    )  # fmt: skip
    await after_change(work, case)
    return case


@dataclass(frozen=True)
class ReplaceTeamMember:
    case_id: uuid.UUID
    outgoing_actor_id: uuid.UUID
    incoming_actor_id: uuid.UUID
    note: str


async def replace_team_member(work: Work, cmd: ReplaceTeamMember) -> m.Case:
    case, case_access = await case_for_change(work, cmd.case_id, Action.MANAGE_TEAM)
    require_open(case)
    outgoing, incoming = cmd.outgoing_actor_id, cmd.incoming_actor_id
    checks = Checks()
    note = checks.text(("note",), cmd.note, required=True)
    checks.done()
    team = m.CaseTeamMember
    leaving = list(
        await work.session.scalars(
            sa.select(team).where(
                team.case_id == case.id, team.actor_id == outgoing, _current(work.today)
            )
        )
    )
    if not leaving:
        raise _problem(ProblemCode.NOT_FOUND, "not on the team", "outgoing_actor_id")
    role = leaving[0].role
    await _check_incoming(work, case.id, incoming, role)
    yesterday = work.today - timedelta(days=1)
    for row in leaving:
        if row.since > yesterday:
            await work.session.delete(row)  # never effective: no history to keep
        else:
            row.until = yesterday
    work.session.add(m.CaseTeamMember(case_id=case.id, actor_id=incoming, role=role,
                                      since=work.today))  # fmt: skip
    moved = list(
        await work.session.scalars(
            sa.update(m.Milestone)
            .where(m.Milestone.case_id == case.id, m.Milestone.assignee_id == outgoing)
            .values(assignee_id=incoming)
            .returning(m.Milestone.code)
        )
    )
    author = acting_role(work, case_access)
    handover = m.CaseNote(
        id=new_id(), case_id=case.id, author_id=work.principal.actor_id, author_role=author,
        body=note, visible_mask=role_mask(HANDOVER_READERS), created_at=work.clock.now(),
    )  # fmt: skip
    work.session.add(handover)
    title = role.value.replace("_", " ").lower()
    record_event(
        work, case, "team.member_replaced", f"A new {title} took over the case",
        case_access=case_access, roles=handover.visible_mask,
        data={"role": role.value, "outgoingActorId": str(outgoing),
              "incomingActorId": str(incoming), "noteId": str(handover.id),
              "reassigned": sorted(moved)},
    )  # fmt: skip
    await after_change(work, case)
    return case


async def _check_incoming(work: Work, case_id: uuid.UUID, incoming: uuid.UUID, role: R) -> None:
    actor = await work.session.get(m.Actor, incoming)
    if actor is None or actor.stakeholder_type is R.PARTICIPANT:
        raise _problem(ProblemCode.NOT_FOUND, "no such actor", "incoming_actor_id")
    if actor.stakeholder_type is not role:
        raise _problem(
            ProblemCode.INVALID_INPUT,
            f"the actor is a {actor.stakeholder_type.value}, not a {role.value}",
            "incoming_actor_id",
        )
    team = m.CaseTeamMember
    already = await work.session.scalar(
        sa.select(team.id).where(
            team.case_id == case_id,
            team.actor_id == incoming,
            sa.or_(team.until.is_(None), team.until >= work.today),
        )
    )
    if already is not None:
        raise _problem(ProblemCode.ALREADY_EXISTS, "already on the team", "incoming_actor_id")
