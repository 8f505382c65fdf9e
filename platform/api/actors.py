"""Actors in the schema: the Actor type, the directory query, createActor."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from vocrehab.api.base import (
    After,
    Before,
    Connection,
    Count,
    First,
    Last,
    Node,
    Payload,
    connection,
    maker,
    object_id,
)
from vocrehab.api.context import Context, Info
from vocrehab.api.enums import ActorKind, StakeholderType
from vocrehab.api.ids import id_of, optional_row_id
from vocrehab.api.mutations import run
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core import actors as core
from vocrehab.core import reads
from vocrehab.core.pagination import PageRequest
from vocrehab.hooks.categories import ALL_CATEGORIES

if TYPE_CHECKING:
    from vocrehab.api.jurisdictions import Jurisdiction

__all__ = ["Actor", "ActorMutations", "ActorQueries", "actors_by_id", "present_actor"]

JurisdictionT = Annotated["Jurisdiction", strawberry.lazy("vocrehab.api.jurisdictions")]


async def _organisations(batch: Batch[Actor]) -> list[Actor | None]:
    found = await actors_by_id(batch.ctx, [a._row.organisation_id for a in batch.parents])
    return [found.get(a._row.organisation_id) for a in batch.parents]


async def _jurisdictions(batch: Batch[Actor]) -> list[JurisdictionT | None]:
    from vocrehab.api.jurisdictions import jurisdiction_of

    host = batch.ctx.host
    return [
        jurisdiction_of(batch.ctx, a._row.jurisdiction)
        if a._row.jurisdiction is not None and host.has(a._row.jurisdiction)
        else None
        for a in batch.parents
    ]


@strawberry.type(
    name="Actor",
    description="A person or an organisation that works on cases: an employer, a clinic, an "
    "insurance office, a provider. Requires scope actors:read.",
)
class Actor(Planned, Node):
    _row: strawberry.Private[Any]
    id: strawberry.ID = strawberry.field(description="The actor's global ID.")
    kind: ActorKind = strawberry.field(description="A person or an organisation.")
    stakeholder_type: StakeholderType = strawberry.field(
        description="The kind of stakeholder the actor is (CASE_MANAGER, EMPLOYER, ...)."
    )
    name: str = strawberry.field(description="The person's or organisation's name.")
    organisation_number: str | None = strawberry.field(
        description="Organisation number (orgnr / organisasjonsnummer), validated by the "
        "jurisdiction plugin when one is given."
    )
    email: str | None = strawberry.field(description="A work e-mail address.")
    organisation: Actor | None = relation(
        _organisations,
        returns=Annotated["Actor", strawberry.lazy("vocrehab.api.actors")] | None,
        description="For a PERSON: the organisation they act for.",
    )
    jurisdiction: JurisdictionT | None = relation(
        _jurisdictions,
        returns=JurisdictionT | None,
        description="The jurisdiction whose rules validated its organisation number, if any.",
    )


_make_actor = maker(Actor)


def present_actor(ctx: Context, row: Any) -> Actor | None:
    """An actor from its row (or the `a__*` columns of a joined row)."""
    if row is None or row.id is None:
        return None
    return _make_actor(
        _row=row,
        id=object_id(ctx, "Actor", row.id),
        kind=row.kind,
        stakeholder_type=row.stakeholder_type,
        name=row.name,
        organisation_number=row.organisation_number,
        email=row.email,
        _visible=ALL_CATEGORIES,
    )


async def actors_by_id(ctx: Context, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, Actor]:
    """Actors reached through a visible object (a team, an author, an approval)."""
    rows = await reads.actors(ctx.db, [i for i in ids if i is not None])
    return {i: a for i, row in rows.items() if (a := present_actor(ctx, row)) is not None}


@strawberry.input(description="Narrows the directory of actors; every condition given must hold.")
class ActorFilter:
    stakeholder_type: StakeholderType | None = strawberry.field(
        default=None, description="Only actors of this stakeholder type."
    )
    kind: ActorKind | None = strawberry.field(
        default=None, description="Only persons, or only organisations."
    )
    search: str | None = strawberry.field(
        default=None, description="Part of the name, case-insensitive."
    )
    jurisdiction: str | None = strawberry.field(
        default=None, description="Only actors of this jurisdiction (its code)."
    )


@strawberry.input(description="A new actor: a professional or an organisation.")
class CreateActorInput:
    kind: ActorKind = strawberry.field(description="A person or an organisation.")
    stakeholder_type: StakeholderType = strawberry.field(
        description="What kind of stakeholder it is (not PARTICIPANT: register participants instead)."
    )
    name: str = strawberry.field(description="The person's or organisation's name.")
    organisation_id: strawberry.ID | None = id_of(
        "Actor", default=None, description="For a person: the organisation they act for."
    )
    organisation_number: str | None = strawberry.field(
        default=None,
        description="The organisation number, validated by the jurisdiction (needs jurisdiction).",
    )
    jurisdiction: str | None = strawberry.field(
        default=None, description="The jurisdiction code that validates the organisation number."
    )
    email: str | None = strawberry.field(default=None, description="A work e-mail address.")


async def _created(batch: Batch[ActorPayload]) -> list[Actor | None]:
    found = await actors_by_id(batch.ctx, [p._changed for p in batch.parents])
    return [found.get(p._changed) if p._changed else None for p in batch.parents]


@strawberry.type(description="The result of createActor.")
class ActorPayload(Payload):
    actor: Actor | None = relation(
        _created,
        returns=Actor | None,
        description="The new actor; null when userErrors say why not.",
    )


@strawberry.type
class ActorQueries:
    @strawberry.field(description="The directory of actors. Requires scope actors:read.")
    async def actors(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            ActorFilter | None, strawberry.argument(description="Only the actors that match.")
        ] = None,
    ) -> Connection[Actor] | None:
        flt = filter or ActorFilter()
        ctx = info.context
        page = await core.list_actors(
            ctx.db,
            ctx.principal,
            core.ActorFilter(flt.stakeholder_type, flt.kind, flt.search, flt.jurisdiction),
            PageRequest.of(first, after, last, before),
        )
        shown = [
            (present_actor(ctx, row), c) for row, c in zip(page.items, page.cursors, strict=True)
        ]
        return connection(
            [actor for actor, _ in shown if actor is not None],
            [cursor for actor, cursor in shown if actor is not None],
            page.has_next,
            page.has_previous,
            Count.of_page(page),
        )


@strawberry.type
class ActorMutations:
    @strawberry.mutation(description="Requires scope actors:write (ADMIN).")
    async def create_actor(self, info: Info, input: CreateActorInput) -> ActorPayload:
        cmd = core.CreateActor(
            kind=input.kind,
            stakeholder_type=input.stakeholder_type,
            name=input.name,
            organisation_id=optional_row_id(input.organisation_id),
            organisation_number=input.organisation_number,
            jurisdiction=input.jurisdiction,
            email=input.email,
        )
        actor, errors = await run(info, lambda work: core.create_actor(work, cmd))
        return ActorPayload(_changed=actor.id if actor else None, user_errors=errors)
