"""Who is calling: the facts a validated access token establishes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime

from vocrehab.hooks.vocabulary import StakeholderType

__all__ = ["Principal"]


@dataclass(frozen=True)
class Principal:
    subject: str
    client_id: str
    stakeholder_type: StakeholderType
    scopes: frozenset[str]
    actor_id: uuid.UUID | None = None
    participant_id: uuid.UUID | None = None
    organisation_id: uuid.UUID | None = None
    """The organisation the actor acts for, resolved per request (not a token claim)."""
    token_id: str | None = None
    expires_at: datetime | None = None
    """When the token stops being valid (long-lived subscriptions end then)."""
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.stakeholder_type is StakeholderType.ADMIN

    @property
    def acting_ids(self) -> tuple[uuid.UUID, ...]:
        """The actor and the organisation it acts for: team membership of either counts."""
        return tuple(i for i in (self.actor_id, self.organisation_id) if i is not None)

    @property
    def is_machine(self) -> bool:
        """A machine client's token (client credentials: `sub` is the client itself)."""
        return self.subject == self.client_id and self.participant_id is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes

    def with_organisation(self, organisation_id: uuid.UUID | None) -> Principal:
        return replace(self, organisation_id=organisation_id)
