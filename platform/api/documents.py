"""Rendered documents in the schema."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from vocrehab.api.actors import Actor, actor_by_id
from vocrehab.api.base import Node, UserError, gid
from vocrehab.api.context import Info
from vocrehab.api.enums import DocumentFormat
from vocrehab.api.jurisdictions import DocumentKind, case_reference
from vocrehab.api.loaders import field_path
from vocrehab.api.mutations import run
from vocrehab.core import audit
from vocrehab.core import documents as core
from vocrehab.core.documents import document_visible
from vocrehab.core.policy import CaseAccess
from vocrehab.db import models as m
from vocrehab.hooks.types import by_code
from vocrehab.hooks.vocabulary import DataCategory

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["Document", "DocumentMutations", "visible_documents"]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]


@strawberry.type(name="Document")
class Document(Node):
    row: strawberry.Private[m.Document]
    id: strawberry.ID
    format: DocumentFormat
    created_at: datetime.datetime
    sha256: str
    size_bytes: int

    @classmethod
    def of(cls, row: m.Document) -> Document:
        audit.record_case(row.case_id, DataCategory.DOCUMENTS)
        return cls(
            row=row,
            id=gid("Document", row.id),
            format=row.format,
            created_at=row.created_at,
            sha256=row.sha256,
            size_bytes=row.size_bytes,
        )

    @strawberry.field
    async def case(self, info: Info) -> CaseT:
        from vocrehab.api.cases import Case

        return Case.of(
            await info.context.loaders.row("case", field_path(info)).load(self.row.case_id)
        )

    @strawberry.field
    async def kind(self, info: Info) -> DocumentKind:
        return await case_reference(
            info, self.row.case_id, "document_kinds", self.row.kind_code, DocumentKind.of
        )

    @strawberry.field
    async def created_by(self, info: Info) -> Actor | None:
        return await actor_by_id(info, self.row.created_by_id)

    @strawberry.field(
        description="Authenticated download (same bearer token) of the rendered bytes."
    )
    def download_url(self, info: Info) -> str:
        return f"{info.context.settings.base_url}/documents/{self.id}"


async def visible_documents(info: Info, case: m.Case, case_access: CaseAccess) -> list[Document]:
    rows = await info.context.loaders.children("documents").load(case.id)
    jurisdiction = info.context.host.jurisdiction(case.jurisdiction)
    kinds = jurisdiction.document_kinds()
    principal = info.context.principal
    return [
        Document.of(row)
        for row in rows
        if document_visible(row, by_code(kinds, row.kind_code), case_access, principal)
    ]


# ---------------------------------------------------------------------- generating


@strawberry.input
class GenerateDocumentInput:
    case_id: strawberry.ID
    kind_code: str
    format: DocumentFormat
    lang: str | None = strawberry.field(
        default=None,
        description="One of the jurisdiction's languages; default the participant's preferred "
        "language when the jurisdiction has it, else its first.",
    )


@strawberry.type
class DocumentPayload:
    document: Document | None
    user_errors: list[UserError]


@strawberry.type
class DocumentMutations:
    @strawberry.mutation(
        description="Renders a document kind of the case's jurisdiction from a frozen snapshot of "
        "the case, stores it and returns it (download it from downloadUrl). Requires scope "
        "documents:write; an EMPLOYER or PROVIDER only for their own kinds."
    )
    async def generate_document(self, info: Info, input: GenerateDocumentInput) -> DocumentPayload:
        cmd = core.GenerateDocument(
            case_id=input.case_id, kind_code=input.kind_code, format=input.format, lang=input.lang
        )
        row, errors = await run(info, lambda work: core.generate_document(work, cmd))
        return DocumentPayload(document=Document.of(row) if row else None, user_errors=errors)
