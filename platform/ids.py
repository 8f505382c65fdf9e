"""Global IDs: opaque strings that name a type and a row, as the API and the
token claims show them (core works on plain UUIDs).

Format `<prefix>_<base64url of the 16 UUID bytes>`, e.g. `CAS_AZLp...`. Clients
must treat them as opaque; the prefix lets `node(id:)` dispatch without a
lookup, and the random UUIDs reveal neither counts nor creation order of
health records to a caller who cannot see them.
"""

from __future__ import annotations

import base64
import binascii
import functools
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vocrehab.core.work import RecordedEvent
    from vocrehab.hooks.types import CaseEventInfo

__all__ = [
    "TYPE_PREFIXES",
    "InvalidGlobalId",
    "MalformedGlobalId",
    "UnexpectedIdType",
    "decode_global_id",
    "encode_global_id",
    "event_info",
]

TYPE_PREFIXES: dict[str, str] = {
    "Actor": "ACT",
    "Participant": "PAR",
    "Case": "CAS",
    "Plan": "PLN",
    "Assessment": "ASM",
    "Intervention": "INT",
    "BenefitPeriod": "BEN",
    "CaseNote": "NOTE",
    "CaseEvent": "EVT",
    "Consent": "CON",
    "Document": "DOC",
    "Meeting": "MTG",
    "WebhookSubscription": "WHS",
    "WebhookDelivery": "WHD",
}
_TYPES_BY_PREFIX = {prefix: name for name, prefix in TYPE_PREFIXES.items()}


class InvalidGlobalId(ValueError):
    """Not the ID of the object asked for."""


class MalformedGlobalId(InvalidGlobalId):
    """Not an ID at all: a client bug, refused as BAD_USER_INPUT."""


class UnexpectedIdType(InvalidGlobalId):
    """A well-formed ID of another type: as good as the ID of nothing (NOT_FOUND, null)."""


@functools.lru_cache(maxsize=1 << 16)
def encode_global_id(type_name: str, row_id: uuid.UUID) -> str:
    """`PREFIX_token`: the type's prefix and the row id in URL-safe base64 (remembered:
    the same actors and types recur on every page)."""
    token = base64.urlsafe_b64encode(row_id.bytes).rstrip(b"=").decode("ascii")
    return f"{TYPE_PREFIXES[type_name]}_{token}"


def decode_global_id(value: str, expected: str | None = None) -> tuple[str, uuid.UUID]:
    """(type name, row id). Raises MalformedGlobalId, or UnexpectedIdType when the
    type is not `expected`."""
    prefix, sep, token = value.partition("_")
    type_name = _TYPES_BY_PREFIX.get(prefix)
    if not sep or type_name is None or len(token) != 22:
        raise MalformedGlobalId(f"{value!r} is not an ID")
    try:
        raw = base64.urlsafe_b64decode(token + "==")
    except (binascii.Error, ValueError):
        raise MalformedGlobalId(f"{value!r} is not an ID") from None
    if len(raw) != 16:
        raise MalformedGlobalId(f"{value!r} is not an ID")
    if expected is not None and type_name != expected:
        raise UnexpectedIdType(f"{value!r} is not the ID of a {expected}")
    return type_name, uuid.UUID(bytes=raw)


def event_info(event: RecordedEvent) -> CaseEventInfo:
    """A committed case event as plugins, subscribers and webhooks hear of it: the rows
    it names by global ID."""
    from vocrehab.hooks.types import CaseEventInfo

    return CaseEventInfo(
        id=encode_global_id("CaseEvent", event.id),
        case_id=encode_global_id("Case", event.case_id),
        jurisdiction=event.jurisdiction,
        kind=event.kind,
        at=event.at,
        summary=event.summary,
        actor_id=encode_global_id("Actor", event.actor_id) if event.actor_id else None,
        categories=event.categories,
        roles_mask=event.roles_mask,
    )
