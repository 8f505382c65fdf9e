"""The tables of integrations: the transactional outbox, webhook subscriptions and
their deliveries, and the stored results of idempotent mutations.

Kept apart from `models` (the case record) because none of them is participant
data of its own: they point at case events, which carry the categories.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from vocrehab.db.base import Base, JSONType, UTCDateTime, new_id, utcnow
from vocrehab.hooks.vocabulary import StakeholderType

__all__ = [
    "DeliveryStatus",
    "IdempotencyKey",
    "OutboxMessage",
    "SubscriptionStatus",
    "WebhookDelivery",
    "WebhookSubscription",
]

# An integer that autoincrements on both backends (SQLite only for INTEGER PRIMARY KEY).
Sequence = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _enum(enum_cls: type) -> sa.Enum:
    return sa.Enum(enum_cls, native_enum=False, length=32, validate_strings=True)


class SubscriptionStatus(StrEnum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    """Paused by its owner: nothing is queued for it until it is resumed."""
    DISABLED = "DISABLED"
    """Disabled by the platform after repeated failure; its owner re-enables it."""


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    DEAD = "DEAD"
    """Dead-lettered: every attempt of the retry period failed (redeliver to try again)."""


class OutboxMessage(Base):
    """A committed change on its way out of the process, written in the change's own
    transaction. The dispatcher fans it out (plugins, subscribers, webhooks) at
    least once and marks it dispatched; rows of one case go out in `id` order."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(Sequence, primary_key=True, autoincrement=True)
    # No foreign key: the unit of work inserts rows of unrelated mappers in any
    # order, and the row is written in the same flush as its event.
    event_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    kind: Mapped[str] = mapped_column(sa.String(64))
    event: Mapped[dict[str, Any]] = mapped_column(JSONType)
    """The event as plugins receive it (`CaseEventInfo`), serialised."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """A dispatcher's lease: another one takes the row over only after it runs out."""
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.Index(
            "ix_outbox_messages_pending",
            "case_id",
            "id",
            postgresql_where=sa.text("dispatched_at IS NULL"),
            sqlite_where=sa.text("dispatched_at IS NULL"),
        ),
        sa.Index("ix_outbox_messages_dispatched_at", "dispatched_at"),
    )


class WebhookSubscription(Base):
    """Where a machine client (or an admin) wants a case's events sent, signed.

    The owner is the OAuth client and the actor it acts for; deliveries are
    reads by that principal, with the scopes it had when it subscribed, narrowed
    to what its client holds at delivery time.
    """

    __tablename__ = "webhook_subscriptions"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    client_id: Mapped[str] = mapped_column(sa.String(64))
    subject: Mapped[str] = mapped_column(sa.String(200))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("actors.id"))
    stakeholder_type: Mapped[StakeholderType] = mapped_column(_enum(StakeholderType))
    scopes: Mapped[list[str]] = mapped_column(JSONType)
    url: Mapped[str] = mapped_column(sa.String(2000))
    event_types: Mapped[list[str]] = mapped_column(JSONType)
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    fields: Mapped[str | None] = mapped_column(sa.Text)
    """A GraphQL selection on CaseEvent, resolved under the owner's access per event."""
    secret: Mapped[str] = mapped_column(sa.String(100))
    previous_secret: Mapped[str | None] = mapped_column(sa.String(100))
    previous_secret_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[SubscriptionStatus] = mapped_column(_enum(SubscriptionStatus))
    disabled_reason: Mapped[str | None] = mapped_column(sa.String(500))
    dead_letters: Mapped[int] = mapped_column(sa.Integer, default=0)
    """Messages dead-lettered in a row (a success resets it)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_webhook_subscriptions_client_id", "client_id"),)


class WebhookDelivery(Base):
    """One message to one subscription and its attempts: the delivery log.

    Messages of one subscription and case are sent one after the other, in
    `id` order: a later one waits while an earlier one is still pending.
    """

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(Sequence, primary_key=True, autoincrement=True)
    uid: Mapped[uuid.UUID] = mapped_column(sa.Uuid, unique=True, default=new_id)
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    message_id: Mapped[str] = mapped_column(sa.String(64))
    """`webhook-id`: the same on every attempt and redelivery of one message."""
    event_type: Mapped[str] = mapped_column(sa.String(64))
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    event_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    body: Mapped[str | None] = mapped_column(sa.Text)
    """The exact JSON that is signed and sent; None until the payload is built (a
    read by the subscriber, under its access, just before the first attempt)."""
    status: Mapped[DeliveryStatus] = mapped_column(_enum(DeliveryStatus))
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_status: Mapped[int | None] = mapped_column(sa.Integer)
    duration_ms: Mapped[int | None] = mapped_column(sa.Integer)
    error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.Index(
            "ix_webhook_deliveries_pending",
            "subscription_id",
            "case_id",
            "id",
            postgresql_where=sa.text("status = 'PENDING'"),
            sqlite_where=sa.text("status = 'PENDING'"),
        ),
        sa.Index("ix_webhook_deliveries_subscription_id_id", "subscription_id", "id"),
    )


class IdempotencyKey(Base):
    """The first result of a mutation request sent with an `Idempotency-Key`, per
    principal and key, kept for a period: a retry gets it back instead of a rerun."""

    __tablename__ = "idempotency_keys"

    owner: Mapped[str] = mapped_column(sa.String(300), primary_key=True)
    """The principal: client id and subject."""
    key: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    response: Mapped[str | None] = mapped_column(sa.Text)
    """None while the first request runs (or if it stopped before it answered)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (sa.Index("ix_idempotency_keys_expires_at", "expires_at"),)
