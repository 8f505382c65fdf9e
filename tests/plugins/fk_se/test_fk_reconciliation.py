"""The reconciliation meeting (avstämningsmöte): planned, held with its minutes, or cancelled."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import strawberry
from fk_cases import SE, case, codes, day

from vocrehab.hooks import CaseFacts, CommandResult, StakeholderType
from vocrehab_fk_se.reconciliation import ReconciliationMeeting, meetings_of
from vocrehab_fk_se.reconciliation_commands import (
    CancelReconciliationMeetingInput,
    PlanReconciliationMeetingInput,
    RecordReconciliationMeetingInput,
)
from vocrehab_fk_se.vocabulary import MeetingParticipant, MeetingStatus

P = MeetingParticipant
TODAY = date(2026, 3, 2)
ID = strawberry.ID("case")
COMMANDS = {c.name: c for c in SE.case_commands()}


def run(name: str, given: Any, facts: CaseFacts) -> CommandResult:
    return COMMANDS[name].apply(facts, given, TODAY)


def plan(on: date, facts: CaseFacts, by: P = P.EMPLOYER) -> CommandResult:
    given = PlanReconciliationMeetingInput(case_id=ID, planned_for=on, requested_by=by)
    return run("fkPlanReconciliationMeeting", given, facts)


def held(facts: CaseFacts, number: int | None = 1, **changes: Any) -> CommandResult:
    fields: dict[str, Any] = dict(
        case_id=ID, held_on=day(45), participants=[P.INSURED_PERSON, P.FORSAKRINGSKASSAN, P.EMPLOYER, P.DOCTOR],
        outcome="Arbetsträning på 25 % kan börja", next_step="Arbetsgivaren ordnar anpassade uppgifter",
        next_step_by=P.EMPLOYER, next_step_due=day(60), meeting_number=number,
    )  # fmt: skip
    return run(
        "fkRecordReconciliationMeeting",
        RecordReconciliationMeetingInput(**{**fields, **changes}),
        facts,
    )


def after(result: CommandResult) -> CaseFacts:
    assert [v for v in result.violations if v.severity.value == "ERROR"] == []
    return case(details=result.details)


def meetings(facts: CaseFacts) -> tuple[ReconciliationMeeting, ...]:
    return meetings_of(facts.details)


def test_a_meeting_planned_then_held_keeps_one_record_with_its_minutes() -> None:
    planned = after(plan(day(45), case()))
    [meeting] = meetings(planned)
    assert (meeting.number, meeting.status, meeting.requested_by) == (
        1,
        MeetingStatus.PLANNED,
        P.EMPLOYER,
    )
    due = next(m for m in SE.milestones(planned) if m.code == "RECONCILIATION_MEETING_1")
    assert (due.due_date, due.met_on, due.responsible) == (
        day(45),
        None,
        StakeholderType.CASE_MANAGER,
    )
    assert due.legal_reference == "SFB 110 kap. 14 § 4 p."
    result = held(planned)
    assert result.event_kind == "se.reconciliation_meeting.held" and result.category is None
    done = after(result)
    [meeting] = meetings(done)
    assert meeting.status is MeetingStatus.HELD and meeting.held_on == day(45)
    assert meeting.participants == (P.INSURED_PERSON, P.FORSAKRINGSKASSAN, P.EMPLOYER, P.DOCTOR)
    assert meeting.next_step is not None and meeting.next_step.responsible is P.EMPLOYER
    assert done.details["reconciliationMeetings"][0]["nextStep"] == {
        "description": "Arbetsgivaren ordnar anpassade uppgifter", "responsible": "EMPLOYER",
        "dueDate": day(60).isoformat(),
    }  # fmt: skip
    met = next(m for m in SE.milestones(done) if m.code == "RECONCILIATION_MEETING_1")
    assert met.met_on == day(45)


def test_the_agreed_next_step_is_on_the_map_for_the_one_who_takes_it() -> None:
    done = after(held(case(), None))
    found = SE.orientation(done, SE.milestones(done), day(50))
    step = next(s for s in found.next_steps if "avstämningsmötet" in s.title["sv"])
    assert step.title["en"] == (
        f"Next step from the reconciliation meeting on {day(45)}: Arbetsgivaren ordnar anpassade uppgifter"
    )
    assert step.responsible is StakeholderType.EMPLOYER and step.due_date == day(60)
    assert not any(m.code.startswith("RECONCILIATION") for m in SE.milestones(done))  # not planned


@pytest.mark.parametrize(
    ("participants", "ok"),
    [
        ([P.INSURED_PERSON, P.FORSAKRINGSKASSAN], False),  # one other at least
        ([P.INSURED_PERSON, P.FORSAKRINGSKASSAN, P.UNION_REPRESENTATIVE], True),
        ([P.FORSAKRINGSKASSAN, P.EMPLOYER, P.DOCTOR], False),  # not without the insured person
        ([P.INSURED_PERSON, P.EMPLOYER, P.DOCTOR], False),  # nor without the convenor
        ([P.INSURED_PERSON, P.FORSAKRINGSKASSAN, P.EMPLOYER, P.EMPLOYER], False),
    ],
)
def test_who_takes_part(participants: list[P], ok: bool) -> None:
    found = held(case(), None, participants=participants).violations
    assert codes(found) == ([] if ok else ["FK_MEETING_PARTICIPANTS"])
    assert all(v.field == ("participants",) for v in found)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"outcome": "  "}, ("outcome",)),
        ({"outcome": "x" * 2001}, ("outcome",)),
        ({"next_step": ""}, ("nextStep",)),
        ({"next_step_by": P.UNION_REPRESENTATIVE}, ("nextStepBy",)),
        ({"next_step_due": day(44)}, ("nextStepDue",)),  # the day before the meeting
    ],
)
def test_the_minutes_hold_the_outcome_and_a_next_step(
    changes: dict[str, Any], field: tuple[str, ...]
) -> None:
    found = held(case(), None, **changes).violations
    assert codes(found) == ["FK_MEETING_MINUTES"] and found[0].field == field


def test_the_minutes_boundaries_that_pass() -> None:
    assert held(case(), None, outcome="x" * 2000, next_step_due=day(45)).violations == ()
    assert held(case(), None, next_step_due=None).violations == ()


@pytest.mark.parametrize(("offset", "ok"), [(0, True), (1, False)])
def test_a_meeting_is_recorded_once_held(offset: int, ok: bool) -> None:
    found = held(
        case(), None, held_on=TODAY + timedelta(days=offset), next_step_due=None
    ).violations
    assert codes(found) == ([] if ok else ["FK_DATE_IN_FUTURE"])


def test_only_a_planned_meeting_is_held_or_cancelled_and_one_is_planned_at_a_time() -> None:
    planned = after(plan(day(45), case()))
    assert codes(plan(day(50), planned).violations) == ["FK_MEETING_STATE"]
    assert codes(held(planned, 2).violations) == ["FK_MEETING_STATE"]
    cancel = CancelReconciliationMeetingInput(case_id=ID, meeting_number=1)
    cancelled = after(run("fkCancelReconciliationMeeting", cancel, planned))
    assert meetings(cancelled)[0].status is MeetingStatus.CANCELLED
    gone = next(m for m in SE.milestones(cancelled) if m.code == "RECONCILIATION_MEETING_1")
    assert gone.not_applicable
    assert codes(held(cancelled, 1).violations) == ["FK_MEETING_STATE"]
    assert codes(run("fkCancelReconciliationMeeting", cancel, cancelled).violations) == [
        "FK_MEETING_STATE"
    ]
    again = after(plan(day(60), cancelled, P.FORSAKRINGSKASSAN))
    assert [m.number for m in meetings(again)] == [1, 2]


def test_stored_meetings_validate_as_case_details() -> None:
    done = after(held(after(plan(day(45), case()))))
    assert SE.validate_details("case", done.details, None).violations == ()
    broken = {"reconciliationMeetings": [{"number": 1, "status": "HELD", "heldOn": "soon"}]}
    assert codes(SE.validate_details("case", broken, None).violations) == ["FK_DETAILS_INVALID"]
