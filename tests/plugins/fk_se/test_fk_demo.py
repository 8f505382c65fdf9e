"""The Swedish demo stories seed without a rule refusing them, and show what they promise."""

from __future__ import annotations

from typing import Any

import pytest
from fk_world import swedish_host
from support import Api, admin

from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.demo.player import perform
from vocrehab.demo.seeder import Seeder
from vocrehab.hooks.host import PluginHost


@pytest.fixture(scope="session")
def host() -> PluginHost:
    return swedish_host()


CASES = """{ cases(first: 10, filter: {jurisdiction: "se"}, orderBy: {field: SICK_LEAVE_START, direction: DESC}) {
  edges { node { reference phase
    milestones { code status }
    ruleViolations { code }
    orientation(lang: "sv") { summary blockers nextSteps { title } }
    jurisdictionDetails { ... on FkCaseDetails { reconciliationMeetings { status participants }
      position(on: "2026-03-02") { day basisOfAssessment sicknessBenefitLevelPercent } } }
} } } }"""


async def test_the_swedish_demo(api: Api, db: Database, host: PluginHost, clock: Clock) -> None:
    async with db.transaction() as session:
        references = await perform(Seeder(session, host, clock.today()), host.jurisdiction("se"))
    assert len(references) == 6 and all(r.startswith("SE-") for r in references)
    result = await api.query(admin(), CASES)
    found: list[dict[str, Any]] = [e["node"] for e in result.data["cases"]["edges"]]
    days = [c["jurisdictionDetails"]["position"]["day"] for c in found]
    assert days == [6, 10, 40, 100, 200, 400]
    fresh, found = found[0], found[1:]
    # Just off sick: the doctor's certificate is the move waiting.
    assert {m["code"]: m["status"] for m in fresh["milestones"]}["MEDICAL_CERTIFICATE"] == "DUE"
    status = [{m["code"]: m["status"] for m in c["milestones"]} for c in found]
    assert (
        status[0]["MEDICAL_CERTIFICATE"] == "MET"
        and status[0]["SICKNESS_BENEFIT_FROM_DAY_15"] == "DUE"
    )
    assert status[1]["EMPLOYER_PLAN"] == "OVERDUE"
    assert status[2]["EMPLOYER_PLAN"] == "MET" and status[2]["CHAIN_DAY_90"] == "MET"
    assert status[2]["RECONCILIATION_MEETING_1"] == "MET"
    assert status[2]["EMPLOYER_SICK_REPORT"] == "MET"
    [meeting] = found[2]["jurisdictionDetails"]["reconciliationMeetings"]
    assert meeting["status"] == "HELD" and len(meeting["participants"]) == 4
    assert any(
        s["title"].startswith("Nästa steg från avstämningsmötet")
        for s in found[2]["orientation"]["nextSteps"]
    )
    assert status[3]["CHAIN_DAY_180"] == "NOT_APPLICABLE"  # aged 64: no false OVERDUE
    assert status[3]["CHAIN_DAY_365"] == "UPCOMING"
    assert all(s == "NOT_APPLICABLE" for s in status[4].values())
    violations = [sorted(v["code"] for v in c["ruleViolations"]) for c in found]
    assert violations[1] == ["FK_EMPLOYER_PLAN_OVERDUE"]
    assert violations[3] == ["FK_WORK_CAPACITY_BELOW_25"]
    assert (
        found[3]["jurisdictionDetails"]["position"]["basisOfAssessment"] == "ANY_JOB_AT_EMPLOYER"
    )  # aged 64
    oldest = found[4]
    assert oldest["jurisdictionDetails"]["position"]["sicknessBenefitLevelPercent"] == 75
    assert "fortsättningsnivå (75 %)" in oldest["orientation"]["summary"]
    assert found[1]["orientation"]["blockers"]
