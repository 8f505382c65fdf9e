"""GET /documents/{id}: the bytes of a stored document, through the one operation
pipeline: the same bearer token, the same access as `node(id:)` (the type's
scope, the case, every category of the content, own kinds), recorded in the
access log with the categories the document holds."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from vocrehab.api.http import bearer_token, error_response, unauthenticated
from vocrehab.api.node import load_nodes
from vocrehab.core import reads
from vocrehab.core.errors import BadRequest, Unauthenticated
from vocrehab.core.masks import categories_in_mask

__all__ = ["download_document"]


def _disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback plus the exact UTF-8 name (Nordic letters included)."""
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def _refusal(found: Any) -> Response | None:
    if isinstance(found, Exception):
        return error_response(403, "FORBIDDEN", str(found))
    if found is None or type(found).__name__ != "Document":
        return error_response(404, "NOT_FOUND", "no such document")
    return None


async def download_document(request: Request) -> Response:
    services: Any = request.app.state.services
    pipeline = services.pipeline
    token = bearer_token(request.scope)
    request_id = request.scope.get("state", {}).get("request_id", "unknown")
    try:
        principal, own = await pipeline.principal(token)
    except Unauthenticated as exc:
        return unauthenticated(exc, token is not None)
    ctx = pipeline.context(principal, request_id, "download", operation="download document")
    try:
        await pipeline.admit(ctx, own)
        found = await load_nodes(ctx, [request.path_params["id"]], [("id",)])
        refused = _refusal(found[0])
        if refused is not None:
            await ctx.db.close(commit=False)
            return refused
        document = found[0]
        row = document._row
        content = await reads.document_content(ctx.db, row.id)
        ctx.recorder.operation = f"download {row.filename}"[:300]
        categories = categories_in_mask(row.categories_mask)
        ctx.recorder.saw_participant(document._participant_id, *categories)
    except (Unauthenticated, BadRequest) as exc:
        await ctx.db.close(commit=False)
        if isinstance(exc, BadRequest):  # a path that names no document
            return error_response(404, "NOT_FOUND", "no such document")
        return unauthenticated(exc, token is not None)
    except BaseException:
        await ctx.db.close(commit=False)
        raise
    await pipeline.finish(ctx)
    headers = {
        "content-disposition": _disposition(row.filename),
        "x-content-sha256": row.sha256,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
    }
    return Response(content, media_type=row.media_type, headers=headers)
