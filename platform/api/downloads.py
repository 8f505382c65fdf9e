"""GET /documents/{id}: the bytes of a stored document, under the same bearer
token and access policy as the API, recorded in the access log."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from vocrehab.core import audit
from vocrehab.core.access import with_organisation
from vocrehab.core.documents import readable_document
from vocrehab.core.errors import Forbidden
from vocrehab.core.ids import InvalidGlobalId, decode_global_id
from vocrehab.hooks.vocabulary import DataCategory

__all__ = ["download_document"]


def _problem(status: int, code: str, message: str) -> Response:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)


def _disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback plus the exact UTF-8 name (Nordic letters included)."""
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


async def download_document(request: Request) -> Response:
    services: Any = request.app.state.services
    principal = request.scope["state"]["principal"]
    try:
        document_id = decode_global_id(request.path_params["id"], "Document")[1]
    except InvalidGlobalId:
        return _problem(404, "NOT_FOUND", "no such document")
    try:
        async with services.db.session() as session:
            principal = await with_organisation(session, principal)
            row = await readable_document(
                session, principal, services.host, services.clock.today(), document_id
            )
    except Forbidden as exc:
        return _problem(403, "FORBIDDEN", str(exc))
    if row is None:
        return _problem(404, "NOT_FOUND", "no such document")
    recorder = audit.AccessRecorder(principal, request.scope["state"].get("request_id", "unknown"))
    recorder.operation = f"download {row.filename}"
    recorder.saw_case(row.case_id, DataCategory.DOCUMENTS)
    async with services.db.transaction() as session:
        await audit.write_entries(session, recorder, services.clock.now())
    headers = {
        "content-disposition": _disposition(row.filename),
        "x-content-sha256": row.sha256,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
    }
    return Response(row.content, media_type=row.media_type, headers=headers)
