"""Every mutation family against every stakeholder type (AUTHZ.md, "What a
stakeholder may change"), through the GraphQL API.

For each type, on the case it is on: allowed -> the change is made; the scope
but not the role -> NOT_ALLOWED; another case -> NOT_FOUND (never a hint that
it exists); without the scope -> a top-level FORBIDDEN. Nothing refused
changes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from support import Api, World, admin, as_actor, gid, with_scopes
from test_access_matrix import ROLES, AccessWorld, build_world, signing_once

from vocrehab.core import actors
from vocrehab.core.policy import MAX_SCOPES
from vocrehab.core.principal import Principal
from vocrehab.db.base import Base
from vocrehab.db.engine import Database
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import StakeholderType as R


@pytest.fixture
def api(api: Api, monkeypatch: pytest.MonkeyPatch) -> Api:
    return signing_once(api, monkeypatch)


@dataclass(frozen=True)
class Family:
    mutation: str
    input_type: str
    returns: str
    scope: str


def _family(mutation: str, returns: str, scope: str, input_type: str | None = None) -> Family:
    return Family(
        mutation, input_type or f"{mutation[0].upper()}{mutation[1:]}Input", returns, scope
    )


STATUS = _family("changeInterventionStatus", "intervention", "interventions:write")
PLAN_ID = "PlanIdInput"
# In the order they are tried when allowed: later ones use what earlier ones made.
FAMILIES: dict[str, Family] = {
    "createActor": _family("createActor", "actor", "actors:write"),
    "registerParticipant": _family("registerParticipant", "participant", "participants:write"),
    "updateParticipant": _family("updateParticipant", "participant", "participants:write"),
    "openCase": _family("openCase", "case", "cases:write"),
    "updateCase": _family("updateCase", "case", "cases:write"),
    "addCaseTeamMember": _family("addCaseTeamMember", "case", "cases:write"),
    "removeCaseTeamMember": _family("removeCaseTeamMember", "case", "cases:write"),
    "createPlan": _family("createPlan", "plan", "plans:write"),
    "updatePlan": _family("updatePlan", "plan", "plans:write"),
    "approvePlan": _family("approvePlan", "plan", "plans:approve", PLAN_ID),
    "activatePlan": _family("activatePlan", "plan", "plans:write", PLAN_ID),
    "recordAssessment": _family("recordAssessment", "assessment", "assessments:write"),
    "proposeIntervention": _family("proposeIntervention", "intervention", "interventions:write"),
    "referIntervention": STATUS,
    "startIntervention": STATUS,
    "completeIntervention": STATUS,
    "startOthersIntervention": STATUS,
    "grantBenefit": _family("grantBenefit", "benefitPeriod", "benefits:write"),
    "endBenefit": _family("endBenefit", "benefitPeriod", "benefits:write"),
    "addCaseNote": _family("addCaseNote", "note", "notes:write"),
    "closeCase": _family("closeCase", "case", "cases:write"),
}

CM, EO, RC = R.CASE_MANAGER, R.EMPLOYMENT_OFFICER, R.REHAB_COORDINATOR
# AUTHZ.md, "What a stakeholder may change", and where it is silent the policy's
# documented choices: case managers also draft plans and propose interventions,
# case managers and employment officers also start and end interventions, ADMIN
# does everything but approve a plan (approval is the parties' own).
ALLOWED: dict[str, set[R]] = {
    "createActor": {R.ADMIN},
    "registerParticipant": {CM, R.ADMIN},
    "updateParticipant": {CM, R.ADMIN},
    "openCase": {CM, R.ADMIN},
    "updateCase": {CM, R.ADMIN},
    "addCaseTeamMember": {CM, RC, R.ADMIN},
    "removeCaseTeamMember": {CM, RC, R.ADMIN},
    "createPlan": {R.EMPLOYER, EO, CM, R.ADMIN},
    "updatePlan": {R.EMPLOYER, EO, CM, R.ADMIN},
    "approvePlan": {R.PARTICIPANT, R.EMPLOYER},
    "activatePlan": {CM, R.ADMIN},
    "recordAssessment": {R.CLINICIAN, RC, R.ADMIN},
    "proposeIntervention": {R.CLINICIAN, RC, EO, CM, R.ADMIN},
    "referIntervention": {CM, EO, R.ADMIN},
    # The provider only for an intervention it provides itself.
    "startIntervention": {R.PROVIDER, CM, EO, R.ADMIN},
    "completeIntervention": {R.PROVIDER, CM, EO, R.ADMIN},
    "startOthersIntervention": {CM, EO, R.ADMIN},
    "grantBenefit": {CM, R.ADMIN},
    "endBenefit": {CM, R.ADMIN},
    "addCaseNote": set(R),
    "closeCase": {CM, R.ADMIN},
}

STEPS = [{"startDate": "2026-03-02", "endDate": "2026-03-29", "workPercent": 50}]


def targets(w: AccessWorld) -> dict[str, tuple[dict[str, Any], dict[str, Any] | None]]:
    """Each family's input on case a, and on case b (None: it concerns no case)."""
    a, b = w.a, w.b

    def both(make: Any, a_arg: Any, b_arg: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return make(a_arg), make(b_arg)

    return {
        "createActor": ({"kind": "PERSON", "stakeholderType": "CLINICIAN", "name": "Dr New"}, None),
        "registerParticipant": (
            {"jurisdiction": "generic", "givenName": "Nils", "familyName": "Dahl"},
            None,
        ),
        "updateParticipant": both(
            lambda p: {"id": gid(p), "email": "changed@example.org"}, a.participant, b.participant
        ),
        "openCase": both(
            lambda p: {"participantId": gid(p), "employmentStatus": "UNEMPLOYED"},
            a.participant,
            b.participant,
        ),
        "updateCase": both(lambda c: {"id": gid(c), "phase": "RE_ENTRY"}, a.case, b.case),
        "addCaseTeamMember": both(
            lambda c: {"caseId": gid(c), "actorId": gid(w.spare), "role": "EMPLOYMENT_OFFICER"},
            a.case,
            b.case,
        ),
        # Refused roles try to remove a real member: so that "nothing changed" means something.
        "removeCaseTeamMember": both(
            lambda s: {"caseId": gid(s.case), "actorId": gid(s.team[R.CLINICIAN])}, a, b
        ),
        "createPlan": both(
            lambda c: {"caseId": gid(c), "title": "Third plan", "steps": STEPS}, a.case, b.case
        ),
        "updatePlan": both(lambda p: {"id": gid(p), "title": "Changed"}, w.draft_plan, w.b_plan),
        "approvePlan": both(lambda p: {"id": gid(p)}, w.draft_plan, w.b_plan),
        "activatePlan": both(lambda p: {"id": gid(p)}, w.draft_plan, w.b_plan),
        "recordAssessment": both(
            lambda c: {"caseId": gid(c), "kind": "WORK_CAPACITY", "assessedAt": "2026-03-02"},
            a.case,
            b.case,
        ),
        "proposeIntervention": both(
            lambda c: {"caseId": gid(c), "typeCode": "WORK_TRIAL"}, a.case, b.case
        ),
        "referIntervention": both(
            lambda i: {"id": gid(i), "status": "REFERRED"}, w.proposed, w.b_intervention
        ),
        "startIntervention": both(
            lambda i: {"id": gid(i), "status": "ACTIVE"}, w.referred, w.b_intervention
        ),
        "completeIntervention": both(
            lambda i: {"id": gid(i), "status": "COMPLETED", "outcome": "Back at work"},
            w.active,
            w.b_intervention,
        ),
        "startOthersIntervention": ({"id": gid(w.foreign), "status": "ACTIVE"}, None),
        "grantBenefit": both(
            lambda c: {
                "caseId": gid(c),
                "benefitTypeCode": "REHABILITATION_BENEFIT",
                "degree": 50,
                "startDate": "2026-03-02",
            },
            a.case,
            b.case,
        ),
        "endBenefit": both(
            lambda p: {"id": gid(p), "endDate": "2026-03-02"}, w.benefit, w.b_benefit
        ),
        "addCaseNote": both(
            lambda c: {"caseId": gid(c), "body": "Spoke today", "visibleTo": ["CASE_MANAGER"]},
            a.case,
            b.case,
        ),
        # Refused roles try to close a; allowed ones close the case they opened
        # (a has a benefit and interventions running, so it cannot close).
        "closeCase": both(lambda c: {"id": gid(c), "reason": "Back at work"}, a.case, b.case),
    }


async def attempt(
    api: Api, who: Principal, family: Family, data: dict[str, Any]
) -> tuple[str, str | None]:
    """("OK", the object's id): no userErrors, object returned; else (the error codes, None)."""
    query = (
        f"mutation Try($input: {family.input_type}!) {{ {family.mutation}(input: $input) "
        f"{{ {family.returns} {{ id }} userErrors {{ code message }} }} }}"
    )
    result = await api.query(who, query, input=data)
    if result.errors:
        return "+".join(result.codes), None
    payload = result.body["data"][family.mutation]
    if payload["userErrors"]:
        return "+".join(f"{e['code']} ({e['message']})" for e in payload["userErrors"]), None
    changed = payload[family.returns]
    return ("OK", changed["id"]) if changed else ("no object returned", None)


def scoped(
    who: Principal, role: R, add: frozenset[str] = frozenset(), drop: frozenset[str] = frozenset()
) -> Principal:
    """`who` with its type's maximum scopes, plus `add`, minus `drop`."""
    return with_scopes(who, (set(MAX_SCOPES[role]) | add) - drop)


async def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the API can change."""
    found = {}
    async with db.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name != "signing_keys":
                rows = await session.execute(sa.select(table).order_by(*table.primary_key))
                found[table.name] = [tuple(row) for row in rows]
    return found


@pytest.mark.parametrize("role", ROLES, ids=str)
async def test_each_mutation_family_for_each_stakeholder(api: Api, world: World, role: R) -> None:
    w = await build_world(world)
    who = w.a.who[role]
    inputs = targets(w)
    wrong: list[str] = []

    def expect(what: str, outcome: str, expected: str) -> None:
        if not outcome.startswith(expected):
            wrong.append(f"{what}: expected {expected}, got {outcome}")

    # (what, who, family, input, expected): none of these may change anything.
    refusals: list[tuple[str, Principal, Family, dict[str, Any], str]] = []
    for name, family in FAMILIES.items():
        on_a, on_b = inputs[name]
        # ADMIN's `admin` scope stands for every other scope: both must go.
        without = scoped(who, role, drop=frozenset({family.scope, "admin"}))
        refusals.append((f"{name} without {family.scope}", without, family, on_a, "FORBIDDEN"))
        with_scope = scoped(who, role, add=frozenset({family.scope}))
        if on_b is not None and role is not R.ADMIN:
            refusals.append((f"{name} on another case", with_scope, family, on_b, "NOT_FOUND"))
        if role not in ALLOWED[name]:
            refusals.append((f"{name} by {role}", with_scope, family, on_a, "NOT_ALLOWED"))
    before = await snapshot(world.db)
    for what, caller, family, data, expected in refusals:
        outcome, _ = await attempt(api, caller, family, data)
        expect(what, outcome, expected)
    assert wrong == []
    assert await snapshot(world.db) == before, "a refused mutation changed something"

    opened = None
    for name, family in FAMILIES.items():
        if role not in ALLOWED[name]:
            continue
        on_a = inputs[name][0]
        if name == "removeCaseTeamMember":
            on_a = {**on_a, "actorId": gid(w.spare)}  # whom addCaseTeamMember added
        if name == "closeCase":
            on_a = {**on_a, "id": opened}
        outcome, changed = await attempt(api, who, family, on_a)
        if name == "openCase":
            opened = changed
        expect(f"{name} by {role}", outcome, "OK")
    assert wrong == []


async def test_acting_for_the_employer_changes_nothing_about_the_participant(
    api: Api, world: World
) -> None:
    w = await build_world(world)
    # Typed as a case manager, but on this case only through the employer.
    hr_manager = await world.do(
        admin(),
        lambda work: actors.create_actor(
            work,
            actors.CreateActor(
                ActorKind.PERSON,
                R.CASE_MANAGER,
                "HR manager",
                organisation_id=w.a.team[R.EMPLOYER].id,
            ),
        ),
    )
    who, inputs = as_actor(hr_manager), targets(w)
    before = await snapshot(world.db)
    for name in ("updateParticipant", "openCase"):
        outcome, _ = await attempt(api, who, FAMILIES[name], inputs[name][0])
        assert outcome.startswith("NOT_ALLOWED"), f"{name}: {outcome}"
    assert await snapshot(world.db) == before
