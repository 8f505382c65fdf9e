"""The reconciliation meeting (avstämningsmöte) as a meeting kind of the platform.

Försäkringskassan convenes and documents it (SFB 110 kap. 14 § 4 p.); the
employer may ask for one, but Försäkringskassan decides. The meetings planned
and recorded in the case details (`fkPlanReconciliationMeeting`) keep their own
milestones; this kind lets the team keep the meeting with the platform's
others, with minutes and participants. The team can also hold case
conferences (samordningsmöten).
"""

from __future__ import annotations

from dataclasses import replace

from vocrehab.hooks import CASE_CONFERENCE, MeetingKindInfo
from vocrehab.hooks import StakeholderType as R
from vocrehab_fk_se import sources
from vocrehab_fk_se.language import both

__all__ = ["MEETING_KINDS"]

MEETING_KINDS: tuple[MeetingKindInfo, ...] = (
    MeetingKindInfo(
        code="se.reconciliation_meeting",
        names=both("Avstämningsmöte", "Reconciliation meeting"),
        conveners=(R.CASE_MANAGER,),
        legal_reference=sources.RECONCILIATION_MEETING,
        descriptions=both(
            "Försäkringskassan kallar den försäkrade och andra (läkaren, arbetsgivaren, "
            "företagshälsovården) för att klargöra arbetsförmåga och rehabiliteringsbehov.",
            "Försäkringskassan calls the insured person and others (the doctor, the employer, "
            "occupational health) to clarify work capacity and rehabilitation needs.",
        ),
    ),
    replace(CASE_CONFERENCE, names=both("Samordningsmöte", "Case conference"),
            descriptions=both("Teamet möts för att komma överens om vem som gör vad härnäst.",
                              "The team meets to agree who does what next.")),
)  # fmt: skip
