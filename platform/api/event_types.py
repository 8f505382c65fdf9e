"""The event catalogue (`Query.eventTypes`): every case event type a webhook or a
subscription can carry, the data category it reveals and its payload shape."""

from __future__ import annotations

import strawberry

from vocrehab.core.webhooks import DISABLED_EVENT, TEST_EVENT
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import DataCategory

__all__ = ["CORE_EVENTS", "EventType", "catalogue"]

# (type, category it reveals or None, what happened)
CORE_EVENTS: tuple[tuple[str, DataCategory | None, str], ...] = (
    ("case.opened", None, "A case was opened for a participant."),
    ("case.updated", None, "The case's own facts changed (phase, employment, sick leave)."),
    ("case.closed", None, "The case was closed."),
    ("case.reopened", None, "A closed case was opened again."),
    (
        "participant.updated",
        None,
        "The participant's details changed (CONTACT when only they did).",
    ),
    ("team.member_added", None, "Someone joined the case team."),
    ("team.member_removed", None, "Someone left the case team."),
    ("plan.created", None, "A plan version was drafted."),
    ("plan.updated", None, "A draft plan changed."),
    ("plan.approved", None, "A plan was approved by the participant or the employer."),
    ("plan.activated", None, "A plan became the active one."),
    ("plan.superseded", None, "An active plan was replaced by a newer one."),
    ("plan.cancelled", None, "A plan was cancelled as the case closed."),
    ("assessment.recorded", None, "An assessment was recorded (its findings are MEDICAL)."),
    ("intervention.proposed", None, "An intervention was proposed."),
    ("intervention.referred", None, "An intervention was referred to its provider."),
    ("intervention.started", None, "An intervention started."),
    ("intervention.completed", None, "An intervention was completed."),
    ("intervention.discontinued", None, "An intervention was discontinued."),
    ("benefit.granted", DataCategory.BENEFITS, "A benefit period was granted."),
    ("benefit.ended", DataCategory.BENEFITS, "A benefit period was ended."),
    ("note.added", None, "A note was added (sent only to the roles that read it)."),
    ("consent.granted", None, "The participant granted a consent."),
    ("consent.revoked", None, "The participant revoked a consent."),
    ("document.generated", DataCategory.DOCUMENTS, "A document was generated."),
)
PAYLOAD = (
    '{"type": TYPE, "timestamp": ISO 8601, "data": {"eventId": ID, "type": TYPE, '
    '"caseId": ID, "at": ISO 8601, "summary": String, "fields": {...} if asked for}}'
)
PLATFORM_PAYLOAD = '{"type": TYPE, "timestamp": ISO 8601, "data": {"subscriptionId": ID, ...}}'


@strawberry.type(description="A type of event that webhooks and subscriptions carry.")
class EventType:
    type: str = strawberry.field(description="e.g. note.added; a plugin's start with its code.")
    category: DataCategory | None = strawberry.field(
        description="The data category the event reveals: it reaches only those who see it."
    )
    description: str
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
    ]  # fmt: skip
    for jurisdiction in host.jurisdictions():
        commands = [c.name for c in jurisdiction.case_commands()]
        categories = {c.category for c in jurisdiction.case_commands()}
        found.append(
            EventType(
                type=f"{jurisdiction.code}.*",
                category=categories.pop() if len(categories) == 1 else None,
                description=f"Events of the {jurisdiction.code} plugin's case commands "
                f"({', '.join(commands) or 'none'}); each reveals its command's category.",
                source=jurisdiction.code,
                payload=PAYLOAD,
            )
        )
    return found


@strawberry.type
class EventTypeQueries:
    @strawberry.field(description="Every event type: core, platform and plugins'. No scope needed.")
    def event_types(self, info: strawberry.Info) -> list[EventType]:
        return catalogue(info.context.host)
