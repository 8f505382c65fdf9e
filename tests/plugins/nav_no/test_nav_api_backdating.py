"""Backdated sick notes through GraphQL (R7): refused without a justification, sent to
the NAV adviser's review with one, and the review recorded."""

from __future__ import annotations

from support import Api, World, admin, as_actor
from test_nav_api import ERRORS, SICK_NOTE, norwegian_case, send, statuses

REVIEW = f"""mutation($input: NavReviewBackdatingInput!) {{ navReviewBackdating(input: $input) {{
  case {{ milestones {{ code status }} jurisdictionDetails {{ ... on NavCaseDetails {{
    sickNotes {{ backdating {{ days outcome reason decision decidedOn }} }} }} }} }} {ERRORS} }} }}"""
VIEW = """query($id: ID!) { node(id: $id) { ... on Case { ruleViolations { code message }
  orientation(lang: "nb") { nextSteps { title responsible } } } } }"""
PERIOD = {"type": "AKTIVITET_IKKE_MULIG", "fom": "2026-02-02", "tom": "2026-03-15"}


async def test_a_backdated_note_is_refused_reviewed_and_decided(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    gp, nav = as_actor(team.gp), as_actor(team.manager)
    bare = await send(api, gp, SICK_NOTE, caseId=team.id, signedOn="2026-02-18", periods=[PERIOD])
    assert bare["case"] is None
    [refusal] = bare["userErrors"]
    assert refusal["rule"]["code"] == "NO_SICK_NOTE_BACKDATED"
    assert refusal["field"] == ["input", "justification"]
    assert "ftrl § 8-7 annet ledd" in refusal["rule"]["legalReference"]
    sent = await send(api, gp, SICK_NOTE, caseId=team.id, signedOn="2026-02-18", periods=[PERIOD],
                      justification="Innlagt på sykehus uten mulighet for kontakt")  # fmt: skip
    assert [e["rule"]["code"] for e in sent["userErrors"]] == ["NO_SICK_NOTE_BACKDATING_REVIEW"]
    assert statuses(sent["case"])["BACKDATING_REVIEW_1"] == "OVERDUE"  # due the day it was signed
    view = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    [finding] = [v for v in view["ruleViolations"] if v["code"] == "NO_SICK_NOTE_BACKDATING_REVIEW"]
    assert "backdated 16 days and awaits NAV's manual review" in finding["message"]
    assert {"title": "NAV vurderer tilbakedatert sykmelding 1", "responsible": "CASE_MANAGER"} in view[
        "orientation"]["nextSteps"]  # fmt: skip
    decision = {"caseId": team.id, "note": 0, "decision": "GODKJENT", "decidedOn": "2026-03-02"}
    assert (await api.query(gp, REVIEW, input=decision)).codes == ["FORBIDDEN"]  # no cases:write
    coordinator = await send(api, as_actor(team.coordinator), REVIEW, **decision)
    assert [e["code"] for e in coordinator["userErrors"]] == ["NOT_ALLOWED"]
    wrong = await send(api, nav, REVIEW, caseId=team.id, note=3, decision="GODKJENT",
                       decidedOn="2026-03-02")  # fmt: skip
    assert wrong["userErrors"][0]["rule"]["code"] == "NO_SICK_NOTE_NOT_UNDER_REVIEW"
    decided = await send(api, nav, REVIEW, caseId=team.id, note=0, decision="GODKJENT",
                         decidedOn="2026-03-02")  # fmt: skip
    assert decided["userErrors"] == []
    assert decided["case"]["jurisdictionDetails"]["sickNotes"][0]["backdating"] == {
        "days": 16, "outcome": "MANUAL_REVIEW", "reason": "MINDRE_ENN_1_MAANED_MED_BEGRUNNELSE",
        "decision": "GODKJENT", "decidedOn": "2026-03-02"}  # fmt: skip
    assert statuses(decided["case"])["BACKDATING_REVIEW_1"] == "MET"
