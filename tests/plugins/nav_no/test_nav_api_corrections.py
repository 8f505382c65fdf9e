"""The corrected rules through GraphQL: a pending sick note measured as NAV's engine
measures it (R4), the activity requirement checked at week 8 with the warning and the
overdue blocker on the same day (R14), and the updated plan due at NAV a week before
dialogue meeting 2, not flagged on that day itself (R13)."""

from __future__ import annotations

from datetime import timedelta

from support import Api, World, admin, as_actor
from test_nav_api import FOLLOW_UP, SCHEDULE, SICK_NOTE, norwegian_case, send, statuses

from vocrehab.core.clock import Clock

VIEW = """query($id: ID!) { node(id: $id) { ... on Case {
  milestones { code status } ruleViolations { code }
  orientation(lang: "nb") { blockers } } } }"""


def pending(fom: str, tom: str) -> dict[str, str]:
    return {"type": "AVVENTENDE", "fom": fom, "tom": tom,
            "adviceToEmployer": "Lettere oppgaver i lageret"}  # fmt: skip


async def test_a_pending_note_of_16_days_between_is_valid_17_is_not(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    gp = as_actor(team.gp)
    sixteen = await send(api, gp, SICK_NOTE, caseId=team.id, signedOn="2026-02-01",
                         periods=[pending("2026-02-01", "2026-02-17")])  # fmt: skip
    assert sixteen["userErrors"] == [] and sixteen["case"] is not None
    seventeen = await send(api, gp, SICK_NOTE, caseId=team.id, signedOn="2026-02-01",
                           periods=[pending("2026-02-01", "2026-02-18")])  # fmt: skip
    assert seventeen["case"] is None
    [error] = seventeen["userErrors"]
    assert error["rule"]["code"] == "NO_SICK_NOTE_PENDING"
    assert error["field"] == ["input", "periods", "0", "tom"]


async def test_week_8_warning_and_blocker_agree_on_the_day(
    api: Api, world: World, clock: Clock
) -> None:
    team = await norwegian_case(world)  # sick leave from 2026-02-02: week 8 is 2026-03-30
    early = {"type": "GRADERT", "fom": "2026-02-02", "tom": "2026-02-08", "grade": 50}
    full = {"type": "AKTIVITET_IKKE_MULIG", "fom": "2026-02-09", "tom": "2026-04-26"}
    done = await send(api, as_actor(team.gp), SICK_NOTE, caseId=team.id, signedOn="2026-02-02",
                      periods=[early, full])  # fmt: skip
    assert statuses(done["case"])["ACTIVITY_REQUIREMENT"] == "UPCOMING"  # week 1 does not count
    clock.advance(timedelta(days=28))  # 2026-03-30, the due day
    on_the_day = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert statuses(on_the_day)["ACTIVITY_REQUIREMENT"] == "DUE"
    assert "NO_ACTIVITY_REQUIREMENT_UNMET" not in [v["code"] for v in on_the_day["ruleViolations"]]
    assert not any("Aktivitetsplikten" in b for b in on_the_day["orientation"]["blockers"])
    clock.advance(timedelta(days=1))
    after = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert statuses(after)["ACTIVITY_REQUIREMENT"] == "OVERDUE"
    assert "NO_ACTIVITY_REQUIREMENT_UNMET" in [v["code"] for v in after["ruleViolations"]]
    assert any("Aktivitetsplikten" in b for b in after["orientation"]["blockers"])


async def test_the_plan_for_meeting_2_is_flagged_the_day_after_its_deadline(
    api: Api, world: World, clock: Clock
) -> None:
    team = await norwegian_case(world)
    employer, nav = as_actor(team.employer), as_actor(team.manager)
    await send(api, employer, FOLLOW_UP, caseId=team.id, status="UNDER_ARBEID", on="2026-02-20")
    await send(api, employer, FOLLOW_UP, caseId=team.id, status="AKTIV", on="2026-02-27")
    await send(
        api, nav, SCHEDULE, caseId=team.id, number=2, on="2026-03-30", invitedOn="2026-03-02"
    )
    clock.advance(timedelta(days=21))  # 2026-03-23: a week before the meeting, still in time
    deadline = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" not in [v["code"] for v in deadline["ruleViolations"]]
    clock.advance(timedelta(days=1))
    late = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" in [v["code"] for v in late["ruleViolations"]]
