"""The migrations and the models must describe the same database."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from vocrehab.db.base import Base
from vocrehab.db.engine import Database
from vocrehab.db.migrate import alembic_config, current_revision, upgrade


def _diff(connection: Any) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def test_migrated_database_matches_the_models(db: Database) -> None:
    async with db.engine.connect() as conn:
        differences = await conn.run_sync(_diff)
    assert differences == [], (
        "models changed without a migration: run alembic revision --autogenerate"
    )


async def test_one_head_and_the_database_is_at_it(db: Database) -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1
    assert await current_revision(db) == heads[0]


async def test_downgrade_to_nothing_and_back(db: Database) -> None:
    from alembic import command

    async with db.engine.begin() as conn:
        await conn.run_sync(lambda sync: command.downgrade(alembic_config(sync), "base"))
    assert await current_revision(db) is None
    await upgrade(db)
    async with db.engine.connect() as conn:
        assert await conn.run_sync(_diff) == []
