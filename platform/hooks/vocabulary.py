"""The shared vocabulary of the platform: the enumerations every layer speaks.

They live in the plugin contract because plugins return them (a milestone's
responsible stakeholder, a rule's severity) and the platform stores them.
Values are the GraphQL enum values, so no layer needs a translation table.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "SCOPES",
    "SCOPES_BY_ROLE",
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


class StakeholderType(StrEnum):
    PARTICIPANT = "PARTICIPANT"
    EMPLOYER = "EMPLOYER"
    CLINICIAN = "CLINICIAN"
    CASE_MANAGER = "CASE_MANAGER"
    EMPLOYMENT_OFFICER = "EMPLOYMENT_OFFICER"
    REHAB_COORDINATOR = "REHAB_COORDINATOR"
    PROVIDER = "PROVIDER"
    ADMIN = "ADMIN"


class ReturnToWorkPhase(StrEnum):
    """Young et al. (2005), J Occup Rehabil 15(4): off work, re-entry, retention, advancement."""

    OFF_WORK = "OFF_WORK"
    RE_ENTRY = "RE_ENTRY"
    RETENTION = "RETENTION"
    ADVANCEMENT = "ADVANCEMENT"


class CaseStatus(StrEnum):
    OPEN = "OPEN"
    ON_HOLD = "ON_HOLD"
    CLOSED = "CLOSED"


class EmploymentStatus(StrEnum):
    EMPLOYED = "EMPLOYED"
    UNEMPLOYED = "UNEMPLOYED"
    SELF_EMPLOYED = "SELF_EMPLOYED"
    STUDENT = "STUDENT"
    OTHER = "OTHER"


class PlanStatus(StrEnum):
    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    SUPERSEDED = "SUPERSEDED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class InterventionStatus(StrEnum):
    PROPOSED = "PROPOSED"
    REFERRED = "REFERRED"
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    DISCONTINUED = "DISCONTINUED"


class MeetingStatus(StrEnum):
    """Where one of the team's meetings stands."""

    SCHEDULED = "SCHEDULED"
    HELD = "HELD"
    CANCELLED = "CANCELLED"


class MilestoneStatus(StrEnum):
    UPCOMING = "UPCOMING"
    DUE = "DUE"
    OVERDUE = "OVERDUE"
    MET = "MET"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    OPTIONAL = "OPTIONAL"
    """An optional milestone (a possibility, not a duty) past its due date and not met."""


class AmountPeriod(StrEnum):
    """What a benefit amount is counted per."""

    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"


class Severity(StrEnum):
    ERROR = "ERROR"
    WARNING = "WARNING"


class ActorKind(StrEnum):
    PERSON = "PERSON"
    ORGANISATION = "ORGANISATION"


class DataCategory(StrEnum):
    CONTACT = "CONTACT"
    MEDICAL = "MEDICAL"
    PLAN = "PLAN"
    BENEFITS = "BENEFITS"
    DOCUMENTS = "DOCUMENTS"


class DocumentFormat(StrEnum):
    PDF = "PDF"
    JSON = "JSON"
    XML = "XML"
    FHIR_JSON = "FHIR_JSON"


SCOPES: tuple[str, ...] = (
    "cases:read", "cases:write",
    "participants:read", "participants:write",
    "plans:read", "plans:write", "plans:approve",
    "assessments:read", "assessments:write", "medical:read",
    "interventions:read", "interventions:write",
    "benefits:read", "benefits:write",
    "notes:read", "notes:write",
    "documents:read", "documents:write",
    "consents:read", "consents:write",
    "actors:read", "actors:write",
    "audit:read",
    "webhooks:read", "webhooks:write",
    "admin",
)  # fmt: skip
"""Every OAuth scope (`resource:action`, AUTHZ.md); a case command names one of them."""


_READ = frozenset({
    "cases:read", "participants:read", "plans:read", "assessments:read", "interventions:read",
    "benefits:read", "notes:read", "notes:write", "documents:read", "documents:write", "actors:read",
})  # fmt: skip
# A machine client acting for any professional's actor may keep webhook subscriptions.
_WEBHOOKS = frozenset({"webhooks:read", "webhooks:write"})
SCOPES_BY_ROLE: dict[StakeholderType, frozenset[str]] = {
    StakeholderType.PARTICIPANT: _READ | {"medical:read", "plans:approve", "consents:read",
                                          "consents:write", "audit:read"},
    StakeholderType.EMPLOYER: _READ | _WEBHOOKS | {"plans:write", "plans:approve"},
    StakeholderType.CLINICIAN: _READ | _WEBHOOKS | {"medical:read", "assessments:write",
                                                    "interventions:write"},
    StakeholderType.CASE_MANAGER: _READ | _WEBHOOKS | {"medical:read", "cases:write",
                                                       "participants:write", "plans:write",
                                                       "interventions:write", "benefits:write"},
    StakeholderType.EMPLOYMENT_OFFICER: _READ | _WEBHOOKS | {"medical:read", "plans:write",
                                                             "interventions:write"},
    StakeholderType.REHAB_COORDINATOR: _READ | _WEBHOOKS | {"medical:read", "cases:write",
                                                            "assessments:write",
                                                            "interventions:write"},
    StakeholderType.PROVIDER: _READ | _WEBHOOKS | {"medical:read", "interventions:write"},
    StakeholderType.ADMIN: frozenset(SCOPES),
}  # fmt: skip
"""The most a token of each stakeholder type may ever carry (AUTHZ.md): a case command
offered to a role must need a scope that role can hold, or nobody in it can run it."""
