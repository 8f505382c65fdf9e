"""The SQL of the read path: each function answers for a whole list level in one
statement, as plain rows (Core, no ORM objects), on the operation's connection.

Rows a reader may not see are never loaded: case and participant rows come
with the reader's access as columns (`core.policy`), and relations that only
some readers see (notes by role, events and milestones by category, documents
by their content) are filtered in SQL per group of parents that share the
reader's access, so a page and its count always agree.
"""

from __future__ import annotations

import collections
import functools
import operator
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from vocrehab.core.pagination import ChildPage, PageRequest, Reader, child_counts, child_pages
from vocrehab.core.policy import (
    consent_bits_of_participant,
    role_bits_of_case,
    role_bits_of_participant,
    visible_cases,
)
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.sql import AnyOf, plain_rows, read_rows
from vocrehab.hooks.vocabulary import DataCategory, PlanStatus

__all__ = [
    "CASE_ACCESS",
    "Grouped",
    "actors",
    "approvals",
    "benefits",
    "case_access_columns",
    "cases",
    "consents",
    "count_children",
    "current_plans",
    "diagnoses",
    "documents",
    "findable_actors",
    "meeting_minutes",
    "milestones",
    "page_children",
    "participant_access_columns",
    "participants",
    "rows_by_id",
    "splitter",
    "steps",
    "team",
    "unseen_clauses",
]

CASES = m.Case.__table__
PARTICIPANTS = m.Participant.__table__
ACTORS = m.Actor.__table__

Grouped = dict[uuid.UUID, list[Any]]

Unused = frozenset[str]
"""Columns nothing asked for: selected as a NULL under their own name, so rows keep
their shape (code reading them gets None) and the driver decodes nothing for them.
A caseload page decodes several thousand values; the columns no selected field reads
are about half of them."""

NOTHING: Unused = frozenset()


def trimmed(columns: Iterable[Any], unused: Unused, prefix: str = "") -> list[Any]:
    """`columns` (labelled `prefix` + key when a prefix is given), the `unused` ones as NULL."""
    out = []
    for column in columns:
        key = column.key[len(prefix) :] if prefix and column.key.startswith(prefix) else column.key
        if key in unused:
            out.append(sa.null().label(column.key))
        else:
            out.append(column)
    return out


def case_access_columns(principal: Principal, today: date) -> list[Any]:
    """Columns giving, per `cases` row, the reader's team roles and consented categories."""
    return [
        role_bits_of_case(principal, today).label("role_bits"),
        consent_bits_of_participant(principal, today, "case").label("consent_bits"),
    ]


def participant_access_columns(principal: Principal, today: date) -> list[Any]:
    """The same per `participants` row."""
    return [
        role_bits_of_participant(principal, today).label("role_bits"),
        consent_bits_of_participant(principal, today, "participant").label("consent_bits"),
    ]


CASE_ACCESS = ("role_bits", "consent_bits")

_KEYS = frozenset({"id", "case_id", "plan_id", "participant_id", "actor_id", "jurisdiction"})
"""Columns never trimmed: what rows are grouped, joined and checked by."""


async def cases(
    db: Reader, principal: Principal, today: date, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Any]:
    """Case rows by id, with the reader's access; cases the reader may not see are absent."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    stmt = sa.select(*CASES.c, *case_access_columns(principal, today)).where(
        AnyOf(m.Case.id, wanted), visible_cases(principal, today)
    )
    return {row.id: row for row in await read_rows(db, stmt)}


async def case_by_reference(
    db: Reader, principal: Principal, today: date, reference: str
) -> Any | None:
    """The case with this reference (over its unique index), with the reader's access;
    None when there is none the reader may see."""
    stmt = sa.select(*CASES.c, *case_access_columns(principal, today)).where(
        m.Case.reference == reference, visible_cases(principal, today)
    )
    return (await db.execute(stmt)).first()


async def participants(
    db: Reader,
    principal: Principal,
    today: date,
    ids: Iterable[uuid.UUID],
    unused: Unused = NOTHING,
) -> dict[uuid.UUID, Any]:
    """Participant rows by id, with the reader's access to them (role_bits 0 and not the
    reader themselves or ADMIN: the reader does not see them)."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    statement = _participants_statement(
        role_bits_of_participant(principal, today),
        consent_bits_of_participant(principal, today, "participant"),
        unused - _KEYS,
    )
    return {row.id: row for row in await read_rows(db, statement, {"ids": wanted}, kept=True)}


@functools.lru_cache(maxsize=1024)
def _participants_statement(roles: Any, consents: Any, unused: Unused) -> sa.Select[Any]:
    """Kept per reader and day (the access expressions are, `core.policy`) and set of
    unused columns: SQLAlchemy then knows the statement's cache key already."""
    columns = trimmed(PARTICIPANTS.c, unused) if unused else PARTICIPANTS.c
    return sa.select(*columns, roles.label("role_bits"), consents.label("consent_bits")).where(
        AnyOf(m.Participant.id, key="ids")
    )


async def actors(db: Reader, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Any]:
    wanted = [i for i in set(ids) if i is not None]
    if not wanted:
        return {}
    rows = await db.execute(sa.select(*ACTORS.c).where(AnyOf(m.Actor.id, wanted)))
    return {row.id: row for row in plain_rows(rows)}


async def findable_actors(
    db: Reader, principal: Principal, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Any]:
    """Actors by id as the directory shows them (`core.actors.directory_visible`)."""
    from vocrehab.core.actors import directory_visible

    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = await db.execute(
        sa.select(*ACTORS.c).where(AnyOf(m.Actor.id, wanted), directory_visible(principal))
    )
    return {row.id: row for row in plain_rows(rows)}


_ACTOR = ACTORS.alias("actor")
_ACTOR_COLUMNS = tuple(c.label(f"a__{c.key}") for c in _ACTOR.c)
_STEP = m.PlanStep.__table__.alias("step")
_STEP_COLUMNS = tuple(c.label(f"s__{c.key}") for c in _STEP.c)
_STEP_KEYS = frozenset({"id", "plan_id", "position"})
# Aliases and labels are built once: a new alias per statement costs SQLAlchemy
# its column collections again (several ms a page), for the same SQL.


_ACTOR_KEYS = frozenset({"id", "kind", "stakeholder_type", "name"})
"""What `present_actor` always needs of an actor."""


def _with_actor(
    table: Any,
    actor_column: Any,
    order: Sequence[Any],
    actor_unused: Unused = NOTHING,
    unused: Unused = NOTHING,
) -> sa.Select[Any]:
    """The rows of `table` (but its `unused` columns) with the columns of the actor
    they name, as `a__*`."""
    return (
        sa.select(*trimmed(table.c, unused), *trimmed(_ACTOR_COLUMNS, actor_unused, "a__"))
        .join(_ACTOR, _ACTOR.c.id == actor_column, isouter=True)
        .order_by(*order)
    )


@functools.lru_cache(maxsize=64)
def _team_statement(actor_unused: Unused, member_unused: Unused) -> sa.Select[Any]:
    member = m.CaseTeamMember
    return _with_actor(
        member.__table__, member.actor_id, (member.since, member.id), actor_unused, member_unused
    ).where(AnyOf(member.case_id, key="ids"))


async def team(
    db: Reader,
    case_ids: Iterable[uuid.UUID],
    actor_unused: Unused = NOTHING,
    member_unused: Unused = NOTHING,
) -> Grouped:
    """Team members (everyone, also those who left), as (member row, actor row) per case;
    the `*_unused` columns are NULL."""
    statement = _team_statement(actor_unused - _ACTOR_KEYS, member_unused - _KEYS)
    return await _with_actors(db, statement, "case_id", list(set(case_ids)))


@functools.cache
def _approvals_statement() -> sa.Select[Any]:
    approval = m.PlanApproval
    return _with_actor(
        approval.__table__, approval.actor_id, (approval.approved_at, approval.id)
    ).where(AnyOf(approval.plan_id, key="ids"))


async def approvals(db: Reader, plan_ids: Iterable[uuid.UUID]) -> Grouped:
    """Approvals as (approval row, actor row) per plan."""
    return await _with_actors(db, _approvals_statement(), "plan_id", list(set(plan_ids)))


async def _with_actors(db: Reader, stmt: sa.Select[Any], key: str, ids: list[uuid.UUID]) -> Grouped:
    """Built once, run with the ids: a statement object kept between operations keeps
    its cache key too, which SQLAlchemy would otherwise work out on every run."""
    if not ids:
        return defaultdict(list)
    rows = await read_rows(db, stmt, {"ids": ids}, kept=True)
    grouped: Grouped = defaultdict(list)
    if rows:
        actor_of = splitter(rows[0]._fields, "a__")
        for row in rows:
            grouped[getattr(row, key)].append((row, actor_of(row)))
    return grouped


@functools.lru_cache(maxsize=64)
def _current_plans_statement(plan_unused: Unused, step_unused: Unused) -> sa.Select[Any]:
    plan = m.Plan
    return (
        sa.select(
            *trimmed(plan.__table__.c, plan_unused), *trimmed(_STEP_COLUMNS, step_unused, "s__")
        )
        .join(_STEP, _STEP.c.plan_id == plan.id, isouter=True)
        .where(AnyOf(plan.case_id, key="ids"), plan.status == PlanStatus.ACTIVE)
        .order_by(plan.id, _STEP.c.position)
    )


async def current_plans(
    db: Reader,
    case_ids: Iterable[uuid.UUID],
    plan_unused: Unused = NOTHING,
    step_unused: Unused = NOTHING,
) -> dict[uuid.UUID, Any]:
    """The ACTIVE plan of each case, with its steps, in one statement."""
    ids = list(set(case_ids))
    if not ids:
        return {}
    found: dict[uuid.UUID, tuple[Any, list[Any]]] = {}
    statement = _current_plans_statement(plan_unused - _KEYS, step_unused - _STEP_KEYS)
    rows = await read_rows(db, statement, {"ids": ids}, kept=True)
    step_of = splitter(rows[0]._fields, "s__") if rows else None
    for row in rows:
        entry = found.get(row.case_id)
        if entry is None or entry[0].id != row.id:
            entry = found[row.case_id] = (row, [])
        if row.s__id is not None:
            entry[1].append(step_of(row))  # type: ignore[misc]
    return found


async def _children(db: Reader, parent: Any, ids: Iterable[uuid.UUID], *order: Any) -> Grouped:
    """The rows of `parent`'s table whose `parent` is one of `ids`, grouped by it."""
    stmt = sa.select(*parent.table.c).where(AnyOf(parent, list(set(ids)))).order_by(*order)
    return _group(await read_rows(db, stmt), parent.key)


async def steps(db: Reader, plan_ids: Iterable[uuid.UUID]) -> Grouped:
    return await _children(db, m.PlanStep.__table__.c.plan_id, plan_ids, m.PlanStep.position)


async def diagnoses(db: Reader, assessment_ids: Iterable[uuid.UUID]) -> Grouped:
    diagnosis = m.Diagnosis
    return await _children(
        db, diagnosis.__table__.c.assessment_id, assessment_ids, diagnosis.position
    )


async def benefits(db: Reader, case_ids: Iterable[uuid.UUID]) -> Grouped:
    period = m.BenefitPeriod
    return await _children(db, period.__table__.c.case_id, case_ids, period.start_date, period.id)


async def milestones(
    db: Reader,
    categories_by_case: Mapping[uuid.UUID, frozenset[DataCategory]],
    unused: Unused = NOTHING,
) -> Grouped:
    """Each case's milestones of the categories its reader sees, by due date."""
    by_category = _by_member(categories_by_case)
    if not by_category:
        return {}
    categories = tuple(sorted(by_category, key=lambda c: c.value))
    stmt = _milestones_statement(categories, unused - _KEYS)
    params = {f"cases_{c.value}": list(by_category[c]) for c in categories}
    return _group(await read_rows(db, stmt, params, kept=True), "case_id")


@functools.lru_cache(maxsize=256)
def _milestones_statement(categories: tuple[DataCategory, ...], unused: Unused) -> sa.Select[Any]:
    """Built once per set of categories and of unused columns, run with each category's
    case ids (a statement built per page is compiled per page)."""
    milestone = m.Milestone
    clauses = [
        sa.and_(milestone.category == c, AnyOf(milestone.case_id, key=f"cases_{c.value}"))
        for c in categories
    ]
    return (
        sa.select(*trimmed(milestone.__table__.c, unused))
        .where(sa.or_(*clauses))
        .order_by(milestone.due_date, milestone.position)
    )


async def meeting_minutes(
    db: Reader, categories_by_meeting: Mapping[uuid.UUID, frozenset[DataCategory]]
) -> dict[uuid.UUID, str | None]:
    """The minutes of each meeting whose minutes' category its reader sees."""
    meeting = m.Meeting
    clauses = [
        sa.and_(meeting.minutes_category == category, AnyOf(meeting.id, sorted(ids)))
        for category, ids in _by_member(categories_by_meeting).items()
    ]
    if not clauses:
        return {}
    stmt = sa.select(meeting.id, meeting.minutes).where(sa.or_(*clauses))
    return {row.id: row.minutes for row in await read_rows(db, stmt)}


async def documents(db: Reader, hidden_by_case: Mapping[uuid.UUID, int]) -> Grouped:
    """Each case's documents whose content categories the reader all sees
    (`hidden_by_case`: the category bits the reader lacks on the case)."""
    document = m.Document
    stmt = (
        sa.select(*(c for c in document.__table__.c if c.key != "content"))
        .where(_per_group(document.case_id, hidden_by_case, document.categories_mask))
        .order_by(document.id)
    )
    return _group(await read_rows(db, stmt), "case_id")


async def consents(db: Reader, participant_ids: Iterable[uuid.UUID]) -> Grouped:
    consent = m.Consent
    stmt = (
        sa.select(*consent.__table__.c)
        .where(AnyOf(consent.participant_id, list(set(participant_ids))))
        .order_by(consent.id)
    )
    return _group(await read_rows(db, stmt), "participant_id")


async def document_content(db: Reader, document_id: uuid.UUID) -> bytes | None:
    """The stored bytes of a document (left out of every other read)."""
    return (  # type: ignore[no-any-return]
        await db.execute(sa.select(m.Document.content).where(m.Document.id == document_id))
    ).scalar()


async def rows_by_id(db: Reader, table: Any, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Any]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    columns = [c for c in table.c if c.key not in ("content", "minutes")]
    rows = await db.execute(sa.select(*columns).where(AnyOf(table.c.id, wanted)))
    return {row.id: row for row in plain_rows(rows)}


# ---------------------------------------------------------------------- paged relations


def _per_group(
    parent: Any, masks: Mapping[uuid.UUID, int | None], column: Any, *, any_bit: bool = False
) -> sa.ColumnElement[bool]:
    """Rows whose `column` bits pass the mask of their parent's group of readers.

    Parents sharing a mask are one clause. With `any_bit` a row passes if it shares
    a bit with the mask (note visibility by role); otherwise if it has none of the
    mask's bits (categories the reader lacks). A None mask lets every row pass.
    """
    groups: dict[int | None, list[uuid.UUID]] = defaultdict(list)
    for parent_id, mask in masks.items():
        groups[mask].append(parent_id)
    clauses: list[sa.ColumnElement[bool]] = []
    for mask, ids in groups.items():
        within = AnyOf(parent, sorted(ids))
        if mask is None:
            clauses.append(within)
        elif any_bit:
            clauses.append(sa.and_(within, column.op("&")(mask) != 0))
        else:
            clauses.append(sa.and_(within, column.op("&")(mask) == 0))
    return sa.or_(*clauses) if clauses else sa.false()


def _event_filter(masks: Mapping[uuid.UUID, tuple[int, int | None]]) -> sa.ColumnElement[bool]:
    """Events whose categories the reader all sees and, for events about a
    role-restricted object, whose roles include one of the reader's."""
    event = m.CaseEvent
    groups: dict[tuple[int, int | None], list[uuid.UUID]] = defaultdict(list)
    for case_id, key in masks.items():
        groups[key].append(case_id)
    clauses = []
    for (hidden, roles), ids in groups.items():
        parts = [AnyOf(event.case_id, sorted(ids)), event.category_mask.op("&")(hidden) == 0]
        if roles is not None:
            parts.append(sa.or_(event.roles_mask.is_(None), event.roles_mask.op("&")(roles) != 0))
        clauses.append(sa.and_(*parts))
    return sa.or_(*clauses) if clauses else sa.false()


PAGED: dict[str, tuple[Any, Any]] = {
    "plans": (m.Plan.__table__, m.Plan.case_id),
    "assessments": (m.Assessment.__table__, m.Assessment.case_id),
    "interventions": (m.Intervention.__table__, m.Intervention.case_id),
    "notes": (m.CaseNote.__table__, m.CaseNote.case_id),
    "events": (m.CaseEvent.__table__, m.CaseEvent.case_id),
    "documents": (m.Document.__table__, m.Document.case_id),
    "benefits": (m.BenefitPeriod.__table__, m.BenefitPeriod.case_id),
    "team": (m.CaseTeamMember.__table__, m.CaseTeamMember.case_id),
    "consents": (m.Consent.__table__, m.Consent.participant_id),
    "meetings": (m.Meeting.__table__, m.Meeting.case_id),
}
"""Relations paged per parent (a case; for consents, a participant), by creation."""

_OMITTED = {"documents": ("content",), "meetings": ("minutes",)}
"""Columns a page leaves out (a document's bytes are read only when downloaded, a
meeting's minutes only for readers of their category: `meeting_minutes`)."""


def _paged_filter(relation: str, masks: Mapping[uuid.UUID, Any]) -> list[sa.ColumnElement[bool]]:
    """For notes: the reader's role bits per case (None for all); for events: (hidden
    category bits, role bits); for documents: the category bits the reader lacks."""
    if relation == "notes":
        return [_per_group(m.CaseNote.case_id, masks, m.CaseNote.visible_mask, any_bit=True)]
    if relation == "events":
        return [_event_filter(masks)]
    if relation == "documents":
        return [_document_filter(masks)]
    return []


DocumentMask = tuple[int, frozenset[str] | None, tuple[uuid.UUID, ...]]
"""Per case: the category bits the reader lacks; for a reader of their own kinds only
(an employer, a provider), those kinds' codes (else None); the ids they act as."""


def _document_filter(masks: Mapping[uuid.UUID, DocumentMask]) -> sa.ColumnElement[bool]:
    """Documents whose categories the reader all sees and, for a reader of their own
    kinds only, of those kinds or made by them (`api.readers.Reader.reads_document`)."""
    document = m.Document
    groups: dict[DocumentMask, list[uuid.UUID]] = defaultdict(list)
    for case_id, key in masks.items():
        groups[key].append(case_id)
    clauses = []
    for (hidden, own_kinds, acting), ids in groups.items():
        parts = [document.case_id.in_(sorted(ids)), document.categories_mask.op("&")(hidden) == 0]
        if own_kinds is not None:
            parts.append(
                sa.or_(
                    document.kind_code.in_(sorted(own_kinds)),
                    document.created_by_id.in_(list(acting)),
                )
            )
        clauses.append(sa.and_(*parts))
    return sa.or_(*clauses) if clauses else sa.false()


async def page_children(
    db: Reader,
    relation: str,
    masks: Mapping[uuid.UUID, Any],
    request: PageRequest,
    unused: Unused = NOTHING,
) -> dict[uuid.UUID, ChildPage]:
    """A page of `relation` for each parent in `masks` (see `_paged_filter`)."""
    table, parent = PAGED[relation]
    return await child_pages(
        db,
        table,
        parent,
        list(masks),
        request,
        _paged_filter(relation, masks),
        omit=_OMITTED.get(relation, ()),
        unused=unused - _KEYS,
    )


async def count_children(
    db: Reader, relation: str, masks: Mapping[uuid.UUID, Any]
) -> dict[uuid.UUID, int]:
    parent = PAGED[relation][1]
    return await child_counts(db, parent, list(masks), _paged_filter(relation, masks))


def unseen_clauses(reader_actor_id: uuid.UUID | None) -> list[sa.ColumnElement[bool]]:
    """Events after the reader's read marker on their case (`core.seen`), and not
    the reader's own doing; without an actor, every event is unseen."""
    event = m.CaseEvent
    if reader_actor_id is None:
        return []
    marker = m.CaseReadMarker
    seen: Any = (
        sa.select(marker.seen_event_id)
        .where(marker.actor_id == reader_actor_id, marker.case_id == event.case_id)
        .scalar_subquery()
    )
    return [
        sa.or_(seen.is_(None), event.id > seen),
        sa.or_(event.actor_id.is_(None), event.actor_id != reader_actor_id),
    ]


async def page_unseen(
    db: Reader,
    masks: Mapping[uuid.UUID, tuple[int, int | None]],
    request: PageRequest,
    reader_actor_id: uuid.UUID | None,
) -> dict[uuid.UUID, ChildPage]:
    """A page of each case's unseen events the reader may see (masks as for events)."""
    table, parent = PAGED["events"]
    where = [_event_filter(masks), *unseen_clauses(reader_actor_id)]
    return await child_pages(db, table, parent, list(masks), request, where)


async def count_unseen(
    db: Reader,
    masks: Mapping[uuid.UUID, tuple[int, int | None]],
    reader_actor_id: uuid.UUID | None,
) -> dict[uuid.UUID, int]:
    where = [_event_filter(masks), *unseen_clauses(reader_actor_id)]
    return await child_counts(db, m.CaseEvent.case_id, list(masks), where)


async def cases_of_participants(
    db: Reader,
    principal: Principal,
    today: date,
    participant_ids: Sequence[uuid.UUID],
    request: PageRequest,
) -> dict[uuid.UUID, ChildPage]:
    """A page of each participant's cases that the reader may see, with access."""
    return await child_pages(
        db,
        m.Case.__table__,
        m.Case.participant_id,
        participant_ids,
        request,
        [visible_cases(principal, today)],
        case_access_columns(principal, today),
    )


async def count_cases_of_participants(
    db: Reader, principal: Principal, today: date, participant_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    return await child_counts(
        db, m.Case.participant_id, participant_ids, [visible_cases(principal, today)]
    )


# ---------------------------------------------------------------------- helpers


def _group(rows: Iterable[Any], key: str) -> Grouped:
    grouped: Grouped = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def _by_member(sets: Mapping[uuid.UUID, frozenset[Any]]) -> dict[Any, set[uuid.UUID]]:
    """{parent: {a, b}} -> {a: {parents}, b: {parents}}."""
    found: dict[Any, set[uuid.UUID]] = defaultdict(set)
    for parent, members in sets.items():
        for member in members:
            found[member].add(parent)
    return found


@functools.lru_cache(maxsize=256)
def _prefixed(keys: tuple[str, ...], prefix: str) -> Callable[[Any], Any]:
    chosen = [(i, key[len(prefix) :]) for i, key in enumerate(keys) if key.startswith(prefix)]
    shape = collections.namedtuple("Prefixed", [name for _, name in chosen])  # type: ignore[misc]
    pick = operator.itemgetter(*(i for i, _ in chosen))
    # The named tuple made as `_make` makes it, without its Python-level frame (one
    # per joined row): the picked values are exactly its fields.
    make = functools.partial(tuple.__new__, shape)
    if len(chosen) == 1:
        return lambda row: make((pick(row),))
    return lambda row: make(pick(row))


def splitter(keys: Iterable[str], prefix: str) -> Callable[[Any], Any]:
    """For the rows of one result (its `keys()`): the `prefix*` columns of a row,
    under their own names (a named tuple, its shape made once per set of columns)."""
    return _prefixed(tuple(keys), prefix)
