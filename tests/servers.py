"""Running `vocrehab serve` as a user would, for end-to-end tests."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from vocrehab.db.access_log import GENESIS, AccessLogHead
from vocrehab.db.base import Base
from vocrehab.db.engine import Database
from vocrehab.db.migrate import upgrade

BIN = Path(sys.executable).parent
POSTGRES_URL = os.environ.get("VOCREHAB_TEST_POSTGRES_URL")
"""The PostgreSQL server the tests may make databases on (CI sets it)."""


def redis_up() -> bool:
    """Whether the machine's Redis answers on 127.0.0.1:6379."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(
    base: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 60
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    process.terminate()
    process.wait(timeout=10)
    pytest.fail(f"server did not come up:\n{log.read_text(errors='replace')}")


def server_env(database_url: str, port: int, **settings: str) -> dict[str, str]:
    env = {
        **os.environ,
        "VOCREHAB_DATABASE_URL": database_url,
        "VOCREHAB_PORT": str(port),
        **{f"VOCREHAB_{name.upper()}": value for name, value in settings.items()},
    }
    env.pop("VOCREHAB_TEST_POSTGRES_URL", None)
    return env


@contextmanager
def running(
    env: dict[str, str], cwd: Path, *args: str, python_flags: Sequence[str] = ()
) -> Iterator[str]:
    """`vocrehab serve` in a subprocess until the block ends; yields its base URL.

    `python_flags` run it under an interpreter started so (["-O"]: asserts gone).
    Its output goes to `server.log` in `cwd`: a pipe nobody reads would fill up
    and stall a busy server.
    """
    command = (
        [sys.executable, *python_flags, str(BIN / "vocrehab")]
        if python_flags
        else [BIN / "vocrehab"]
    )
    log = cwd / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "serve", *args], env=env, cwd=cwd, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{env['VOCREHAB_PORT']}"
    try:
        wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([BIN / "vocrehab", *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def demo_tokens(env: dict[str, str]) -> dict[str, str]:
    """Heading -> bearer token, as `vocrehab demo tokens` prints them."""
    lines = cli(env, "demo", "tokens").splitlines()
    return {
        line.removeprefix("# "): lines[i + 1].split("Bearer ")[1].rstrip('"}')
        for i, line in enumerate(lines)
        if line.startswith("# ") and i + 1 < len(lines) and "Bearer " in lines[i + 1]
    }


def demo_token(env: dict[str, str], label: str) -> str:
    """The token printed under the heading that starts with `label`."""
    return next(token for heading, token in demo_tokens(env).items() if heading.startswith(label))


def postgres_binaries() -> Path | None:
    """The directory of PostgreSQL's server programs (initdb, pg_ctl), if installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


class PrivateCluster:
    """A PostgreSQL cluster of the test's own (initdb in `root`), on a free port,
    started with the given `-c name=value` settings and stopped at will. The
    machine's shared cluster serves other test runs, so nothing here touches it."""

    def __init__(self, binaries: Path, root: Path, *settings: str) -> None:
        self.bin = binaries
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        self.settings = settings
        # PostgreSQL refuses to run as root: then it runs as the postgres user.
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(root, self.user)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-sync")  # fmt: skip

    @property
    def url(self) -> str:
        """A URL of the cluster's `postgres` database."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = " ".join(
            [f"-p {self.port}", f"-k {self.root}", "-c listen_addresses=127.0.0.1",
             "-c fsync=off", "-c full_page_writes=off", *self.settings]
        )  # fmt: skip
        self._run("pg_ctl", "-D", str(self.data), "-o", options,
                  "-l", str(self.root / "postgres.log"), "-w", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        subprocess.run(
            [str(self.bin / program), *args], user=self.user, check=check,
            capture_output=True, cwd=self.root,
        )  # fmt: skip


@contextmanager
def private_cluster(*settings: str) -> Iterator[PrivateCluster]:
    """A started `PrivateCluster`, removed at the end; skips when PostgreSQL's server
    programs are not installed."""
    binaries = postgres_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    root = Path(tempfile.mkdtemp(prefix="vocrehab-pg-"))
    try:
        cluster = PrivateCluster(binaries, root, *settings)
        cluster.start()
        try:
            yield cluster
        finally:
            cluster._run("pg_ctl", "-D", str(cluster.data), "-m", "immediate", "stop",
                         check=False)  # fmt: skip
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def private_postgres(*settings: str) -> Iterator[str]:
    """The URL of a private cluster's `postgres` database (see `private_cluster`)."""
    with private_cluster(*settings) as cluster:
        yield cluster.url


@contextmanager
def postgres_database(server_url: str, label: str) -> Iterator[str]:
    """A database of its own on the PostgreSQL server of `server_url`, dropped afterwards."""
    admin_url = make_url(server_url)
    name = f"{admin_url.database}_{label}_{uuid.uuid4().hex[:8]}"
    asyncio.run(admin_sql(admin_url, f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def admin_sql(url: sa.URL, statement: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(sa.text(statement))
    await engine.dispose()


async def prepare(url: str, now: datetime) -> None:
    """Migrate a new database and give it a signing key (RSA generation is slow)."""
    from vocrehab.auth.keys import KeyStore

    db = Database(url)
    await upgrade(db)
    await KeyStore(db).ensure_signing_key(now)
    await db.dispose()


KEPT_TABLES = {"alembic_version", "signing_keys"}
"""What a test keeps of the session's PostgreSQL database: the schema's version and
the signing key (RSA generation is slow)."""


async def empty_tables(db: Database) -> None:
    """Every table of a PostgreSQL database back to what the migrations leave: empty,
    but for the signing key and the access log's head row (the sealer needs it)."""
    tables = [t.name for t in Base.metadata.sorted_tables if t.name not in KEPT_TABLES]
    async with db.engine.begin() as conn:
        await conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} CASCADE"))
        await conn.execute(sa.insert(AccessLogHead).values(id=1, batch=0, hash=GENESIS))
