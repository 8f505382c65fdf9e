"""Work-oriented rehabilitation through GraphQL (R16): 12 weeks warned, 16 refused, and
the sykmelder told of the referral of someone on sick leave."""

from __future__ import annotations

from datetime import timedelta

from support import Api, World, admin, as_actor
from test_nav_api import ERRORS, FOLLOW_UP, norwegian_case, send, statuses

from vocrehab.core.clock import Clock

PROPOSE = """mutation($c: ID!, $end: Date!) { proposeIntervention(input: {caseId: $c,
  typeCode: "ARBEIDSRETTET_REHABILITERING", startDate: "2026-03-09", plannedEndDate: $end}) {
  intervention { id } userErrors { code field rule { code severity } } } }"""
REFER = """mutation($i: ID!) { changeInterventionStatus(input: {id: $i, status: REFERRED}) {
  intervention { status } userErrors { code rule { code } } } }"""
INFORMED = f"""mutation($input: NavRecordSykmelderInformedInput!) {{
  navRecordSykmelderInformed(input: $input) {{ case {{ milestones {{ code status }}
  jurisdictionDetails {{ ... on NavCaseDetails {{ sykmelderInformedOfReferral }} }} }} {ERRORS} }} }}"""
VIEW = """query($id: ID!) { node(id: $id) { ... on Case { ruleViolations { code }
  orientation { nextSteps { title responsible } } } } }"""


async def test_arr_length_and_the_sykmelder_told(api: Api, world: World, clock: Clock) -> None:
    team = await norwegian_case(world)
    nav, employer = as_actor(team.manager), as_actor(team.employer)
    await send(api, employer, FOLLOW_UP, caseId=team.id, status="UNDER_ARBEID", on="2026-02-20")
    await send(api, employer, FOLLOW_UP, caseId=team.id, status="AKTIV", on="2026-02-27",
               inHouseMeasuresNotPossible=True)  # fmt: skip
    too_long = (await api.query(nav, PROPOSE, c=team.id, end="2026-06-29")).data  # 16 weeks + 1
    [error] = too_long["proposeIntervention"]["userErrors"]
    assert (
        error["rule"]["code"] == "NO_INTERVENTION_DURATION"
        and too_long["proposeIntervention"]["intervention"] is None
    )
    long = (await api.query(nav, PROPOSE, c=team.id, end="2026-06-28")).data["proposeIntervention"]
    assert [e["rule"] for e in long["userErrors"]] == [
        {"code": "NO_INTERVENTION_OVER_NORMAL_LENGTH", "severity": "WARNING"}]  # fmt: skip
    early = await send(api, nav, INFORMED, caseId=team.id, informedOn="2026-03-02")
    assert early["case"] is None and early["userErrors"][0]["rule"]["code"] == "NO_ARR_NO_REFERRAL"
    referred = (await api.query(nav, REFER, i=long["intervention"]["id"])).data
    assert referred["changeInterventionStatus"]["intervention"] == {"status": "REFERRED"}
    clock.advance(timedelta(days=1))
    view = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert "NO_ARR_SYKMELDER_NOT_INFORMED" in [v["code"] for v in view["ruleViolations"]]
    assert {"title": "Sykmelder told of the ARR referral", "responsible": "CASE_MANAGER"} in view[
        "orientation"]["nextSteps"]  # fmt: skip
    before = await send(api, nav, INFORMED, caseId=team.id, informedOn="2026-03-01")
    assert before["userErrors"][0]["field"] == ["input", "informedOn"]
    gp = await send(api, as_actor(team.gp), INFORMED, caseId=team.id, informedOn="2026-03-03")
    assert [e["code"] for e in gp["userErrors"]] == ["NOT_ALLOWED"]
    told = await send(api, nav, INFORMED, caseId=team.id, informedOn="2026-03-03")
    assert told["userErrors"] == []
    assert told["case"]["jurisdictionDetails"]["sykmelderInformedOfReferral"] == ["2026-03-03"]
    assert statuses(told["case"])["ARR_SYKMELDER_INFORMED"] == "MET"
    view = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert "NO_ARR_SYKMELDER_NOT_INFORMED" not in [v["code"] for v in view["ruleViolations"]]
