"""Shared fixtures: every test that takes `db` runs once per database backend.

SQLite always; PostgreSQL too when VOCREHAB_TEST_POSTGRES_URL is set (CI sets
it). Migrations run once per backend per session, into a template; each test
then gets a clean copy (SQLite: a copied file; PostgreSQL: truncated tables),
so every test starts from the same empty, migrated database.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from servers import POSTGRES_URL, empty_tables, postgres_database, prepare

from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost

BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]
# A Monday; every test sees the same "today" unless it moves the clock.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def pytest_report_header(config: pytest.Config) -> str:
    return f"vocrehab database backends: {', '.join(BACKENDS)}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    asyncio.run(prepare(f"sqlite+aiosqlite:///{path}", NOW))
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of its own for this test session, created and dropped here."""
    assert POSTGRES_URL
    with postgres_database(POSTGRES_URL, "vr") as url:
        asyncio.run(prepare(url, NOW))
        yield url


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
        await empty_tables(database)
    yield database
    await database.dispose()


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


@pytest.fixture
def database_down(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """The test's database, unreachable from the moment the test asks for it."""
    from support import take_down

    take_down(db, monkeypatch)
    return db
