"""The access matrix (AUTHZ.md): every stakeholder type against every data
category, asked through the GraphQL API with that stakeholder's own token.

The expected tables are written out here, row by row from AUTHZ.md, and never
read from the policy module: a wrong policy table must fail these tests.
`build_world` is shared with the other `test_access_*` modules.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from graphql import (
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_non_null_type,
)
from sqlalchemy.ext.asyncio import AsyncSession
from support import (
    Api,
    SocketApi,
    World,
    admin,
    as_actor,
    as_participant,
    gid,
    serve_in_process,
    uid,
    with_scopes,
)

from vocrehab.core import (
    actors,
    assessments,
    benefits,
    cases,
    interventions,
    meetings,
    notes,
    participants,
    plans,
    webhooks,
)
from vocrehab.core.casework import record_event
from vocrehab.core.masks import category_mask
from vocrehab.core.principal import Principal
from vocrehab.core.webhook_urls import UrlPolicy
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.db.base import Base
from vocrehab.db.engine import Database
from vocrehab.hooks.vocabulary import ActorKind, DocumentFormat, EmploymentStatus
from vocrehab.hooks.vocabulary import DataCategory as C
from vocrehab.hooks.vocabulary import InterventionStatus as S
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab.ids import encode_global_id as gid_of

T = TypeVar("T")

ROLES = list(R)
TODAY = date(2026, 3, 2)  # the `clock` fixture's day

# ---------------------------------------------------------------------- tokens


def signing_once(api: Api, monkeypatch: pytest.MonkeyPatch) -> Api:
    """`api`, with its signing key parsed once: KeyStore.signing_key() rebuilds the
    RSA key from its JWK for every token (~40 ms), and these tests sign hundreds."""
    keys = api.app.state.services.keys
    key = keys.signing_key()
    monkeypatch.setattr(keys, "signing_key", lambda: key)
    return api


@pytest.fixture(params=["http", "websocket"])
async def api(
    request: pytest.FixtureRequest, api: Api, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Api]:
    """The same questions over HTTP and over a WebSocket: one pipeline, one answer."""
    signed = signing_once(api, monkeypatch)
    if request.param == "http":
        yield signed
        return
    host, stop = await serve_in_process(api.app)
    try:
        yield SocketApi(signed, f"ws://{host}/graphql")  # type: ignore[misc]
    finally:
        await stop()


# ---------------------------------------------------------------------- the world


@dataclass
class Side:
    """One participant's case with a full team, and the token each stakeholder type uses on it."""

    case: m.Case
    participant: m.Participant
    team: dict[R, m.Actor]
    """The team member in each role; EMPLOYER and PROVIDER are organisations."""
    hr: m.Actor
    """A person acting for the employer organisation."""
    who: dict[R, Principal]
    """The EMPLOYER token is `hr`'s; PROVIDER is the provider organisation's own
    client; ADMIN is on no team."""


@dataclass
class AccessWorld:
    a: Side
    """The case under test."""
    b: Side
    """Another participant's case, with a team of other actors."""
    spare: m.Actor
    """An employment officer on no team."""
    assessment: m.Assessment
    benefit: m.BenefitPeriod
    active_plan: m.Plan
    draft_plan: m.Plan
    proposed: m.Intervention
    referred: m.Intervention
    active: m.Intervention
    foreign: m.Intervention
    """Referred to b's provider, which is not on a's team."""
    notes: dict[str, m.CaseNote]
    documents: dict[str, m.Document]
    b_plan: m.Plan
    b_intervention: m.Intervention
    b_benefit: m.BenefitPeriod
    meetings: dict[str, m.Meeting]
    """Held case conferences on a's case, by their minutes' category; "other" on b's."""


class _Builder:
    """Runs core services as given principals, all in one transaction (fast)."""

    def __init__(self, session: AsyncSession, world: World) -> None:
        self.session = session
        self.world = world

    async def run(self, who: Principal, service: Callable[[Work], Awaitable[T]]) -> T:
        return await service(Work(self.session, who, self.world.host, self.world.clock))

    async def actor(
        self, role: R, name: str, kind: ActorKind = ActorKind.PERSON, org: m.Actor | None = None
    ) -> m.Actor:
        cmd = actors.CreateActor(kind, role, name, organisation_id=org.id if org else None)
        return await self.run(admin(), lambda w: actors.create_actor(w, cmd))

    async def side(self, tag: str, admin_actor: m.Actor) -> Side:
        employer_org = await self.actor(R.EMPLOYER, f"Employer {tag}", ActorKind.ORGANISATION)
        team = {
            R.EMPLOYER: employer_org,
            R.PROVIDER: await self.actor(R.PROVIDER, f"Provider {tag}", ActorKind.ORGANISATION),
        }
        for role in (R.CLINICIAN, R.CASE_MANAGER, R.EMPLOYMENT_OFFICER, R.REHAB_COORDINATOR):
            team[role] = await self.actor(role, f"{role.value.title()} {tag}")
        hr = await self.actor(R.EMPLOYER, f"HR {tag}", org=employer_org)
        register = participants.RegisterParticipant(
            jurisdiction="generic",
            given_name=f"Ada {tag}",
            family_name="Berg",
            national_id=f"{tag}-19800517",
            birth_date=date(1980, 5, 17),
            email=f"ada.{tag.lower()}@example.org",
            phone="+4712345678",
        )
        person = await self.run(admin(), lambda w: participants.register_participant(w, register))
        open_case = cases.OpenCase(
            participant_id=person.id,
            employment_status=EmploymentStatus.EMPLOYED,
            employer_id=employer_org.id,
            sick_leave_start=date(2026, 2, 1),
        )
        case = await self.run(admin(), lambda w: cases.open_case(w, open_case))
        for role, member in team.items():
            change = cases.TeamChange(case.id, member.id, role)
            await self.run(admin(), lambda w, c=change: cases.add_team_member(w, c))
        who = {role: as_actor(actor) for role, actor in team.items()}
        who[R.EMPLOYER] = as_actor(hr)
        who[R.PARTICIPANT] = as_participant(person)
        who[R.ADMIN] = as_actor(admin_actor)
        return Side(case, person, team, hr, who)

    async def plan(self, side: Side, by: R, title: str) -> m.Plan:
        step = plans.PlanStep(date(2026, 3, 2), date(2026, 3, 29), 50, description="Half days")
        cmd = plans.CreatePlan(side.case.id, title, [step], goal="Back at work")
        return await self.run(side.who[by], lambda w: plans.create_plan(w, cmd))

    async def meeting(self, side: Side, category: C, minutes: str) -> m.Meeting:
        manager = side.who[R.CASE_MANAGER]
        call = meetings.ScheduleMeeting(side.case.id, "case_conference", TODAY)
        called = await self.run(manager, lambda w: meetings.schedule_meeting(w, call))
        hold = meetings.HoldMeeting(called.id, TODAY, minutes, category)
        return await self.run(manager, lambda w: meetings.hold_meeting(w, hold))

    async def intervention(
        self, side: Side, type_code: str, provider: m.Actor, *moves: S
    ) -> m.Intervention:
        manager = side.who[R.CASE_MANAGER]
        cmd = interventions.ProposeIntervention(side.case.id, type_code, provider.id)
        row = await self.run(manager, lambda w: interventions.propose_intervention(w, cmd))
        for status in moves:
            move = interventions.ChangeStatus(row.id, status)
            row = await self.run(manager, lambda w, c=move: interventions.change_status(w, c))
        return row

    async def benefit(self, side: Side, type_code: str) -> m.BenefitPeriod:
        cmd = benefits.GrantBenefit(side.case.id, type_code, 100, date(2026, 2, 1))
        return await self.run(side.who[R.CASE_MANAGER], lambda w: benefits.grant_benefit(w, cmd))

    async def note(self, side: Side, by: R, body: str, visible_to: list[R]) -> m.CaseNote:
        cmd = notes.AddNote(side.case.id, body, visible_to)
        return await self.run(side.who[by], lambda w: notes.add_note(w, cmd))

    def document(self, side: Side, name: str, by: m.Actor, role: R, kind: str) -> m.Document:
        # Stored as the renderer would, with plan content (no contact, medical or benefit data).
        row = m.Document(
            case_id=side.case.id,
            kind_code=kind,
            format=DocumentFormat.PDF,
            lang="en",
            media_type="application/pdf",
            filename=f"{name}.pdf",
            sha256="0" * 64,
            size_bytes=4,
            content=b"%PDF",
            created_by_id=by.id,
            created_by_role=role,
            created_at=self.world.clock.now(),
            categories_mask=category_mask({C.PLAN, C.DOCUMENTS}),
        )
        self.session.add(row)
        return row


# Built through the core services once per backend, then copied back row by
# row into each later test's empty database: the same world for a fraction of
# the cost of ~50 services recomputing milestones.
_BUILT: dict[tuple[str, datetime], tuple[AccessWorld, list[tuple[sa.Table, list[Any]]]]] = {}
# Rows the migrations themselves create (signing key, the access log's head).
_KEPT_TABLES = {"signing_keys", "access_log_head"}


async def build_world(world: World) -> AccessWorld:
    """The shared world (see `AccessWorld`) in this test's database, which must
    still be empty: call it before anything else."""
    key = (world.db.url.get_backend_name(), world.clock.now())
    if key not in _BUILT:
        built = await _build(world)
        _BUILT[key] = (built, await _dump(world.db))
        return built
    built, dump = _BUILT[key]
    async with world.db.transaction() as session:
        for table, rows in dump:
            if rows:
                await session.execute(sa.insert(table), rows)
    return built


async def _dump(db: Database) -> list[tuple[sa.Table, list[Any]]]:
    dump = []
    async with db.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in _KEPT_TABLES:
                continue
            rows = [dict(row) for row in (await session.execute(sa.select(table))).mappings()]
            if table.name == "actors":
                # Organisations before the people who act for them.
                rows.sort(key=lambda row: row["organisation_id"] is not None)
            dump.append((table, rows))
    return dump


async def _build(world: World) -> AccessWorld:
    async with world.db.transaction() as session:
        b = _Builder(session, world)
        admin_actor = await b.actor(R.ADMIN, "Platform operator")
        a_side, b_side = await b.side("A", admin_actor), await b.side("B", admin_actor)
        spare = await b.actor(R.EMPLOYMENT_OFFICER, "Officer on no team")
        diagnosis = assessments.Diagnosis("ICD-10", "F32.1", "Moderate depressive episode")
        record = assessments.RecordAssessment(
            case_id=a_side.case.id,
            kind="MEDICAL_CERTIFICATE",
            assessed_at=TODAY,
            work_capacity_percent=50,
            diagnoses=[diagnosis],
            functional_limitations="Tires after four hours",
            activity_limitations="Cannot lift",
            icf_codes=["b130", "d430"],
            prognosis="Good",
            summary="Can work half days",
        )
        clinician = a_side.who[R.CLINICIAN]
        assessment = await b.run(clinician, lambda w: assessments.record_assessment(w, record))
        active_plan = await b.plan(a_side, R.CASE_MANAGER, "First plan")
        manager = a_side.who[R.CASE_MANAGER]
        await b.run(manager, lambda w: plans.activate_plan(w, active_plan.id))
        provider, other_provider = a_side.team[R.PROVIDER], b_side.team[R.PROVIDER]
        built = AccessWorld(
            a=a_side,
            b=b_side,
            spare=spare,
            assessment=assessment,
            benefit=await b.benefit(a_side, "SICKNESS_BENEFIT"),
            active_plan=active_plan,
            draft_plan=await b.plan(a_side, R.EMPLOYER, "Second plan"),
            proposed=await b.intervention(a_side, "WORK_TRIAL", provider),
            referred=await b.intervention(a_side, "JOB_COACHING", provider, S.REFERRED),
            active=await b.intervention(a_side, "IPS", provider, S.REFERRED, S.ACTIVE),
            foreign=await b.intervention(a_side, "JOB_COACHING", other_provider, S.REFERRED),
            notes={
                "manager_private": await b.note(a_side, R.CASE_MANAGER, "Own eyes", []),
                "clinician_to_manager": await b.note(
                    a_side, R.CLINICIAN, "Between us", [R.CASE_MANAGER]
                ),
                "team_wide": await b.note(
                    a_side, R.CASE_MANAGER, "Meeting on Monday", [r for r in R if r != R.ADMIN]
                ),
                "participant_to_manager": await b.note(
                    a_side, R.PARTICIPANT, "Please call me", [R.CASE_MANAGER]
                ),
                "employer_to_officer": await b.note(
                    a_side, R.EMPLOYER, "Job offer", [R.EMPLOYMENT_OFFICER]
                ),
            },
            documents={
                # FHIR_EXPORT is addressed to no stakeholder type, RTW_PLAN to the
                # employer among others: employers see their kinds and their own.
                "by_manager": b.document(
                    a_side, "decision", a_side.team[R.CASE_MANAGER], R.CASE_MANAGER, "FHIR_EXPORT"
                ),
                "by_employer": b.document(a_side, "follow-up", a_side.hr, R.EMPLOYER, "RTW_PLAN"),
                "by_provider": b.document(a_side, "report", provider, R.PROVIDER, "FHIR_EXPORT"),
            },
            b_plan=await b.plan(b_side, R.CASE_MANAGER, "Other plan"),
            b_intervention=await b.intervention(b_side, "WORK_TRIAL", other_provider),
            b_benefit=await b.benefit(b_side, "SICKNESS_BENEFIT"),
            meetings={
                "MEDICAL": await b.meeting(a_side, C.MEDICAL, "Depression: sleeps badly"),
                "PLAN": await b.meeting(a_side, C.PLAN, "Half days from Monday"),
                "other": await b.meeting(b_side, C.PLAN, "Another case's meeting"),
            },
        )
        await session.flush()
    return built


# ---------------------------------------------------------------------- data categories

# AUTHZ.md, "Data categories by default": what each stakeholder type sees of a
# case it is on, with the scopes its type may hold at most. DOCUMENTS is listed
# separately: employers and providers see only their own.
SEES: dict[R, set[C]] = {
    R.PARTICIPANT: {C.CONTACT, C.MEDICAL, C.PLAN, C.BENEFITS},
    R.EMPLOYER: {C.PLAN},
    R.CLINICIAN: {C.CONTACT, C.MEDICAL, C.PLAN},
    R.CASE_MANAGER: {C.CONTACT, C.MEDICAL, C.PLAN, C.BENEFITS},
    R.EMPLOYMENT_OFFICER: {C.CONTACT, C.PLAN, C.BENEFITS},
    R.REHAB_COORDINATOR: {C.CONTACT, C.MEDICAL, C.PLAN, C.BENEFITS},
    R.PROVIDER: {C.PLAN},
    R.ADMIN: {C.CONTACT, C.MEDICAL, C.PLAN, C.BENEFITS},
}
ALL_DOCUMENTS = {"by_manager", "by_employer", "by_provider"}
DOCUMENTS_SEEN: dict[R, set[str]] = {
    R.PARTICIPANT: ALL_DOCUMENTS,
    R.EMPLOYER: {"by_employer"},
    R.CLINICIAN: ALL_DOCUMENTS,
    R.CASE_MANAGER: ALL_DOCUMENTS,
    R.EMPLOYMENT_OFFICER: ALL_DOCUMENTS,
    R.REHAB_COORDINATOR: ALL_DOCUMENTS,
    R.PROVIDER: {"by_provider"},
    R.ADMIN: ALL_DOCUMENTS,
}

CONTACT = {
    "nationalId": "A-19800517",
    "email": "ada.a@example.org",
    "phone": "+4712345678",
    "birthDate": "1980-05-17",
}
HIDDEN_CONTACT = dict.fromkeys(CONTACT)
MEDICAL = {
    "diagnoses": [{"system": "ICD-10", "code": "F32.1"}],
    "functionalLimitations": "Tires after four hours",
    "activityLimitations": "Cannot lift",
    "prognosis": "Good",
    "icfCodes": ["b130", "d430"],
}
HIDDEN_MEDICAL = dict.fromkeys(MEDICAL)
# Shared with the whole team: not MEDICAL.
ASSESSMENT_BASICS = {"summary": "Can work half days", "workCapacityPercent": 50}

CATEGORY_QUERY = """
query Categories(
  $case: ID!, $participant: ID!, $assessment: ID!, $benefit: ID!, $documents: [ID!]!,
  $reference: String!
) {
  case: node(id: $case) {
    ... on Case {
      participant { givenName ...Contact }
      assessments(first: 10) { totalCount edges { node { ...Medical } } }
      plans(first: 10) { totalCount edges { node { title steps { workPercent } } } }
      currentPlan { title }
      interventions(first: 10) { totalCount }
      milestones { code optional }
      benefits { degree amount }
      documents { id }
      benefitsConnection(first: 10) { totalCount edges { node { degree amount } } }
      documentsConnection(last: 50) { totalCount edges { node { id } } }
      teamConnection(first: 50) { totalCount }
      team { role }
      events(first: 100) { edges { node { kind eventKind } } }
    }
  }
  byReference: caseByReference(reference: $reference) { id }
  byId: case(id: $case) { id }
  participant: node(id: $participant) { ...Contact }
  assessment: node(id: $assessment) { ...Medical }
  benefit: node(id: $benefit) { ... on BenefitPeriod { degree amount } }
  documents: nodes(ids: $documents) { id }
}
fragment Contact on Participant { nationalId email phone birthDate }
fragment Medical on Assessment {
  summary workCapacityPercent
  diagnoses { system code } functionalLimitations activityLimitations prognosis icfCodes
}
"""


async def query_categories(api: Api, w: AccessWorld, who: Principal) -> dict[str, Any]:
    result = await api.query(
        who,
        CATEGORY_QUERY,
        case=gid(w.a.case),
        participant=gid(w.a.participant),
        assessment=gid(w.assessment),
        benefit=gid(w.benefit),
        documents=[gid(w.documents[name]) for name in sorted(ALL_DOCUMENTS)],
        reference=w.a.case.reference,
    )
    return result.data


async def check_categories(api: Api, w: AccessWorld, role: R) -> None:
    """Hidden fields are null (lists empty); hidden objects are not found by node(id)."""
    data = await query_categories(api, w, w.a.who[role])
    case, sees = data["case"], SEES[role]

    contact = CONTACT if C.CONTACT in sees else HIDDEN_CONTACT
    assert case["participant"] == {"givenName": "Ada A", **contact}
    assert data["participant"] == contact

    medical = MEDICAL if C.MEDICAL in sees else HIDDEN_MEDICAL
    assert case["assessments"]["totalCount"] == 1
    assert case["assessments"]["edges"][0]["node"] == {**ASSESSMENT_BASICS, **medical}
    assert data["assessment"] == {**ASSESSMENT_BASICS, **medical}

    assert C.PLAN in sees  # every stakeholder type works with the plan
    assert case["plans"]["totalCount"] == 2
    assert {e["node"]["title"] for e in case["plans"]["edges"]} == {"First plan", "Second plan"}
    assert case["currentPlan"] == {"title": "First plan"}
    assert case["interventions"]["totalCount"] == 4
    assert case["milestones"]

    if C.BENEFITS in sees:
        assert case["benefits"] == [{"degree": 100, "amount": None}]
        assert data["benefit"] == {"degree": 100, "amount": None}
        assert case["benefitsConnection"] == {
            "totalCount": 1,
            "edges": [{"node": {"degree": 100, "amount": None}}],
        }
    else:
        assert case["benefits"] is None
        assert data["benefit"] is None
        assert case["benefitsConnection"] is None

    # The case by its id and its reference, like node(id).
    assert data["byId"] == data["byReference"] == {"id": gid(w.a.case)}
    assert case["teamConnection"]["totalCount"] == len(case["team"])
    assert all(e["node"]["eventKind"] for e in case["events"]["edges"])

    expected = {gid(w.documents[name]) for name in DOCUMENTS_SEEN[role]}
    assert {d["id"] for d in case["documents"]} == expected
    paged = case["documentsConnection"]
    assert paged["totalCount"] == len(expected)
    assert {e["node"]["id"] for e in paged["edges"]} == expected
    assert {d["id"] for d in data["documents"] if d is not None} == expected


# ---------------------------------------------------------------------- notes

# Who reads each note of the world: its author's role, the roles it names, ADMIN.
NOTE_READERS: dict[str, set[R]] = {
    "manager_private": {R.CASE_MANAGER, R.ADMIN},
    "clinician_to_manager": {R.CLINICIAN, R.CASE_MANAGER, R.ADMIN},
    "team_wide": set(R),
    "participant_to_manager": {R.PARTICIPANT, R.CASE_MANAGER, R.ADMIN},
    "employer_to_officer": {R.EMPLOYER, R.EMPLOYMENT_OFFICER, R.ADMIN},
}

NOTES_QUERY = """
query Notes($case: ID!, $notes: [ID!]!) {
  case: node(id: $case) {
    ... on Case { notes(first: 50) { totalCount edges { node { id body } } } }
  }
  nodes(ids: $notes) { id }
}
"""


async def check_notes(api: Api, w: AccessWorld, role: R) -> None:
    """Lists, totalCount and node(id) agree with the notes' `visibleTo`."""
    names = sorted(NOTE_READERS)
    result = await api.query(
        w.a.who[role], NOTES_QUERY, case=gid(w.a.case), notes=[gid(w.notes[n]) for n in names]
    )
    readable = {gid(w.notes[n]) for n in names if role in NOTE_READERS[n]}
    listed = result.data["case"]["notes"]
    assert {e["node"]["id"] for e in listed["edges"]} == readable
    assert listed["totalCount"] == len(readable)
    by_node = [node["id"] if node else None for node in result.data["nodes"]]
    assert by_node == [gid(w.notes[n]) if gid(w.notes[n]) in readable else None for n in names]


# ---------------------------------------------------------------------- events

BENEFIT_READERS = {role for role, seen in SEES.items() if C.BENEFITS in seen}

EVENTS_QUERY = """
query Events($case: ID!, $event: ID!) {
  case: node(id: $case) {
    ... on Case {
      events(first: 100) { totalCount edges { node { id kind } } }
      unseenEvents(first: 100) { edges { node { id } } }
      unseenCount
    }
  }
  event: node(id: $event) { id }
}
"""
MOVES_QUERY = """
{ moves(first: 100) { totalCount edges { node { responsible case { id } } } } }
"""
DIGEST_QUERY = """
{ dailyDigest { moveCount unseenEvents casesWithNews
  moves(first: 100) { edges { node { responsible case { id } } } }
  news(first: 100) { edges { node { id unseenCount } } } } }
"""


async def events_for(world: World, w: AccessWorld, role: R) -> tuple[set[str], set[str]]:
    """The case's events, and those a role may not see: benefit.granted without BENEFITS,
    note.added of a note the role does not read."""
    everything = set(await event_ids(world, w.a.case))
    granted = await event_ids(world, w.a.case, "benefit.granted")
    assert len(granted) == 1
    unread = {str(w.notes[n].id) for n in w.notes if role not in NOTE_READERS[n]}
    hidden = {
        event_id
        for event_id, data in await event_data(world, w.a.case, "note.added")
        if data["noteId"] in unread
    }
    if role not in BENEFIT_READERS:
        hidden |= set(granted)
    return everything, hidden


async def check_events(api: Api, world: World, w: AccessWorld, role: R) -> None:
    """An event is neither listed nor counted for a role that may not see what it is
    about: benefit.granted without BENEFITS, note.added of a note the role does not read."""
    everything = set(await event_ids(world, w.a.case))
    granted = await event_ids(world, w.a.case, "benefit.granted")
    assert len(granted) == 1
    unread = {str(w.notes[n].id) for n in w.notes if role not in NOTE_READERS[n]}
    about_unread_notes = {
        event_id
        for event_id, data in await event_data(world, w.a.case, "note.added")
        if data["noteId"] in unread
    }
    result = await api.query(w.a.who[role], EVENTS_QUERY, case=gid(w.a.case), event=granted[0])
    events = result.data["case"]["events"]
    listed = {e["node"]["id"] for e in events["edges"]}
    if role in BENEFIT_READERS:
        assert listed == everything - about_unread_notes
        assert result.data["event"] == {"id": granted[0]}
    else:
        assert listed == everything - set(granted) - about_unread_notes
        assert result.data["event"] is None
    assert events["totalCount"] == len(listed)
    # Nothing marked seen yet: unseen is what is listed, less the reader's own doing.
    own = set(await event_ids(world, w.a.case, actor=w.a.who[role].actor_id))
    unseen = {e["node"]["id"] for e in result.data["case"]["unseenEvents"]["edges"]}
    assert unseen == listed - own
    assert result.data["case"]["unseenCount"] == len(unseen)


async def check_moves(api: Api, w: AccessWorld, role: R) -> None:
    """Moves are the reader's own role's steps, on cases of their team only."""
    full = w.a.who[role]
    moves = (await api.query(full, MOVES_QUERY)).data["moves"]
    nodes = [e["node"] for e in moves["edges"]]
    assert moves["totalCount"] == len(nodes)
    assert {n["responsible"] for n in nodes} <= {role.value}
    assert {n["case"]["id"] for n in nodes} <= {gid(w.a.case)}
    if role is R.CASE_MANAGER:
        assert nodes, "the generic jurisdiction's steps are the case manager's"
    # The daily digest is the same moves, and news only from cases (and events) the
    # reader may see, counted as each case counts its own unseen events.
    digest = (await api.query(full, DIGEST_QUERY)).data["dailyDigest"]
    assert [e["node"] for e in digest["moves"]["edges"]] == nodes
    assert digest["moveCount"] == len(nodes)
    news = [e["node"] for e in digest["news"]["edges"]]
    cases = {gid(w.a.case), *([gid(w.b.case)] if role is R.ADMIN else [])}
    assert {n["id"] for n in news} <= cases
    assert digest["casesWithNews"] == len(news)
    assert digest["unseenEvents"] == sum(n["unseenCount"] for n in news) > 0
    narrow = await api.query(with_scopes(full, set(full.scopes) - {"cases:read", "admin"}),
                             MOVES_QUERY)  # fmt: skip
    assert narrow.codes == ["FORBIDDEN"]
    no_digest = await api.query(with_scopes(full, set(full.scopes) - {"cases:read", "admin"}),
                                DIGEST_QUERY)  # fmt: skip
    assert no_digest.codes == ["FORBIDDEN"]


MEETINGS_QUERY = """
query Meetings($case: ID!, $other: ID!) {
  case: node(id: $case) { ... on Case {
    meetings(first: 10) { totalCount edges { node { id minutesCategory minutes } } }
    handover { meetings { minutes } }
  } }
  other: node(id: $other) { id }
}
"""


async def check_meetings(api: Api, w: AccessWorld, role: R) -> None:
    """Every reader of the case lists its meetings; minutes reach only the readers who
    see their category (with the scope it needs), in the list and in the handover
    brief alike; another case's meeting is nobody's but its team's."""
    full = w.a.who[role]
    for who, sees in ((full, SEES[role]), (with_scopes(full, set(full.scopes) - {"medical:read",
                      "admin"}), SEES[role] - {C.MEDICAL})):  # fmt: skip
        result = await api.query(who, MEETINGS_QUERY, case=gid(w.a.case),
                                 other=gid(w.meetings["other"]))  # fmt: skip
        listed = result.data["case"]["meetings"]
        expected = [
            (gid(w.meetings[c]), w.meetings[c].minutes if C(c) in sees else None)
            for c in ("MEDICAL", "PLAN")
        ]
        assert [(n["node"]["id"], n["node"]["minutes"]) for n in listed["edges"]] == expected
        assert listed["totalCount"] == 2
        brief = [mt["minutes"] for mt in result.data["case"]["handover"]["meetings"]]
        assert brief == [minutes for _, minutes in expected], (role, brief)
        assert (result.data["other"] is None) is (role is not R.ADMIN)


HANDOVER_QUERY = """
query Handover($case: ID!) { case: node(id: $case) { ... on Case { handover {
  decisions { kind summary actor { id } }
  benefitPeriods { degree }
  plans { title status }
  assessments {
    summary workCapacityPercent diagnoses functionalLimitations activityLimitations prognosis
  }
  openSteps { code }
  team { role lastKind lastSummary }
  openQuestions
} } } }
"""
HANDOVER_MEDICAL = {
    "diagnoses": ["F32.1 Moderate depressive episode"],
    "functionalLimitations": "Tires after four hours",
    "activityLimitations": "Cannot lift",
    "prognosis": "Good",
}


async def check_handover(api: Api, w: AccessWorld, role: R) -> None:
    """The handover brief shows each section as the reader's column allows: MEDICAL
    fields null, benefit periods (and the decisions about them) only with BENEFITS,
    assessments only with assessments:read."""
    full, sees = w.a.who[role], SEES[role]
    result = await api.query(full, HANDOVER_QUERY, case=gid(w.a.case))
    brief = result.data["case"]["handover"]
    medical = HANDOVER_MEDICAL if C.MEDICAL in sees else dict.fromkeys(HANDOVER_MEDICAL)
    assert brief["assessments"] == [{**ASSESSMENT_BASICS, **medical}]
    if C.MEDICAL not in sees:
        assert "F32" not in str(brief) and "four hours" not in str(brief)
    kinds = {d["kind"] for d in brief["decisions"]}
    if C.BENEFITS in sees:
        assert brief["benefitPeriods"] == [{"degree": 100}]
        assert "benefit.granted" in kinds
    else:
        assert brief["benefitPeriods"] is None
        assert "benefit.granted" not in kinds
    assert {(p["title"], p["status"]) for p in brief["plans"]} == {
        ("First plan", "ACTIVE"),
        ("Second plan", "DRAFT"),
    }
    assert brief["openSteps"]
    narrow = with_scopes(full, set(full.scopes) - {"assessments:read", "benefits:read", "admin"})
    result = await api.query(narrow, HANDOVER_QUERY, case=gid(w.a.case))
    brief = result.body["data"]["case"]["handover"]
    assert brief["assessments"] is None and brief["benefitPeriods"] is None
    forbidden = {tuple(e["path"]) for e in result.errors}
    assert ("case", "handover", "assessments") in forbidden
    assert ("case", "handover", "benefitPeriods") in forbidden


async def event_data(world: World, case: m.Case, kind: str) -> list[tuple[str, Any]]:
    query = sa.select(m.CaseEvent.id, m.CaseEvent.data).where(
        m.CaseEvent.case_id == case.id, m.CaseEvent.kind == kind
    )
    async with world.db.session() as session:
        return [(gid_of("CaseEvent", i), data) for i, data in await session.execute(query)]


async def event_ids(
    world: World, case: m.Case, kind: str | None = None, actor: Any = None
) -> list[str]:
    """Global IDs of the case's events (of one kind, or by one actor)."""
    query = sa.select(m.CaseEvent.id).where(m.CaseEvent.case_id == case.id)
    if kind is not None:
        query = query.where(m.CaseEvent.kind == kind)
    if actor is not None:
        query = query.where(m.CaseEvent.actor_id == actor)
    async with world.db.session() as session:
        return [gid_of("CaseEvent", row) for row in await session.scalars(query)]


# ---------------------------------------------------------------------- nested paths

# The scope each type needs, wherever it is reached (AUTHZ.md, "Scopes").
TYPE_SCOPE = {
    "intervention": "interventions:read",
    "assessment": "assessments:read",
    "plan": "plans:read",
    "document": "documents:read",
    "participant": "participants:read",
    "meeting": "cases:read",
}
# A document of the case each role reads (employers and providers: their own).
DOCUMENT_OF = {R.EMPLOYER: "by_employer", R.PROVIDER: "by_provider"}

NESTED_QUERY = """
query Nested(
  $intervention: ID!, $assessment: ID!, $plan: ID!, $document: ID!, $participant: ID!,
  $meeting: ID!, $event: ID!
) {
  meeting: node(id: $meeting) { ... on Meeting { status case { reference } } }
  event: node(id: $event) { ... on CaseEvent { kind actor { id } } }
  intervention: node(id: $intervention) { ... on Intervention { status case { reference } } }
  assessment: node(id: $assessment) { ... on Assessment { summary case { reference } } }
  plan: node(id: $plan) { ... on Plan { title case { reference } } }
  document: node(id: $document) { ... on Document { kind { code } case { reference } } }
  participant: node(id: $participant) {
    ... on Participant { givenName cases(first: 5) { edges { node { reference } } } }
  }
  viewer { stakeholderType }
}
"""


async def check_nested(api: Api, world: World, w: AccessWorld, role: R) -> None:
    """Reaching a case through another object needs what reaching it at the root
    needs: without cases:read the case is null with FORBIDDEN on its own path,
    and the object that led there, and the rest of the answer, stand. An event of
    the case, by its id, needs cases:read as the case's timeline does."""
    reference = w.a.case.reference
    full = w.a.who[role]
    everything, hidden = await events_for(world, w, role)
    event = sorted(everything - hidden)[0]
    # ("admin" stands for every scope: an admin token without cases:read lacks both.)
    for who in (full, with_scopes(full, set(full.scopes) - {"cases:read", "admin"})):
        result = await api.query(
            who,
            NESTED_QUERY,
            intervention=gid(w.active),
            assessment=gid(w.assessment),
            plan=gid(w.active_plan),
            document=gid(w.documents[DOCUMENT_OF.get(role, "by_manager")]),
            participant=gid(w.a.participant),
            meeting=gid(w.meetings["PLAN"]),
            event=event,
        )
        assert "data" in result.body, result.body
        data = result.body["data"]
        assert data["viewer"] == {"stakeholderType": role.value}
        forbidden = {
            tuple(e["path"]) for e in result.errors if e["extensions"]["code"] == "FORBIDDEN"
        }
        reads_cases = bool({"cases:read", "admin"} & who.scopes)
        for name, scope in TYPE_SCOPE.items():
            node = data[name]
            if not {scope, "admin"} & who.scopes:
                assert node is None, (name, node)
                continue
            assert node is not None, (name, result.errors)
            via = "cases" if name == "participant" else "case"
            if reads_cases and name == "participant":
                assert [e["node"] for e in node["cases"]["edges"]] == [{"reference": reference}]
            elif reads_cases:
                assert node["case"] == {"reference": reference}
            else:
                assert node[via] is None, (name, node)
                assert (name, via) in forbidden, (name, result.errors)
        if reads_cases:
            assert data["event"]["kind"], result.errors
        else:
            assert data["event"] is None and ("event",) in forbidden, result.errors


# ---------------------------------------------------------------------- webhooks


def every_field(schema: GraphQLSchema, type_name: str, depth: int = 4) -> str:
    """A selection of every field reachable from a type, `depth` levels deep (lists with a
    `first` argument take 5; fields with other required arguments are left out): the
    widest `fields` a subscriber can ask for, whatever the schema grows to hold."""
    kind = schema.get_type(type_name)
    assert isinstance(kind, GraphQLObjectType | GraphQLInterfaceType)
    parts = []
    for name, field in kind.fields.items():
        args = ""
        required = [a for a, arg in field.args.items() if is_non_null_type(arg.type)]
        if "first" in field.args:
            args = "(first: 5)"
        elif required:
            continue
        target = get_named_type(field.type)
        if isinstance(target, GraphQLObjectType | GraphQLInterfaceType):
            if depth > 1:
                parts.append(f"{name}{args} {{ {every_field(schema, target.name, depth - 1)} }}")
        elif isinstance(target, GraphQLUnionType):
            continue
        else:
            parts.append(f"{name}{args}")
    return " ".join(parts) or "__typename"


MEDICAL_WORDS = ("F32", "Tires after four hours", "Cannot lift", "Moderate depressive")


async def check_webhooks(api: Api, world: World, w: AccessWorld, role: R) -> None:
    """A webhook payload is a read by its subscriber: for each event of the case, what
    a subscription of this role's system gets (with a `fields` selection reaching for
    every category) exists exactly for the events the role may see, and carries nothing
    of a category it does not see. An employer's never holds a MEDICAL event or a
    diagnosis."""
    if role is R.PARTICIPANT:  # a person, never a machine client: no subscriptions
        return
    org = w.a.team.get(role)
    principal = w.a.who[R.ADMIN] if org is None else as_actor(org)
    system = replace(principal, subject=f"system-{role.value}", client_id=f"system-{role.value}")
    urls = UrlPolicy(allow_loopback_http=True)
    schema = api.app.state.services.built.graphql
    cmd = webhooks.CreateSubscription(
        "http://127.0.0.1:9/hook", ["*"], fields=every_field(schema, "CaseEvent"), secret=None
    )
    sub, _ = await world.do(
        system, lambda work: webhooks.create_subscription(work, cmd, urls, frozenset())
    )
    # An event a plugin's command recorded with MEDICAL data (a medical exception, say).
    medical = await world.do(admin(), lambda work: _medical_event(work, w.a.case.id))
    everything, hidden = await events_for(world, w, role)
    assert gid(medical) in everything
    if C.MEDICAL not in SEES[role]:
        hidden.add(gid(medical))
    stage = api.app.state.services.dispatcher.webhooks
    sent: dict[str, dict[str, Any]] = {}
    for event_id in sorted(everything):
        row = SimpleNamespace(  # a delivery of a case event (any type but the digest)
            message_id=f"msg_{event_id}",
            event_id=uid(event_id),
            case_id=w.a.case.id,
            event_type=None,
        )
        body = await stage.build(sub, row)
        if body is not None:
            sent[event_id] = json.loads(body)
    assert set(sent) == everything - hidden
    text = json.dumps(sent)
    assert all(payload["data"]["fields"]["eventKind"] for payload in sent.values()), text
    if C.MEDICAL not in SEES[role]:
        assert not any(word in text for word in MEDICAL_WORDS), text
    if C.CONTACT not in SEES[role]:
        assert CONTACT["nationalId"] not in text and CONTACT["email"] not in text, text


async def _medical_event(work: Work, case_id: Any) -> m.CaseEvent:
    case = await work.session.get(m.Case, case_id)
    assert case is not None
    return record_event(
        work, case, "generic.first_contact.recorded", "Exception recorded", category=C.MEDICAL
    )


# ---------------------------------------------------------------------- the matrix


@pytest.mark.parametrize("role", ROLES, ids=str)
async def test_each_stakeholder_reads_what_its_column_allows(
    api: Api, world: World, role: R
) -> None:
    w = await build_world(world)
    await check_categories(api, w, role)
    await check_notes(api, w, role)
    await check_events(api, world, w, role)
    await check_moves(api, w, role)
    await check_meetings(api, w, role)
    await check_handover(api, w, role)
    await check_nested(api, world, w, role)
    await check_webhooks(api, world, w, role)
