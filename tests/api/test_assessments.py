"""recordAssessment through the GraphQL API, with the generic clinical code rules."""

from __future__ import annotations

from typing import Any

from support import Api, World, admin, as_actor, gid

from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import StakeholderType as R

ERRORS = "userErrors { field code message rule { code severity legalReference } }"
ASSESSMENT = """id kind assessedAt workCapacityPercent summary validFrom validTo case { id }
  assessor { id } diagnoses { system code text } functionalLimitations activityLimitations
  icfCodes prognosis"""
RECORD = f"""mutation($input: RecordAssessmentInput!) {{
  recordAssessment(input: $input) {{ assessment {{ {ASSESSMENT} }} {ERRORS} }} }}"""
CASE = f"""query($id: ID!) {{ node(id: $id) {{ ... on Case {{
  assessments(first: 10) {{ totalCount edges {{ node {{ {ASSESSMENT} }} }} }}
  events(first: 100) {{ edges {{ node {{ kind summary }} }} }} }} }} }}"""


async def setup(world: World) -> tuple[m.Case, m.Actor]:
    clinician = await world.actor(R.CLINICIAN)
    case = await world.case(await world.participant(), team={clinician: R.CLINICIAN})
    return case, clinician


async def record(api: Api, who: Principal, case: m.Case, **fields: Any) -> dict[str, Any]:
    given = {"caseId": gid(case), "kind": "WORK_CAPACITY", "assessedAt": "2026-03-01", **fields}
    return (await api.query(who, RECORD, input=given)).data["recordAssessment"]


async def case_view(api: Api, who: Principal, case: m.Case) -> dict[str, Any]:
    return (await api.query(who, CASE, id=gid(case))).data["node"]


def kinds(view: dict[str, Any]) -> list[str]:
    return [edge["node"]["kind"] for edge in view["events"]["edges"]]


def failure(payload: dict[str, Any]) -> set[tuple[tuple[str, ...], str, str | None]]:
    assert payload["assessment"] is None
    return {
        (tuple(e["field"]), e["code"], e["rule"]["code"] if e["rule"] else None)
        for e in payload["userErrors"]
    }


async def test_record_an_assessment(api: Api, world: World) -> None:
    case, clinician = await setup(world)
    who = as_actor(clinician)
    payload = await record(
        api,
        who,
        case,
        kind="FUNCTIONAL",
        workCapacityPercent=40,
        diagnoses=[{"system": "ICD-10", "code": "F32.1", "text": "Moderate depressive episode"}],
        icfCodes=["b130", "d4500.12"],
        functionalLimitations="Tires quickly",
        activityLimitations="Cannot lift",
        prognosis="Good",
        summary="Half days are realistic",
        validFrom="2026-03-01",
        validTo="2026-04-30",
        details={"instrument": "WHODAS 2.0", "score": 31.5},
    )
    assert payload["userErrors"] == []
    assessment = payload["assessment"]
    assert assessment == {
        "id": assessment["id"],
        "kind": "FUNCTIONAL",
        "assessedAt": "2026-03-01",
        "workCapacityPercent": 40,
        "summary": "Half days are realistic",
        "validFrom": "2026-03-01",
        "validTo": "2026-04-30",
        "case": {"id": gid(case)},
        "assessor": {"id": gid(clinician)},
        "diagnoses": [{"system": "ICD-10", "code": "F32.1", "text": "Moderate depressive episode"}],
        "functionalLimitations": "Tires quickly",
        "activityLimitations": "Cannot lift",
        "icfCodes": ["b130", "d4500.12"],
        "prognosis": "Good",
    }
    view = await case_view(api, who, case)
    assert view["assessments"]["totalCount"] == 1
    assert view["assessments"]["edges"][0]["node"] == assessment
    assert kinds(view)[-1] == "assessment.recorded"
    # The timeline is read by roles without MEDICAL: it names the kind only.
    assert view["events"]["edges"][-1]["node"]["summary"] == "Functional assessment recorded"


async def test_a_warning_comes_back_with_the_assessment(api: Api, world: World) -> None:
    case, clinician = await setup(world)
    payload = await record(
        api, as_actor(clinician), case, diagnoses=[{"system": "SNOMED-CT", "code": "35489007"}]
    )
    assert payload["assessment"] is not None
    [warning] = payload["userErrors"]
    assert warning["code"] == "RULE_VIOLATION"
    assert warning["field"] == ["input", "diagnoses", "0", "system"]
    assert warning["rule"]["code"] == "GEN_DIAGNOSIS_SYSTEM_UNKNOWN"
    assert warning["rule"]["severity"] == "WARNING"
    assert warning["rule"]["legalReference"]
    view = await case_view(api, as_actor(clinician), case)
    assert view["assessments"]["totalCount"] == 1
    assert view["assessments"]["edges"][0]["node"]["diagnoses"] == [
        {"system": "SNOMED-CT", "code": "35489007", "text": None}
    ]


async def test_record_assessment_applies_the_clinical_code_rules(api: Api, world: World) -> None:
    case, clinician = await setup(world)
    payload = await record(
        api,
        as_actor(clinician),
        case,
        icfCodes=["b130", "x999", "b130+2"],
        diagnoses=[{"system": "ICD-10", "code": "f32"}, {"system": "ICPC-2", "code": "P76"}],
    )
    assert failure(payload) == {
        (("input", "icfCodes", "1"), "RULE_VIOLATION", "GEN_ICF_CODE_FORMAT"),
        (("input", "icfCodes", "2"), "RULE_VIOLATION", "GEN_ICF_CODE_FORMAT"),
        (("input", "diagnoses", "0", "code"), "RULE_VIOLATION", "GEN_DIAGNOSIS_CODE_FORMAT"),
    }
    assert all(e["rule"]["severity"] == "ERROR" for e in payload["userErrors"])
    icd = next(e for e in payload["userErrors"] if e["field"][1] == "diagnoses")
    assert "ICD-10" in icd["rule"]["legalReference"]
    assert (await case_view(api, as_actor(clinician), case))["assessments"]["totalCount"] == 0


async def test_record_assessment_refuses_bad_input(api: Api, world: World) -> None:
    case, clinician = await setup(world)
    who = as_actor(clinician)
    payload = await record(
        api,
        who,
        case,
        kind="HOROSCOPE",
        assessedAt="2026-03-03",
        workCapacityPercent=101,
        validFrom="2026-03-10",
        validTo="2026-03-01",
        diagnoses=[{"system": " ", "code": "F32"}],
        icfCodes=[""],
        details={"instrument": 7, "mood": "fine"},
    )
    assert failure(payload) == {
        (("input", "kind"), "INVALID_INPUT", None),
        (("input", "assessedAt"), "INVALID_INPUT", None),
        (("input", "workCapacityPercent"), "INVALID_INPUT", None),
        (("input", "validTo"), "INVALID_INPUT", None),
        (("input", "diagnoses", "0", "system"), "INVALID_INPUT", None),
        (("input", "icfCodes", "0"), "INVALID_INPUT", None),
        (("input", "details", "instrument"), "RULE_VIOLATION", "GEN_DETAILS_INVALID"),
        (("input", "details", "mood"), "RULE_VIOLATION", "GEN_DETAILS_UNKNOWN_FIELD"),
    }
    malformed = {"caseId": "CAS_nope", "kind": "WORK_CAPACITY", "assessedAt": "2026-03-01"}
    assert (await api.query(who, RECORD, input=malformed)).bad_input == ["input", "caseId"]
    missing = await record(api, who, case, caseId="CAS_" + "A" * 22)
    assert failure(missing) == {(("input", "caseId"), "NOT_FOUND", None)}
    view = await case_view(api, who, case)
    assert view["assessments"]["totalCount"] == 0
    assert kinds(view) == ["case.opened", "team.member_added"]


async def test_an_assessment_needs_an_assessor_and_an_open_case(api: Api, world: World) -> None:
    case, clinician = await setup(world)
    # An admin token acts as no actor, so it cannot be the assessor.
    [error] = (await record(api, admin(), case))["userErrors"]
    assert error["code"] == "NOT_ALLOWED"
    closed = await api.query(
        admin(),
        'mutation($id: ID!) { closeCase(input: {id: $id, reason: "Done"}) { userErrors { code } } }',
        id=gid(case),
    )
    assert closed.data["closeCase"]["userErrors"] == []
    [error] = (await record(api, as_actor(clinician), case))["userErrors"]
    assert error["code"] == "INVALID_STATE"
