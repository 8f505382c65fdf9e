"""The maksdato variants (R12: 248, 250, 260 when NAV paid the employer period, the
26-week requalification within a case), the week-39 information and the maksdato
warning, and NAV's week-16 question about dialogue meeting 2 (R13)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from nav_cases import nav_case
from support import Api, World, admin, as_actor
from test_nav_api import ERRORS, norwegian_case, send, statuses

from vocrehab.core.clock import Clock
from vocrehab.hooks import BenefitFacts, DataCategory, EmploymentStatus, GrantBenefit
from vocrehab_nav_no import NavJurisdiction
from vocrehab_nav_no.sick_pay import maksdato
from vocrehab_nav_no.workdays import weekdays_between

START = date(2026, 1, 5)  # a Monday
E = EmploymentStatus


def sick_pay(start: date, end: date | None = None, id: str = "b1") -> BenefitFacts:
    return BenefitFacts(id, "SYKEPENGER", 100, start, end)


def granted(benefit: BenefitFacts, **case: Any) -> list[str]:
    return sorted(
        v.code for v in NavJurisdiction().evaluate(GrantBenefit(benefit), nav_case(START, **case))
    )


def test_248_250_and_260_days() -> None:
    employee = maksdato(START, E.EMPLOYED, None)
    assert employee is not None
    assert weekdays_between(START + timedelta(days=16), employee) == 248
    other = maksdato(START, E.UNEMPLOYED, None)
    assert other is not None and weekdays_between(START + timedelta(days=16), other) == 250
    nav_paid = maksdato(START, E.EMPLOYED, None, nav_paid_employer_period=True)
    assert nav_paid is not None and weekdays_between(START, nav_paid) == 260
    # days counted on a grant: 260 from day 1 when NAV paid the employer period
    last_260 = nav_paid
    assert "NO_SYKEPENGER_MAX_DAYS" not in granted(sick_pay(START, last_260))
    assert "NO_SYKEPENGER_MAX_DAYS" in granted(
        sick_pay(START, last_260 + timedelta(days=3))
    )  # a Monday
    from_day_17 = START + timedelta(days=16)
    assert "NO_SYKEPENGER_MAX_DAYS" not in granted(sick_pay(from_day_17, employee))
    assert "NO_SYKEPENGER_MAX_DAYS" in granted(sick_pay(from_day_17, employee + timedelta(days=3)))
    details = NavJurisdiction().present_details(nav_case(START, benefits=(sick_pay(START),)))
    assert details.maksdato == nav_paid  # type: ignore[attr-defined]


def test_a_new_period_after_the_maximum_needs_26_weeks_fully_fit() -> None:
    last = maksdato(START, E.EMPLOYED, None)
    assert last is not None
    used = sick_pay(START + timedelta(days=16), last)
    leave = last + timedelta(weeks=26, days=1)  # the new sick leave starts after 26 weeks fit
    in_time = sick_pay(leave + timedelta(days=16), None, "b2")
    assert "NO_SYKEPENGER_REQUALIFICATION" not in granted(in_time, benefits=(used,))
    early = sick_pay(leave + timedelta(days=15), None, "b2")
    assert "NO_SYKEPENGER_REQUALIFICATION" in granted(early, benefits=(used,))
    sick_between = {"sickNotes": [{"signedOn": "2027-02-01", "periods": [
        {"type": "AKTIVITET_IKKE_MULIG", "fom": "2027-02-01", "tom": "2027-02-10"}]}]}  # fmt: skip
    assert "NO_SYKEPENGER_REQUALIFICATION" in granted(
        in_time, benefits=(used,), details=sick_between
    )
    not_used_up = sick_pay(START + timedelta(days=16), last - timedelta(days=7))
    assert "NO_SYKEPENGER_REQUALIFICATION" not in granted(early, benefits=(not_used_up,))


def test_week_39_information_and_the_maksdato_warning() -> None:
    nav = NavJurisdiction()
    case = nav_case(START, benefits=(sick_pay(START + timedelta(days=16)),))
    [week_39] = [m for m in nav.milestones(case) if m.code == "WEEK_39_INFORMATION"]
    assert (
        week_39.due_date == START + timedelta(weeks=39)
        and week_39.category is DataCategory.BENEFITS
    )
    informed = nav_case(START, details={"week39InformedOn": "2026-10-01"}, benefits=case.benefits)
    assert [m.met_on for m in nav.milestones(informed) if m.code == "WEEK_39_INFORMATION"] == [
        date(2026, 10, 1)]  # fmt: skip
    last = maksdato(START, E.EMPLOYED, None)
    assert last is not None
    warn_from = last - timedelta(weeks=13) + timedelta(days=1)
    codes = lambda c, day: [v.code for v in nav.assess(c, day)]  # noqa: E731
    assert "NO_MAKSDATO_APPROACHING" not in codes(case, warn_from - timedelta(days=1))
    assert "NO_MAKSDATO_APPROACHING" in codes(case, warn_from)
    assert "NO_MAKSDATO_APPROACHING" in codes(case, last)
    assert "NO_MAKSDATO_APPROACHING" not in codes(case, last + timedelta(days=1))  # then MAX_DAYS
    with_aap = nav_case(
        START, benefits=(*case.benefits, BenefitFacts("a", "ARBEIDSAVKLARINGSPENGER", 100, last))
    )
    assert "NO_MAKSDATO_APPROACHING" not in codes(with_aap, warn_from)
    rules = {r.code: r.category for r in nav.rules()}
    assert (
        rules["NO_MAKSDATO_APPROACHING"]
        is rules["NO_SYKEPENGER_REQUALIFICATION"]
        is DataCategory.BENEFITS
    )


def test_the_week_16_question_about_meeting_2() -> None:
    nav = NavJurisdiction()
    [need] = [m for m in nav.milestones(nav_case(START)) if m.code == "MEETING_NEED_WEEK_16"]
    assert need.due_date == START + timedelta(weeks=16) and need.met_on is None
    asked = nav_case(
        START, details={"meetingNeed": {"askedOn": "2026-04-27", "employerNeedsMeeting": True}}
    )
    [met] = [m for m in nav.milestones(asked) if m.code == "MEETING_NEED_WEEK_16"]
    assert met.met_on == date(2026, 4, 27)
    ended = nav_case(START, details={"sickNotes": [{"signedOn": "2026-01-05", "periods": [
        {"type": "AKTIVITET_IKKE_MULIG", "fom": "2026-01-05", "tom": "2026-04-26"}]}]})  # fmt: skip
    assert [
        m.not_applicable for m in nav.milestones(ended) if m.code == "MEETING_NEED_WEEK_16"
    ] == [True]
    unemployed = nav_case(START, employment_status=E.UNEMPLOYED, has_employer=False)
    assert [
        m.not_applicable for m in nav.milestones(unemployed) if m.code == "MEETING_NEED_WEEK_16"
    ] == [True]


# --------------------------------------------------------------------------- through GraphQL

NEED = f"""mutation($input: NavRecordMeetingNeedInput!) {{ navRecordMeetingNeed(input: $input) {{
  case {{ milestones {{ code status }} jurisdictionDetails {{ ... on NavCaseDetails {{
  meetingNeed {{ askedOn employeeNeedsMeeting employerNeedsMeeting }} }} }} }} {ERRORS} }} }}"""
WEEK_39 = f"""mutation($input: NavRecordWeek39InformationInput!) {{ navRecordWeek39Information(input: $input) {{
  case {{ milestones {{ code status }} }} {ERRORS} }} }}"""
GRANT = """mutation($c: ID!, $start: Date!, $end: Date) { grantBenefit(input: {caseId: $c,
  benefitTypeCode: "SYKEPENGER", degree: 100, startDate: $start, endDate: $end}) {
  benefitPeriod { id } userErrors { code rule { code legalReference } } } }"""
VIEW = """query($id: ID!) { node(id: $id) { ... on Case { ruleViolations { code }
  jurisdictionDetails { ... on NavCaseDetails { maksdato } } milestones { code status } } } }"""


async def test_maksdato_steps_through_graphql(api: Api, world: World, clock: Clock) -> None:
    team = await norwegian_case(world)  # from 2026-02-02
    nav = as_actor(team.manager)
    asked = await send(
        api, nav, NEED, caseId=team.id, askedOn="2026-03-02", employeeNeedsMeeting=True
    )
    assert asked["case"]["jurisdictionDetails"]["meetingNeed"] == {
        "askedOn": "2026-03-02",
        "employeeNeedsMeeting": True,
        "employerNeedsMeeting": None,
    }
    assert statuses(asked["case"])["MEETING_NEED_WEEK_16"] == "MET"
    future = await send(api, nav, NEED, caseId=team.id, askedOn="2026-03-03")
    assert future["userErrors"][0]["rule"]["code"] == "NO_DATE_IN_FUTURE"
    employer = await api.query(as_actor(team.employer), WEEK_39,
                               input={"caseId": team.id, "informedOn": "2026-03-02"})  # fmt: skip
    assert employer.codes == ["FORBIDDEN"]  # benefits:write: never the employer's
    paid = (await api.query(nav, GRANT, c=team.id, start="2026-02-02")).data["grantBenefit"]
    assert [e["rule"]["code"] for e in paid["userErrors"]] == ["NO_SYKEPENGER_EMPLOYER_PERIOD"]
    view = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert view["jurisdictionDetails"]["maksdato"] == "2027-01-29"  # 260 days from day 1
    informed = await send(api, nav, WEEK_39, caseId=team.id, informedOn="2026-03-02")
    assert statuses(informed["case"])["WEEK_39_INFORMATION"] == "MET"
    clock.advance(timedelta(weeks=40))  # 2026-12-07: within 13 weeks of the maksdato
    later = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert "NO_MAKSDATO_APPROACHING" in [v["code"] for v in later["ruleViolations"]]
