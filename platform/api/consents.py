"""Consents in the schema: what a participant has chosen to share with whom."""

from __future__ import annotations

import datetime
import uuid

import strawberry

from vocrehab.api.actors import Actor, actor_by_id
from vocrehab.api.base import Connection, Edge, Node, UserError, connection, gid
from vocrehab.api.context import Info
from vocrehab.api.enums import DataCategory, StakeholderType
from vocrehab.api.mutations import run
from vocrehab.core import audit
from vocrehab.core import consents as core
from vocrehab.core.errors import Forbidden
from vocrehab.core.pagination import PageRequest
from vocrehab.core.policy import reads_participant_private
from vocrehab.db import models as m
from vocrehab.db.access_log import AccessLogRow

__all__ = ["AccessLogEntry", "Consent", "ConsentMutations", "access_log_of", "consents_of"]


@strawberry.type(name="Consent")
class Consent(Node):
    row: strawberry.Private[m.Consent]
    id: strawberry.ID
    categories: list[DataCategory]
    valid_from: datetime.date
    valid_to: datetime.date | None
    revoked_at: datetime.datetime | None

    @classmethod
    def of(cls, row: m.Consent) -> Consent:
        audit.record_participant(row.participant_id)
        return cls(
            row=row,
            id=gid("Consent", row.id),
            categories=[DataCategory(c) for c in row.categories],
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            revoked_at=row.revoked_at,
        )

    @strawberry.field
    async def grantee(self, info: Info) -> Actor:
        found = await actor_by_id(info, self.row.grantee_id)
        assert found is not None
        return found


async def consents_of(info: Info, participant: m.Participant) -> list[Consent]:
    """The participant's consents: only the participant and ADMIN read them."""
    if not reads_participant_private(info.context.principal, participant.id):
        return []
    rows = await info.context.loaders.children("consents").load(participant.id)
    return [Consent.of(row) for row in rows]


# ---------------------------------------------------------------------- consent mutations


@strawberry.input
class GrantConsentInput:
    participant_id: strawberry.ID
    grantee_id: strawberry.ID
    categories: list[DataCategory]
    valid_from: datetime.date | None = strawberry.field(default=None, description="Default: today.")
    valid_to: datetime.date | None = None


@strawberry.input
class RevokeConsentInput:
    id: strawberry.ID


@strawberry.type
class ConsentPayload:
    consent: Consent | None
    user_errors: list[UserError]


def _payload(row: m.Consent | None, errors: list[UserError]) -> ConsentPayload:
    return ConsentPayload(consent=Consent.of(row) if row else None, user_errors=errors)


@strawberry.type
class ConsentMutations:
    @strawberry.mutation(
        description="The participant lets a named actor see data categories for a period; never "
        "what AUTHZ marks as never (diagnoses to employers). Requires scope consents:write "
        "(the PARTICIPANT themselves, ADMIN)."
    )
    async def grant_consent(self, info: Info, input: GrantConsentInput) -> ConsentPayload:
        cmd = core.GrantConsent(
            participant_id=input.participant_id,
            grantee_id=input.grantee_id,
            categories=input.categories,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
        )
        return _payload(*await run(info, lambda work: core.grant_consent(work, cmd)))

    @strawberry.mutation(
        description="Ends a consent now. Requires scope consents:write (the PARTICIPANT, ADMIN)."
    )
    async def revoke_consent(self, info: Info, input: RevokeConsentInput) -> ConsentPayload:
        return _payload(*await run(info, lambda work: core.revoke_consent(work, input.id)))


# ---------------------------------------------------------------------- the access log


@strawberry.type(name="AccessLogEntry")
class AccessLogEntry:
    row: strawberry.Private[AccessLogRow]
    at: datetime.datetime
    client_id: str
    stakeholder_type: StakeholderType
    operation: str
    categories: list[DataCategory]

    @classmethod
    def of(cls, row: AccessLogRow) -> AccessLogEntry:
        return cls(
            row=row,
            at=row.at,
            client_id=row.client_id,
            stakeholder_type=row.stakeholder_type,
            operation=row.operation,
            categories=[DataCategory(c) for c in row.categories],
        )

    @strawberry.field
    async def actor(self, info: Info) -> Actor | None:
        return await actor_by_id(info, self.row.actor_id)


@strawberry.type(name="AccessLogEdge")
class AccessLogEdge(Edge[AccessLogEntry]):
    pass


@strawberry.type(name="AccessLogConnection")
class AccessLogConnection(Connection[AccessLogEntry]):
    edges: list[AccessLogEdge]  # type: ignore[assignment]  # the API names this edge type


async def access_log_of(
    info: Info, participant_id: uuid.UUID, first: int | None, after: str | None
) -> AccessLogConnection:
    if not reads_participant_private(info.context.principal, participant_id):
        raise Forbidden(None, "only the participant and ADMIN read the access log")
    page = await audit.access_log_page(
        info.context.db.session, participant_id, PageRequest.of(first, after)
    )
    return connection(  # type: ignore[return-value]  # built as the AccessLogConnection passed in
        page.items,
        page.cursors,
        page.has_next,
        page.has_previous,
        page.count,
        AccessLogEntry.of,
        AccessLogConnection,
        AccessLogEdge,
    )
