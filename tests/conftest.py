"""Shared fixtures: every test that takes `db` runs once per database backend.

SQLite always; PostgreSQL too when VOCREHAB_TEST_POSTGRES_URL is set (CI sets
it). Migrations run once per backend per session, into a template; each test
then gets a clean copy (SQLite: a copied file; PostgreSQL: truncated tables),
so every test starts from the same empty, migrated database.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from vocrehab.core.clock import Clock
from vocrehab.db.base import Base
from vocrehab.db.engine import Database
from vocrehab.db.migrate import upgrade
from vocrehab.hooks.host import PluginHost

POSTGRES_URL = os.environ.get("VOCREHAB_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]
# A Monday; every test sees the same "today" unless it moves the clock.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KEPT_TABLES = {"alembic_version", "signing_keys"}


def pytest_report_header(config: pytest.Config) -> str:
    return f"vocrehab database backends: {', '.join(BACKENDS)}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    asyncio.run(_prepare(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of its own for this test session, created and dropped here."""
    assert POSTGRES_URL
    admin_url = make_url(POSTGRES_URL)
    name = f"{admin_url.database}_vr_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin_sql(admin_url, f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    asyncio.run(_prepare(url))
    yield url
    asyncio.run(_admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin_sql(url: sa.URL, statement: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(sa.text(statement))
    await engine.dispose()


async def _prepare(url: str) -> None:
    """Migrate a new database and give it a signing key (RSA generation is slow)."""
    from vocrehab.auth.keys import KeyStore

    db = Database(url)
    await upgrade(db)
    await KeyStore(db).ensure_signing_key(NOW)
    await db.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url, pool_size=5)
    if not database.is_sqlite:
        await _truncate(database)
    yield database
    await database.dispose()


async def _truncate(database: Database) -> None:
    tables = [t.name for t in Base.metadata.sorted_tables if t.name not in KEPT_TABLES]
    async with database.engine.begin() as conn:
        await conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} CASCADE"))


@pytest.fixture
def clock() -> Clock:
    return Clock("Europe/Oslo", fixed=NOW)


@pytest.fixture(scope="session")
def host() -> PluginHost:
    return PluginHost.load(allow=["generic"])


@pytest.fixture
def repo_root() -> Iterator[Path]:
    yield Path(__file__).resolve().parent.parent


@pytest.fixture
async def app(db: Database, host: PluginHost, clock: Clock) -> AsyncIterator[object]:
    from support import settings

    from vocrehab.app import create_app

    application = create_app(settings(), host=host, clock=clock, database=db)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def api(app: object, clock: Clock) -> AsyncIterator[object]:
    import httpx
    from support import Api

    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="https://vocrehab.test") as client:
        yield Api(app, client, clock)  # type: ignore[arg-type]


@pytest.fixture
def world(db: Database, host: PluginHost, clock: Clock) -> object:
    from support import World

    return World(db, host, clock)
