"""Friskmelding til arbeidsformidling (R15): sykepenger for up to 12 weeks while seeking
work, only after the employment has ended and for a registered job seeker, with 12 weeks
left, counted toward the maksdato; on case facts and through GraphQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from nav_cases import nav_case
from support import Api, World, admin, as_actor
from test_nav_api import ERRORS, norwegian_case, send, statuses

from vocrehab.hooks import BenefitFacts, DataCategory, EmploymentStatus, GrantBenefit
from vocrehab_nav_no import NavJurisdiction
from vocrehab_nav_no.sick_pay import maksdato
from vocrehab_nav_no.workdays import weekdays_between

START = date(2026, 1, 5)
BEGINS = date(2026, 6, 1)  # a Monday
FTA = "FRISKMELDING_TIL_ARBEIDSFORMIDLING"
REGISTERED = {"jobSeekerRegisteredOn": "2026-05-28"}
ENDED = EmploymentStatus.UNEMPLOYED


def seeking(days: int | None = 84, start: date = BEGINS, id: str = "f") -> BenefitFacts:
    return BenefitFacts(id, FTA, 100, start, start + timedelta(days=days - 1) if days else None)


def codes(benefit: BenefitFacts, employment: EmploymentStatus = ENDED,
          details: dict[str, Any] | None = None, **case: Any) -> list[str]:  # fmt: skip
    facts = nav_case(START, details=REGISTERED if details is None else details,
                     employment_status=employment, **case)  # fmt: skip
    return sorted(v.code for v in NavJurisdiction().evaluate(GrantBenefit(benefit), facts))


def test_twelve_weeks_once_after_the_employment_ended_for_a_registered_job_seeker() -> None:
    assert codes(seeking(84)) == []
    assert codes(seeking(85)) == ["NO_FTA_MAX_12_WEEKS"]
    assert codes(seeking(84), EmploymentStatus.EMPLOYED) == ["NO_FTA_EMPLOYMENT_ENDED"]
    assert codes(seeking(84), details={}) == ["NO_FTA_JOB_SEEKER"]
    on_the_day = {"jobSeekerRegisteredOn": BEGINS.isoformat()}
    assert codes(seeking(84), details=on_the_day) == []
    day_after = {"jobSeekerRegisteredOn": (BEGINS + timedelta(days=1)).isoformat()}
    assert codes(seeking(84), details=day_after) == ["NO_FTA_JOB_SEEKER"]
    again = codes(seeking(20, BEGINS + timedelta(weeks=14), "g"), benefits=(seeking(84),))
    assert again == ["NO_FTA_MAX_12_WEEKS"]


def test_twelve_weeks_must_remain_before_the_maksdato() -> None:
    last = maksdato(START, ENDED, None)
    assert last is not None
    latest = last - timedelta(weeks=12) + timedelta(days=1)  # 60 weekdays left
    assert weekdays_between(latest, last) == 60
    assert codes(seeking(84, latest)) == []
    assert codes(seeking(84, latest + timedelta(days=1))) == ["NO_FTA_ENTITLEMENT_LEFT"]


def test_its_days_count_toward_the_maximum_and_it_replaces_sykepenger() -> None:
    last = maksdato(START, ENDED, None)
    assert last is not None
    before = BenefitFacts(
        "s", "SYKEPENGER", 100, START + timedelta(days=16), BEGINS - timedelta(days=1)
    )
    assert codes(seeking(84), benefits=(before,)) == []
    fta = seeking(84)
    resumed_to = lambda end: BenefitFacts("r", "SYKEPENGER", 100, BEGINS + timedelta(days=84), end)  # noqa: E731
    assert "NO_SYKEPENGER_MAX_DAYS" not in codes(resumed_to(last), benefits=(before, fta))
    beyond = resumed_to(last + timedelta(days=1))  # a Monday: one sick-pay day too many
    assert beyond.end_date is not None and beyond.end_date.weekday() < 5
    assert "NO_SYKEPENGER_MAX_DAYS" in codes(beyond, benefits=(before, fta))
    assert "NO_SYKEPENGER_MAX_DAYS" not in codes(beyond, benefits=(before,))  # FTA days counted
    overlapping = BenefitFacts("s", "SYKEPENGER", 100, BEGINS - timedelta(days=5))
    assert "NO_BENEFIT_OVERLAP" in codes(seeking(84), benefits=(overlapping,))
    sick_pay_later = BenefitFacts("t", "SYKEPENGER", 100, BEGINS + timedelta(days=10))
    assert "NO_BENEFIT_OVERLAP" in codes(sick_pay_later, benefits=(seeking(84),))


def test_its_milestone_and_who_pays() -> None:
    nav = NavJurisdiction()
    case = nav_case(START, employment_status=ENDED, benefits=(seeking(None),), details=REGISTERED)
    [end] = [m for m in nav.milestones(case) if m.code == "JOB_SEEKING_END"]
    assert end.due_date == BEGINS + timedelta(days=83) and end.met_on is None
    assert end.category is DataCategory.BENEFITS
    done = nav_case(START, employment_status=ENDED, benefits=(seeking(60),), details=REGISTERED)
    assert [m.met_on for m in nav.milestones(done) if m.code == "JOB_SEEKING_END"] == [
        BEGINS + timedelta(days=59)]  # fmt: skip
    found = nav.orientation(case, nav.milestones(case), BEGINS + timedelta(days=3))
    assert "NAV betaler sykepenger mens den sykmeldte søker nytt arbeid" in found.summary["nb"]


REGISTER = f"""mutation($input: NavRecordJobSeekerInput!) {{ navRecordJobSeeker(input: $input) {{
  case {{ jurisdictionDetails {{ ... on NavCaseDetails {{ jobSeekerRegisteredOn }} }} }} {ERRORS} }} }}"""
GRANT = """mutation($c: ID!) { grantBenefit(input: {caseId: $c, benefitTypeCode: "FRISKMELDING_TIL_ARBEIDSFORMIDLING",
  degree: 100, startDate: "2026-03-02", endDate: "2026-05-24"}) {
  benefitPeriod { id } userErrors { code rule { code legalReference } } } }"""
EMPLOYMENT = """mutation($c: ID!) { updateCase(input: {id: $c, employmentStatus: UNEMPLOYED, employerId: null}) { userErrors { code message } } }"""
VIEW = """query($id: ID!) { node(id: $id) { ... on Case { milestones { code status } } } }"""


async def test_friskmelding_til_arbeidsformidling_through_graphql(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    nav = as_actor(team.manager)
    employed = (await api.query(nav, GRANT, c=team.id)).data["grantBenefit"]
    assert sorted(e["rule"]["code"] for e in employed["userErrors"]) == [
        "NO_FTA_EMPLOYMENT_ENDED", "NO_FTA_JOB_SEEKER"]  # fmt: skip
    assert "ftrl § 8-5" in employed["userErrors"][0]["rule"]["legalReference"]
    changed = (await api.query(nav, EMPLOYMENT, c=team.id)).data["updateCase"]
    assert changed["userErrors"] == [], changed
    registered = await send(api, nav, REGISTER, caseId=team.id, registeredOn="2026-03-02")
    assert registered["case"]["jurisdictionDetails"]["jobSeekerRegisteredOn"] == "2026-03-02"
    employer = await send(
        api, as_actor(team.employer), REGISTER, caseId=team.id, registeredOn="2026-03-02"
    )
    assert [e["code"] for e in employer["userErrors"]] == ["NOT_ALLOWED"]
    granted = (await api.query(nav, GRANT, c=team.id)).data["grantBenefit"]
    assert granted["userErrors"] == [] and granted["benefitPeriod"]["id"]
    view = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert statuses(view)["JOB_SEEKING_END"] == "MET"  # the period ends within 12 weeks
