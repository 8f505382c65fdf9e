"""The orientation map in bokmål and English, and assess(): what the rules find today."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from nav_cases import nav_case

from vocrehab.hooks import (
    BenefitFacts,
    CaseFacts,
    CaseStatus,
    EventFacts,
    OrientationInfo,
    ReturnToWorkPhase,
)
from vocrehab_nav_no import NavJurisdiction, NavOptions

START = date(2026, 1, 5)
TODAY = date(2026, 3, 9)  # week 10


def orient(case: CaseFacts, today: date = TODAY, stall_days: int = 28) -> OrientationInfo:
    nav = NavJurisdiction(NavOptions(stall_days=stall_days))
    return nav.orientation(case, nav.milestones(case), today)


def recent(day: date = TODAY) -> tuple[EventFacts, ...]:
    return (EventFacts("note.added", datetime.combine(day, datetime.min.time(), UTC)),)


GRANTED = EventFacts("benefit.granted", datetime(2026, 1, 21, 9, tzinfo=UTC), None,
                     {"typeCode": "SYKEPENGER"})  # fmt: skip
GRADED = {"sickNotes": [{"signedOn": "2026-01-05", "periods": [
    {"type": "AKTIVITET_IKKE_MULIG", "fom": "2026-01-05", "tom": "2026-01-25"},
    {"type": "GRADERT", "fom": "2026-01-26", "tom": "2026-04-30", "grade": 40}]}],
    "followUpPlan": {"status": "UNDER_ARBEID", "createdOn": "2026-01-20"}}  # fmt: skip


def test_the_summary_says_where_what_and_whose_move_in_both_languages() -> None:
    sick_pay = BenefitFacts("b", "SYKEPENGER", 40, date(2026, 1, 21))
    found = orient(nav_case(START, details=GRADED, benefits=(sick_pay,), events=(GRANTED, *recent()),
                            phase=ReturnToWorkPhase.RE_ENTRY))  # fmt: skip
    assert found.summary["nb"] == (
        "Sykmeldt fra 5.1.2026, nå i uke 10. Fase: tilbake i arbeid, gradvis, i arbeid igjen fra "
        "26.1.2026. Sykmeldingen i dag: 40 % gradert sykmeldt til "
        "30.4.2026. NAV betaler sykepenger. Oppfølgingsplanen er under arbeid. Neste frist: "
        "Oppfølgingsplan (uke 4) innen 2.2.2026; det er arbeidsgiveren som må handle."
    )
    assert found.summary["en"] == (
        "On sick leave since 2026-01-05, now in week 10. Phase: work re-entry, back at work from "
        "2026-01-26. Today's sick note: 40 % graded sick "
        "leave until 2026-04-30. NAV pays sykepenger. The follow-up plan is being drafted. Next: "
        "Follow-up plan (week 4) by 2026-02-02; it is the employer's move."
    )


def test_next_steps_are_the_pending_milestones_soonest_first() -> None:
    found = orient(nav_case(START, details=GRADED, events=(GRANTED, *recent()),
                            phase=ReturnToWorkPhase.RE_ENTRY))  # fmt: skip
    titles = [step.title["en"] for step in found.next_steps]
    assert titles == [
        "Follow-up plan (week 4)",
        "Need for dialogue meeting 2 (week 16)",
        "Last day of sykepenger (maksdato)",
    ]  # notes end in April
    assert found.next_steps[0].due_date == date(2026, 2, 2)
    assert all(step.title["nb"] for step in found.next_steps)


def test_overdue_milestones_block_with_who_must_act() -> None:
    found = orient(nav_case(START, events=recent()))
    assert found.blockers[0]["nb"] == (
        "Sykmelding fra dag 4 skulle vært gjort innen 8.1.2026 og er forsinket "
        "(sykmelderen må handle)."
    )
    assert found.blockers[1]["nb"] == (
        "Arbeidsgiverperioden slutter (dag 16) skulle vært gjort innen 20.1.2026 og er forsinket "
        "(arbeidsgiveren må handle)."
    )
    assert [b["en"].split(" was due")[0] for b in found.blockers] == [
        "Sick note from day 4",
        "End of the employer period (day 16)", "Follow-up plan (week 4)",
        "Dialogue meeting 1 (week 7)", "Activity requirement checked (week 8)",
    ]  # fmt: skip


def test_a_silent_case_is_flagged_after_the_stall_days() -> None:
    quiet = nav_case(START, details=GRADED, events=recent(TODAY - timedelta(days=28)))
    assert not [b for b in orient(quiet).blockers if "Nothing has happened" in b["en"]]
    quieter = nav_case(START, details=GRADED, events=recent(TODAY - timedelta(days=29)))
    [stall] = [b for b in orient(quieter).blockers if "Nothing has happened" in b["en"]]
    assert stall["nb"].startswith("Ingenting har skjedd i saken på 29 dager")


def test_the_employer_pays_in_the_employer_period() -> None:
    found = orient(nav_case(START, events=recent()), today=date(2026, 1, 12))
    assert "Arbeidsgiveren betaler sykepenger i arbeidsgiverperioden" in found.summary["nb"]
    assert "The employer pays sick pay in the employer period" in found.summary["en"]


def test_aap_without_sick_leave_and_a_closed_case() -> None:
    aap = BenefitFacts("b", "ARBEIDSAVKLARINGSPENGER", 100, date(2025, 6, 2))
    found = orient(nav_case(None, benefits=(aap,), events=recent()))
    assert found.summary["nb"].startswith(
        "Mottar arbeidsavklaringspenger fra 2.6.2025. Fase: borte fra arbeid. NAV betaler"
    )
    closed = nav_case(START, status=CaseStatus.CLOSED, closed_at=datetime(2026, 3, 1, tzinfo=UTC))
    assert orient(closed).summary == {"nb": "Saken ble avsluttet 1.3.2026.",
                                      "en": "The case was closed on 2026-03-01."}  # fmt: skip


def test_on_hold_and_a_sick_note_that_ran_out() -> None:
    ended = {"sickNotes": [{"signedOn": "2026-01-05", "periods": [
        {"type": "AKTIVITET_IKKE_MULIG", "fom": "2026-01-05", "tom": "2026-02-20"}]}]}  # fmt: skip
    found = orient(nav_case(START, details=ended, status=CaseStatus.ON_HOLD, events=recent()))
    assert found.summary["en"].startswith("The case is on hold. On sick leave since 2026-01-05")
    assert "The last sick note ran out on 2026-02-20." in found.summary["en"]
    assert "Siste sykmelding gikk ut 20.2.2026." in found.summary["nb"]


# --------------------------------------------------------------------------- assess


def assessed(case: CaseFacts, today: date = TODAY) -> list[str]:
    return sorted(v.code for v in NavJurisdiction().assess(case, today))


def test_the_activity_requirement_unsettled_after_week_8() -> None:
    """The warning comes the day the milestone turns OVERDUE, never on the due day itself."""
    case = nav_case(START)
    week_8 = NavJurisdiction().milestones(case)
    [due] = [m.due_date for m in week_8 if m.code == "ACTIVITY_REQUIREMENT"]
    assert due == date(2026, 3, 2)
    assert "NO_ACTIVITY_REQUIREMENT_UNMET" not in assessed(case, date(2026, 3, 1))
    assert "NO_ACTIVITY_REQUIREMENT_UNMET" not in assessed(case, due)
    assert "NO_ACTIVITY_REQUIREMENT_UNMET" in assessed(case, date(2026, 3, 3))
    blockers = NavJurisdiction().orientation(case, week_8, due).blockers
    assert not any("Aktivitetsplikten" in b["nb"] for b in blockers)
    blockers = NavJurisdiction().orientation(case, week_8, date(2026, 3, 3)).blockers
    assert any("Aktivitetsplikten" in b["nb"] for b in blockers)
    assert "NO_ACTIVITY_REQUIREMENT_UNMET" not in assessed(nav_case(START, details=GRADED))
    not_met = {"activityRequirement": {"status": "IKKE_OPPFYLT", "assessedOn": "2026-03-03"}}
    assert "NO_ACTIVITY_REQUIREMENT_UNMET" in assessed(
        nav_case(START, details=not_met), date(2026, 3, 4)
    )


def test_current_sick_notes_keep_their_warnings() -> None:
    low = {"sickNotes": [{"signedOn": "2026-01-05", "periods": [
        {"type": "GRADERT", "fom": "2026-01-05", "tom": "2026-03-09", "grade": 15}]}]}  # fmt: skip
    working = ReturnToWorkPhase.RE_ENTRY
    assert assessed(nav_case(START, details=low, phase=working)) == ["NO_SICK_NOTE_GRADE_BELOW_20"]
    assert "NO_SICK_NOTE_GRADE_BELOW_20" not in assessed(
        nav_case(START, details=low, phase=working), date(2026, 3, 10)
    )


def test_the_updated_plan_reaches_nav_a_week_before_meeting_2() -> None:
    meeting = {"number": 2, "status": "INNKALT", "on": "2026-03-16", "invitedOn": "2026-02-20"}
    plan = {"status": "AKTIV", "createdOn": "2026-01-20", "approvedOn": "2026-01-28"}
    details = {**GRADED, "followUpPlan": plan, "dialogueMeetings": [meeting]}
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" not in assessed(
        nav_case(START, details=details), date(2026, 3, 8)
    )
    # the deadline day itself (a week before) still leaves time to send it
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" not in assessed(
        nav_case(START, details=details), date(2026, 3, 9)
    )
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" in assessed(
        nav_case(START, details=details), date(2026, 3, 10)
    )
    sent = {**details, "followUpPlan": {**plan, "sharedWithNavOn": "2026-03-09"}}
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" not in assessed(nav_case(START, details=sent))
    late = {**details, "followUpPlan": {**plan, "sharedWithNavOn": "2026-03-10"}}
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" in assessed(
        nav_case(START, details=late), date(2026, 3, 10)
    )


def test_sick_pay_running_past_the_maksdato_or_the_70th_birthday() -> None:
    running = (BenefitFacts("b", "SYKEPENGER", 100, date(2026, 1, 21)),)
    turning_70 = nav_case(START, birth=date(1956, 3, 1), benefits=running)
    assert "NO_SYKEPENGER_AGE_70" not in assessed(turning_70, date(2026, 2, 28))
    assert "NO_SYKEPENGER_AGE_70" in assessed(turning_70, date(2026, 3, 1))
    over_67 = nav_case(START, birth=date(1958, 1, 4), benefits=running)
    from vocrehab.hooks import EmploymentStatus
    from vocrehab_nav_no.sick_pay import maksdato

    last = maksdato(START, EmploymentStatus.EMPLOYED, date(1958, 1, 4))
    assert last is not None
    assert "NO_SYKEPENGER_MAX_DAYS" not in assessed(over_67, last)
    assert "NO_SYKEPENGER_MAX_DAYS" in assessed(over_67, last + timedelta(days=1))


def test_overlapping_benefits_and_a_closed_case() -> None:
    overlapping = (BenefitFacts("a", "SYKEPENGER", 100, date(2026, 1, 21), date(2026, 2, 20)),
                   BenefitFacts("b", "SYKEPENGER", 50, date(2026, 2, 20)))  # fmt: skip
    assert "NO_BENEFIT_OVERLAP" in assessed(nav_case(START, details=GRADED, benefits=overlapping))
    closed = nav_case(START, status=CaseStatus.CLOSED, benefits=overlapping)
    assert assessed(closed) == []
