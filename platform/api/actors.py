"""Actors in the schema: the Actor type, the directory query, createActor."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry

from vocrehab.api.base import Connection, Node, UserError, connection, gid, requires
from vocrehab.api.context import Info
from vocrehab.api.enums import ActorKind, StakeholderType
from vocrehab.api.loaders import field_path
from vocrehab.api.mutations import run
from vocrehab.core import actors as core
from vocrehab.core.pagination import PageRequest
from vocrehab.db import models as m

if TYPE_CHECKING:
    from vocrehab.api.jurisdictions import Jurisdiction

__all__ = ["Actor", "ActorMutations", "ActorQueries"]

JurisdictionT = Annotated["Jurisdiction", strawberry.lazy("vocrehab.api.jurisdictions")]


@strawberry.type(name="Actor")
class Actor(Node):
    row: strawberry.Private[m.Actor]
    id: strawberry.ID
    kind: ActorKind
    stakeholder_type: StakeholderType
    name: str
    organisation_number: str | None = strawberry.field(
        description="Organisation number (orgnr / organisasjonsnummer), validated by the "
        "jurisdiction plugin when one is given."
    )
    email: str | None

    @classmethod
    def of(cls, row: m.Actor) -> Actor:
        return cls(
            row=row,
            id=gid("Actor", row.id),
            kind=row.kind,
            stakeholder_type=row.stakeholder_type,
            name=row.name,
            organisation_number=row.organisation_number,
            email=row.email,
        )

    @strawberry.field(description="For a PERSON: the organisation they act for.")
    async def organisation(self, info: Info) -> Actor | None:
        if self.row.organisation_id is None:
            return None
        row = await info.context.loaders.row("actor", field_path(info)).load(
            self.row.organisation_id
        )
        return Actor.of(row) if row else None

    @strawberry.field
    def jurisdiction(self, info: Info) -> JurisdictionT | None:
        from vocrehab.api.jurisdictions import Jurisdiction

        code = self.row.jurisdiction
        if code is None or not info.context.host.has(code):
            return None
        return Jurisdiction.of(info.context.host, code)


async def actor_by_id(info: Info, actor_id: uuid.UUID | None) -> Actor | None:
    """An actor reached through a visible object (a team, an author, an approval)."""
    if actor_id is None:
        return None
    row = await info.context.loaders.row("actor", field_path(info)).load(actor_id)
    return Actor.of(row) if row else None


@strawberry.input
class ActorFilter:
    stakeholder_type: StakeholderType | None = None
    kind: ActorKind | None = None
    search: str | None = None
    jurisdiction: str | None = None


@strawberry.input
class CreateActorInput:
    kind: ActorKind
    stakeholder_type: StakeholderType
    name: str
    organisation_id: strawberry.ID | None = None
    organisation_number: str | None = None
    jurisdiction: str | None = None
    email: str | None = None


@strawberry.type
class ActorPayload:
    actor: Actor | None
    user_errors: list[UserError]


@strawberry.type
class ActorQueries:
    @strawberry.field(
        description="The directory of actors. Requires scope actors:read.",
        extensions=requires("actors:read"),
    )
    async def actors(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: ActorFilter | None = None,
    ) -> Connection[Actor]:
        flt = filter or ActorFilter()
        page = await core.list_actors(
            info.context.db.session,
            info.context.principal,
            core.ActorFilter(flt.stakeholder_type, flt.kind, flt.search, flt.jurisdiction),
            PageRequest.of(first, after),
        )
        return connection(
            page.items, page.cursors, page.has_next, page.has_previous, page.count, Actor.of
        )


@strawberry.type
class ActorMutations:
    @strawberry.mutation(description="Requires scope actors:write (ADMIN).")
    async def create_actor(self, info: Info, input: CreateActorInput) -> ActorPayload:
        cmd = core.CreateActor(
            kind=input.kind,
            stakeholder_type=input.stakeholder_type,
            name=input.name,
            organisation_id=input.organisation_id,
            organisation_number=input.organisation_number,
            jurisdiction=input.jurisdiction,
            email=input.email,
        )
        actor, errors = await run(info, lambda work: core.create_actor(work, cmd))
        return ActorPayload(actor=Actor.of(actor) if actor else None, user_errors=errors)
