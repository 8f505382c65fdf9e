"""The Swedish jurisdiction's own enumerations, shared by the rules and its GraphQL types.

Values are what the details JSON stores and what GraphQL shows; the GraphQL
names carry the `Fk` prefix so they never clash with another plugin's types.
"""

from __future__ import annotations

from enum import StrEnum

import strawberry

__all__ = [
    "AssessmentBasis",
    "ChainException",
    "ChainStage",
    "EmployerPlanDecision",
    "EmployerPlanStatus",
    "MeetingParticipant",
    "MeetingStatus",
    "Payer",
]


@strawberry.enum(name="FkAssessmentBasis", description="What work capacity is assessed against.")
class AssessmentBasis(StrEnum):
    OWN_JOB = "OWN_JOB"
    """The own usual job, or suitable work the employer can offer temporarily (days 1-90)."""
    ANY_JOB_AT_EMPLOYER = "ANY_JOB_AT_EMPLOYER"
    """Any work at the employer (days 91-180, and to day 365 under an exception)."""
    NORMALLY_OCCURRING_WORK = "NORMALLY_OCCURRING_WORK"
    """Work that normally occurs on the labour market (from day 181)."""

    @property
    def breadth(self) -> int:
        """The tests are cumulative: a broader basis includes the narrower ones."""
        return list(AssessmentBasis).index(self)


@strawberry.enum(name="FkChainStage", description="Stage of the rehabilitation chain.")
class ChainStage(StrEnum):
    DAYS_1_90 = "DAYS_1_90"
    DAYS_91_180 = "DAYS_91_180"
    DAYS_181_365 = "DAYS_181_365"
    FROM_DAY_366 = "FROM_DAY_366"


@strawberry.enum(
    name="FkChainException",
    description="Recorded exceptions under which, after day 180, work capacity is still "
    "assessed against work at the employer (until day 365). Age 63 or older is derived "
    "from the date of birth.",
)
class ChainException(StrEnum):
    RETURN_SAME_HOURS_BY_DAY_365 = "RETURN_SAME_HOURS_BY_DAY_365"
    """Likely return to the employer, with the same working time, before one year."""
    SPECIAL_REASONS_RETURN_BY_DAY_550 = "SPECIAL_REASONS_RETURN_BY_DAY_550"
    """Special reasons to expect a return to the employer by day 550."""
    SERIOUS_ILLNESS = "SERIOUS_ILLNESS"
    """Serious illness. Keeping sickness benefit at the normal level after 364 days is a
    separate decision of Försäkringskassan (fkRecordNormalLevelDecision)."""


@strawberry.enum(name="FkEmployerPlanDecision", description="What the employer records.")
class EmployerPlanDecision(StrEnum):
    DRAWN_UP = "DRAWN_UP"
    """The plan for return to work has been drawn up."""
    NOT_NEEDED_CANNOT_RETURN = "NOT_NEEDED_CANNOT_RETURN"
    """No plan: the employee's health clearly rules out a return to work."""


@strawberry.enum(name="FkEmployerPlanStatus", description="Where the employer's plan stands.")
class EmployerPlanStatus(StrEnum):
    NOT_REQUIRED = "NOT_REQUIRED"
    REQUIRED = "REQUIRED"
    DRAWN_UP = "DRAWN_UP"
    NOT_NEEDED = "NOT_NEEDED"


@strawberry.enum(name="FkPayer", description="Who pays for a day of sick leave.")
class Payer(StrEnum):
    EMPLOYER = "EMPLOYER"
    """Sick pay (sjuklön), days 1-14 of an employee's sick period."""
    FORSAKRINGSKASSAN = "FORSAKRINGSKASSAN"
    """Sickness benefit (sjukpenning)."""


@strawberry.enum(
    name="FkMeetingParticipant",
    description="Who takes part in a reconciliation meeting (avstämningsmöte), SFB 110 kap. 14 §.",
)
class MeetingParticipant(StrEnum):
    INSURED_PERSON = "INSURED_PERSON"
    FORSAKRINGSKASSAN = "FORSAKRINGSKASSAN"
    """The convenor, who documents the meeting."""
    DOCTOR = "DOCTOR"
    EMPLOYER = "EMPLOYER"
    OCCUPATIONAL_HEALTH = "OCCUPATIONAL_HEALTH"
    """Företagshälsovård."""
    EMPLOYMENT_SERVICE = "EMPLOYMENT_SERVICE"
    """Arbetsförmedlingen."""
    UNION_REPRESENTATIVE = "UNION_REPRESENTATIVE"


@strawberry.enum(name="FkMeetingStatus", description="Where a reconciliation meeting stands.")
class MeetingStatus(StrEnum):
    PLANNED = "PLANNED"
    HELD = "HELD"
    CANCELLED = "CANCELLED"
