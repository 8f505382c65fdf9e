"""The rest of the team's steps on a generic case: each stakeholder has a move."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from test_generic_milestones import OPENED, by_code, day, event, make_case

from vocrehab.hooks import (
    ApprovalFacts,
    CaseStatus,
    EmploymentStatus,
    EventFacts,
    InterventionFacts,
    InterventionStatus,
    PlanFacts,
    PlanStatus,
    StakeholderType,
)
from vocrehab_generic import GenericJurisdiction, GenericOptions

R = StakeholderType


def _plan(status: PlanStatus, *approvals: tuple[R, date], version: int = 1) -> PlanFacts:
    return PlanFacts(
        id=f"plan-{version}", version=version, status=status, title="Plan", goal=None, steps=(),
        approvals=tuple(ApprovalFacts(r, datetime.combine(d, time(9), tzinfo=UTC))
                        for r, d in approvals),
        created_at=datetime.combine(day(3), time(9), tzinfo=UTC),
    )  # fmt: skip


def test_every_role_of_a_new_case_has_a_step() -> None:
    found = by_code(make_case(employment_status=EmploymentStatus.UNEMPLOYED, has_employer=False))
    owners = {code: (m.responsible, m.due_date, m.not_applicable) for code, m in found.items()}
    assert owners["WORK_CAPACITY_ASSESSMENT"] == (R.CLINICIAN, day(14), False)
    assert owners["CASE_CONFERENCE"] == (R.REHAB_COORDINATOR, day(21), False)
    assert owners["WORK_MEASURE"] == (R.EMPLOYMENT_OFFICER, day(30), False)
    assert "PLAN_APPROVAL_PARTICIPANT" not in found, "no plan, nothing to approve"
    assert all(m.legal_reference and m.descriptions for m in found.values())
    employed = by_code(make_case())
    assert employed["WORK_MEASURE"].not_applicable


def held(kind: str, recorded: date, on: date) -> EventFacts:
    at = datetime.combine(recorded, time(14), tzinfo=UTC)
    return EventFacts("meeting.held", at, R.REHAB_COORDINATOR, {"kind": kind, "heldOn": str(on)})


def test_met_by_the_work_of_their_role() -> None:
    case = make_case(
        events=(
            event("assessment.recorded", day(4), R.CLINICIAN),
            held("no.dialogue_meeting_1", recorded=day(9), on=day(7)),
            held("case_conference", recorded=day(12), on=day(10)),
            event("intervention.proposed", day(11), R.EMPLOYMENT_OFFICER),
        ),
        employment_status=EmploymentStatus.UNEMPLOYED,
    )  # fmt: skip
    found = by_code(case)
    assert found["WORK_CAPACITY_ASSESSMENT"].met_on == day(4)
    # The day the case conference was held, not the day it was recorded; not another kind.
    assert found["CASE_CONFERENCE"].met_on == day(10)
    assert found["WORK_MEASURE"].met_on == day(11)


def test_the_newest_plan_waits_for_the_participant_and_the_employer() -> None:
    draft = by_code(make_case(plans=(_plan(PlanStatus.DRAFT, (R.PARTICIPANT, day(5))),)))
    participant, employer = draft["PLAN_APPROVAL_PARTICIPANT"], draft["PLAN_APPROVAL_EMPLOYER"]
    assert (participant.responsible, participant.met_on) == (R.PARTICIPANT, day(5))
    assert (employer.responsible, employer.due_date, employer.met_on) == (R.EMPLOYER, day(10), None)
    # Activated without the employer's approval: nothing is left for the employer to do.
    active = by_code(make_case(plans=(_plan(PlanStatus.ACTIVE, (R.PARTICIPANT, day(5))),)))
    assert active["PLAN_APPROVAL_EMPLOYER"].not_applicable
    # A new draft version asks again.
    both = (_plan(PlanStatus.ACTIVE, (R.PARTICIPANT, day(5))), _plan(PlanStatus.DRAFT, version=2))
    again = by_code(make_case(plans=both))
    assert again["PLAN_APPROVAL_PARTICIPANT"].met_on is None
    assert again["PLAN_APPROVAL_PARTICIPANT"].names["en"] == "Approve plan version 2"
    without = by_code(make_case(has_employer=False, plans=(_plan(PlanStatus.DRAFT),)))
    assert without["PLAN_APPROVAL_EMPLOYER"].not_applicable


def test_a_provider_starts_each_intervention_referred_to_it() -> None:
    def intervention(n: int, status: InterventionStatus, **extra: object) -> InterventionFacts:
        return InterventionFacts(f"i-{n}", "IPS", status, provider_id="ips", **extra)  # type: ignore[arg-type]

    interventions = (
        intervention(1, InterventionStatus.PROPOSED),
        intervention(2, InterventionStatus.ACTIVE, start_date=day(20)),
        intervention(3, InterventionStatus.REFERRED),
        intervention(4, InterventionStatus.DISCONTINUED),
    )
    events = (
        event("intervention.referred", day(15), interventionId="i-2"),
        event("intervention.active", day(22), R.PROVIDER, interventionId="i-2"),
        event("intervention.referred", day(16), interventionId="i-3"),
    )
    found = by_code(make_case(interventions=interventions, events=events))
    starts = {c: (m.due_date, m.met_on, m.not_applicable) for c, m in found.items()
              if c.startswith("INTERVENTION_START")}  # fmt: skip
    assert starts == {
        "INTERVENTION_START_1": (day(20), day(22), False),
        "INTERVENTION_START_2": (day(23), None, False),  # referred on day 16, a week to start
        "INTERVENTION_START_3": (OPENED + timedelta(days=7), None, True),
    }
    assert all(found[c].responsible is R.PROVIDER for c in starts)


def test_options_move_the_deadlines_and_a_closed_case_owes_nothing() -> None:
    options = GenericOptions(assessment_due_days=3, case_conference_days=10)
    found = by_code(make_case(), GenericJurisdiction(options))
    assert found["WORK_CAPACITY_ASSESSMENT"].due_date == day(3)
    assert found["CASE_CONFERENCE"].due_date == day(10)
    closed = by_code(replace(make_case(), status=CaseStatus.CLOSED))
    assert all(m.not_applicable for m in closed.values() if m.met_on is None)
