"""GraphiQL from the package's own files: the page names only this server's
assets, which are served with immutable caching and the right types, and
ship in the wheel with their licences. (In a browser with the network cut:
tests/test_browser.py.)"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import httpx
import pytest
from support import Api, settings

from vocrehab.api.graphiql import SCRIPTS, STYLES
from vocrehab.app import create_app
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "platform" / "api" / "graphiql-assets"


async def ide(api: Api) -> httpx.Response:
    return await api.client.get("/graphql", headers={"accept": "text/html"})


async def test_the_page_loads_nothing_from_elsewhere(api: Api) -> None:
    page = await ide(api)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "://" not in page.text, "an absolute URL: the page must work offline"
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(sources) == len(SCRIPTS) + len(STYLES)
    assert all(re.fullmatch(r"/graphiql/[0-9a-f]{16}/[\w.-]+", s) for s in sources), sources
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy
    assert 'data-endpoint="/graphql"' in page.text


async def test_the_assets_are_immutable_and_typed(api: Api) -> None:
    page = await ide(api)
    for url in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        name = url.rsplit("/", 1)[1]
        plain = await api.client.get(url, headers={"accept-encoding": "identity"})
        assert plain.status_code == 200, url
        assert plain.content == (STATIC / name).read_bytes()
        assert plain.headers["cache-control"] == "public, max-age=31536000, immutable"
        expected = "text/css" if name.endswith(".css") else "text/javascript"
        assert plain.headers["content-type"].startswith(expected)
        assert plain.headers["x-content-type-options"] == "nosniff"
        zipped = await api.client.get(url, headers={"accept-encoding": "gzip"})
        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.content == plain.content  # httpx decodes it
        assert int(zipped.headers["content-length"]) < len(plain.content)


async def test_other_asset_urls_are_not_found(api: Api) -> None:
    page = await ide(api)
    url = re.findall(r'src="([^"]+)"', page.text)[0]
    digest = url.split("/")[2]
    for wrong in (
        url.replace(digest, "0" * 16),
        f"/graphiql/{digest}/LICENSE.react",
        f"/graphiql/{digest}/x.js",
    ):
        response = await api.client.get(wrong)
        assert response.status_code == 404, wrong
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_without_graphiql_there_is_no_ide(
    db: Database, host: PluginHost, clock: Clock
) -> None:
    app = create_app(settings(graphiql=False), host=host, clock=clock, database=db)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://vocrehab.test") as c:
            page = await c.get("/graphql", headers={"accept": "text/html"})
            assert "GraphiQL" not in page.text
            assert (await c.get(f"/graphiql/{'0' * 16}/graphiql.min.js")).status_code == 404


def test_every_vendored_file_ships_with_its_licence() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["vocrehab.api"]
    shipped = sorted(p.relative_to(STATIC.parent).as_posix() for p in STATIC.iterdir())
    missing = [f for f in shipped if not any(fnmatch.fnmatch(f, p) for p in patterns)]
    assert missing == [], "not in the wheel"
    readme = (STATIC / "README.md").read_text()
    for name in (*SCRIPTS, *STYLES):
        if name != "graphiql-start.js":
            assert f"`{name}`" in readme, name
    for licence in ("LICENSE.graphiql", "LICENSE.react", "LICENSE.react-dom"):
        assert (STATIC / licence).read_text().startswith("MIT License"), licence
        assert licence in readme


@pytest.mark.parametrize("name", [*SCRIPTS, *STYLES])
def test_no_asset_reaches_for_a_cdn(name: str) -> None:
    text = (STATIC / name).read_text()
    assert not re.search(r"https?://(unpkg|cdn\.jsdelivr|esm\.sh|fonts\.googleapis)", text), name
