"""The invariant race suite: every check-then-write mutation fired 50 times at
once against a real server, then the invariants read back in SQL.

Servers: SQLite with one worker, started under `python -O` as production
images often run it (asserts vanish, so nothing may depend on one); SQLite
with two workers (two processes on one file); PostgreSQL with two workers when
VOCREHAB_TEST_POSTGRES_URL is set. Whoever loses a race gets the userError a
sequential caller would get (INVALID_STATE, RULE_VIOLATION, ALREADY_EXISTS,
NOT_FOUND for what is already gone), never a 500 or INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

import asyncio
import shutil
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from servers import POSTGRES_URL, free_port, postgres_database, prepare, running, server_env
from support import World, admin, as_actor, gid

from vocrehab.auth.keys import KeyStore
from vocrehab.auth.tokens import TokenRequest, issue_access_token
from vocrehab.config import Settings
from vocrehab.core import consents, interventions, meetings, plans
from vocrehab.core.clock import Clock
from vocrehab.core.principal import Principal
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import DataCategory, InterventionStatus
from vocrehab.hooks.vocabulary import StakeholderType as R

pytestmark = pytest.mark.slow

RACERS = 50
SERVERS = [
    "sqlite, one worker, python -O",
    "sqlite, two workers",
    *(["postgresql, two workers"] if POSTGRES_URL else []),
]
ERRORS = "userErrors { code field }"


@dataclass
class Server:
    base: str
    db: Database
    world: World
    settings: Settings
    keys: KeyStore

    @property
    def today(self) -> date:
        return self.world.clock.today()

    def token(self, who: Principal) -> str:
        request = TokenRequest(
            subject=who.subject, client_id=who.client_id,
            stakeholder_type=who.stakeholder_type, scopes=who.scopes,
            actor_id=who.actor_id, participant_id=who.participant_id,
            ttl=timedelta(minutes=30),
        )  # fmt: skip
        now = self.world.clock.now()
        return issue_access_token(
            self.keys, self.settings.token_issuer, self.settings.audience, request, now
        )

    async def race(
        self, mutation: str, inputs: list[dict[str, Any]], who: Principal | None = None
    ) -> Counter[str]:
        """Every input at once; how many succeeded ("ok") and how each loser was told."""
        return await self.race_all([(mutation, given) for given in inputs], who)

    async def race_all(
        self, sent: list[tuple[str, dict[str, Any]]], who: Principal | None = None
    ) -> Counter[str]:
        """Every (mutation, input) at once, as `race`."""
        headers = {"authorization": f"Bearer {self.token(who or admin())}"}
        async with httpx.AsyncClient(
            limits=httpx.Limits(max_connections=len(sent)), timeout=120
        ) as client:
            replies = await asyncio.gather(
                *(
                    client.post(
                        f"{self.base}/graphql",
                        json={"query": mutation, "variables": {"input": given}},
                        headers=headers,
                    )
                    for mutation, given in sent
                )
            )
        found: Counter[str] = Counter()
        for reply in replies:
            assert reply.status_code == 200, reply.text
            body = reply.json()
            assert "errors" not in body, body
            [payload] = body["data"].values()
            codes = [error["code"] for error in payload["userErrors"]]
            found[codes[0] if codes else "ok"] += 1
        return found

    async def sql(self, statement: str, **params: Any) -> list[tuple[Any, ...]]:
        async with self.db.session() as session:
            return [tuple(row) for row in await session.execute(sa.text(statement), params)]

    async def events(self, case_id: Any, kind: str) -> int:
        [(count,)] = await self.sql(
            "SELECT count(*) FROM case_events WHERE case_id = :case AND kind = :kind",
            case=_key(self.db, case_id), kind=kind,
        )  # fmt: skip
        return int(count)


def _key(db: Database, row_id: Any) -> Any:
    """A UUID as the table stores it (SQLite: 32 hex digits; PostgreSQL: a uuid)."""
    return row_id.hex if db.is_sqlite else row_id


def mutation(name: str, input_type: str) -> str:
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {ERRORS} }} }}"


@pytest.fixture(scope="module", params=SERVERS)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, int]]:
    """(base URL, database URL, port) of a running server of the kind asked for, on a
    database of its own, migrated and keyed beforehand (as `vocrehab db upgrade` would)."""
    kind = request.param
    tmp = tmp_path_factory.mktemp("races")
    with ExitStack() as stack:
        if kind.startswith("postgresql"):
            assert POSTGRES_URL
            url = stack.enter_context(postgres_database(POSTGRES_URL, "races"))
            asyncio.run(prepare(url, Clock("UTC").now()))
        else:
            path = tmp / "races.sqlite3"
            shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
            url = f"sqlite+aiosqlite:///{path}"
        port = free_port()
        workers = "1" if "one worker" in kind else "2"
        env = server_env(url, port, plugins="generic", workers=workers)
        flags = ["-O"] if "python -O" in kind else []
        base = stack.enter_context(running(env, tmp, "--no-migrate", python_flags=flags))
        yield base, url, port


@pytest.fixture(scope="module")
async def server(served: tuple[str, str, int]) -> AsyncIterator[Server]:
    base, url, port = served
    settings = Settings(database_url=url, port=port)
    db = Database(url)
    keys = KeyStore(db)
    await keys.load()
    world = World(db, PluginHost.load(allow=["generic"]), Clock(settings.timezone))
    yield Server(base, db, world, settings, keys)
    await db.dispose()


DESCRIBED_ENUMS = {
    "StakeholderType": "The kind of stakeholder a principal or a team member is.",
    "Severity": "ERROR blocks a change; WARNING is reported.",
}


async def test_the_schema_is_whole_however_python_runs(server: Server) -> None:
    """Under -O an assert registered the enums' descriptions; they went missing."""
    query = " ".join(
        f'{name}: __type(name: "{name}") {{ description }}' for name in DESCRIBED_ENUMS
    )
    reply = httpx.post(
        f"{server.base}/graphql",
        json={"query": f"{{ {query} viewer {{ stakeholderType }} }}"},
        headers={"authorization": f"Bearer {server.token(admin())}"},
    )
    data = reply.json()["data"]
    assert data.pop("viewer") == {"stakeholderType": "ADMIN"}
    assert {name: found["description"] for name, found in data.items()} == DESCRIBED_ENUMS


# ---------------------------------------------------------------------- the races


async def test_overlapping_benefit_grants(server: Server) -> None:
    case = await server.world.case(await server.world.participant())
    grants = [
        {
            "caseId": gid(case), "benefitTypeCode": "SICKNESS_BENEFIT", "degree": 50,
            "startDate": (server.today + timedelta(days=i)).isoformat(),
        }
        for i in range(RACERS)
    ]  # fmt: skip
    found = await server.race(mutation("grantBenefit", "GrantBenefitInput"), grants)
    assert found == {"ok": 1, "RULE_VIOLATION": RACERS - 1}
    overlapping = await server.sql(
        "SELECT a.id FROM benefit_periods a JOIN benefit_periods b ON a.case_id = b.case_id "
        "AND a.benefit_type_code = b.benefit_type_code AND a.id <> b.id "
        "AND a.start_date <= COALESCE(b.end_date, '9999-12-31') "
        "AND b.start_date <= COALESCE(a.end_date, '9999-12-31') WHERE a.case_id = :case",
        case=_key(server.db, case.id),
    )
    assert overlapping == []
    assert await server.events(case.id, "benefit.granted") == 1


async def test_activating_several_drafts_at_once(server: Server) -> None:
    world = server.world
    case = await world.case(await world.participant())
    step = plans.PlanStep(server.today, server.today + timedelta(days=27), 50)
    drafts = [
        await world.do(admin(), lambda w: plans.create_plan(w, plans.CreatePlan(case.id, "P", [step])))
        for _ in range(10)
    ]  # fmt: skip
    activations = [{"id": gid(drafts[i % 10])} for i in range(RACERS)]
    found = await server.race(mutation("activatePlan", "PlanIdInput"), activations)
    # Each draft is activated once (superseding the one before); again, it is no draft.
    assert found == {"ok": 10, "INVALID_STATE": RACERS - 10}
    statuses = Counter(
        status for (status,) in await server.sql(
            "SELECT status FROM plans WHERE case_id = :case", case=_key(server.db, case.id)
        )
    )  # fmt: skip
    assert statuses == {"ACTIVE": 1, "SUPERSEDED": 9}
    assert await server.events(case.id, "plan.activated") == 10
    assert await server.events(case.id, "plan.superseded") == 9


async def test_completing_and_discontinuing_an_intervention_at_once(server: Server) -> None:
    world = server.world
    case = await world.case(await world.participant())
    proposal = interventions.ProposeIntervention(case.id, "WORK_TRIAL", start_date=server.today)
    subject = await world.do(admin(), lambda w: interventions.propose_intervention(w, proposal))
    for status in (InterventionStatus.REFERRED, InterventionStatus.ACTIVE):
        change = interventions.ChangeStatus(subject.id, status)
        await world.do(admin(), lambda w, c=change: interventions.change_status(w, c))
    endings = [
        {"id": gid(subject), "status": "COMPLETED" if i % 2 else "DISCONTINUED"}
        for i in range(RACERS)
    ]
    found = await server.race(
        mutation("changeInterventionStatus", "ChangeInterventionStatusInput"), endings
    )
    assert found == {"ok": 1, "INVALID_STATE": RACERS - 1}
    [(status,)] = await server.sql(
        "SELECT status FROM interventions WHERE id = :id", id=_key(server.db, subject.id)
    )
    ended = await server.events(case.id, "intervention.completed") + await server.events(
        case.id, "intervention.discontinued"
    )
    assert status in {"COMPLETED", "DISCONTINUED"} and ended == 1


async def test_adding_one_actor_to_a_team_at_once(server: Server) -> None:
    world = server.world
    case = await world.case(await world.participant())
    clinician = await world.actor(R.CLINICIAN)
    additions = [{"caseId": gid(case), "actorId": gid(clinician), "role": "CLINICIAN"}] * RACERS
    found = await server.race(mutation("addCaseTeamMember", "AddCaseTeamMemberInput"), additions)
    assert found == {"ok": 1, "ALREADY_EXISTS": RACERS - 1}
    current = await server.sql(
        "SELECT id FROM case_team_members WHERE case_id = :case AND actor_id = :actor "
        "AND until IS NULL",
        case=_key(server.db, case.id), actor=_key(server.db, clinician.id),
    )  # fmt: skip
    assert len(current) == 1


async def test_removing_one_member_at_once(server: Server) -> None:
    world = server.world
    clinician = await world.actor(R.CLINICIAN)
    case = await world.case(await world.participant(), team={clinician: R.CLINICIAN})
    removals = [{"caseId": gid(case), "actorId": gid(clinician)}] * RACERS
    found = await server.race(
        mutation("removeCaseTeamMember", "RemoveCaseTeamMemberInput"), removals
    )
    assert found == {"ok": 1, "NOT_FOUND": RACERS - 1}
    assert await server.events(case.id, "team.member_removed") == 1


async def test_registering_one_national_id_at_once(server: Server) -> None:
    national_id = f"RACE-{server.today:%Y%m%d}-{free_port()}"
    people = [
        {"jurisdiction": "generic", "nationalId": national_id, "givenName": f"Racer{i}",
         "familyName": "Lopp"}
        for i in range(RACERS)
    ]  # fmt: skip
    found = await server.race(mutation("registerParticipant", "RegisterParticipantInput"), people)
    assert found == {"ok": 1, "ALREADY_EXISTS": RACERS - 1}
    registered = await server.sql(
        "SELECT given_name FROM participants WHERE national_id = :id", id=national_id
    )
    assert len(registered) == 1
    # The losers' own actors went with their transactions.
    actors = await server.sql("SELECT name FROM actors WHERE name LIKE 'Racer% Lopp'")
    assert actors == [(f"{registered[0][0]} Lopp",)]


async def test_approving_one_plan_at_once(server: Server) -> None:
    world = server.world
    employer = await world.actor(R.EMPLOYER)
    case = await world.case(await world.participant(), team={employer: R.EMPLOYER})
    step = plans.PlanStep(server.today, server.today + timedelta(days=27), 50)
    draft = plans.CreatePlan(case.id, "P", [step])
    plan = await world.do(admin(), lambda w: plans.create_plan(w, draft))
    approvals = [{"id": gid(plan)}] * RACERS
    found = await server.race(
        mutation("approvePlan", "PlanIdInput"), approvals, who=as_actor(employer)
    )
    assert found == {"ok": 1, "ALREADY_EXISTS": RACERS - 1}
    rows = await server.sql(
        "SELECT id FROM plan_approvals WHERE plan_id = :plan", plan=_key(server.db, plan.id)
    )
    assert len(rows) == 1


async def test_drafting_plans_at_once_numbers_each_once(server: Server) -> None:
    case = await server.world.case(await server.world.participant())
    step = {
        "startDate": server.today.isoformat(),
        "endDate": (server.today + timedelta(days=27)).isoformat(),
        "workPercent": 50,
    }
    drafts = [{"caseId": gid(case), "title": f"Plan {i}", "steps": [step]} for i in range(RACERS)]
    found = await server.race(mutation("createPlan", "CreatePlanInput"), drafts)
    assert found == {"ok": RACERS}
    versions = await server.sql(
        "SELECT version FROM plans WHERE case_id = :case", case=_key(server.db, case.id)
    )
    assert sorted(v for (v,) in versions) == list(range(1, RACERS + 1))


async def test_closing_a_case_at_once(server: Server) -> None:
    case = await server.world.case(await server.world.participant())
    closings = [{"id": gid(case), "reason": f"Back at work ({i})"} for i in range(RACERS)]
    found = await server.race(mutation("closeCase", "CloseCaseInput"), closings)
    assert found == {"ok": 1, "INVALID_STATE": RACERS - 1}
    assert await server.events(case.id, "case.closed") == 1


async def test_revoking_a_consent_at_once(server: Server) -> None:
    world = server.world
    person = await world.participant()
    case = await world.case(person)
    grantee = await world.actor(R.PROVIDER)
    grant = consents.GrantConsent(
        participant_id=person.id, grantee_id=grantee.id, categories=[DataCategory.MEDICAL]
    )
    consent = await world.do(admin(), lambda w: consents.grant_consent(w, grant))
    revocations = [{"id": gid(consent)}] * RACERS
    found = await server.race(mutation("revokeConsent", "RevokeConsentInput"), revocations)
    assert found == {"ok": 1, "INVALID_STATE": RACERS - 1}
    assert await server.events(case.id, "consent.revoked") == 1


async def test_holding_and_cancelling_one_meeting_at_once(server: Server) -> None:
    world = server.world
    case = await world.case(await world.participant())
    call = meetings.ScheduleMeeting(case.id, "case_conference", server.today)
    meeting = await world.do(admin(), lambda w: meetings.schedule_meeting(w, call))
    hold = mutation("holdMeeting", "HoldMeetingInput")
    cancel = mutation("cancelMeeting", "CancelMeetingInput")
    endings = [
        (hold, {"meetingId": gid(meeting), "heldOn": server.today.isoformat(), "minutes": f"M{i}"})
        if i % 2
        else (cancel, {"meetingId": gid(meeting), "reason": f"Ill ({i})"})
        for i in range(RACERS)
    ]
    found = await server.race_all(endings)
    assert found == {"ok": 1, "INVALID_STATE": RACERS - 1}
    [(status,)] = await server.sql(
        "SELECT status FROM meetings WHERE id = :id", id=_key(server.db, meeting.id)
    )
    ended = await server.events(case.id, "meeting.held") + await server.events(
        case.id, "meeting.cancelled"
    )
    assert status in {"HELD", "CANCELLED"} and ended == 1


async def test_handing_one_member_over_at_once(server: Server) -> None:
    """Every caller hands the same clinician's place to someone else: one takes it,
    and the clinician is no longer there to hand over for the others."""
    world = server.world
    leaving = await world.actor(R.CLINICIAN)
    case = await world.case(await world.participant(), team={leaving: R.CLINICIAN})
    arriving = [await world.actor(R.CLINICIAN) for _ in range(5)]
    handovers = [
        {"caseId": gid(case), "outgoingActorId": gid(leaving),
         "incomingActorId": gid(arriving[i % 5]), "note": f"Over to you ({i})"}
        for i in range(RACERS)
    ]  # fmt: skip
    found = await server.race(
        mutation("replaceCaseTeamMember", "ReplaceCaseTeamMemberInput"), handovers
    )
    assert found == {"ok": 1, "NOT_FOUND": RACERS - 1}
    current = await server.sql(
        "SELECT actor_id FROM case_team_members WHERE case_id = :case AND role = 'CLINICIAN' "
        "AND until IS NULL",
        case=_key(server.db, case.id),
    )
    assert len(current) == 1
    assert await server.events(case.id, "team.member_replaced") == 1
