"""Re-sickness (återinsjuknande, sjuklönelagen 7 § third paragraph): a sick period that
starts within five days of the end of an earlier one continues it, across cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fk_cases import personnummer
from fk_world import swedish_host, team
from support import Api, World, admin, as_actor, gid

from vocrehab.core import cases
from vocrehab.core.clock import Clock
from vocrehab.hooks import HistoryFacts, SickPeriodFacts
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.testing import make_case
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab_fk_se import FkJurisdiction
from vocrehab_fk_se.history import sick_pay_days_left

START = date(2026, 2, 2)


@pytest.fixture(scope="session")
def host() -> PluginHost:
    return swedish_host()


def case_after(days_after_end: int, sick_days: int = 4) -> object:
    end = START - timedelta(days=days_after_end)
    earlier = SickPeriodFacts("e", end - timedelta(days=sick_days - 1), end)
    return make_case(
        "se", sick_leave_start=START, history=HistoryFacts(START - timedelta(days=30), (earlier,))
    )


@pytest.mark.parametrize(("days_after_end", "continues"), [(4, True), (5, True), (6, False)],
                         ids=["the day before", "on the fifth day", "the day after"])  # fmt: skip
def test_a_sick_period_within_five_days_continues_the_earlier_one(
    days_after_end: int, continues: bool
) -> None:
    case = case_after(days_after_end)
    assert sick_pay_days_left(case) == (10 if continues else None)  # type: ignore[arg-type]
    found = [v for v in FkJurisdiction().assess(case, START) if v.code == "SE_RESICKNESS"]  # type: ignore[arg-type]
    assert bool(found) is continues
    if continues:
        assert "10 more day(s)" in found[0].message and "karensavdrag" in found[0].message
        assert found[0].legal_reference and "sjuklön 7 §" in found[0].legal_reference


def test_when_the_14_days_are_used_forsakringskassan_pays() -> None:
    found = [
        v for v in FkJurisdiction().assess(case_after(2, 20), START) if v.code == "SE_RESICKNESS"
    ]  # type: ignore[arg-type]
    assert "14 sick-pay days are used" in found[0].message


async def test_two_cases_of_one_participant_through_graphql(
    api: Api, world: World, clock: Clock
) -> None:
    crew = await team(world)
    person = await world.participant("Anna", "Lind", jurisdiction="se",
                                     national_id=personnummer("19850615"))  # fmt: skip
    members = {crew.manager: R.CASE_MANAGER, crew.employer: R.EMPLOYER}
    first = await world.case(person, team=members, employer=crew.company,
                             sick_leave_start=date(2026, 1, 20))  # fmt: skip
    clock.set(datetime(2026, 1, 28, 12, tzinfo=UTC))
    await world.do(
        admin(), lambda w: cases.close_case(w, cases.CloseCase(first.id, "Back at work"))
    )
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    second = await world.case(person, team=members, employer=crew.company, sick_leave_start=START)
    query = "query($id: ID!) { node(id: $id) { ... on Case { ruleViolations { code message legalReference } } } }"
    seen = await api.query(admin(), query, id=gid(second))
    [found] = [v for v in seen.data["node"]["ruleViolations"] if v["code"] == "SE_RESICKNESS"]
    assert "5 more day(s)" in found["message"], found  # 9 days used: 20-28 January
    told = await api.query(as_actor(crew.employer), query, id=gid(second))
    assert "SE_RESICKNESS" not in str(told.data)
