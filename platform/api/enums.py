"""The shared vocabulary (vocrehab.hooks.vocabulary) as GraphQL enums.

`strawberry.enum` records its definition on the class itself, so the API uses
the very classes the core and the plugins use: no translation table.
"""

from __future__ import annotations

from enum import EnumMeta

import strawberry

from vocrehab.hooks.vocabulary import (
    ActorKind,
    AmountPeriod,
    CaseStatus,
    DataCategory,
    DocumentFormat,
    EmploymentStatus,
    InterventionStatus,
    MeetingStatus,
    MilestoneStatus,
    PlanStatus,
    ReturnToWorkPhase,
    Severity,
    StakeholderType,
)

__all__ = [
    "ActorKind",
    "AmountPeriod",
    "CaseStatus",
    "DataCategory",
    "DocumentFormat",
    "EmploymentStatus",
    "InterventionStatus",
    "MeetingStatus",
    "MilestoneStatus",
    "PlanStatus",
    "ReturnToWorkPhase",
    "Severity",
    "StakeholderType",
]

_DESCRIPTIONS: dict[EnumMeta, str] = {
    StakeholderType: "The kind of stakeholder a principal or a team member is.",
    ReturnToWorkPhase: "Young et al. 2005: off work, work re-entry, retention, advancement.",
    CaseStatus: "OPEN, ON_HOLD (paused, e.g. during treatment) or CLOSED.",
    EmploymentStatus: "The participant's relation to work when the case opens or changes.",
    PlanStatus: "DRAFT -> ACTIVE (one per case) -> SUPERSEDED | COMPLETED; a draft may be CANCELLED.",
    InterventionStatus: "PROPOSED -> REFERRED -> ACTIVE -> COMPLETED | DISCONTINUED.",
    MeetingStatus: "SCHEDULED: called for a day; HELD: took place (minutes, outcomes); "
    "CANCELLED: will not take place.",
    MilestoneStatus: "DUE: within a week of the due date; OVERDUE: past it and not met; "
    "OPTIONAL: past it and not met, but a possibility rather than a duty.",
    AmountPeriod: "What a benefit amount is counted per.",
    Severity: "ERROR blocks a change; WARNING is reported.",
    ActorKind: "A person or an organisation.",
    DataCategory: "Categories of participant data, each visible by role (AUTHZ).",
    DocumentFormat: "PDF for people, JSON and XML for systems, FHIR_JSON for health records.",
}
# Registration is the side effect wanted here, so it is a statement of its own:
# under `python -O` an assert and everything inside it disappear.
for _enum, _description in _DESCRIPTIONS.items():
    strawberry.enum(_enum, description=_description)
