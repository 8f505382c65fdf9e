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


async def test_an_exception_sets_the_day_180_checkpoint_aside_no_false_overdue(
    api: Api, world: World
) -> None:
    """Sick since 2025-08-01: day 181 was 2026-01-28, the test clock stands on 2026-03-02."""
    crew = await team(world)
    case = await swedish_case(world, crew, date(2025, 8, 1))
    manager = as_actor(crew.manager)

    def day_180(payload: dict[str, Any]) -> str:
        return {m["code"]: m["status"] for m in payload["case"]["milestones"]}["CHAIN_DAY_180"]

    given = {"caseId": gid(case), "exception": "RETURN_SAME_HOURS_BY_DAY_365"}
    recorded = await api.query(manager, EXCEPTION, input=given)
    assert day_180(recorded.data["fkRecordChainException"]) == "NOT_APPLICABLE"
    withdrawn = await api.query(manager, EXCEPTION, input={**given, "applies": False})
    payload = withdrawn.data["fkRecordChainException"]
    assert day_180(payload) == "OVERDUE" and kinds(payload)[-1] == "se.chain_exception.withdrawn"

    aged = await swedish_case(world, crew, date(2025, 8, 1), birth="19621001")  # 63 on day 181
    read = await api.query(
        admin(),
        f"query($id: ID!) {{ node(id: $id) {{ ... on Case {{ {MILESTONES} }} }} }}",
        id=gid(aged),
    )
    statuses = {m["code"]: m["status"] for m in read.data["node"]["milestones"]}
    assert statuses["CHAIN_DAY_180"] == "NOT_APPLICABLE" and statuses["CHAIN_DAY_365"] == "UPCOMING"


MILESTONES = "milestones { code status metOn }"


LEVEL = mutation("fkRecordNormalLevelDecision", "FkRecordNormalLevelDecisionInput")
LEVEL_READ = """query($id: ID!) { node(id: $id) { ... on Case { jurisdictionDetails { ... on FkCaseDetails {
  continuationLevelFrom normalLevelDecision { keepsNormalLevel decidedOn }
  position(on: "2026-03-02") { day sicknessBenefitLevelPercent } } } } } }"""


async def test_the_case_officer_records_the_decision_to_keep_the_normal_level(
    api: Api, world: World
) -> None:
    """Sick since 2025-01-01: 2026-03-02 is day 426, past the 364 days at the normal level."""
    crew = await team(world)
    case = await swedish_case(world, crew, date(2025, 1, 1))

    async def level() -> dict[str, Any]:
        read = await api.query(admin(), LEVEL_READ, id=gid(case))
        return read.data["node"]["jurisdictionDetails"]

    before = await level()
    assert before["position"] == {"day": 426, "sicknessBenefitLevelPercent": 75}
    assert before["continuationLevelFrom"] == "2025-12-31"
    given = {"caseId": gid(case), "keepsNormalLevel": True, "decidedOn": "2026-02-20"}
    employer = await api.query(as_actor(crew.employer), LEVEL, input=given)
    assert employer.codes == ["FORBIDDEN"]  # an employer never holds benefits:write
    kept = await api.query(as_actor(crew.manager), LEVEL, input=given)
    payload = kept.data["fkRecordNormalLevelDecision"]
    assert payload["userErrors"] == [] and kinds(payload)[-1] == "se.normal_level.decided"
    after = await level()
    assert after["position"]["sicknessBenefitLevelPercent"] == 80
    assert after["continuationLevelFrom"] is None
    assert after["normalLevelDecision"] == {"keepsNormalLevel": True, "decidedOn": "2026-02-20"}
    early = await api.query(
        as_actor(crew.manager), LEVEL, input={**given, "decidedOn": "2024-12-31"}
    )
    [error] = early.data["fkRecordNormalLevelDecision"]["userErrors"]
    assert error["field"] == ["input", "decidedOn"]
    assert error["rule"] == {
        "code": "FK_NORMAL_LEVEL_DECISION",
        "severity": "ERROR",
        "legalReference": "SFB 28 kap. 7 §",
    }


STEPS = """query($id: ID!) { node(id: $id) { ... on Case {
  orientation(lang: "sv") { nextSteps { title responsible dueDate } } } } }"""


async def test_the_normal_level_decision_is_on_the_case_officers_map_not_the_employers(
    api: Api, world: World
) -> None:
    """Sick since 2025-06-01: day 364 is 2026-05-30."""
    crew = await team(world)
    case = await swedish_case(world, crew, date(2025, 6, 1))
    manager = as_actor(crew.manager)
    step = {"title": "Besluta om sjukpenningen ska stanna på normalnivå (80 %) efter dag 364",
            "responsible": "CASE_MANAGER", "dueDate": "2026-05-30"}  # fmt: skip

    async def steps(who: Any) -> list[dict[str, Any]]:
        read = await api.query(who, STEPS, id=gid(case))
        return read.data["node"]["orientation"]["nextSteps"]  # type: ignore[no-any-return]

    assert step not in await steps(manager)
    given = {"caseId": gid(case), "exception": "SERIOUS_ILLNESS"}
    assert (await api.query(manager, EXCEPTION, input=given)).data["fkRecordChainException"][
        "userErrors"
    ] == []
    assert step in await steps(manager)
    assert not any("normalnivå" in s["title"] for s in await steps(as_actor(crew.employer)))
    decided = await api.query(manager, LEVEL, input={"caseId": gid(case), "keepsNormalLevel": True,
                                                     "decidedOn": "2026-03-02"})  # fmt: skip
    assert decided.data["fkRecordNormalLevelDecision"]["userErrors"] == []
    assert step not in await steps(manager)


SICK_REPORT = mutation("fkRecordEmployerSickReport", "FkRecordEmployerSickReportInput")


async def test_the_employer_reports_the_sick_leave_to_forsakringskassan(
    api: Api, world: World
) -> None:
    crew, case = await setup(world)  # sick since 2026-01-01: day 15 is 2026-01-15
    given = {"caseId": gid(case), "reportedOn": "2026-01-14"}
    early = await api.query(as_actor(crew.employer), SICK_REPORT, input=given)
    [error] = early.data["fkRecordEmployerSickReport"]["userErrors"]
    assert error["field"] == ["input", "reportedOn"]
    assert error["rule"] == {
        "code": "FK_EMPLOYER_SICK_REPORT_EARLY",
        "severity": "ERROR",
        "legalReference": "Lag (1991:1047) om sjuklön 12 §",
    }
    manager = await api.query(as_actor(crew.manager), SICK_REPORT, input=given)
    assert [e["code"] for e in manager.data["fkRecordEmployerSickReport"]["userErrors"]] == [
        "NOT_ALLOWED"
    ]
    ok = await api.query(
        as_actor(crew.employer), SICK_REPORT, input={**given, "reportedOn": "2026-01-15"}
    )
    payload = ok.data["fkRecordEmployerSickReport"]
    assert payload["userErrors"] == []
    met = {m["code"]: (m["status"], m["metOn"]) for m in payload["case"]["milestones"]}
    assert met["EMPLOYER_SICK_REPORT"] == ("MET", "2026-01-15")
    assert kinds(payload)[-1] == "se.employer_sick_report.recorded"


MEETING_PAYLOAD = """{ case { jurisdictionDetails { ... on FkCaseDetails { reconciliationMeetings {
    number status plannedFor requestedBy heldOn participants outcome
    nextStep { description responsible dueDate } } } }
  milestones { code status metOn } orientation(lang: "sv") { nextSteps { title responsible dueDate } } }
  userErrors { code field message rule { code legalReference } } }"""
PLAN_MEETING = (
    "mutation($input: FkPlanReconciliationMeetingInput!) {"
    f" fkPlanReconciliationMeeting(input: $input) {MEETING_PAYLOAD} }}"
)
HOLD_MEETING = (
    "mutation($input: FkRecordReconciliationMeetingInput!) {"
    f" fkRecordReconciliationMeeting(input: $input) {MEETING_PAYLOAD} }}"
)


async def test_the_case_officer_plans_and_records_a_reconciliation_meeting(
    api: Api, world: World
) -> None:
    crew, case = await setup(world)
    manager = as_actor(crew.manager)
    planned = await api.query(
        manager, PLAN_MEETING,
        input={"caseId": gid(case), "plannedFor": "2026-02-20", "requestedBy": "EMPLOYER"},
    )  # fmt: skip
    payload = planned.data["fkPlanReconciliationMeeting"]
    assert payload["userErrors"] == []
    statuses = {m["code"]: m["status"] for m in payload["case"]["milestones"]}
    assert statuses["RECONCILIATION_MEETING_1"] == "OVERDUE"  # 2026-02-20 has passed, not held
    given = {
        "caseId": gid(case), "meetingNumber": 1, "heldOn": "2026-02-20",
        "participants": ["INSURED_PERSON", "FORSAKRINGSKASSAN", "EMPLOYER", "DOCTOR"],
        "outcome": "Arbetsträning på 25 % från mars", "nextStep": "Arbetsgivaren ordnar anpassade uppgifter",
        "nextStepBy": "EMPLOYER", "nextStepDue": "2026-03-10",
    }  # fmt: skip
    employer = await api.query(as_actor(crew.employer), HOLD_MEETING, input=given)
    assert employer.codes == ["FORBIDDEN"]  # the employer's token has no cases:write
    refused = await api.query(
        manager, HOLD_MEETING, input={**given, "participants": ["FORSAKRINGSKASSAN", "EMPLOYER"]}
    )
    [error] = refused.data["fkRecordReconciliationMeeting"]["userErrors"]
    assert error["field"] == ["input", "participants"]
    assert error["rule"] == {
        "code": "FK_MEETING_PARTICIPANTS",
        "legalReference": "SFB 110 kap. 14 § 4 p.",
    }
    recorded = await api.query(manager, HOLD_MEETING, input=given)
    payload = recorded.data["fkRecordReconciliationMeeting"]
    assert payload["userErrors"] == []
    [meeting] = payload["case"]["jurisdictionDetails"]["reconciliationMeetings"]
    assert meeting == {
        "number": 1, "status": "HELD", "plannedFor": "2026-02-20", "requestedBy": "EMPLOYER",
        "heldOn": "2026-02-20", "participants": ["INSURED_PERSON", "FORSAKRINGSKASSAN", "EMPLOYER", "DOCTOR"],
        "outcome": "Arbetsträning på 25 % från mars",
        "nextStep": {"description": "Arbetsgivaren ordnar anpassade uppgifter", "responsible": "EMPLOYER",
                     "dueDate": "2026-03-10"},
    }  # fmt: skip
    met = {m["code"]: (m["status"], m["metOn"]) for m in payload["case"]["milestones"]}
    assert met["RECONCILIATION_MEETING_1"] == ("MET", "2026-02-20")
    steps = payload["case"]["orientation"]["nextSteps"]
    assert {
        "title": "Nästa steg från avstämningsmötet 2026-02-20: Arbetsgivaren ordnar anpassade uppgifter",
        "responsible": "EMPLOYER",
        "dueDate": "2026-03-10",
    } in steps
