"""The transactional outbox: every case event leaves the process through a row
written in the same transaction as the change (ARCHITECTURE.md, "Changes leave
the process through the transactional outbox"). A crash between commit and
delivery loses nothing: the dispatcher (`vocrehab.integrations.dispatcher`)
finds the row and delivers it."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core.work import RecordedEvent
from vocrehab.db import models as m
from vocrehab.hooks.types import CaseEventInfo
from vocrehab.hooks.vocabulary import DataCategory

__all__ = ["enqueue", "event_from_json", "event_to_json", "info_from_json"]

_IDS = ("id", "case_id", "actor_id")


def event_to_json(event: RecordedEvent | CaseEventInfo) -> dict[str, Any]:
    """An event as JSON: an outbox row's (row ids) or a broker message's (global IDs)."""
    data = asdict(event)
    for key in _IDS:
        if isinstance(data[key], uuid.UUID):
            data[key] = str(data[key])
    data["at"] = event.at.isoformat()
    data["categories"] = sorted(c.value for c in event.categories)
    return data


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        **data,
        "at": datetime.fromisoformat(data["at"]),
        "categories": frozenset(DataCategory(c) for c in data["categories"]),
    }


def event_from_json(data: dict[str, Any]) -> RecordedEvent:
    """An outbox row's event, by row ids."""
    fields = _fields(data)
    for key in _IDS:
        if fields[key] is not None:
            fields[key] = uuid.UUID(fields[key])
    return RecordedEvent(**fields)


def info_from_json(data: dict[str, Any]) -> CaseEventInfo:
    """A broker message's event, as plugins and subscribers hear of it."""
    return CaseEventInfo(**_fields(data))


def enqueue(session: AsyncSession, row: m.CaseEvent, event: RecordedEvent) -> None:
    """The event's outbox row, in the transaction that records the event."""
    session.add(
        m.OutboxMessage(
            event_id=row.id,
            case_id=row.case_id,
            kind=row.kind,
            event=event_to_json(event),
            created_at=row.at,
            attempts=0,
        )
    )
