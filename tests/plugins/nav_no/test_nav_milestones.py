"""Milestones (R11-R14, R12's maksdato, AAP): due dates, what meets them, when they do
not apply, and determinism."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from nav_cases import nav_case

from vocrehab.hooks import (
    BenefitFacts,
    CaseFacts,
    CaseStatus,
    EmploymentStatus,
    EventFacts,
    MilestoneInfo,
    StakeholderType,
)
from vocrehab_nav_no import NavJurisdiction
from vocrehab_nav_no.sick_pay import maksdato
from vocrehab_nav_no.workdays import weekdays_between

START = date(2026, 1, 5)  # a Monday
R = StakeholderType


def by_code(case: CaseFacts) -> dict[str, MilestoneInfo]:
    return {m.code: m for m in NavJurisdiction().milestones(case)}


def period(kind: str, fom: date, tom: date, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "fom": fom.isoformat(), "tom": tom.isoformat(), **extra}


def notes(*periods: dict[str, Any]) -> dict[str, Any]:
    return {"sickNotes": [{"signedOn": START.isoformat(), "periods": list(periods)}]}


def test_due_dates_and_who_acts() -> None:
    found = by_code(nav_case(START))
    expected = {
        "SICK_NOTE": (date(2026, 1, 8), R.CLINICIAN),
        "EMPLOYER_PERIOD_END": (date(2026, 1, 20), R.EMPLOYER),
        "FOLLOW_UP_PLAN": (date(2026, 2, 2), R.EMPLOYER),
        "DIALOGUE_MEETING_1": (date(2026, 2, 23), R.EMPLOYER),
        "ACTIVITY_REQUIREMENT": (date(2026, 3, 2), R.CASE_MANAGER),
        "MEETING_NEED_WEEK_16": (date(2026, 4, 27), R.CASE_MANAGER),
        "DIALOGUE_MEETING_2": (date(2026, 7, 6), R.CASE_MANAGER),
        "WEEK_39_INFORMATION": (date(2026, 10, 5), R.CASE_MANAGER),
        "MAKSDATO": (maksdato(START, EmploymentStatus.EMPLOYED, None), R.CASE_MANAGER),
    }
    assert {code: (m.due_date, m.responsible) for code, m in found.items()} == expected
    assert all(m.met_on is None and not m.not_applicable for m in found.values())
    assert all(m.legal_reference and m.names["nb"] and m.descriptions for m in found.values())


def test_maksdato_is_the_248th_weekday_from_day_17() -> None:
    last = maksdato(START, EmploymentStatus.EMPLOYED, None)
    assert last is not None
    assert weekdays_between(START + timedelta(days=16), last) == 248 and last.weekday() < 5
    assert last == date(2027, 1, 1)  # 16 days + 248 weekdays: about 52 weeks
    other = maksdato(START, EmploymentStatus.UNEMPLOYED, None)
    assert other is not None and weekdays_between(START + timedelta(days=16), other) == 250


def test_maksdato_after_67_and_before_70() -> None:
    at_67 = maksdato(START, EmploymentStatus.EMPLOYED, date(1958, 1, 4))  # turned 67 in 2025
    assert at_67 is not None and weekdays_between(START + timedelta(days=16), at_67) == 60
    turning_70 = maksdato(START, EmploymentStatus.EMPLOYED, date(1956, 3, 1))
    assert turning_70 == date(2026, 2, 27)  # the last weekday before the 70th birthday
    assert maksdato(START, EmploymentStatus.EMPLOYED, date(1955, 1, 1)) is None


def test_nothing_depends_on_sick_pay_at_70() -> None:
    found = by_code(nav_case(START, birth=date(1950, 1, 1)))
    assert "MAKSDATO" not in found
    assert (
        found["EMPLOYER_PERIOD_END"].not_applicable and found["ACTIVITY_REQUIREMENT"].not_applicable
    )
    assert not found["FOLLOW_UP_PLAN"].not_applicable  # the employer's duty does not depend on it


def test_an_unemployed_participant_has_no_employer_milestones() -> None:
    found = by_code(nav_case(START, employment_status=EmploymentStatus.UNEMPLOYED))
    for code in (
        "EMPLOYER_PERIOD_END",
        "FOLLOW_UP_PLAN",
        "DIALOGUE_MEETING_1",
        "DIALOGUE_MEETING_2",
    ):
        assert found[code].not_applicable
    assert not found["ACTIVITY_REQUIREMENT"].not_applicable and not found["MAKSDATO"].not_applicable


def test_no_sick_leave_no_milestones() -> None:
    assert NavJurisdiction().milestones(nav_case(None)) == []


def test_the_first_day_on_a_sick_note_starts_the_timeline() -> None:
    details = notes(period("AKTIVITET_IKKE_MULIG", START, START + timedelta(days=60)))
    assert by_code(nav_case(None, details=details))["FOLLOW_UP_PLAN"].due_date == date(2026, 2, 2)


def test_the_sick_leave_ending_early_makes_later_milestones_moot() -> None:
    short = by_code(
        nav_case(START, details=notes(period("AKTIVITET_IKKE_MULIG", START, date(2026, 1, 20))))
    )
    assert short["EMPLOYER_PERIOD_END"].not_applicable  # ended on day 16
    assert short["FOLLOW_UP_PLAN"].not_applicable and short["MAKSDATO"].not_applicable
    day_17 = by_code(
        nav_case(START, details=notes(period("AKTIVITET_IKKE_MULIG", START, date(2026, 1, 21))))
    )
    assert (
        not day_17["EMPLOYER_PERIOD_END"].not_applicable and not day_17["MAKSDATO"].not_applicable
    )
    four_weeks = by_code(
        nav_case(START, details=notes(period("AKTIVITET_IKKE_MULIG", START, date(2026, 2, 2))))
    )
    assert not four_weeks["FOLLOW_UP_PLAN"].not_applicable  # still off on the due day
    assert four_weeks["DIALOGUE_MEETING_1"].not_applicable


def test_the_handover_to_nav_meets_the_employer_period() -> None:
    granted = EventFacts("benefit.granted", datetime(2026, 1, 22, 9, tzinfo=UTC), R.CASE_MANAGER,
                         {"typeCode": "SYKEPENGER"})  # fmt: skip
    other = EventFacts("benefit.granted", datetime(2026, 1, 21, 9, tzinfo=UTC), R.CASE_MANAGER,
                       {"typeCode": "TILTAKSPENGER"})  # fmt: skip
    found = by_code(nav_case(START, events=(other, granted)))
    assert found["EMPLOYER_PERIOD_END"].met_on == date(2026, 1, 22)


def test_the_plan_is_met_when_approved_and_sent_to_the_sykmelder() -> None:
    plan = {"status": "AKTIV", "createdOn": "2026-01-20", "approvedOn": "2026-01-28"}
    assert by_code(nav_case(START, details={"followUpPlan": plan}))["FOLLOW_UP_PLAN"].met_on is None
    sent = {**plan, "sharedWithSykmelderOn": "2026-01-30"}
    assert by_code(nav_case(START, details={"followUpPlan": sent}))[
        "FOLLOW_UP_PLAN"
    ].met_on == date(2026, 1, 30)
    replaced = {"status": "UNDER_ARBEID", "createdOn": "2026-03-01"}
    event = EventFacts("no.follow_up_plan.sent_to_sykmelder", datetime(2026, 1, 30, 9, tzinfo=UTC))
    found = by_code(nav_case(START, details={"followUpPlan": replaced}, events=(event,)))
    assert found["FOLLOW_UP_PLAN"].met_on == date(2026, 1, 30)  # a new plan does not undo it


def meeting(number: int, status: str, day: str) -> dict[str, Any]:
    held = {"heldOn": day} if status == "FERDIGSTILT" else {}
    return {"number": number, "status": status, "on": day, "invitedOn": "2026-01-20", **held}


def test_dialogue_meetings_are_met_when_held() -> None:
    details = {
        "dialogueMeetings": [
            meeting(1, "FERDIGSTILT", "2026-02-16"),
            meeting(2, "INNKALT", "2026-06-29"),
        ]
    }
    found = by_code(nav_case(START, details=details))
    assert found["DIALOGUE_MEETING_1"].met_on == date(2026, 2, 16)
    assert found["DIALOGUE_MEETING_2"].met_on is None


def test_dialogue_meeting_1_with_graded_leave_only_on_request() -> None:
    graded = notes(period("AKTIVITET_IKKE_MULIG", START, date(2026, 1, 25)),
                   period("GRADERT", date(2026, 1, 26), date(2026, 4, 30), grade=50))  # fmt: skip
    assert by_code(nav_case(START, details=graded))["DIALOGUE_MEETING_1"].not_applicable
    requested = {**graded, "dialogueMeetings": [meeting(1, "INNKALT", "2026-02-20")]}
    assert not by_code(nav_case(START, details=requested))["DIALOGUE_MEETING_1"].not_applicable
    fully_off = notes(period("GRADERT", START, date(2026, 1, 25), grade=50),
                      period("AKTIVITET_IKKE_MULIG", date(2026, 1, 26), date(2026, 4, 30)))  # fmt: skip
    assert not by_code(nav_case(START, details=fully_off))["DIALOGUE_MEETING_1"].not_applicable


def test_the_activity_requirement_is_met_by_graded_leave_or_nav() -> None:
    graded = notes(period("AKTIVITET_IKKE_MULIG", START, date(2026, 1, 25)),
                   period("GRADERT", date(2026, 1, 26), date(2026, 4, 30), grade=50))  # fmt: skip
    assert by_code(nav_case(START, details=graded))["ACTIVITY_REQUIREMENT"].met_on == date(
        2026, 1, 26
    )
    travel = notes(period("REISETILSKUDD", START, date(2026, 4, 30)))
    assert by_code(nav_case(START, details=travel))["ACTIVITY_REQUIREMENT"].met_on == START
    for status, met in (
        ("OPPFYLT", True),
        ("UNNTAK", True),
        ("IKKE_OPPFYLT", False),
        ("AVVENT", False),
    ):
        extra = (
            {"exceptionReason": "MEDISINSKE_GRUNNER", "documentedBy": "SYKMELDER"}
            if status == "UNNTAK"
            else {}
        )
        details = {"activityRequirement": {"status": status, "assessedOn": "2026-03-03", **extra}}
        found = by_code(nav_case(START, details=details))["ACTIVITY_REQUIREMENT"]
        assert (found.met_on == date(2026, 3, 3)) is met


def test_maksdato_is_met_when_sykepenger_end_or_aap_starts() -> None:
    running = BenefitFacts("b1", "SYKEPENGER", 100, date(2026, 1, 21))
    assert by_code(nav_case(START, benefits=(running,)))["MAKSDATO"].met_on is None
    ended = replace(running, end_date=date(2026, 5, 29))
    assert by_code(nav_case(START, benefits=(ended,)))["MAKSDATO"].met_on == date(2026, 5, 29)
    aap = BenefitFacts("b2", "ARBEIDSAVKLARINGSPENGER", 100, date(2026, 6, 1))
    assert by_code(nav_case(START, benefits=(running, aap)))["MAKSDATO"].met_on == date(2026, 6, 1)


def test_the_aap_period_ends_after_3_years() -> None:
    aap = BenefitFacts("b", "ARBEIDSAVKLARINGSPENGER", 100, date(2026, 2, 1))
    found = by_code(nav_case(None, benefits=(aap,)))
    assert found["AAP_PERIOD_END"].due_date == date(2029, 1, 31)
    assert found["AAP_PERIOD_END"].met_on is None
    ended = by_code(nav_case(None, benefits=(replace(aap, end_date=date(2027, 2, 1)),)))
    assert ended["AAP_PERIOD_END"].met_on == date(2027, 2, 1)


def test_a_closed_case_leaves_only_what_was_met() -> None:
    granted = EventFacts(
        "benefit.granted", datetime(2026, 1, 22, 9, tzinfo=UTC), None, {"typeCode": "SYKEPENGER"}
    )
    closed = nav_case(START, events=(granted,), status=CaseStatus.CLOSED,
                      closed_at=datetime(2026, 3, 1, tzinfo=UTC))  # fmt: skip
    found = by_code(closed)
    assert found["EMPLOYER_PERIOD_END"].met_on is not None
    assert all(m.not_applicable for code, m in found.items() if code != "EMPLOYER_PERIOD_END")


def test_milestones_are_deterministic() -> None:
    details = {**notes(period("GRADERT", START, date(2026, 4, 30), grade=50)),
               "dialogueMeetings": [meeting(1, "FERDIGSTILT", "2026-02-16")]}  # fmt: skip
    case = nav_case(START, details=details)
    first = NavJurisdiction().milestones(case)
    assert (
        NavJurisdiction().milestones(copy.deepcopy(case))
        == first
        == NavJurisdiction().milestones(case)
    )


def test_what_counts_is_activity_at_week_8() -> None:
    """A graded first week followed by full leave through week 12 is no activity at week 8;
    activity covering the check day counts from the start of its unbroken run."""
    week_8 = START + timedelta(weeks=8)
    early_only = notes(period("GRADERT", START, START + timedelta(days=6), grade=50),
                       period("AKTIVITET_IKKE_MULIG", START + timedelta(days=7),
                              START + timedelta(weeks=12)))  # fmt: skip
    assert by_code(nav_case(START, details=early_only))["ACTIVITY_REQUIREMENT"].met_on is None
    for last_day, met in ((week_8 - timedelta(days=1), None), (week_8, START)):
        ending = notes(period("GRADERT", START, last_day, grade=50),
                       period("AKTIVITET_IKKE_MULIG", last_day + timedelta(days=1),
                              START + timedelta(weeks=12)))  # fmt: skip
        assert by_code(nav_case(START, details=ending))["ACTIVITY_REQUIREMENT"].met_on == met
    run = notes(period("GRADERT", START + timedelta(weeks=3), week_8 - timedelta(days=1), grade=40),
                period("GRADERT", week_8, START + timedelta(weeks=12), grade=60))  # fmt: skip
    found = by_code(nav_case(START, details=run))["ACTIVITY_REQUIREMENT"]
    assert found.met_on == START + timedelta(weeks=3)
    late = notes(period("AKTIVITET_IKKE_MULIG", START, week_8),
                 period("GRADERT", week_8 + timedelta(days=1), START + timedelta(weeks=12), grade=50))  # fmt: skip
    assert by_code(nav_case(START, details=late))[
        "ACTIVITY_REQUIREMENT"
    ].met_on == week_8 + timedelta(days=1)
