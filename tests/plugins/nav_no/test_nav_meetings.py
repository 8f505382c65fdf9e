"""Norway's dialogue meetings as the platform's meetings: the employer holds
dialogue meeting 1, which meets its milestone; NAV holds meeting 2; the
employer never writes or reads MEDICAL minutes."""

from __future__ import annotations

from typing import Any

from support import Api, World, as_actor, gid
from test_nav_api import norwegian_case, send

from vocrehab.ids import encode_global_id

ERRORS = "userErrors { field code message }"
SCHEDULE = f"""mutation($input: ScheduleMeetingInput!) {{
  scheduleMeeting(input: $input) {{ meeting {{ id kind }} {ERRORS} }} }}"""
HOLD = f"""mutation($input: HoldMeetingInput!) {{
  holdMeeting(input: $input) {{ meeting {{ id status outcomes minutes }} {ERRORS} }} }}"""
CASE = """query($id: ID!) { node(id: $id) { ... on Case {
  milestones { code status metOn }
  meetings(first: 10) { edges { node { kind status minutes minutesCategory } } }
  handover { meetings { name(lang: "nb") status outcomes minutes } }
} } }"""


async def _case(api: Api, who: Any, case: str) -> dict[str, Any]:
    return (await api.query(who, CASE, id=case)).data["node"]  # type: ignore[no-any-return]


async def test_dialogue_meetings_are_held_as_platform_meetings(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    today = str(api.clock.today())
    employer, manager = as_actor(team.employer), as_actor(team.manager)
    before = {m["code"]: m["status"] for m in (await _case(api, manager, team.id))["milestones"]}
    assert before["DIALOGUE_MEETING_1"] not in {"MET", "NOT_APPLICABLE"}

    # Meeting 2 is NAV's to call, not the employer's.
    not_theirs = await send(api, employer, SCHEDULE, caseId=team.id,
                            kind="no.dialogue_meeting_2", scheduledFor=today)  # fmt: skip
    assert [e["code"] for e in not_theirs["userErrors"]] == ["NOT_ALLOWED"]
    scheduled = await send(api, employer, SCHEDULE, caseId=team.id, kind="no.dialogue_meeting_1",
                           scheduledFor=today,
                           participantIds=[encode_global_id("Actor", team.person.actor_id),
                                           gid(team.employer)])  # fmt: skip
    assert scheduled["userErrors"] == []
    meeting = scheduled["meeting"]["id"]

    medical = await send(api, employer, HOLD, meetingId=meeting, heldOn=today,
                         minutes="Diagnose", minutesCategory="MEDICAL")  # fmt: skip
    assert [(e["code"], e["field"]) for e in medical["userErrors"]] == [
        ("NOT_ALLOWED", ["input", "minutesCategory"])
    ]
    wrong = await send(api, employer, HOLD, meetingId=meeting, heldOn=today,
                       outcomes=["DIALOGUE_MEETING_2"])  # fmt: skip
    assert [e["field"] for e in wrong["userErrors"]] == [["input", "outcomes", "0"]]
    held = await send(api, employer, HOLD, meetingId=meeting, heldOn=today,
                      minutes="Tilrettelegging avtalt: 50 % fra mandag.",
                      outcomes=["DIALOGUE_MEETING_1"])  # fmt: skip
    assert held["userErrors"] == []
    assert held["meeting"]["outcomes"] == ["DIALOGUE_MEETING_1"]

    for who in (employer, manager, as_actor(team.gp)):
        case = await _case(api, who, team.id)
        status = {m["code"]: (m["status"], m["metOn"]) for m in case["milestones"]}
        assert status["DIALOGUE_MEETING_1"] == ("MET", today)
        assert case["handover"]["meetings"] == [
            {"name": "Dialogmøte 1", "status": "HELD", "outcomes": ["DIALOGUE_MEETING_1"],
             "minutes": "Tilrettelegging avtalt: 50 % fra mandag."}
        ]  # fmt: skip

    # NAV's meeting 2, with minutes only those who see MEDICAL read.
    second = await send(api, manager, SCHEDULE, caseId=team.id, kind="no.dialogue_meeting_2",
                        scheduledFor=today)  # fmt: skip
    done = await send(api, manager, HOLD, meetingId=second["meeting"]["id"], heldOn=today,
                      minutes="Prognose usikker.", minutesCategory="MEDICAL",
                      outcomes=["DIALOGUE_MEETING_2"])  # fmt: skip
    assert done["userErrors"] == []
    minutes = {
        who: [m["node"]["minutes"] for m in (await _case(api, actor, team.id))["meetings"]["edges"]]
        for who, actor in (("employer", employer), ("manager", manager))
    }
    assert minutes["manager"][1] == "Prognose usikker."
    assert minutes["employer"][1] is None
