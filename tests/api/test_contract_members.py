"""The contract's declarations the platform enforces, through the API: what a benefit
may be granted at, optional milestones, and details written in an older version."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from contract_plugin import DAILY, OPTIONAL_CODE, XxV1, XxV2, host_of
from support import Api, World, admin, as_actor, gid, settings

from vocrehab.app import create_app
from vocrehab.core.clock import Clock
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.testing import problems
from vocrehab.hooks.vocabulary import StakeholderType as R

TODAY = date(2026, 3, 2)  # the clock fixture's day
ERRORS = "userErrors { field code message rule { code } }"
GRANT = f"""mutation($input: GrantBenefitInput!) {{
  grantBenefit(input: $input) {{ benefitPeriod {{ degree amount }} {ERRORS} }} }}"""
TYPES = """{ benefitTypes(jurisdiction: "xx") { code allowedDegrees
  degrees { values ranges { minimum maximum step } legalReference description }
  amounts { currency per allowed { ranges { minimum maximum step } description } } } }"""
CASE = """query($id: ID!) { node(id: $id) { ... on Case {
  milestones { code status optional }
  orientation { blockers }
  jurisdictionDetails { ... on XxCaseDetails { note orgNumber } } } } }"""
OVERDUE = """query($p: ID!, $o: Boolean) {
  cases(filter: {participantId: $p, overdue: $o}) { totalCount } }"""
MOVES = """query($o: Boolean) { moves(filter: {overdue: $o}) { edges { node { code status } } } }"""
NOTE = f"""mutation($input: XxRecordNoteInput!) {{ xxRecordNote(input: $input) {{ {ERRORS} }} }}"""
EMPLOYER = f"""mutation($input: XxRecordEmployerInput!) {{
  xxRecordEmployer(input: $input) {{ {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdateCaseInput!) {{ updateCase(input: $input) {{ {ERRORS} }} }}"""


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return host_of(XxV2())


@pytest.fixture
async def api_v2(db: Database, clock: Clock) -> AsyncIterator[Api]:
    async with _api(db, host_of(XxV2()), clock) as api:
        yield api


class _api:
    def __init__(self, db: Database, host: PluginHost, clock: Clock) -> None:
        self.app = create_app(settings(), host=host, clock=clock, database=db)
        self.clock = clock

    async def __aenter__(self) -> Api:
        import httpx

        self.lifespan = self.app.router.lifespan_context(self.app)
        await self.lifespan.__aenter__()
        transport = httpx.ASGITransport(app=self.app)
        self.client = httpx.AsyncClient(transport=transport, base_url="https://vocrehab.test")
        return Api(self.app, self.client, self.clock)

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()
        await self.lifespan.__aexit__(*exc)


async def _grant(api: Api, case: m.Case, **fields: Any) -> dict[str, Any]:
    given = {"caseId": gid(case), "benefitTypeCode": "DAILY", "degree": 50,
             "startDate": "2026-03-01", **fields}  # fmt: skip
    return (await api.query(admin(), GRANT, input=given)).data["grantBenefit"]


# --------------------------------------------------------------------------- degrees and amounts


async def test_benefit_types_show_their_ranges(api: Api) -> None:
    [daily] = (await api.query(admin(), TYPES)).data["benefitTypes"]
    assert daily["degrees"] == {
        "values": [], "ranges": [{"minimum": 11, "maximum": 100, "step": 1}],
        "legalReference": "Test Sickness Benefit Act § 4", "description": "11 to 100",
    }  # fmt: skip
    assert daily["allowedDegrees"] == list(range(11, 101))
    assert daily["amounts"] == {
        "currency": "DKK", "per": "WEEK",
        "allowed": {"ranges": [{"minimum": 0, "maximum": 5000, "step": 10}],
                    "description": "0 to 5000 in steps of 10"},
    }  # fmt: skip


@pytest.mark.parametrize(
    ("degree", "amount", "refused"),
    [
        (11, 0, []), (100, 5000, []), (50, None, []), (10, 100, ["degree"]),
        (101, 100, ["degree"]), (50, 5010, ["amount"]), (50, 105, ["amount"]),
        (50, -10, ["amount"]), (0, 7, ["degree", "amount"]),
    ],
)  # fmt: skip
async def test_the_platform_refuses_a_degree_or_an_amount_outside_the_declared_ranges(
    api: Api, world: World, degree: int, amount: int | None, refused: list[str]
) -> None:
    case = await world.case(await world.participant(jurisdiction="xx"))
    payload = await _grant(api, case, degree=degree, amount=amount)
    errors = payload["userErrors"]
    assert [e["field"][-1] for e in errors] == refused
    assert all(e["code"] == "INVALID_INPUT" and e["rule"] is None for e in errors)
    if refused:
        assert payload["benefitPeriod"] is None
        assert "(Test Sickness Benefit Act §" in errors[0]["message"], errors
        async with world.db.transaction() as session:
            assert (
                await session.scalar(sa.select(sa.func.count()).select_from(m.BenefitPeriod)) == 0
            )
    else:
        assert payload["benefitPeriod"] == {"degree": degree, "amount": amount}


async def test_the_message_says_what_is_allowed(api: Api, world: World) -> None:
    case = await world.case(await world.participant(jurisdiction="xx"))
    [error] = (await _grant(api, case, degree=10))["userErrors"]
    assert error["field"] == ["input", "degree"]
    assert error["message"] == (
        "Daily benefit is granted at 11 to 100 %, not 10 % (Test Sickness Benefit Act § 4)"
    )


async def test_an_amount_where_the_type_declares_none_is_refused(
    db: Database, clock: Clock
) -> None:
    host = PluginHost.load(allow=["generic"])
    world = World(db, host, clock)
    case = await world.case(await world.participant())
    async with _api(db, host, clock) as generic:
        given = {"caseId": gid(case), "benefitTypeCode": "SICKNESS_BENEFIT", "degree": 50,
                 "startDate": "2026-03-01", "amount": 300}  # fmt: skip
        payload = (await generic.query(admin(), GRANT, input=given)).data["grantBenefit"]
    [error] = payload["userErrors"]
    assert (error["field"], error["message"]) == (
        ["input", "amount"],
        "Sickness benefit records no amount",
    )


# --------------------------------------------------------------------------- optional milestones


async def test_an_optional_milestone_past_due_is_optional_not_overdue(
    api: Api, world: World
) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    person = await world.participant(jurisdiction="xx")
    past = await world.case(
        person, {manager: R.CASE_MANAGER}, sick_leave_start=TODAY - timedelta(weeks=9)
    )
    node = (await api.query(admin(), CASE, id=gid(past))).data["node"]
    assert node["milestones"] == [
        {"code": OPTIONAL_CODE, "status": "OPTIONAL", "optional": True},
        {"code": "XX_REVIEW", "status": "UPCOMING", "optional": False},
    ]
    assert not any("Retention plan" in b for b in node["orientation"]["blockers"])
    overdue = await api.query(admin(), OVERDUE, p=gid(person), o=True)
    assert overdue.data["cases"]["totalCount"] == 0
    assert (await api.query(admin(), OVERDUE, p=gid(person), o=False)).data["cases"][
        "totalCount"
    ] == 1
    # Past due, it is no one's move; the mandatory review still is.
    moves = (await api.query(as_actor(manager), MOVES)).data["moves"]["edges"]
    assert [e["node"] for e in moves] == [{"code": "XX_REVIEW", "status": "UPCOMING"}]
    assert (await api.query(as_actor(manager), MOVES, o=True)).data["moves"]["edges"] == []


async def test_before_its_due_date_an_optional_milestone_is_a_move(api: Api, world: World) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    person = await world.participant(jurisdiction="xx")
    await world.case(person, {manager: R.CASE_MANAGER}, sick_leave_start=TODAY - timedelta(weeks=7))
    moves = (await api.query(as_actor(manager), MOVES, o=False)).data["moves"]["edges"]
    assert [e["node"] for e in moves] == [
        {"code": OPTIONAL_CODE, "status": "DUE"}, {"code": "XX_REVIEW", "status": "UPCOMING"},
    ]  # fmt: skip


# --------------------------------------------------------------------------- details versions


async def _v1_case(db: Database, clock: Clock, manager: m.Actor | None = None) -> m.Case:
    world = World(db, host_of(XxV1()), clock)
    manager = manager or await world.actor(R.CASE_MANAGER)
    details = {"caseNote": "written in version 1", "legacyFlag": True}
    return await world.case(
        await world.participant(jurisdiction="xx"), {manager: R.CASE_MANAGER}, details=details
    )


async def _stored(db: Database, case: m.Case) -> tuple[dict[str, Any], int]:
    async with db.transaction() as session:
        row = await session.get(m.Case, case.id)
        assert row is not None
        return row.details, row.details_version


async def test_details_of_an_older_version_are_read_upgraded(
    db: Database, clock: Clock, api_v2: Api
) -> None:
    case = await _v1_case(db, clock)
    assert await _stored(db, case) == ({"caseNote": "written in version 1", "legacyFlag": True}, 1)
    node = (await api_v2.query(admin(), CASE, id=gid(case))).data["node"]
    assert node["jurisdictionDetails"] == {"note": "written in version 1", "orgNumber": None}
    # Reading stores nothing.
    assert (await _stored(db, case))[1] == 1


async def test_commands_and_updates_work_on_older_cases_and_store_the_new_version(
    db: Database, clock: Clock, api_v2: Api
) -> None:
    case = await _v1_case(db, clock)
    noted = await api_v2.query(admin(), NOTE, input={"caseId": gid(case), "note": "again"})
    assert noted.data["xxRecordNote"]["userErrors"] == []
    assert await _stored(db, case) == ({"note": "again"}, 2)
    other = await _v1_case(db, clock)
    updated = await api_v2.query(admin(), UPDATE, input={"id": gid(other), "details": {}})
    assert updated.data["updateCase"]["userErrors"] == []
    assert await _stored(db, other) == ({"note": "written in version 1"}, 2)


async def test_details_errors_name_the_field_path(db: Database, clock: Clock, api_v2: Api) -> None:
    case = await _v1_case(db, clock)
    bad = {"employer": {"orgNumber": "12"}}
    updated = await api_v2.query(admin(), UPDATE, input={"id": gid(case), "details": bad})
    [error] = updated.data["updateCase"]["userErrors"]
    assert error["field"] == ["input", "details", "employer", "orgNumber"]
    recorded = await api_v2.query(admin(), EMPLOYER, input={"caseId": gid(case), "orgNumber": "12"})
    [error] = recorded.data["xxRecordEmployer"]["userErrors"]
    assert error["message"] == "details.employer.orgNumber: must be nine digits"
    assert error["rule"] == {"code": "XX_DETAILS"}
    assert await _stored(db, case) == ({"caseNote": "written in version 1", "legacyFlag": True}, 1)


def test_the_kit_checks_the_new_members() -> None:
    # The one finding: xxRecordEmployer stores what validate_details refuses (on purpose
    # here, to show the path a refused command names); nothing about the new members.
    found = problems(XxV2(), plugin="xx", second_process=False)
    assert found and all("case command xxRecordEmployer (apply)" in f for f in found), found
    assert DAILY.problems() == []


def test_the_kit_and_start_up_refuse_what_the_platform_could_not_enforce() -> None:
    from dataclasses import replace

    from vocrehab.hooks import AllowedValues
    from vocrehab.hooks.host import PluginLoadError

    class Backwards(XxV2):
        def benefit_types(self) -> Any:
            return (replace(DAILY, degrees=AllowedValues.between(100, 11)),)

    class NoUpgrade(XxV1):
        details_version = 3

    found = problems(Backwards(), plugin="xx", second_process=False)
    assert any("benefit_types: DAILY: degrees range 100 to 11 runs backwards" in f for f in found)
    with pytest.raises(PluginLoadError, match="DAILY: degrees range 100 to 11 runs backwards"):
        host_of(Backwards())
    found = problems(NoUpgrade(), plugin="xx", second_process=False)
    assert any("xx.details_version: details_version is 3, but there is no upgrade_details" in f
               for f in found), found  # fmt: skip
    with pytest.raises(PluginLoadError, match="no upgrade_details"):
        host_of(NoUpgrade())
