"""In a real browser (headless Chromium through Playwright), against a real
`vocrehab serve` with the demo loaded, with every request to another host
refused, as in an air-gapped network:

- GraphiQL loads, takes a demo Authorization header pasted into its Headers
  tab, runs a query and shows data;
- the login page passes axe-core in Norwegian and Swedish, keeps its focus
  order, switches language without losing the authorization request, and
  signs in (the browser's own Origin header passing the form's check).

Skipped, with the reason, when Chromium or Playwright is not installed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from oauth_support import pkce
from servers import cli, demo_token, free_port, running, server_env

from vocrehab.demo.logins import DEMO_PASSWORD, DEMO_REDIRECT_URI

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

try:
    from playwright.async_api import BrowserContext, Page, Route, async_playwright
except ImportError:  # pragma: no cover - the test extras install it
    async_playwright = None  # type: ignore[assignment]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A served demo on SQLite: (base URL, environment)."""
    if async_playwright is None:
        pytest.skip("Playwright for Python is not installed (pip install -e '.[test]')")
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    tmp = tmp_path_factory.mktemp("browser")
    env = server_env(f"sqlite+aiosqlite:///{tmp / 'demo.sqlite3'}", free_port())
    cli(env, "db", "upgrade")
    cli(env, "demo", "seed")
    with running(env, tmp, "--no-migrate") as base:
        yield base, env


@dataclass
class Offline:
    """A browser with a fresh profile that may reach only this machine."""

    context: BrowserContext
    refused: list[str] = field(default_factory=list)
    """Requests a page made to other hosts (all refused)."""


@asynccontextmanager
async def offline_browser(**options: Any) -> AsyncIterator[Offline]:
    assert async_playwright is not None and CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        async with async_playwright() as playwright:
            context = await playwright.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True, **options
            )
            offline = Offline(context)

            async def only_local(route: Route) -> None:
                if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
                    await route.continue_()
                else:
                    offline.refused.append(route.request.url)
                    await route.abort("internetdisconnected")

            await context.route("**/*", only_local)
            try:
                yield offline
            finally:
                await context.close()


# ---------------------------------------------------------------------- GraphiQL


async def paste(page: Page, editor: Any, text: str) -> None:
    await editor.click()
    await page.keyboard.press("Control+A")
    await page.keyboard.press("Delete")
    await page.keyboard.insert_text(text)


async def test_graphiql_works_offline(demo: tuple[str, dict[str, str]]) -> None:
    base, env = demo
    header = json.dumps({"Authorization": f"Bearer {demo_token(env, 'Case manager')}"})
    async with offline_browser() as offline:
        await _use_graphiql(offline, base, header)


async def _use_graphiql(offline: Offline, base: str, header: str) -> None:
    page = await offline.context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    # Before a header is pasted, GraphiQL's schema request is refused: that 401 is expected.
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" and "401" not in m.text else None,
    )
    await page.goto(f"{base}/graphql")
    await page.locator(".graphiql-container").wait_for(timeout=20_000)

    await page.get_by_role("button", name="Headers").click()
    headers = page.locator(".graphiql-editor-tool .CodeMirror").last
    await paste(page, headers, header)
    query = page.locator(".graphiql-query-editor .CodeMirror").first
    await paste(page, query, "{ viewer { stakeholderType } cases(first: 3) { totalCount } }")
    await page.locator(".graphiql-execute-button").click()

    result = page.locator(".graphiql-response")
    await result.get_by_text('"totalCount"').wait_for(timeout=20_000)
    text = await result.inner_text()
    assert '"stakeholderType": "CASE_MANAGER"' in text, text
    assert '"errors"' not in text, text
    assert offline.refused == [], "GraphiQL reached for another host"
    assert problems == [], problems


# ---------------------------------------------------------------------- the login page


async def run_axe(page: Page) -> list[dict[str, Any]]:
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [{"id": v["id"], "nodes": [n["html"] for n in v["nodes"]]} for v in result]


async def focus_order(page: Page, stops: int) -> list[str]:
    await page.locator("body").focus()
    order = []
    for _ in range(stops):
        await page.keyboard.press("Tab")
        order.append(
            await page.evaluate(
                "() => { const e = document.activeElement;"
                " return e.id || e.getAttribute('hreflang') || e.value || e.tagName; }"
            )
        )
    return order


async def test_the_login_page_in_a_browser(demo: tuple[str, dict[str, str]]) -> None:
    async with offline_browser(locale="nb-NO", bypass_csp=True) as offline:
        await _sign_in(offline, demo[0])


async def _sign_in(offline: Offline, base: str) -> None:
    context = offline.context
    callbacks: list[str] = []

    async def frontend(route: Route) -> None:  # the demo frontend's redirect URI
        callbacks.append(route.request.url)
        await route.fulfill(status=200, content_type="text/plain", body="signed in")

    await context.route(f"{DEMO_REDIRECT_URI}**", frontend)
    page = await context.new_page()
    verifier, challenge = pkce()
    request = {
        "response_type": "code", "client_id": "demo-clinician", "redirect_uri": DEMO_REDIRECT_URI,
        "scope": "openid profile cases:read", "state": "s-42", "nonce": "n-42",
        "code_challenge": challenge, "code_challenge_method": "S256",
    }  # fmt: skip
    await page.goto(f"{base}/oauth/authorize?{urlencode(request)}")

    assert await page.get_attribute("html", "lang") == "nb"
    assert await page.locator("h1").inner_text() == "Logg inn i vocrehab"
    assert await run_axe(page) == []
    assert await focus_order(page, 7) == ["nb", "sv", "en", "username", "password", "allow", "deny"]

    await page.get_by_role("link", name="Svenska").click()
    await page.wait_for_load_state()
    assert await page.get_attribute("html", "lang") == "sv"
    for name, value in request.items():
        assert await page.locator(f'input[type=hidden][name="{name}"]').input_value() == value
    await page.get_by_label("Användarnamn").fill("clinician")
    await page.get_by_label("Lösenord").fill("not the password")
    await page.get_by_role("button", name="Logga in och tillåt").click()
    await page.get_by_role("alert").wait_for()
    assert "Fel användarnamn eller lösenord." in await page.get_by_role("alert").inner_text()
    assert await run_axe(page) == [], "the page with an error is accessible too"

    await page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Logga in och tillåt").click()
    await page.wait_for_url(f"{DEMO_REDIRECT_URI}**")
    query = {k: v[0] for k, v in parse_qs(urlsplit(callbacks[-1]).query).items()}
    assert query["state"] == "s-42"
    tokens = httpx.post(
        f"{base}/oauth/token",
        data={
            "grant_type": "authorization_code", "code": query["code"], "client_id": "demo-clinician",
            "redirect_uri": DEMO_REDIRECT_URI, "code_verifier": verifier,
        },
    )  # fmt: skip
    assert tokens.status_code == 200, tokens.text
    assert "id_token" in tokens.json()
    assert offline.refused == []
