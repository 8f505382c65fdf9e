"""validate_details: strict shapes with stable codes and paths, normalization, and the
records' own rules; the typed GraphQL view of the same details."""

from __future__ import annotations

from datetime import date
from typing import Any

from nav_cases import nav_case

from vocrehab_nav_no import NavJurisdiction
from vocrehab_nav_no.schema import NavCaseDetails

NOTE = {"signedOn": "2026-01-26", "periods": [
    {"type": "AKTIVITET_IKKE_MULIG", "fom": "2026-01-26", "tom": "2026-02-08"},
    {"type": "GRADERT", "fom": "2026-02-09", "tom": "2026-03-08", "grade": 50},
]}  # fmt: skip
PLAN = {"status": "AKTIV", "createdOn": "2026-02-02", "approvedOn": "2026-02-10",
        "sharedWithSykmelderOn": "2026-02-10", "inHouseMeasuresNotPossible": True}  # fmt: skip
MEETING = {"number": 1, "status": "FERDIGSTILT", "on": "2026-03-01", "invitedOn": "2026-02-20",
           "heldOn": "2026-03-01"}  # fmt: skip
ACTIVITY = {"status": "UNNTAK", "assessedOn": "2026-03-02", "exceptionReason": "MEDISINSKE_GRUNNER",
            "documentedBy": "SYKMELDER"}  # fmt: skip
FULL = {"sickNotes": [NOTE], "followUpPlan": PLAN, "dialogueMeetings": [MEETING],
        "activityRequirement": ACTIVITY}  # fmt: skip


def check(
    nav: NavJurisdiction, details: Any, target: str = "case"
) -> list[tuple[str, tuple[str, ...] | None]]:
    result = nav.validate_details(target, details, nav_case())  # type: ignore[arg-type]
    return [(v.code, v.field) for v in result.violations]


def test_full_details_are_valid_and_normalized(nav: NavJurisdiction) -> None:
    result = nav.validate_details("case", FULL, nav_case())
    assert result.violations == ()
    assert result.value == FULL  # already canonical: the same JSON comes back


def test_dates_are_stored_canonically_and_defaults_left_out(nav: NavJurisdiction) -> None:
    plan = {
        "status": "UNDER_ARBEID",
        "createdOn": " 2026-02-02 ",
        "inHouseMeasuresNotPossible": False,
    }
    assert nav.validate_details("case", {"followUpPlan": plan}, None).value == {
        "followUpPlan": {"status": "UNDER_ARBEID", "createdOn": "2026-02-02"}
    }


def test_empty_details_are_valid_for_every_target(nav: NavJurisdiction) -> None:
    for target in ("case", "assessment", "intervention"):
        assert nav.validate_details(target, {}, None).violations == ()  # type: ignore[arg-type]


def test_unknown_keys_are_refused_at_their_path(nav: NavJurisdiction) -> None:
    assert check(nav, {"sickNote": []}) == [("NO_DETAILS_UNKNOWN_FIELD", ("sickNote",))]
    note = {**NOTE, "diagnosis": "L87"}
    assert check(nav, {"sickNotes": [note]}) == [
        ("NO_DETAILS_UNKNOWN_FIELD", ("sickNotes", "0", "diagnosis"))
    ]
    assert check(nav, {"x": 1}, "intervention") == [("NO_DETAILS_UNKNOWN_FIELD", ("x",))]


def test_wrong_types_and_values_are_refused_at_their_path(nav: NavJurisdiction) -> None:
    assert check(nav, "not an object") == [("NO_DETAILS_INVALID", ())]
    assert check(nav, {"sickNotes": {}}) == [("NO_DETAILS_INVALID", ("sickNotes",))]
    bad_date = {"followUpPlan": {**PLAN, "approvedOn": "10.02.2026"}}
    assert check(nav, bad_date) == [("NO_DETAILS_INVALID", ("followUpPlan", "approvedOn"))]
    bad_grade = {"sickNotes": [{**NOTE, "periods": [{**NOTE["periods"][1], "grade": "50"}]}]}  # type: ignore[index]
    assert ("NO_DETAILS_INVALID", ("sickNotes", "0", "periods", "0", "grade")) in check(
        nav, bad_grade
    )
    assert check(nav, {"followUpPlan": {"status": "DONE", "createdOn": "2026-02-02"}}) == [
        ("NO_DETAILS_INVALID", ("followUpPlan", "status"))
    ]
    assert check(nav, {"followUpPlan": {"status": "AKTIV"}}) == [
        ("NO_DETAILS_INVALID", ("followUpPlan", "createdOn"))
    ]
    assert check(nav, {"followUpPlan": {**PLAN, "inHouseMeasuresNotPossible": "yes"}}) == [
        ("NO_DETAILS_INVALID", ("followUpPlan", "inHouseMeasuresNotPossible"))
    ]


def test_an_undefined_period_type_is_its_own_rule(nav: NavJurisdiction) -> None:
    note = {**NOTE, "periods": [{"type": "INVALID", "fom": "2026-01-26", "tom": "2026-02-08"}]}
    assert check(nav, {"sickNotes": [note]}) == [
        ("NO_SICK_NOTE_PERIOD_TYPE", ("sickNotes", "0", "periods", "0", "type"))
    ]


def test_the_sick_note_rules_apply_to_stored_notes(nav: NavJurisdiction) -> None:
    over_99 = {**NOTE, "periods": [{**NOTE["periods"][1], "grade": 100}]}  # type: ignore[index]
    assert check(nav, {"sickNotes": [over_99]}) == [
        ("NO_SICK_NOTE_GRADE", ("sickNotes", "0", "periods", "0", "grade"))
    ]
    below_20 = {**NOTE, "periods": [{**NOTE["periods"][1], "grade": 10}]}  # type: ignore[index]
    assert check(nav, {"sickNotes": [below_20]}) == []  # a warning never blocks stored details


def test_records_are_coherent(nav: NavJurisdiction) -> None:
    assert check(nav, {"followUpPlan": {**PLAN, "approvedOn": None}}) == [
        ("NO_DETAILS_INVALID", ("followUpPlan", "approvedOn"))
    ]
    shared_draft = {
        "status": "UNDER_ARBEID",
        "createdOn": "2026-02-02",
        "sharedWithNavOn": "2026-02-03",
    }
    assert check(nav, {"followUpPlan": shared_draft}) == [
        ("NO_FOLLOW_UP_PLAN_SHARED_UNAPPROVED", ("followUpPlan", "status"))
    ]
    assert check(nav, {"dialogueMeetings": [{**MEETING, "heldOn": None}]}) == [
        ("NO_DETAILS_INVALID", ("dialogueMeetings", "0", "heldOn"))
    ]
    assert check(nav, {"dialogueMeetings": [{**MEETING, "number": 4}]}) == [
        ("NO_DIALOGUE_MEETING_NUMBER", ("dialogueMeetings", "0", "number"))
    ]
    assert check(nav, {"dialogueMeetings": [MEETING, MEETING]}) == [
        ("NO_DIALOGUE_MEETING_CLOSED", ("dialogueMeetings",))
    ]
    assert check(nav, {"activityRequirement": {**ACTIVITY, "documentedBy": "ARBEIDSGIVER"}}) == [
        ("NO_ACTIVITY_EXCEPTION_DOCUMENTATION", ("activityRequirement", "documentedBy"))
    ]


def test_assessment_details_hold_another_absence_reason(nav: NavJurisdiction) -> None:
    assert nav.validate_details("assessment", {"otherAbsenceReason": "SMITTEFARE"}, None).value == {
        "otherAbsenceReason": "SMITTEFARE"
    }
    assert check(nav, {"otherAbsenceReason": "HOLIDAY"}, "assessment") == [
        ("NO_DETAILS_INVALID", ("otherAbsenceReason",))
    ]


def test_the_typed_details_show_the_records_and_the_dates_they_give(nav: NavJurisdiction) -> None:
    details = nav.present_details(nav_case(start=date(2026, 1, 26), details=FULL))
    assert isinstance(details, NavCaseDetails)
    assert details.jurisdiction_code == "no"
    assert details.employer_period_end == date(2026, 2, 10)
    assert details.sick_notes[0].periods[1].grade == 50
    assert details.follow_up_plan is not None and details.follow_up_plan.approved_on == date(
        2026, 2, 10
    )
    assert details.dialogue_meetings[0].held_on == date(2026, 3, 1)
    assert details.activity_requirement is not None
    assert details.maksdato is not None


def test_an_unemployed_participant_has_no_employer_period(nav: NavJurisdiction) -> None:
    from vocrehab.hooks import EmploymentStatus

    details = nav.present_details(nav_case(employment_status=EmploymentStatus.UNEMPLOYED))
    assert isinstance(details, NavCaseDetails) and details.employer_period_end is None
