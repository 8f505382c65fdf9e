"""What every change to a case goes through: finding the case for the caller,
asking its jurisdiction's rules, appending the event, recomputing milestones."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import sqlalchemy as sa

from vocrehab.core import access, outbox, snapshots
from vocrehab.core.errors import (
    Problem,
    ProblemCode,
    invalid_state,
    not_found,
    rule_violations,
)
from vocrehab.core.event_kinds import check_kind
from vocrehab.core.masks import category_mask
from vocrehab.core.policy import Action, CaseAccess, authorize, require_scope
from vocrehab.core.work import RecordedEvent, Work
from vocrehab.db import models as m
from vocrehab.db.base import new_id
from vocrehab.hooks.jurisdiction import Jurisdiction
from vocrehab.hooks.meetings import met_by_meetings
from vocrehab.hooks.types import CaseFacts, Change, Violation
from vocrehab.hooks.vocabulary import CaseStatus, DataCategory, Severity, StakeholderType

FAR_FUTURE = date(9999, 12, 31)
"""The sort key of a case with nothing due (`Case.next_due_sort`)."""

__all__ = [
    "case_for_change",
    "check_rules",
    "record_event",
    "refresh_milestones",
    "require_open",
]


async def case_for_change(
    work: Work, case_id: uuid.UUID, action: Action, field: Sequence[str] = ("case_id",)
) -> tuple[m.Case, CaseAccess]:
    """The case, locked for this transaction, if the caller may see it and do `action`.

    Not visible -> NOT_FOUND (never a hint that it exists); visible but the
    caller's role may not -> NOT_ALLOWED; missing scope -> Forbidden.
    """
    case, case_access = await locked_case(work, case_id, field, action.scope)
    authorize(work.principal, action, case_access.roles)
    return case, case_access


async def locked_case(
    work: Work, case_id: uuid.UUID, field: Sequence[str], scope: str
) -> tuple[m.Case, CaseAccess]:
    """The case and the caller's access to it, locked; the action is decided later."""
    require_scope(work.principal, scope)
    found = await access.case_access(work.session, work.principal, [case_id], work.today)
    case_access = found.get(case_id)
    if case_access is None:
        raise not_found("no such case", field)
    case = await work.session.scalar(
        sa.select(m.Case).where(m.Case.id == case_id).with_for_update()
    )
    if case is None:  # deleted between the two statements
        raise not_found("no such case", field)
    work.sees[case.id] = case_access.categories
    return case, case_access


async def remember_access(work: Work, case: m.Case) -> None:
    """What the principal sees on a case it has just opened (its rules' findings are
    shown as far as that goes)."""
    found = await access.case_access(work.session, work.principal, [case.id], work.today)
    case_access = found.get(case.id)
    work.sees[case.id] = case_access.categories if case_access is not None else frozenset()


def _as_seen(
    work: Work, case: m.Case, violations: Sequence[Violation]
) -> tuple[list[Violation], bool]:
    """The findings the principal may read, and whether an ERROR was withheld."""
    sees = work.sees.get(case.id, frozenset())
    categories = rule_categories(work.jurisdiction(case.jurisdiction))
    shown: list[Violation] = []
    withheld = False
    for violation in violations:
        category = categories.get(violation.code)
        if category is None or category in sees:
            shown.append(violation)
        elif violation.severity is Severity.ERROR:
            withheld = True
    return shown, withheld


def rule_categories(jurisdiction: Jurisdiction) -> dict[str, DataCategory]:
    """Each rule code of a jurisdiction with the category its findings reveal (the
    host's guard reads `rules()` once per plugin)."""
    return {rule.code: rule.category for rule in jurisdiction.rules()}


def require_open(case: m.Case) -> None:
    if case.status is CaseStatus.CLOSED:
        raise invalid_state(f"case {case.reference} is closed")


async def facts_of(work: Work, case: m.Case) -> CaseFacts:
    await work.session.flush()
    return (await snapshots.case_facts(work.session, [case.id], work.clock.zone, work.host))[
        case.id
    ]


def check_rules(
    work: Work, case: m.Case, change: Change, before: CaseFacts, prefix: tuple[str, ...] = ()
) -> None:
    """Ask the case's jurisdiction about `change`: ERRORs stop it, WARNINGs are kept."""
    violations = work.jurisdiction(case.jurisdiction).evaluate(change, before)
    collect(work, violations, prefix, case)


WITHHELD_FINDING = (
    "a rule of this case's jurisdiction refuses the change, for a reason in data you do "
    "not see; the case manager can tell what it is"
)


def collect(
    work: Work,
    violations: Sequence[Violation],
    prefix: tuple[str, ...] = (),
    case: m.Case | None = None,
) -> None:
    """Raise on ERRORs; keep WARNINGs. A violation's field is a path in the
    command, under `prefix` (the API shows it as an input path).

    With the `case` whose rules found them, findings are shown only as far as the
    principal sees the case: the rules evaluate the whole case, but a finding of
    a category the principal lacks (its rule's `RuleInfo.category`) would tell it
    that data. A withheld ERROR still refuses the change, with `WITHHELD_FINDING`
    and no rule, field or text of the plugin; a withheld WARNING is left out.
    """
    base = prefix
    withheld = False
    if case is not None:
        violations, withheld = _as_seen(work, case, violations)
    errors = [v for v in violations if v.severity is Severity.ERROR]
    if errors or withheld:
        error = rule_violations(errors, base)
        if withheld:
            error.problems.append(Problem(ProblemCode.RULE_VIOLATION, WITHHELD_FINDING, None))
        raise error
    for violation in violations:
        field = (*base, *violation.field) if violation.field else None
        work.warnings.append(replace(violation, field=field))


def acting_role(work: Work, case_access: CaseAccess | None) -> StakeholderType:
    """The role the caller acts in on a case (for events, notes and approvals)."""
    principal = work.principal
    if case_access is not None and StakeholderType.PARTICIPANT in case_access.roles:
        return StakeholderType.PARTICIPANT
    if case_access is not None and principal.stakeholder_type not in case_access.roles:
        team_roles = sorted(case_access.roles - {StakeholderType.ADMIN})
        if team_roles:
            return team_roles[0]
    return principal.stakeholder_type


def record_event(
    work: Work,
    case: m.Case,
    kind: str,
    summary: str,
    *,
    case_access: CaseAccess | None = None,
    category: str | DataCategory | None = None,
    categories: Iterable[DataCategory] = (),
    roles: int | None = None,
    data: dict[str, Any] | None = None,
) -> m.CaseEvent:
    """Append an event to the case's timeline.

    `category` / `categories`: what the event reveals (it is listed only to
    readers who see all of it); `roles`: for an event about an object only some
    roles read (a note), their mask (it is listed only to those roles).
    """
    check_kind(work.host, case.jurisdiction, kind)
    now = work.clock.now()
    revealed = {*categories, *([DataCategory(category)] if category else [])}
    event = m.CaseEvent(
        id=new_id(),
        case_id=case.id,
        at=now,
        kind=kind,
        actor_id=work.principal.actor_id,
        actor_role=acting_role(work, case_access),
        summary=summary[:500],
        category_mask=category_mask(revealed),
        roles_mask=roles,
        data=data or {},
    )
    work.session.add(event)
    recorded = RecordedEvent(
        id=event.id,
        case_id=case.id,
        jurisdiction=case.jurisdiction,
        kind=kind,
        at=now,
        summary=event.summary,
        actor_id=event.actor_id,
        categories=frozenset(revealed),
        roles_mask=roles,
    )
    work.events.append(recorded)
    outbox.enqueue(work.session, event, recorded)
    case.last_event_at = now
    case.updated_at = now
    return event


async def refresh_milestones(work: Work, case: m.Case) -> None:
    """Recompute the case's milestones with its jurisdiction and store them.

    Stored, so that "overdue" and "next due date" are plain SQL over indexed
    columns; recomputed after every change, so they never go stale.
    """
    facts = await facts_of(work, case)
    # A held meeting's outcomes meet the milestones its kind may meet (`hooks.meetings`).
    infos = met_by_meetings(work.jurisdiction(case.jurisdiction).milestones(facts), facts.meetings)
    existing = {
        row.code: row
        for row in await work.session.scalars(
            sa.select(m.Milestone).where(m.Milestone.case_id == case.id)
        )
    }
    seen = set()
    for position, info in enumerate(infos):
        if info.code in seen:  # a plugin bug, caught by the conformance kit first
            raise RuntimeError(f"jurisdiction {case.jurisdiction!r} repeats milestone {info.code}")
        seen.add(info.code)
        row = existing.pop(info.code, None) or m.Milestone(case_id=case.id, code=info.code)
        row.position = position
        row.names = dict(info.names)
        row.descriptions = dict(info.descriptions) if info.descriptions else None
        row.due_date = info.due_date
        row.met_on = info.met_on
        row.not_applicable = info.not_applicable
        row.pending = info.met_on is None and not info.not_applicable
        if row.assignee_id is not None and row.responsible is not info.responsible:
            row.assignee_id = None  # the step moved to another role: no longer theirs
        row.responsible = info.responsible
        row.legal_reference = info.legal_reference
        row.category = info.category
        row.optional = info.optional
        work.session.add(row)
    for stale in existing.values():
        await work.session.delete(stale)
    pending = [  # an optional milestone is no deadline: it never makes a case overdue
        i.due_date
        for i in infos
        if i.met_on is None
        and not i.not_applicable
        and not i.optional
        and i.category is DataCategory.PLAN
    ]
    case.next_due_date = min(pending) if pending else None
    case.next_due_sort = case.next_due_date or FAR_FUTURE


async def after_change(work: Work, case: m.Case) -> None:
    """Run after a change has been applied and its event recorded."""
    await refresh_milestones(work, case)
    await work.session.flush()


def detail_problems(work: Work, checks: Any, violations: Sequence[Violation]) -> None:
    """A plugin's details violations: ERRORs refuse the input, WARNINGs go with the result."""
    for violation in violations:
        if violation.severity is Severity.ERROR:
            checks.problems.append(detail_problem(violation, checks.prefix))
        else:
            field = (*checks.prefix, "details", *(violation.field or ()))
            work.warnings.append(replace(violation, field=field))


def detail_problem(violation: Violation, prefix: tuple[str, ...]) -> Problem:
    """A problem in a `details` object, reported at its path inside `details`."""
    return Problem(
        ProblemCode.RULE_VIOLATION if violation.legal_reference else ProblemCode.INVALID_INPUT,
        violation.message,
        (*prefix, "details", *(violation.field or ())),
        violation,
    )
