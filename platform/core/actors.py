"""Actors: the people and organisations who take part in cases."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core.errors import ProblemCode
from vocrehab.core.pagination import Page, PageRequest, Reader, SortKey, keyset_page
from vocrehab.core.policy import Action, authorize, require_scope
from vocrehab.core.principal import Principal
from vocrehab.core.validation import Checks, like_pattern
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import ActorKind, StakeholderType

__all__ = ["ActorFilter", "CreateActor", "actors_by_ids", "create_actor", "list_actors"]


@dataclass(frozen=True)
class CreateActor:
    kind: ActorKind
    stakeholder_type: StakeholderType
    name: str
    organisation_id: uuid.UUID | None = None
    organisation_number: str | None = None
    jurisdiction: str | None = None
    email: str | None = None


async def create_actor(work: Work, cmd: CreateActor) -> m.Actor:
    authorize(work.principal, Action.CREATE_ACTOR)
    checks = Checks()
    name = checks.text(("name",), cmd.name, required=True)
    email = checks.email(("email",), cmd.email)
    if cmd.stakeholder_type is StakeholderType.PARTICIPANT:
        checks.fail(
            ("stakeholder_type",),
            "a participant is registered as a participant, not created as an actor",
        )
    organisation_id = None
    if cmd.organisation_id is not None:
        organisation_id = cmd.organisation_id
        organisation = await work.session.get(m.Actor, organisation_id)
        if organisation is None:
            checks.fail(("organisation_id",), "no such actor", ProblemCode.NOT_FOUND)
        elif organisation.kind is not ActorKind.ORGANISATION:
            checks.fail(("organisation_id",), "must be an ORGANISATION")
        if cmd.kind is ActorKind.ORGANISATION:
            checks.fail(("organisation_id",), "an organisation does not act for another")
    number = await _organisation_number(work, checks, cmd)
    checks.done()
    actor = m.Actor(
        kind=cmd.kind,
        stakeholder_type=cmd.stakeholder_type,
        name=name,
        organisation_id=organisation_id,
        organisation_number=number,
        jurisdiction=cmd.jurisdiction,
        email=email,
    )
    work.session.add(actor)
    await work.session.flush()
    return actor


async def _organisation_number(work: Work, checks: Checks, cmd: CreateActor) -> str | None:
    if cmd.jurisdiction is not None and not work.host.has(cmd.jurisdiction):
        checks.fail(("jurisdiction",), "unknown jurisdiction", ProblemCode.UNKNOWN_JURISDICTION)
        return None
    if cmd.organisation_number is None:
        return None
    if cmd.jurisdiction is None:
        checks.fail(("jurisdiction",), "is required to validate an organisation number")
        return None
    result = work.host.jurisdiction(cmd.jurisdiction).validate_organisation_number(
        cmd.organisation_number
    )
    if not result.valid:
        checks.fail(
            ("organisation_number",),
            result.message or "is not a valid organisation number",
            ProblemCode.INVALID_ORGANISATION_NUMBER,
        )
        return None
    return result.normalized or cmd.organisation_number


# ---------------------------------------------------------------------- reads


def directory_visible(principal: Principal) -> sa.ColumnElement[bool]:
    """Actors findable directly (node, actors): everyone but participants'
    own actors, which only the participant and ADMIN look up by id."""
    if principal.is_admin:
        return sa.true()
    clauses = [m.Actor.stakeholder_type != StakeholderType.PARTICIPANT]
    if principal.actor_id is not None:
        clauses.append(m.Actor.id == principal.actor_id)
    return sa.or_(*clauses)


def actor_findable(principal: Principal, row: m.Actor) -> bool:
    """`directory_visible` for one loaded row."""
    return (
        principal.is_admin
        or row.stakeholder_type is not StakeholderType.PARTICIPANT
        or row.id == principal.actor_id
    )


async def actors_by_ids(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, m.Actor]:
    rows = await session.scalars(sa.select(m.Actor).where(m.Actor.id.in_(list(set(ids)))))
    return {row.id: row for row in rows}


@dataclass(frozen=True)
class ActorFilter:
    stakeholder_type: StakeholderType | None = None
    kind: ActorKind | None = None
    search: str | None = None
    jurisdiction: str | None = None


async def list_actors(
    db: Reader, principal: Principal, flt: ActorFilter, request: PageRequest
) -> Page[Any]:
    require_scope(principal, "actors:read")
    stmt = sa.select(*m.Actor.__table__.c).where(directory_visible(principal))
    if flt.stakeholder_type is not None:
        stmt = stmt.where(m.Actor.stakeholder_type == flt.stakeholder_type)
    if flt.kind is not None:
        stmt = stmt.where(m.Actor.kind == flt.kind)
    if flt.jurisdiction is not None:
        stmt = stmt.where(m.Actor.jurisdiction == flt.jurisdiction)
    if flt.search:
        stmt = stmt.where(m.Actor.name.ilike(like_pattern(flt.search), escape="\\"))
    keys = [SortKey(m.Actor.name, "str"), SortKey(m.Actor.id, "uuid")]
    return await keyset_page(db, stmt, keys, request, lambda a: (a.name, a.id))
