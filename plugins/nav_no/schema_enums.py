"""The model's enums under their GraphQL names.

Every name carries the `Nav` prefix, so no other plugin's schema can clash with
it, and each enum has exactly one name: the details (`presentation`) and the
commands' inputs (`commands`) both import this module before they use the
enums, so an input and an output of the same enum are the same GraphQL type.
"""

from __future__ import annotations

import strawberry

from vocrehab_nav_no.model import (
    ActivityStatus,
    BackdatingDecision,
    BackdatingOutcome,
    DocumentedBy,
    ExceptionReason,
    Feasibility,
    FollowUpPlanStatus,
    IssuerProfession,
    MeasureStatus,
    MeetingStatus,
    PeriodType,
)

__all__ = [
    "ActivityStatus",
    "BackdatingDecision",
    "BackdatingOutcome",
    "DocumentedBy",
    "ExceptionReason",
    "Feasibility",
    "FollowUpPlanStatus",
    "IssuerProfession",
    "MeasureStatus",
    "MeetingStatus",
    "PeriodType",
]

strawberry.enum(
    PeriodType,
    name="NavSickNotePeriodType",
    description="The kind of a sick-note period (AKTIVITET_IKKE_MULIG is 100 %).",
)
strawberry.enum(
    IssuerProfession,
    name="NavSickNoteIssuer",
    description="Who wrote the sick note: LE doctor, TL dentist, MT manual therapist, "
    "FT physiotherapist, KI chiropractor.",
)
strawberry.enum(
    BackdatingOutcome,
    name="NavBackdatingOutcome",
    description="OK, or MANUAL_REVIEW by a NAV adviser.",
)
strawberry.enum(
    BackdatingDecision,
    name="NavBackdatingDecision",
    description="GODKJENT: the note counts from its first day; AVSLATT: from its signature.",
)
strawberry.enum(
    FollowUpPlanStatus,
    name="NavFollowUpPlanStatus",
    description="UNDER_ARBEID -> AKTIV (approved) -> UTDATERT | AVBRUTT.",
)
strawberry.enum(
    MeasureStatus,
    name="NavFollowUpMeasureStatus",
    description="FORSLAG -> AVTALT (agreed) | IKKE_AKTUELT; AVTALT -> AVBRUTT.",
)
strawberry.enum(
    Feasibility,
    name="NavFollowUpTaskFeasibility",
    description="Can the employee do the task: KAN, KAN_IKKE, TILRETTELEGGING (with "
    "adaptation), IKKE_VURDERT.",
)
strawberry.enum(
    MeetingStatus,
    name="NavDialogueMeetingStatus",
    description="INNKALT -> NYTT_TID_STED -> FERDIGSTILT (held) | AVLYST.",
)
strawberry.enum(
    ActivityStatus,
    name="NavActivityRequirementStatus",
    description="NAV's assessment of the activity requirement (ftrl § 8-8).",
)
strawberry.enum(
    ExceptionReason,
    name="NavActivityExceptionReason",
    description="MEDISINSKE_GRUNNER (weighty medical reasons) or ARBEIDSPLASSEN "
    "(activity impossible at the workplace).",
)
strawberry.enum(DocumentedBy, name="NavActivityDocumentedBy",
                description="Who documented an exception: the sykmelder or the employer.")  # fmt: skip
