"""Cases: opening, changing and closing them, and finding them."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core import access
from vocrehab.core.casework import (
    after_change,
    case_for_change,
    check_rules,
    detail_problems,
    facts_of,
    record_event,
    remember_access,
    require_open,
)
from vocrehab.core.errors import (
    DomainError,
    Problem,
    ProblemCode,
    invalid_input,
    invalid_state,
)
from vocrehab.core.pagination import Page, PageRequest, Reader, SortKey, keyset_page
from vocrehab.core.policy import (
    Action,
    CaseAccess,
    active_membership,
    authorize,
    consent_bits_of_participant,
    require_scope,
    role_bits_of_case,
    visible_cases,
)
from vocrehab.core.principal import Principal
from vocrehab.core.seen import has_unseen
from vocrehab.core.validation import Checks
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.hooks.types import OpenCase as OpenCaseChange
from vocrehab.hooks.types import UpdateCase as UpdateCaseChange
from vocrehab.hooks.vocabulary import (
    CaseStatus,
    EmploymentStatus,
    InterventionStatus,
    PlanStatus,
    ReturnToWorkPhase,
    StakeholderType,
)

__all__ = [
    "CaseFilter",
    "CaseOrder",
    "CloseCase",
    "OpenCase",
    "UpdateCase",
    "cases_by_ids",
    "close_case",
    "list_cases",
    "open_case",
    "update_case",
]

EMPLOYED = {EmploymentStatus.EMPLOYED, EmploymentStatus.SELF_EMPLOYED}
FAR_FUTURE = date(9999, 12, 31)


@dataclass(frozen=True)
class OpenCase:
    participant_id: uuid.UUID
    employment_status: EmploymentStatus
    employer_id: uuid.UUID | None = None
    sick_leave_start: date | None = None
    phase: ReturnToWorkPhase = ReturnToWorkPhase.OFF_WORK
    details: Any = None
    """JSON from the client; the jurisdiction validates it."""


async def open_case(work: Work, cmd: OpenCase) -> m.Case:
    participant_id = cmd.participant_id
    seen = await access.participant_access(
        work.session, work.principal, [participant_id], work.today
    )
    participant = await work.session.get(m.Participant, participant_id)
    if participant is None or participant_id not in seen:
        raise DomainError(
            [Problem(ProblemCode.NOT_FOUND, "no such participant", ("participant_id",))]
        )
    authorize(work.principal, Action.OPEN_CASE, seen[participant_id].roles)
    jurisdiction = work.jurisdiction(participant.jurisdiction)
    checks = Checks()
    employer_id = await _employer(work, checks, cmd.employer_id, cmd.employment_status)
    details = _details(work, checks, participant.jurisdiction, cmd.details or {}, None)
    checks.done()
    now = work.clock.now()
    case = m.Case(
        reference=await _next_reference(work.session, jurisdiction.reference_prefix, now.year),
        participant_id=participant.id,
        jurisdiction=participant.jurisdiction,
        status=CaseStatus.OPEN,
        phase=cmd.phase,
        employment_status=cmd.employment_status,
        employer_id=employer_id,
        sick_leave_start=cmd.sick_leave_start,
        opened_at=now,
        details=details,
        details_version=work.host.details_version(participant.jurisdiction),
        created_by_id=work.principal.actor_id,
        updated_at=now,
    )
    work.session.add(case)
    await work.session.flush()
    record_event(work, case, "case.opened", f"Case {case.reference} opened")
    if work.principal.actor_id is not None and not work.principal.is_admin:
        # Whoever opens a case is on its team: otherwise they could not see it.
        _add_member(work, case, work.principal.actor_id, work.principal.stakeholder_type)
    facts = await facts_of(work, case)
    await remember_access(work, case)
    check_rules(work, case, OpenCaseChange(facts), facts)
    await after_change(work, case)
    return case


async def _employer(
    work: Work, checks: Checks, employer_id: uuid.UUID | None, status: EmploymentStatus
) -> uuid.UUID | None:
    if employer_id is None:
        return None
    if status not in EMPLOYED:
        checks.fail(
            ("employer_id",), f"an employer needs employment status {EmploymentStatus.EMPLOYED}"
        )
    employer = await work.session.get(m.Actor, employer_id)
    if employer is None:
        checks.fail(("employer_id",), "no such actor", ProblemCode.NOT_FOUND)
    elif employer.stakeholder_type is not StakeholderType.EMPLOYER:
        checks.fail(("employer_id",), "must be an actor of stakeholder type EMPLOYER")
    return employer_id


def _details(
    work: Work, checks: Checks, code: str, details: dict[str, Any], case: Any
) -> dict[str, Any]:
    if not isinstance(details, dict):
        checks.fail(("details",), "must be a JSON object")
        return {}
    result = work.jurisdiction(code).validate_details("case", details, case)
    detail_problems(work, checks, result.violations)
    return dict(result.value)


async def _next_reference(session: AsyncSession, prefix: str, year: int) -> str:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(m.ReferenceCounter)
        .values(prefix=prefix, year=year, value=1)
        .on_conflict_do_update(
            index_elements=["prefix", "year"], set_={"value": m.ReferenceCounter.value + 1}
        )
        .returning(m.ReferenceCounter.value)
    )
    value = await session.scalar(stmt)
    return f"{prefix}-{year}-{value:06d}"


@dataclass(frozen=True)
class UpdateCase:
    id: uuid.UUID
    changes: dict[str, Any] = field(default_factory=dict)
    """Only what the client sent: phase, status, employment_status, employer_id, details."""


async def update_case(work: Work, cmd: UpdateCase) -> m.Case:
    case_id = cmd.id
    case, case_access = await case_for_change(work, case_id, Action.UPDATE_CASE, ("id",))
    changes = dict(cmd.changes)
    before = await facts_of(work, case)
    if case.status is CaseStatus.CLOSED:
        if changes.get("status") is not CaseStatus.OPEN:
            raise invalid_state(f"case {case.reference} is closed; reopen it with status OPEN")
        _reopen(work, case, case_access)
        changes.pop("status")  # the other changes sent with it apply to the reopened case
    if changes.get("status") is CaseStatus.CLOSED:
        raise invalid_input("closing a case is its own change, which records why", ("status",))
    checks = Checks()
    status = changes.get("employment_status", case.employment_status)
    if "employer_id" in changes:
        case.employer_id = await _employer(work, checks, changes["employer_id"], status)
    elif case.employer_id is not None and status not in EMPLOYED:
        checks.fail(
            ("employment_status",), "clear the employer when the participant is not employed"
        )
    if "details" in changes:
        # Merged into the stored details as the jurisdiction now reads them (upgraded
        # to its current format), and stored in that format.
        stored = work.host.upgraded_details(
            case.jurisdiction, "case", case.details or {}, case.details_version
        )
        merged = {**stored, **(changes["details"] or {})}
        merged = {k: v for k, v in merged.items() if v is not None}
        case.details = _details(work, checks, case.jurisdiction, merged, before)
        case.details_version = work.host.details_version(case.jurisdiction)
    checks.done()
    changed = _apply(case, changes)
    if "employer_id" in changes:
        changed.append("employer")
    if "details" in changes:
        changed.append("details")
    if not changed:
        if case.status is not before.status:  # reopened, nothing else
            await after_change(work, case)
        return case
    check_rules(work, case, UpdateCaseChange(await facts_of(work, case)), before)
    kind = "case.phase_changed" if changed == ["phase"] else "case.updated"
    record_event(
        work,
        case,
        kind,
        f"Case updated: {', '.join(name.replace('_', ' ') for name in changed)}",
        case_access=case_access,
        data={_EVENT_KEYS[k]: str(v) for k, v in changes.items() if k in _EVENT_KEYS},
    )
    await after_change(work, case)
    return case


# How the event's data names what changed (kept as stored since the first events).
_EVENT_KEYS = {"phase": "phase", "status": "status", "employment_status": "employmentStatus"}


def _apply(case: m.Case, changes: dict[str, Any]) -> list[str]:
    changed = []
    for key, column in (
        ("phase", "phase"),
        ("status", "status"),
        ("employment_status", "employment_status"),
    ):
        value = changes.get(key)
        if value is not None and getattr(case, column) != value:
            setattr(case, column, value)
            changed.append(key)
    return changed


def _reopen(work: Work, case: m.Case, case_access: CaseAccess) -> None:
    case.status = CaseStatus.OPEN
    case.closed_at = None
    case.closure_reason = None
    record_event(
        work, case, "case.reopened", f"Case {case.reference} reopened", case_access=case_access
    )


@dataclass(frozen=True)
class CloseCase:
    id: uuid.UUID
    reason: str


async def close_case(work: Work, cmd: CloseCase) -> m.Case:
    case_id = cmd.id
    case, case_access = await case_for_change(work, case_id, Action.CLOSE_CASE, ("id",))
    checks = Checks()
    reason = checks.text(("reason",), cmd.reason, required=True)
    checks.done()
    require_open(case)
    await _require_nothing_running(work.session, case, work.today)
    await _wind_down(work, case, case_access)
    case.status = CaseStatus.CLOSED
    case.closed_at = work.clock.now()
    case.closure_reason = reason
    record_event(
        work, case, "case.closed", f"Case {case.reference} closed", case_access=case_access
    )
    await after_change(work, case)
    return case


async def _require_nothing_running(session: AsyncSession, case: m.Case, today: date) -> None:
    """A case with an intervention under way or a benefit still paid cannot just close.

    A period that ends after today is still paid, as `end_benefit` sees it too
    (it may still be ended earlier); only one that has ended lets the case close.
    """
    running = await session.scalar(
        sa.select(sa.func.count()).where(
            m.Intervention.case_id == case.id,
            m.Intervention.status.in_([InterventionStatus.REFERRED, InterventionStatus.ACTIVE]),
        )
    )
    if running:
        raise invalid_state("complete or discontinue the referred and active interventions first")
    open_benefits = await session.scalar(
        sa.select(sa.func.count()).where(
            m.BenefitPeriod.case_id == case.id,
            sa.or_(m.BenefitPeriod.end_date.is_(None), m.BenefitPeriod.end_date > today),
        )
    )
    if open_benefits:
        raise invalid_state("end the benefit periods still being paid first")


async def _wind_down(work: Work, case: m.Case, case_access: CaseAccess) -> None:
    """Closing completes the active plan, cancels drafts and drops proposals,
    each on the timeline like any other change."""
    now = work.clock.now()
    plans = await work.session.scalars(sa.select(m.Plan).where(m.Plan.case_id == case.id))
    for plan in plans:
        ended = {PlanStatus.ACTIVE: PlanStatus.COMPLETED, PlanStatus.DRAFT: PlanStatus.CANCELLED}
        if plan.status in ended:
            plan.status, plan.updated_at = ended[plan.status], now
            record_event(
                work, case, f"plan.{plan.status.value.lower()}",
                f"Plan version {plan.version} {plan.status.value.lower()} as the case closed",
                case_access=case_access, data={"planId": str(plan.id)},
            )  # fmt: skip
    proposals = await work.session.scalars(
        sa.select(m.Intervention).where(
            m.Intervention.case_id == case.id,
            m.Intervention.status == InterventionStatus.PROPOSED,
        )
    )
    for intervention in proposals:
        intervention.status = InterventionStatus.DISCONTINUED
        intervention.outcome = intervention.outcome or "Case closed before referral"
        intervention.updated_at = now
        record_event(
            work, case, "intervention.discontinued",
            f"{intervention.type_code}: PROPOSED -> DISCONTINUED as the case closed",
            case_access=case_access,
            data={"interventionId": str(intervention.id), "from": "PROPOSED", "to": "DISCONTINUED"},
        )  # fmt: skip


# ---------------------------------------------------------------------- the team


@dataclass(frozen=True)
class TeamChange:
    case_id: uuid.UUID
    actor_id: uuid.UUID
    role: StakeholderType | None = None


def _add_member(work: Work, case: m.Case, actor_id: uuid.UUID, role: StakeholderType) -> None:
    work.session.add(
        m.CaseTeamMember(case_id=case.id, actor_id=actor_id, role=role, since=work.today)
    )
    record_event(
        work,
        case,
        "team.member_added",
        f"{role.value.replace('_', ' ').lower()} joined the team",
        data={"role": role.value, "actorId": str(actor_id)},
    )


async def add_team_member(work: Work, cmd: TeamChange) -> m.Case:
    case_id = cmd.case_id
    case, _ = await case_for_change(work, case_id, Action.MANAGE_TEAM, ("case_id",))
    require_open(case)
    actor_id = cmd.actor_id
    actor = await work.session.get(m.Actor, actor_id)
    checks = Checks()
    if actor is None or actor.stakeholder_type is StakeholderType.PARTICIPANT:
        raise DomainError([Problem(ProblemCode.NOT_FOUND, "no such actor", ("actor_id",))])
    role = cmd.role or actor.stakeholder_type
    if role in {StakeholderType.PARTICIPANT, StakeholderType.ADMIN}:
        checks.fail(("role",), f"{role.value} is not a team role")
    elif role is not actor.stakeholder_type:
        checks.fail(("role",), f"the actor is a {actor.stakeholder_type.value}, not a {role.value}")
    checks.done()
    team = m.CaseTeamMember
    already = await work.session.scalar(
        sa.select(team.id).where(
            team.case_id == case.id,
            team.actor_id == actor_id,
            sa.or_(team.until.is_(None), team.until >= work.today),
        )
    )
    if already is not None:
        raise DomainError(
            [Problem(ProblemCode.ALREADY_EXISTS, "already on the team", ("actor_id",))]
        )
    _add_member(work, case, actor_id, role)
    await after_change(work, case)
    return case


async def remove_team_member(work: Work, cmd: TeamChange) -> m.Case:
    """Membership ends yesterday, so access ends now; the row stays as history."""
    case_id = cmd.case_id
    case, case_access = await case_for_change(work, case_id, Action.MANAGE_TEAM, ("case_id",))
    actor_id = cmd.actor_id
    team = m.CaseTeamMember
    rows = list(
        await work.session.scalars(
            sa.select(team).where(
                team.case_id == case.id,
                team.actor_id == actor_id,
                sa.or_(team.until.is_(None), team.until >= work.today),
            )
        )
    )
    if not rows:
        raise DomainError([Problem(ProblemCode.NOT_FOUND, "not on the team", ("actor_id",))])
    yesterday = date.fromordinal(work.today.toordinal() - 1)
    for row in rows:
        if row.since > yesterday:
            await work.session.delete(row)  # never effective: no history to keep
        else:
            row.until = yesterday
    record_event(
        work,
        case,
        "team.member_removed",
        f"{rows[0].role.value.replace('_', ' ').lower()} left the team",
        case_access=case_access,
        data={"role": rows[0].role.value, "actorId": str(actor_id)},
    )
    await after_change(work, case)
    return case


# ---------------------------------------------------------------------- reads


async def cases_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, m.Case]:
    rows = await session.scalars(sa.select(m.Case).where(m.Case.id.in_(list(set(ids)))))
    return {row.id: row for row in rows}


@dataclass(frozen=True)
class CaseFilter:
    jurisdiction: str | None = None
    status: Sequence[CaseStatus] | None = None
    phase: Sequence[ReturnToWorkPhase] | None = None
    participant_id: uuid.UUID | None = None
    employer_id: uuid.UUID | None = None
    team_member_id: uuid.UUID | None = None
    overdue: bool | None = None
    unseen: bool | None = None
    """True: cases with events the reader has not seen (`core.seen`); False: none."""
    opened_after: date | None = None
    """On or after this day."""
    opened_before: date | None = None
    """Before this day."""
    matches_nothing: bool = False
    """A condition names nothing there can be (an ID of another type, say)."""


@dataclass(frozen=True)
class CaseOrder:
    field: str = "OPENED_AT"
    descending: bool = True


def _sort_keys(order: CaseOrder) -> tuple[list[SortKey], Callable[[Any], Sequence[Any]]]:
    desc = order.descending
    if order.field == "REFERENCE":
        return [SortKey(m.Case.reference, "str", desc), SortKey(m.Case.id, "uuid", desc)], (
            lambda c: (c.reference, c.id)
        )
    if order.field == "NEXT_DUE_DATE":
        # next_due_sort is never NULL (9999-12-31 without a due date), so the order is
        # a scan of one index and cases without one sort last ascending.
        return [
            SortKey(m.Case.next_due_sort, "date", desc),
            SortKey(m.Case.id, "uuid", desc),
        ], lambda c: (c.next_due_sort, c.id)
    if order.field == "SICK_LEAVE_START":
        # Cases without the date sort last ascending (first descending), on both databases.
        keyed = sa.func.coalesce(m.Case.sick_leave_start, FAR_FUTURE).label("sick_leave_sort")
        return [SortKey(keyed, "date", desc), SortKey(m.Case.id, "uuid", desc)], (
            lambda c: (c.sick_leave_start or FAR_FUTURE, c.id)
        )
    return [SortKey(m.Case.opened_at, "datetime", desc), SortKey(m.Case.id, "uuid", desc)], (
        lambda c: (c.opened_at, c.id)
    )


def filter_cases(
    stmt: sa.Select[Any], flt: CaseFilter, principal: Principal, today: date, zone: Any
) -> sa.Select[Any]:
    case = m.Case
    simple = [
        (flt.jurisdiction, lambda v: case.jurisdiction == v),
        (flt.status, lambda v: case.status.in_(list(v))),
        (flt.phase, lambda v: case.phase.in_(list(v))),
        (flt.participant_id, lambda v: case.participant_id == v),
        (flt.employer_id, lambda v: case.employer_id == v),
        (flt.opened_after, lambda v: case.opened_at >= datetime.combine(v, time(), zone)),
        (flt.opened_before, lambda v: case.opened_at < datetime.combine(v, time(), zone)),
    ]
    if flt.matches_nothing:
        stmt = stmt.where(sa.false())
    for value, clause in simple:
        if value is not None:
            stmt = stmt.where(clause(value))
    if flt.team_member_id is not None:
        team = m.CaseTeamMember
        member = Principal("", "", StakeholderType.ADMIN, frozenset(), actor_id=flt.team_member_id)
        stmt = stmt.where(
            sa.exists().where(team.case_id == case.id, active_membership(member, today))
        )
    if flt.overdue is True:
        stmt = stmt.where(case.next_due_sort < today)
    elif flt.overdue is False:
        stmt = stmt.where(case.next_due_sort >= today)
    if flt.unseen is not None:
        unseen = has_unseen(principal, today)
        stmt = stmt.where(unseen if flt.unseen else ~unseen)
    return stmt


async def list_cases(
    db: Reader,
    principal: Principal,
    today: date,
    zone: Any,
    flt: CaseFilter,
    order: CaseOrder,
    request: PageRequest,
) -> Page[Any]:
    """A page of the cases the principal may see, as rows with the principal's access
    to each (`reads.case_access_columns`)."""
    require_scope(principal, "cases:read")
    base = _visible_case_rows(
        role_bits_of_case(principal, today),
        consent_bits_of_participant(principal, today, "case"),
        visible_cases(principal, today),
    )
    stmt = filter_cases(base, flt, principal, today, zone)
    keys, key_of = _sort_keys(order)
    # Unfiltered (the caseload as a frontend first loads it), the statement is the kept
    # one, and so is the page's: SQLAlchemy knows both cache keys already.
    return await keyset_page(db, stmt, keys, request, key_of, kept=stmt is base)


@functools.lru_cache(maxsize=1024)
def _visible_case_rows(roles: Any, consents: Any, visible: Any) -> sa.Select[Any]:
    """The cases a reader may see, with their access, kept per reader and day (the
    access expressions are, `core.policy`)."""
    return sa.select(
        *m.Case.__table__.c, roles.label("role_bits"), consents.label("consent_bits")
    ).where(visible)
