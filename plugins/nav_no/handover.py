"""What a Norwegian case hands over beyond the platform's brief: the dialogue
meetings (aml § 4-6, ftrl § 8-7 a) with their conclusions, and where the
employer's follow-up plan (oppfølgingsplan) stands.

Read from the case's details as the reader's snapshot holds them (the platform
has already dropped what the reader may not see).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from vocrehab.hooks import CaseFacts, HandoverItem, HandoverSection
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.model import DialogueMeeting, MeetingStatus

__all__ = ["handover_sections"]

_STATUS = {
    MeetingStatus.INNKALT: {"en": "invited", "nb": "innkalt"},
    MeetingStatus.NYTT_TID_STED: {"en": "moved", "nb": "ny tid/sted"},
    MeetingStatus.FERDIGSTILT: {"en": "held", "nb": "avholdt"},
    MeetingStatus.AVLYST: {"en": "cancelled", "nb": "avlyst"},
}


def _meeting(meeting: DialogueMeeting) -> HandoverItem:
    status = _STATUS[meeting.status]
    text = {
        lang: f"Dialogue meeting {meeting.number}: {status[lang]}"
        if lang == "en"
        else f"Dialogmøte {meeting.number}: {status[lang]}"
        for lang in ("en", "nb")
    }
    if meeting.minutes is not None:
        text = {lang: f"{line}. {meeting.minutes.conclusion}" for lang, line in text.items()}
    return HandoverItem(text=text, on=meeting.held_on or meeting.cancelled_on or meeting.on)


def _since(day: date | None, since: date | None) -> bool:
    return since is None or day is None or day >= since


def handover_sections(
    case: CaseFacts, since: date | None, today: date
) -> Sequence[HandoverSection]:
    record = read_record(case)
    sections = []
    meetings = [
        _meeting(m)
        for m in record.dialogue_meetings
        if m.is_open or _since(m.held_on or m.cancelled_on or m.on, since)
    ]
    if meetings:
        sections.append(
            HandoverSection(
                "NO_DIALOGUE_MEETINGS",
                {"en": "Dialogue meetings", "nb": "Dialogmøter"},
                tuple(meetings),
            )
        )
    plan = record.follow_up_plan
    if plan is not None:
        shared = plan.shared_with_nav_on
        sections.append(
            HandoverSection(
                "NO_FOLLOW_UP_PLAN",
                {"en": "Follow-up plan (aml § 4-6)", "nb": "Oppfølgingsplan (aml § 4-6)"},
                (
                    HandoverItem(
                        {
                            "en": f"Follow-up plan {plan.status.value.lower()}"
                            + (f", sent to NAV {shared.isoformat()}" if shared else ""),
                            "nb": f"Oppfølgingsplan {plan.status.value.lower()}"
                            + (f", sendt NAV {shared.isoformat()}" if shared else ""),
                        },
                        on=plan.approved_on or plan.created_on,
                    ),
                ),
            )
        )
    return sections
