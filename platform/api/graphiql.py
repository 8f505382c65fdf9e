"""GraphiQL served from files shipped with the package (`graphiql-assets/`):
nothing is loaded from another host, so the IDE works offline.

Two things for whoever serves `/graphql`:

- `graphiql_response(request)`: the IDE's HTML page for a browser's GET;
- `graphiql_routes()`: the Starlette routes of its assets, at URLs that carry
  a digest of the files (`/graphiql/<digest>/<name>`), so they are cached as
  immutable and a new version is fetched at once.

The page's Content-Security-Policy allows scripts, styles and connections to
this origin only.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import files

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

__all__ = ["ASSET_PREFIX", "graphiql_response", "graphiql_routes"]

ASSET_PREFIX = "/graphiql"
SCRIPTS = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "graphiql-start.js",
)
STYLES = ("graphiql.min.css",)
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
IMMUTABLE = "public, max-age=31536000, immutable"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
DEFAULT_QUERY = """# Welcome to vocrehab's GraphQL API.
#
# Put your Authorization header into the Headers tab below, e.g.
#   {"Authorization": "Bearer <access token>"}
# (`vocrehab demo tokens` prints one per demo stakeholder), then run:

{
  viewer {
    stakeholderType
    scopes
  }
}
"""
DEFAULT_HEADERS = '{"Authorization": "Bearer "}'


@dataclass(frozen=True)
class _Asset:
    body: bytes
    gzipped: bytes
    media_type: str


@dataclass(frozen=True)
class _Assets:
    digest: str
    by_name: dict[str, _Asset]

    def url(self, name: str) -> str:
        return f"{ASSET_PREFIX}/{self.digest}/{name}"


@cache
def _assets() -> _Assets:
    """Read (and gzip) the files once, on the first request that needs them."""
    folder = files("vocrehab.api").joinpath("graphiql-assets")
    by_name: dict[str, _Asset] = {}
    combined = hashlib.sha256()
    for name in (*SCRIPTS, *STYLES):
        body = folder.joinpath(name).read_bytes()
        combined.update(name.encode() + b"\0" + body)
        media_type = _TYPES[name[name.rindex(".") :]]
        by_name[name] = _Asset(body, gzip.compress(body, 9, mtime=0), media_type)
    return _Assets(combined.hexdigest()[:16], by_name)


def graphiql_response(request: Request) -> HTMLResponse:
    """The IDE for a browser's GET of the GraphQL endpoint (the request's path)."""
    assets = _assets()
    styles = "".join(f'<link rel="stylesheet" href="{assets.url(n)}">' for n in STYLES)
    scripts = "".join(f'<script src="{assets.url(n)}"></script>' for n in SCRIPTS)
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<title>GraphiQL - vocrehab</title>"
        f"{styles}<style>html,body,#graphiql{{height:100%;margin:0}}</style></head><body>"
        f'<div id="graphiql" data-endpoint="{escape(request.url.path)}"'
        f' data-query="{escape(DEFAULT_QUERY)}" data-headers="{escape(DEFAULT_HEADERS)}">'
        f"Loading GraphiQL…</div>{scripts}</body></html>"
    )
    headers = {
        "Content-Security-Policy": CSP,
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }
    return HTMLResponse(html, headers=headers)


async def _asset(request: Request) -> Response:
    assets = _assets()
    found = assets.by_name.get(request.path_params["name"])
    if found is None or request.path_params["digest"] != assets.digest:
        return Response(
            json.dumps({"errors": [{"message": "not found", "extensions": {"code": "NOT_FOUND"}}]}),
            404,
            media_type="application/json",
        )
    headers = {
        "Cache-Control": IMMUTABLE,
        "Vary": "Accept-Encoding",
        "X-Content-Type-Options": "nosniff",
    }
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(found.gzipped, media_type=found.media_type, headers=headers)
    return Response(found.body, media_type=found.media_type, headers=headers)


def graphiql_routes() -> list[Route]:
    return [Route(f"{ASSET_PREFIX}/{{digest}}/{{name}}", _asset, methods=["GET", "HEAD"])]
