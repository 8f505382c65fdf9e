"""The event catalogue (`Query.eventTypes`): every case event type a webhook or a
subscription can carry, the data category it reveals and its payload shape."""

from __future__ import annotations

from typing import Any

import strawberry

from vocrehab.core.digest import DIGEST_EVENT
from vocrehab.core.event_kinds import CATEGORIES, EVENT_KINDS, declared_kinds
from vocrehab.core.webhooks import DISABLED_EVENT, TEST_EVENT
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import DataCategory

__all__ = ["CORE_EVENTS", "EventType", "catalogue", "patterns"]

# (type, category it reveals or None, what happened): the declared case event kinds
CORE_EVENTS: tuple[tuple[str, DataCategory | None, str], ...] = tuple(
    (kind, CATEGORIES.get(kind), text) for kind, text in EVENT_KINDS.items()
)
PAYLOAD = (
    '{"type": TYPE, "timestamp": ISO 8601, "data": {"eventId": ID, "type": TYPE, '
    '"caseId": ID, "at": ISO 8601, "summary": String, "fields": {...} if asked for}}'
)
PLATFORM_PAYLOAD = '{"type": TYPE, "timestamp": ISO 8601, "data": {"subscriptionId": ID, ...}}'
DIGEST_PAYLOAD = (
    '{"type": "digest.daily", "timestamp": ISO 8601, "data": {"day": DATE, "moveCount": Int, '
    '"overdueMoves": Int, "dueSoonMoves": Int, "casesWithNews": Int, "unseenEvents": Int, '
    '"moves": {"edges": [{"node": {"code", "title", "dueDate", "status", "responsible", '
    '"legalReference", "case": {"id", "reference"}}}]}}}'
)


@strawberry.type(description="A type of event that webhooks and subscriptions carry.")
class EventType:
    type: str = strawberry.field(description="e.g. note.added; a plugin's start with its code.")
    category: DataCategory | None = strawberry.field(
        description="The data category the event reveals: it reaches only those who see it."
    )
    description: str = strawberry.field(description="What happened, in English.")
    source: str = strawberry.field(description="core, platform, or the plugin's jurisdiction code.")
    payload: str = strawberry.field(description="The shape of a webhook body for it.")


def catalogue(host: PluginHost) -> list[EventType]:
    found = [EventType(type=t, category=c, description=d, source="core", payload=PAYLOAD)
             for t, c, d in CORE_EVENTS]  # fmt: skip
    found += [
        EventType(type=TEST_EVENT, category=None, source="platform", payload=PLATFORM_PAYLOAD,
                  description="sendTestWebhook's message."),
        EventType(type=DISABLED_EVENT, category=None, source="platform", payload=PLATFORM_PAYLOAD,
                  description="Another subscription of yours was disabled after repeated failure."),
        EventType(type=DIGEST_EVENT, category=None, source="platform", payload=DIGEST_PAYLOAD,
                  description="Your daily digest: your moves and your cases with news, once a "
                  "day, read as you when sent. Only for subscriptions that name it (not *) "
                  "and follow no single case."),
    ]  # fmt: skip
    for jurisdiction in host.jurisdictions():
        found += _plugin_events(host, jurisdiction)
    return found


PLUGIN_CATEGORY = (
    " Each event of it reveals the category of the command that recorded it (PLAN by "
    "default; MEDICAL or BENEFITS where it records such data) and reaches only those who see it."
)


def _plugin_events(host: PluginHost, jurisdiction: Any) -> list[EventType]:
    """A jurisdiction's declared event kinds, by name; a plugin that declares none gets its
    `code.*` pattern. Their category is decided per event (see PLUGIN_CATEGORY)."""
    code = jurisdiction.code
    declared = declared_kinds(host, code)
    if not declared:
        commands = [c.name for c in jurisdiction.case_commands()]
        return [
            EventType(
                type=f"{code}.*",
                category=None,
                description=f"Events of the {code} plugin's case commands "
                f"({', '.join(commands) or 'none'})." + PLUGIN_CATEGORY,
                source=code,
                payload=PAYLOAD,
            )
        ]
    return [
        EventType(
            type=kind,
            category=None,
            description=text + PLUGIN_CATEGORY,
            source=code,
            payload=PAYLOAD,
        )
        for kind, text in declared.items()
    ]


def patterns(host: PluginHost) -> frozenset[str]:
    """`code.*` for each installed jurisdiction: a subscription may name all of a plugin's events."""
    return frozenset(f"{j.code}.*" for j in host.jurisdictions())


@strawberry.type
class EventTypeQueries:
    @strawberry.field(description="Every event type: core, platform and plugins'. No scope needed.")
    def event_types(self, info: strawberry.Info) -> list[EventType]:
        return catalogue(info.context.host)
