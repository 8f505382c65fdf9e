"""`node`, `nodes` and `viewer`: fetching any object by its global ID, under
the same access rules as every list (OWASP: check the nodes, not just the edges)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from vocrehab.api.actors import Actor
from vocrehab.api.assessments import Assessment
from vocrehab.api.base import Node
from vocrehab.api.benefits import BenefitPeriod
from vocrehab.api.cases import Case, CaseEvent
from vocrehab.api.consents import Consent
from vocrehab.api.context import Info
from vocrehab.api.documents import Document
from vocrehab.api.enums import StakeholderType
from vocrehab.api.interventions import Intervention
from vocrehab.api.loaders import field_path
from vocrehab.api.notes import CaseNote
from vocrehab.api.participants import Participant
from vocrehab.api.plans import Plan
from vocrehab.core.actors import actor_findable
from vocrehab.core.documents import document_visible
from vocrehab.core.errors import BadRequest
from vocrehab.core.ids import InvalidGlobalId, decode_global_id
from vocrehab.core.policy import CaseAccess, reads_participant_private, require_scope
from vocrehab.hooks.types import by_code
from vocrehab.hooks.vocabulary import DataCategory

__all__ = ["NodeQueries"]

MAX_NODES = 100


async def _case_child(
    info: Info, kind: str, row_id: uuid.UUID, scope: str, wrap: Callable[[Any], Node],
    allowed: Callable[[Any, CaseAccess], bool] = lambda _row, _access: True,
) -> Node | None:  # fmt: skip
    require_scope(info.context.principal, scope)
    row = await info.context.loaders.row(kind).load(row_id)
    if row is None:
        return None
    access = await info.context.loaders.case_access.load(row.case_id)
    if access is None or not allowed(row, access):
        return None
    return wrap(row)


async def _actor(info: Info, row_id: uuid.UUID) -> Node | None:
    principal = info.context.principal
    require_scope(principal, "actors:read")
    row = await info.context.loaders.row("actor", field_path(info)).load(row_id)
    if row is None:
        return None
    return Actor.of(row) if actor_findable(principal, row) else None


async def _participant(info: Info, row_id: uuid.UUID) -> Node | None:
    require_scope(info.context.principal, "participants:read")
    if await info.context.loaders.participant_access.load(row_id) is None:
        return None
    row = await info.context.loaders.row("participant", field_path(info)).load(row_id)
    return Participant.of(row) if row else None


async def _case(info: Info, row_id: uuid.UUID) -> Node | None:
    require_scope(info.context.principal, "cases:read")
    if await info.context.loaders.case_access.load(row_id) is None:
        return None
    row = await info.context.loaders.row("case", field_path(info)).load(row_id)
    return Case.of(row) if row else None


async def _consent(info: Info, row_id: uuid.UUID) -> Node | None:
    require_scope(info.context.principal, "consents:read")
    row = await info.context.loaders.row("consent", field_path(info)).load(row_id)
    if row is None or not reads_participant_private(info.context.principal, row.participant_id):
        return None
    return Consent.of(row)


async def _document(info: Info, row_id: uuid.UUID) -> Node | None:
    require_scope(info.context.principal, "documents:read")
    loaders = info.context.loaders
    row = await loaders.row("document", field_path(info)).load(row_id)
    if row is None:
        return None
    access = await loaders.case_access.load(row.case_id)
    if access is None:
        return None
    case = await loaders.row("case", field_path(info)).load(row.case_id)
    kind = by_code(
        info.context.host.jurisdiction(case.jurisdiction).document_kinds(), row.kind_code
    )
    return Document.of(row) if document_visible(row, kind, access, info.context.principal) else None


RESOLVERS: dict[str, Callable[[Info, uuid.UUID], Awaitable[Node | None]]] = {
    "Actor": _actor,
    "Participant": _participant,
    "Case": _case,
    "Consent": _consent,
    "Document": _document,
    "Plan": lambda i, r: _case_child(i, "plan", r, "plans:read", Plan.of),
    "Assessment": lambda i, r: _case_child(i, "assessment", r, "assessments:read", Assessment.of),
    "Intervention": lambda i, r: _case_child(
        i, "intervention", r, "interventions:read", Intervention.of
    ),
    "BenefitPeriod": lambda i, r: _case_child(
        i,
        "benefit",
        r,
        "benefits:read",
        BenefitPeriod.of,
        lambda _row, access: access.sees(DataCategory.BENEFITS),
    ),
    "CaseNote": lambda i, r: _case_child(
        i,
        "note",
        r,
        "notes:read",
        CaseNote.of,
        lambda row, access: access.reads_note(row.visible_mask),
    ),
    "CaseEvent": lambda i, r: _case_child(
        i,
        "event",
        r,
        "cases:read",
        CaseEvent.of,
        lambda row, access: access.sees_event(row.category),
    ),
}


async def resolve_node(info: Info, value: str) -> Node | None:
    try:
        type_name, row_id = decode_global_id(value)
    except InvalidGlobalId:
        return None
    return await RESOLVERS[type_name](info, row_id)


@strawberry.type(name="Viewer")
class Viewer:
    stakeholder_type: StakeholderType
    client_id: str
    scopes: list[str]

    @strawberry.field
    async def actor(self, info: Info) -> Actor | None:
        actor_id = info.context.principal.actor_id
        if actor_id is None:
            return None
        row = await info.context.loaders.row("actor", field_path(info)).load(actor_id)
        return Actor.of(row) if row else None

    @strawberry.field(description="Set when the viewer is a participant.")
    async def participant(self, info: Info) -> Participant | None:
        participant_id = info.context.principal.participant_id
        if participant_id is None:
            return None
        row = await info.context.loaders.row("participant", field_path(info)).load(participant_id)
        return Participant.of(row) if row else None


@strawberry.type
class NodeQueries:
    @strawberry.field(
        description="Any object by its ID; null when it does not exist or the viewer may not see it."
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)

    @strawberry.field(description=f"Objects by ID, in order (at most {MAX_NODES}).")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise BadRequest(f"at most {MAX_NODES} ids")
        return list(await asyncio.gather(*(resolve_node(info, value) for value in ids)))

    @strawberry.field(description="Who the bearer token belongs to.")
    def viewer(self, info: Info) -> Viewer:
        principal = info.context.principal
        return Viewer(
            stakeholder_type=principal.stakeholder_type,
            client_id=principal.client_id,
            scopes=sorted(principal.scopes),
        )
