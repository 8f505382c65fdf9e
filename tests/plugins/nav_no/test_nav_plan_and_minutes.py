"""The follow-up plan's work tasks and measures (R19) and the minutes of a held dialogue
meeting (R20), on case facts and through GraphQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from nav_cases import nav_case
from support import Api, World, as_actor
from test_nav_api import CANCEL, COMPLETE, ERRORS, FOLLOW_UP, SCHEDULE, norwegian_case, send
from test_nav_commands import errors, run, then

from vocrehab_nav_no import NavJurisdiction
from vocrehab_nav_no.commands import FollowUpMeasureInput, FollowUpTaskInput, MeetingMinutesInput
from vocrehab_nav_no.model import Feasibility, MeasureStatus

TODAY = date(2026, 3, 2)
M = MeasureStatus
PLAN = {"followUpPlan": {"status": "UNDER_ARBEID", "createdOn": "2026-02-10"}}


def measure(name: str, status: MeasureStatus, **extra: Any) -> FollowUpMeasureInput:
    return FollowUpMeasureInput(case_id="c", name=name, status=status, **extra)  # type: ignore[arg-type]


def test_measures_move_on_their_status_machine() -> None:
    case = nav_case(details=PLAN)
    assert errors(run("navRecordFollowUpMeasure", nav_case(), measure("Lettere løft", M.FORSLAG))) == [
        "NO_FOLLOW_UP_PLAN_TRANSITION"]  # fmt: skip
    proposed = then(case, run("navRecordFollowUpMeasure", case, measure("Lettere løft", M.FORSLAG)))
    assert errors(run("navRecordFollowUpMeasure", proposed, measure("Lettere løft", M.AVTALT))) == [
        "NO_FOLLOW_UP_MEASURE"]  # an agreed measure has its period  # fmt: skip
    agreed = then(proposed, run("navRecordFollowUpMeasure", proposed, measure(
        "Lettere løft", M.AVTALT, fom=TODAY, tom=TODAY + timedelta(weeks=4))))  # fmt: skip
    assert errors(run("navRecordFollowUpMeasure", agreed, measure("Lettere løft", M.FORSLAG))) == [
        "NO_FOLLOW_UP_MEASURE"]  # fmt: skip
    stopped = then(agreed, run("navRecordFollowUpMeasure", agreed, measure(
        "Lettere løft", M.AVBRUTT, fom=TODAY, tom=TODAY + timedelta(weeks=4))))  # fmt: skip
    assert errors(run("navRecordFollowUpMeasure", stopped, measure(
        "Lettere løft", M.AVTALT, fom=TODAY, tom=TODAY))) == ["NO_FOLLOW_UP_MEASURE"]  # fmt: skip
    assert errors(run("navRecordFollowUpMeasure", case, measure("Hjemmekontor", M.IKKE_AKTUELT))) == [
        "NO_FOLLOW_UP_MEASURE"]  # the reason is missing  # fmt: skip
    not_relevant = run("navRecordFollowUpMeasure", case, measure(
        "Hjemmekontor", M.IKKE_AKTUELT, reason_not_relevant="Arbeidet krever oppmøte"))  # fmt: skip
    assert errors(not_relevant) == []
    assert errors(run("navRecordFollowUpMeasure", case, measure("Ny", M.AVBRUTT))) == [
        "NO_FOLLOW_UP_MEASURE"]  # a new measure cannot start stopped  # fmt: skip
    backwards = measure("Kort", M.AVTALT, fom=TODAY, tom=TODAY - timedelta(days=1))
    assert errors(run("navRecordFollowUpMeasure", case, backwards)) == ["NO_FOLLOW_UP_MEASURE"]


def test_tasks_have_a_feasibility_and_say_how_or_why_not() -> None:
    case = nav_case(details=PLAN)
    task = lambda f, d=None: FollowUpTaskInput(case_id="c", name="Kundemøter", feasibility=f,  # type: ignore[arg-type]  # noqa: E731
                                                description=d)  # fmt: skip
    assert errors(run("navRecordFollowUpTask", case, task(Feasibility.KAN_IKKE))) == [
        "NO_FOLLOW_UP_TASK"
    ]
    assert errors(run("navRecordFollowUpTask", case, task(Feasibility.TILRETTELEGGING))) == [
        "NO_FOLLOW_UP_TASK"]  # fmt: skip
    first = then(case, run("navRecordFollowUpTask", case, task(Feasibility.IKKE_VURDERT)))
    second = then(
        first,
        run("navRecordFollowUpTask", first, task(Feasibility.TILRETTELEGGING, "Kortere møter")),
    )
    assert second.details["followUpPlan"]["tasks"] == [
        {"name": "Kundemøter", "feasibility": "TILRETTELEGGING", "description": "Kortere møter"}
    ]
    blank = FollowUpTaskInput(case_id="c", name="  ", feasibility=Feasibility.KAN)  # type: ignore[arg-type]
    assert errors(run("navRecordFollowUpTask", case, blank)) == ["NO_DETAILS_INVALID"]
    twice = {"followUpPlan": {**PLAN["followUpPlan"], "tasks": [{"name": "A"}, {"name": "A"}]}}
    found = NavJurisdiction().validate_details("case", twice, None).violations
    assert [v.code for v in found] == ["NO_FOLLOW_UP_TASK"]


def minutes(number: int = 1, on: date = TODAY, **extra: Any) -> MeetingMinutesInput:
    return MeetingMinutesInput(case_id="c", number=number, written_on=on, situation="Delvis i arbeid",  # type: ignore[arg-type]
                               conclusion="Øker til 60 %", employee_task="Prøve 60 %",
                               employer_task="Tilpasse vaktlister", **extra)  # fmt: skip


def meeting(status: str, **extra: Any) -> dict[str, Any]:
    return {"dialogueMeetings": [{"number": 1, "status": status, "on": "2026-02-20",
                                  "invitedOn": "2026-02-10", **extra}]}  # fmt: skip


def test_minutes_only_for_a_held_meeting_and_edits_say_why() -> None:
    for stored in (meeting("INNKALT"), meeting("AVLYST", cancelledOn="2026-02-18"), {}):
        assert errors(run("navWriteMeetingMinutes", nav_case(details=stored), minutes())) == [
            "NO_DIALOGUE_MEETING_MINUTES"]  # fmt: skip
    held = nav_case(details=meeting("FERDIGSTILT", heldOn="2026-02-20"))
    assert errors(run("navWriteMeetingMinutes", held, minutes(on=date(2026, 2, 19)))) == [
        "NO_DIALOGUE_MEETING_MINUTES"]  # fmt: skip
    written = then(held, run("navWriteMeetingMinutes", held, minutes()))
    assert written.details["dialogueMeetings"][0]["minutes"]["conclusion"] == "Øker til 60 %"
    assert errors(run("navWriteMeetingMinutes", written, minutes())) == [
        "NO_DIALOGUE_MEETING_MINUTES"
    ]
    edited = run("navWriteMeetingMinutes", written, minutes(change_reason="Feil prosent"))
    assert errors(edited) == []
    nav = NavJurisdiction()
    from vocrehab.hooks import UpdateCase

    direct = nav_case(details=dict(written.details))
    changed = dict(edited.details)
    assert [v.code for v in nav.evaluate(UpdateCase(nav_case(details=changed)), direct)] == []
    silent = {"dialogueMeetings": [{**changed["dialogueMeetings"][0], "minutes": {
        **changed["dialogueMeetings"][0]["minutes"], "changeReason": None}}]}  # fmt: skip
    silent["dialogueMeetings"][0]["minutes"] = {
        **{k: v for k, v in silent["dialogueMeetings"][0]["minutes"].items() if v},
        "conclusion": "Øker til 50 %",
    }
    assert [v.code for v in nav.evaluate(UpdateCase(nav_case(details=silent)), direct)] == [
        "NO_DIALOGUE_MEETING_MINUTES"]  # fmt: skip
    on_open = meeting("INNKALT", minutes=written.details["dialogueMeetings"][0]["minutes"])
    assert [v.code for v in nav.validate_details("case", on_open, None).violations] == [
        "NO_DIALOGUE_MEETING_MINUTES"]  # fmt: skip


# --------------------------------------------------------------------------- through GraphQL

MEASURE = f"""mutation($input: NavRecordFollowUpMeasureInput!) {{ navRecordFollowUpMeasure(input: $input) {{
  case {{ jurisdictionDetails {{ ... on NavCaseDetails {{ followUpPlan {{ measures {{ name status fom tom }}
  tasks {{ name feasibility }} }} }} }} }} {ERRORS} }} }}"""
TASK = MEASURE.replace("NavRecordFollowUpMeasureInput", "NavRecordFollowUpTaskInput").replace(
    "navRecordFollowUpMeasure", "navRecordFollowUpTask"
)
MINUTES = f"""mutation($input: NavWriteMeetingMinutesInput!) {{ navWriteMeetingMinutes(input: $input) {{
  case {{ jurisdictionDetails {{ ... on NavCaseDetails {{ dialogueMeetings {{ number status
  minutes {{ writtenOn conclusion others {{ function name }} changeReason }} }} }} }} }} {ERRORS} }} }}"""


async def test_the_plan_and_the_minutes_through_graphql(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    employer = as_actor(team.employer)
    await send(api, employer, FOLLOW_UP, caseId=team.id, status="UNDER_ARBEID", on="2026-02-20")
    task = await send(api, employer, TASK, caseId=team.id, name="Varetelling", feasibility="KAN")
    assert task["userErrors"] == []
    agreed = await send(api, employer, MEASURE, caseId=team.id, name="Kortere dager", status="AVTALT",
                        fom="2026-03-02", tom="2026-03-29")  # fmt: skip
    assert agreed["case"]["jurisdictionDetails"]["followUpPlan"] == {
        "measures": [{"name": "Kortere dager", "status": "AVTALT", "fom": "2026-03-02", "tom": "2026-03-29"}],
        "tasks": [{"name": "Varetelling", "feasibility": "KAN"}]}  # fmt: skip
    back = await send(
        api, employer, MEASURE, caseId=team.id, name="Kortere dager", status="FORSLAG"
    )
    assert back["case"] is None and back["userErrors"][0]["rule"]["code"] == "NO_FOLLOW_UP_MEASURE"
    assert "aml § 4-6" in back["userErrors"][0]["rule"]["legalReference"]
    nav = await send(
        api, as_actor(team.manager), MEASURE, caseId=team.id, name="X", status="FORSLAG"
    )
    assert [e["code"] for e in nav["userErrors"]] == ["NOT_ALLOWED"]
    text = {"situation": "Delvis i arbeid", "conclusion": "Øker til 60 %", "employeeTask": "Prøve 60 %",
            "employerTask": "Tilpasse vaktlister"}  # fmt: skip
    await send(
        api, employer, SCHEDULE, caseId=team.id, number=1, on="2026-03-10", invitedOn="2026-03-02"
    )
    early = await send(
        api, employer, MINUTES, caseId=team.id, number=1, writtenOn="2026-03-02", **text
    )
    assert early["userErrors"][0]["rule"]["code"] == "NO_DIALOGUE_MEETING_MINUTES"
    await send(api, employer, COMPLETE, caseId=team.id, number=1, heldOn="2026-03-02")
    written = await send(api, employer, MINUTES, caseId=team.id, number=1, writtenOn="2026-03-02",
                         others=[{"function": "Verneombud", "name": "Per Lie"}], **text)  # fmt: skip
    assert written["userErrors"] == []
    assert written["case"]["jurisdictionDetails"]["dialogueMeetings"] == [{"number": 1, "status": "FERDIGSTILT",
        "minutes": {"writtenOn": "2026-03-02", "conclusion": "Øker til 60 %",
                    "others": [{"function": "Verneombud", "name": "Per Lie"}], "changeReason": None}}]  # fmt: skip
    edit = await send(api, employer, MINUTES, caseId=team.id, number=1, writtenOn="2026-03-02",
                      **{**text, "conclusion": "Øker til 50 %"})  # fmt: skip
    assert edit["userErrors"][0]["field"] == ["input", "changeReason"]
    edited = await send(api, employer, MINUTES, caseId=team.id, number=1, writtenOn="2026-03-02",
                        changeReason="Riktig prosent", **{**text, "conclusion": "Øker til 50 %"})  # fmt: skip
    assert (
        edited["case"]["jurisdictionDetails"]["dialogueMeetings"][0]["minutes"]["changeReason"]
        == "Riktig prosent"
    )
    await send(
        api, employer, SCHEDULE, caseId=team.id, number=3, on="2026-04-10", invitedOn="2026-03-02"
    )
    cancelled = await send(api, employer, CANCEL, caseId=team.id, number=3, on="2026-03-02")
    assert cancelled["userErrors"] == []
    refused = await send(
        api, employer, MINUTES, caseId=team.id, number=3, writtenOn="2026-03-02", **text
    )
    assert "is AVLYST" in refused["userErrors"][0]["message"]
