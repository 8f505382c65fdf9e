"""The team's meetings: scheduling, holding (minutes per category, outcomes that
meet milestones) and cancelling, each one transaction with its event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from support import Api, World, admin, as_actor, gid

from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.hooks.vocabulary import StakeholderType as R

ERRORS = "userErrors { field code message }"
MEETING = """id kind status scheduledFor place heldOn outcomes minutesCategory minutes
  participants { name } meetingKind { code name conveners completes }"""
SCHEDULE = f"""mutation($input: ScheduleMeetingInput!) {{
  scheduleMeeting(input: $input) {{ meeting {{ {MEETING} }} {ERRORS} }} }}"""
HOLD = f"""mutation($input: HoldMeetingInput!) {{
  holdMeeting(input: $input) {{ meeting {{ {MEETING} }} {ERRORS} }} }}"""
CANCEL = f"""mutation($input: CancelMeetingInput!) {{
  cancelMeeting(input: $input) {{ meeting {{ {MEETING} }} {ERRORS} }} }}"""
CASE = f"""query($id: ID!) {{ node(id: $id) {{ ... on Case {{
  meetings(first: 10) {{ totalCount edges {{ node {{ {MEETING} }} }} }}
  milestones {{ code status metOn }}
  events(first: 50) {{ edges {{ node {{ kind summary }} }} }}
  handover {{ meetings {{ kind name status heldOn outcomes minutes participants {{ name }} }} }}
}} }} }}"""


async def send(api: Api, who: Any, query: str, **input: Any) -> dict[str, Any]:
    [payload] = (await api.query(who, query, input=input)).data.values()
    return payload  # type: ignore[no-any-return]


def errors(payload: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def _team(world: World) -> dict[str, Any]:
    manager = await world.actor(R.CASE_MANAGER, "Case manager")
    gp = await world.actor(R.CLINICIAN, "GP")
    employer = await world.actor(R.EMPLOYER, "Line manager")
    outsider = await world.actor(R.CLINICIAN, "Other GP")
    person = await world.participant()
    case = await world.case(
        person, team={manager: R.CASE_MANAGER, gp: R.CLINICIAN, employer: R.EMPLOYER}
    )
    return {"case": case, "manager": manager, "gp": gp, "employer": employer,
            "outsider": outsider, "person": person}  # fmt: skip


async def _meetings(db: Database) -> int:
    async with db.session() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(m.Meeting)) or 0)


async def test_schedule_hold_and_what_each_reader_sees(
    api: Api, world: World, db: Database
) -> None:
    t = await _team(world)
    case, today = gid(t["case"]), api.clock.today()
    scheduled = await send(
        api, as_actor(t["manager"]), SCHEDULE, caseId=case, kind="case_conference",
        scheduledFor=str(today + timedelta(days=3)), place="Room 2",
        participantIds=[gid(t["gp"]), gid(t["employer"])],
    )  # fmt: skip
    assert scheduled["userErrors"] == []
    meeting = scheduled["meeting"]
    assert meeting["status"] == "SCHEDULED" and meeting["place"] == "Room 2"
    assert [p["name"] for p in meeting["participants"]] == ["GP", "Line manager"]
    assert meeting["meetingKind"]["completes"] == ["FIRST_CONTACT", "WORKPLACE_CONTACT"]

    held = await send(
        api, as_actor(t["gp"]), HOLD, meetingId=meeting["id"], heldOn=str(today),
        minutes="Back pain improving; MRI next week.", minutesCategory="MEDICAL",
        outcomes=["FIRST_CONTACT"],
    )  # fmt: skip
    assert held["userErrors"] == []
    assert held["meeting"]["status"] == "HELD" and held["meeting"]["outcomes"] == ["FIRST_CONTACT"]
    assert held["meeting"]["minutes"] == "Back pain improving; MRI next week."

    seen = {}
    for who in ("manager", "gp", "employer"):
        node = (await api.query(as_actor(t[who]), CASE, id=case)).data["node"]
        [listed] = [e["node"] for e in node["meetings"]["edges"]]
        seen[who] = (listed["minutes"], node["handover"]["meetings"][0]["minutes"])
        status = {ms["code"]: (ms["status"], ms["metOn"]) for ms in node["milestones"]}
        assert status["FIRST_CONTACT"] == ("MET", str(today)), who
        kinds = [e["node"]["kind"] for e in node["events"]["edges"]]
        assert kinds[-2:] == ["meeting.scheduled", "meeting.held"]
        handover = node["handover"]["meetings"][0]
        assert (handover["name"], handover["status"], handover["outcomes"]) == (
            "Case conference",
            "HELD",
            ["FIRST_CONTACT"],
        )
    text = "Back pain improving; MRI next week."
    # MEDICAL minutes: the clinician and the case manager read them, the employer never.
    assert seen == {"manager": (text, text), "gp": (text, text), "employer": (None, None)}
    assert await _meetings(db) == 1


async def test_refusals_change_nothing(api: Api, world: World, db: Database) -> None:
    t = await _team(world)
    case, today = gid(t["case"]), api.clock.today()
    manager = as_actor(t["manager"])

    unknown = await send(api, manager, SCHEDULE, caseId=case, kind="no.dialogue_meeting_2",
                         scheduledFor=str(today))  # fmt: skip
    assert errors(unknown) == [("INVALID_INPUT", ["input", "kind"])]
    # The employer does not convene a case conference.
    by_employer = await send(api, as_actor(t["employer"]), SCHEDULE, caseId=case,
                             kind="case_conference", scheduledFor=str(today))  # fmt: skip
    assert errors(by_employer) == [("NOT_ALLOWED", None)]
    stranger = await send(api, manager, SCHEDULE, caseId=case, kind="case_conference",
                          scheduledFor=str(today), participantIds=[gid(t["outsider"])])  # fmt: skip
    assert errors(stranger) == [("NOT_FOUND", ["input", "participantIds", "0"])]
    too_early = await send(api, manager, SCHEDULE, caseId=case, kind="case_conference",
                           scheduledFor=str(today - timedelta(days=30)))  # fmt: skip
    assert errors(too_early) == [("INVALID_INPUT", ["input", "scheduledFor"])]
    not_a_case = await send(api, manager, SCHEDULE, caseId=gid(t["gp"]), kind="case_conference",
                            scheduledFor=str(today))  # fmt: skip
    assert errors(not_a_case) == [("NOT_FOUND", ["input", "caseId"])]
    hidden = await send(api, as_actor(t["outsider"]), SCHEDULE, caseId=case,
                        kind="case_conference", scheduledFor=str(today))  # fmt: skip
    assert errors(hidden) == [("NOT_FOUND", ["input", "caseId"])]
    assert await _meetings(db) == 0

    meeting = (await send(api, manager, SCHEDULE, caseId=case, kind="case_conference",
                          scheduledFor=str(today)))["meeting"]  # fmt: skip
    wrong = await send(api, manager, HOLD, meetingId=meeting["id"],
                       heldOn=str(today + timedelta(days=1)), outcomes=["PLAN", "NOPE"])  # fmt: skip
    assert errors(wrong) == [
        ("INVALID_INPUT", ["input", "heldOn"]),
        ("INVALID_INPUT", ["input", "outcomes", "0"]),
        ("INVALID_INPUT", ["input", "outcomes", "1"]),
    ]
    medical = await send(api, admin(), HOLD, meetingId=meeting["id"], heldOn=str(today),
                         minutes="x", minutesCategory="MEDICAL")  # fmt: skip
    assert medical["userErrors"] == []
    again = await send(api, manager, HOLD, meetingId=meeting["id"], heldOn=str(today))
    assert errors(again) == [("INVALID_STATE", None)]
    no_cancel = await send(api, manager, CANCEL, meetingId=meeting["id"], reason="ill")
    assert errors(no_cancel) == [("INVALID_STATE", None)]

    other = (await send(api, manager, SCHEDULE, caseId=case, kind="case_conference",
                        scheduledFor=str(today)))["meeting"]  # fmt: skip
    blank = await send(api, manager, CANCEL, meetingId=other["id"], reason="  ")
    assert errors(blank) == [("INVALID_INPUT", ["input", "reason"])]
    cancelled = await send(api, manager, CANCEL, meetingId=other["id"], reason="The GP is ill")
    assert cancelled["userErrors"] == [] and cancelled["meeting"]["status"] == "CANCELLED"
    missing = await send(api, manager, CANCEL, meetingId=gid(t["case"]), reason="x")
    assert errors(missing) == [("NOT_FOUND", ["input", "meetingId"])]
    assert await _meetings(db) == 2


async def test_jurisdictions_list_their_meeting_kinds(api: Api) -> None:
    result = await api.query(
        admin(), "{ jurisdictions { code meetingKinds { code name conveners completes } } }"
    )
    [generic] = result.data["jurisdictions"]
    assert generic["meetingKinds"] == [
        {"code": "case_conference", "name": "Case conference",
         "conveners": ["CASE_MANAGER", "REHAB_COORDINATOR", "EMPLOYMENT_OFFICER", "CLINICIAN"],
         "completes": ["FIRST_CONTACT", "WORKPLACE_CONTACT"]},
    ]  # fmt: skip


GENERATE = f"""mutation($input: GenerateDocumentInput!) {{ generateDocument(input: $input) {{
  document {{ id downloadUrl }} {ERRORS} }} }}"""


async def _brief(api: Api, who: Any, case: str, **extra: Any) -> dict[str, Any]:
    made = await send(api, who, GENERATE, caseId=case, kindCode="HANDOVER", format="JSON", **extra)
    assert made["userErrors"] == [], made
    url = made["document"]["downloadUrl"].removeprefix("https://vocrehab.test")
    response = await api.client.get(url, headers={"authorization": f"Bearer {api.token(who)}"})
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


async def test_the_handover_document_covers_the_period_asked_for(api: Api, world: World) -> None:
    t = await _team(world)
    case, manager = gid(t["case"]), as_actor(t["manager"])
    first_day = api.clock.today()

    async def held(minutes: str) -> None:
        today = str(api.clock.today())
        called = await send(api, manager, SCHEDULE, caseId=case, kind="case_conference",
                            scheduledFor=today)  # fmt: skip
        done = await send(api, manager, HOLD, meetingId=called["meeting"]["id"], heldOn=today,
                          minutes=minutes)  # fmt: skip
        assert done["userErrors"] == []

    await held("First conference")
    api.clock.advance(timedelta(days=10))
    await held("Second conference")
    upcoming = await send(api, manager, SCHEDULE, caseId=case, kind="case_conference",
                          scheduledFor=str(api.clock.today() + timedelta(days=7)))  # fmt: skip
    assert upcoming["userErrors"] == []

    whole = await _brief(api, manager, case)
    assert whole["since"] is None
    assert [(mt["minutes"], mt["status"]) for mt in whole["meetings"]] == [
        ("First conference", "HELD"), ("Second conference", "HELD"), (None, "SCHEDULED"),
    ]  # fmt: skip
    since = str(first_day + timedelta(days=5))
    recent = await _brief(api, manager, case, since=since)
    assert recent["since"] == since
    # Held since then, or still to come; the first conference is before the period.
    assert [mt["minutes"] for mt in recent["meetings"]] == ["Second conference", None]
    assert all(d["at"][:10] >= since for d in recent["decisions"])
    assert len(recent["decisions"]) < len(whole["decisions"])

    other = await send(api, manager, GENERATE, caseId=case, kindCode="RTW_PLAN", format="JSON",
                       since=since)  # fmt: skip
    assert errors(other) == [("INVALID_INPUT", ["input", "since"])]
    future = await send(api, manager, GENERATE, caseId=case, kindCode="HANDOVER", format="JSON",
                        since=str(api.clock.today() + timedelta(days=1)))  # fmt: skip
    assert errors(future) == [("INVALID_INPUT", ["input", "since"])]
