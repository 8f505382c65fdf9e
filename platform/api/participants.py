"""Participants in the schema: the person in rehabilitation, as each reader may see them."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from vocrehab.api.base import (
    After,
    Before,
    Connection,
    Count,
    First,
    Last,
    Node,
    Payload,
    connection,
    maker,
    object_id,
    presented,
)
from vocrehab.api.context import Context, Info
from vocrehab.api.ids import id_of, row_id
from vocrehab.api.mutations import run
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.api.readers import participant_reader
from vocrehab.core import participants as core
from vocrehab.core import reads
from vocrehab.core.pagination import PageRequest

if TYPE_CHECKING:
    from vocrehab.api.cases import Case
    from vocrehab.api.consents import AccessLogConnection, Consent
    from vocrehab.api.jurisdictions import Jurisdiction

__all__ = [
    "Participant",
    "ParticipantMutations",
    "ParticipantQueries",
    "participants_by_id",
    "present_participant",
]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]
ConsentT = Annotated["Consent", strawberry.lazy("vocrehab.api.consents")]
AccessLogConnectionT = Annotated["AccessLogConnection", strawberry.lazy("vocrehab.api.consents")]
JurisdictionT = Annotated["Jurisdiction", strawberry.lazy("vocrehab.api.jurisdictions")]


async def _cases(
    batch: Batch[Participant],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[CaseT]]:
    from vocrehab.api.cases import present_case

    ctx = batch.ctx
    ids = [p._row.id for p in batch.parents]
    request = PageRequest.of(first, after, last, before)
    pages = await reads.cases_of_participants(ctx.db, ctx.principal, ctx.today, ids, request)

    async def count(keys: list[Any]) -> list[int]:
        counts = await reads.count_cases_of_participants(ctx.db, ctx.principal, ctx.today, keys)
        return [counts[k] for k in keys]

    out = []
    for person in batch.parents:
        page = pages[person._row.id]
        shown = [
            (present_case(ctx, row), cursor)
            for row, cursor in zip(page.items, page.cursors, strict=True)
        ]
        out.append(
            connection(
                [case for case, _ in shown if case is not None],
                [cursor for case, cursor in shown if case is not None],
                page.has_next,
                page.has_previous,
                Count(count, person._row.id),
            )
        )
    return out


def _private(ctx: Context, person: Participant) -> bool:
    """Consents and the access log are the participant's own (and ADMIN's) to read."""
    return ctx.principal.is_admin or ctx.principal.participant_id == person._row.id


async def _consents(batch: Batch[Participant]) -> list[list[ConsentT]]:
    from vocrehab.api.consents import present_consent

    ctx = batch.ctx
    own = [p for p in batch.parents if _private(ctx, p)]
    rows = await reads.consents(ctx.db, [p._row.id for p in own]) if own else {}
    return [
        [present_consent(ctx, p, row) for row in rows.get(p._row.id, ())]
        if _private(ctx, p)
        else []
        for p in batch.parents
    ]


async def _consent_pages(
    batch: Batch[Participant],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[ConsentT]]:
    from vocrehab.api.consents import present_consent

    ctx = batch.ctx
    request = PageRequest.of(first, after, last, before)
    own = {p._row.id: None for p in batch.parents if _private(ctx, p)}
    pages = await reads.page_children(ctx.db, "consents", own, request) if own else {}

    async def count(keys: list[Any]) -> list[int]:
        own_keys = {k: None for k in keys if k is not None}
        counts = await reads.count_children(ctx.db, "consents", own_keys) if own_keys else {}
        return [counts.get(k, 0) for k in keys]

    out: list[Connection[ConsentT]] = []
    for person in batch.parents:
        page = pages.get(person._row.id)
        if page is None:  # not theirs to read: an empty list, as `consents` gives
            out.append(connection([], [], False, False, Count(count, None)))
            continue
        out.append(
            connection(
                [present_consent(ctx, person, row) for row in page.items],
                page.cursors,
                page.has_next,
                page.has_previous,
                Count(count, person._row.id),
            )
        )
    return out


async def _access_logs(
    batch: Batch[Participant],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Any]:
    from vocrehab.api.consents import access_logs

    request = PageRequest.of(first, after, last, before)
    return await access_logs(batch.ctx, batch.parents, _private, request)


async def _jurisdictions(batch: Batch[Participant]) -> list[JurisdictionT]:
    from vocrehab.api.jurisdictions import jurisdiction_of

    return [jurisdiction_of(batch.ctx, p._row.jurisdiction) for p in batch.parents]


@strawberry.type(
    name="Participant",
    description="The person in rehabilitation. Requires scope participants:read; their "
    "contact data (national id, birth date, e-mail, phone) is the CONTACT category.",
)
class Participant(Planned, Node):
    _row: strawberry.Private[Any]
    id: strawberry.ID = strawberry.field(description="The participant's global ID.")
    given_name: str = strawberry.field(description="Given name.")
    family_name: str = strawberry.field(description="Family name.")
    preferred_language: str | None = strawberry.field(
        description="The language they prefer (e.g. nb, sv, en)."
    )
    national_id: str | None = strawberry.field(
        description="Validated by the jurisdiction plugin (personnummer, fødselsnummer...). "
        "CONTACT data: null for readers without it."
    )
    birth_date: datetime.date | None = strawberry.field(description="CONTACT data.")
    email: str | None = strawberry.field(description="CONTACT data.")
    phone: str | None = strawberry.field(description="CONTACT data.")
    jurisdiction: JurisdictionT = relation(
        _jurisdictions,
        returns=JurisdictionT,
        description="The jurisdiction they are registered in.",
    )
    cases: Connection[CaseT] | None = relation(
        _cases,
        returns=Connection[CaseT] | None,
        description="The participant's cases that the reader may see. Requires scope cases:read.",
    )
    consents: list[ConsentT] | None = relation(
        _consents,
        returns=list[ConsentT] | None,
        description="Consents the participant has given. Visible to the participant and ADMIN; "
        "requires scope consents:read. consentsConnection pages the same consents.",
    )
    consents_connection: Connection[ConsentT] | None = relation(
        _consent_pages,
        returns=Connection[ConsentT] | None,
        description="The consents as a connection, oldest first; empty for anyone but the "
        "participant and ADMIN. Requires scope consents:read.",
    )
    access_log: AccessLogConnectionT | None = relation(
        _access_logs,
        returns=AccessLogConnectionT | None,
        description="Who read or changed this participant's data, newest first. Visible to the "
        "participant and ADMIN; requires scope audit:read.",
    )


_make_participant = maker(Participant)


def present_participant(ctx: Context, row: Any) -> Participant | None:
    """A participant row loaded with `reads.participant_access_columns` (None: hidden)."""
    reader = participant_reader(ctx, row.id, row.role_bits, row.consent_bits)
    if reader is None:
        return None
    return presented(
        ctx,
        _make_participant(
            _row=row,
            id=object_id(ctx, "Participant", row.id),
            given_name=row.given_name,
            family_name=row.family_name,
            preferred_language=row.preferred_language,
            national_id=row.national_id,
            birth_date=row.birth_date,
            email=row.email,
            phone=row.phone,
        ),
        row.id,
        reader.categories,
    )


async def participants_by_id(
    ctx: Context, ids: Iterable[uuid.UUID], unused: reads.Unused = reads.NOTHING
) -> dict[uuid.UUID, Participant]:
    """Participants by id as the reader may see them; `unused` columns are not loaded
    (`api.columns`: only for a list level whose selection is known)."""
    rows = await reads.participants(ctx.db, ctx.principal, ctx.today, ids, unused)
    return {i: p for i, row in rows.items() if (p := present_participant(ctx, row)) is not None}


@strawberry.input(description="Narrows the participants; every condition given must hold.")
class ParticipantFilter:
    jurisdiction: str | None = strawberry.field(
        default=None, description="Only participants of this jurisdiction (its code)."
    )
    search: str | None = strawberry.field(
        default=None, description="Part of the name, case-insensitive."
    )
    national_id: str | None = strawberry.field(
        default=None, description="Exactly this national id (needs CONTACT data)."
    )


@strawberry.input(description="A new participant.")
class RegisterParticipantInput:
    jurisdiction: str = strawberry.field(
        description="Their jurisdiction's code (see jurisdictions)."
    )
    national_id: str | None = strawberry.field(
        default=None, description="Their national id, validated by the jurisdiction."
    )
    given_name: str = strawberry.field(description="Given name.")
    family_name: str = strawberry.field(description="Family name.")
    birth_date: datetime.date | None = strawberry.field(default=None, description="Date of birth.")
    preferred_language: str | None = strawberry.field(
        default=None, description="The language they prefer (e.g. nb, sv, en)."
    )
    email: str | None = strawberry.field(default=None, description="E-mail address.")
    phone: str | None = strawberry.field(default=None, description="Phone number.")


@strawberry.input(description="Changes to a participant; fields left out stay as they are.")
class UpdateParticipantInput:
    id: strawberry.ID = id_of("Participant", description="The participant.")
    given_name: str | None = strawberry.field(default=strawberry.UNSET, description="Given name.")
    family_name: str | None = strawberry.field(default=strawberry.UNSET, description="Family name.")
    preferred_language: str | None = strawberry.field(
        default=strawberry.UNSET, description="The language they prefer."
    )
    email: str | None = strawberry.field(default=strawberry.UNSET, description="E-mail address.")
    phone: str | None = strawberry.field(default=strawberry.UNSET, description="Phone number.")


async def _changed(batch: Batch[ParticipantPayload]) -> list[Participant | None]:
    found = await participants_by_id(batch.ctx, [p._changed for p in batch.parents if p._changed])
    return [found.get(p._changed) if p._changed else None for p in batch.parents]


@strawberry.type(description="The result of registerParticipant and updateParticipant.")
class ParticipantPayload(Payload):
    participant: Participant | None = relation(
        _changed,
        returns=Participant | None,
        description="The participant; null when userErrors say why not.",
    )


@strawberry.type
class ParticipantQueries:
    @strawberry.field(
        description="Participants the reader may see. Requires scope participants:read."
    )
    async def participants(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            ParticipantFilter | None,
            strawberry.argument(description="Only the participants that match."),
        ] = None,
    ) -> Connection[Participant] | None:
        flt = filter or ParticipantFilter()
        ctx = info.context
        page = await core.list_participants(
            ctx.db,
            ctx.principal,
            ctx.today,
            core.ParticipantFilter(flt.jurisdiction, flt.search, flt.national_id),
            PageRequest.of(first, after, last, before),
            ctx.host,
        )
        shown = [
            (present_participant(ctx, row), c)
            for row, c in zip(page.items, page.cursors, strict=True)
        ]
        return connection(
            [p for p, _ in shown if p is not None],
            [c for p, c in shown if p is not None],
            page.has_next,
            page.has_previous,
            Count.of_page(page),
        )


def _payload(row: Any, errors: list[Any]) -> ParticipantPayload:
    return ParticipantPayload(_changed=row.id if row is not None else None, user_errors=errors)


@strawberry.type
class ParticipantMutations:
    @strawberry.mutation(description="Requires scope participants:write (CASE_MANAGER, ADMIN).")
    async def register_participant(
        self, info: Info, input: RegisterParticipantInput
    ) -> ParticipantPayload:
        cmd = core.RegisterParticipant(
            jurisdiction=input.jurisdiction,
            given_name=input.given_name,
            family_name=input.family_name,
            national_id=input.national_id,
            birth_date=input.birth_date,
            preferred_language=input.preferred_language,
            email=input.email,
            phone=input.phone,
        )
        return _payload(*await run(info, lambda work: core.register_participant(work, cmd)))

    @strawberry.mutation(description="Requires scope participants:write (CASE_MANAGER, ADMIN).")
    async def update_participant(
        self, info: Info, input: UpdateParticipantInput
    ) -> ParticipantPayload:
        sent = {
            name: getattr(input, name)
            for name in ("given_name", "family_name", "preferred_language", "email", "phone")
            if getattr(input, name) is not strawberry.UNSET
        }
        cmd = core.UpdateParticipant(id=row_id(input.id), changes=sent)
        return _payload(*await run(info, lambda work: core.update_participant(work, cmd)))
