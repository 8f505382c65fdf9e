"""`node`, `nodes` and `viewer`: any object by its global ID, under the same access
as every list (OWASP: check the nodes, not just the edges). The type's scope
(api.access) is required whichever way an object is reached."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

import strawberry

from vocrehab.api.access import Forbidden
from vocrehab.api.actors import Actor, present_actor
from vocrehab.api.assessments import present_assessment
from vocrehab.api.base import Node
from vocrehab.api.benefits import _if_seen as present_benefit_if_seen
from vocrehab.api.cases import case_children, cases_by_id
from vocrehab.api.consents import consent_readable, present_consent
from vocrehab.api.context import Context, Info
from vocrehab.api.documents import present_document
from vocrehab.api.enums import StakeholderType
from vocrehab.api.ids import decode_any
from vocrehab.api.interventions import present_intervention
from vocrehab.api.meetings import present_meeting
from vocrehab.api.notes import present_note
from vocrehab.api.participants import Participant, participants_by_id
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.api.plans import present_plan
from vocrehab.api.timeline import present_event
from vocrehab.core import reads
from vocrehab.core.errors import BadRequest
from vocrehab.db import models as m

__all__ = ["NodeQueries"]

MAX_NODES = 100

Loader = Callable[[Context, Sequence[uuid.UUID]], Awaitable[dict[uuid.UUID, Any]]]


async def _actors(ctx: Context, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    rows = await reads.findable_actors(ctx.db, ctx.principal, ids)
    return {i: present_actor(ctx, row) for i, row in rows.items()}


async def _consents(ctx: Context, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    rows = await reads.rows_by_id(ctx.db, m.Consent.__table__, ids)
    return {
        i: present_consent(ctx, None, row) for i, row in rows.items() if consent_readable(ctx, row)
    }


def _children(table: Any, present_one: Callable[..., Any]) -> Loader:
    async def load(ctx: Context, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
        return await case_children(ctx, table, ids, present_one)

    return load


LOADERS: dict[str, Loader] = {
    "Actor": _actors,
    "Participant": participants_by_id,  # type: ignore[dict-item]
    "Case": cases_by_id,  # type: ignore[dict-item]
    "Consent": _consents,
    "Plan": _children(m.Plan.__table__, lambda ctx, c, r: present_plan(ctx, c, r, None)),
    "Assessment": _children(m.Assessment.__table__, present_assessment),
    "Intervention": _children(m.Intervention.__table__, present_intervention),
    "BenefitPeriod": _children(m.BenefitPeriod.__table__, present_benefit_if_seen),
    "CaseNote": _children(m.CaseNote.__table__, present_note),
    "CaseEvent": _children(m.CaseEvent.__table__, present_event),
    "Document": _children(m.Document.__table__, present_document),
    "Meeting": _children(m.Meeting.__table__, present_meeting),
}


async def load_nodes(
    ctx: Context, values: Sequence[str], paths: Sequence[tuple[str, ...]]
) -> list[Any]:
    """The objects the ids name, in order: None where there is none the reader may see,
    a Forbidden where the token lacks the type's scope. A malformed id is a client error
    naming its path (`paths`, one per value)."""
    wanted: dict[str, list[uuid.UUID]] = defaultdict(list)
    decoded = []
    for value, path in zip(values, paths, strict=True):
        type_name, row_id = decode_any(value, path)
        decoded.append((type_name, row_id))
        wanted[type_name].append(row_id)
    found: dict[tuple[str, uuid.UUID], Any] = {}
    for type_name, ids in wanted.items():
        scope = ctx.rules.of(type_name).scope
        if scope is not None and not ctx.principal.has_scope(scope):
            found.update({(type_name, i): Forbidden(scope) for i in ids})
            continue
        loaded = await LOADERS[type_name](ctx, ids)
        found.update({(type_name, i): obj for i, obj in loaded.items()})
    return [found.get(key) for key in decoded]


async def _viewer_actor(batch: Batch[Viewer]) -> list[Actor | None]:
    from vocrehab.api.actors import actors_by_id

    actor_id = batch.ctx.principal.actor_id
    found = await actors_by_id(batch.ctx, [actor_id] if actor_id else [])
    return [found.get(actor_id) if actor_id else None for _ in batch.parents]


async def _viewer_participant(batch: Batch[Viewer]) -> list[Participant | None]:
    participant_id = batch.ctx.principal.participant_id
    found = await participants_by_id(batch.ctx, [participant_id] if participant_id else [])
    return [found.get(participant_id) if participant_id else None for _ in batch.parents]


@strawberry.type(name="Viewer", description="Who the bearer token belongs to.")
class Viewer(Planned):
    stakeholder_type: StakeholderType = strawberry.field(
        description="The kind of stakeholder the token acts as."
    )
    client_id: str = strawberry.field(description="The OAuth client the token was issued to.")
    scopes: list[str] = strawberry.field(description="The token's scopes.")
    actor: Actor | None = relation(
        _viewer_actor, returns=Actor | None, description="Requires scope actors:read."
    )
    participant: Participant | None = relation(
        _viewer_participant,
        returns=Participant | None,
        description="Set when the viewer is a participant. Requires scope participants:read.",
    )


@strawberry.type
class NodeQueries:
    @strawberry.field(
        description="Any object by its ID; null when it does not exist or the viewer may not "
        "see it. A string that is not an ID is BAD_USER_INPUT."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The object's ID.")],
    ) -> Node | None:
        (found,) = await load_nodes(info.context, [id], [("id",)])
        if isinstance(found, Exception):
            raise found
        return found  # type: ignore[no-any-return]

    @strawberry.field(description=f"Objects by ID, in order (at most {MAX_NODES}).")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="The objects' IDs.")],
    ) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise BadRequest(f"at most {MAX_NODES} ids")
        found = await load_nodes(info.context, ids, [("ids", str(i)) for i in range(len(ids))])
        return [None if isinstance(obj, Exception) else obj for obj in found]

    @strawberry.field(description="Who the bearer token belongs to.")
    def viewer(self, info: Info) -> Viewer:
        principal = info.context.principal
        return Viewer(
            stakeholder_type=principal.stakeholder_type,
            client_id=principal.client_id,
            scopes=sorted(principal.scopes),
        )
