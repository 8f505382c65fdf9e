"""Consents in the schema: what a participant has chosen to share with whom."""

from __future__ import annotations

import datetime

import strawberry

from vocrehab.api.actors import Actor, actor_by_id
from vocrehab.api.base import Node, gid
from vocrehab.api.context import Info
from vocrehab.api.enums import DataCategory
from vocrehab.db import models as m

__all__ = ["Consent", "consents_of"]


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


def may_read_consents(info: Info, participant_id: object) -> bool:
    principal = info.context.principal
    return principal.is_admin or principal.participant_id == participant_id


async def consents_of(info: Info, participant: m.Participant) -> list[Consent]:
    """The participant's consents: only the participant and ADMIN read them."""
    if not may_read_consents(info, participant.id):
        return []
    rows = await info.context.loaders.children("consents").load(participant.id)
    return [Consent.of(row) for row in rows]
