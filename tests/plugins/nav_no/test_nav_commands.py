"""The case commands applied to case facts: the follow-up plan's status machine (R19),
the dialogue meetings' (R20, R13), the activity requirement's exceptions (R14), sick notes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from nav_cases import nav_case

from vocrehab.hooks import CaseFacts, CommandResult, Severity
from vocrehab_nav_no import NavJurisdiction
from vocrehab_nav_no.commands import (
    AssessActivityInput,
    CancelMeetingInput,
    CompleteMeetingInput,
    RecordFollowUpPlanInput,
    RecordSickNoteInput,
    ScheduleMeetingInput,
    SickNotePeriodInput,
)
from vocrehab_nav_no.model import (
    ActivityStatus,
    DocumentedBy,
    ExceptionReason,
    FollowUpPlanStatus,
    PeriodType,
)

TODAY = date(2026, 3, 2)
S = FollowUpPlanStatus


def run(name: str, case: CaseFacts, given: Any, today: date = TODAY) -> CommandResult:
    command = next(c for c in NavJurisdiction().case_commands() if c.name == name)
    return command.apply(case, given, today)


def errors(result: CommandResult) -> list[str]:
    return [v.code for v in result.violations if v.severity is Severity.ERROR]


def warnings(result: CommandResult) -> list[str]:
    return [v.code for v in result.violations if v.severity is Severity.WARNING]


def then(case: CaseFacts, result: CommandResult) -> CaseFacts:
    assert errors(result) == [], result.violations
    nav = NavJurisdiction()
    assert nav.validate_details("case", result.details, case).violations == ()
    return nav_case(start=case.sick_leave_start, details=dict(result.details))


# --------------------------------------------------------------------------- sick notes


def note(*periods: SickNotePeriodInput, signed_on: date = TODAY) -> RecordSickNoteInput:
    return RecordSickNoteInput(case_id="c", signed_on=signed_on, periods=list(periods))  # type: ignore[arg-type]


def test_recording_a_sick_note_appends_it() -> None:
    given = note(
        SickNotePeriodInput(
            type=PeriodType.GRADERT, fom=TODAY, tom=TODAY + timedelta(days=13), grade=40
        )
    )
    result = run("navRecordSickNote", nav_case(), given)
    assert result.event_kind == "no.sick_note.recorded"
    case = then(nav_case(), result)
    again = then(case, run("navRecordSickNote", case, given))
    assert len(again.details["sickNotes"]) == 2


def test_a_sick_note_reports_errors_at_input_paths_and_warnings() -> None:
    bad = note(SickNotePeriodInput(type=PeriodType.GRADERT, fom=TODAY, tom=TODAY, grade=0))
    [problem] = run("navRecordSickNote", nav_case(), bad).violations
    assert problem.code == "NO_SICK_NOTE_GRADE" and problem.field == ("periods", "0", "grade")
    low = note(SickNotePeriodInput(type=PeriodType.GRADERT, fom=TODAY, tom=TODAY, grade=15))
    assert warnings(run("navRecordSickNote", nav_case(), low)) == ["NO_SICK_NOTE_GRADE_BELOW_20"]


def test_a_sick_note_is_not_signed_in_the_future_and_has_few_periods() -> None:
    ok = SickNotePeriodInput(type=PeriodType.AKTIVITET_IKKE_MULIG, fom=TODAY, tom=TODAY)
    assert errors(run("navRecordSickNote", nav_case(), note(ok, signed_on=TODAY))) == []
    future = note(ok, signed_on=TODAY + timedelta(days=1))
    assert errors(run("navRecordSickNote", nav_case(), future)) == ["NO_DATE_IN_FUTURE"]
    many = [SickNotePeriodInput(type=PeriodType.AKTIVITET_IKKE_MULIG, fom=TODAY + timedelta(days=i),
                                tom=TODAY + timedelta(days=i)) for i in range(21)]  # fmt: skip
    assert "NO_DETAILS_INVALID" in errors(run("navRecordSickNote", nav_case(), note(*many)))


# --------------------------------------------------------------------------- follow-up plan (R19)


def plan(status: FollowUpPlanStatus, on: date = TODAY, **extra: Any) -> RecordFollowUpPlanInput:
    return RecordFollowUpPlanInput(case_id="c", status=status, on=on, **extra)  # type: ignore[arg-type]


def plan_in(*statuses: FollowUpPlanStatus) -> CaseFacts:
    case = nav_case()
    for status in statuses:
        case = then(
            case, run("navRecordFollowUpPlan", case, plan(status, TODAY - timedelta(days=1)))
        )
    return case


@pytest.mark.parametrize(("path", "to", "allowed"), [
    ((), S.UNDER_ARBEID, True), ((), S.AKTIV, False), ((), S.UTDATERT, False),
    ((S.UNDER_ARBEID,), S.AKTIV, True), ((S.UNDER_ARBEID,), S.UNDER_ARBEID, True),
    ((S.UNDER_ARBEID,), S.AVBRUTT, False),
    ((S.UNDER_ARBEID, S.AKTIV), S.UTDATERT, True), ((S.UNDER_ARBEID, S.AKTIV), S.AVBRUTT, True),
    ((S.UNDER_ARBEID, S.AKTIV), S.UNDER_ARBEID, False),
    ((S.UNDER_ARBEID, S.AKTIV, S.UTDATERT), S.UNDER_ARBEID, True),
    ((S.UNDER_ARBEID, S.AKTIV, S.AVBRUTT), S.AKTIV, False),
])  # fmt: skip
def test_the_follow_up_plan_status_machine(
    path: tuple[FollowUpPlanStatus, ...], to: FollowUpPlanStatus, allowed: bool
) -> None:
    result = run("navRecordFollowUpPlan", plan_in(*path), plan(to))
    assert errors(result) == ([] if allowed else ["NO_FOLLOW_UP_PLAN_TRANSITION"])


def test_approving_and_sending_the_plan_records_the_dates() -> None:
    case = plan_in(S.UNDER_ARBEID)
    result = run("navRecordFollowUpPlan", case, plan(S.AKTIV, shared_with_sykmelder=True,
                                                      in_house_measures_not_possible=True))  # fmt: skip
    assert result.event_kind == "no.follow_up_plan.sent_to_sykmelder"
    stored = then(case, result).details["followUpPlan"]
    assert stored["approvedOn"] == stored["sharedWithSykmelderOn"] == TODAY.isoformat()
    assert stored["inHouseMeasuresNotPossible"] is True
    later = run("navRecordFollowUpPlan", then(case, result), plan(S.AKTIV, shared_with_nav=True))
    assert later.event_kind == "no.follow_up_plan.sent_to_nav"
    assert later.details["followUpPlan"]["sharedWithNavOn"] == TODAY.isoformat()


def test_only_an_approved_plan_is_shared_and_no_plan_is_dated_ahead() -> None:
    draft = run("navRecordFollowUpPlan", nav_case(), plan(S.UNDER_ARBEID, shared_with_nav=True))
    assert errors(draft) == ["NO_FOLLOW_UP_PLAN_SHARED_UNAPPROVED"]
    future = run(
        "navRecordFollowUpPlan", nav_case(), plan(S.UNDER_ARBEID, TODAY + timedelta(days=1))
    )
    assert errors(future) == ["NO_DATE_IN_FUTURE"]


def test_a_finished_plan_is_replaced_by_a_new_one() -> None:
    case = plan_in(S.UNDER_ARBEID, S.AKTIV, S.AVBRUTT, S.UNDER_ARBEID)
    assert case.details["followUpPlan"] == {"status": "UNDER_ARBEID", "createdOn": "2026-03-01"}


# --------------------------------------------------------------------------- dialogue meetings (R20)


def schedule(number: int, on: date, invited: date) -> ScheduleMeetingInput:
    return ScheduleMeetingInput(case_id="c", number=number, on=on, invited_on=invited)  # type: ignore[arg-type]


def held(number: int, day: date = TODAY) -> CompleteMeetingInput:
    return CompleteMeetingInput(case_id="c", number=number, held_on=day)  # type: ignore[arg-type]


def cancelled(number: int, day: date = TODAY) -> CancelMeetingInput:
    return CancelMeetingInput(case_id="c", number=number, on=day)  # type: ignore[arg-type]


def meeting_case(*steps: tuple[str, Any]) -> CaseFacts:
    case = nav_case()
    for name, given in steps:
        case = then(case, run(name, case, given))
    return case


CALL1 = ("navScheduleDialogueMeeting", schedule(1, TODAY + timedelta(days=3), TODAY))


def test_calling_moving_and_holding_a_meeting() -> None:
    case = meeting_case(CALL1)
    assert case.details["dialogueMeetings"][0]["status"] == "INNKALT"
    moved = meeting_case(
        CALL1, ("navScheduleDialogueMeeting", schedule(1, TODAY + timedelta(days=5), TODAY))
    )
    assert [m["status"] for m in moved.details["dialogueMeetings"]] == ["NYTT_TID_STED"]
    done = then(moved, run("navCompleteDialogueMeeting", moved, held(1)))
    assert done.details["dialogueMeetings"][0] | {} == {
        "number": 1, "status": "FERDIGSTILT", "on": "2026-03-07", "invitedOn": "2026-03-02",
        "heldOn": "2026-03-02"}  # fmt: skip


@pytest.mark.parametrize("closing", ["navCompleteDialogueMeeting", "navCancelDialogueMeeting"])
def test_a_closed_meeting_cannot_be_moved_held_or_cancelled(closing: str) -> None:
    given = held(1) if closing == "navCompleteDialogueMeeting" else cancelled(1)
    case = meeting_case(CALL1, (closing, given))
    assert errors(run("navCancelDialogueMeeting", case, cancelled(1))) == [
        "NO_DIALOGUE_MEETING_CLOSED"
    ]
    assert errors(run("navCompleteDialogueMeeting", case, held(1))) == [
        "NO_DIALOGUE_MEETING_CLOSED"
    ]
    move = run("navScheduleDialogueMeeting", case, schedule(1, TODAY + timedelta(days=9), TODAY))
    if closing == "navCompleteDialogueMeeting":
        assert errors(move) == ["NO_DIALOGUE_MEETING_CLOSED"]
    else:  # after a cancellation a new meeting 1 can be called
        assert errors(move) == [] and len(move.details["dialogueMeetings"]) == 2


def test_a_meeting_held_without_an_invitation_can_be_recorded() -> None:
    case = meeting_case(("navCompleteDialogueMeeting", held(1)))
    assert case.details["dialogueMeetings"][0]["status"] == "FERDIGSTILT"


def test_nothing_to_cancel_and_no_meeting_4() -> None:
    assert errors(run("navCancelDialogueMeeting", nav_case(), cancelled(2))) == [
        "NO_DIALOGUE_MEETING_CLOSED"
    ]
    four = run(
        "navScheduleDialogueMeeting", nav_case(), schedule(4, TODAY + timedelta(days=30), TODAY)
    )
    assert errors(four) == ["NO_DIALOGUE_MEETING_NUMBER"]


def test_meeting_dates_are_in_order_and_not_ahead() -> None:
    late_invite = run(
        "navScheduleDialogueMeeting", nav_case(), schedule(1, TODAY - timedelta(days=1), TODAY)
    )
    assert errors(late_invite) == ["NO_DATE_ORDER"]
    ahead = run(
        "navCompleteDialogueMeeting", meeting_case(CALL1), held(1, TODAY + timedelta(days=1))
    )
    assert errors(ahead) == ["NO_DATE_IN_FUTURE"]


def test_nav_invites_to_meeting_2_three_weeks_ahead() -> None:
    three_weeks = run(
        "navScheduleDialogueMeeting", nav_case(), schedule(2, TODAY + timedelta(days=21), TODAY)
    )
    assert warnings(three_weeks) == []
    short = run(
        "navScheduleDialogueMeeting", nav_case(), schedule(2, TODAY + timedelta(days=20), TODAY)
    )
    assert warnings(short) == ["NO_DIALOGUE_MEETING_NOTICE"]
    employer_meeting = run(
        "navScheduleDialogueMeeting", nav_case(), schedule(1, TODAY + timedelta(days=2), TODAY)
    )
    assert warnings(employer_meeting) == []


# --------------------------------------------------------------------------- activity requirement (R14)


def assessed(status: ActivityStatus, reason: ExceptionReason | None = None,
             by: DocumentedBy | None = None, on: date = TODAY) -> AssessActivityInput:  # fmt: skip
    return AssessActivityInput(case_id="c", status=status, assessed_on=on, exception_reason=reason,  # type: ignore[arg-type]
                               documented_by=by)  # fmt: skip


def test_met_and_medical_exception_documented_by_the_sykmelder() -> None:
    assert (
        errors(run("navAssessActivityRequirement", nav_case(), assessed(ActivityStatus.OPPFYLT)))
        == []
    )
    medical = assessed(
        ActivityStatus.UNNTAK, ExceptionReason.MEDISINSKE_GRUNNER, DocumentedBy.SYKMELDER
    )
    result = run("navAssessActivityRequirement", nav_case(), medical)
    assert errors(result) == [] and result.event_kind == "no.activity_requirement.assessed"


@pytest.mark.parametrize(("given", "code"), [
    (assessed(ActivityStatus.UNNTAK), "NO_ACTIVITY_EXCEPTION_REASON"),
    (assessed(ActivityStatus.UNNTAK, ExceptionReason.MEDISINSKE_GRUNNER), "NO_ACTIVITY_EXCEPTION_REASON"),
    (assessed(ActivityStatus.OPPFYLT, ExceptionReason.MEDISINSKE_GRUNNER, DocumentedBy.SYKMELDER),
     "NO_ACTIVITY_EXCEPTION_REASON"),
    (assessed(ActivityStatus.UNNTAK, ExceptionReason.MEDISINSKE_GRUNNER, DocumentedBy.ARBEIDSGIVER),
     "NO_ACTIVITY_EXCEPTION_DOCUMENTATION"),
    (assessed(ActivityStatus.UNNTAK, ExceptionReason.ARBEIDSPLASSEN, DocumentedBy.SYKMELDER),
     "NO_ACTIVITY_EXCEPTION_DOCUMENTATION"),
    (assessed(ActivityStatus.OPPFYLT, on=TODAY + timedelta(days=1)), "NO_DATE_IN_FUTURE"),
])  # fmt: skip
def test_exceptions_need_their_reason_and_documentation(
    given: AssessActivityInput, code: str
) -> None:
    assert errors(run("navAssessActivityRequirement", nav_case(), given)) == [code]


def test_the_workplace_exception_needs_the_employers_approved_plan() -> None:
    workplace = assessed(
        ActivityStatus.UNNTAK, ExceptionReason.ARBEIDSPLASSEN, DocumentedBy.ARBEIDSGIVER
    )
    assert errors(run("navAssessActivityRequirement", nav_case(), workplace)) == [
        "NO_ACTIVITY_EXCEPTION_DOCUMENTATION"
    ]
    approved = plan_in(S.UNDER_ARBEID, S.AKTIV)
    assert errors(run("navAssessActivityRequirement", approved, workplace)) == [
        "NO_ACTIVITY_EXCEPTION_DOCUMENTATION"
    ]  # the plan does not say activity is impossible
    documented = then(approved, run("navRecordFollowUpPlan", approved,
                                    plan(S.AKTIV, in_house_measures_not_possible=True)))  # fmt: skip
    assert errors(run("navAssessActivityRequirement", documented, workplace)) == []


def test_commands_declare_the_data_category_they_record() -> None:
    """Benefit facts are BENEFITS, the activity assessment (which may hold the medical
    exception) is MEDICAL; the rest are plan data the whole team reads."""
    from vocrehab.hooks import DataCategory as C

    declared = {c.name: c.category for c in NavJurisdiction().case_commands()}
    assert {name for name, category in declared.items() if category is C.BENEFITS} == {
        "navRecordWeek39Information", "navReportWork", "navStartAapStepUp"}  # fmt: skip
    assert {name for name, category in declared.items() if category is C.MEDICAL} == {
        "navAssessActivityRequirement"}  # fmt: skip
    medical = AssessActivityInput(case_id="c", status=ActivityStatus.UNNTAK, assessed_on=TODAY,  # type: ignore[arg-type]
                                  exception_reason=ExceptionReason.MEDISINSKE_GRUNNER,
                                  documented_by=DocumentedBy.SYKMELDER)  # fmt: skip
    assert run("navAssessActivityRequirement", nav_case(), medical).category is C.MEDICAL
    met = AssessActivityInput(case_id="c", status=ActivityStatus.OPPFYLT, assessed_on=TODAY)  # type: ignore[arg-type]
    assert run("navAssessActivityRequirement", nav_case(), met).category is None
