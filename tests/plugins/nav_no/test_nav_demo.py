"""The Norwegian demo stories seed through the core services and show what they
promise: milestones met, due and overdue, a rule violation, bokmål orientation."""

from __future__ import annotations

from datetime import date

from support import Api, admin

from vocrehab.db.engine import Database
from vocrehab.demo import norway
from vocrehab.demo.seeder import Seeder
from vocrehab.hooks.host import PluginHost

VIEW = """query { cases(first: 20, filter: {jurisdiction: "no"}, orderBy: {field: OPENED_AT, direction: ASC}) {
  edges { node { reference milestones { code status } ruleViolations { code }
  orientation(lang: "nb") { summary blockers } } } } }"""


async def test_the_norwegian_demo_caseload(api: Api, db: Database, host: PluginHost) -> None:
    async with db.transaction() as session:
        references = await norway.seed(Seeder(session, host, date(2026, 3, 2)))
    assert len(references) == 5 and all(r.startswith("NO-") for r in references)
    cases = [e["node"] for e in (await api.query(admin(), VIEW)).data["cases"]["edges"]]
    by_story = dict(zip(("jonas", "fatima", "arne", "ola", "ingrid"), cases, strict=True))
    status = {
        name: {m["code"]: m["status"] for m in c["milestones"]} for name, c in by_story.items()
    }
    assert status["ingrid"]["EMPLOYER_PERIOD_END"] == "DUE"  # day 16 is within a week
    assert status["ola"]["ACTIVITY_REQUIREMENT"] == "MET"
    assert status["ola"]["DIALOGUE_MEETING_1"] == "NOT_APPLICABLE"
    assert status["ola"]["FOLLOW_UP_PLAN"] == "MET"
    assert status["arne"]["FOLLOW_UP_PLAN"] == status["arne"]["DIALOGUE_MEETING_1"] == "OVERDUE"
    assert by_story["arne"]["ruleViolations"] == [{"code": "NO_ACTIVITY_REQUIREMENT_UNMET"}]
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
