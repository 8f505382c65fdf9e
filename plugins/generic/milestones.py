"""Milestones of a generic case: first contact, workplace contact, the plan, its reviews.

Everything is computed from the case facts alone (never from today's date), so
the platform can store the result and find overdue cases with a SQL filter,
and the same facts always give the same milestones. Dates are the calendar
dates of the recorded timestamps.

- FIRST_CONTACT: due `first_contact_days` after the case opened; met on the
  first contact recorded with genRecordFirstContact, or by the first note
  written by anyone but the participant, whichever came first.
- WORKPLACE_CONTACT: only for employed participants; due
  `workplace_contact_days` after the sick leave started (or the case opened);
  met when an EMPLOYER joins the case team.
- PLAN: due `plan_due_days` after the case opened (the case's own planDueDays
  wins); met when a plan is first activated.
- REVIEW_1, REVIEW_2, ...: see `_reviews`.
- the rest of the team's steps (assessment, case conference, approvals, ...):
  see `team_steps`.

A case conference held can also meet FIRST_CONTACT and WORKPLACE_CONTACT, when
its holder names them among its outcomes (`meetings`); the platform then marks
them met on the day it was held.

When the case is closed, every milestone not yet met no longer applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    EmploymentStatus,
    EventFacts,
    MilestoneInfo,
    StakeholderType,
)
from vocrehab_generic import sources
from vocrehab_generic.details import CaseDetails
from vocrehab_generic.options import GenericOptions
from vocrehab_generic.team_steps import team_steps

__all__ = ["MAX_REVIEWS", "REVIEW_EVENTS", "milestones"]

NOTE_ADDED = "note.added"
TEAM_MEMBER_ADDED = "team.member_added"
PLAN_ACTIVATED = "plan.activated"
ASSESSMENT_RECORDED = "assessment.recorded"

MEETING_HELD = "meeting.held"
REVIEW_EVENTS = frozenset({PLAN_ACTIVATED, ASSESSMENT_RECORDED, MEETING_HELD})
"""A plan is reviewed when a plan version is activated, an assessment is recorded or the
team holds a meeting."""
MAX_REVIEWS = 100
"""Reviews listed per case at most. At the shortest interval (7 days) that is about two
years of weekly reviews; no real case gets near it, but the list must stay bounded."""


def milestones(case: CaseFacts, options: GenericOptions) -> list[MilestoneInfo]:
    """All milestones of the case, in a fixed order."""
    details = CaseDetails.of(case)
    found = [
        _first_contact(case, options),
        _workplace_contact(case, options),
        _plan(case, details.effective_plan_due_days(options)),
        *_reviews(case, details.effective_review_interval_days(options)),
        *team_steps(case, options),
    ]
    if case.status is CaseStatus.CLOSED:
        found = [m if m.met_on else replace(m, not_applicable=True) for m in found]
    return found


def _first_day(case: CaseFacts, matches: Callable[[EventFacts], bool]) -> date | None:
    """The date of the earliest event that matches."""
    return min((event.at.date() for event in case.events if matches(event)), default=None)


def _first_contact(case: CaseFacts, options: GenericOptions) -> MilestoneInfo:
    return MilestoneInfo(
        code="FIRST_CONTACT",
        names={"en": "First contact with the participant"},
        descriptions={
            "en": f"Met by recording the first contact, or by the first case note from anyone "
            f"but the participant; due {options.first_contact_days} days after the case opened."
        },
        due_date=case.opened_at.date() + timedelta(days=options.first_contact_days),
        responsible=StakeholderType.CASE_MANAGER,
        legal_reference=sources.FRANCHE_2005,
        met_on=_earliest(
            _first_day(
                case,
                lambda e: e.kind == NOTE_ADDED and e.actor_role is not StakeholderType.PARTICIPANT,
            ),
            CaseDetails.of(case).first_contact_on,
        ),
    )


def _earliest(*days: date | None) -> date | None:
    known = [day for day in days if day is not None]
    return min(known) if known else None


def _workplace_contact(case: CaseFacts, options: GenericOptions) -> MilestoneInfo:
    start = case.sick_leave_start or case.opened_at.date()
    return MilestoneInfo(
        code="WORKPLACE_CONTACT",
        names={"en": "Contact with the workplace"},
        descriptions={
            "en": f"Met when the employer joins the case team, due "
            f"{options.workplace_contact_days} days after the sick leave started (or the case "
            "opened). Only for employed participants."
        },
        due_date=start + timedelta(days=options.workplace_contact_days),
        responsible=StakeholderType.CASE_MANAGER,
        legal_reference=sources.FRANCHE_2005,
        met_on=_first_day(
            case,
            lambda e: e.kind == TEAM_MEMBER_ADDED and e.data.get("role") == "EMPLOYER",
        ),
        not_applicable=case.employment_status is not EmploymentStatus.EMPLOYED,
    )


def _plan(case: CaseFacts, due_days: int) -> MilestoneInfo:
    return MilestoneInfo(
        code="PLAN",
        names={"en": "Return-to-work plan in place"},
        descriptions={
            "en": f"Met when a return-to-work plan is first activated, due {due_days} days "
            "after the case opened."
        },
        due_date=case.opened_at.date() + timedelta(days=due_days),
        responsible=StakeholderType.CASE_MANAGER,
        legal_reference=sources.YOUNG_2005,
        met_on=_first_day(case, lambda e: e.kind == PLAN_ACTIVATED),
    )


def _reviews(case: CaseFacts, interval_days: int) -> list[MilestoneInfo]:
    """The plan reviews: every review met so far, then exactly one next one.

    Reviews start once a plan has been activated; the first activation is the
    first anchor. Review n is due `interval_days` after the anchor and is met
    on the first day, strictly later than the anchor's day, on which a plan
    is activated, an assessment is recorded or a meeting is held (earlier than the due date
    counts: a review held early is still a review). The day review n is met
    becomes the anchor of review n + 1. Events on the anchor's own day belong
    to the activity that set the anchor and never meet the next review.
    """
    activated = _first_day(case, lambda e: e.kind == PLAN_ACTIVATED)
    if activated is None:
        return []
    review_days = sorted({_day(e) for e in case.events if e.kind in REVIEW_EVENTS})
    reviews: list[MilestoneInfo] = []
    anchor = activated
    for number in range(1, MAX_REVIEWS + 1):
        met_on = next((day for day in review_days if day > anchor), None)
        reviews.append(_review(number, anchor, anchor + timedelta(days=interval_days), met_on))
        if met_on is None:
            break
        anchor = met_on
    return reviews


def _day(event: EventFacts) -> date:
    """The day an event happened: a meeting's, the day it was held (it may be recorded later)."""
    held = event.data.get("heldOn") if event.kind == MEETING_HELD else None
    return date.fromisoformat(held) if isinstance(held, str) else event.at.date()


def _review(number: int, anchor: date, due: date, met_on: date | None) -> MilestoneInfo:
    return MilestoneInfo(
        code=f"REVIEW_{number}",
        names={"en": f"Plan review {number}"},
        descriptions={
            "en": f"Met when a plan version is activated, an assessment is recorded or the team "
            f"holds a meeting after {anchor}; due {due}."
        },
        due_date=due,
        responsible=StakeholderType.CASE_MANAGER,
        legal_reference=sources.YOUNG_2005,
        met_on=met_on,
    )
