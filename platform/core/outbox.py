"""The transactional outbox: every case event leaves the process through a row
written in the same transaction as the change (ARCHITECTURE.md, "Changes leave
the process through the transactional outbox"). A crash between commit and
delivery loses nothing: the dispatcher (`vocrehab.integrations.dispatcher`)
finds the row and delivers it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.db import models as m
from vocrehab.hooks.types import CaseEventInfo
from vocrehab.hooks.vocabulary import DataCategory

__all__ = ["enqueue", "event_from_json", "event_to_json"]


def event_to_json(event: CaseEventInfo) -> dict[str, Any]:
    return {
        **asdict(event),
        "at": event.at.isoformat(),
        "categories": sorted(c.value for c in event.categories),
    }


def event_from_json(data: dict[str, Any]) -> CaseEventInfo:
    return CaseEventInfo(
        **{
            **data,
            "at": datetime.fromisoformat(data["at"]),
            "categories": frozenset(DataCategory(c) for c in data["categories"]),
        }
    )


def enqueue(session: AsyncSession, row: m.CaseEvent, event: CaseEventInfo) -> None:
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
