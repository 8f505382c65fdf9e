"""Consents and the access log in the schema: what a participant has chosen to
share with whom, and who has read their data. Both are the participant's own."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import strawberry

from vocrehab.api.actors import Actor, actors_by_id
from vocrehab.api.base import Connection, Count, Edge, Node, Payload, connection, object_id, present
from vocrehab.api.context import Context, Info
from vocrehab.api.enums import DataCategory, StakeholderType
from vocrehab.api.ids import id_of, row_id
from vocrehab.api.mutations import run
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core import audit, reads
from vocrehab.core import consents as core
from vocrehab.core.errors import Forbidden
from vocrehab.core.pagination import PageRequest
from vocrehab.db import models as m

if TYPE_CHECKING:
    from vocrehab.api.participants import Participant

__all__ = [
    "AccessLogConnection",
    "AccessLogEntry",
    "Consent",
    "ConsentMutations",
    "access_logs",
    "present_consent",
]


async def _grantees(batch: Batch[Consent]) -> list[Actor | None]:
    found = await actors_by_id(batch.ctx, [c._row.grantee_id for c in batch.parents])
    return [found.get(c._row.grantee_id) for c in batch.parents]


@strawberry.type(
    name="Consent",
    description="The participant lets a named actor see data categories for a period. "
    "Visible to the participant and ADMIN; requires scope consents:read.",
)
class Consent(Planned, Node):
    _row: strawberry.Private[Any]
    id: strawberry.ID = strawberry.field(description="The consent's global ID.")
    categories: list[DataCategory] = strawberry.field(description="The data categories it grants.")
    valid_from: datetime.date = strawberry.field(description="The first day it applies.")
    valid_to: datetime.date | None = strawberry.field(
        description="The last day it applies; null until revoked."
    )
    revoked_at: datetime.datetime | None = strawberry.field(
        description="When the participant revoked it; null while in force."
    )
    grantee: Actor | None = relation(
        _grantees,
        returns=Actor | None,
        description="Who it is granted to (a person, or everyone acting for an organisation).",
    )


def present_consent(ctx: Context, person: Participant | None, row: Any) -> Consent:
    return present(
        ctx,
        Consent,
        row.participant_id,
        person._visible if person is not None else frozenset(DataCategory),
        _row=row,
        id=object_id(ctx, "Consent", row.id),
        categories=[DataCategory(c) for c in row.categories],
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        revoked_at=row.revoked_at,
    )


def consent_readable(ctx: Context, row: Any) -> bool:
    """Consents are the participant's own (and ADMIN's) to read."""
    return ctx.principal.is_admin or ctx.principal.participant_id == row.participant_id


# ---------------------------------------------------------------------- consent mutations


@strawberry.input(
    description="A participant's consent for a grantee to see categories of their data."
)
class GrantConsentInput:
    participant_id: strawberry.ID = id_of("Participant", description="Whose data.")
    grantee_id: strawberry.ID = id_of("Actor", description="Who may see it (an actor).")
    categories: list[DataCategory] = strawberry.field(description="Which data categories.")
    valid_from: datetime.date | None = strawberry.field(default=None, description="Default: today.")
    valid_to: datetime.date | None = strawberry.field(
        default=None, description="The last day it applies; leave it out for until revoked."
    )


@strawberry.input(description="Revoking a consent.")
class RevokeConsentInput:
    id: strawberry.ID = id_of("Consent", description="The consent.")


async def _changed(batch: Batch[ConsentPayload]) -> list[Consent | None]:
    ctx = batch.ctx
    rows = await reads.rows_by_id(
        ctx.db, m.Consent.__table__, [p._changed for p in batch.parents if p._changed]
    )
    found = {
        i: present_consent(ctx, None, row) for i, row in rows.items() if consent_readable(ctx, row)
    }
    return [found.get(p._changed) if p._changed else None for p in batch.parents]


@strawberry.type(description="The result of grantConsent and revokeConsent.")
class ConsentPayload(Payload):
    consent: Consent | None = relation(
        _changed,
        returns=Consent | None,
        description="The consent; null when userErrors say why not.",
    )


def _payload(row: Any, errors: list[Any]) -> ConsentPayload:
    return ConsentPayload(_changed=row.id if row is not None else None, user_errors=errors)


@strawberry.type
class ConsentMutations:
    @strawberry.mutation(
        description="The participant lets a named actor see data categories for a period; never "
        "what AUTHZ marks as never (diagnoses to employers). Requires scope consents:write "
        "(the PARTICIPANT themselves, ADMIN)."
    )
    async def grant_consent(self, info: Info, input: GrantConsentInput) -> ConsentPayload:
        cmd = core.GrantConsent(
            participant_id=row_id(input.participant_id),
            grantee_id=row_id(input.grantee_id),
            categories=input.categories,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
        )
        return _payload(*await run(info, lambda work: core.grant_consent(work, cmd)))

    @strawberry.mutation(
        description="Ends a consent now. Requires scope consents:write (the PARTICIPANT, ADMIN)."
    )
    async def revoke_consent(self, info: Info, input: RevokeConsentInput) -> ConsentPayload:
        consent_id = row_id(input.id)
        return _payload(
            *await run(
                info,
                lambda work: core.revoke_consent(work, consent_id),
                fields={"consent_id": "id"},
            )
        )


# ---------------------------------------------------------------------- the access log


async def _log_actors(batch: Batch[AccessLogEntry]) -> list[Actor | None]:
    found = await actors_by_id(batch.ctx, [e._row.actor_id for e in batch.parents])
    return [found.get(e._row.actor_id) for e in batch.parents]


@strawberry.type(name="AccessLogEntry", description="One read or change of a participant's data.")
class AccessLogEntry(Planned):
    _row: strawberry.Private[Any]
    at: datetime.datetime = strawberry.field(description="When it was read or changed.")
    client_id: str = strawberry.field(description="The OAuth client that did it.")
    stakeholder_type: StakeholderType = strawberry.field(description="As which stakeholder type.")
    operation: str = strawberry.field(description="The GraphQL operation, or a document download.")
    categories: list[DataCategory] = strawberry.field(
        description="The data categories it showed or changed."
    )
    actor: Actor | None = relation(
        _log_actors,
        returns=Actor | None,
        description="Who did it, when known. Requires scope actors:read.",
    )


@strawberry.type(name="AccessLogEdge", description="An entry of the access log, with its cursor.")
class AccessLogEdge(Edge[AccessLogEntry]):
    pass


@strawberry.type(name="AccessLogConnection", description="A page of a participant's access log.")
class AccessLogConnection(Connection[AccessLogEntry]):
    edges: list[AccessLogEdge] = strawberry.field(  # type: ignore[assignment]  # the API names this edge type
        description="The entries of this page, newest first."
    )


def _entry(ctx: Context, row: Any) -> AccessLogEntry:
    return present(
        ctx,
        AccessLogEntry,
        row.participant_id,
        frozenset(DataCategory),
        _row=row,
        at=row.at,
        client_id=row.client_id,
        stakeholder_type=row.stakeholder_type,
        operation=row.operation,
        categories=[DataCategory(c) for c in row.categories],
    )


async def access_logs(
    ctx: Context,
    people: Sequence[Participant],
    private: Callable[[Context, Participant], bool],
    request: PageRequest,
) -> list[Any]:
    """Each participant's log, newest first; refused (FORBIDDEN) to anyone but themselves
    and ADMIN."""
    out: list[Any] = []
    for person in people:
        if not private(ctx, person):
            out.append(Forbidden(None, "only the participant and ADMIN read the access log"))
            continue
        page = await audit.access_log_page(ctx.db, person._row.id, request)
        out.append(
            connection(
                [_entry(ctx, row) for row in page.items],
                page.cursors,
                page.has_next,
                page.has_previous,
                Count.of_page(page),
                AccessLogConnection,
                AccessLogEdge,
            )
        )
    return out
