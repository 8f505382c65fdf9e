"""`GenericJurisdiction.orientation`: summary, next steps and blockers of a case."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    EmploymentStatus,
    EventFacts,
    InterventionFacts,
    InterventionStatus,
    MilestoneInfo,
    OrientationInfo,
    ParticipantFacts,
    PlanFacts,
    PlanStatus,
    PlanStepFacts,
    ReturnToWorkPhase,
    StakeholderType,
    TeamMemberFacts,
)
from vocrehab_generic import GenericJurisdiction, GenericOptions

GENERIC = GenericJurisdiction()
OPENED = date(2026, 1, 5)
MANAGER = TeamMemberFacts("manager-1", StakeholderType.CASE_MANAGER, OPENED, None)


def make_case(**changes: object) -> CaseFacts:
    base = CaseFacts(
        id="case-1",
        reference="GEN-2026-000001",
        jurisdiction="generic",
        status=CaseStatus.OPEN,
        phase=ReturnToWorkPhase.OFF_WORK,
        employment_status=EmploymentStatus.EMPLOYED,
        has_employer=True,
        sick_leave_start=None,
        opened_at=datetime.combine(OPENED, time(9), tzinfo=UTC),
        closed_at=None,
        participant=ParticipantFacts("p-1", "generic", None, None, "en"),
        team=(MANAGER,),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def event(kind: str, on: date) -> EventFacts:
    return EventFacts(
        kind, datetime.combine(on, time(10), tzinfo=UTC), StakeholderType.CASE_MANAGER
    )


def orient(
    case: CaseFacts, today: date, jurisdiction: GenericJurisdiction = GENERIC
) -> OrientationInfo:
    info = jurisdiction.orientation(case, jurisdiction.milestones(case), today)
    assert info.summary.get("en")
    assert all(step.title.get("en") for step in info.next_steps)
    assert all(blocker.get("en") for blocker in info.blockers)
    return info


def milestone(code: str, due: date, **changes: object) -> MilestoneInfo:
    base = MilestoneInfo(code, {"en": code.title()}, due, StakeholderType.CASE_MANAGER)
    return replace(base, **changes)  # type: ignore[arg-type]


ACTIVE_PLAN = PlanFacts(
    id="plan-1",
    version=2,
    status=PlanStatus.ACTIVE,
    title="Back to the warehouse",
    goal=None,
    steps=(
        PlanStepFacts(date(2026, 2, 1), date(2026, 2, 28), 25),
        PlanStepFacts(date(2026, 3, 1), date(2026, 3, 31), 50),
        PlanStepFacts(date(2026, 4, 10), date(2026, 4, 30), 75),
    ),
)

# --------------------------------------------------------------------------- summary


@pytest.mark.parametrize(
    ("phase", "words"),
    [
        (ReturnToWorkPhase.OFF_WORK, "off work"),
        (ReturnToWorkPhase.RE_ENTRY, "work re-entry"),
        (ReturnToWorkPhase.RETENTION, "retention"),
        (ReturnToWorkPhase.ADVANCEMENT, "advancement"),
    ],
)
def test_summary_explains_the_phase(phase: ReturnToWorkPhase, words: str) -> None:
    summary = orient(make_case(phase=phase), OPENED).summary["en"]
    assert f"Phase: {words}." in summary
    assert "The case is open." in summary


def test_summary_without_plan_or_interventions() -> None:
    summary = orient(make_case(), OPENED).summary["en"]
    assert "There is no active return-to-work plan." in summary
    assert "No intervention is active." in summary


def test_summary_names_the_current_step_and_active_interventions() -> None:
    interventions = (
        InterventionFacts("i-1", "WORK_TRIAL", InterventionStatus.ACTIVE),
        InterventionFacts("i-2", "JOB_COACHING", InterventionStatus.ACTIVE),
        InterventionFacts("i-3", "IPS", InterventionStatus.PROPOSED),
    )
    case = make_case(plans=(ACTIVE_PLAN,), interventions=interventions)
    summary = orient(case, date(2026, 3, 15)).summary["en"]
    assert "'Back to the warehouse' (version 2) is active" in summary
    assert "50 % of usual working time until 2026-03-31" in summary
    assert "Active interventions: Work trial, Job coaching." in summary
    assert "IPS" not in summary


def test_summary_between_steps_and_after_the_last_one() -> None:
    case = make_case(plans=(ACTIVE_PLAN,))
    assert "next step starts on 2026-04-10" in orient(case, date(2026, 4, 5)).summary["en"]
    assert "last step ended on 2026-04-30" in orient(case, date(2026, 5, 2)).summary["en"]


def test_summary_of_a_case_on_hold() -> None:
    assert (
        "The case is on hold." in orient(make_case(status=CaseStatus.ON_HOLD), OPENED).summary["en"]
    )


# --------------------------------------------------------------------------- next steps


def test_next_steps_are_the_pending_milestones_by_due_date_then_a_suggestion() -> None:
    milestones = (
        milestone("PLAN", date(2026, 2, 4)),
        milestone("FIRST_CONTACT", date(2026, 1, 10), met_on=date(2026, 1, 6)),
        milestone("WORKPLACE_CONTACT", date(2026, 1, 19)),
        milestone("OTHER", date(2026, 1, 12), not_applicable=True),
    )
    info = GENERIC.orientation(make_case(), milestones, OPENED)
    titles = [step.title["en"] for step in info.next_steps]
    assert titles[:2] == ["Workplace_Contact", "Plan"]
    assert [step.due_date for step in info.next_steps[:2]] == [date(2026, 1, 19), date(2026, 2, 4)]
    assert len(info.next_steps) == 3
    suggestion = info.next_steps[-1]
    assert suggestion.title["en"] == (
        "Draft a return-to-work plan with the participant and the employer"
    )
    assert suggestion.responsible is StakeholderType.CASE_MANAGER
    assert suggestion.due_date is None


def test_suggestion_without_an_employer_points_to_ips() -> None:
    case = make_case(employment_status=EmploymentStatus.UNEMPLOYED, has_employer=False)
    suggestion = orient(case, OPENED).next_steps[-1].title["en"]
    assert suggestion.startswith("Draft a return-to-work plan with the participant;")
    assert "IPS" in suggestion


@pytest.mark.parametrize(
    ("phase", "plans", "start"),
    [
        (ReturnToWorkPhase.OFF_WORK, (ACTIVE_PLAN,), "Prepare the first step of the plan"),
        (ReturnToWorkPhase.RE_ENTRY, (ACTIVE_PLAN,), "Follow up the current step"),
        (ReturnToWorkPhase.RETENTION, (), "Check with the participant and the employer"),
        (ReturnToWorkPhase.ADVANCEMENT, (), "Talk with the participant about development"),
    ],
)
def test_suggestion_fits_the_phase(
    phase: ReturnToWorkPhase, plans: tuple[PlanFacts, ...], start: str
) -> None:
    suggestion = orient(make_case(phase=phase, plans=plans), OPENED).next_steps[-1]
    assert suggestion.title["en"].startswith(start)


# --------------------------------------------------------------------------- blockers


def test_a_milestone_due_today_is_not_yet_a_blocker() -> None:
    first_contact_due = OPENED + timedelta(days=5)
    recent = (event("case.opened", first_contact_due),)
    assert orient(make_case(events=recent), first_contact_due).blockers == ()


def test_a_milestone_due_yesterday_is_a_blocker() -> None:
    today = OPENED + timedelta(days=6)
    [blocker] = orient(make_case(events=(event("case.opened", today),)), today).blockers
    assert blocker["en"] == (
        "First contact with the participant was due on 2026-01-10 and is overdue "
        "(case manager to act)."
    )


def test_stall_counts_from_the_last_event() -> None:
    last = date(2026, 1, 20)
    case = make_case(events=(event("case.opened", OPENED), event("note.added", last)))
    quiet = GenericJurisdiction(GenericOptions(stall_days=30, first_contact_days=365))
    no_milestones: tuple[MilestoneInfo, ...] = ()
    on_the_limit = quiet.orientation(case, no_milestones, last + timedelta(days=30))
    assert on_the_limit.blockers == ()
    [stall] = quiet.orientation(case, no_milestones, last + timedelta(days=31)).blockers
    assert stall["en"].startswith("Nothing has happened on the case for 31 days (since 2026-01-20)")


def test_stall_without_events_counts_from_the_opening() -> None:
    no_milestones: tuple[MilestoneInfo, ...] = ()
    assert (
        GENERIC.orientation(make_case(), no_milestones, OPENED + timedelta(days=30)).blockers == ()
    )
    [stall] = GENERIC.orientation(make_case(), no_milestones, OPENED + timedelta(days=31)).blockers
    assert "since 2026-01-05" in stall["en"]


# --------------------------------------------------------------------------- closed cases


def test_a_closed_case_says_so_and_has_no_next_steps_or_blockers() -> None:
    closed = make_case(
        status=CaseStatus.CLOSED,
        closed_at=datetime(2026, 3, 1, 12, tzinfo=UTC),
        plans=(ACTIVE_PLAN,),
    )
    overdue = (milestone("PLAN", OPENED),)
    info = GENERIC.orientation(closed, overdue, date(2026, 9, 1))
    assert info.summary == {"en": "The case was closed on 2026-03-01."}
    assert info.next_steps == ()
    assert info.blockers == ()


# --------------------------------------------------------------------------- handover gaps


def test_a_case_without_a_case_manager_is_blocked_until_one_joins() -> None:
    today = OPENED + timedelta(days=1)
    left = replace(MANAGER, until=OPENED)
    for team in ((), (left,)):
        [gap] = orient(make_case(team=team), today).blockers
        assert gap["en"] == (
            "Nobody on the team is the case manager; its open steps (FIRST_CONTACT, "
            "WORKPLACE_CONTACT, PLAN) wait for one. Add one to the team."
        )
    assert orient(make_case(), today).blockers == ()


def test_steps_still_assigned_to_someone_who_left_block_the_case() -> None:
    today = OPENED + timedelta(days=10)
    gone = TeamMemberFacts("manager-0", StakeholderType.CASE_MANAGER, OPENED, OPENED)
    case = make_case(team=(gone, MANAGER), events=(event("case.opened", OPENED),))
    steps = [
        replace(m, assignee_id="manager-0") if m.code == "PLAN" else m
        for m in GENERIC.milestones(case)
    ]
    blockers = GENERIC.orientation(case, steps, today).blockers
    assert blockers[0]["en"] == (
        "A former case manager still holds PLAN, assigned before they left the team: assign "
        "the steps to someone on it, or hand the case over (replaceCaseTeamMember)."
    )
    # Assigned to someone still on the team, or met: no gap.
    kept = [replace(m, assignee_id="manager-1") for m in steps]
    assert not any("former" in b["en"] for b in GENERIC.orientation(case, kept, today).blockers)
    met = [replace(m, met_on=OPENED) if m.code == "PLAN" else m for m in steps]
    assert not any("former" in b["en"] for b in GENERIC.orientation(case, met, today).blockers)
