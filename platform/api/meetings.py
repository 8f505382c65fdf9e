"""The team's meetings in the schema (`core.meetings`): `Case.meetings`, the
kinds a jurisdiction offers, and the mutations that schedule, hold and cancel.

Minutes are never loaded with a meeting: `Meeting.minutes` is read in its own
statement, for the meetings whose minutes' category the reader sees.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from vocrehab.api.actors import Actor, actors_by_id
from vocrehab.api.base import Node, Payload, object_id, present
from vocrehab.api.cases import case_children, parent_cases
from vocrehab.api.context import Context, Info
from vocrehab.api.enums import DataCategory, MeetingStatus
from vocrehab.api.ids import id_of, row_id
from vocrehab.api.jurisdictions import MeetingKind
from vocrehab.api.mutations import run
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core import meetings as core
from vocrehab.core import reads
from vocrehab.db import models as m
from vocrehab.hooks.meetings import meeting_kind

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["Meeting", "MeetingMutations", "present_meeting"]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]


async def _participants(batch: Batch[Meeting]) -> list[list[Actor]]:
    ids = [[uuid.UUID(i) for i in mt._row.participant_ids or ()] for mt in batch.parents]
    found = await actors_by_id(batch.ctx, [i for one in ids for i in one])
    return [[found[i] for i in one if i in found] for one in ids]


async def _minutes(batch: Batch[Meeting]) -> list[str | None]:
    visible = {mt._row.id: mt._visible for mt in batch.parents}
    found = await reads.meeting_minutes(batch.ctx.db, visible)
    return [found.get(mt._row.id) for mt in batch.parents]


async def _kinds(batch: Batch[Meeting]) -> list[MeetingKind | None]:
    out: list[MeetingKind | None] = []
    for mt in batch.parents:
        jurisdiction = batch.ctx.host.jurisdiction(mt._jurisdiction)
        info = meeting_kind(jurisdiction, mt._row.kind)
        out.append(MeetingKind.of(info) if info is not None else None)
    return out


@strawberry.type(
    name="Meeting",
    description="A meeting of the case team: scheduled for a day, then held (minutes, "
    "outcomes) or cancelled. Requires scope cases:read.",
)
class Meeting(Planned, Node):
    _row: strawberry.Private[Any]
    _jurisdiction: strawberry.Private[str]
    id: strawberry.ID = strawberry.field(description="The meeting's global ID.")
    kind: str = strawberry.field(description="Its kind's code, e.g. no.dialogue_meeting_2.")
    status: MeetingStatus = strawberry.field(description="SCHEDULED, HELD or CANCELLED.")
    scheduled_for: datetime.date | None = strawberry.field(description="The day it was called for.")
    place: str | None = strawberry.field(description="Where it takes place, if given.")
    held_on: datetime.date | None = strawberry.field(description="The day it was held.")
    outcomes: list[str] = strawberry.field(
        description="The codes of the milestones it met, once held."
    )
    minutes_category: DataCategory = strawberry.field(
        description="What the minutes reveal: only readers who see it read them."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was scheduled.")
    case: CaseT | None = relation(
        parent_cases, returns=CaseT | None, description="The case it belongs to."
    )
    meeting_kind: MeetingKind | None = relation(
        _kinds,
        returns=MeetingKind | None,
        description="Its kind, as the jurisdiction describes it (null if no longer offered).",
    )
    participants: list[Actor] | None = relation(
        _participants,
        returns=list[Actor] | None,
        description="The team members taking part. Requires scope actors:read.",
    )
    minutes: str | None = relation(
        _minutes,
        returns=str | None,
        description="What was said and agreed, once held; null for a reader who does not "
        "see `minutesCategory` (e.g. MEDICAL minutes for an employer).",
    )

    @property
    def _case_id(self) -> uuid.UUID:
        return self._row.case_id  # type: ignore[no-any-return]


def present_meeting(ctx: Context, case: Case, row: Any) -> Meeting:
    return present(
        ctx,
        Meeting,
        case._participant_id,
        case._visible,
        _row=row,
        _jurisdiction=case._row.jurisdiction,
        id=object_id(ctx, "Meeting", row.id),
        kind=row.kind,
        status=MeetingStatus(row.status),
        scheduled_for=row.scheduled_for,
        place=row.place,
        held_on=row.held_on,
        outcomes=list(row.outcomes or ()),
        minutes_category=row.minutes_category,
        created_at=row.created_at,
    )


# ---------------------------------------------------------------------- mutations


@strawberry.input(description="A meeting of the case team called for a day.")
class ScheduleMeetingInput:
    case_id: strawberry.ID = id_of("Case", description="The case.")
    kind: str = strawberry.field(
        description="A meeting kind of the case's jurisdiction (Jurisdiction.meetingKinds)."
    )
    scheduled_for: datetime.date = strawberry.field(description="The day it is called for.")
    participant_ids: list[strawberry.ID] = id_of(
        "Actor",
        default_factory=list,
        description="Who takes part: members of the case team, or the participant's own actor.",
    )
    place: str | None = strawberry.field(default=None, description="Where it takes place.")


@strawberry.input(description="A scheduled meeting that took place.")
class HoldMeetingInput:
    meeting_id: strawberry.ID = id_of("Meeting", description="The meeting.")
    held_on: datetime.date = strawberry.field(
        description="The day it was held (not later than today)."
    )
    minutes: str | None = strawberry.field(
        default=None, description="What was said and agreed (at most 10,000 characters)."
    )
    minutes_category: DataCategory = strawberry.field(
        default=DataCategory.PLAN,
        description="What the minutes reveal (e.g. MEDICAL): only readers who see it read "
        "them, and only someone who sees it may write them.",
    )
    outcomes: list[str] = strawberry.field(
        default_factory=list,
        description="Codes of the milestones the meeting met, among those its kind completes "
        "(MeetingKind.completes) and still to be met on the case.",
    )
    participant_ids: list[strawberry.ID] | None = id_of(
        "Actor",
        default=None,
        description="Who took part; left out: those it was scheduled with.",
    )


@strawberry.input(description="A scheduled meeting that will not take place.")
class CancelMeetingInput:
    meeting_id: strawberry.ID = id_of("Meeting", description="The meeting.")
    reason: str = strawberry.field(description="Why it is cancelled, for the team.")


async def _changed(batch: Batch[MeetingPayload]) -> list[Meeting | None]:
    found = await case_children(
        batch.ctx,
        m.Meeting.__table__,
        [p._changed for p in batch.parents if p._changed],
        present_meeting,
    )
    return [found.get(p._changed) if p._changed else None for p in batch.parents]


@strawberry.type(description="The result of scheduleMeeting, holdMeeting or cancelMeeting.")
class MeetingPayload(Payload):
    meeting: Meeting | None = relation(
        _changed,
        returns=Meeting | None,
        description="The meeting; null when userErrors say why not.",
    )


def _payload(row: m.Meeting | None, errors: list[Any]) -> MeetingPayload:
    return MeetingPayload(_changed=row.id if row is not None else None, user_errors=errors)


_CONVENERS = (
    "Requires scope notes:write; only the roles its kind names as conveners "
    "(MeetingKind.conveners) and ADMIN."
)


@strawberry.type
class MeetingMutations:
    @strawberry.mutation(description=f"Calls a meeting of the case team. {_CONVENERS}")
    async def schedule_meeting(self, info: Info, input: ScheduleMeetingInput) -> MeetingPayload:
        cmd = core.ScheduleMeeting(
            case_id=row_id(input.case_id),
            kind=input.kind,
            scheduled_for=input.scheduled_for,
            participant_ids=[row_id(i) for i in input.participant_ids],
            place=input.place,
        )
        return _payload(*await run(info, lambda work: core.schedule_meeting(work, cmd)))

    @strawberry.mutation(
        description="Records that a scheduled meeting was held: its minutes and the "
        f"milestones it met (met from that day). {_CONVENERS}"
    )
    async def hold_meeting(self, info: Info, input: HoldMeetingInput) -> MeetingPayload:
        cmd = core.HoldMeeting(
            meeting_id=row_id(input.meeting_id),
            held_on=input.held_on,
            minutes=input.minutes,
            minutes_category=input.minutes_category,
            outcomes=list(input.outcomes),
            participant_ids=(
                [row_id(i) for i in input.participant_ids]
                if input.participant_ids is not None
                else None
            ),
        )
        return _payload(*await run(info, lambda work: core.hold_meeting(work, cmd)))

    @strawberry.mutation(description=f"Cancels a scheduled meeting. {_CONVENERS}")
    async def cancel_meeting(self, info: Info, input: CancelMeetingInput) -> MeetingPayload:
        cmd = core.CancelMeeting(meeting_id=row_id(input.meeting_id), reason=input.reason)
        return _payload(*await run(info, lambda work: core.cancel_meeting(work, cmd)))
