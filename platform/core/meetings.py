"""The team's meetings: scheduling, holding and cancelling them.

A meeting is of a kind the case's jurisdiction offers (`hooks.meetings`): NAV's
dialogue meetings, Försäkringskassan's reconciliation meeting, a case
conference. Only the kind's conveners (and ADMIN) schedule, hold or cancel one.
Its participants are team members (or the participant). Held, it gets minutes,
readable only by those who see the minutes' data category, and outcomes: the
milestones of its kind it met, met from the day it was held. Each change is
one transaction that also records its event (meeting.scheduled, .held,
.cancelled) and recomputes the milestones.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from vocrehab.core.casework import after_change, case_for_change, record_event, require_open
from vocrehab.core.errors import (
    DomainError,
    Problem,
    ProblemCode,
    invalid_state,
    not_allowed,
    not_found,
)
from vocrehab.core.policy import Action, CaseAccess, reachable_categories
from vocrehab.core.validation import Checks
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.db.base import new_id
from vocrehab.hooks.meetings import meeting_kind, meeting_kinds
from vocrehab.hooks.types import MeetingKindInfo
from vocrehab.hooks.vocabulary import DataCategory, MeetingStatus
from vocrehab.hooks.vocabulary import StakeholderType as R

__all__ = [
    "CancelMeeting",
    "HoldMeeting",
    "ScheduleMeeting",
    "cancel_meeting",
    "hold_meeting",
    "schedule_meeting",
]

MAX_PARTICIPANTS = 50


@dataclass(frozen=True)
class ScheduleMeeting:
    case_id: uuid.UUID
    kind: str
    scheduled_for: date
    participant_ids: Sequence[uuid.UUID] = ()
    place: str | None = None


@dataclass(frozen=True)
class HoldMeeting:
    meeting_id: uuid.UUID
    held_on: date
    minutes: str | None = None
    minutes_category: DataCategory = DataCategory.PLAN
    outcomes: Sequence[str] = ()
    """Milestone codes the meeting met (among those its kind `completes`)."""
    participant_ids: Sequence[uuid.UUID] | None = None
    """Who took part; None: those it was scheduled with."""


@dataclass(frozen=True)
class CancelMeeting:
    meeting_id: uuid.UUID
    reason: str


def _title(kind: MeetingKindInfo) -> str:
    return kind.names["en"]


def _convenes(work: Work, case_access: CaseAccess, kind: MeetingKindInfo) -> None:
    """Only the kind's conveners (and ADMIN) call, hold or cancel a meeting of it."""
    if work.principal.is_admin or case_access.roles & set(kind.conveners):
        return
    allowed = ", ".join(sorted({r.value for r in kind.conveners} | {R.ADMIN.value}))
    raise not_allowed(f"only {allowed} may call, hold or cancel a {_title(kind).lower()}")


async def _participants(
    work: Work, case: m.Case, ids: Sequence[uuid.UUID], checks: Checks
) -> list[str]:
    """Team members on the case today, or the participant's own actor; in the order given."""
    field = ("participant_ids",)
    checks.capped(field, ids, MAX_PARTICIPANTS)
    wanted = list(dict.fromkeys(ids))[:MAX_PARTICIPANTS]
    if not wanted:
        return []
    team = m.CaseTeamMember
    members = set(
        await work.session.scalars(
            sa.select(team.actor_id).where(
                team.case_id == case.id,
                team.actor_id.in_(wanted),
                team.since <= work.today,
                sa.or_(team.until.is_(None), team.until >= work.today),
            )
        )
    )
    own = await work.session.scalar(
        sa.select(m.Participant.actor_id).where(m.Participant.id == case.participant_id)
    )
    for index, actor_id in enumerate(ids[:MAX_PARTICIPANTS]):
        if actor_id not in members and actor_id != own:
            checks.fail((*field, str(index)), "is not on the case team", ProblemCode.NOT_FOUND)
    return [str(a) for a in wanted]


async def schedule_meeting(work: Work, cmd: ScheduleMeeting) -> m.Meeting:
    case, case_access = await case_for_change(work, cmd.case_id, Action.MANAGE_MEETINGS)
    require_open(case)
    jurisdiction = work.jurisdiction(case.jurisdiction)
    kind = meeting_kind(jurisdiction, cmd.kind)
    checks = Checks()
    if kind is None:
        offered = ", ".join(k.code for k in meeting_kinds(jurisdiction))
        checks.fail(("kind",), f"not a meeting kind of this case's jurisdiction ({offered})")
    else:
        _convenes(work, case_access, kind)
    place = checks.text(("place",), cmd.place)
    opened = case.opened_at.astimezone(work.clock.zone).date()
    if cmd.scheduled_for < opened:
        checks.fail(("scheduled_for",), f"must not be before the case opened ({opened})")
    participants = await _participants(work, case, cmd.participant_ids, checks)
    checks.done()
    assert kind is not None  # else checks.done() raised
    now = work.clock.now()
    meeting = m.Meeting(
        id=new_id(), case_id=case.id, kind=kind.code, status=MeetingStatus.SCHEDULED,
        scheduled_for=cmd.scheduled_for, place=place, participant_ids=participants, outcomes=[],
        minutes_category=DataCategory.PLAN, created_by_id=work.principal.actor_id,
        created_at=now, updated_at=now,
    )  # fmt: skip
    work.session.add(meeting)
    record_event(
        work, case, "meeting.scheduled", f"{_title(kind)} called for {cmd.scheduled_for}",
        case_access=case_access,
        data={"meetingId": str(meeting.id), "kind": kind.code,
              "scheduledFor": cmd.scheduled_for.isoformat()},
    )  # fmt: skip
    await after_change(work, case)
    return meeting


async def _meeting_for_change(
    work: Work, meeting_id: uuid.UUID
) -> tuple[m.Meeting, m.Case, CaseAccess, MeetingKindInfo]:
    """The meeting, its case (locked) and kind, if the caller may see the case and
    convenes meetings of the kind; NOT_FOUND for one the caller may not see."""
    case_id = await work.session.scalar(
        sa.select(m.Meeting.case_id).where(m.Meeting.id == meeting_id)
    )
    if case_id is None:
        raise not_found("no such meeting", ("meeting_id",))
    case, case_access = await case_for_change(
        work, case_id, Action.MANAGE_MEETINGS, ("meeting_id",)
    )
    meeting = await work.session.get(m.Meeting, meeting_id)
    assert meeting is not None  # its case is locked: it cannot go away now
    kind = meeting_kind(work.jurisdiction(case.jurisdiction), meeting.kind)
    if kind is None:  # the plugin stopped offering it: nobody convenes it any more
        raise invalid_state(f"meetings of kind {meeting.kind} are no longer offered")
    _convenes(work, case_access, kind)
    require_open(case)
    if meeting.status is not MeetingStatus.SCHEDULED:
        raise invalid_state(f"the meeting was {meeting.status.value.lower()} already")
    return meeting, case, case_access, kind


async def _outcomes(
    work: Work, case: m.Case, kind: MeetingKindInfo, codes: Sequence[str], checks: Checks
) -> list[str]:
    """Milestones of the kind's `completes` that are still to be met on the case."""
    field = ("outcomes",)
    checks.capped(field, codes, max(len(kind.completes), 1))
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return []
    pending = set(
        await work.session.scalars(
            sa.select(m.Milestone.code).where(
                m.Milestone.case_id == case.id,
                m.Milestone.code.in_(wanted),
                m.Milestone.pending.is_(True),
            )
        )
    )
    for index, code in enumerate(codes):
        if code not in kind.completes:
            offered = ", ".join(kind.completes) or "none"
            checks.fail((*field, str(index)),
                        f"a {_title(kind).lower()} does not meet {code} (it may meet: {offered})")  # fmt: skip
        elif code not in pending:
            checks.fail((*field, str(index)), f"{code} is not a step still to be met on this case")
    return wanted


async def _unknown_actors(work: Work, ids: Sequence[uuid.UUID] | None) -> list[Problem]:
    """The ids among `ids` that name no actor (NOT_FOUND, named by their index)."""
    if not ids:
        return []
    known = set(await work.session.scalars(sa.select(m.Actor.id).where(m.Actor.id.in_(ids))))
    return [
        Problem(ProblemCode.NOT_FOUND, "no such actor", ("participant_ids", str(index)))
        for index, actor_id in enumerate(ids)
        if actor_id not in known
    ]


async def hold_meeting(work: Work, cmd: HoldMeeting) -> m.Meeting:
    try:
        meeting, case, case_access, kind = await _meeting_for_change(work, cmd.meeting_id)
    except DomainError as exc:  # name every ID that names nothing, not only the first
        raise DomainError(
            [*exc.problems, *await _unknown_actors(work, cmd.participant_ids)]
        ) from None
    checks = Checks()
    minutes = checks.text(("minutes",), cmd.minutes)
    checks.not_after(("held_on",), cmd.held_on, work.today, "today")
    opened = case.opened_at.astimezone(work.clock.zone).date()
    if cmd.held_on < opened:
        checks.fail(("held_on",), f"must not be before the case opened ({opened})")
    if cmd.minutes_category not in reachable_categories(work.principal, case_access.categories):
        checks.fail(
            ("minutes_category",),
            f"you do not see {cmd.minutes_category.value} on this case, so you cannot write "
            "minutes of it",
            ProblemCode.NOT_ALLOWED,
        )
    outcomes = await _outcomes(work, case, kind, cmd.outcomes, checks)
    participants = (
        await _participants(work, case, cmd.participant_ids, checks)
        if cmd.participant_ids is not None
        else list(meeting.participant_ids or [])
    )
    checks.done()
    meeting.status = MeetingStatus.HELD
    meeting.held_on = cmd.held_on
    meeting.minutes = minutes
    meeting.minutes_category = cmd.minutes_category
    meeting.outcomes = outcomes
    meeting.participant_ids = participants
    meeting.updated_at = work.clock.now()
    met = f"; met {', '.join(outcomes)}" if outcomes else ""
    record_event(
        work, case, "meeting.held", f"{_title(kind)} held on {cmd.held_on}{met}",
        case_access=case_access,
        data={"meetingId": str(meeting.id), "kind": kind.code, "heldOn": cmd.held_on.isoformat(),
              "outcomes": outcomes},
    )  # fmt: skip
    await after_change(work, case)
    return meeting


async def cancel_meeting(work: Work, cmd: CancelMeeting) -> m.Meeting:
    meeting, case, case_access, kind = await _meeting_for_change(work, cmd.meeting_id)
    checks = Checks()
    reason = checks.text(("reason",), cmd.reason, required=True)
    checks.done()
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.updated_at = work.clock.now()
    planned = f" (planned for {meeting.scheduled_for})" if meeting.scheduled_for else ""
    record_event(
        work, case, "meeting.cancelled", f"{_title(kind)} cancelled{planned}",
        case_access=case_access, data={"meetingId": str(meeting.id), "kind": kind.code},
    )  # fmt: skip
    await after_change(work, case)
    return meeting
