"""Milestones of the generic jurisdiction: due dates, met dates, reviews, closed cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    EmploymentStatus,
    EventFacts,
    MilestoneInfo,
    ParticipantFacts,
    ReturnToWorkPhase,
    StakeholderType,
)
from vocrehab_generic import GenericJurisdiction, GenericOptions
from vocrehab_generic.milestones import MAX_REVIEWS

GENERIC = GenericJurisdiction()
OPENED = date(2026, 1, 5)
SICK_SINCE = date(2026, 1, 1)


def make_case(**changes: object) -> CaseFacts:
    base = CaseFacts(
        id="case-1",
        reference="GEN-2026-000001",
        jurisdiction="generic",
        status=CaseStatus.OPEN,
        phase=ReturnToWorkPhase.OFF_WORK,
        employment_status=EmploymentStatus.EMPLOYED,
        has_employer=True,
        sick_leave_start=SICK_SINCE,
        opened_at=datetime.combine(OPENED, time(9), tzinfo=UTC),
        closed_at=None,
        participant=ParticipantFacts("p-1", "generic", None, None, "en"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def event(
    kind: str,
    on: date,
    actor: StakeholderType | None = StakeholderType.CASE_MANAGER,
    **data: object,
) -> EventFacts:
    at = datetime.combine(on, time(14), tzinfo=UTC)
    return EventFacts(kind=kind, at=at, actor_role=actor, data=data)


def by_code(
    case: CaseFacts, jurisdiction: GenericJurisdiction = GENERIC
) -> dict[str, MilestoneInfo]:
    return {m.code: m for m in jurisdiction.milestones(case)}


def day(n: int) -> date:
    """The date n days after the case opened."""
    return OPENED + timedelta(days=n)


def test_a_new_case_has_three_milestones_and_no_reviews() -> None:
    everyone = GENERIC.milestones(make_case())
    milestones = [m for m in everyone if m.responsible is StakeholderType.CASE_MANAGER]
    assert [m.code for m in milestones] == ["FIRST_CONTACT", "WORKPLACE_CONTACT", "PLAN"]
    assert all(m.met_on is None and not m.not_applicable for m in milestones)
    assert all(m.responsible is StakeholderType.CASE_MANAGER for m in milestones)
    assert all(
        m.names.get("en") and m.descriptions and m.descriptions.get("en") for m in milestones
    )
    assert all(m.legal_reference for m in milestones)


# --------------------------------------------------------------------------- first contact


def test_first_contact_due_date_follows_the_option() -> None:
    assert by_code(make_case())["FIRST_CONTACT"].due_date == day(5)
    custom = GenericJurisdiction(GenericOptions(first_contact_days=2))
    assert by_code(make_case(), custom)["FIRST_CONTACT"].due_date == day(2)


def test_first_contact_is_met_by_the_first_note_not_written_by_the_participant() -> None:
    events = (
        event("note.added", day(1), StakeholderType.PARTICIPANT),
        event("case.opened", day(0)),
        event("note.added", day(3), StakeholderType.CLINICIAN),
        event("note.added", day(4), StakeholderType.CASE_MANAGER),
    )
    assert by_code(make_case(events=events))["FIRST_CONTACT"].met_on == day(3)


def test_a_participants_note_alone_does_not_meet_first_contact() -> None:
    events = (event("note.added", day(1), StakeholderType.PARTICIPANT),)
    assert by_code(make_case(events=events))["FIRST_CONTACT"].met_on is None


def test_a_note_without_a_known_role_counts_as_contact() -> None:
    events = (event("note.added", day(2), None),)
    assert by_code(make_case(events=events))["FIRST_CONTACT"].met_on == day(2)


# --------------------------------------------------------------------------- workplace contact


def test_workplace_contact_is_due_after_the_sick_leave_start() -> None:
    assert by_code(make_case())["WORKPLACE_CONTACT"].due_date == SICK_SINCE + timedelta(days=14)


def test_workplace_contact_without_sick_leave_is_due_after_the_opening() -> None:
    milestone = by_code(make_case(sick_leave_start=None))["WORKPLACE_CONTACT"]
    assert milestone.due_date == day(14)


def test_workplace_contact_is_met_when_the_employer_joins_the_team() -> None:
    events = (
        event("team.member_added", day(1), role="CLINICIAN"),
        event("team.member_added", day(6), role="EMPLOYER"),
        event("team.member_added", day(9), role=StakeholderType.EMPLOYER),
    )
    assert by_code(make_case(events=events))["WORKPLACE_CONTACT"].met_on == day(6)


@pytest.mark.parametrize(
    "status",
    [
        EmploymentStatus.UNEMPLOYED,
        EmploymentStatus.SELF_EMPLOYED,
        EmploymentStatus.STUDENT,
        EmploymentStatus.OTHER,
    ],
)
def test_workplace_contact_applies_only_to_employed_participants(status: EmploymentStatus) -> None:
    assert by_code(make_case(employment_status=status))["WORKPLACE_CONTACT"].not_applicable


# --------------------------------------------------------------------------- plan


def test_plan_due_date_follows_the_option_and_the_case_override() -> None:
    assert by_code(make_case())["PLAN"].due_date == day(30)
    custom = GenericJurisdiction(GenericOptions(plan_due_days=21))
    assert by_code(make_case(), custom)["PLAN"].due_date == day(21)
    overridden = make_case(details={"planDueDays": 10})
    assert by_code(overridden, custom)["PLAN"].due_date == day(10)


def test_plan_is_met_by_the_first_activation() -> None:
    events = (event("plan.created", day(3)), event("plan.activated", day(12)))
    assert by_code(make_case(events=events))["PLAN"].met_on == day(12)


# --------------------------------------------------------------------------- reviews


def reviews(case: CaseFacts, jurisdiction: GenericJurisdiction = GENERIC) -> list[MilestoneInfo]:
    return [m for m in jurisdiction.milestones(case) if m.code.startswith("REVIEW_")]


def test_no_review_before_a_plan_is_activated() -> None:
    events = (event("assessment.recorded", day(2)),)
    assert reviews(make_case(events=events)) == []


def test_first_review_is_due_an_interval_after_the_first_activation() -> None:
    events = (event("assessment.recorded", day(2)), event("plan.activated", day(10)))
    [review] = reviews(make_case(events=events))
    assert review.code == "REVIEW_1"
    assert review.due_date == day(100)
    assert review.met_on is None
    assert review.responsible is StakeholderType.CASE_MANAGER


def test_an_event_on_the_activation_day_does_not_meet_the_review() -> None:
    events = (event("plan.activated", day(10)), event("assessment.recorded", day(10)))
    [review] = reviews(make_case(events=events))
    assert review.met_on is None


def test_the_next_day_meets_the_review_and_restarts_the_interval() -> None:
    events = (event("plan.activated", day(10)), event("assessment.recorded", day(11)))
    first, second = reviews(make_case(events=events))
    assert (first.code, first.due_date, first.met_on) == ("REVIEW_1", day(100), day(11))
    assert (second.code, second.due_date, second.met_on) == ("REVIEW_2", day(101), None)


def test_reviews_follow_each_other_and_end_with_one_unmet() -> None:
    events = (
        event("plan.activated", day(10)),
        event("note.added", day(50)),  # not a review
        event("assessment.recorded", day(95)),
        event("plan.activated", day(180)),  # a new version: a review too
        event("assessment.recorded", day(180)),  # same day: part of that review
    )
    found = reviews(make_case(events=events))
    assert [(m.code, m.due_date, m.met_on) for m in found] == [
        ("REVIEW_1", day(100), day(95)),
        ("REVIEW_2", day(185), day(180)),
        ("REVIEW_3", day(270), None),
    ]


def test_review_interval_follows_the_option_and_the_case_override() -> None:
    events = (event("plan.activated", day(10)),)
    custom = GenericJurisdiction(GenericOptions(review_interval_days=30))
    assert reviews(make_case(events=events), custom)[0].due_date == day(40)
    overridden = make_case(events=events, details={"reviewIntervalDays": 7})
    assert reviews(overridden, custom)[0].due_date == day(17)


def test_reviews_are_capped() -> None:
    daily = tuple(event("assessment.recorded", day(n)) for n in range(11, 11 + 2 * MAX_REVIEWS))
    events = (event("plan.activated", day(10)), *daily)
    found = reviews(make_case(events=events))
    assert len(found) == MAX_REVIEWS
    assert found[-1].code == f"REVIEW_{MAX_REVIEWS}"
    assert all(m.met_on is not None for m in found)


# --------------------------------------------------------------------------- closed cases


def test_closing_makes_every_unmet_milestone_not_applicable() -> None:
    events = (
        event("note.added", day(1)),
        event("plan.activated", day(10)),
        event("case.closed", day(40)),
    )
    closed = make_case(
        status=CaseStatus.CLOSED,
        closed_at=datetime.combine(day(40), time(9), tzinfo=UTC),
        events=events,
    )
    milestones = by_code(closed)
    assert milestones["FIRST_CONTACT"].met_on == day(1)
    assert not milestones["FIRST_CONTACT"].not_applicable
    assert milestones["PLAN"].met_on == day(10)
    assert not milestones["PLAN"].not_applicable
    assert milestones["WORKPLACE_CONTACT"].met_on is None
    assert milestones["WORKPLACE_CONTACT"].not_applicable
    assert milestones["REVIEW_1"].not_applicable


# --------------------------------------------------------------------------- determinism


def test_same_facts_give_equal_milestones() -> None:
    events = (
        event("note.added", day(1)),
        event("team.member_added", day(2), role="EMPLOYER"),
        event("plan.activated", day(10)),
        event("assessment.recorded", day(60)),
    )
    case = make_case(events=events)
    assert GENERIC.milestones(case) == GENERIC.milestones(case)
    assert GENERIC.milestones(case) == GenericJurisdiction().milestones(make_case(events=events))
    assert GENERIC.milestones(case) == GENERIC.milestones(replace(case, events=events[::-1]))
