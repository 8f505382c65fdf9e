"""Rendered documents in the schema: readable only by those who see everything
their content was rendered with."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from vocrehab.api.actors import Actor, actors_by_id
from vocrehab.api.base import Node, Payload, gid, present
from vocrehab.api.cases import case_children, parent_cases
from vocrehab.api.context import Context, Info
from vocrehab.api.enums import DataCategory, DocumentFormat
from vocrehab.api.ids import id_of, row_id
from vocrehab.api.jurisdictions import DocumentKind, reference_items
from vocrehab.api.mutations import run
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core import documents as core
from vocrehab.core import reads
from vocrehab.core.masks import categories_in_mask
from vocrehab.db import models as m
from vocrehab.hooks.types import by_code

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["Document", "DocumentMutations", "present_document", "readable_documents"]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]


async def _kinds(batch: Batch[Document]) -> list[DocumentKind]:
    return reference_items(
        batch.ctx, core.document_kinds, DocumentKind.of,
        [(d._jurisdiction, d._row.kind_code) for d in batch.parents],
    )  # fmt: skip


async def _authors(batch: Batch[Document]) -> list[Actor | None]:
    found = await actors_by_id(batch.ctx, [d._row.created_by_id for d in batch.parents])
    return [found.get(d._row.created_by_id) for d in batch.parents]


@strawberry.type(
    name="Document",
    description="A document of the case's jurisdiction, rendered from the case as its "
    "requester could see it. Readable by those who see every category of its content. "
    "Requires scope documents:read.",
)
class Document(Planned, Node):
    _row: strawberry.Private[Any]
    _case_id: strawberry.Private[Any]
    _jurisdiction: strawberry.Private[str]
    id: strawberry.ID = strawberry.field(description="The document's global ID.")
    format: DocumentFormat = strawberry.field(description="PDF, JSON, XML or FHIR_JSON.")
    created_at: datetime.datetime = strawberry.field(description="When it was rendered.")
    sha256: str = strawberry.field(description="The SHA-256 of its bytes, hex.")
    size_bytes: int = strawberry.field(description="The size of its bytes.")
    download_url: str = strawberry.field(
        description="Authenticated download (same bearer token) of the rendered bytes."
    )
    categories: list[DataCategory] = strawberry.field(
        description="The data categories its content was rendered with; reading it needs all."
    )
    case: CaseT | None = relation(
        parent_cases, returns=CaseT | None, description="Requires scope cases:read."
    )
    kind: DocumentKind = relation(
        _kinds,
        returns=DocumentKind,
        description="What document it is, as the jurisdiction defines it.",
    )
    created_by: Actor | None = relation(
        _authors, returns=Actor | None, description="Who generated it. Requires scope actors:read."
    )


def present_document(ctx: Context, case: Case, row: Any) -> Document | None:
    kind = by_code(
        core.document_kinds(ctx.host.jurisdiction(case._row.jurisdiction)), row.kind_code
    )
    readable = DataCategory.DOCUMENTS in case._visible and case._reader.reads_document(
        row.categories_mask,
        kind.audiences if kind else (),
        own=row.created_by_id is not None and row.created_by_id in ctx.principal.acting_ids,
    )
    if not readable:
        return None
    document_id = gid("Document", row.id)
    return present(
        ctx,
        Document,
        case._participant_id,
        case._visible,
        _row=row,
        _case_id=row.case_id,
        _jurisdiction=case._row.jurisdiction,
        id=document_id,
        format=row.format,
        created_at=row.created_at,
        sha256=row.sha256,
        size_bytes=row.size_bytes,
        download_url=f"{ctx.settings.base_url}/documents/{document_id}",
        categories=sorted(categories_in_mask(row.categories_mask)),
    )


async def readable_documents(ctx: Context, cases: Sequence[Case]) -> list[list[Document]]:
    hidden = {c._case_id: c._reader.hidden_bits for c in cases}
    rows = await reads.documents(ctx.db, hidden)
    return [
        [d for row in rows.get(c._case_id, ()) if (d := present_document(ctx, c, row))]
        for c in cases
    ]


@strawberry.input(description="A document to render from a case as it stands.")
class GenerateDocumentInput:
    case_id: strawberry.ID = id_of("Case", description="The case.")
    kind_code: str = strawberry.field(
        description="One of the jurisdiction's document kind codes (see documentKinds)."
    )
    format: DocumentFormat = strawberry.field(description="One of the kind's formats.")
    lang: str | None = strawberry.field(
        default=None,
        description="One of the jurisdiction's languages; default the participant's preferred "
        "language when the jurisdiction has it, else its first.",
    )
    since: datetime.date | None = strawberry.field(
        default=None,
        description="For the HANDOVER brief only: the first day it covers (default: since the "
        "case opened); what is still open is listed whatever the day.",
    )


async def _changed(batch: Batch[DocumentPayload]) -> list[Document | None]:
    found = await case_children(
        batch.ctx,
        m.Document.__table__,
        [p._changed for p in batch.parents if p._changed],
        present_document,
    )
    return [found.get(p._changed) if p._changed else None for p in batch.parents]


@strawberry.type(description="The result of generateDocument.")
class DocumentPayload(Payload):
    document: Document | None = relation(
        _changed,
        returns=Document | None,
        description="The stored document; null when userErrors say why not.",
    )


@strawberry.type
class DocumentMutations:
    @strawberry.mutation(
        description="Renders a document kind of the case's jurisdiction from a frozen snapshot of "
        "the case, stores it and returns it (download it from downloadUrl). Requires scope "
        "documents:write; an EMPLOYER or PROVIDER only for their own kinds."
    )
    async def generate_document(self, info: Info, input: GenerateDocumentInput) -> DocumentPayload:
        cmd = core.GenerateDocument(
            case_id=row_id(input.case_id),
            kind_code=input.kind_code,
            format=input.format,
            lang=input.lang,
            since=input.since,
        )
        row, errors = await run(info, lambda work: core.generate_document(work, cmd))
        return DocumentPayload(_changed=row.id if row else None, user_errors=errors)
