"""The access policy: the one place that decides who may see and do what (AUTHZ.md).

Three gates:
1. scope — the token's OAuth scopes allow the operation at all (`Action.scope`);
2. relationship — the caller is the case's participant, on its team (directly
   or through the organisation it acts for, membership active today), or ADMIN;
3. data category — CONTACT, MEDICAL, BENEFITS, ... by team role (table below),
   widened by the participant's consent, never past what is marked *never*.

Both halves live here: pure decisions over facts (`CaseAccess`, `authorize`)
and the same rule as SQL (`visible_cases`, `visible_participants`) so that
lists and counts are filtered in the database, not after it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import lru_cache
from typing import Any, Literal

import sqlalchemy as sa
import sqlalchemy.orm

from vocrehab.core.errors import DomainError, Forbidden, not_allowed
from vocrehab.core.masks import (
    CATEGORY_BITS,
    ROLE_BITS,
    categories_in_mask,
    role_bit,
    role_mask,
    roles_in_mask,
)
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.sql import AnyOf, OneOf
from vocrehab.hooks.categories import ALL_CATEGORIES, CATEGORIES_BY_ROLE, NEVER
from vocrehab.hooks.vocabulary import SCOPES, SCOPES_BY_ROLE
from vocrehab.hooks.vocabulary import DataCategory as C
from vocrehab.hooks.vocabulary import StakeholderType as R

__all__ = [
    "ALL_SCOPES",
    "CATEGORY_SCOPES",
    "MAX_SCOPES",
    "Action",
    "CaseAccess",
    "ParticipantAccess",
    "Viewer",
    "authorize",
    "categories_for",
    "manages_webhooks",
    "own_webhooks",
    "reads_webhooks",
    "require_scope",
    "role_bit",
    "role_mask",
    "viewer_of",
    "visible_cases",
    "visible_participants",
]

ALL = ALL_CATEGORIES
# The category tables (AUTHZ.md) live in the plugin contract, which reasons
# about documents' audiences with them: vocrehab.hooks.categories.
# DOCUMENTS for EMPLOYER and PROVIDER means their own kinds only.
OWN_DOCUMENTS_ONLY = frozenset({R.EMPLOYER, R.PROVIDER})

ALL_SCOPES = SCOPES


class Action(Enum):
    """Each change a caller can ask for: the scope it needs and the roles that may."""

    CREATE_ACTOR = ("actors:write", {R.ADMIN})
    REGISTER_PARTICIPANT = ("participants:write", {R.CASE_MANAGER, R.ADMIN})
    UPDATE_PARTICIPANT = ("participants:write", {R.CASE_MANAGER, R.ADMIN})
    OPEN_CASE = ("cases:write", {R.CASE_MANAGER, R.ADMIN})
    UPDATE_CASE = ("cases:write", {R.CASE_MANAGER, R.ADMIN})
    CLOSE_CASE = ("cases:write", {R.CASE_MANAGER, R.ADMIN})
    MANAGE_TEAM = ("cases:write", {R.CASE_MANAGER, R.REHAB_COORDINATOR, R.ADMIN})
    ASSIGN_STEP = ("cases:write", {R.CASE_MANAGER, R.ADMIN})
    DRAFT_PLAN = ("plans:write", {R.EMPLOYER, R.EMPLOYMENT_OFFICER, R.CASE_MANAGER, R.ADMIN})
    ACTIVATE_PLAN = ("plans:write", {R.CASE_MANAGER, R.ADMIN})
    APPROVE_PLAN = ("plans:approve", {R.PARTICIPANT, R.EMPLOYER})
    RECORD_ASSESSMENT = ("assessments:write", {R.CLINICIAN, R.REHAB_COORDINATOR, R.ADMIN})
    PROPOSE_INTERVENTION = (
        "interventions:write",
        {R.CLINICIAN, R.REHAB_COORDINATOR, R.EMPLOYMENT_OFFICER, R.CASE_MANAGER, R.ADMIN},
    )
    REFER_INTERVENTION = ("interventions:write", {R.CASE_MANAGER, R.EMPLOYMENT_OFFICER, R.ADMIN})
    # Starting, completing or discontinuing; a PROVIDER only for interventions it provides.
    DELIVER_INTERVENTION = (
        "interventions:write",
        {R.PROVIDER, R.CASE_MANAGER, R.EMPLOYMENT_OFFICER, R.ADMIN},
    )
    MANAGE_BENEFITS = ("benefits:write", {R.CASE_MANAGER, R.ADMIN})
    # Scheduling, holding and cancelling the team's meetings; the meeting's kind
    # narrows it to its conveners (`hooks.meetings`).
    MANAGE_MEETINGS = (
        "notes:write",
        {R.EMPLOYER, R.CLINICIAN, R.CASE_MANAGER, R.EMPLOYMENT_OFFICER, R.REHAB_COORDINATOR,
         R.ADMIN},
    )  # fmt: skip
    ADD_NOTE = ("notes:write", set(R))
    MANAGE_CONSENT = ("consents:write", {R.PARTICIPANT, R.ADMIN})
    GENERATE_DOCUMENT = ("documents:write", set(R))
    # Webhook subscriptions: machine clients for their own actor, and ADMIN
    # (`manages_webhooks`); never a participant.
    MANAGE_WEBHOOKS = ("webhooks:write", set(R) - {R.PARTICIPANT})

    def __init__(self, scope: str, roles: set[R]) -> None:
        self.scope = scope
        self.roles = frozenset(roles)


# The most a token of each stakeholder type may ever carry; a client or user
# is never granted more (AUTHZ.md, "A client can never be granted a scope
# beyond its stakeholder type's maximum"). Derived from what each type may see
# and change, so the two tables cannot drift apart. What a type may see includes
# what a participant's consent can give it: every category but its *never* ones
# (a provider granted MEDICAL must be able to hold medical:read). The scopes are
# a ceiling: the category decides whether the data shows.
CATEGORY_SCOPES: dict[C, str] = {C.MEDICAL: "medical:read", C.BENEFITS: "benefits:read"}
"""Categories a token reaches only with a scope of its own, on top of the relationship."""
_COMMON_READ = (
    "cases:read", "participants:read", "plans:read", "assessments:read",
    "interventions:read", "notes:read", "documents:read", "actors:read",
)  # fmt: skip


def _max_scopes(role: R) -> frozenset[str]:
    if role is R.ADMIN:
        return frozenset(ALL_SCOPES)
    scopes = set(_COMMON_READ)
    for category in ALL - NEVER.get(role, frozenset()):
        if category in CATEGORY_SCOPES:
            scopes.add(CATEGORY_SCOPES[category])
    scopes.update(action.scope for action in Action if role in action.roles)
    if role is R.PARTICIPANT:
        scopes.update({"consents:read", "audit:read"})
    else:
        scopes.add("webhooks:read")
    return frozenset(scopes)


def derived_max_scopes() -> dict[R, frozenset[str]]:
    """The ceiling each stakeholder type's actions and categories imply; the contract's
    table (`SCOPES_BY_ROLE`, which plugins check their commands against) must equal it."""
    return {role: _max_scopes(role) for role in R}


MAX_SCOPES: dict[R, frozenset[str]] = SCOPES_BY_ROLE


# ---------------------------------------------------------------------- decisions


def require_scope(principal: Principal, scope: str) -> None:
    if not principal.has_scope(scope):
        raise Forbidden(scope)


def categories_for(roles: Iterable[R], viewer: R, granted: Iterable[C] = ()) -> frozenset[C]:
    """Categories visible through `roles`, plus consented ones, minus what `viewer` never gets.

    Consent cannot give what one of the held roles never gets either: whoever
    is on a case only as (or for) its employer does not see the diagnosis,
    whatever their own stakeholder type.
    """
    held = set(roles)
    consented = set(granted).difference(*(NEVER.get(role, ()) for role in held))
    visible = consented.union(*(CATEGORIES_BY_ROLE[role] for role in held))
    return frozenset(visible - NEVER.get(viewer, frozenset()))


@dataclass(frozen=True)
class CaseAccess:
    """What one principal may do with one case it can see."""

    case_id: uuid.UUID
    participant_id: uuid.UUID
    roles: frozenset[R]
    """Team roles held today (PARTICIPANT for the participant, ADMIN for an admin)."""
    categories: frozenset[C]

    @classmethod
    def build(
        cls,
        principal: Principal,
        case_id: uuid.UUID,
        participant_id: uuid.UUID,
        team_roles: Iterable[R],
        consented: Iterable[C] = (),
    ) -> CaseAccess | None:
        roles = set(team_roles)
        if principal.participant_id is not None and principal.participant_id == participant_id:
            roles.add(R.PARTICIPANT)
        if principal.is_admin:
            roles.add(R.ADMIN)
        if not roles:
            return None
        return cls(
            case_id=case_id,
            participant_id=participant_id,
            roles=frozenset(roles),
            categories=categories_for(roles, principal.stakeholder_type, consented),
        )

    def sees(self, category: C) -> bool:
        return category in self.categories

    def sees_all_documents(self) -> bool:
        return bool(self.roles - OWN_DOCUMENTS_ONLY)

    def note_mask(self) -> int | None:
        """The roles whose notes the viewer reads, as a mask (None: all, for ADMIN).
        `reads.note_filter` turns it into SQL; `reads_note` checks one row."""
        return None if R.ADMIN in self.roles else role_mask(self.roles)

    def reads_note(self, visible_mask: int) -> bool:
        mask = self.note_mask()
        return mask is None or bool(visible_mask & mask)

    def event_categories(self) -> tuple[str, ...]:
        """Categories whose events the viewer sees (`reads.event_filter` in SQL)."""
        return tuple(sorted(c.value for c in self.categories))

    def sees_event(self, category: str | None) -> bool:
        """Events without a category reveal nothing beyond the case itself."""
        return category is None or C(category) in self.categories

    @classmethod
    def of_bits(
        cls,
        principal: Principal,
        case_id: uuid.UUID,
        participant_id: uuid.UUID,
        role_bits: int,
        consent_bits: int,
    ) -> CaseAccess | None:
        """From the columns `role_bits_of_case` and `consent_bits_of_participant` computed."""
        return cls.build(
            principal, case_id, participant_id, roles_in_mask(role_bits),
            categories_in_mask(consent_bits),
        )  # fmt: skip


@dataclass(frozen=True)
class ParticipantAccess:
    participant_id: uuid.UUID
    categories: frozenset[C]
    roles: frozenset[R]
    """The roles through which the principal sees the participant: team roles on
    their cases, the registrar's own type, PARTICIPANT, ADMIN. Changes that
    concern the participant rather than one case (updating them, opening a case
    for them) are for these roles to make, not for the caller's own type."""

    def sees(self, category: C) -> bool:
        return category in self.categories


def reachable_categories(principal: Principal, categories: Iterable[C]) -> frozenset[C]:
    """The categories a relationship allows, narrowed to those the token's scopes reach
    (a category with a scope of its own: MEDICAL needs medical:read)."""
    return frozenset(
        c
        for c in categories
        if (scope := CATEGORY_SCOPES.get(c)) is None or principal.has_scope(scope)
    )


def reads_participant_private(principal: Principal, participant_id: uuid.UUID) -> bool:
    """Consents and the access log: only the participant themselves and ADMIN
    read them (AUTHZ.md "Audit": the access log is shown to the participant)."""
    return principal.is_admin or principal.participant_id == participant_id


def authorize(principal: Principal, action: Action, roles: Iterable[R] | None = None) -> None:
    """Raise unless `principal` may perform `action`.

    `roles` are the caller's roles on the case concerned; None for actions that
    concern no case yet (creating an actor, registering a participant), where
    the caller's own stakeholder type counts.
    """
    require_scope(principal, action.scope)
    held = set(roles) if roles is not None else {principal.stakeholder_type}
    if principal.is_admin:
        held.add(R.ADMIN)
    if not held & action.roles:
        allowed = ", ".join(sorted(role.value for role in action.roles))
        raise not_allowed(f"only {allowed} may do this")


def manages_webhooks(principal: Principal, scope: str) -> None:
    """Webhook subscriptions are ADMIN's and machine clients' for their own actor:
    a person's token (a frontend) and a participant never hold them."""
    require_scope(principal, scope)
    if principal.is_admin:
        return
    if not principal.is_machine or principal.actor_id is None:
        raise not_allowed("only ADMIN and machine clients acting for an actor manage webhooks")
    authorize(principal, Action.MANAGE_WEBHOOKS)


def reads_webhooks(principal: Principal) -> None:
    """Reading webhook subscriptions: as managing them, but a query answers a token
    that may not with FORBIDDEN on the field (the rest of the response stands), where
    a mutation answers with a userError."""
    try:
        manages_webhooks(principal, "webhooks:read")
    except DomainError as refused:
        raise Forbidden(None, str(refused)) from None


def own_webhooks(principal: Principal) -> Any:
    """The SQL form: the subscriptions a principal manages (ADMIN: all)."""
    if principal.is_admin:
        return sa.true()
    return m.WebhookSubscription.actor_id == principal.actor_id


# ---------------------------------------------------------------------- the same rules in SQL


@dataclass(frozen=True)
class Viewer:
    """What the SQL forms of the rules depend on: the same for every token of one
    person, so the expressions built for it are built once (and cached)."""

    acting_ids: tuple[uuid.UUID, ...]
    participant_id: uuid.UUID | None
    stakeholder_type: R


def viewer_of(principal: Principal) -> Viewer:
    return Viewer(principal.acting_ids, principal.participant_id, principal.stakeholder_type)


def _active(viewer: Viewer, today: date, team: Any) -> sa.ColumnElement[bool]:
    return sa.and_(
        AnyOf(team.actor_id, viewer.acting_ids),
        team.since <= today,
        sa.or_(team.until.is_(None), team.until >= today),
    )


def active_membership(
    principal: Principal, today: date, team: Any = m.CaseTeamMember
) -> sa.ColumnElement[bool]:
    return _active(viewer_of(principal), today, team)


_EVERYTHING: sa.ColumnElement[bool] = sa.true()
_NO_BITS: sa.ColumnElement[int] = sa.literal(0)
"""No roles, no consents: one object, so statements built from it can be kept."""


def visible_cases(principal: Principal, today: date) -> sa.ColumnElement[bool]:
    """WHERE clause over `cases`: the cases `principal` may see."""
    if principal.is_admin:
        return _EVERYTHING
    return _visible_cases(viewer_of(principal), today)


@lru_cache(maxsize=4096)
def _visible_cases(viewer: Viewer, today: date) -> sa.ColumnElement[bool]:
    clauses: list[sa.ColumnElement[bool]] = []
    if viewer.participant_id is not None:
        clauses.append(m.Case.participant_id == viewer.participant_id)
    if viewer.acting_ids:
        # One of the reader's memberships, looked up by primary key, not a
        # correlated EXISTS: SQLite would probe EXISTS once per case it walks in
        # the page's order, and PostgreSQL may hash the memberships and scan
        # every case (~20 and ~4 ms a page at 10,000 cases, against < 1 ms).
        team = m.CaseTeamMember
        mine = sa.select(team.case_id).where(_active(viewer, today, team))
        clauses.append(OneOf(m.Case.id, mine))
    return sa.or_(*clauses) if clauses else sa.false()


def _has_no_case(participant_id: Any) -> sa.ColumnElement[bool]:
    """Whether the participant has no case, probed by index for each row: as NOT
    EXISTS, PostgreSQL may hash every case's participant instead (a scan of the
    whole table for each statement)."""
    case = sa.orm.aliased(m.Case)
    first = sa.select(case.id).where(case.participant_id == participant_id).limit(1)
    return first.scalar_subquery().is_(None)


def visible_participants(principal: Principal, today: date) -> sa.ColumnElement[bool]:
    """WHERE clause over `participants`: themselves, those on whose case team the
    caller is, and those without a case yet whom the caller's actor or
    organisation registered."""
    if principal.is_admin:
        return sa.true()
    return _visible_participants(viewer_of(principal), today)


@lru_cache(maxsize=4096)
def _visible_participants(viewer: Viewer, today: date) -> sa.ColumnElement[bool]:
    clauses: list[sa.ColumnElement[bool]] = []
    if viewer.participant_id is not None:
        clauses.append(m.Participant.id == viewer.participant_id)
    if viewer.acting_ids:
        team = m.CaseTeamMember
        # The registrar sees the participant until a case exists; from then on,
        # access follows the case teams like everyone else's.
        clauses.append(
            sa.and_(
                AnyOf(m.Participant.registered_by_id, viewer.acting_ids),
                _has_no_case(m.Participant.id),
            )
        )
        clauses.append(
            sa.exists()
            .where(m.Case.participant_id == m.Participant.id)
            .where(team.case_id == m.Case.id, _active(viewer, today, team))
        )
    return sa.or_(*clauses) if clauses else sa.false()


# ---------------------------------------------------------------------- note visibility


# ---------------------------------------------------------------------- the viewer's access as columns
#
# The read path loads a case (or participant) and the viewer's access to it in
# the same statement: these scalar subqueries give, per row, the viewer's team
# roles and the categories consented to the viewer, as bit masks.


def _role_bit(role: Any) -> sa.ColumnElement[int]:
    return sa.case(dict(ROLE_BITS), value=role, else_=0)


def _or_of_bits(bits: Any) -> sa.ColumnElement[int]:
    """OR over rows of values that are each a single bit: the sum of the distinct ones
    (portable: SQLite has no bit_or)."""
    return sa.func.coalesce(sa.func.sum(sa.distinct(bits)), 0)


def _any_bit(masks: Any, bits: Iterable[int]) -> sa.ColumnElement[int]:
    """OR of multi-bit `masks` over rows, as a sum of per-bit maxima."""
    return sa.func.coalesce(sum(sa.func.max(masks.op("&")(bit)) for bit in bits), 0)


@lru_cache(maxsize=4096)
def _role_bits_of_case(viewer: Viewer, today: date) -> sa.ColumnElement[int]:
    team = sa.orm.aliased(m.CaseTeamMember)
    return (
        sa.select(_or_of_bits(_role_bit(team.role)))
        .where(team.case_id == m.Case.id, _active(viewer, today, team))
        .scalar_subquery()
    )


def role_bits_of_case(principal: Principal, today: date) -> sa.ColumnElement[int]:
    """The viewer's active team roles on the case of the row (`cases.id`), 0 if none."""
    if not principal.acting_ids:
        return _NO_BITS
    return _role_bits_of_case(viewer_of(principal), today)


@lru_cache(maxsize=4096)
def _role_bits_of_participant(viewer: Viewer, today: date) -> sa.ColumnElement[int]:
    team = sa.orm.aliased(m.CaseTeamMember)
    case = sa.orm.aliased(m.Case)
    person = m.Participant
    on_teams = (
        sa.select(_or_of_bits(_role_bit(team.role)))
        .join(case, case.id == team.case_id)
        .where(case.participant_id == person.id, _active(viewer, today, team))
        .scalar_subquery()
    )
    # The registrar sees the participant with its own type until a case exists.
    registrar = sa.case(
        (
            sa.and_(AnyOf(person.registered_by_id, viewer.acting_ids), _has_no_case(person.id)),
            ROLE_BITS[viewer.stakeholder_type],
        ),
        else_=0,
    )
    return on_teams.op("|")(registrar)


def role_bits_of_participant(principal: Principal, today: date) -> sa.ColumnElement[int]:
    """The viewer's roles towards the participant of the row (`participants`): team
    roles on any of their cases, and the registrar's own type while they have no
    case (`visible_participants`)."""
    if not principal.acting_ids:
        return _NO_BITS
    return _role_bits_of_participant(viewer_of(principal), today)


@lru_cache(maxsize=4096)
def _consent_bits(viewer: Viewer, today: date, of: str) -> sa.ColumnElement[int]:
    consent = sa.orm.aliased(m.Consent)
    participant_id = m.Case.participant_id if of == "case" else m.Participant.id
    return (
        sa.select(_any_bit(consent.categories_mask, CATEGORY_BITS.values()))
        .where(
            consent.participant_id == participant_id,
            AnyOf(consent.grantee_id, viewer.acting_ids),
            consent.revoked_at.is_(None),
            consent.valid_from <= today,
            sa.or_(consent.valid_to.is_(None), consent.valid_to >= today),
        )
        .scalar_subquery()
    )


def consent_bits_of_participant(
    principal: Principal, today: date, of: Literal["case", "participant"]
) -> sa.ColumnElement[int]:
    """Categories the participant of the row (of `cases` or `participants`) has
    consented to show the viewer's actor or organisation."""
    if not principal.acting_ids:
        return _NO_BITS
    return _consent_bits(viewer_of(principal), today, of)
