"""The Norwegian plugin through GraphQL: opening a case, the typed details, each
`nav...` command (success, a refusing rule with its legal reference, a role not
allowed), milestones, rule violations and the orientation in bokmål, and the
caseload views over stored milestones (overdue, next due date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from support import Api, World, admin, as_actor, gid
from test_nav_identifiers import number

from vocrehab.core.clock import Clock
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import StakeholderType as R

START = date(2026, 2, 2)  # a Monday, four weeks before the tests' today (2026-03-02)
ERRORS = "userErrors { code field message rule { code severity legalReference } }"
CASE_FIELDS = """id reference
  jurisdictionDetails { ... on NavCaseDetails { jurisdictionCode sickLeaveStart employerPeriodEnd
    maksdato sickNotes { signedOn periods { type fom tom grade } }
    followUpPlan { status approvedOn sharedWithSykmelderOn }
    dialogueMeetings { number status on heldOn }
    activityRequirement { status exceptionReason documentedBy } } }
  milestones { code status dueDate metOn responsible name(lang: "nb") }"""
COMMAND = "mutation($input: {type}!) {{ {name}(input: $input) {{ case {{ {fields} }} {errors} }} }}"


def command(name: str, input_type: str) -> str:
    return COMMAND.format(type=input_type, name=name, fields=CASE_FIELDS, errors=ERRORS)


SICK_NOTE = command("navRecordSickNote", "NavRecordSickNoteInput")
FOLLOW_UP = command("navRecordFollowUpPlan", "NavRecordFollowUpPlanInput")
SCHEDULE = command("navScheduleDialogueMeeting", "NavScheduleDialogueMeetingInput")
COMPLETE = command("navCompleteDialogueMeeting", "NavCompleteDialogueMeetingInput")
CANCEL = command("navCancelDialogueMeeting", "NavCancelDialogueMeetingInput")
ACTIVITY = command("navAssessActivityRequirement", "NavAssessActivityRequirementInput")


@dataclass
class Team:
    case: m.Case
    manager: m.Actor
    employer: m.Actor
    gp: m.Actor
    coordinator: m.Actor
    person: m.Participant

    @property
    def id(self) -> str:
        return gid(self.case)


async def norwegian_case(world: World, start: date = START, given: str = "Kari") -> Team:
    manager = await world.actor(R.CASE_MANAGER, "NAV-veileder")
    company = await world.actor(R.EMPLOYER, "Fjord Logistikk AS", ActorKind.ORGANISATION)
    employer = await world.actor(R.EMPLOYER, "Nærmeste leder", organisation=company)
    gp = await world.actor(R.CLINICIAN, "Fastlege")
    coordinator = await world.actor(R.REHAB_COORDINATOR, "Koordinator")
    person = await world.participant(given, "Hansen", jurisdiction="no",
                                     national_id=number("150685", 100 + len(given)))  # fmt: skip
    members = {manager: R.CASE_MANAGER, employer: R.EMPLOYER, gp: R.CLINICIAN,
               coordinator: R.REHAB_COORDINATOR}  # fmt: skip
    case = await world.case(person, team=members, employer=company, sick_leave_start=start)
    return Team(case, manager, employer, gp, coordinator, person)


async def send(api: Api, who: Any, query: str, **input: Any) -> dict[str, Any]:
    [payload] = (await api.query(who, query, input=input)).data.values()
    return payload  # type: ignore[no-any-return]


def statuses(case: dict[str, Any]) -> dict[str, str]:
    return {m["code"]: m["status"] for m in case["milestones"]}


# --------------------------------------------------------------------------- opening a case


async def test_a_participant_and_a_case_in_norway(api: Api, world: World) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    bad = await api.query(
        admin(),
        """mutation { registerParticipant(input: {jurisdiction: "no",
        givenName: "Ola", familyName: "Berg", nationalId: "15068510099"}) { userErrors { code } } }""",
    )
    assert bad.data["registerParticipant"]["userErrors"][0]["code"] == "INVALID_NATIONAL_ID"
    fnr = number("150685", 200)
    registered = await api.query(
        as_actor(manager),
        """mutation($id: String!) { registerParticipant(input: {
        jurisdiction: "no", givenName: "Ola", familyName: "Berg", nationalId: $id}) {
        participant { id birthDate nationalId } userErrors { code } } }""",
        id=f"{fnr[:6]} {fnr[6:]}",
    )
    person = registered.data["registerParticipant"]["participant"]
    assert person["birthDate"] == "1985-06-15" and person["nationalId"] == fnr
    opened = await api.query(as_actor(manager), f"""mutation($p: ID!) {{ openCase(input: {{
        participantId: $p, employmentStatus: EMPLOYED, sickLeaveStart: "2026-02-02"}}) {{
        case {{ {CASE_FIELDS} }} {ERRORS} }} }}""", p=person["id"])  # fmt: skip
    case = opened.data["openCase"]["case"]
    assert case["reference"].startswith("NO-2026-")
    assert case["jurisdictionDetails"] == {
        "jurisdictionCode": "no", "sickLeaveStart": "2026-02-02", "employerPeriodEnd": "2026-02-17",
        "maksdato": "2027-01-29", "sickNotes": [], "followUpPlan": None, "dialogueMeetings": [],
        "activityRequirement": None,
    }  # fmt: skip
    assert statuses(case) == {
        "SICK_NOTE": "OVERDUE",
        "EMPLOYER_PERIOD_END": "OVERDUE", "FOLLOW_UP_PLAN": "DUE", "DIALOGUE_MEETING_1": "UPCOMING",
        "ACTIVITY_REQUIREMENT": "UPCOMING", "MEETING_NEED_WEEK_16": "UPCOMING",
        "DIALOGUE_MEETING_2": "UPCOMING", "WEEK_39_INFORMATION": "UPCOMING", "MAKSDATO": "UPCOMING",
    }  # fmt: skip
    names = {m["code"]: m["name"] for m in case["milestones"]}
    assert names["FOLLOW_UP_PLAN"] == "Oppfølgingsplan (uke 4)"


async def test_an_organisation_number_is_checked(api: Api) -> None:
    query = """mutation($n: String!) { createActor(input: {kind: ORGANISATION, stakeholderType: EMPLOYER,
        name: "Fjord AS", jurisdiction: "no", organisationNumber: $n}) { actor { id } userErrors { code } } }"""
    assert (await api.query(admin(), query, n="123 456 785")).data["createActor"][
        "userErrors"
    ] == []
    wrong = (await api.query(admin(), query, n="123456789")).data["createActor"]["userErrors"]
    assert wrong[0]["code"] == "INVALID_ORGANISATION_NUMBER"


# --------------------------------------------------------------------------- the commands


async def test_the_sykmelder_records_a_sick_note(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    period = {"type": "GRADERT", "fom": "2026-02-02", "tom": "2026-04-05", "grade": 15}
    done = await send(api, as_actor(team.gp), SICK_NOTE, caseId=team.id, signedOn="2026-02-02",
                      periods=[period])  # fmt: skip
    assert done["case"]["jurisdictionDetails"]["sickNotes"] == [
        {"signedOn": "2026-02-02", "periods": [{**period, "grade": 15}]}
    ]
    [warning] = done["userErrors"]  # recorded, with the warning of R1
    assert warning["rule"] == {"code": "NO_SICK_NOTE_GRADE_BELOW_20", "severity": "WARNING",
                               "legalReference": warning["rule"]["legalReference"]}  # fmt: skip
    assert "ftrl § 8-13" in warning["rule"]["legalReference"]
    assert statuses(done["case"])["ACTIVITY_REQUIREMENT"] == "MET"  # graded at week 8: activity
    refused = await send(api, as_actor(team.gp), SICK_NOTE, caseId=team.id, signedOn="2026-02-02",
                         periods=[{**period, "grade": 100}])  # fmt: skip
    assert refused["case"] is None
    [error] = refused["userErrors"]
    assert error["code"] == "RULE_VIOLATION" and error["field"] == [
        "input",
        "periods",
        "0",
        "grade",
    ]
    assert (
        error["rule"]["code"] == "NO_SICK_NOTE_GRADE"
        and "ftrl § 8-7" in error["rule"]["legalReference"]
    )
    # the coordinator holds assessments:write but does not write sick notes
    other = await send(api, as_actor(team.coordinator), SICK_NOTE, caseId=team.id,
                       signedOn="2026-02-02", periods=[period])  # fmt: skip
    assert [e["code"] for e in other["userErrors"]] == ["NOT_ALLOWED"]
    employer = await api.query(as_actor(team.employer), SICK_NOTE,
                               input={"caseId": team.id, "signedOn": "2026-02-02", "periods": [period]})  # fmt: skip
    assert employer.codes == ["FORBIDDEN"]  # an employer's token never holds assessments:write


async def test_the_employer_records_the_follow_up_plan(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    employer = as_actor(team.employer)
    draft = await send(
        api, employer, FOLLOW_UP, caseId=team.id, status="UNDER_ARBEID", on="2026-02-20"
    )
    assert draft["userErrors"] == [] and statuses(draft["case"])["FOLLOW_UP_PLAN"] == "DUE"
    approved = await send(api, employer, FOLLOW_UP, caseId=team.id, status="AKTIV", on="2026-02-27",
                          sharedWithSykmelder=True)  # fmt: skip
    assert approved["case"]["jurisdictionDetails"]["followUpPlan"] == {
        "status": "AKTIV",
        "approvedOn": "2026-02-27",
        "sharedWithSykmelderOn": "2026-02-27",
    }
    assert statuses(approved["case"])["FOLLOW_UP_PLAN"] == "MET"
    back = await send(
        api, employer, FOLLOW_UP, caseId=team.id, status="UNDER_ARBEID", on="2026-03-01"
    )
    assert back["userErrors"][0]["rule"]["code"] == "NO_FOLLOW_UP_PLAN_TRANSITION"
    assert "aml § 4-6" in back["userErrors"][0]["rule"]["legalReference"]
    nav = await send(
        api, as_actor(team.manager), FOLLOW_UP, caseId=team.id, status="UTDATERT", on="2026-03-01"
    )
    assert [e["code"] for e in nav["userErrors"]] == ["NOT_ALLOWED"]


async def test_dialogue_meetings_are_called_held_and_closed(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    employer, nav = as_actor(team.employer), as_actor(team.manager)
    called = await send(api, employer, SCHEDULE, caseId=team.id, number=1, on="2026-03-10",
                        invitedOn="2026-03-02")  # fmt: skip
    assert called["case"]["jurisdictionDetails"]["dialogueMeetings"] == [
        {"number": 1, "status": "INNKALT", "on": "2026-03-10", "heldOn": None}
    ]
    held = await send(api, employer, COMPLETE, caseId=team.id, number=1, heldOn="2026-03-02")
    assert statuses(held["case"])["DIALOGUE_MEETING_1"] == "MET"
    again = await send(api, nav, CANCEL, caseId=team.id, number=1, on="2026-03-02")
    assert again["userErrors"][0]["rule"]["code"] == "NO_DIALOGUE_MEETING_CLOSED"
    assert "ftrl § 8-7 a" in again["userErrors"][0]["rule"]["legalReference"]
    short = await send(
        api, nav, SCHEDULE, caseId=team.id, number=2, on="2026-03-16", invitedOn="2026-03-02"
    )
    assert short["case"] is not None
    assert [e["rule"]["code"] for e in short["userErrors"]] == ["NO_DIALOGUE_MEETING_NOTICE"]
    gp = await send(api, as_actor(team.gp), CANCEL, caseId=team.id, number=2, on="2026-03-02")
    assert [e["code"] for e in gp["userErrors"]] == ["NOT_ALLOWED"]


async def test_nav_assesses_the_activity_requirement(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    nav = as_actor(team.manager)
    missing = await send(
        api, nav, ACTIVITY, caseId=team.id, status="UNNTAK", assessedOn="2026-03-02"
    )
    assert missing["userErrors"][0]["rule"]["code"] == "NO_ACTIVITY_EXCEPTION_REASON"
    assert "ftrl § 8-8" in missing["userErrors"][0]["rule"]["legalReference"]
    done = await send(api, nav, ACTIVITY, caseId=team.id, status="UNNTAK", assessedOn="2026-03-02",
                      exceptionReason="MEDISINSKE_GRUNNER", documentedBy="SYKMELDER")  # fmt: skip
    assert done["case"]["jurisdictionDetails"]["activityRequirement"] == {
        "status": "UNNTAK",
        "exceptionReason": "MEDISINSKE_GRUNNER",
        "documentedBy": "SYKMELDER",
    }
    assert statuses(done["case"])["ACTIVITY_REQUIREMENT"] == "MET"
    other = await send(api, as_actor(team.coordinator), ACTIVITY, caseId=team.id, status="OPPFYLT",
                       assessedOn="2026-03-02")  # fmt: skip
    assert [e["code"] for e in other["userErrors"]] == ["NOT_ALLOWED"]


async def test_arr_and_aap_follow_the_norwegian_rules(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    nav = as_actor(team.manager)
    proposed = await api.query(nav, """mutation($c: ID!) { proposeIntervention(input: {caseId: $c,
        typeCode: "ARBEIDSRETTET_REHABILITERING", startDate: "2026-03-09", plannedEndDate: "2026-05-31"}) {
        intervention { id } userErrors { code rule { code } } } }""", c=team.id)  # fmt: skip
    payload = proposed.data["proposeIntervention"]
    assert [e["rule"]["code"] for e in payload["userErrors"]] == ["NO_ARR_FOLLOW_UP_PLAN_PENDING"]
    referred = await api.query(nav, """mutation($i: ID!) { changeInterventionStatus(input: {id: $i,
        status: REFERRED}) { intervention { id } userErrors { code rule { code legalReference } } } }""",
        i=payload["intervention"]["id"])  # fmt: skip
    [error] = referred.data["changeInterventionStatus"]["userErrors"]
    assert error["rule"]["code"] == "NO_ARR_FOLLOW_UP_PLAN_MISSING"
    assert "tiltaksforskriften kap. 12" in error["rule"]["legalReference"]
    aap = await api.query(nav, """mutation($c: ID!) { grantBenefit(input: {caseId: $c,
        benefitTypeCode: "ARBEIDSAVKLARINGSPENGER", degree: 100, startDate: "2026-03-02"}) {
        benefitPeriod { id } userErrors { rule { code legalReference } } } }""", c=team.id)  # fmt: skip
    [refusal] = aap.data["grantBenefit"]["userErrors"]
    assert (
        refusal["rule"]["code"] == "NO_AAP_REDUCED_CAPACITY"
        and "ftrl § 11-5" in refusal["rule"]["legalReference"]
    )


# --------------------------------------------------------------------------- reading a case over time


VIEW = """query($id: ID!, $lang: String) { node(id: $id) { ... on Case {
  milestones { code status }
  ruleViolations { code severity legalReference }
  orientation(lang: $lang) { summary nextSteps { title responsible dueDate } blockers } } } }"""


async def test_orientation_in_bokmal_and_violations_as_time_passes(
    api: Api, world: World, clock: Clock
) -> None:
    team = await norwegian_case(world)
    first = (await api.query(admin(), VIEW, id=team.id, lang="nb")).data["node"]
    assert first["orientation"]["summary"].startswith("Sykmeldt fra 2.2.2026, nå i uke 5.")
    assert first["orientation"]["nextSteps"][2] == {
        "title": "Oppfølgingsplan (uke 4)",
        "responsible": "EMPLOYER",
        "dueDate": "2026-03-02",
    }
    assert first["orientation"]["blockers"] == [
        "Sykmelding fra dag 4 skulle vært gjort innen 5.2.2026 og er forsinket "
        "(sykmelderen må handle).",
        "Arbeidsgiverperioden slutter (dag 16) skulle vært gjort innen 17.2.2026 og er forsinket "
        "(arbeidsgiveren må handle)."]  # fmt: skip
    assert first["ruleViolations"] == []
    english = (await api.query(admin(), VIEW, id=team.id, lang="en")).data["node"]
    assert english["orientation"]["summary"].startswith(
        "On sick leave since 2026-02-02, now in week 5."
    )
    clock.advance(timedelta(weeks=4, days=1))  # past week 8, nothing done
    later = (await api.query(admin(), VIEW, id=team.id, lang="nb")).data["node"]
    assert later["ruleViolations"] == [
        {"code": "NO_ACTIVITY_REQUIREMENT_UNMET", "severity": "WARNING",
         "legalReference": later["ruleViolations"][0]["legalReference"]}]  # fmt: skip
    assert statuses(later)["ACTIVITY_REQUIREMENT"] == "OVERDUE"
    assert any(
        "Ingenting har skjedd i saken på 29 dager" in b for b in later["orientation"]["blockers"]
    )


CASELOAD = """query($overdue: Boolean) { cases(filter: {jurisdiction: "no", overdue: $overdue},
  orderBy: {field: NEXT_DUE_DATE, direction: ASC}) { totalCount edges { node { id nextDue: milestones { code } } } } }"""


async def test_the_caseload_views_use_the_norwegian_milestones(
    api: Api, world: World, clock: Clock
) -> None:
    early = await norwegian_case(world, START, "Kari")
    late = await norwegian_case(world, START + timedelta(weeks=3), "Ingrid")
    for team, start in ((early, START), (late, START + timedelta(weeks=3))):  # the GP's step
        period = {"type": "AKTIVITET_IKKE_MULIG", "fom": str(start),
                  "tom": str(start + timedelta(days=300))}  # fmt: skip
        noted = await send(api, as_actor(team.gp), SICK_NOTE, caseId=team.id,
                           signedOn=str(start), periods=[period])  # fmt: skip
        assert noted["case"] is not None, noted
    ordered = (await api.query(admin(), CASELOAD)).data["cases"]
    assert [e["node"]["id"] for e in ordered["edges"]] == [early.id, late.id]
    overdue = (await api.query(admin(), CASELOAD, overdue=True)).data["cases"]
    assert [e["node"]["id"] for e in overdue["edges"]] == [early.id]  # its employer period ended
    clock.advance(timedelta(days=8))  # 2026-03-10: the later case's day 16, due today
    assert (await api.query(admin(), CASELOAD, overdue=True)).data["cases"]["totalCount"] == 1
    clock.advance(timedelta(days=1))
    assert (await api.query(admin(), CASELOAD, overdue=True)).data["cases"]["totalCount"] == 2
    handover = await api.query(as_actor(early.manager), """mutation($c: ID!) { grantBenefit(input: {
        caseId: $c, benefitTypeCode: "SYKEPENGER", degree: 100, startDate: "2026-02-18"}) {
        benefitPeriod { id } userErrors { code } } }""", c=early.id)  # fmt: skip
    assert handover.data["grantBenefit"]["userErrors"] == []
    employer = as_actor(early.employer)
    await send(api, employer, FOLLOW_UP, caseId=early.id, status="UNDER_ARBEID", on="2026-03-02")
    await send(
        api,
        employer,
        FOLLOW_UP,
        caseId=early.id,
        status="AKTIV",
        on="2026-03-02",
        sharedWithSykmelder=True,
    )
    reordered = (await api.query(admin(), CASELOAD)).data["cases"]
    assert [e["node"]["id"] for e in reordered["edges"]] == [late.id, early.id]
