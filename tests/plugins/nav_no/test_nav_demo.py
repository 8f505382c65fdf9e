"""The Norwegian demo stories seed through the core services and show what they
promise: milestones met, due and overdue, a rule violation, bokmål orientation."""

from __future__ import annotations

from datetime import date

from support import Api, admin

from vocrehab.db.engine import Database
from vocrehab.demo.player import perform
from vocrehab.demo.seeder import Seeder
from vocrehab.hooks.host import PluginHost

VIEW = """query { cases(first: 20, filter: {jurisdiction: "no"}, orderBy: {field: OPENED_AT, direction: ASC}) {
  edges { node { reference milestones { code status } ruleViolations { code }
  orientation(lang: "nb") { summary blockers }
  jurisdictionDetails { ... on NavCaseDetails { sickNotes { backdating { days outcome decision } }
    dialogueMeetings { status minutes { conclusion } } followUpPlan { measures { status } } } }
  } } } }"""


async def test_the_norwegian_demo_caseload(api: Api, db: Database, host: PluginHost) -> None:
    async with db.transaction() as session:
        references = await perform(Seeder(session, host, date(2026, 3, 2)), host.jurisdiction("no"))
    assert len(references) == 7 and all(r.startswith("NO-") for r in references)
    cases = [e["node"] for e in (await api.query(admin(), VIEW)).data["cases"]["edges"]]
    stories = ("jonas", "fatima", "arne", "sara", "ola", "ingrid", "kari")
    by_story = dict(zip(stories, cases, strict=True))
    status = {
        name: {m["code"]: m["status"] for m in c["milestones"]} for name, c in by_story.items()
    }
    assert status["ingrid"]["EMPLOYER_PERIOD_END"] == "DUE"  # day 16 is within a week
    assert status["ingrid"]["SICK_NOTE"] == "MET"
    assert status["kari"]["SICK_NOTE"] == "OVERDUE"  # the GP's move: day 4 has passed
    assert status["ola"]["ACTIVITY_REQUIREMENT"] == "MET"
    assert status["ola"]["DIALOGUE_MEETING_1"] == "NOT_APPLICABLE"
    assert status["ola"]["FOLLOW_UP_PLAN"] == "MET"
    assert status["arne"]["FOLLOW_UP_PLAN"] == status["arne"]["DIALOGUE_MEETING_1"] == "OVERDUE"
    assert by_story["arne"]["ruleViolations"] == [  # aged 68: 60 sick-pay days end soon
        {"code": "NO_ACTIVITY_REQUIREMENT_UNMET"}, {"code": "NO_MAKSDATO_APPROACHING"}]  # fmt: skip
    assert all(status["fatima"][code] == "MET" for code in (
        "EMPLOYER_PERIOD_END", "FOLLOW_UP_PLAN", "DIALOGUE_MEETING_1", "ACTIVITY_REQUIREMENT",
        "DIALOGUE_MEETING_2"))  # fmt: skip
    assert status["jonas"]["MAKSDATO"] == "MET" and status["jonas"]["AAP_PERIOD_END"] == "UPCOMING"
    assert status["jonas"]["FOLLOW_UP_PLAN"] == "NOT_APPLICABLE"
    assert by_story["ingrid"]["orientation"]["summary"].startswith("Sykmeldt fra")
    assert by_story["jonas"]["orientation"]["summary"].startswith(
        "Mottar arbeidsavklaringspenger fra"
    )
    assert "NAV betaler arbeidsavklaringspenger." in by_story["jonas"]["orientation"]["summary"]
    sara = by_story["sara"]
    assert status["sara"]["BACKDATING_REVIEW_1"] == status["sara"]["DIALOGUE_MEETING_1"] == "MET"
    assert status["sara"]["FOLLOW_UP_PLAN"] == status["sara"]["ACTIVITY_REQUIREMENT"] == "MET"
    assert sara["ruleViolations"] == []
    assert "Fase: tilbake i arbeid, gradvis, i arbeid igjen fra" in sara["orientation"]["summary"]
    details = sara["jurisdictionDetails"]
    assert details["sickNotes"][0]["backdating"] == {"days": 12, "outcome": "MANUAL_REVIEW",
                                                     "decision": "GODKJENT"}  # fmt: skip
    [meeting] = details["dialogueMeetings"]
    assert meeting["status"] == "FERDIGSTILT" and meeting["minutes"]["conclusion"].startswith("Hun")
    assert [m["status"] for m in details["followUpPlan"]["measures"]] == ["AVTALT", "IKKE_AKTUELT"]
    for story in ("ola", "fatima", "ingrid"):  # each phase agrees with the sick notes
        assert "NO_PHASE_CONTRADICTS_FACTS" not in [
            v["code"] for v in by_story[story]["ruleViolations"]
        ]
