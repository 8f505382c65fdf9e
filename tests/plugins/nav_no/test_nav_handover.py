"""A Norwegian case changes case manager: the assigned steps move with it, the old
case manager loses access, and each reader's unseen events count only what that
reader may see."""

from __future__ import annotations

from datetime import date
from typing import Any

from support import Api, World, admin, as_actor, gid
from test_nav_api import ERRORS, norwegian_case, send

from vocrehab.hooks.vocabulary import StakeholderType as R

ASSIGN = f"""mutation($input: AssignStepInput!) {{
  assignStep(input: $input) {{ case {{ id }} {ERRORS} }} }}"""
REPLACE = f"""mutation($input: ReplaceCaseTeamMemberInput!) {{
  replaceCaseTeamMember(input: $input) {{ case {{ id }} {ERRORS} }} }}"""
SEEN = f"""mutation($input: MarkCaseSeenInput!) {{
  markCaseSeen(input: $input) {{ case {{ unseenCount }} {ERRORS} }} }}"""
NOTE = f"""mutation($input: AddCaseNoteInput!) {{
  addCaseNote(input: $input) {{ note {{ id }} {ERRORS} }} }}"""
MOVES = """query($case: ID!) { moves(first: 50, filter: {caseId: $case}) {
  edges { node { code responsible assignee { name } } } } }"""
CASE = """query($id: ID!) { node(id: $id) { ... on Case {
  unseenCount unseenEvents(first: 20) { totalCount edges { node { kind } } }
  milestones { code responsible status }
  team { role until actor { name } }
} } }"""


async def _moves(api: Api, who: Any, case: str) -> list[dict[str, Any]]:
    data = (await api.query(who, MOVES, case=case)).data["moves"]
    return [edge["node"] for edge in data["edges"]]


async def _case(api: Api, who: Any, case: str) -> dict[str, Any] | None:
    return (await api.query(who, CASE, id=case)).data["node"]  # type: ignore[no-any-return]


async def test_a_new_case_manager_takes_over_the_assigned_steps(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    incoming = await world.actor(R.CASE_MANAGER, "Ny veileder")
    outgoing = as_actor(team.manager)
    case = await _case(api, outgoing, team.id)
    assert case is not None
    code = next(
        m["code"]
        for m in case["milestones"]
        if m["responsible"] == "CASE_MANAGER" and m["status"] not in {"MET", "NOT_APPLICABLE"}
    )

    refused = await send(api, outgoing, ASSIGN, caseId=team.id, code=code,
                         assigneeId=gid(team.employer))  # fmt: skip
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("INVALID_INPUT", ["input", "assigneeId"])
    ]
    unknown = await send(api, outgoing, ASSIGN, caseId=team.id, code="NO_SUCH_STEP",
                         assigneeId=gid(team.manager))  # fmt: skip
    assert [e["code"] for e in unknown["userErrors"]] == ["NOT_FOUND"]
    by_coordinator = await send(api, as_actor(team.coordinator), ASSIGN, caseId=team.id,
                                code=code, assigneeId=gid(team.manager))  # fmt: skip
    assert [e["code"] for e in by_coordinator["userErrors"]] == ["NOT_ALLOWED"]
    by_employer = await api.query(as_actor(team.employer), ASSIGN,
                                  input={"caseId": team.id, "code": code})  # fmt: skip
    assert by_employer.codes == ["FORBIDDEN"]

    done = await send(api, outgoing, ASSIGN, caseId=team.id, code=code,
                      assigneeId=gid(team.manager))  # fmt: skip
    assert done["userErrors"] == []
    mine = [m for m in await _moves(api, outgoing, team.id) if m["code"] == code]
    assert mine == [{"code": code, "responsible": "CASE_MANAGER",
                     "assignee": {"name": "NAV-veileder"}}]  # fmt: skip

    same_role = await send(api, admin(), REPLACE, caseId=team.id,
                           outgoingActorId=gid(team.manager), incomingActorId=gid(team.gp),
                           note="x")  # fmt: skip
    assert [e["field"] for e in same_role["userErrors"]] == [["input", "incomingActorId"]]
    handed = await send(
        api, as_actor(team.coordinator), REPLACE, caseId=team.id,
        outgoingActorId=gid(team.manager), incomingActorId=gid(incoming),
        note="Aktivitetskravet er neste: vurder gradert sykmelding.",
    )  # fmt: skip
    assert handed["userErrors"] == []

    assert await _case(api, outgoing, team.id) is None, "the old case manager loses access"
    assert await _moves(api, outgoing, team.id) == []
    theirs = [m for m in await _moves(api, as_actor(incoming), team.id) if m["code"] == code]
    assert theirs == [{"code": code, "responsible": "CASE_MANAGER",
                       "assignee": {"name": "Ny veileder"}}]  # fmt: skip
    now = await _case(api, as_actor(incoming), team.id)
    assert now is not None
    managers = [
        (m["actor"]["name"], m["until"]) for m in now["team"] if m["role"] == "CASE_MANAGER"
    ]
    # (The outgoing membership began today, so it was never effective and is gone.)
    assert [name for name, until in managers if until is None] == ["Ny veileder"]
    kinds = [e["node"]["kind"] for e in now["unseenEvents"]["edges"]]
    assert "team.member_replaced" in kinds and "step.assigned" in kinds


async def test_unseen_counts_only_what_the_reader_may_see(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    manager, employer, gp = (as_actor(a) for a in (team.manager, team.employer, team.gp))
    for who in (manager, employer):
        before = await _case(api, who, team.id)
        assert before is not None and before["unseenCount"] > 0
        assert before["unseenCount"] == before["unseenEvents"]["totalCount"]
        seen = await send(api, who, SEEN, caseId=team.id)
        assert seen["userErrors"] == [] and seen["case"]["unseenCount"] == 0

    # A note only clinicians read: neither the manager nor the employer is told of it.
    private = await send(api, gp, NOTE, caseId=team.id, body="Til legen", visibleTo=["CLINICIAN"])
    assert private["userErrors"] == []
    for who in (manager, employer):
        assert (await _case(api, who, team.id))["unseenCount"] == 0  # type: ignore[index]
    # One the case manager reads: counted for them, not for the employer.
    shared = await send(api, gp, NOTE, caseId=team.id, body="Til NAV", visibleTo=["CASE_MANAGER"])
    assert shared["userErrors"] == []
    assert (await _case(api, manager, team.id))["unseenCount"] == 1  # type: ignore[index]
    assert (await _case(api, employer, team.id))["unseenCount"] == 0  # type: ignore[index]
    # The reader's own doing is no news to them.
    own = await send(api, manager, NOTE, caseId=team.id, body="Notat", visibleTo=["EMPLOYER"])
    assert own["userErrors"] == []
    assert (await _case(api, manager, team.id))["unseenCount"] == 1  # type: ignore[index]
    assert (await _case(api, employer, team.id))["unseenCount"] == 1  # type: ignore[index]

    stranger = await world.actor(R.CASE_MANAGER, "Annen veileder")
    refused = await send(api, as_actor(stranger), SEEN, caseId=team.id)
    assert [e["code"] for e in refused["userErrors"]] == ["NOT_FOUND"]


# --------------------------------------------------------------------------- the brief

BRIEF = """query($id: ID!, $since: Date) { node(id: $id) { ... on Case { handover(since: $since) {
  since asOf
  decisions { kind summary actorRole actor { name } }
  meetings { kind name status heldOn outcomes minutes }
  benefitPeriods { benefitType degree startDate endDate }
  plans { version status title approvedBy }
  assessments { kind workCapacityPercent summary diagnoses functionalLimitations prognosis }
  openSteps { code name responsible overdue assignee { name } }
  team { role until lastKind lastSummary actor { name } }
  openQuestions
  sections { code title items { on text } }
} } } }"""
ASSESS = f"""mutation($c: ID!) {{ recordAssessment(input: {{caseId: $c, kind: "ARBEIDSEVNEVURDERING",
  assessedAt: "2026-02-20", workCapacityPercent: 40, summary: "Kan jobbe 40 %",
  diagnoses: [{{system: "ICD-10", code: "F32.1", text: "Moderat depressiv episode"}}],
  functionalLimitations: "Konsentrasjonsvansker", prognosis: "God prognose"}}) {{ {ERRORS} }} }}"""
GRANT = f"""mutation($c: ID!) {{ grantBenefit(input: {{caseId: $c, benefitTypeCode: "SYKEPENGER",
  degree: 100, startDate: "2026-02-18"}}) {{ {ERRORS} }} }}"""
PLAN = f"""mutation($c: ID!) {{ createPlan(input: {{caseId: $c, title: "Gradert retur",
  steps: [{{startDate: "2026-03-09", endDate: "2026-04-05", workPercent: 50}}]}}) {{ {ERRORS} }} }}"""
MEETING = f"""mutation($input: NavScheduleDialogueMeetingInput!) {{
  navScheduleDialogueMeeting(input: $input) {{ {ERRORS} }} }}"""
MEDICAL_TEXT = ("F32", "depressiv", "Konsentrasjon", "prognose")


async def _brief(api: Api, who: Any, case: str, since: str | None = None) -> dict[str, Any]:
    result = await api.query(who, BRIEF, id=case, since=since)
    assert result.errors is None or result.codes == [], result.errors
    return result.data["node"]["handover"]  # type: ignore[no-any-return]


async def _handed_over_case(world: World, api: Api) -> tuple[Any, Any, Any]:
    team = await norwegian_case(world, start=date(2026, 1, 5))
    officer = await world.actor(R.EMPLOYMENT_OFFICER, "Arbeidsrettet veileder")
    added = await world.do(admin(), lambda work: _add(work, team, officer))
    assert added is not None
    manager, gp = as_actor(team.manager), as_actor(team.gp)
    for who, mutation in ((gp, ASSESS), (manager, GRANT), (manager, PLAN)):
        [payload] = (await api.query(who, mutation, c=team.id)).data.values()
        assert payload["userErrors"] == [], payload
    meeting = await send(api, as_actor(team.employer), MEETING, caseId=team.id, number=1,
                         on="2026-03-10", invitedOn="2026-03-02")  # fmt: skip
    assert meeting["userErrors"] == [], meeting
    assigned = await send(api, manager, ASSIGN, caseId=team.id, code="ACTIVITY_REQUIREMENT",
                          assigneeId=gid(team.manager))  # fmt: skip
    assert assigned["userErrors"] == []
    incoming = await world.actor(R.CASE_MANAGER, "Ny veileder")
    handed = await send(api, as_actor(team.coordinator), REPLACE, caseId=team.id,
                        outgoingActorId=gid(team.manager), incomingActorId=gid(incoming),
                        note="Sykepenger innvilget; planen må aktiveres.")  # fmt: skip
    assert handed["userErrors"] == []
    return team, incoming, officer


async def _add(work: Any, team: Any, officer: Any) -> Any:
    from vocrehab.core import cases
    from vocrehab.ids import decode_global_id

    case_id = decode_global_id(team.id, "Case")[1]
    change = cases.TeamChange(case_id, officer.id, R.EMPLOYMENT_OFFICER)
    return await cases.add_team_member(work, change)


async def test_the_incoming_case_manager_reads_a_brief_section_by_section(
    api: Api, world: World
) -> None:
    team, incoming, _ = await _handed_over_case(world, api)
    brief = await _brief(api, as_actor(incoming), team.id)
    assert brief["since"] is None and brief["asOf"] == "2026-03-02"
    kinds = [d["kind"] for d in brief["decisions"]]
    assert {"case.opened", "benefit.granted", "team.member_replaced"} <= set(kinds)
    replaced = next(d for d in brief["decisions"] if d["kind"] == "team.member_replaced")
    assert replaced["actorRole"] == "REHAB_COORDINATOR"
    assert replaced["actor"] == {"name": "Koordinator"}
    assert brief["benefitPeriods"] == [
        {"benefitType": "SYKEPENGER", "degree": 100, "startDate": "2026-02-18", "endDate": None}
    ]
    assert brief["plans"] == [
        {"version": 1, "status": "DRAFT", "title": "Gradert retur", "approvedBy": []}
    ]
    [assessment] = brief["assessments"]
    assert assessment["diagnoses"] == ["F32.1 Moderat depressiv episode"]
    assert assessment["prognosis"] == "God prognose"
    steps = {s["code"]: s for s in brief["openSteps"]}
    assert steps["FOLLOW_UP_PLAN"]["responsible"] == "EMPLOYER"
    assert steps["FOLLOW_UP_PLAN"]["overdue"] is True, "week 4 of a sick leave from 5 January"
    assert steps["MAKSDATO"]["overdue"] is False
    assert "EMPLOYER_PERIOD_END" not in steps, "met when sykepenger were granted"
    assert steps["ACTIVITY_REQUIREMENT"]["assignee"] == {"name": "Ny veileder"}
    members = {(m["actor"]["name"], m["role"]): m for m in brief["team"]}
    outgoing = members[("NAV-veileder", "CASE_MANAGER")]
    assert outgoing["lastKind"] == "step.assigned", "who did what last"
    assert members[("Ny veileder", "CASE_MANAGER")]["lastKind"] is None
    assert members[("Fastlege", "CLINICIAN")]["lastKind"] == "assessment.recorded"
    assert any("Plan version 1" in q for q in brief["openQuestions"])
    assert brief["sections"] == [
        {
            "code": "NO_DIALOGUE_MEETINGS",
            "title": "Dialogue meetings",
            "items": [{"on": "2026-03-10", "text": "Dialogue meeting 1: invited"}],
        }
    ], "the jurisdiction's own section"

    later = await _brief(api, as_actor(incoming), team.id, since="2026-03-03")
    assert later["since"] == "2026-03-03"
    assert later["decisions"] == [] and later["assessments"] == []
    assert later["plans"] == brief["plans"], "an open plan is always handed over"
    assert later["openSteps"] == brief["openSteps"]


async def test_the_brief_hides_medical_from_a_reader_without_it(api: Api, world: World) -> None:
    team, incoming, officer = await _handed_over_case(world, api)
    full = await _brief(api, as_actor(incoming), team.id)
    text = str(full)
    assert all(word in text for word in MEDICAL_TEXT), "the case manager sees MEDICAL"

    for reader in (as_actor(officer), as_actor(team.employer)):
        brief = await _brief(api, reader, team.id)
        for section, value in brief.items():
            assert not any(word in str(value) for word in MEDICAL_TEXT), section
        [assessment] = brief["assessments"]
        assert assessment["workCapacityPercent"] == 40 and assessment["summary"] == "Kan jobbe 40 %"
        assert assessment["diagnoses"] is None and assessment["prognosis"] is None
        assert assessment["functionalLimitations"] is None
        assert brief["openSteps"] and all(s in full["openSteps"] for s in brief["openSteps"])
    officer_brief = await _brief(api, as_actor(officer), team.id)
    assert officer_brief["benefitPeriods"] == full["benefitPeriods"]
    employer_brief = await _brief(api, as_actor(team.employer), team.id)
    assert employer_brief["benefitPeriods"] is None, "BENEFITS is not the employer's"
    assert "benefit.granted" not in [d["kind"] for d in employer_brief["decisions"]]
    assert await _case(api, as_actor(team.manager), team.id) is None
    gone = await api.query(as_actor(team.manager), BRIEF, id=team.id, since=None)
    assert gone.data["node"] is None, "the old case manager gets no brief"


# --------------------------------------------------------------------------- as a document

GENERATE = f"""mutation($input: GenerateDocumentInput!) {{ generateDocument(input: $input) {{
  document {{ id categories downloadUrl kind {{ code name(lang: "nb") }} }} {ERRORS} }} }}"""
DOCUMENTS = """query($id: ID!) { node(id: $id) { ... on Case { documents { id } } } }"""


async def _generate(api: Api, who: Any, case: str, fmt: str, lang: str) -> dict[str, Any]:
    return await send(api, who, GENERATE, caseId=case, kindCode="HANDOVER", format=fmt, lang=lang)


async def _download(api: Api, who: Any, url: str) -> tuple[int, bytes]:
    headers = {"authorization": f"Bearer {api.token(who)}"}
    response = await api.client.get(url.removeprefix("https://vocrehab.test"), headers=headers)
    return response.status_code, response.content


async def test_the_brief_as_a_document_holds_what_its_requester_may_see(
    api: Api, world: World
) -> None:
    import io
    import json

    from pypdf import PdfReader

    team, incoming, officer = await _handed_over_case(world, api)
    nav = as_actor(incoming)
    made = await _generate(api, nav, team.id, "JSON", "nb")
    assert made["userErrors"] == [], made
    document = made["document"]
    assert document["kind"] == {"code": "HANDOVER", "name": "Overleveringsnotat"}
    assert {"MEDICAL", "BENEFITS", "DOCUMENTS"} <= set(document["categories"])
    status, content = await _download(api, nav, document["downloadUrl"])
    assert status == 200
    brief = json.loads(content)
    assert brief["assessments"][0]["diagnoses"] == ["F32.1 Moderat depressiv episode"]
    assert brief["benefitPeriods"][0]["benefitType"] == "SYKEPENGER"
    assert any(s["code"] == "FOLLOW_UP_PLAN" and s["overdue"] for s in brief["openSteps"])
    assert {"actor": "NAV-veileder", "lastKind": "step.assigned"}.items() <= next(
        t for t in brief["team"] if t["actor"] == "NAV-veileder"
    ).items()
    listed = (await api.query(as_actor(officer), DOCUMENTS, id=team.id)).data["node"]
    assert document["id"] not in {d["id"] for d in listed["documents"]}, "MEDICAL inside"
    assert (await _download(api, as_actor(officer), document["downloadUrl"]))[0] == 404

    own = await _generate(api, as_actor(officer), team.id, "PDF", "nb")
    assert own["userErrors"] == [], own
    assert "MEDICAL" not in own["document"]["categories"]
    status, content = await _download(api, as_actor(officer), own["document"]["downloadUrl"])
    assert status == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Overleveringsnotat" in text and "Åpne frister" in text and "SYKEPENGER" in text
    assert not any(word in text for word in MEDICAL_TEXT)
