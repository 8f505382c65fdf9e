"""The generic jurisdiction's meetings: the case conference.

A case conference brings the team around one table. Held, it can meet the
first contact with the participant and the contact with the workplace (when
the participant and the employer took part, the holder names them among its
outcomes), and it reviews the plan like an activation or an assessment does
(`milestones.REVIEW_EVENTS`).
"""

from __future__ import annotations

from dataclasses import replace

from vocrehab.hooks import CASE_CONFERENCE, MeetingKindInfo

__all__ = ["MEETING_KINDS"]

MEETING_KINDS: tuple[MeetingKindInfo, ...] = (
    replace(
        CASE_CONFERENCE,
        names={"en": "Case conference"},
        descriptions={"en": "The team meets to agree who does what next."},
        completes=("FIRST_CONTACT", "WORKPLACE_CONTACT"),
    ),
)
