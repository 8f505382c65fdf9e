"""Participants: the people in rehabilitation, and their own records."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core import access
from vocrehab.core.casework import record_event
from vocrehab.core.errors import DomainError, Forbidden, Problem, ProblemCode, not_found
from vocrehab.core.pagination import Page, PageRequest, Reader, SortKey, keyset_page
from vocrehab.core.policy import (
    CATEGORIES_BY_ROLE,
    Action,
    authorize,
    require_scope,
    visible_participants,
)
from vocrehab.core.principal import Principal
from vocrehab.core.reads import participant_access_columns
from vocrehab.core.validation import Checks, like_pattern
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.jurisdiction import check_national_id
from vocrehab.hooks.vocabulary import ActorKind, CaseStatus, DataCategory, StakeholderType

__all__ = [
    "ParticipantFilter",
    "RegisterParticipant",
    "UpdateParticipant",
    "list_participants",
    "participants_by_ids",
    "register_participant",
    "update_participant",
]

UNSET: Any = object()


@dataclass(frozen=True)
class RegisterParticipant:
    jurisdiction: str
    given_name: str
    family_name: str
    national_id: str | None = None
    birth_date: date | None = None
    preferred_language: str | None = None
    email: str | None = None
    phone: str | None = None


async def register_participant(work: Work, cmd: RegisterParticipant) -> m.Participant:
    authorize(work.principal, Action.REGISTER_PARTICIPANT)
    jurisdiction = work.jurisdiction(cmd.jurisdiction, ("jurisdiction",))
    checks = Checks()
    given = checks.text(("given_name",), cmd.given_name, required=True)
    family = checks.text(("family_name",), cmd.family_name, required=True)
    language = checks.language(("preferred_language",), cmd.preferred_language)
    email = checks.email(("email",), cmd.email)
    phone = checks.phone(("phone",), cmd.phone)
    checks.not_after(("birth_date",), cmd.birth_date, work.today, "today")
    national_id, birth_date = None, cmd.birth_date
    if cmd.national_id is not None:
        result = check_national_id(jurisdiction, cmd.national_id, work.today)
        if not result.valid:
            checks.fail(
                ("national_id",),
                result.message or "is not a valid national id",
                ProblemCode.INVALID_NATIONAL_ID,
            )
        else:
            national_id = result.normalized or cmd.national_id
            if result.birth_date and birth_date and result.birth_date != birth_date:
                checks.fail(("birth_date",), "contradicts the birth date in the national id")
            birth_date = birth_date or result.birth_date
    checks.done()
    if national_id is not None:
        await _require_unique(work.session, cmd.jurisdiction, national_id)
    actor = m.Actor(
        kind=ActorKind.PERSON,
        stakeholder_type=StakeholderType.PARTICIPANT,
        name=f"{given} {family}",
        jurisdiction=cmd.jurisdiction,
    )
    work.session.add(actor)
    await work.session.flush()
    participant = m.Participant(
        jurisdiction=cmd.jurisdiction,
        national_id=national_id,
        given_name=given,
        family_name=family,
        birth_date=birth_date,
        preferred_language=language,
        email=email,
        phone=phone,
        registered_by_id=work.principal.actor_id,
        actor_id=actor.id,
        created_at=work.clock.now(),
        updated_at=work.clock.now(),
    )
    work.session.add(participant)
    await work.session.flush()
    return participant


async def _require_unique(session: AsyncSession, jurisdiction: str, national_id: str) -> None:
    taken = await session.scalar(
        sa.select(m.Participant.id).where(
            m.Participant.jurisdiction == jurisdiction, m.Participant.national_id == national_id
        )
    )
    if taken is not None:
        raise DomainError(
            [
                Problem(
                    ProblemCode.ALREADY_EXISTS,
                    "a participant with this national id is already registered",
                    ("national_id",),
                )
            ]
        )


@dataclass(frozen=True)
class UpdateParticipant:
    id: uuid.UUID
    changes: dict[str, Any] = field(default_factory=dict)
    """Only the fields the client sent: given_name, family_name, preferred_language, email,
    phone."""


async def update_participant(work: Work, cmd: UpdateParticipant) -> m.Participant:
    participant_id = cmd.id
    seen = await access.participant_access(
        work.session, work.principal, [participant_id], work.today
    )
    if participant_id not in seen:
        raise not_found("no such participant", ("id",))
    authorize(work.principal, Action.UPDATE_PARTICIPANT, seen[participant_id].roles)
    participant = await work.session.get(m.Participant, participant_id, with_for_update=True)
    if participant is None:
        raise not_found("no such participant", ("id",))
    checks = Checks()
    values = _checked_changes(checks, cmd.changes)
    checks.done()
    changed = sorted(k for k, v in values.items() if getattr(participant, k) != v)
    for key in changed:
        setattr(participant, key, values[key])
    if changed:
        participant.updated_at = work.clock.now()
        if {"given_name", "family_name"} & set(changed):
            actor = await work.session.get(m.Actor, participant.actor_id)
            if actor is not None:
                actor.name = f"{participant.given_name} {participant.family_name}"
        await _record_on_cases(work, participant, changed)
    await work.session.flush()
    return participant


def _checked_changes(checks: Checks, changes: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in ("given_name", "family_name"):
        if name in changes:
            values[name] = checks.text((name,), changes[name], required=True)
    if "preferred_language" in changes:
        values["preferred_language"] = checks.language(
            ("preferred_language",), changes["preferred_language"]
        )
    if "email" in changes:
        values["email"] = checks.email(("email",), changes["email"])
    if "phone" in changes:
        values["phone"] = checks.phone(("phone",), changes["phone"])
    return values


async def _record_on_cases(work: Work, participant: m.Participant, changed: list[str]) -> None:
    """The change shows on the timeline of each open case (not which values: CONTACT)."""
    cases = await work.session.scalars(
        sa.select(m.Case).where(
            m.Case.participant_id == participant.id, m.Case.status != CaseStatus.CLOSED
        )
    )
    contact = {"email", "phone", "preferred_language"}
    for case in cases:
        record_event(
            work,
            case,
            "participant.updated",
            "Participant details updated",
            category=DataCategory.CONTACT.value if set(changed) <= contact else None,
            data={"fields": changed},
        )


# ---------------------------------------------------------------------- reads


async def participants_by_ids(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, m.Participant]:
    rows = await session.scalars(
        sa.select(m.Participant).where(m.Participant.id.in_(list(set(ids))))
    )
    return {row.id: row for row in rows}


@dataclass(frozen=True)
class ParticipantFilter:
    jurisdiction: str | None = None
    search: str | None = None
    national_id: str | None = None


async def list_participants(
    db: Reader,
    principal: Principal,
    today: date,
    flt: ParticipantFilter,
    request: PageRequest,
    host: PluginHost | None = None,
) -> Page[m.Participant]:
    require_scope(principal, "participants:read")
    stmt = sa.select(
        *m.Participant.__table__.c, *participant_access_columns(principal, today)
    ).where(visible_participants(principal, today))
    if flt.jurisdiction is not None:
        stmt = stmt.where(m.Participant.jurisdiction == flt.jurisdiction)
    if flt.national_id is not None:
        if DataCategory.CONTACT not in CATEGORIES_BY_ROLE[principal.stakeholder_type]:
            # Matching on a national id would reveal it to a caller who may not see it.
            raise Forbidden(None, "filtering on nationalId needs access to CONTACT data")
        stmt = stmt.where(_national_id_matches(flt.national_id, flt.jurisdiction, host, today))
    if flt.search:
        pattern = like_pattern(flt.search)
        name = m.Participant.given_name + " " + m.Participant.family_name
        stmt = stmt.where(name.ilike(pattern, escape="\\"))
    keys = [
        SortKey(m.Participant.family_name, "str"),
        SortKey(m.Participant.given_name, "str"),
        SortKey(m.Participant.id, "uuid"),
    ]
    return await keyset_page(db, stmt, keys, request, lambda p: (p.family_name, p.given_name, p.id))


def _national_id_matches(
    value: str, jurisdiction: str | None, host: PluginHost | None, today: date
) -> sa.ColumnElement[bool]:
    """Match ids as registration stored them: each jurisdiction normalizes its own
    ("010190 12345" and "01019012345" are one fødselsnummer; "811218-9876" is read
    as of today into the 12-digit personnummer stored)."""
    clauses = [m.Participant.national_id == value.strip()]
    for code in [j.code for j in host.jurisdictions()] if host else []:
        if jurisdiction not in (None, code):
            continue
        checked = check_national_id(host.jurisdiction(code), value, today)  # type: ignore[union-attr]
        if checked.valid and checked.normalized:
            clauses.append(
                sa.and_(
                    m.Participant.jurisdiction == code,
                    m.Participant.national_id == checked.normalized,
                )
            )
    return sa.or_(*clauses)
