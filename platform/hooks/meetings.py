"""The team's meetings: the kinds a jurisdiction offers, and what a held one meets.

The platform keeps every meeting of a case team (scheduled, held, cancelled;
who takes part; minutes; outcomes) and records it on the timeline. A
jurisdiction maps its own meetings onto that model by declaring their kinds
(`MeetingKinds.meeting_kinds`): NAV's dialogue meetings, Försäkringskassan's
reconciliation meeting. One that declares none offers the case conference
(`CASE_CONFERENCE`), which any jurisdiction may list among its own.

A kind names the milestones a meeting of it can meet (`completes`); holding
one names, among those, the outcomes it reached, and each is met on the day
the meeting was held (`met_by_meetings`), as if the plugin had said so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Protocol, runtime_checkable

from vocrehab.hooks.types import MeetingFacts, MeetingKindInfo, MilestoneInfo
from vocrehab.hooks.vocabulary import MeetingStatus
from vocrehab.hooks.vocabulary import StakeholderType as R

__all__ = ["CASE_CONFERENCE", "MeetingKinds", "meeting_kind", "meeting_kinds", "met_by_meetings"]

CASE_CONFERENCE = MeetingKindInfo(
    code="case_conference",
    names={
        "en": "Case conference",
        "nb": "Samarbeidsmøte",
        "sv": "Samordningsmöte",
    },
    conveners=(R.CASE_MANAGER, R.REHAB_COORDINATOR, R.EMPLOYMENT_OFFICER, R.CLINICIAN),
    descriptions={
        "en": "The team meets to agree who does what next: the clinician, the case manager, "
        "the employer and the participant around one table.",
    },
)
"""The meeting every jurisdiction offers unless it declares its own kinds."""


@runtime_checkable
class MeetingKinds(Protocol):
    """What a jurisdiction with meetings of its own also implements.

    Optional: without it, a case's team can hold case conferences
    (`CASE_CONFERENCE`) and nothing else. A jurisdiction that implements it
    lists every kind its cases offer, the case conference too if it wants it.
    """

    def meeting_kinds(self) -> Sequence[MeetingKindInfo]:
        """The kinds of meeting a case of this jurisdiction can have."""
        ...


def meeting_kinds(jurisdiction: object) -> tuple[MeetingKindInfo, ...]:
    """The meeting kinds a jurisdiction offers (the case conference by default)."""
    if isinstance(jurisdiction, MeetingKinds):
        return tuple(jurisdiction.meeting_kinds())
    return (CASE_CONFERENCE,)


def meeting_kind(jurisdiction: object, code: str) -> MeetingKindInfo | None:
    return next((k for k in meeting_kinds(jurisdiction) if k.code == code), None)


def met_by_meetings(
    milestones: Sequence[MilestoneInfo], meetings: Sequence[MeetingFacts]
) -> list[MilestoneInfo]:
    """The milestones, each still pending one that a held meeting reached as an
    outcome met on the day of the first such meeting."""
    met_on: dict[str, date] = {}
    for meeting in meetings:
        if meeting.status is not MeetingStatus.HELD or meeting.held_on is None:
            continue
        for code in meeting.outcomes:
            if code not in met_on or meeting.held_on < met_on[code]:
                met_on[code] = meeting.held_on
    return [
        replace(m, met_on=met_on[m.code])
        if m.code in met_on and m.met_on is None and not m.not_applicable
        else m
        for m in milestones
    ]
