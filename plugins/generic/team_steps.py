"""The steps the rest of the team owes a generic case: each stakeholder's move.

The case manager coordinates (`milestones`); these are the others' steps, so
that a clinician, an employer, the participant, a provider, an employment
officer and a rehabilitation coordinator each see what waits for them
(`Query.moves`):

- WORK_CAPACITY_ASSESSMENT (clinician): due `assessment_due_days` after the
  case opened; met by the first assessment recorded.
- CASE_CONFERENCE (rehabilitation coordinator): due `case_conference_days`
  after the case opened; met on the day the first case conference is held.
- WORK_MEASURE (employment officer): only for a participant without a job; due
  `work_measure_days` after the case opened; met when a work-oriented
  intervention is first proposed.
- PLAN_APPROVAL_PARTICIPANT and PLAN_APPROVAL_EMPLOYER: the newest plan that is
  a draft or active; due `approval_days` after it was drafted; met when the role
  approved it. Not applicable once it was activated without that approval, and
  the employer's not for a participant without an employer.
- INTERVENTION_START_<n> (provider): the n-th intervention referred to a
  provider; due on its start day (or `approval_days` after the referral); met
  on the day it became ACTIVE; not applicable once discontinued before that.

Like every milestone, computed from the case facts alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from vocrehab.hooks import (
    CaseFacts,
    EmploymentStatus,
    EventFacts,
    InterventionStatus,
    MilestoneInfo,
    PlanStatus,
)
from vocrehab.hooks import StakeholderType as R
from vocrehab_generic import sources
from vocrehab_generic.options import GenericOptions

__all__ = ["team_steps"]

CASE_CONFERENCE = "case_conference"


def team_steps(case: CaseFacts, options: GenericOptions) -> list[MilestoneInfo]:
    return [
        _assessment(case, options),
        _case_conference(case, options),
        _work_measure(case, options),
        *_approvals(case, options),
        *_intervention_starts(case, options),
    ]


def _opened(case: CaseFacts, days: int) -> date:
    return case.opened_at.date() + timedelta(days=days)


def _first(case: CaseFacts, matches: Callable[[EventFacts], bool]) -> date | None:
    return min((e.at.date() for e in case.events if matches(e)), default=None)


def _assessment(case: CaseFacts, options: GenericOptions) -> MilestoneInfo:
    return MilestoneInfo(
        code="WORK_CAPACITY_ASSESSMENT",
        names={"en": "Assess the participant's work capacity"},
        descriptions={
            "en": f"Met by the first assessment recorded; due {options.assessment_due_days} "
            "days after the case opened."
        },
        due_date=_opened(case, options.assessment_due_days),
        responsible=R.CLINICIAN,
        legal_reference=sources.WHO_ICF,
        met_on=_first(case, lambda e: e.kind == "assessment.recorded"),
    )


def _held_on(event: EventFacts) -> date:
    held = event.data.get("heldOn")
    return date.fromisoformat(held) if isinstance(held, str) else event.at.date()


def _case_conference(case: CaseFacts, options: GenericOptions) -> MilestoneInfo:
    held = [
        _held_on(e)
        for e in case.events
        if e.kind == "meeting.held" and e.data.get("kind") == CASE_CONFERENCE
    ]
    return MilestoneInfo(
        code="CASE_CONFERENCE",
        names={"en": "Bring the team together for a case conference"},
        descriptions={
            "en": "Met on the day the first case conference is held (holdMeeting); due "
            f"{options.case_conference_days} days after the case opened."
        },
        due_date=_opened(case, options.case_conference_days),
        responsible=R.REHAB_COORDINATOR,
        legal_reference=sources.FRANCHE_2005,
        met_on=min(held, default=None),
    )


def _work_measure(case: CaseFacts, options: GenericOptions) -> MilestoneInfo:
    return MilestoneInfo(
        code="WORK_MEASURE",
        names={"en": "Propose a work-oriented measure"},
        descriptions={
            "en": "For a participant without a job: met when an intervention is first "
            f"proposed; due {options.work_measure_days} days after the case opened."
        },
        due_date=_opened(case, options.work_measure_days),
        responsible=R.EMPLOYMENT_OFFICER,
        legal_reference=sources.IPS_PRINCIPLES,
        met_on=_first(case, lambda e: e.kind == "intervention.proposed"),
        not_applicable=case.employment_status is not EmploymentStatus.UNEMPLOYED,
    )


def _approvals(case: CaseFacts, options: GenericOptions) -> list[MilestoneInfo]:
    plans = [p for p in case.plans if p.status in (PlanStatus.DRAFT, PlanStatus.ACTIVE)]
    if not plans:
        return []
    plan = max(plans, key=lambda p: p.version)
    drafted = (plan.created_at or case.opened_at).date()
    found = []
    for role, code, who in (
        (R.PARTICIPANT, "PLAN_APPROVAL_PARTICIPANT", "the participant"),
        (R.EMPLOYER, "PLAN_APPROVAL_EMPLOYER", "the employer"),
    ):
        approved = min((a.approved_at.date() for a in plan.approvals if a.role is role),
                       default=None)  # fmt: skip
        without = plan.status is PlanStatus.ACTIVE and approved is None
        found.append(
            MilestoneInfo(
                code=code,
                names={"en": f"Approve plan version {plan.version}"},
                descriptions={
                    "en": f"Met when {who} approves the plan; due {options.approval_days} "
                    "days after it was drafted."
                },
                due_date=drafted + timedelta(days=options.approval_days),
                responsible=role,
                legal_reference=sources.YOUNG_2005,
                met_on=approved,
                not_applicable=without or (role is R.EMPLOYER and not case.has_employer),
            )
        )
    return found


def _intervention_starts(case: CaseFacts, options: GenericOptions) -> list[MilestoneInfo]:
    found = []
    referred = [i for i in case.interventions if i.provider_id is not None and i.status
                is not InterventionStatus.PROPOSED]  # fmt: skip
    for number, intervention in enumerate(referred, start=1):

        def about(e: EventFacts, kind: str, i: str = intervention.id) -> bool:
            return e.kind == kind and e.data.get("interventionId") == i

        referred_on = _first(case, lambda e: about(e, "intervention.referred"))
        due = intervention.start_date or (
            (referred_on or case.opened_at.date()) + timedelta(days=options.approval_days)
        )
        started = _first(case, lambda e: about(e, "intervention.active"))
        stopped = intervention.status is InterventionStatus.DISCONTINUED and started is None
        found.append(
            MilestoneInfo(
                code=f"INTERVENTION_START_{number}",
                names={"en": f"Start the referred intervention ({intervention.type_code})"},
                descriptions={
                    "en": "Met on the day the provider starts it (status ACTIVE); due on its "
                    "planned start."
                },
                due_date=due,
                responsible=R.PROVIDER,
                legal_reference=sources.IPS_PRINCIPLES,
                met_on=started,
                not_applicable=stopped,
            )
        )
    return found
