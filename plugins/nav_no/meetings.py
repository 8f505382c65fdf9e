"""The dialogue meetings (dialogmøter) as meeting kinds of the platform.

Meeting 1 is the employer's, within 7 weeks (aml § 4-6); meetings 2 and 3 are
called by NAV (ftrl § 8-7 a). Held through the platform's meetings
(`scheduleMeeting`, `holdMeeting`), meeting 1 meets DIALOGUE_MEETING_1 and
meeting 2 DIALOGUE_MEETING_2 when the holder names them among the outcomes; the
team can also hold case conferences (samarbeidsmøter). The meetings recorded
in the case details (`navCompleteDialogueMeeting`) keep meeting the same
milestones.
"""

from __future__ import annotations

from dataclasses import replace

from vocrehab.hooks import CASE_CONFERENCE, MeetingKindInfo
from vocrehab.hooks import StakeholderType as R
from vocrehab_nav_no import sources
from vocrehab_nav_no.language import texts

__all__ = ["MEETING_KINDS"]

MEETING_KINDS: tuple[MeetingKindInfo, ...] = (
    MeetingKindInfo(
        code="no.dialogue_meeting_1",
        names=texts("Dialogmøte 1", "Dialogue meeting 1"),
        conveners=(R.EMPLOYER,),
        completes=("DIALOGUE_MEETING_1",),
        legal_reference=sources.AML_4_6_DIALOGUE,
        descriptions=texts(
            "Arbeidsgiveren kaller inn den sykmeldte (og sykmelder ved behov) innen 7 uker.",
            "The employer calls the employee (and the sykmelder if needed) within 7 weeks.",
        ),
    ),
    MeetingKindInfo(
        code="no.dialogue_meeting_2",
        names=texts("Dialogmøte 2", "Dialogue meeting 2"),
        conveners=(R.CASE_MANAGER,),
        completes=("DIALOGUE_MEETING_2",),
        legal_reference=sources.FTRL_8_7A,
        descriptions=texts(
            "NAV kaller inn den sykmeldte, arbeidsgiveren og sykmelder innen 26 uker.",
            "NAV calls the employee, the employer and the sykmelder within 26 weeks.",
        ),
    ),
    MeetingKindInfo(
        code="no.dialogue_meeting_3",
        names=texts("Dialogmøte 3", "Dialogue meeting 3"),
        conveners=(R.CASE_MANAGER,),
        legal_reference=sources.FTRL_8_7A,
        descriptions=texts(
            "NAV holder et tredje møte når en av partene ber om det.",
            "NAV holds a third meeting when one of the parties asks for it.",
        ),
    ),
    replace(CASE_CONFERENCE, names=texts("Samarbeidsmøte", "Case conference"),
            descriptions=texts("Teamet møtes for å avtale hvem som gjør hva videre.",
                               "The team meets to agree who does what next.")),
)  # fmt: skip
