"""The policy's tables and decisions, checked against AUTHZ.md directly.

What each stakeholder sees and may change through the API is tested in
tests/api/test_access_*.py; these are the invariants the tables must keep.
"""

from __future__ import annotations

import uuid
from itertools import combinations

import pytest

from vocrehab.core.errors import DomainError, Forbidden, ProblemCode
from vocrehab.core.policy import (
    ALL_SCOPES,
    MAX_SCOPES,
    Action,
    CaseAccess,
    authorize,
    categories_for,
    role_bit,
    role_mask,
    roles_in_mask,
)
from vocrehab.core.principal import Principal
from vocrehab.hooks.vocabulary import DataCategory as C
from vocrehab.hooks.vocabulary import StakeholderType as R

ROLES = list(R)


def principal(role: R, scopes: frozenset[str] | None = None, **ids: uuid.UUID) -> Principal:
    return Principal("sub", "test", role, MAX_SCOPES[role] if scopes is None else scopes, **ids)


# ---------------------------------------------------------------------- MAX_SCOPES


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.name)
def test_every_role_allowed_an_action_may_hold_its_scope(action: Action) -> None:
    for role in action.roles:
        assert action.scope in MAX_SCOPES[role], f"{role} may {action.name}"


def test_the_contracts_ceiling_is_what_actions_and_categories_imply() -> None:
    from vocrehab.core.policy import derived_max_scopes

    assert derived_max_scopes() == MAX_SCOPES


def test_every_maximum_is_made_of_known_scopes() -> None:
    for role in ROLES:
        assert MAX_SCOPES[role] <= set(ALL_SCOPES), role


def test_only_admin_holds_admin_and_actors_write() -> None:
    for scope in ("admin", "actors:write"):
        assert {role for role in ROLES if scope in MAX_SCOPES[role]} == {R.ADMIN}


def test_the_employer_may_never_hold_medical_read() -> None:
    # MEDICAL is *never* for the employer: no token of theirs can even ask for it.
    assert "medical:read" not in MAX_SCOPES[R.EMPLOYER]
    assert {role for role in ROLES if "medical:read" not in MAX_SCOPES[role]} == {R.EMPLOYER}


def test_what_consent_can_show_a_type_its_token_may_read() -> None:
    # BENEFITS is "no" for the employer, clinician and provider, not *never*: a
    # participant may consent to show it, so their tokens may carry the scope.
    assert all("benefits:read" in MAX_SCOPES[role] for role in ROLES)


def test_only_the_parties_hold_plans_approve() -> None:
    holders = {role for role in ROLES if "plans:approve" in MAX_SCOPES[role]}
    assert holders == {R.PARTICIPANT, R.EMPLOYER, R.ADMIN}


def test_only_participants_and_admin_manage_consents_and_read_the_audit() -> None:
    for scope in ("consents:read", "consents:write", "audit:read"):
        assert {role for role in ROLES if scope in MAX_SCOPES[role]} == {R.PARTICIPANT, R.ADMIN}


# ---------------------------------------------------------------------- categories


def test_categories_by_role_follow_the_authz_table() -> None:
    expected = {
        R.PARTICIPANT: set(C),
        R.EMPLOYER: {C.PLAN, C.DOCUMENTS},
        R.CLINICIAN: {C.CONTACT, C.MEDICAL, C.PLAN, C.DOCUMENTS},
        R.CASE_MANAGER: set(C),
        R.EMPLOYMENT_OFFICER: {C.CONTACT, C.PLAN, C.BENEFITS, C.DOCUMENTS},
        R.REHAB_COORDINATOR: set(C),
        R.PROVIDER: {C.PLAN, C.DOCUMENTS},
        R.ADMIN: set(C),
    }
    for role, categories in expected.items():
        assert categories_for([role], role) == categories, role


def test_consent_adds_categories() -> None:
    assert categories_for([R.PROVIDER], R.PROVIDER, [C.MEDICAL]) == {
        C.PLAN,
        C.DOCUMENTS,
        C.MEDICAL,
    }
    assert C.BENEFITS in categories_for([R.EMPLOYER], R.EMPLOYER, [C.BENEFITS])


def test_the_employer_never_gets_medical() -> None:
    # Not by consent, not through any role it holds.
    assert C.MEDICAL not in categories_for([R.EMPLOYER], R.EMPLOYER, [C.MEDICAL])
    assert C.MEDICAL not in categories_for([R.EMPLOYER, R.CLINICIAN], R.EMPLOYER, set(C))


def test_consent_never_reaches_whoever_is_on_the_case_as_the_employer() -> None:
    # A case manager by type acting for the employer organisation: the employer here.
    assert C.MEDICAL not in categories_for([R.EMPLOYER], R.CASE_MANAGER, [C.MEDICAL])
    # Also the employer's, and the case's clinician: the clinician sees it.
    assert C.MEDICAL in categories_for([R.EMPLOYER, R.CLINICIAN], R.CLINICIAN)


def test_case_access_needs_a_relationship() -> None:
    case_id, participant_id = uuid.uuid4(), uuid.uuid4()
    stranger = principal(R.CASE_MANAGER, actor_id=uuid.uuid4())
    assert CaseAccess.build(stranger, case_id, participant_id, []) is None
    own = CaseAccess.build(
        principal(R.PARTICIPANT, participant_id=participant_id), case_id, participant_id, []
    )
    assert own is not None and own.roles == {R.PARTICIPANT}
    other = principal(R.PARTICIPANT, participant_id=uuid.uuid4())
    assert CaseAccess.build(other, case_id, participant_id, []) is None
    operator = CaseAccess.build(principal(R.ADMIN), case_id, participant_id, [])
    assert operator is not None and operator.categories == set(C)


def test_employers_and_providers_see_only_their_own_documents() -> None:
    case_id, participant_id = uuid.uuid4(), uuid.uuid4()
    who = principal(R.CASE_MANAGER, actor_id=uuid.uuid4())
    for roles, all_documents in (
        ([R.EMPLOYER], False),
        ([R.PROVIDER], False),
        ([R.EMPLOYER, R.PROVIDER], False),
        ([R.EMPLOYER, R.CLINICIAN], True),
    ):
        access = CaseAccess.build(who, case_id, participant_id, roles)
        assert access is not None and access.sees_all_documents() is all_documents, roles


# ---------------------------------------------------------------------- authorize


def test_authorize_checks_the_scope_before_the_role() -> None:
    without = principal(R.CLINICIAN, frozenset())
    with pytest.raises(Forbidden):
        authorize(without, Action.MANAGE_BENEFITS, [R.CLINICIAN])
    with pytest.raises(DomainError) as refused:
        authorize(principal(R.CLINICIAN, frozenset({"benefits:write"})), Action.MANAGE_BENEFITS, [])
    assert refused.value.problems[0].code == ProblemCode.NOT_ALLOWED


def test_authorize_counts_the_roles_held_on_the_case() -> None:
    # A clinician by type, on this case for the provider: may not record assessments here.
    clinician = principal(R.CLINICIAN)
    with pytest.raises(DomainError):
        authorize(clinician, Action.RECORD_ASSESSMENT, [R.PROVIDER])
    authorize(clinician, Action.RECORD_ASSESSMENT, [R.CLINICIAN])
    # Without a case, the caller's own type counts.
    authorize(principal(R.CASE_MANAGER), Action.REGISTER_PARTICIPANT)


def test_admin_may_do_everything_but_approve_plans() -> None:
    for action in Action:
        if action is Action.APPROVE_PLAN:
            with pytest.raises(DomainError):
                authorize(principal(R.ADMIN), action, [R.ADMIN])
        else:
            authorize(principal(R.ADMIN), action, [R.ADMIN])


# ---------------------------------------------------------------------- note masks


def test_each_role_has_its_own_bit() -> None:
    bits = [role_bit(role) for role in ROLES]
    assert len(set(bits)) == len(ROLES)
    assert all(bit and bit & (bit - 1) == 0 for bit in bits)
    # Stored in a 32-bit signed INTEGER column on both databases.
    assert role_mask(ROLES) < 2**31


@pytest.mark.parametrize("size", range(len(ROLES) + 1))
def test_role_mask_round_trips(size: int) -> None:
    for roles in combinations(ROLES, size):
        assert roles_in_mask(role_mask(roles)) == list(roles)
        assert role_mask(reversed(roles)) == role_mask(roles)
