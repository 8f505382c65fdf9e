"""The shared vocabulary (vocrehab.hooks.vocabulary) as GraphQL enums."""

from __future__ import annotations

import strawberry

from vocrehab.hooks import vocabulary as v

__all__ = [
    "ActorKind",
    "CaseStatus",
    "DataCategory",
    "DocumentFormat",
    "EmploymentStatus",
    "InterventionStatus",
    "MilestoneStatus",
    "PlanStatus",
    "ReturnToWorkPhase",
    "Severity",
    "StakeholderType",
]

StakeholderType = strawberry.enum(v.StakeholderType)
ReturnToWorkPhase = strawberry.enum(
    v.ReturnToWorkPhase,
    description="Young et al. 2005: off work, work re-entry, retention, advancement.",
)
CaseStatus = strawberry.enum(v.CaseStatus)
EmploymentStatus = strawberry.enum(v.EmploymentStatus)
PlanStatus = strawberry.enum(v.PlanStatus)
InterventionStatus = strawberry.enum(v.InterventionStatus)
MilestoneStatus = strawberry.enum(v.MilestoneStatus)
Severity = strawberry.enum(v.Severity)
ActorKind = strawberry.enum(v.ActorKind)
DataCategory = strawberry.enum(v.DataCategory)
DocumentFormat = strawberry.enum(v.DocumentFormat)
