"""Webhook subscriptions in the schema (signing and sending: vocrehab.integrations).

For machine clients, for their own actor, and ADMIN; scopes webhooks:read and
webhooks:write. The subscriptions and their delivery log carry no participant
data: payloads are never shown here, only sent, each as a read by the
subscriber (its access, its access-log entry).
"""

from __future__ import annotations

import datetime
import uuid
from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLError

from vocrehab.api.base import (
    After,
    Before,
    Connection,
    Count,
    First,
    Last,
    Node,
    UserError,
    connection,
    gid,
)
from vocrehab.api.context import Info
from vocrehab.api.ids import id_of, optional_row_id, row_id
from vocrehab.api.mutations import run
from vocrehab.core import webhooks as core
from vocrehab.core.errors import DomainError, Problem, ProblemCode
from vocrehab.core.pagination import PageRequest

__all__ = ["WebhookMutations", "WebhookQueries", "payload_query"]


def payload_query(fields: str | None) -> str:
    """The read each delivery makes: the event, and the subscriber's own selection on it."""
    spread = " ...Selected" if fields else ""
    fragment = f"\nfragment Selected on CaseEvent {{ {fields} }}" if fields else ""
    return (
        "query WebhookPayload($id: ID!) { node(id: $id) { ... on CaseEvent "
        f"{{ id kind at summary{spread} }} }} }}{fragment}"
    )


@strawberry.enum(
    name="WebhookSubscriptionStatus",
    description="ACTIVE sends; PAUSED holds deliveries until resumed; DISABLED was stopped "
    "after repeated failure (resume to send again).",
)
class SubscriptionStatus(Enum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    DISABLED = "DISABLED"


@strawberry.enum(
    name="WebhookDeliveryStatus",
    description="PENDING is being tried (again); SUCCEEDED got a 2xx; DEAD gave up after the "
    "last retry (redeliver to try again).",
)
class DeliveryStatus(Enum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    DEAD = "DEAD"


@strawberry.type(
    name="WebhookDelivery",
    description="One message to a subscription and its attempts. Requires scope webhooks:read.",
)
class WebhookDelivery(Node):
    id: strawberry.ID = strawberry.field(description="The delivery's global ID.")
    message_id: str = strawberry.field(description="The `webhook-id` header (same on retries).")
    event_type: str = strawberry.field(description="The event type sent (see eventTypes).")
    status: DeliveryStatus = strawberry.field(description="Where the delivery stands.")
    attempts: int = strawberry.field(description="How many times it was sent so far.")
    response_status: int | None = strawberry.field(
        description="The HTTP status of the last attempt; null when none came back."
    )
    duration_ms: int | None = strawberry.field(
        description="How long the last attempt took, in milliseconds."
    )
    error: str | None = strawberry.field(description="Why the last attempt failed, if it did.")
    next_attempt_at: datetime.datetime | None = strawberry.field(
        description="When it is tried again (PENDING only)."
    )
    created_at: datetime.datetime = strawberry.field(description="When the event was queued.")
    finished_at: datetime.datetime | None = strawberry.field(
        description="When it SUCCEEDED or went DEAD."
    )


def present_delivery(row: Any) -> WebhookDelivery:
    pending = row.status == "PENDING"
    return WebhookDelivery(
        id=gid("WebhookDelivery", row.uid),
        message_id=row.message_id,
        event_type=row.event_type,
        status=DeliveryStatus(str(row.status)),
        attempts=row.attempts,
        response_status=row.response_status,
        duration_ms=row.duration_ms,
        error=row.error,
        next_attempt_at=row.next_attempt_at if pending else None,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )


@strawberry.type(
    name="WebhookSubscription",
    description="Where case events are sent, signed per Standard Webhooks. Requires scope "
    "webhooks:read; the secret is shown only when it is made.",
)
class WebhookSubscription(Node):
    _row: strawberry.Private[Any]
    id: strawberry.ID = strawberry.field(description="The subscription's global ID.")
    url: str = strawberry.field(description="Where the events are POSTed.")
    event_types: list[str] = strawberry.field(
        description="The event types sent (see eventTypes); * for all."
    )
    case_id: strawberry.ID | None = strawberry.field(
        description="Only this case's events; null for every case the subscriber may see."
    )
    fields: str | None = strawberry.field(description="The selection on CaseEvent sent along.")
    status: SubscriptionStatus = strawberry.field(description="Whether it sends.")
    disabled_reason: str | None = strawberry.field(
        description="Why it was DISABLED (the last failures)."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was made.")
    updated_at: datetime.datetime = strawberry.field(description="When it last changed.")

    @strawberry.field(description="The delivery log, newest first.")
    async def deliveries(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[WebhookDelivery] | None:
        ctx = info.context
        request = PageRequest.of(first, after, last, before)
        page = await core.deliveries_page(ctx.db, ctx.principal, [self._row.id], request)
        return connection(
            [present_delivery(row) for row in page.items],
            page.cursors,
            page.has_next,
            page.has_previous,
            Count.of_page(page),
        )


def present_subscription(row: Any) -> WebhookSubscription:
    return WebhookSubscription(
        _row=row,
        id=gid("WebhookSubscription", row.id),
        url=row.url,
        event_types=list(row.event_types),
        case_id=gid("Case", row.case_id) if row.case_id else None,
        fields=row.fields,
        status=SubscriptionStatus(str(row.status)),
        disabled_reason=row.disabled_reason,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@strawberry.type
class WebhookQueries:
    @strawberry.field(
        description="The caller's webhook subscriptions (ADMIN: all). Requires scope "
        "webhooks:read; machine clients and ADMIN."
    )
    async def webhook_subscriptions(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[WebhookSubscription] | None:
        ctx = info.context
        request = PageRequest.of(first, after, last, before)
        page = await core.subscriptions_page(ctx.db, ctx.principal, request)
        return connection(
            [present_subscription(row) for row in page.items],
            page.cursors,
            page.has_next,
            page.has_previous,
            Count.of_page(page),
        )


@strawberry.input(description="A new webhook subscription for the caller's actor.")
class CreateWebhookSubscriptionInput:
    url: str = strawberry.field(
        description="https only (http on loopback in development); no private addresses."
    )
    event_types: list[str] = strawberry.field(description="Event types (see eventTypes), or *.")
    case_id: strawberry.ID | None = id_of(
        "Case", default=None, description="Only this case's events (default: every case)."
    )
    fields: str | None = strawberry.field(
        default=None,
        description="A GraphQL selection on CaseEvent sent with each event, resolved under "
        "the subscriber's access, e.g. `actor { name }`.",
    )
    secret: str | None = strawberry.field(
        default=None, description="whsec_ and base64 of 24-64 bytes; made for you if absent."
    )


@strawberry.input(description="Changes to a webhook subscription; fields left out stay.")
class UpdateWebhookSubscriptionInput:
    id: strawberry.ID = id_of("WebhookSubscription", description="The subscription.")
    url: str | None = strawberry.field(default=None, description="A new URL (rules as on create).")
    event_types: list[str] | None = strawberry.field(
        default=None, description="The new event types (see eventTypes), or *."
    )
    case_id: strawberry.ID | None = id_of(
        "Case", default=None, description="Only this case's events from now on."
    )
    all_cases: bool = strawberry.field(
        default=False, description="true: every case again (drops caseId)."
    )
    fields: str | None = strawberry.field(
        default=None, description="A new selection on CaseEvent sent along."
    )
    no_fields: bool = strawberry.field(
        default=False, description="true: send no selection any more (drops fields)."
    )


@strawberry.input(description="A webhook subscription.")
class WebhookSubscriptionIdInput:
    id: strawberry.ID = id_of("WebhookSubscription", description="The subscription.")


@strawberry.input(description="A new signing secret; the old one still signs for a grace period.")
class RotateWebhookSecretInput:
    id: strawberry.ID = id_of("WebhookSubscription", description="The subscription.")
    secret: str | None = strawberry.field(
        default=None, description="whsec_ and base64 of 24-64 bytes; made for you if absent."
    )


@strawberry.input(description="A delivery to send again.")
class RedeliverWebhookInput:
    delivery_id: strawberry.ID = id_of("WebhookDelivery", description="The delivery.")


@strawberry.input(description="Past events to send again to a subscription.")
class ReplayWebhooksInput:
    id: strawberry.ID = id_of("WebhookSubscription", description="The subscription.")
    from_: datetime.datetime = strawberry.field(
        name="from", description="The first moment of the events to send again."
    )
    to: datetime.datetime = strawberry.field(description="The end of the window (exclusive).")


@strawberry.type(description="The result of a change to a webhook subscription.")
class WebhookSubscriptionPayload:
    __vocrehab_payload__ = True
    subscription: WebhookSubscription | None = strawberry.field(
        description="The subscription as it is now; null when userErrors say why not."
    )
    secret: str | None = strawberry.field(
        description="The signing secret: shown here once (create, rotate), never again."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why the mutation did not happen (then the rest is null)."
    )


@strawberry.type(description="The result of sending a webhook delivery (again).")
class WebhookDeliveryPayload:
    __vocrehab_payload__ = True
    delivery: WebhookDelivery | None = strawberry.field(
        description="The delivery; null when userErrors say why not."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why the mutation did not happen (then the rest is null)."
    )


@strawberry.type(description="The result of replaying events to a subscription.")
class ReplayWebhooksPayload:
    __vocrehab_payload__ = True
    queued: int | None = strawberry.field(description="How many deliveries were queued.")
    user_errors: list[UserError] = strawberry.field(
        description="Why the mutation did not happen (then the rest is null)."
    )


@strawberry.type(description="The result of deleting a webhook subscription.")
class DeleteWebhookSubscriptionPayload:
    __vocrehab_payload__ = True
    deleted_id: strawberry.ID | None = strawberry.field(
        description="The ID of the deleted subscription; null when userErrors say why not."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why the mutation did not happen (then the rest is null)."
    )


def _fields(info: Info, fields: str | None) -> str | None:
    """The selection, validated against the schema as the read each delivery makes."""
    if fields is None:
        return None
    from vocrehab.api.operation import OperationError

    try:
        info.context.services.pipeline.documents.prepare(payload_query(fields), "WebhookPayload")
    except OperationError as exc:
        message = "; ".join(e.message for e in exc.errors)
        raise DomainError(
            [Problem(ProblemCode.INVALID_INPUT, f"not a selection on CaseEvent: {message}",
                     ("input", "fields"))]
        ) from None  # fmt: skip
    return fields


def _case(value: strawberry.ID | None) -> uuid.UUID | None:
    return optional_row_id(value)


def _sub(value: strawberry.ID) -> uuid.UUID:
    return row_id(value)


def _catalogue(info: Info) -> frozenset[str]:
    """What a subscription may name: every catalogued type, and each plugin's `code.*`."""
    from vocrehab.api.event_types import catalogue, patterns

    host = info.context.host
    return frozenset(t.type for t in catalogue(host)) | patterns(host)


def _subscription_payload(result: Any, errors: list[UserError]) -> WebhookSubscriptionPayload:
    row, secret = result if result else (None, None)
    return WebhookSubscriptionPayload(
        subscription=present_subscription(row) if row is not None else None,
        secret=secret,
        user_errors=errors,
    )


async def _guarded(info: Info, build: Any) -> tuple[Any, list[UserError]]:
    try:
        return await build()
    except DomainError as exc:
        return None, [UserError.of(p) for p in exc.problems]
    except GraphQLError:
        raise


@strawberry.type
class WebhookMutations:
    @strawberry.mutation(description="Requires scope webhooks:write (machine clients, ADMIN).")
    async def create_webhook_subscription(
        self, info: Info, input: CreateWebhookSubscriptionInput
    ) -> WebhookSubscriptionPayload:
        async def go() -> Any:
            cmd = core.CreateSubscription(
                url=input.url,
                event_types=input.event_types,
                case_id=_case(input.case_id),
                fields=_fields(info, input.fields),
                secret=input.secret,
            )
            urls, catalogue = info.context.services.webhook_urls, _catalogue(info)
            return await run(info, lambda w: core.create_subscription(w, cmd, urls, catalogue))

        return _subscription_payload(*await _guarded(info, go))

    @strawberry.mutation(description="Requires scope webhooks:write.")
    async def update_webhook_subscription(
        self, info: Info, input: UpdateWebhookSubscriptionInput
    ) -> WebhookSubscriptionPayload:
        async def go() -> Any:
            cmd = core.UpdateSubscription(
                id=_sub(input.id),
                url=input.url,
                event_types=input.event_types,
                case_id=_case(input.case_id),
                clear_case=input.all_cases,
                fields=_fields(info, input.fields),
                clear_fields=input.no_fields,
            )
            urls, catalogue = info.context.services.webhook_urls, _catalogue(info)
            row, errors = await run(
                info, lambda w: core.update_subscription(w, cmd, urls, catalogue)
            )
            return ((row, None) if row else None), errors

        return _subscription_payload(*await _guarded(info, go))

    @strawberry.mutation(description="Stop sending until resumed. Requires scope webhooks:write.")
    async def pause_webhook_subscription(
        self, info: Info, input: WebhookSubscriptionIdInput
    ) -> WebhookSubscriptionPayload:
        return await _status(info, input.id, active=False)

    @strawberry.mutation(
        description="Send again (also re-enables a disabled one). Requires scope webhooks:write."
    )
    async def resume_webhook_subscription(
        self, info: Info, input: WebhookSubscriptionIdInput
    ) -> WebhookSubscriptionPayload:
        return await _status(info, input.id, active=True)

    @strawberry.mutation(description="Requires scope webhooks:write.")
    async def delete_webhook_subscription(
        self, info: Info, input: WebhookSubscriptionIdInput
    ) -> DeleteWebhookSubscriptionPayload:
        async def go() -> Any:
            sid = _sub(input.id)
            return await run(info, lambda w: core.delete_subscription(w, sid))

        deleted, errors = await _guarded(info, go)
        return DeleteWebhookSubscriptionPayload(
            deleted_id=gid("WebhookSubscription", deleted) if deleted else None,
            user_errors=errors,
        )

    @strawberry.mutation(
        description="A new signing secret; messages are signed with the old one too for 24 h. "
        "Requires scope webhooks:write."
    )
    async def rotate_webhook_secret(
        self, info: Info, input: RotateWebhookSecretInput
    ) -> WebhookSubscriptionPayload:
        async def go() -> Any:
            sid = _sub(input.id)
            return await run(info, lambda w: core.rotate_secret(w, sid, input.secret))

        return _subscription_payload(*await _guarded(info, go))

    @strawberry.mutation(
        description="Queue a webhook.test message (no case data). Requires scope webhooks:write."
    )
    async def send_test_webhook(
        self, info: Info, input: WebhookSubscriptionIdInput
    ) -> WebhookDeliveryPayload:
        async def go() -> Any:
            sid = _sub(input.id)
            return await run(info, lambda w: core.send_test(w, sid))

        return _delivery_payload(info, *await _guarded(info, go))

    @strawberry.mutation(
        description="Send a message again (same webhook-id), read anew under the subscriber's "
        "access. Requires scope webhooks:write."
    )
    async def redeliver_webhook(
        self, info: Info, input: RedeliverWebhookInput
    ) -> WebhookDeliveryPayload:
        async def go() -> Any:
            did = row_id(input.delivery_id)
            return await run(info, lambda w: core.redeliver(w, did))

        return _delivery_payload(info, *await _guarded(info, go))

    @strawberry.mutation(
        description="Queue again every event of a time range [from, to) the subscription asks "
        "for. Requires scope webhooks:write."
    )
    async def replay_webhooks(
        self, info: Info, input: ReplayWebhooksInput
    ) -> ReplayWebhooksPayload:
        async def go() -> Any:
            sid = _sub(input.id)
            return await run(info, lambda w: core.replay(w, sid, input.from_, input.to))

        queued, errors = await _guarded(info, go)
        if queued:
            info.context.wake_dispatcher()
        return ReplayWebhooksPayload(queued=queued, user_errors=errors)


def _delivery_payload(info: Info, row: Any, errors: list[UserError]) -> WebhookDeliveryPayload:
    if row is not None:
        info.context.wake_dispatcher()
    shown = present_delivery(row) if row is not None else None
    return WebhookDeliveryPayload(delivery=shown, user_errors=errors)


async def _status(info: Info, value: strawberry.ID, active: bool) -> WebhookSubscriptionPayload:
    async def go() -> Any:
        sid = _sub(value)
        row, errors = await run(info, lambda w: core.set_status(w, sid, active))
        return ((row, None) if row else None), errors

    return _subscription_payload(*await _guarded(info, go))
