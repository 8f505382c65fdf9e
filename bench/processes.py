"""What a bench run starts, as a user would: a fresh database, the `vocrehab`
command (migrate, tokens, audit), `vocrehab serve` and the floor app, each a
subprocess logging to a file in the run's folder and stopped when done."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

__all__ = ["Stack", "admin_sql", "free_port", "fresh_database"]

BIN = Path(sys.executable).parent
BENCH = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def admin_sql(url: str, *statements: str) -> list[object]:
    """Run statements outside a transaction (CREATE DATABASE cannot run in one)."""

    async def go() -> list[object]:
        engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                results = [await conn.execute(sa.text(s)) for s in statements]
                return [r.scalar() if r.returns_rows else None for r in results]
        finally:
            await engine.dispose()

    return asyncio.run(go())


@contextmanager
def fresh_database(server_url: str | None, folder: Path, label: str) -> Iterator[str]:
    """A new, empty database: a SQLite file in `folder`, or, given a PostgreSQL URL,
    a database of its own on that server (named after the URL's), dropped afterwards."""
    if server_url is None:
        yield f"sqlite+aiosqlite:///{folder / label}.sqlite3"
        return
    url = make_url(server_url)
    name = f"{url.database or 'bench'}_{label}_{uuid.uuid4().hex[:6]}"
    maintenance = url.set(database="postgres").render_as_string(hide_password=False)
    admin_sql(maintenance, f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        admin_sql(maintenance, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Stack:
    """The servers of one database, on ports chosen once (tokens name the issuer's port)."""

    database_url: str
    folder: Path
    port: int
    floor_port: int

    @classmethod
    def on(cls, database_url: str, folder: Path) -> Stack:
        return cls(database_url, folder, free_port(), free_port())

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "VOCREHAB_DATABASE_URL": self.database_url,
            "VOCREHAB_HOST": "127.0.0.1",
            "VOCREHAB_PORT": str(self.port),
        }

    def cli(self, *args: str) -> str:
        """Run `vocrehab ARGS` on this database; its output, or an error with its stderr."""
        done = subprocess.run(
            [BIN / "vocrehab", *args], env=self.env, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"vocrehab {' '.join(args)} failed:\n{done.stderr or done.stdout}")
        return done.stdout.strip()

    def seed(self, cases: int) -> None:
        subprocess.run(
            [sys.executable, BENCH / "seed.py", "--cases", str(cases)], env=self.env, check=True
        )

    @contextmanager
    def serve(self, workers: int, **env: str) -> Iterator[str]:
        """`vocrehab serve` with `workers` workers until the block ends; yields /graphql's URL.
        `env`: settings of its own (VOCREHAB_...)."""
        base = f"http://127.0.0.1:{self.port}"
        command = [BIN / "vocrehab", "serve", "--no-migrate", "--workers", str(workers)]
        with self.running(command, f"serve-{workers}w", f"{base}/healthz", "GET", **env):
            yield f"{base}/graphql"

    @contextmanager
    def worker(self, **env: str) -> Iterator[None]:
        """`vocrehab worker` (outbox dispatchers) until the block ends."""
        with self.running([BIN / "vocrehab", "worker"], "worker", None, "GET", **env):
            yield

    @contextmanager
    def floor(self, actor: str) -> Iterator[str]:
        url = f"http://127.0.0.1:{self.floor_port}/graphql"
        command = [
            sys.executable,
            BENCH / "floor.py",
            "--actor",
            actor,
            "--database-url",
            self.database_url,
            "--port",
            str(self.floor_port),
        ]
        with self.running(command, "floor", url, "POST"):
            yield url

    @contextmanager
    def running(
        self, command: Sequence[object], name: str, probe: str | None, method: str, **env: str
    ) -> Iterator[None]:
        """`command` in a process group of its own (npx and uvicorn start children), stopped
        with the group when the block ends; up once `probe` answers (at once without one)."""
        log = self.folder / f"{name}.log"
        with log.open("a") as out:
            process = subprocess.Popen(
                [str(part) for part in command],
                env={**self.env, **env},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            if probe is not None:
                _wait_until_up(probe, method, process, log)
            yield
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=wait)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_until_up(url: str, method: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            if httpx.request(method, url, timeout=5, content=b"{}").status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in two minutes; see {log}")
