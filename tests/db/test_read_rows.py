"""`OperationConnection.rows`: a kept read statement gives the same rows whichever
way it runs, SQLAlchemy's or (on PostgreSQL, from its second run) the driver's,
and each run is one statement that the statement counters see."""

from __future__ import annotations

import datetime
import uuid

import pytest
import sqlalchemy as sa

from vocrehab.db import models as m
from vocrehab.db.base import new_id
from vocrehab.db.engine import Database, KnownRead, StatementCounter
from vocrehab.db.sql import AnyOf, read_rows
from vocrehab.hooks.vocabulary import ActorKind, StakeholderType

# Built once, as the loaders build theirs: enum, JSON, date and boolean columns, a
# NULL stand-in for a column left out, values bound at compile time and at run time.
KEPT = (
    sa.select(
        m.Actor.id,
        m.Actor.kind,
        m.Actor.stakeholder_type,
        m.Actor.name,
        sa.null().label("email"),
        m.Actor.created_at,
    )
    .where(AnyOf(m.Actor.id, key="ids"), m.Actor.kind == ActorKind.PERSON)
    .order_by(m.Actor.name)
)


async def _actors(db: Database) -> list[uuid.UUID]:
    ids = [new_id() for _ in range(3)]
    async with db.session() as session:
        for i, actor_id in enumerate(ids):
            session.add(
                m.Actor(
                    id=actor_id,
                    kind=ActorKind.PERSON if i < 2 else ActorKind.ORGANISATION,
                    stakeholder_type=StakeholderType.CASE_MANAGER,
                    name=f"Actor {i}",
                    email=f"a{i}@example.org",
                )
            )
        await session.commit()
    return ids


async def test_a_kept_statement_gives_the_same_rows_each_run(db: Database) -> None:
    ids = await _actors(db)
    runs = []
    with StatementCounter(db.engine) as counted:
        for _ in range(3):
            operation = db.operation(snapshot=True)
            try:
                runs.append(await read_rows(operation, KEPT, {"ids": ids}, kept=True))
                runs.append(await read_rows(operation, KEPT, {"ids": ids[:1]}, kept=True))
                assert operation.statements == 2
            finally:
                await operation.close()
    assert counted.count == 6
    first, one = runs[0], runs[1]
    assert [row.name for row in first] == ["Actor 0", "Actor 1"]
    assert [row.id for row in one] == [ids[0]]
    for row in first:
        assert type(row.kind) is ActorKind and type(row.stakeholder_type) is StakeholderType
        assert row.email is None and row._fields[-1] == "created_at"
        assert isinstance(row.created_at, datetime.datetime) and row.created_at.tzinfo
    assert runs[2:] == runs[:2] * 2
    # On PostgreSQL, once learnt, every run in a transaction already begun went the
    # driver's way (an operation's first statement begins it, SQLAlchemy's way).
    assert db.reads.driver_runs == (0 if db.is_sqlite else 3)


async def test_a_failure_on_the_drivers_way_runs_it_sqlalchemys_way(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = await _actors(db)
    operation = db.operation(snapshot=True)
    try:
        expected = await read_rows(operation, KEPT, {"ids": ids}, kept=True)

        def broken(self: KnownRead, parameters: object) -> list[object]:
            raise RuntimeError("not as expected")

        monkeypatch.setattr(KnownRead, "arguments", broken)
        assert await read_rows(operation, KEPT, {"ids": ids}, kept=True) == expected
        assert operation.statements == 2 and db.reads.driver_runs == 0
    finally:
        await operation.close()


async def test_a_statement_not_kept_is_not_learnt(db: Database) -> None:
    ids = await _actors(db)
    operation = db.operation(snapshot=True)
    try:
        for _ in range(2):
            fresh = sa.select(m.Actor.name).where(AnyOf(m.Actor.id, ids))
            rows = await read_rows(operation, fresh)
            assert sorted(row.name for row in rows) == ["Actor 0", "Actor 1", "Actor 2"]
            assert db.reads.get(fresh) is None
    finally:
        await operation.close()


async def test_the_drivers_way_reads_in_the_operations_snapshot(db: Database) -> None:
    """A row committed by another connection after the operation's first read is not
    seen by its later reads, whichever way they run (REPEATABLE READ on PostgreSQL)."""
    if db.is_sqlite:
        pytest.skip("SQLite reads run SQLAlchemy's way only")
    ids = await _actors(db)
    warm = db.operation(snapshot=True)
    try:
        await read_rows(warm, KEPT, {"ids": ids}, kept=True)  # learnt
    finally:
        await warm.close()
    operation = db.operation(snapshot=True)
    try:
        before = await read_rows(operation, KEPT, {"ids": ids}, kept=True)
        async with db.session() as session:
            await session.execute(
                sa.update(m.Actor).where(m.Actor.id == ids[0]).values(name="Renamed")
            )
            await session.commit()
        after = await read_rows(operation, KEPT, {"ids": ids}, kept=True)
    finally:
        await operation.close()
    assert after == before and "Renamed" not in [row.name for row in after]


async def test_sql_that_changes_with_its_values_is_not_learnt(db: Database) -> None:
    """An expanding IN writes one placeholder per value: its SQL is not the same from
    one run to the next, so it always runs SQLAlchemy's way."""
    ids = await _actors(db)
    expanding = (
        sa.select(m.Actor.name)
        .where(m.Actor.id.in_(sa.bindparam("ids", expanding=True)))
        .order_by(m.Actor.name)
    )
    for wanted in (ids, ids[:2]):
        operation = db.operation(snapshot=True)
        try:
            rows = await read_rows(operation, expanding, {"ids": wanted}, kept=True)
        finally:
            await operation.close()
        assert [row.name for row in rows] == [f"Actor {i}" for i in range(len(wanted))]
    assert db.reads.get(expanding) is None
    assert db.reads.enabled is (not db.is_sqlite)


async def test_a_missing_value_is_refused_whichever_way_it_runs(db: Database) -> None:
    """A run without a value its statement requires fails as SQLAlchemy fails it, also
    once the statement is learnt and its values are found without SQLAlchemy."""
    ids = await _actors(db)
    operation = db.operation(snapshot=True)
    try:
        await read_rows(operation, KEPT, {"ids": ids}, kept=True)  # learnt
        for parameters in ({}, {"id": ids}):
            with pytest.raises(sa.exc.StatementError, match="A value is required"):
                await read_rows(operation, KEPT, parameters, kept=True)
    finally:
        await operation.close(commit=False)


# An enum column whose stored text is not one of the enum's values.
UNKNOWN_KIND = sa.select(
    sa.type_coerce(sa.literal_column("'NOT_A_KIND'"), sa.Enum(ActorKind, native_enum=False)).label(
        "kind"
    ),
    m.Actor.kind.label("known"),
).where(AnyOf(m.Actor.id, key="ids"))


async def test_an_enum_value_it_does_not_know_fails_whichever_way_it_runs(db: Database) -> None:
    ids = await _actors(db)
    for _ in range(2):  # learnt by the first run, on the driver's way at the second
        operation = db.operation(snapshot=True)
        try:
            await read_rows(operation, KEPT, {"ids": ids}, kept=True)  # begins the transaction
            with pytest.raises(LookupError, match="NOT_A_KIND"):
                await read_rows(operation, UNKNOWN_KIND, {"ids": ids}, kept=True)
        finally:
            await operation.close(commit=False)
        # Learnt at its first run (before its rows failed): the second failed on the driver's way.
        assert (db.reads.get(UNKNOWN_KIND) is not None) is db.reads.enabled
