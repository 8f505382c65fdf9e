"""A failed mutation leaves the database exactly as it was.

Every mutation runs in one transaction; several write before they find out
they must fail (openCase takes a reference number and inserts the case, its
event and the opener's membership before the jurisdiction's rules run; every
case mutation recomputes milestones last). Each attempt below is made against
a case with a bit of everything, and the full content of every table is
compared before and after.

To fail at the late points on demand, the tests install a jurisdiction of
their own, "trap": the generic rules, plus an ERROR for the change types it is
told to refuse, and milestones that raise when told to.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from support import Api, Result, World, admin, as_actor, as_participant, gid, settings, uid

from vocrehab.app import create_app
from vocrehab.core import assessments, benefits, cases, interventions, notes, plans
from vocrehab.core.clock import Clock
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.base import Base
from vocrehab.db.engine import Database
from vocrehab.hooks import (
    ActivatePlan,
    CaseCommand,
    CaseFacts,
    Change,
    ChangeInterventionStatus,
    EndBenefit,
    GrantBenefit,
    MilestoneInfo,
    OpenCase,
    PluginInfo,
    ProposeIntervention,
    RecordAssessment,
    SavePlan,
    Severity,
    UpdateCase,
    Violation,
    hookimpl,
)
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import EmploymentStatus
from vocrehab.hooks.vocabulary import InterventionStatus as S
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab_generic import GenericJurisdiction

TRAP_RULE = "TRAP_REFUSED"


class TrapJurisdiction(GenericJurisdiction):
    """The generic jurisdiction, failing late on demand."""

    code = "trap"
    names = {"en": "Trap (tests only)"}
    reference_prefix = "TRP"

    def __init__(self) -> None:
        super().__init__()
        self.refuse: tuple[type, ...] = ()
        self.broken_milestones = False

    def evaluate(self, change: Change, case: CaseFacts) -> Sequence[Violation]:
        found = list(super().evaluate(change, case))
        if isinstance(change, self.refuse):
            found.append(Violation(TRAP_RULE, Severity.ERROR, "refused by the trap", "Test rule"))
        return found

    def case_commands(self) -> Sequence[CaseCommand]:
        return ()  # the generic jurisdiction already contributes genRecordFirstContact

    def milestones(self, case: CaseFacts) -> Sequence[MilestoneInfo]:
        if self.broken_milestones:
            raise RuntimeError("the trap's milestones broke")
        return super().milestones(case)

    # The generic plugin already contributes this GraphQL type; two would clash.
    def details_type(self) -> type | None:
        return None

    def present_details(self, case: CaseFacts) -> object | None:
        return None


@pytest.fixture
def trap() -> TrapJurisdiction:
    return TrapJurisdiction()


@pytest.fixture
def trap_host(trap: TrapJurisdiction) -> PluginHost:
    plugin = SimpleNamespace(vocrehab_register_jurisdictions=hookimpl(lambda config: [trap]))
    return PluginHost.load(
        allow=["generic", "trap"], extra=[("trap", plugin, PluginInfo("vocrehab-trap", "0"))]
    )


@pytest.fixture
async def trap_api(db: Database, trap_host: PluginHost, clock: Clock) -> AsyncIterator[Api]:
    application = create_app(settings(), host=trap_host, clock=clock, database=db)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://vocrehab.test"
        ) as client:
            yield Api(application, client, clock)


@pytest.fixture
def trap_world(db: Database, trap_host: PluginHost, clock: Clock) -> World:
    return World(db, trap_host, clock)


# ---------------------------------------------------------------------- comparing tables


Snapshot = dict[str, list[str]]


async def snapshot(db: Database) -> Snapshot:
    """Every row of every table, as text, in a stable order."""
    tables: Snapshot = {}
    async with db.session() as session:
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(sa.select(table))).all()
            tables[table.name] = sorted(repr(tuple(row)) for row in rows)
    return tables


def changes(before: Snapshot, after: Snapshot) -> dict[str, dict[str, list[str]]]:
    found = {}
    for name in sorted(set(before) | set(after)):
        old, new = set(before.get(name, [])), set(after.get(name, []))
        if old != new:
            found[name] = {"removed": sorted(old - new), "added": sorted(new - old)}
    return found


def failed(result: Result) -> list[str]:
    """The codes a mutation failed with (a userError's or a top-level error's)."""
    if result.errors:
        return list(result.codes)
    [payload] = result.data.values()
    errors = payload["userErrors"]
    changed = [value for key, value in payload.items() if key != "userErrors"]
    assert changed == [None], payload
    assert errors, payload
    return [e["rule"]["code"] if e["rule"] else e["code"] for e in errors]


async def leaves_no_trace(
    db: Database, api: Api, who: Principal, query: str, **variables: Any
) -> list[str]:
    before = await snapshot(db)
    result = await api.query(who, query, **variables)
    codes = failed(result)
    assert changes(before, await snapshot(db)) == {}, (query, codes)
    return codes


# ---------------------------------------------------------------------- the mutations

ERR = "userErrors { code rule { code } }"
REGISTER = f"""mutation($input: RegisterParticipantInput!) {{
  registerParticipant(input: $input) {{ participant {{ id }} {ERR} }} }}"""
UPDATE_PARTICIPANT = f"""mutation($input: UpdateParticipantInput!) {{
  updateParticipant(input: $input) {{ participant {{ id }} {ERR} }} }}"""
CREATE_ACTOR = f"""mutation($input: CreateActorInput!) {{
  createActor(input: $input) {{ actor {{ id }} {ERR} }} }}"""
OPEN = f"mutation($input: OpenCaseInput!) {{ openCase(input: $input) {{ case {{ id }} {ERR} }} }}"
UPDATE = (
    f"mutation($input: UpdateCaseInput!) {{ updateCase(input: $input) {{ case {{ id }} {ERR} }} }}"
)
CLOSE = (
    f"mutation($input: CloseCaseInput!) {{ closeCase(input: $input) {{ case {{ id }} {ERR} }} }}"
)
ADD_MEMBER = f"""mutation($input: AddCaseTeamMemberInput!) {{
  addCaseTeamMember(input: $input) {{ case {{ id }} {ERR} }} }}"""
REMOVE_MEMBER = f"""mutation($input: RemoveCaseTeamMemberInput!) {{
  removeCaseTeamMember(input: $input) {{ case {{ id }} {ERR} }} }}"""
CREATE_PLAN = f"""mutation($input: CreatePlanInput!) {{
  createPlan(input: $input) {{ plan {{ id }} {ERR} }} }}"""
UPDATE_PLAN = f"""mutation($input: UpdatePlanInput!) {{
  updatePlan(input: $input) {{ plan {{ id }} {ERR} }} }}"""
ACTIVATE = f"mutation($id: ID!) {{ activatePlan(input: {{id: $id}}) {{ plan {{ id }} {ERR} }} }}"
APPROVE = f"mutation($id: ID!) {{ approvePlan(input: {{id: $id}}) {{ plan {{ id }} {ERR} }} }}"
RECORD = f"""mutation($input: RecordAssessmentInput!) {{
  recordAssessment(input: $input) {{ assessment {{ id }} {ERR} }} }}"""
PROPOSE = f"""mutation($input: ProposeInterventionInput!) {{
  proposeIntervention(input: $input) {{ intervention {{ id }} {ERR} }} }}"""
STATUS = f"""mutation($input: ChangeInterventionStatusInput!) {{
  changeInterventionStatus(input: $input) {{ intervention {{ id }} {ERR} }} }}"""
GRANT = f"""mutation($input: GrantBenefitInput!) {{
  grantBenefit(input: $input) {{ benefitPeriod {{ id }} {ERR} }} }}"""
END = f"""mutation($input: EndBenefitInput!) {{
  endBenefit(input: $input) {{ benefitPeriod {{ id }} {ERR} }} }}"""
NOTE = f"""mutation($input: AddCaseNoteInput!) {{
  addCaseNote(input: $input) {{ note {{ id }} {ERR} }} }}"""

STEPS: list[dict[str, Any]] = [
    {"startDate": "2026-03-09", "endDate": "2026-03-22", "workPercent": 25},
    {"startDate": "2026-03-23", "endDate": "2026-04-19", "workPercent": 50},
]


@dataclass
class Busy:
    """A case with a bit of everything, and the ids to aim at."""

    person: m.Participant
    manager: m.Actor
    clinician: m.Actor
    employer: m.Actor
    provider: m.Actor
    case: str
    active_plan: str
    draft_plan: str
    proposed: str
    referred: str
    running: str
    open_benefit: str
    ended_benefit: str
    quiet_case: str
    """A case with nothing running, that can be closed (and reopened)."""
    closed_case: str


async def busy_case(world: World) -> Busy:
    """Built through the core services, as the API would: the tests aim at the API."""
    manager = await world.actor(R.CASE_MANAGER)
    clinician = await world.actor(R.CLINICIAN)
    employer = await world.actor(R.EMPLOYER)
    provider = await world.actor(R.PROVIDER)
    person = await world.participant(jurisdiction="trap", national_id="TRAP-0001")
    team = {manager: R.CASE_MANAGER, clinician: R.CLINICIAN, employer: R.EMPLOYER}
    case = gid(await world.case(person, team=team, employer=employer))
    quiet = gid(await world.case(person, employment=EmploymentStatus.OTHER))
    closed = gid(await world.case(person, employment=EmploymentStatus.OTHER))
    await world.do(admin(), lambda w: cases.close_case(w, cases.CloseCase(uid(closed), "Done")))

    steps = [
        plans.PlanStep(
            date.fromisoformat(s["startDate"]), date.fromisoformat(s["endDate"]), s["workPercent"]
        )
        for s in STEPS
    ]

    async def plan(case_id: str, active: bool) -> str:
        cmd = plans.CreatePlan(uid(case_id), "Plan", steps)
        made = gid(await world.do(admin(), lambda w: plans.create_plan(w, cmd)))
        if active:
            await world.do(admin(), lambda w: plans.activate_plan(w, uid(made)))
        return made

    active_plan = await plan(case, active=True)
    draft_plan = await plan(case, active=False)
    await world.do(as_participant(person), lambda w: plans.approve_plan(w, uid(draft_plan)))
    await plan(quiet, active=True)
    await plan(quiet, active=False)
    offer = interventions.ProposeIntervention(uid(quiet), "IPS")
    await world.do(admin(), lambda w: interventions.propose_intervention(w, offer))

    async def intervention(*path: S) -> str:
        cmd = interventions.ProposeIntervention(uid(case), "IPS", provider_id=provider.id)
        made = gid(await world.do(admin(), lambda w: interventions.propose_intervention(w, cmd)))
        for status in path:
            change = interventions.ChangeStatus(uid(made), status)
            await world.do(admin(), lambda w, c=change: interventions.change_status(w, c))
        return made

    proposed = await intervention()
    referred = await intervention(S.REFERRED)
    running = await intervention(S.REFERRED, S.ACTIVE)

    async def benefit(start: date, end: date | None) -> str:
        cmd = benefits.GrantBenefit(uid(case), "SICKNESS_BENEFIT", 50, start, end)
        return gid(await world.do(admin(), lambda w: benefits.grant_benefit(w, cmd)))

    open_benefit = await benefit(date(2026, 3, 1), None)
    ended_benefit = await benefit(date(2026, 1, 1), date(2026, 1, 31))
    assessment = assessments.RecordAssessment(
        uid(case), "WORK_CAPACITY", date(2026, 3, 1), icf_codes=["b130"]
    )
    await world.do(as_actor(clinician), lambda w: assessments.record_assessment(w, assessment))
    note = notes.AddNote(uid(case), "Called")
    await world.do(as_actor(manager), lambda w: notes.add_note(w, note))
    return Busy(
        person, manager, clinician, employer, provider, case, active_plan, draft_plan,
        proposed, referred, running, open_benefit, ended_benefit, quiet, closed,
    )  # fmt: skip


# ---------------------------------------------------------------------- the tests


async def test_a_refused_open_case_leaves_no_reference_case_event_or_member(
    trap_api: Api, trap_world: World, trap: TrapJurisdiction, db: Database
) -> None:
    manager = await trap_world.actor(R.CASE_MANAGER)
    registered = await trap_api.query(
        as_actor(manager),
        REGISTER,
        input={"jurisdiction": "trap", "givenName": "A", "familyName": "B"},
    )
    person = registered.data["registerParticipant"]["participant"]["id"]
    trap.refuse = (OpenCase,)
    opened = {"participantId": person, "employmentStatus": "UNEMPLOYED"}
    codes = await leaves_no_trace(db, trap_api, as_actor(manager), OPEN, input=opened)
    assert codes == [TRAP_RULE]

    # The reference number was not used up either.
    trap.refuse = ()
    result = await trap_api.query(
        as_actor(manager), "mutation($input: OpenCaseInput!) { openCase(input: $input) { case { reference } } }",
        input=opened,
    )  # fmt: skip
    assert result.data["openCase"]["case"]["reference"] == "TRP-2026-000001"


async def test_rule_refusals_after_writes_leave_no_trace(
    trap_api: Api, trap_world: World, trap: TrapJurisdiction, db: Database
) -> None:
    busy = await busy_case(trap_world)
    clinician = as_actor(busy.clinician)
    attempts: list[tuple[type, Principal, str, dict[str, Any]]] = [
        (
            OpenCase,
            admin(),
            OPEN,
            {"input": {"participantId": gid(busy.person), "employmentStatus": "EMPLOYED"}},
        ),
        (
            UpdateCase,
            admin(),
            UPDATE,
            {"input": {"id": busy.case, "phase": "RE_ENTRY", "status": "ON_HOLD"}},
        ),
        (
            SavePlan,
            admin(),
            CREATE_PLAN,
            {"input": {"caseId": busy.case, "title": "T", "steps": STEPS}},
        ),
        (
            SavePlan,
            admin(),
            UPDATE_PLAN,
            {"input": {"id": busy.draft_plan, "title": "New", "steps": STEPS[:1]}},
        ),
        (ActivatePlan, admin(), ACTIVATE, {"id": busy.draft_plan}),
        (
            RecordAssessment,
            clinician,
            RECORD,
            {
                "input": {
                    "caseId": busy.case,
                    "kind": "FUNCTIONAL",
                    "assessedAt": "2026-03-02",
                    "diagnoses": [{"system": "ICD-10", "code": "F32"}],
                }
            },
        ),
        (
            ProposeIntervention,
            admin(),
            PROPOSE,
            {"input": {"caseId": busy.case, "typeCode": "WORK_TRIAL"}},
        ),
        (
            ChangeInterventionStatus,
            admin(),
            STATUS,
            {"input": {"id": busy.running, "status": "COMPLETED", "outcome": "Done"}},
        ),
        (
            GrantBenefit,
            admin(),
            GRANT,
            {
                "input": {
                    "caseId": busy.case,
                    "benefitTypeCode": "REHABILITATION_BENEFIT",
                    "degree": 100,
                    "startDate": "2026-03-02",
                }
            },
        ),
        (EndBenefit, admin(), END, {"input": {"id": busy.open_benefit, "endDate": "2026-03-31"}}),
    ]
    for change, who, query, variables in attempts:
        trap.refuse = (change,)
        assert await leaves_no_trace(db, trap_api, who, query, **variables) == [TRAP_RULE], change


async def test_failures_late_in_every_mutation_leave_no_trace(
    trap_api: Api, trap_world: World, trap: TrapJurisdiction, db: Database, clock: Clock
) -> None:
    """Milestones are recomputed last: when that fails, everything before it is undone."""
    busy = await busy_case(trap_world)
    stranger = await trap_world.actor(R.REHAB_COORDINATOR)
    # A day later, a membership has history and removing it updates the row.
    clock.advance(timedelta(days=1))
    attempts: list[tuple[Principal, str, dict[str, Any]]] = [
        (
            as_actor(busy.manager),
            OPEN,
            {
                "input": {
                    "participantId": gid(busy.person),
                    "employmentStatus": "EMPLOYED",
                    "employerId": gid(busy.employer),
                }
            },
        ),
        (
            admin(),
            UPDATE,
            {"input": {"id": busy.case, "phase": "RE_ENTRY", "details": {"referralSource": "GP"}}},
        ),
        (admin(), UPDATE, {"input": {"id": busy.closed_case, "status": "OPEN"}}),
        (admin(), CLOSE, {"input": {"id": busy.quiet_case, "reason": "Back at work"}}),
        (
            admin(),
            ADD_MEMBER,
            {"input": {"caseId": busy.case, "actorId": gid(stranger), "role": "REHAB_COORDINATOR"}},
        ),
        (admin(), REMOVE_MEMBER, {"input": {"caseId": busy.case, "actorId": gid(busy.clinician)}}),
        (
            admin(),
            CREATE_PLAN,
            {"input": {"caseId": busy.case, "title": "Third", "goal": "Work", "steps": STEPS}},
        ),
        (
            admin(),
            UPDATE_PLAN,
            {"input": {"id": busy.draft_plan, "title": "Changed", "steps": STEPS[1:]}},
        ),
        (admin(), ACTIVATE, {"id": busy.draft_plan}),
        (as_actor(busy.employer), APPROVE, {"id": busy.draft_plan}),
        (
            as_actor(busy.clinician),
            RECORD,
            {
                "input": {
                    "caseId": busy.case,
                    "kind": "FUNCTIONAL",
                    "assessedAt": "2026-03-02",
                    "diagnoses": [{"system": "ICD-10", "code": "F32"}],
                    "icfCodes": ["d850"],
                }
            },
        ),
        (
            admin(),
            PROPOSE,
            {
                "input": {
                    "caseId": busy.case,
                    "typeCode": "JOB_COACHING",
                    "details": {"goal": "Keep the job"},
                }
            },
        ),
        (admin(), STATUS, {"input": {"id": busy.proposed, "status": "REFERRED"}}),
        (
            admin(),
            STATUS,
            {"input": {"id": busy.running, "status": "DISCONTINUED", "outcome": "Moved"}},
        ),
        (
            admin(),
            GRANT,
            {
                "input": {
                    "caseId": busy.case,
                    "benefitTypeCode": "DISABILITY_BENEFIT",
                    "degree": 50,
                    "startDate": "2026-03-02",
                }
            },
        ),
        (admin(), END, {"input": {"id": busy.open_benefit, "endDate": "2026-03-31"}}),
        (
            as_actor(busy.manager),
            NOTE,
            {"input": {"caseId": busy.case, "body": "Met the employer", "visibleTo": ["EMPLOYER"]}},
        ),
    ]
    trap.broken_milestones = True
    for who, query, variables in attempts:
        codes = await leaves_no_trace(db, trap_api, who, query, **variables)
        assert codes == ["PLUGIN_ERROR"], (query, codes)


async def test_refused_input_and_illegal_changes_leave_no_trace(
    trap_api: Api, trap_world: World, db: Database
) -> None:
    busy = await busy_case(trap_world)
    overlap = [STEPS[0], {**STEPS[1], "startDate": "2026-03-20"}]
    attempts: list[tuple[Principal, str, dict[str, Any], str]] = [
        (
            admin(),
            CREATE_ACTOR,
            {
                "input": {
                    "kind": "PERSON",
                    "stakeholderType": "CLINICIAN",
                    "name": "X",
                    "organisationNumber": "!",
                    "jurisdiction": "trap",
                }
            },
            "INVALID_ORGANISATION_NUMBER",
        ),
        (
            admin(),
            REGISTER,
            {
                "input": {
                    "jurisdiction": "trap",
                    "givenName": "A",
                    "familyName": "B",
                    "nationalId": " trap-0001 ",
                }
            },
            "ALREADY_EXISTS",
        ),
        (
            admin(),
            UPDATE_PARTICIPANT,
            {"input": {"id": gid(busy.person), "givenName": "Eve", "email": "no"}},
            "INVALID_INPUT",
        ),
        (
            admin(),
            OPEN,
            {
                "input": {
                    "participantId": gid(busy.person),
                    "employmentStatus": "EMPLOYED",
                    "details": {"planDueDays": "soon"},
                }
            },
            "GEN_DETAILS_INVALID",
        ),
        (
            admin(),
            UPDATE,
            {"input": {"id": busy.case, "phase": "RE_ENTRY", "employmentStatus": "UNEMPLOYED"}},
            "INVALID_INPUT",
        ),
        (admin(), CLOSE, {"input": {"id": busy.case, "reason": "Done"}}, "INVALID_STATE"),
        (admin(), CLOSE, {"input": {"id": busy.closed_case, "reason": "Done"}}, "INVALID_STATE"),
        (
            admin(),
            ADD_MEMBER,
            {"input": {"caseId": busy.case, "actorId": gid(busy.clinician), "role": "CLINICIAN"}},
            "ALREADY_EXISTS",
        ),
        (
            admin(),
            REMOVE_MEMBER,
            {"input": {"caseId": busy.case, "actorId": gid(busy.provider)}},
            "NOT_FOUND",
        ),
        (
            admin(),
            CREATE_PLAN,
            {"input": {"caseId": busy.case, "title": "T", "steps": overlap}},
            "GEN_PLAN_STEP_OVERLAP",
        ),
        (
            admin(),
            UPDATE_PLAN,
            {"input": {"id": busy.active_plan, "title": "Changed"}},
            "INVALID_STATE",
        ),
        (admin(), ACTIVATE, {"id": busy.active_plan}, "INVALID_STATE"),
        (as_participant(busy.person), APPROVE, {"id": busy.draft_plan}, "ALREADY_EXISTS"),
        (
            as_actor(busy.clinician),
            RECORD,
            {
                "input": {
                    "caseId": busy.case,
                    "kind": "FUNCTIONAL",
                    "assessedAt": "2026-03-02",
                    "icfCodes": ["b130", "q1"],
                }
            },
            "GEN_ICF_CODE_FORMAT",
        ),
        (
            admin(),
            PROPOSE,
            {"input": {"caseId": busy.closed_case, "typeCode": "IPS"}},
            "INVALID_STATE",
        ),
        (admin(), STATUS, {"input": {"id": busy.proposed, "status": "COMPLETED"}}, "INVALID_STATE"),
        (
            admin(),
            STATUS,
            {"input": {"id": busy.referred, "status": "ACTIVE", "date": "2027-01-01"}},
            "INVALID_INPUT",
        ),
        (
            admin(),
            GRANT,
            {
                "input": {
                    "caseId": busy.case,
                    "benefitTypeCode": "DISABILITY_BENEFIT",
                    "degree": 60,
                    "startDate": "2026-03-02",
                }
            },
            "INVALID_INPUT",
        ),
        (
            admin(),
            GRANT,
            {
                "input": {
                    "caseId": busy.case,
                    "benefitTypeCode": "SICKNESS_BENEFIT",
                    "degree": 60,
                    "startDate": "2026-03-02",
                }
            },
            "GEN_BENEFIT_OVERLAP",
        ),
        (
            admin(),
            END,
            {"input": {"id": busy.ended_benefit, "endDate": "2026-01-15"}},
            "INVALID_STATE",
        ),
        (
            as_actor(busy.manager),
            NOTE,
            {"input": {"caseId": busy.case, "body": "   "}},
            "INVALID_INPUT",
        ),
    ]
    for who, query, variables, code in attempts:
        codes = await leaves_no_trace(db, trap_api, who, query, **variables)
        assert code in codes, (query, codes)


async def test_the_snapshot_sees_a_change(trap_api: Api, trap_world: World, db: Database) -> None:
    """The comparison above is not blind: a mutation that succeeds shows in it."""
    manager = await trap_world.actor(R.CASE_MANAGER)
    case = await trap_world.case(
        await trap_world.participant(jurisdiction="trap"), team={manager: R.CASE_MANAGER}
    )
    before = await snapshot(db)
    result = await trap_api.query(
        as_actor(manager), NOTE, input={"caseId": gid(case), "body": "Called"}
    )
    assert result.data["addCaseNote"]["note"] is not None
    changed = changes(before, await snapshot(db))
    # The note, its event, the case and its milestones; and the access log entry
    # of the request (appended alone: sealing happens later, elsewhere).
    assert set(changed) == {
        "case_notes",
        "case_events",
        "outbox_messages",
        "cases",
        "milestones",
        "access_log",
    }
    assert len(changed["case_notes"]["added"]) == 1
