"""Work on AAP (R17): the 60 % limit on reported work (45 of 75 hours), the one-time
12-month step-up to 80 % (60 hours); on case facts and through GraphQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from nav_cases import nav_case
from support import Api, World, admin, as_actor, as_participant
from test_nav_api import ERRORS, norwegian_case, send
from test_nav_commands import errors, run, warnings

from vocrehab.hooks import BenefitFacts, CaseFacts, CommandResult, DataCategory, GrantBenefit
from vocrehab_nav_no import NavJurisdiction
from vocrehab_nav_no.commands import AapStepUpInput, ReportWorkInput

AAP_FROM = date(2025, 9, 1)  # a Monday
MONDAY = date(2026, 2, 16)
TODAY = date(2026, 3, 2)
AAP = (BenefitFacts("a", "ARBEIDSAVKLARINGSPENGER", 100, AAP_FROM),)


def on_aap(**details: Any) -> Any:
    return nav_case(None, details=details or None, benefits=AAP)


def then(case: CaseFacts, result: CommandResult) -> CaseFacts:
    """The case after a command that succeeded, its benefits kept."""
    assert errors(result) == [], result.violations
    assert NavJurisdiction().validate_details("case", result.details, case).violations == ()
    return replace(case, details=dict(result.details))


def report(hours: float, day: date = MONDAY) -> ReportWorkInput:
    return ReportWorkInput(case_id="c", period_from=day, hours=hours)  # type: ignore[arg-type]


def step_up(day: date) -> AapStepUpInput:
    return AapStepUpInput(case_id="c", step_up_from=day)  # type: ignore[arg-type]


@pytest.mark.parametrize(("hours", "over"), [(0, False), (45, False), (45.5, True), (75, True)])
def test_work_over_60_percent_of_75_hours_gives_no_aap(hours: float, over: bool) -> None:
    result = run("navReportWork", on_aap(), report(hours))
    assert errors(result) == []
    assert (warnings(result) == ["NO_AAP_WORK_OVER_LIMIT"]) is over
    assert result.category is DataCategory.BENEFITS


def test_a_report_is_a_monday_period_within_aap() -> None:
    assert errors(run("navReportWork", on_aap(), report(10, MONDAY + timedelta(days=1)))) == [
        "NO_AAP_WORK_REPORT"]  # fmt: skip
    assert errors(run("navReportWork", on_aap(), report(-1))) == ["NO_AAP_WORK_REPORT"]
    assert errors(run("navReportWork", on_aap(), report(337))) == ["NO_AAP_WORK_REPORT"]
    assert errors(run("navReportWork", nav_case(None), report(10))) == ["NO_AAP_WORK_REPORT"]
    assert errors(run("navReportWork", on_aap(), report(10, TODAY + timedelta(days=7)))) == [
        "NO_DATE_IN_FUTURE"]  # fmt: skip
    first = then(on_aap(), run("navReportWork", on_aap(), report(10)))
    corrected = run("navReportWork", first, report(20))
    assert corrected.details["workReports"] == [{"from": "2026-02-16", "hours": 20.0}]


def test_the_step_up_allows_80_percent_for_12_months_once() -> None:
    stepping = then(on_aap(), run("navStartAapStepUp", on_aap(), step_up(date(2026, 2, 2))))
    assert warnings(run("navReportWork", stepping, report(60))) == []  # 80 %
    assert warnings(run("navReportWork", stepping, report(60.5))) == ["NO_AAP_WORK_OVER_LIMIT"]
    assert errors(run("navStartAapStepUp", stepping, step_up(date(2026, 3, 2)))) == [
        "NO_AAP_STEP_UP_ONCE"]  # fmt: skip
    assert errors(run("navStartAapStepUp", nav_case(None), step_up(MONDAY))) == [
        "NO_AAP_STEP_UP_ONCE"
    ]
    nav = NavJurisdiction()
    [end] = [m for m in nav.milestones(stepping) if m.code == "AAP_STEP_UP_END"]
    assert end.due_date == date(2027, 2, 1) and end.category is DataCategory.BENEFITS
    last_day = then(stepping, run("navReportWork", stepping, report(60, date(2027, 2, 1)),
                                  today=date(2027, 2, 1)))  # fmt: skip
    after = run("navReportWork", last_day, report(60, date(2027, 2, 15)), today=date(2027, 2, 15))
    assert warnings(after) == ["NO_AAP_WORK_OVER_LIMIT"]  # 60 % again after 12 months
    low = GrantBenefit(BenefitFacts("b", "ARBEIDSAVKLARINGSPENGER", 30, date(2026, 3, 2)))
    assert "NO_AAP_STEP_UP" not in [v.code for v in nav.evaluate(low, stepping)]
    assert "NO_AAP_STEP_UP" in [v.code for v in nav.evaluate(low, on_aap())]


def test_the_latest_report_over_the_limit_is_a_finding_for_four_weeks() -> None:
    nav = NavJurisdiction()
    over = then(on_aap(), run("navReportWork", on_aap(), report(50)))
    codes = lambda day: [v.code for v in nav.assess(over, day)]  # noqa: E731
    assert "NO_AAP_WORK_OVER_LIMIT" in codes(MONDAY + timedelta(days=27))
    assert "NO_AAP_WORK_OVER_LIMIT" not in codes(MONDAY + timedelta(days=28))
    assert "NO_AAP_WORK_OVER_LIMIT" not in [v.code for v in nav.assess(then(over, run(
        "navReportWork", over, report(40))), TODAY)]  # fmt: skip


REPORT = f"""mutation($input: NavReportWorkInput!) {{ navReportWork(input: $input) {{
  case {{ id }} {ERRORS} }} }}"""
STEP_UP = f"""mutation($input: NavStartAapStepUpInput!) {{ navStartAapStepUp(input: $input) {{
  case {{ milestones {{ code status }} }} {ERRORS} }} }}"""
GRANT = """mutation($c: ID!) { grantBenefit(input: {caseId: $c, benefitTypeCode: "ARBEIDSAVKLARINGSPENGER",
  degree: 100, startDate: "2026-02-02"}) { benefitPeriod { id } userErrors { code } } }"""
ASSESS = """mutation($c: ID!) { recordAssessment(input: {caseId: $c, kind: "ARBEIDSEVNEVURDERING",
  assessedAt: "2026-02-01", workCapacityPercent: 40}) { userErrors { code } } }"""
VIEW = """query($id: ID!) { node(id: $id) { ... on Case { ruleViolations { code } } } }"""


async def test_work_on_aap_through_graphql(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    nav = as_actor(team.manager)
    assert (await api.query(as_actor(team.gp), ASSESS, c=team.id)).data["recordAssessment"][
        "userErrors"
    ] == []
    assert (await api.query(nav, GRANT, c=team.id)).data["grantBenefit"]["userErrors"] == []
    who = as_participant(team.person)  # the meldekort is the person's own
    over = await send(api, who, REPORT, caseId=team.id, periodFrom="2026-02-16", hours=46)
    assert [e["rule"]["code"] for e in over["userErrors"]] == ["NO_AAP_WORK_OVER_LIMIT"]
    assert "ftrl § 11-23" in over["userErrors"][0]["rule"]["legalReference"]
    tuesday = await send(api, who, REPORT, caseId=team.id, periodFrom="2026-02-17", hours=10)
    assert tuesday["case"] is None and tuesday["userErrors"][0]["field"] == ["input", "periodFrom"]
    view = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert "NO_AAP_WORK_OVER_LIMIT" in [v["code"] for v in view["ruleViolations"]]
    employer = await api.query(as_actor(team.employer), REPORT,
                               input={"caseId": team.id, "periodFrom": "2026-02-16", "hours": 1})  # fmt: skip
    assert [e["code"] for e in employer.data["navReportWork"]["userErrors"]] == ["NOT_ALLOWED"]
    started = await send(api, nav, STEP_UP, caseId=team.id, stepUpFrom="2026-02-16")
    assert {"code": "AAP_STEP_UP_END", "status": "UPCOMING"} in started["case"]["milestones"]
    again = await send(api, nav, STEP_UP, caseId=team.id, stepUpFrom="2026-03-02")
    assert again["userErrors"][0]["rule"]["code"] == "NO_AAP_STEP_UP_ONCE"
    within = await send(api, who, REPORT, caseId=team.id, periodFrom="2026-02-16", hours=46)
    assert within["userErrors"] == []  # 61 % is within the step-up's 80 %
