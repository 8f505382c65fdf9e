"""A change is checked against the whole case, but its rules' findings reach the one
who made it only as far as that person sees the case.

The jurisdiction here is the generic one plus two rules about benefits (the
category an employer does not see): an ERROR when a plan's title asks for it,
and a WARNING on every plan. An employer drafting a plan is refused without
learning the rule, its law or its text, and is not warned (warnings are userErrors
next to a change that happened); the case manager,
who sees benefits, gets both findings as the plugin wrote them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from types import SimpleNamespace

import httpx
import pytest
from support import Api, World, as_actor, gid, settings

from vocrehab.app import create_app
from vocrehab.core.casework import WITHHELD_FINDING
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.hooks import CaseFacts, Change, PluginInfo, SavePlan, Severity, Violation, hookimpl
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.types import RuleInfo
from vocrehab.hooks.vocabulary import DataCategory
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab_generic import GenericJurisdiction

LAW = "Benefit Secrecy Act (tests only)"
REFUSED = "SECRET_BENEFIT_REFUSED"
WARNED = "SECRET_BENEFIT_NOTED"
PLAN = """mutation($input: CreatePlanInput!) { createPlan(input: $input) {
  plan { id } userErrors { code field message rule { code legalReference } } } }"""


class Secretive(GenericJurisdiction):
    code = "secretive"
    names = {"en": "Secretive (tests only)"}
    reference_prefix = "SEC"

    def rules(self) -> Sequence[RuleInfo]:
        return [
            *super().rules(),
            RuleInfo(REFUSED, Severity.ERROR, {"en": "No plan while AAP runs out."}, f"{LAW} § 1",
                     category=DataCategory.BENEFITS),
            RuleInfo(WARNED, Severity.WARNING, {"en": "Sickness benefit ends soon."}, f"{LAW} § 2",
                     category=DataCategory.BENEFITS),
        ]  # fmt: skip

    def evaluate(self, change: Change, case: CaseFacts) -> Sequence[Violation]:
        found = list(super().evaluate(change, case))
        if isinstance(change, SavePlan):
            found.append(Violation(WARNED, Severity.WARNING, "sickness benefit ends on 1 May",
                                   f"{LAW} § 2"))  # fmt: skip
            if "refuse" in change.plan.title:
                found.append(Violation(REFUSED, Severity.ERROR, "AAP ends on 1 May",
                                       f"{LAW} § 1", ("title",)))  # fmt: skip
        return found

    def details_type(self) -> type | None:  # the generic plugin contributes it already
        return None

    def present_details(self, case: CaseFacts) -> object | None:
        return None

    def case_commands(self) -> Sequence[object]:
        return ()


@pytest.fixture
def secret_host() -> PluginHost:
    plugin = SimpleNamespace(vocrehab_register_jurisdictions=hookimpl(lambda config: [Secretive()]))
    return PluginHost.load(
        allow=["generic", "secretive"],
        extra=[("secretive", plugin, PluginInfo("vocrehab-secretive", "0"))],
    )


@pytest.fixture
async def secret_api(db: Database, secret_host: PluginHost, clock: Clock) -> AsyncIterator[Api]:
    application = create_app(settings(), host=secret_host, clock=clock, database=db)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="https://v.test") as client:
            yield Api(application, client, clock)


async def test_a_rule_about_unseen_data_refuses_without_telling_it(
    db: Database, secret_host: PluginHost, secret_api: Api, clock: Clock
) -> None:
    world = World(db, secret_host, clock)
    employer = await world.actor(R.EMPLOYER, "Employer")
    manager = await world.actor(R.CASE_MANAGER, "Manager")
    person = await world.participant(jurisdiction="secretive")
    case = await world.case(person, {employer: R.EMPLOYER, manager: R.CASE_MANAGER}, employer)

    async def draft(who: object, title: str) -> dict[str, object]:
        given = {"caseId": gid(case), "title": title, "steps": []}
        return (await secret_api.query(who, PLAN, input=given)).data["createPlan"]  # type: ignore[arg-type]

    refused = await draft(as_actor(employer), "please refuse")
    assert refused["plan"] is None
    assert refused["userErrors"] == [
        {"code": "RULE_VIOLATION", "field": None, "message": WITHHELD_FINDING, "rule": None}
    ]
    assert "AAP" not in str(refused) and LAW not in str(refused)

    drafted = await draft(as_actor(employer), "back to work")  # the warning is left out
    assert drafted["plan"] is not None and drafted["userErrors"] == []

    told = await draft(as_actor(manager), "please refuse")
    assert told["plan"] is None
    assert [(e["code"], e["rule"]) for e in told["userErrors"]] == [  # type: ignore[index,union-attr]
        ("RULE_VIOLATION", {"code": REFUSED, "legalReference": f"{LAW} § 1"})
    ]
    warned = await draft(as_actor(manager), "back to work")
    assert warned["plan"] is not None
    assert [e["rule"]["code"] for e in warned["userErrors"]] == [WARNED]  # type: ignore[index,union-attr]
