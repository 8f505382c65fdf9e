"""The orientation map in Swedish and English: where the case stands, what is next, what blocks it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fk_cases import SE, START, assessment, case, certificate, day, event, periods

from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    EmploymentStatus,
    OrientationInfo,
    ReturnToWorkPhase,
    StakeholderType,
)
from vocrehab_fk_se import FkJurisdiction, FkOptions


def orient(facts: CaseFacts, today_day: int, jurisdiction: FkJurisdiction = SE) -> OrientationInfo:
    return jurisdiction.orientation(facts, jurisdiction.milestones(facts), day(today_day))


def test_every_text_is_in_swedish_and_english() -> None:
    found = orient(case(), 20)
    assert set(found.summary) == {"sv", "en"}
    assert all(set(step.title) == {"sv", "en"} for step in found.next_steps)
    assert all(set(blocker) == {"sv", "en"} for blocker in found.blockers)


def test_in_the_employer_period_the_employer_pays() -> None:
    found = orient(case(), 10)
    assert "Idag är dag 10 i rehabiliteringskedjan (sedan 2026-01-01)." in found.summary["sv"]
    assert "Arbetsgivaren betalar sjuklön (dag 10 av 14)" in found.summary["sv"]
    assert "The employer pays sick pay (day 10 of 14)" in found.summary["en"]
    assert "det egna arbetet" in found.summary["sv"]
    assert "Fas: borta från arbetet" in found.summary["sv"]


def test_from_day_15_forsakringskassan_pays_at_the_normal_level_then_the_continuation_level() -> (
    None
):
    assert (
        "Sjukpenning betalas på normalnivå (80 %). Fortsättningsnivån (75 %) gäller från 2026-12-31"
        in orient(case(), 15).summary["sv"]
    )
    late = orient(case(), 400).summary
    assert "fortsättningsnivå (75 %) sedan 2026-12-31" in late["sv"]
    assert "continuation level (75 %) since 2026-12-31" in late["en"]
    assert "normalt förekommande arbete" in late["sv"]


def test_the_next_steps_say_who_does_what_by_when() -> None:
    found = orient(case(), 3)
    first = found.next_steps[0]
    assert first.title["sv"] == "Läkarintyg från dag 8"
    assert first.responsible is StakeholderType.CLINICIAN and first.due_date == day(8)
    dates = [s.due_date for s in found.next_steps if s.due_date]
    assert dates == sorted(dates)
    suggestion = found.next_steps[-1]  # no forecast yet: the doctor is asked for one
    assert suggestion.responsible is StakeholderType.CLINICIAN and suggestion.due_date is None
    assert "plan för återgång" in suggestion.title["sv"]


def test_overdue_milestones_are_blockers_naming_who_acts() -> None:
    facts = case(
        details={"expectedDuration": {"days": 90, "assessedOn": day(5).isoformat()}},
        assessments=(certificate(day(3)),),
    )
    found = orient(facts, 31)
    [plan] = [b for b in found.blockers if "återgång" in b["sv"]]
    assert (
        plan["sv"]
        == "Plan för återgång i arbete: skulle ha skett senast 2026-01-30 (arbetsgivaren ska agera)."
    )
    assert (
        plan["en"]
        == "Employer's plan for return to work: was due on 2026-01-30 (the employer to act)."
    )
    assert (
        "Arbetsgivaren ska ha en plan för återgång i arbete senast 2026-01-30."
        in found.summary["sv"]
    )


@pytest.mark.parametrize(("idle", "stalled"), [(30, False), (31, True)])
def test_no_event_for_more_than_30_days_is_a_blocker(idle: int, stalled: bool) -> None:
    facts = case(events=(event("case.opened", START),), sick_leave_start=None)
    blockers = orient(facts, 1 + idle).blockers
    assert any("Inget har hänt" in b["sv"] for b in blockers) is stalled


def test_the_stall_limit_is_a_deployment_option() -> None:
    patient = FkJurisdiction(FkOptions.from_mapping({"stall_days": 60}))
    facts = case(events=(event("case.opened", START),), sick_leave_start=None)
    assert orient(facts, 45, patient).blockers == ()
    with pytest.raises(ValueError):
        FkOptions.from_mapping({"stall_days": 0})
    with pytest.raises(ValueError):
        FkOptions.from_mapping({"stalldays": 10})


def test_low_work_capacity_points_to_municipal_activity() -> None:
    facts = case(assessments=(assessment("se.WORK_CAPACITY", day(50), work_capacity_percent=0),))
    summary = orient(facts, 60).summary
    assert "Senast bedömd arbetsförmåga: 0 % (2026-02-19)." in summary["sv"]
    assert "kommunal sysselsättning" in summary["sv"]
    assert "municipal activity centre" in summary["en"]


def test_a_drawn_up_plan_and_the_re_entry_phase() -> None:
    facts = case(
        phase=ReturnToWorkPhase.RE_ENTRY,
        details={**periods((START, day(40), 100), (day(41), day(90), 50)),
                 "expectedDuration": {"days": 90, "assessedOn": day(5).isoformat()},
                 "employerPlan": {"status": "DRAWN_UP", "on": day(25).isoformat()}},
    )  # fmt: skip
    found = orient(facts, 60)
    assert (
        "Arbetsgivarens plan för återgång i arbete finns sedan 2026-01-25." in found.summary["sv"]
    )
    assert "Fas: återgång" in found.summary["sv"]
    assert found.next_steps[-1].title["en"].startswith("Follow up the plan's steps")


def test_other_situations() -> None:
    assert (
        "Ingen sjukskrivning är registrerad."
        in orient(case(sick_leave_start=None), 5).summary["sv"]
    )
    unemployed = orient(case(employment_status=EmploymentStatus.UNEMPLOYED, has_employer=False), 5)
    assert "normalt förekommande arbete" in unemployed.summary["sv"]
    assert "Sjukpenning betalas på normalnivå" in unemployed.summary["sv"]
    self_employed = orient(case(employment_status=EmploymentStatus.SELF_EMPLOYED), 5)
    assert "egenföretagare" in self_employed.summary["sv"]
    on_hold = orient(case(status=CaseStatus.ON_HOLD), 5)
    assert on_hold.summary["sv"].startswith("Ärendet är vilande.")
    back = orient(
        case(
            details=periods((START, day(10), 100)),
            sick_leave_start=None,
            phase=ReturnToWorkPhase.RETENTION,
        ),
        20,
    )
    assert back.summary["sv"].startswith(
        "Den registrerade sjukskrivningen slutade 2026-01-10, dag 10"
    )
    assert "Fas: kvarstannande" in back.summary["sv"]
    projected = orient(case(details=periods((START, day(10), 100)), sick_leave_start=None), 20)
    assert "Idag är dag 20" in projected.summary["sv"]
    assert "registrerade till 2026-01-10" in projected.summary["sv"]
    gap = orient(
        case(details=periods((START, day(10), 100), (day(20), day(30), 50)), sick_leave_start=None),
        15,
    )
    assert "Idag är ingen sjukdag." in gap.summary["sv"]


def test_a_closed_case_has_no_next_steps() -> None:
    closed = case(status=CaseStatus.CLOSED, closed_at=datetime(2026, 2, 1, 12, tzinfo=UTC))
    found = orient(closed, 40)
    assert found.summary == {
        "sv": "Ärendet avslutades 2026-02-01.",
        "en": "The case was closed on 2026-02-01.",
    }
    assert found.next_steps == () and found.blockers == ()


def test_an_exception_after_day_180_is_on_the_map_without_saying_which() -> None:
    serious = case(details={"chainExceptions": ["SERIOUS_ILLNESS"]})
    found = orient(serious, 200)
    assert "Ett undantag i rehabiliteringskedjan gäller" in found.summary["sv"]
    assert "(day 365 is 2026-12-31)" in found.summary["en"]
    texts = [
        found.summary["en"],
        *(s.title["en"] for s in found.next_steps),
        *(b["en"] for b in found.blockers),
    ]
    assert not any("serious" in text.lower() for text in texts)
    assert not any("chain day 180" in blocker["en"] for blocker in found.blockers)
    plain = orient(case(), 200)
    assert "undantag" not in plain.summary["sv"]
    assert any("Rehabilitation chain day 180" in b["en"] for b in plain.blockers)
