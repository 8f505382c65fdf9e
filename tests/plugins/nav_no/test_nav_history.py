"""R11 and R12 across cases: an absence fewer than 16 days after the previous one
continues its employer period (ftrl § 8-19), and sykepenger days paid in the three
years before count toward the maximum (ftrl § 8-12)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from support import Api, World, admin, as_actor, gid
from test_nav_api import norwegian_case

from vocrehab.core import cases
from vocrehab.core.clock import Clock
from vocrehab.hooks import BenefitFacts, HistoryFacts, SickPeriodFacts
from vocrehab.hooks.testing import make_case
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab_nav_no import NavJurisdiction
from vocrehab_nav_no.history import days_used, employer_days_used

START = date(2026, 2, 2)


def case_after(end: date, first: date, benefits: tuple[BenefitFacts, ...] = ()) -> object:
    history = HistoryFacts(
        START - timedelta(days=3 * 366), (SickPeriodFacts("e", first, end),), benefits
    )
    return make_case("no", sick_leave_start=START, history=history)


@pytest.mark.parametrize(
    ("days_back_at_work", "continues"),
    [(14, True), (15, True), (16, False), (17, False)],
)
def test_an_absence_fewer_than_16_days_after_the_last_continues_its_employer_period(
    days_back_at_work: int, continues: bool
) -> None:
    end = START - timedelta(days=days_back_at_work + 1)
    case = case_after(end, end - timedelta(days=9))  # ten sick days before
    assert employer_days_used(case) == (10 if continues else None)  # type: ignore[arg-type]
    found = [
        v for v in NavJurisdiction().assess(case, START) if v.code == "NO_EMPLOYER_PERIOD_CONTINUED"
    ]  # type: ignore[arg-type]
    assert bool(found) is continues
    if continues:
        assert "6 more day(s), to 2026-02-07; NAV from 2026-02-08" in found[0].message
        assert found[0].legal_reference and "§ 8-19" in found[0].legal_reference


def test_a_full_employer_period_used_before_means_nav_pays_from_day_one() -> None:
    case = case_after(START - timedelta(days=3), START - timedelta(days=40))
    assert employer_days_used(case) == 16  # type: ignore[arg-type]
    [found] = [
        v for v in NavJurisdiction().assess(case, START) if v.code == "NO_EMPLOYER_PERIOD_CONTINUED"
    ]  # type: ignore[arg-type]
    assert "NAV pays from the first day" in found.message


@pytest.mark.parametrize(
    ("starts", "counted"),
    [(date(2023, 2, 1), 0), (date(2023, 2, 2), 1), (date(2023, 2, 3), 1)],
    ids=["a day before three years", "on the day", "after"],
)
def test_only_days_paid_in_the_three_years_before_count(starts: date, counted: int) -> None:
    # One weekday of sykepenger on `starts` (2023-02-02 is a Thursday; three years before START).
    paid = (BenefitFacts("h", "SYKEPENGER", 100, starts, starts),)
    case = case_after(date(2023, 3, 1), starts, paid)
    assert days_used(case) == counted  # type: ignore[arg-type]


def test_days_used_in_three_years_are_reported_with_what_remains() -> None:
    paid = (BenefitFacts("h", "SYKEPENGER", 100, date(2025, 1, 6), date(2025, 1, 31)),)
    case = case_after(date(2025, 1, 31), date(2024, 12, 20), paid)
    [found] = [
        v for v in NavJurisdiction().assess(case, START) if v.code == "NO_DAYS_USED_IN_THREE_YEARS"
    ]  # type: ignore[arg-type]
    assert found.message.startswith("20 sykepenger day(s)") and "228 of 248 remain" in found.message


async def test_two_cases_of_one_participant_through_graphql(
    api: Api, world: World, clock: Clock
) -> None:
    """The first case closes on 2026-01-20; the second, starting 2026-02-02 (12 days back at
    work), continues its employer period; the employer (no BENEFITS) is not told."""
    first = await norwegian_case(world, start=date(2026, 1, 6))
    clock.set(datetime(2026, 1, 20, 12, tzinfo=UTC))
    await world.do(
        admin(), lambda w: cases.close_case(w, cases.CloseCase(first.case.id, "Back at work"))
    )
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    team = {first.manager: R.CASE_MANAGER, first.employer: R.EMPLOYER}
    second = await world.case(first.person, team=team, sick_leave_start=START)
    query = "query($id: ID!) { node(id: $id) { ... on Case { ruleViolations { code message legalReference } } } }"
    seen = await api.query(admin(), query, id=gid(second))
    [continued] = [
        v
        for v in seen.data["node"]["ruleViolations"]
        if v["code"] == "NO_EMPLOYER_PERIOD_CONTINUED"
    ]
    assert "15 day(s) are used" in continued["message"], continued
    assert "§ 8-19" in continued["legalReference"]
    told = await api.query(as_actor(first.employer), query, id=gid(second))
    assert "NO_EMPLOYER_PERIOD_CONTINUED" not in str(told.data)
    # A case of someone else, or starting after 16 days back at work, is a new employer period.
    alone = await norwegian_case(world, start=START, given="Per")
    other = await api.query(admin(), query, id=gid(alone.case))
    assert "NO_EMPLOYER_PERIOD_CONTINUED" not in str(other.data)
