"""`vocrehab serve` as a user starts it: a real uvicorn process on a free port,
a fresh embedded database, GraphiQL in a browser, a query with a demo token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    port = _free_port()
    env = {
        **os.environ,
        "VOCREHAB_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'serve.sqlite3'}",
        "VOCREHAB_PORT": str(port),
        "VOCREHAB_WORKERS": "2",
    }
    env.pop("VOCREHAB_TEST_POSTGRES_URL", None)
    process = subprocess.Popen(
        [BIN / "vocrehab", "serve"], env=env, cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            process.terminate()
            pytest.fail(f"server did not come up:\n{process.communicate(timeout=10)[0]}")
        yield base, env
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stdout:
            process.stdout.close()


def test_serve_answers_graphiql_and_queries(server: tuple[str, dict[str, str]]) -> None:
    base, env = server
    page = httpx.get(f"{base}/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    seeded = subprocess.run(
        [BIN / "vocrehab", "demo", "seed"], env=env, capture_output=True, text=True
    )
    assert seeded.returncode == 0, seeded.stderr
    tokens = subprocess.run(
        [BIN / "vocrehab", "demo", "tokens"], env=env, capture_output=True, text=True
    )
    header = next(
        line for line in tokens.stdout.splitlines() if line.startswith('{"Authorization"')
    )
    token = header.split("Bearer ")[1].rstrip('"}')
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
