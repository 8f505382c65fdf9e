"""Swedish cases through GraphQL: opening one, the typed details, milestones, rule
violations and the orientation map in Swedish, and the caseload's due-date views."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fk_cases import personnummer
from fk_world import swedish_case, swedish_host, team
from support import Api, World, admin, as_actor, gid

from vocrehab.hooks.host import PluginHost


@pytest.fixture(scope="session")
def host() -> PluginHost:
    return swedish_host()


REGISTER = """mutation($input: RegisterParticipantInput!) {
  registerParticipant(input: $input) { participant { id nationalId birthDate } userErrors { code field message } } }"""
OPEN = """mutation($input: OpenCaseInput!) {
  openCase(input: $input) {
    case { id reference jurisdiction { code } employer { name }
      jurisdictionDetails { jurisdictionCode ... on FkCaseDetails {
        chainStart spellStart expectedDurationDays expectedAtLeast60Days
        employerPlan { status dueDate } position(on: "2026-03-02") { day stage basisOfAssessment paidBy } } }
      milestones { code dueDate status } }
    userErrors { code field message rule { code legalReference } } } }"""
READ = """query($id: ID!) { node(id: $id) { ... on Case {
  milestones { code status dueDate responsible legalReference name(lang: "sv") description(lang: "sv") }
  ruleViolations { code severity legalReference message }
  orientation(lang: "sv") { summary phase blockers nextSteps { title responsible dueDate } }
  english: orientation { summary }
  jurisdictionDetails { ... on FkCaseDetails { cumulativeSickDays stage recordedThrough continuationLevelFrom
    sickPeriods { start end degree } position(on: "2026-03-02") { day sicknessBenefitLevelPercent } } }
} } }"""


async def test_opening_a_case_in_sweden(api: Api, world: World) -> None:
    crew = await team(world)
    manager = as_actor(crew.manager)
    wrong = personnummer("19850615")[2:-1] + "0"
    refused = await api.query(manager, REGISTER, input={
        "jurisdiction": "se", "nationalId": wrong, "givenName": "Anna", "familyName": "Lind"})  # fmt: skip
    [error] = refused.data["registerParticipant"]["userErrors"]
    assert error["code"] == "INVALID_NATIONAL_ID" and "check digit" in error["message"]
    number = personnummer("19850615")
    registered = await api.query(manager, REGISTER, input={  # the 10-digit form, read today
        "jurisdiction": "se", "nationalId": number[2:], "givenName": "Anna", "familyName": "Lind"})  # fmt: skip
    person = registered.data["registerParticipant"]["participant"]
    assert person["nationalId"] == number.replace("-", "") and person["birthDate"] == "1985-06-15"
    opened = await api.query(manager, OPEN, input={
        "participantId": person["id"], "employmentStatus": "EMPLOYED", "employerId": gid(crew.company),
        "sickLeaveStart": "2026-02-01",
        "details": {"expectedDuration": {"days": 90, "assessedOn": "2026-02-10"}},
    })  # fmt: skip
    payload = opened.data["openCase"]
    assert payload["userErrors"] == []
    case = payload["case"]
    assert case["reference"].startswith("SE-2026-") and case["jurisdiction"]["code"] == "se"
    assert case["employer"]["name"] == "Hamnlogistik AB"
    details = case["jurisdictionDetails"]
    assert details["jurisdictionCode"] == "se"
    assert details["chainStart"] == details["spellStart"] == "2026-02-01"
    assert details["expectedAtLeast60Days"] is True
    assert details["employerPlan"] == {"status": "REQUIRED", "dueDate": "2026-03-02"}
    assert details["position"] == {
        "day": 30,
        "stage": "DAYS_1_90",
        "basisOfAssessment": "OWN_JOB",
        "paidBy": "FORSAKRINGSKASSAN",
    }
    due = {m["code"]: (m["dueDate"], m["status"]) for m in case["milestones"]}
    assert due["MEDICAL_CERTIFICATE"] == ("2026-02-08", "OVERDUE")
    assert due["EMPLOYER_PLAN"] == ("2026-03-02", "DUE")
    assert due["CHAIN_DAY_90"] == ("2026-05-01", "UPCOMING")


async def test_milestones_violations_and_orientation_in_swedish(api: Api, world: World) -> None:
    crew = await team(world)
    details = {
        "sickPeriods": [{"start": "2026-01-01", "end": "2026-01-31", "degree": 100},
                        {"start": "2026-02-01", "end": "2026-03-31", "degree": 50}],
        "expectedDuration": {"days": 120, "assessedOn": "2026-01-05"},
    }  # fmt: skip
    case = await swedish_case(world, crew, date(2026, 1, 1), details)
    found = (await api.query(admin(), READ, id=gid(case))).data["node"]
    milestones = {m["code"]: m for m in found["milestones"]}
    assert milestones["EMPLOYER_PLAN"]["status"] == "OVERDUE"
    assert milestones["EMPLOYER_PLAN"]["name"] == "Plan för återgång i arbete"
    assert milestones["EMPLOYER_PLAN"]["legalReference"] == "SFB 30 kap. 6 §"
    assert milestones["EMPLOYER_PLAN"]["responsible"] == "EMPLOYER"
    assert milestones["CHAIN_DAY_90"]["name"] == "Rehabiliteringskedjan dag 90"
    assert "Försäkringskassan bedömer" in milestones["CHAIN_DAY_90"]["description"]
    report = milestones["EMPLOYER_SICK_REPORT"]
    assert (report["status"], report["dueDate"], report["responsible"]) == (
        "OVERDUE",
        "2026-01-21",
        "EMPLOYER",
    )
    violations = {v["code"]: v for v in found["ruleViolations"]}
    assert set(violations) == {
        "FK_CERTIFICATE_MISSING",
        "FK_EMPLOYER_PLAN_OVERDUE",
        "FK_EMPLOYER_SICK_REPORT_LATE",
        "FK_PHASE_CONTRADICTS_FACTS",  # still OFF_WORK on a 50 % sick period
    }
    assert violations["FK_EMPLOYER_SICK_REPORT_LATE"]["legalReference"] == (
        "Lag (1991:1047) om sjuklön 12 §"
    )
    assert (
        violations["FK_CERTIFICATE_MISSING"]["legalReference"] == "Lag (1991:1047) om sjuklön 8 §"
    )
    assert violations["FK_EMPLOYER_PLAN_OVERDUE"]["severity"] == "WARNING"
    orientation = found["orientation"]
    assert orientation["summary"].startswith(
        "Idag är dag 61 i rehabiliteringskedjan (sedan 2026-01-01)."
    )
    assert "Sjukpenning betalas på normalnivå (80 %)" in orientation["summary"]
    assert any(
        b.startswith("Plan för återgång i arbete: skulle ha skett senast 2026-01-30")
        for b in orientation["blockers"]
    )
    assert [s["title"] for s in orientation["nextSteps"][:2]] == [
        "Ändra fasen till «återgång»: sjukperioden i kraft är på deltid",
        "Läkarintyg från dag 8",
    ]
    assert found["english"]["summary"].startswith("Today is day 61 of the rehabilitation chain")
    details_out = found["jurisdictionDetails"]
    assert (
        details_out["cumulativeSickDays"] == 90 and details_out["recordedThrough"] == "2026-03-31"
    )
    assert details_out["stage"] == "DAYS_1_90"
    assert details_out["continuationLevelFrom"] == "2026-12-31"
    assert details_out["position"] == {"day": 61, "sicknessBenefitLevelPercent": 80}
    assert details_out["sickPeriods"][1] == {
        "start": "2026-02-01",
        "end": "2026-03-31",
        "degree": 50,
    }


async def test_the_swedish_rules_are_listed_in_swedish(api: Api) -> None:
    result = await api.query(admin(), """{ jurisdiction(code: "se") {
        name(lang: "sv") country languages
        rules { code severity legalReference description(lang: "sv") }
        benefitTypes { code allowedDegrees legalReference name(lang: "sv") } } }""")  # fmt: skip
    se = result.data["jurisdiction"]
    assert se["name"] == "Sverige (Försäkringskassan)" and se["country"] == "SE"
    assert se["languages"] == ["sv", "en"]
    rules = {r["code"]: r for r in se["rules"]}
    assert rules["FK_DEGREE"]["legalReference"] == "SFB 27 kap. 45 §"
    assert rules["FK_DEGREE"]["description"].startswith("Nedsättningen av arbetsförmågan")
    assert {b["code"]: b["allowedDegrees"] for b in se["benefitTypes"]}["SJUKPENNING"] == [
        25,
        50,
        75,
        100,
    ]


CASELOAD = """query($filter: CaseFilter, $orderBy: CaseOrder) {
  cases(first: 10, filter: $filter, orderBy: $orderBy) { edges { node { id } } } }"""


async def test_overdue_and_next_due_date_use_the_swedish_milestones(
    api: Api, world: World, clock: object
) -> None:
    crew = await team(world)
    fresh = await swedish_case(
        world, crew, date(2026, 2, 25), birth="19850615"
    )  # certificate due 03-04
    late = await swedish_case(
        world, crew, date(2026, 2, 10), birth="19900101"
    )  # certificate due 02-17
    manager = as_actor(crew.manager)

    async def ids(**variables: object) -> list[str]:
        result = await api.query(manager, CASELOAD, **variables)
        return [edge["node"]["id"] for edge in result.data["cases"]["edges"]]

    flt = {"jurisdiction": "se", "overdue": True}
    assert await ids(filter=flt) == [gid(late)]
    order = {"field": "NEXT_DUE_DATE", "direction": "ASC"}
    assert await ids(filter={"jurisdiction": "se"}, orderBy=order) == [gid(late), gid(fresh)]
    clock.advance(timedelta(days=3))  # type: ignore[attr-defined]
    assert sorted(await ids(filter=flt)) == sorted([gid(late), gid(fresh)])
