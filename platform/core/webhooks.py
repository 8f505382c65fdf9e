"""Webhook subscriptions: who wants which case events sent where, and the
delivery log (signing and sending: `vocrehab.integrations.webhooks`).

A subscription belongs to the machine client (and its actor) that made it, or
to an ADMIN; its deliveries are reads by that principal (AUTHZ.md): the payload
is built under its access when it is sent, and an event it may not see is not
sent at all.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa

from vocrehab.core import access
from vocrehab.core.digest import DIGEST_EVENT
from vocrehab.core.errors import DomainError, Problem, invalid_input, not_found
from vocrehab.core.event_kinds import WEBHOOK_NAMESPACE
from vocrehab.core.pagination import Page, PageRequest, SortKey, keyset_page
from vocrehab.core.policy import manages_webhooks, own_webhooks, reads_webhooks
from vocrehab.core.principal import Principal
from vocrehab.core.webhook_urls import UrlPolicy
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.db.integrations import DeliveryStatus, SubscriptionStatus

__all__ = [
    "ALL_EVENTS",
    "SECRET_GRACE",
    "CreateSubscription",
    "UpdateSubscription",
    "create_subscription",
    "delete_subscription",
    "deliveries_page",
    "new_secret",
    "redeliver",
    "replay",
    "rotate_secret",
    "send_test",
    "set_status",
    "subscriptions_page",
    "update_subscription",
]

ALL_EVENTS = "*"
TEST_EVENT = f"{WEBHOOK_NAMESPACE}.test"
DISABLED_EVENT = f"{WEBHOOK_NAMESPACE}.subscription.disabled"
PLATFORM_EVENTS = (TEST_EVENT, DISABLED_EVENT, DIGEST_EVENT)
"""Events that are no case event: about the subscriptions themselves, and the daily
digest (read as the subscriber when sent)."""
SECRET_GRACE = timedelta(hours=24)
"""After a rotation, messages are signed with the old secret too for this long."""
MAX_EVENT_TYPES = 100
MAX_REPLAY = 10_000


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _checked_secret(value: str | None, field: tuple[str, ...]) -> str:
    if value is None:
        return new_secret()
    raw = value.removeprefix("whsec_")
    try:
        key = base64.b64decode(raw, validate=True)
    except ValueError:
        raise invalid_input("a secret is whsec_ and base64", field) from None
    if not 24 <= len(key) <= 64:
        raise invalid_input("a secret holds 24 to 64 random bytes", field)
    return "whsec_" + raw


@dataclass(frozen=True)
class CreateSubscription:
    url: str
    event_types: Sequence[str]
    case_id: uuid.UUID | None = None
    fields: str | None = None
    """Already validated by the API as a selection on CaseEvent."""
    secret: str | None = None


@dataclass(frozen=True)
class UpdateSubscription:
    id: uuid.UUID
    url: str | None = None
    event_types: Sequence[str] | None = None
    case_id: uuid.UUID | None = None
    clear_case: bool = False
    fields: str | None = None
    clear_fields: bool = False


def _event_types(values: Sequence[str], catalogue: frozenset[str]) -> list[str]:
    field = ("event_types",)
    if not values:
        raise invalid_input("name at least one event type, or *", field)
    if len(values) > MAX_EVENT_TYPES:
        raise invalid_input(f"at most {MAX_EVENT_TYPES} event types", field)
    known = catalogue | {ALL_EVENTS, *PLATFORM_EVENTS}
    unknown = sorted(v for v in set(values) if v not in known)
    if unknown:
        raise invalid_input(f"unknown event types: {', '.join(unknown)} (see eventTypes)", field)
    return sorted(set(values))


async def _visible_case(work: Work, case_id: uuid.UUID) -> uuid.UUID:
    found = await access.case_access(work.session, work.principal, [case_id], work.today)
    if case_id not in found:
        raise not_found("no such case", ("case_id",))
    return case_id


async def create_subscription(
    work: Work, cmd: CreateSubscription, urls: UrlPolicy, catalogue: frozenset[str]
) -> tuple[m.WebhookSubscription, str]:
    """The new subscription and its secret (shown once)."""
    principal = work.principal
    manages_webhooks(principal, "webhooks:write")
    # The case first: a lookup by key, before the address's DNS resolution.
    case_id = await _visible_case(work, cmd.case_id) if cmd.case_id else None
    await urls.check(cmd.url)
    now = work.clock.now()
    row = m.WebhookSubscription(
        client_id=principal.client_id,
        subject=principal.subject,
        actor_id=principal.actor_id,
        stakeholder_type=principal.stakeholder_type,
        scopes=sorted(principal.scopes),
        url=cmd.url,
        event_types=_event_types(cmd.event_types, catalogue),
        case_id=case_id,
        fields=cmd.fields,
        secret=_checked_secret(cmd.secret, ("secret",)),
        status=SubscriptionStatus.ACTIVE,
        dead_letters=0,
        created_at=now,
        updated_at=now,
    )
    work.session.add(row)
    await work.session.flush()
    return row, row.secret


async def _own(
    work: Work, subscription_id: uuid.UUID, field: Sequence[str]
) -> m.WebhookSubscription:
    manages_webhooks(work.principal, "webhooks:write")
    row = await work.session.scalar(
        sa.select(m.WebhookSubscription)
        .where(m.WebhookSubscription.id == subscription_id, own_webhooks(work.principal))
        .with_for_update()
    )
    if row is None:
        raise not_found("no such webhook subscription", field)
    return row


async def update_subscription(
    work: Work, cmd: UpdateSubscription, urls: UrlPolicy, catalogue: frozenset[str]
) -> m.WebhookSubscription:
    # Both IDs are checked: an unknown subscription and an unknown case are both named.
    problems: list[Problem] = []
    row = case_id = None
    try:
        row = await _own(work, cmd.id, ("id",))
    except DomainError as exc:
        problems.extend(exc.problems)
    if cmd.case_id is not None and not cmd.clear_case:
        try:
            case_id = await _visible_case(work, cmd.case_id)
        except DomainError as exc:
            problems.extend(exc.problems)
    if problems or row is None:
        raise DomainError(problems)
    if cmd.url is not None:
        await urls.check(cmd.url)
        row.url = cmd.url
    if cmd.event_types is not None:
        row.event_types = _event_types(cmd.event_types, catalogue)
    if cmd.clear_case:
        row.case_id = None
    elif case_id is not None:
        row.case_id = case_id
    if cmd.clear_fields:
        row.fields = None
    elif cmd.fields is not None:
        row.fields = cmd.fields
    row.updated_at = work.clock.now()
    return row


async def set_status(work: Work, subscription_id: uuid.UUID, active: bool) -> m.WebhookSubscription:
    """Pause, or resume (also what re-enables a subscription the platform disabled)."""
    row = await _own(work, subscription_id, ("id",))
    row.status = SubscriptionStatus.ACTIVE if active else SubscriptionStatus.PAUSED
    if active:
        row.disabled_reason = None
        row.dead_letters = 0
    row.updated_at = work.clock.now()
    return row


async def delete_subscription(work: Work, subscription_id: uuid.UUID) -> uuid.UUID:
    row = await _own(work, subscription_id, ("id",))
    await work.session.delete(row)
    return row.id


async def rotate_secret(
    work: Work, subscription_id: uuid.UUID, secret: str | None
) -> tuple[m.WebhookSubscription, str]:
    """A new secret; the old one keeps signing alongside it for `SECRET_GRACE`, so
    receivers can switch without losing a message."""
    row = await _own(work, subscription_id, ("id",))
    now = work.clock.now()
    row.previous_secret, row.previous_secret_until = row.secret, now + SECRET_GRACE
    row.secret = _checked_secret(secret, ("secret",))
    row.updated_at = now
    return row, row.secret


def _delivery(
    subscription_id: uuid.UUID,
    event_type: str,
    now: datetime,
    *,
    message_id: str | None = None,
    case_id: uuid.UUID | None = None,
    event_id: uuid.UUID | None = None,
    body: str | None = None,
) -> m.WebhookDelivery:
    return m.WebhookDelivery(
        uid=uuid.uuid4(),
        subscription_id=subscription_id,
        message_id=message_id or f"msg_{uuid.uuid4().hex}",
        event_type=event_type,
        case_id=case_id,
        event_id=event_id,
        body=body,
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


def platform_body(event_type: str, now: datetime, data: dict[str, Any]) -> str:
    return orjson.dumps({"type": event_type, "timestamp": now.isoformat(), "data": data}).decode()


async def send_test(work: Work, subscription_id: uuid.UUID) -> m.WebhookDelivery:
    row = await _own(work, subscription_id, ("id",))
    now = work.clock.now()
    body = platform_body(TEST_EVENT, now, {"subscriptionId": str(row.id)})
    delivery = _delivery(row.id, TEST_EVENT, now, body=body)
    work.session.add(delivery)
    await work.session.flush()
    return delivery


async def redeliver(work: Work, delivery_uid: uuid.UUID) -> m.WebhookDelivery:
    """The same message again (same `webhook-id`), its payload read anew under the
    subscriber's access as it is now."""
    manages_webhooks(work.principal, "webhooks:write")
    found = await work.session.execute(
        sa.select(m.WebhookDelivery)
        .join(m.WebhookSubscription)
        .where(m.WebhookDelivery.uid == delivery_uid, own_webhooks(work.principal))
    )
    old = found.scalar_one_or_none()
    if old is None or old.body is None:
        raise not_found("no such webhook delivery", ("delivery_id",))
    now = work.clock.now()
    body = old.body if old.event_id is None else None
    delivery = _delivery(
        old.subscription_id, old.event_type, now,
        message_id=old.message_id, case_id=old.case_id, event_id=old.event_id, body=body,
    )  # fmt: skip
    work.session.add(delivery)
    await work.session.flush()
    return delivery


def _wanted(types: Any, kind: str) -> bool:
    """`kind` is one of `types`, or under one of its `prefix.*` patterns (a plugin's)."""
    return kind in types or any(t.endswith(".*") and kind.startswith(t[:-1]) for t in types)


def matches(subscription: Any, kind: str, case_id: uuid.UUID) -> bool:
    types = subscription.event_types
    return (ALL_EVENTS in types or _wanted(types, kind)) and (
        subscription.case_id is None or subscription.case_id == case_id
    )


async def replay(work: Work, subscription_id: uuid.UUID, start: datetime, end: datetime) -> int:
    """Queue again every event of [start, end) the subscription asks for (each is
    read under its access when sent; what it may not see is dropped then)."""
    row = await _own(work, subscription_id, ("id",))
    if end <= start:
        raise invalid_input("the range ends before it starts", ("to",))
    events = m.CaseEvent
    query = sa.select(events.id, events.case_id, events.kind).where(
        events.at >= start, events.at < end
    )
    if ALL_EVENTS not in row.event_types:
        query = query.where(
            sa.or_(
                events.kind.in_(row.event_types),
                *(events.kind.startswith(t[:-1]) for t in row.event_types if t.endswith(".*")),
            )
        )
    if row.case_id is not None:
        query = query.where(events.case_id == row.case_id)
    found = list(
        (await work.session.execute(query.order_by(events.id).limit(MAX_REPLAY + 1))).all()
    )
    if len(found) > MAX_REPLAY:
        raise invalid_input(f"more than {MAX_REPLAY} events: replay a shorter range", ("to",))
    now = work.clock.now()
    for event in found:
        work.session.add(
            _delivery(row.id, event.kind, now, case_id=event.case_id, event_id=event.id)
        )
    return len(found)


# ---------------------------------------------------------------------- reads


async def subscriptions_page(db: Any, principal: Principal, request: PageRequest) -> Page[Any]:
    reads_webhooks(principal)
    table = m.WebhookSubscription.__table__
    stmt = sa.select(table).where(own_webhooks(principal))
    keys = [SortKey(table.c.id, "uuid")]
    return await keyset_page(db, stmt, keys, request, lambda row: [row.id])


async def deliveries_page(
    db: Any, principal: Principal, subscription_ids: Sequence[uuid.UUID], request: PageRequest
) -> Page[Any]:
    """The delivery log of the principal's subscriptions, newest first. Messages not
    yet read for the subscriber are not listed (they may turn out not to be sent)."""
    reads_webhooks(principal)
    table = m.WebhookDelivery.__table__
    subs = m.WebhookSubscription.__table__
    stmt = (
        sa.select(table)
        .join(subs, subs.c.id == table.c.subscription_id)
        .where(table.c.subscription_id.in_(subscription_ids), table.c.body.is_not(None))
        .where(own_webhooks(principal))
    )
    keys = [SortKey(table.c.id, "int", descending=True)]
    return await keyset_page(db, stmt, keys, request, lambda row: [row.id])
