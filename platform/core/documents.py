"""Documents: a jurisdiction's forms, rendered from a frozen, minimised snapshot
of a case, stored with their hash, and served to whoever may read them.

Data minimisation holds inside documents too: a document contains only the
categories its requester may see *and* every one of its audiences may see
(AUTHZ.md), so a document for an employer never contains a diagnosis,
whoever generates it. The snapshot the plugin renders already lacks the rest.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from vocrehab.core import snapshots
from vocrehab.core.access import case_access
from vocrehab.core.briefs import handover_brief
from vocrehab.core.casework import case_for_change, record_event
from vocrehab.core.errors import invalid_input, not_allowed
from vocrehab.core.handover_document import HANDOVER, PLATFORM_KINDS, render_handover
from vocrehab.core.masks import category_mask
from vocrehab.core.milestones import milestone_info
from vocrehab.core.policy import (
    OWN_DOCUMENTS_ONLY,
    Action,
    CaseAccess,
    reachable_categories,
    require_scope,
)
from vocrehab.core.principal import Principal
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.db.base import new_id
from vocrehab.hooks import categories
from vocrehab.hooks import types as h
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.jurisdiction import DocumentRenderer, handover_sections
from vocrehab.hooks.meetings import meeting_kinds
from vocrehab.hooks.vocabulary import DataCategory, DocumentFormat, StakeholderType

__all__ = [
    "GenerateDocument",
    "document_categories",
    "document_kinds",
    "document_visible",
    "generate_document",
    "readable_document",
]

MEDIA_TYPES = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.JSON: "application/json",
    DocumentFormat.XML: "application/xml",
    DocumentFormat.FHIR_JSON: "application/fhir+json",
}


def document_kinds(jurisdiction: Any) -> tuple[h.DocumentKindInfo, ...]:
    """The kinds a case of `jurisdiction` offers: its own and the platform's (the
    handover brief, which every jurisdiction needs)."""
    return (*jurisdiction.document_kinds(), *PLATFORM_KINDS)


def document_visible(
    row: m.Document, kind: h.DocumentKindInfo | None, access: CaseAccess, principal: Principal
) -> bool:
    if not access.sees(DataCategory.DOCUMENTS):
        return False
    if access.sees_all_documents():
        return True
    if row.created_by_id is not None and row.created_by_id in principal.acting_ids:
        return True
    audiences = set(kind.audiences) if kind else set()
    return bool(audiences & (access.roles & OWN_DOCUMENTS_ONLY))


def document_categories(
    principal: Principal, access: CaseAccess, kind: h.DocumentKindInfo
) -> frozenset[DataCategory]:
    """What a document may contain: the requester's categories (as far as the token's
    scopes reach them), narrowed to what every audience of the kind may see (never
    more than its *never* allows)."""
    return categories.document_categories(reachable_categories(principal, access.categories), kind)


@dataclass(frozen=True)
class GenerateDocument:
    case_id: uuid.UUID
    kind_code: str
    format: DocumentFormat
    lang: str | None = None
    since: date | None = None
    """For the handover brief: the first day it covers (None: since the case opened)."""


async def generate_document(work: Work, cmd: GenerateDocument) -> m.Document:
    case_id = cmd.case_id
    case, access = await case_for_change(work, case_id, Action.GENERATE_DOCUMENT)
    jurisdiction = work.jurisdiction(case.jurisdiction)
    kind = h.by_code(document_kinds(jurisdiction), cmd.kind_code)
    if kind is None:
        known = ", ".join(k.code for k in document_kinds(jurisdiction)) or "none"
        raise invalid_input(f"unknown document kind; known: {known}", ("kind_code",))
    if cmd.format not in kind.formats:
        offered = ", ".join(f.value for f in kind.formats)
        raise invalid_input(f"{kind.code} comes as {offered}", ("format",))
    if not access.roles - OWN_DOCUMENTS_ONLY and not set(kind.audiences) & access.roles:
        raise not_allowed(f"{kind.code} is not a document kind of your role", ("kind_code",))
    if cmd.since is not None and kind is not HANDOVER:
        raise invalid_input(f"only {HANDOVER.code} covers a period; {kind.code} takes no since",
                            ("since",))  # fmt: skip
    if cmd.since is not None and cmd.since > work.today:
        raise invalid_input(f"must not be after today ({work.today})", ("since",))
    lang = await _language(work, case, jurisdiction.languages, cmd.lang)
    allowed = document_categories(work.principal, access, kind)
    snapshot = await _snapshot(work, case, allowed, kind, cmd.format, lang)
    if kind in PLATFORM_KINDS:
        rendered = await _handover(work, case, snapshot, jurisdiction, cmd.since)
    else:
        assert isinstance(jurisdiction, DocumentRenderer)  # the host refuses kinds without one
        rendered = jurisdiction.render_document(snapshot)
    document = _stored(work, case, kind, cmd.format, lang, rendered, access)
    # Reading it will need every category its content was rendered with; so will
    # seeing that it was generated.
    document.categories_mask = category_mask(allowed | {DataCategory.DOCUMENTS})
    work.session.add(document)
    record_event(
        work, case, "document.generated", f"Document {kind.code} ({cmd.format.value}, {lang}) generated",
        case_access=access, categories=allowed | {DataCategory.DOCUMENTS},
        data={"documentId": str(document.id), "kind": kind.code,
              **({"since": cmd.since.isoformat()} if cmd.since else {})},
    )  # fmt: skip
    await work.session.flush()
    return document


async def _language(work: Work, case: m.Case, languages: tuple[str, ...], asked: str | None) -> str:
    if asked is not None:
        if asked not in languages:
            raise invalid_input(
                f"the jurisdiction's documents come in {', '.join(languages)}", ("lang",)
            )
        return asked
    person = await work.session.get(m.Participant, case.participant_id)
    preferred = person.preferred_language if person else None
    return preferred if preferred in languages else languages[0]


def _stored(
    work: Work, case: m.Case, kind: h.DocumentKindInfo, fmt: DocumentFormat, lang: str,
    rendered: h.RenderedDocument, access: CaseAccess,
) -> m.Document:  # fmt: skip
    if not rendered.content:
        raise RuntimeError(f"jurisdiction {case.jurisdiction!r} rendered an empty {kind.code}")
    role = (
        StakeholderType.PARTICIPANT
        if StakeholderType.PARTICIPANT in access.roles
        else work.principal.stakeholder_type
    )
    return m.Document(
        id=new_id(),
        case_id=case.id,
        kind_code=kind.code,
        format=fmt,
        lang=lang,
        media_type=rendered.media_type or MEDIA_TYPES[fmt],
        filename=_safe_filename(rendered.filename, case.reference, kind.code, fmt),
        sha256=hashlib.sha256(rendered.content).hexdigest(),
        size_bytes=len(rendered.content),
        content=rendered.content,
        created_by_id=work.principal.actor_id,
        created_by_role=role,
        created_at=work.clock.now(),
    )


def _safe_filename(given: str, reference: str, kind: str, fmt: DocumentFormat) -> str:
    extension = {DocumentFormat.PDF: "pdf", DocumentFormat.XML: "xml"}.get(fmt, "json")
    name = re.sub(r"[^\w.\-]+", "_", given or f"{reference}-{kind}.{extension}").strip("._")
    return name[:150] or f"document.{extension}"


# ---------------------------------------------------------------------- the snapshot


async def _snapshot(
    work: Work,
    case: m.Case,
    allowed: frozenset[DataCategory],
    kind: h.DocumentKindInfo,
    fmt: DocumentFormat,
    lang: str,
) -> h.DocumentSnapshot:
    facts = (await snapshots.case_facts(work.session, [case.id], work.clock.zone, work.host))[
        case.id
    ]
    person = await work.session.get(m.Participant, case.participant_id)
    assert person is not None
    milestones = await work.session.scalars(
        sa.select(m.Milestone)
        .where(m.Milestone.case_id == case.id, m.Milestone.category.in_(sorted(allowed)))
        .order_by(m.Milestone.due_date, m.Milestone.position)
    )
    team, employer = await _people(work, case)
    request = h.DocumentRequest(
        kind.code, fmt, lang, work.clock.now(), work.principal.stakeholder_type, allowed, work.today
    )
    return h.DocumentSnapshot(
        request=request,
        case=categories.minimised(facts, allowed),
        participant=_person(person, allowed),
        team=team,
        employer=employer,
        milestones=tuple(milestone_info(row) for row in milestones),
    )


def _person(row: m.Participant, categories: frozenset[DataCategory]) -> h.PersonInfo:
    contact = DataCategory.CONTACT in categories
    return h.PersonInfo(
        given_name=row.given_name,
        family_name=row.family_name,
        birth_date=row.birth_date if contact else None,
        national_id=row.national_id if contact else None,
        email=row.email if contact else None,
        phone=row.phone if contact else None,
        preferred_language=row.preferred_language,
    )


async def _people(
    work: Work, case: m.Case
) -> tuple[tuple[h.TeamMemberInfo, ...], h.ActorInfo | None]:
    members = list(await work.session.scalars(
        sa.select(m.CaseTeamMember).where(m.CaseTeamMember.case_id == case.id).order_by(m.CaseTeamMember.since)
    ))  # fmt: skip
    ids = {t.actor_id for t in members} | ({case.employer_id} if case.employer_id else set())
    actors = {
        a.id: a for a in await work.session.scalars(sa.select(m.Actor).where(m.Actor.id.in_(ids)))
    }
    org_ids = {a.organisation_id for a in actors.values() if a.organisation_id}
    orgs = {
        o.id: o
        for o in await work.session.scalars(sa.select(m.Actor).where(m.Actor.id.in_(org_ids)))
    }
    team = tuple(
        h.TeamMemberInfo(_actor(actors[t.actor_id], orgs), t.role, t.since, t.until)
        for t in members
        if t.until is None or t.until >= work.today
    )
    employer = _actor(actors[case.employer_id], orgs) if case.employer_id in actors else None
    return team, employer


def _actor(row: m.Actor, orgs: dict[uuid.UUID, m.Actor]) -> h.ActorInfo:
    org = orgs.get(row.organisation_id) if row.organisation_id else None
    return h.ActorInfo(
        id=str(row.id),
        name=row.name,
        stakeholder_type=row.stakeholder_type,
        is_organisation=row.kind.value == "ORGANISATION",
        organisation_name=org.name if org else None,
        organisation_id=str(row.organisation_id) if row.organisation_id else None,
        organisation_number=row.organisation_number or (org.organisation_number if org else None),
        email=row.email,
    )


async def readable_document(
    session: AsyncSession,
    principal: Principal,
    host: PluginHost,
    today: date,
    document_id: uuid.UUID,
) -> m.Document | None:
    """The document with its bytes, if `principal` may read it (else None: not found)."""
    require_scope(principal, "documents:read")
    row = await session.get(m.Document, document_id, options=[undefer(m.Document.content)])
    if row is None:
        return None
    access = (await case_access(session, principal, [row.case_id], today)).get(row.case_id)
    if access is None:
        return None
    case = await session.get(m.Case, row.case_id)
    assert case is not None
    kind = h.by_code(document_kinds(host.jurisdiction(case.jurisdiction)), row.kind_code)
    return row if document_visible(row, kind, access, principal) else None


async def _handover(
    work: Work,
    case: m.Case,
    snapshot: h.DocumentSnapshot,
    jurisdiction: Any,
    since: date | None,
) -> h.RenderedDocument:
    """The handover brief since `since` (None: since the case opened), from the
    document's snapshot."""
    allowed = snapshot.request.categories
    steps = await work.session.scalars(
        sa.select(m.Milestone).where(
            m.Milestone.case_id == case.id, m.Milestone.category.in_(sorted(allowed))
        )
    )
    rules = {r.code: r.category for r in jurisdiction.rules()}
    findings = [
        v for v in jurisdiction.assess(snapshot.case, work.today) if rules.get(v.code) in allowed
    ]
    sections = handover_sections(jurisdiction, snapshot.case, since, work.today)
    brief = handover_brief(snapshot.case, steps, findings, sections, allowed, since, work.today)
    ids = {uuid.UUID(t.actor_id) for t in brief.last_actions}
    ids |= {uuid.UUID(s.assignee_id) for s in brief.open_steps if s.assignee_id}
    ids |= {uuid.UUID(e.actor_id) for e in brief.decisions if e.actor_id}
    ids |= {uuid.UUID(p) for mt in brief.meetings for p in mt.participant_ids}
    names = {
        str(a.id): a.name
        for a in await work.session.scalars(sa.select(m.Actor).where(m.Actor.id.in_(ids)))
    }
    kinds = {k.code: k.names for k in meeting_kinds(jurisdiction)}
    return render_handover(brief, names, snapshot.request, kinds)
