"""The fk mutations through GraphQL: success, a refusing rule with its legal reference,
and a role that may not (NOT_ALLOWED)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fk_world import Team, swedish_case, swedish_host, team
from support import Api, World, admin, as_actor, gid

from vocrehab.db import models as m
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import EmploymentStatus


@pytest.fixture(scope="session")
def host() -> PluginHost:
    return swedish_host()


PAYLOAD = """{
  case { jurisdictionDetails { ... on FkCaseDetails {
      sickPeriods { start end degree } expectedDurationDays chainExceptions
      employerPlan { status dueDate drawnUpOn decision } } }
    milestones { code status metOn }
    events(first: 30) { edges { node { kind summary } } } }
  userErrors { code field message rule { code severity legalReference } } }"""


def mutation(name: str, input_type: str) -> str:
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {PAYLOAD} }}"


SICK = mutation("fkRecordSickPeriod", "FkRecordSickPeriodInput")
FORECAST = mutation("fkRecordExpectedDuration", "FkRecordExpectedDurationInput")
PLAN = mutation("fkRecordEmployerPlan", "FkRecordEmployerPlanInput")
EXCEPTION = mutation("fkRecordChainException", "FkRecordChainExceptionInput")


async def setup(world: World, **changes: Any) -> tuple[Team, m.Case]:
    crew = await team(world)
    return crew, await swedish_case(world, crew, date(2026, 1, 1), **changes)


def kinds(payload: dict[str, Any]) -> list[str]:
    return [e["node"]["kind"] for e in payload["case"]["events"]["edges"]]


async def test_the_sick_period_command(api: Api, world: World) -> None:
    """The doctor records; a degree that is not a quarter is refused with its law; the
    clinic's coordinator may too; an employer's token never holds assessments:write."""
    crew, case = await setup(world)
    given = {"caseId": gid(case), "start": "2026-01-01", "end": "2026-02-15", "degree": 75}
    result = await api.query(as_actor(crew.doctor), SICK, input=given)
    payload = result.data["fkRecordSickPeriod"]
    assert payload["userErrors"] == []
    details = payload["case"]["jurisdictionDetails"]
    assert details["sickPeriods"] == [{"start": "2026-01-01", "end": "2026-02-15", "degree": 75}]
    assert kinds(payload)[-1] == "se.sick_period.recorded"

    later = {**given, "start": "2026-02-16", "end": "2026-02-28"}
    refused = await api.query(as_actor(crew.doctor), SICK, input={**later, "degree": 60})
    [error] = refused.data["fkRecordSickPeriod"]["userErrors"]
    assert error["code"] == "RULE_VIOLATION" and error["field"] == ["input", "degree"]
    assert error["rule"] == {
        "code": "FK_DEGREE",
        "severity": "ERROR",
        "legalReference": "SFB 27 kap. 45 §",
    }
    coordinator = await api.query(as_actor(crew.coordinator), SICK, input=later)
    assert coordinator.data["fkRecordSickPeriod"]["userErrors"] == []
    employer = await api.query(as_actor(crew.employer), SICK, input=later)
    assert employer.codes == ["FORBIDDEN"]


async def test_the_forecast_makes_the_employer_plan_due(api: Api, world: World) -> None:
    crew, case = await setup(world)
    doctor = as_actor(crew.doctor)
    ok = await api.query(
        doctor,
        FORECAST,
        input={"caseId": gid(case), "expectedDays": 90, "assessedOn": "2026-01-10"},
    )
    payload = ok.data["fkRecordExpectedDuration"]
    assert payload["userErrors"] == []
    plan = payload["case"]["jurisdictionDetails"]["employerPlan"]
    assert plan["status"] == "REQUIRED" and plan["dueDate"] == "2026-01-30"
    statuses = {m["code"]: m["status"] for m in payload["case"]["milestones"]}
    assert statuses["EMPLOYER_PLAN"] == "OVERDUE"
    future = await api.query(
        doctor,
        FORECAST,
        input={"caseId": gid(case), "expectedDays": 90, "assessedOn": "2026-03-03"},
    )
    [error] = future.data["fkRecordExpectedDuration"]["userErrors"]
    assert error["rule"]["code"] == "FK_DATE_IN_FUTURE" and error["field"] == [
        "input",
        "assessedOn",
    ]
    manager = await api.query(
        as_actor(crew.manager),
        FORECAST,
        input={"caseId": gid(case), "expectedDays": 90, "assessedOn": "2026-01-10"},
    )
    assert manager.codes == ["FORBIDDEN"]  # the forecast is the doctor's: assessments:write


async def test_the_employer_records_its_plan_for_employees_only(api: Api, world: World) -> None:
    crew, case = await setup(
        world, details={"expectedDuration": {"days": 90, "assessedOn": "2026-01-10"}}
    )
    result = await api.query(
        as_actor(crew.employer),
        PLAN,
        input={"caseId": gid(case), "decision": "DRAWN_UP", "on": "2026-01-28"},
    )
    payload = result.data["fkRecordEmployerPlan"]
    assert payload["userErrors"] == []
    plan = payload["case"]["jurisdictionDetails"]["employerPlan"]
    assert plan == {
        "status": "DRAWN_UP",
        "dueDate": "2026-01-30",
        "drawnUpOn": "2026-01-28",
        "decision": "DRAWN_UP",
    }
    met = {m["code"]: (m["status"], m["metOn"]) for m in payload["case"]["milestones"]}
    assert met["EMPLOYER_PLAN"] == ("MET", "2026-01-28")
    assert kinds(payload)[-1] == "se.employer_plan.recorded"
    manager = await api.query(
        as_actor(crew.manager),
        PLAN,
        input={"caseId": gid(case), "decision": "DRAWN_UP", "on": "2026-01-28"},
    )
    assert [e["code"] for e in manager.data["fkRecordEmployerPlan"]["userErrors"]] == [
        "NOT_ALLOWED"
    ]
    jobless = await swedish_case(
        world, crew, date(2026, 1, 1), birth="19900101", employment=EmploymentStatus.UNEMPLOYED
    )
    result = await api.query(
        admin(), PLAN, input={"caseId": gid(jobless), "decision": "DRAWN_UP", "on": "2026-01-28"}
    )
    [error] = result.data["fkRecordEmployerPlan"]["userErrors"]
    assert error["rule"] == {
        "code": "FK_EMPLOYER_PLAN_NO_EMPLOYER",
        "severity": "ERROR",
        "legalReference": "SFB 30 kap. 6 §",
    }


async def test_the_case_officer_records_a_chain_exception_for_employees_only(
    api: Api, world: World
) -> None:
    crew, case = await setup(world)
    result = await api.query(
        as_actor(crew.manager),
        EXCEPTION,
        input={"caseId": gid(case), "exception": "SERIOUS_ILLNESS"},
    )
    payload = result.data["fkRecordChainException"]
    assert payload["userErrors"] == []
    assert payload["case"]["jurisdictionDetails"]["chainExceptions"] == ["SERIOUS_ILLNESS"]
    coordinator = await api.query(
        as_actor(crew.coordinator),
        EXCEPTION,
        input={"caseId": gid(case), "exception": "SERIOUS_ILLNESS"},
    )
    assert [e["code"] for e in coordinator.data["fkRecordChainException"]["userErrors"]] == [
        "NOT_ALLOWED"
    ]
    own_firm = await swedish_case(
        world, crew, date(2026, 1, 1), birth="19900101", employment=EmploymentStatus.SELF_EMPLOYED
    )
    result = await api.query(
        as_actor(crew.manager),
        EXCEPTION,
        input={"caseId": gid(own_firm), "exception": "SERIOUS_ILLNESS"},
    )
    [error] = result.data["fkRecordChainException"]["userErrors"]
    assert error["rule"]["code"] == "FK_CHAIN_EXCEPTION_NO_EMPLOYER"
    assert error["rule"]["legalReference"] == "SFB 27 kap. 46-49 §§"


CERTIFICATE = """mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) {
  assessment { id } userErrors { code field message rule { code legalReference } } } }"""


async def test_an_fk7804_is_checked_field_by_field_when_recorded(api: Api, world: World) -> None:
    crew, case = await setup(world)
    fk7804 = {
        "grundForMU": {"undersokningAvPatienten": "2026-01-05"},
        "sysselsattning": ["NUVARANDE_ARBETE"], "nuvarandeArbete": "Lagerarbetare",
        "sjukskrivningar": [{"grad": 50, "from": "2026-01-05", "tom": "2026-02-05"}],
        "prognos": {"typ": "ATER_X_ANTAL_DGR", "dagarTillArbete": 60},
        "arbetslivsinriktadeAtgarder": ["ARBETSANPASSNING"],
    }  # fmt: skip
    assessment = {
        "caseId": gid(case), "kind": "se.FK7804", "assessedAt": "2026-01-05",
        "diagnoses": [{"system": "ICD-10-SE", "code": "F32", "text": "Depressiv episod"}],
        "functionalLimitations": "Nedsatt koncentration", "activityLimitations": "Klarar inte heltid",
        "details": {"fk7804": fk7804},
    }  # fmt: skip
    refused = await api.query(as_actor(crew.doctor), CERTIFICATE, input=assessment)
    errors = refused.data["recordAssessment"]["userErrors"]
    assert sorted((e["rule"]["code"], tuple(e["field"])) for e in errors) == [
        ("FK7804_DIAGNOSIS", ("input", "diagnoses", "0", "code")),
        ("FK7804_WORKING_TIME", ("input", "details", "fk7804", "arbetstidsforlaggning")),
    ]
    assessment["diagnoses"][0]["code"] = "F321"
    fk7804["arbetstidsforlaggning"] = False
    recorded = await api.query(as_actor(crew.doctor), CERTIFICATE, input=assessment)
    assert recorded.data["recordAssessment"]["userErrors"] == []
    shape = await api.query(
        as_actor(crew.doctor),
        CERTIFICATE,
        input={**assessment, "details": {"fk7804": {"grad": 50}}},
    )
    [error] = shape.data["recordAssessment"]["userErrors"]
    assert error["code"] == "RULE_VIOLATION" and error["rule"]["code"] == "FK_DETAILS_UNKNOWN_FIELD"
    assert error["field"] == ["input", "details", "fk7804", "grad"]
