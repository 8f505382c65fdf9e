"""Access of one principal to many cases or participants, computed in batches.

Each function costs a fixed number of statements whatever the number of ids,
so DataLoaders can call them once per batch.
"""

from __future__ import annotations

import functools
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core.policy import (
    CaseAccess,
    ParticipantAccess,
    active_membership,
    categories_for,
)
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import DataCategory, StakeholderType

__all__ = ["admitted", "case_access", "organisation_of", "participant_access"]


async def organisation_of(session: AsyncSession, actor_id: uuid.UUID) -> uuid.UUID | None:
    return await session.scalar(sa.select(m.Actor.organisation_id).where(m.Actor.id == actor_id))


async def with_organisation(session: AsyncSession, principal: Principal) -> Principal:
    """The principal with the organisation its actor acts for: team membership of
    that organisation counts for the actor too (AUTHZ.md)."""
    if principal.actor_id is None or principal.is_admin:
        return principal
    return principal.with_organisation(await organisation_of(session, principal.actor_id))


@functools.cache
def _admission(checks_token: bool, needs_organisation: bool) -> sa.Select[Any]:
    """The admission statement, built once per shape (every request runs one)."""
    token = m.OAuthAccessToken
    revoked: Any = (
        sa.select(token.revoked_at).where(token.jti == sa.bindparam("jti")).scalar_subquery()
        if checks_token
        else sa.null()
    )
    organisation: Any = (
        sa.select(m.Actor.organisation_id)
        .where(m.Actor.id == sa.bindparam("actor", type_=m.Actor.id.type))
        .scalar_subquery()
        if needs_organisation
        else sa.null()
    )
    return sa.select(revoked.label("revoked_at"), organisation.label("org"))


async def admitted(db: Any, principal: Principal, own_token: bool) -> Principal | None:
    """The principal as of now, in one statement on the operation's connection: None
    if its token has been revoked, else with the organisation its actor acts for."""
    checks_token = own_token and bool(principal.token_id)
    needs_organisation = principal.actor_id is not None and not principal.is_admin
    if not checks_token and not needs_organisation:
        return principal
    params: dict[str, Any] = {}
    if checks_token:
        params["jti"] = principal.token_id
    if needs_organisation:
        params["actor"] = principal.actor_id
    row = (await db.execute(_admission(checks_token, needs_organisation), params)).one()
    if row.revoked_at is not None:
        return None
    return principal.with_organisation(row.org) if row.org is not None else principal


async def case_access(
    session: AsyncSession, principal: Principal, case_ids: Iterable[uuid.UUID], today: date
) -> dict[uuid.UUID, CaseAccess]:
    """Access to each visible case; cases the principal may not see are absent."""
    ids = list(set(case_ids))
    if not ids:
        return {}
    rows = await session.execute(
        sa.select(m.Case.id, m.Case.participant_id).where(m.Case.id.in_(ids))
    )
    participants: dict[uuid.UUID, uuid.UUID] = dict(rows.all())
    roles = await _team_roles(session, principal, participants.keys(), today)
    consented = await _consented(session, principal, set(participants.values()), today)
    result = {}
    for case_id, participant_id in participants.items():
        access = CaseAccess.build(
            principal, case_id, participant_id, roles.get(case_id, ()), consented[participant_id]
        )
        if access is not None:
            result[case_id] = access
    return result


async def participant_access(
    session: AsyncSession,
    principal: Principal,
    participant_ids: Iterable[uuid.UUID],
    today: date,
) -> dict[uuid.UUID, ParticipantAccess]:
    """Categories of each visible participant's data: the union over the cases
    through which the principal sees them (and the registrar's own type)."""
    ids = list(set(participant_ids))
    if not ids:
        return {}
    roles: dict[uuid.UUID, set[StakeholderType]] = defaultdict(set)
    if principal.participant_id in ids:
        roles[principal.participant_id].add(StakeholderType.PARTICIPANT)
    if principal.is_admin:
        for pid in ids:
            roles[pid].add(StakeholderType.ADMIN)
    if principal.acting_ids:
        team = m.CaseTeamMember
        rows = await session.execute(
            sa.select(m.Case.participant_id, team.role)
            .join(team, team.case_id == m.Case.id)
            .where(m.Case.participant_id.in_(ids), active_membership(principal, today))
        )
        for pid, role in rows:
            roles[pid].add(role)
        registered = await session.scalars(
            sa.select(m.Participant.id).where(
                m.Participant.id.in_(ids),
                m.Participant.registered_by_id.in_(principal.acting_ids),
                ~sa.exists().where(m.Case.participant_id == m.Participant.id),
            )
        )
        for pid in registered:
            roles[pid].add(principal.stakeholder_type)
    consented = await _consented(session, principal, set(roles), today)
    return {
        pid: ParticipantAccess(
            pid, categories_for(held, principal.stakeholder_type, consented[pid]), frozenset(held)
        )
        for pid, held in roles.items()
        if held
    }


async def _team_roles(
    session: AsyncSession, principal: Principal, case_ids: Iterable[uuid.UUID], today: date
) -> dict[uuid.UUID, set[StakeholderType]]:
    roles: dict[uuid.UUID, set[StakeholderType]] = defaultdict(set)
    if not principal.acting_ids:
        return roles
    team = m.CaseTeamMember
    rows = await session.execute(
        sa.select(team.case_id, team.role).where(
            team.case_id.in_(list(case_ids)), active_membership(principal, today)
        )
    )
    for case_id, role in rows:
        roles[case_id].add(role)
    return roles


async def _consented(
    session: AsyncSession, principal: Principal, participant_ids: set[uuid.UUID], today: date
) -> dict[uuid.UUID, set[DataCategory]]:
    """Categories each participant has consented to show this principal's actor,
    or the organisation it acts for (consent to a clinic covers its clinicians)."""
    granted: dict[uuid.UUID, set[DataCategory]] = defaultdict(set)
    if not principal.acting_ids or not participant_ids:
        return granted
    consent = m.Consent
    rows = await session.execute(
        sa.select(consent.participant_id, consent.categories).where(
            consent.participant_id.in_(list(participant_ids)),
            consent.grantee_id.in_(principal.acting_ids),
            consent.revoked_at.is_(None),
            consent.valid_from <= today,
            sa.or_(consent.valid_to.is_(None), consent.valid_to >= today),
        )
    )
    for pid, categories in rows:
        granted[pid].update(DataCategory(c) for c in categories)
    return granted
