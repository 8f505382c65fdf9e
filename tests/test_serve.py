"""`vocrehab serve` as a user starts it: a real uvicorn process on a free port,
a fresh embedded database, GraphiQL in a browser, a query with a demo token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from servers import cli, demo_token, free_port, running, server_env

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = server_env(f"sqlite+aiosqlite:///{tmp_path / 'serve.sqlite3'}", free_port(), workers="2")
    with running(env, tmp_path) as base:
        yield base, env


def test_serve_answers_graphiql_and_queries(server: tuple[str, dict[str, str]]) -> None:
    base, env = server
    page = httpx.get(f"{base}/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    cli(env, "demo", "seed")
    token = demo_token(env, "Case manager")
    for _ in range(4):  # reach both workers
        response = httpx.post(
            f"{base}/graphql",
            json={
                "query": "{ viewer { stakeholderType } cases(first: 3) { totalCount edges { node { reference milestones { code status } } } } }"
            },
            headers={"authorization": f"Bearer {token}"},
        )
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        assert body["data"]["viewer"]["stakeholderType"] == "CASE_MANAGER"
        assert body["data"]["cases"]["totalCount"] >= 3
    refused = httpx.post(f"{base}/graphql", json={"query": "{ viewer { clientId } }"})
    assert refused.status_code == 401
