"""Appending to the access log: one INSERT per operation, in the caller's
transaction, each entry hashed over its own content; and reading it back."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from access_log_support import READER, entries, recorder_of
from support import World

from vocrehab.core.audit import AccessRecorder, access_log_page, write_entries
from vocrehab.core.audit_seal import seal
from vocrehab.core.audit_verify import verify_log
from vocrehab.core.clock import Clock
from vocrehab.core.pagination import PageRequest
from vocrehab.db.access_log import ENTRY_FIELDS, AccessLogRow, entry_digest
from vocrehab.db.base import new_id
from vocrehab.db.engine import Database, StatementCounter
from vocrehab.hooks.vocabulary import DataCategory


async def test_fifty_entries_are_one_insert_and_nothing_else(db: Database, clock: Clock) -> None:
    recorder = AccessRecorder(READER, "r1", "query Caseload")
    known = {}
    for _ in range(50):
        case_id, participant_id = uuid.uuid4(), uuid.uuid4()
        recorder.saw_case(case_id, DataCategory.PLAN)
        known[case_id] = participant_id
    async with db.transaction() as session:
        with StatementCounter(db.engine) as counter:
            written = await write_entries(session, recorder, clock.now(), known)
    assert written == 50
    assert len(counter.statements) == 1
    assert counter.statements[0].startswith("INSERT INTO access_log")
    rows = await entries(db)
    assert {row["participant_id"] for row in rows} == set(known.values())
    assert all(row["hash"] == entry_digest(row) and row["batch"] is None for row in rows)


async def test_cases_it_is_not_given_cost_one_lookup(
    db: Database, world: World, clock: Clock
) -> None:
    person = await world.participant()
    first, second = await world.case(person), await world.case(person)
    other = await world.participant(given="Bo")
    given = await world.case(other)
    recorder = AccessRecorder(READER, "r2", "query Cases")
    recorder.saw_case(first.id, DataCategory.PLAN)
    recorder.saw_case(second.id, DataCategory.MEDICAL)
    recorder.saw_case(given.id, DataCategory.BENEFITS)
    recorder.saw_case(uuid.uuid4(), DataCategory.PLAN)  # no such case: no one's data
    recorder.saw_participant(person.id, DataCategory.CONTACT)
    async with db.transaction() as session:
        with StatementCounter(db.engine) as counter:
            await write_entries(session, recorder, clock.now(), {given.id: other.id})
    assert [s.split()[0] for s in counter.statements] == ["SELECT", "INSERT"]
    by_participant = {row["participant_id"]: set(row["categories"]) for row in await entries(db)}
    assert by_participant == {
        person.id: {"PLAN", "MEDICAL", "CONTACT"},
        other.id: {"BENEFITS"},
    }


async def test_written_in_the_callers_transaction_on_a_connection_or_a_session(
    db: Database, clock: Clock
) -> None:
    async with db.engine.connect() as conn:
        await write_entries(conn, recorder_of(2), clock.now())
        await conn.rollback()
    assert await entries(db) == []
    async with db.engine.begin() as conn:
        await write_entries(conn, recorder_of(2), clock.now())
    async with db.transaction() as session:
        await write_entries(session, recorder_of(3), clock.now())
    assert len(await entries(db)) == 5


async def test_an_operation_that_saw_nothing_writes_nothing(db: Database, clock: Clock) -> None:
    recorder = AccessRecorder(READER, "r3")
    assert not recorder
    async with db.transaction() as session:
        with StatementCounter(db.engine) as counter:
            assert await write_entries(session, recorder, clock.now()) == 0
    assert counter.statements == []


async def test_a_participants_log_is_newest_first_page_by_page(db: Database, clock: Clock) -> None:
    person = uuid.uuid4()
    for minutes in range(5):
        recorder = AccessRecorder(READER, f"r{minutes}", f"query Step{minutes}")
        recorder.saw_participant(person, DataCategory.CONTACT)
        recorder.saw_participant(uuid.uuid4(), DataCategory.CONTACT)  # someone else's entry
        async with db.transaction() as session:
            await write_entries(session, recorder, clock.now() + timedelta(minutes=minutes))
    async with db.session() as session:
        first = await access_log_page(session, person, PageRequest(3))
        assert [row.operation for row in first.items] == [
            "query Step4",
            "query Step3",
            "query Step2",
        ]
        assert first.has_next and await first.count() == 5
        rest = await access_log_page(session, person, PageRequest(3, first.cursors[-1]))
        assert [row.operation for row in rest.items] == ["query Step1", "query Step0"]
        assert not rest.has_next


async def test_the_hash_covers_every_column_of_the_content(db: Database, clock: Clock) -> None:
    async with db.transaction() as session:
        await write_entries(session, recorder_of(1), clock.now())
    (row,) = await entries(db)
    changed = {
        "at": row["at"] + timedelta(microseconds=1),
        "request_id": "other",
        "participant_id": uuid.uuid4(),
        "subject": "other",
        "actor_id": None,
        "client_id": "other",
        "stakeholder_type": "ADMIN",
        "operation": "query Other",
        "categories": ["CONTACT", "MEDICAL"],
        "id": uuid.uuid4(),
    }
    assert set(changed) == set(ENTRY_FIELDS)
    for name, value in changed.items():
        assert entry_digest({**row, name: value}) != row["hash"], name
    assert entry_digest({**row, "batch": 7}) == row["hash"]  # sealing leaves the hash alone


def test_the_hash_is_over_the_documented_canonical_json() -> None:
    """Entries hashed before and after the encoder changed must verify alike: the hash
    is SHA-256 of the compact, UTF-8 unescaped JSON of the content, whatever writes it."""
    import hashlib
    import json
    import uuid
    from datetime import UTC, datetime

    entry = {
        "id": uuid.UUID("0191f0a0-0000-7000-8000-000000000001"),
        "at": datetime(2026, 3, 1, 12, 30, tzinfo=UTC),
        "request_id": "r-1",
        "participant_id": uuid.UUID("0191f0a0-0000-7000-8000-000000000002"),
        "subject": 'Åse "Ø" \\ \u2028 \x01\t',
        "actor_id": None,
        "client_id": "web",
        "stakeholder_type": "CASE_MANAGER",
        "operation": "query Caseload { cases { edges { node { id } } } }",
        "categories": ["MEDICAL", "BASIC"],
    }
    content = [
        "access-log-entry/1",
        str(entry["id"]),
        "2026-03-01T12:30:00+00:00",
        "r-1",
        str(entry["participant_id"]),
        entry["subject"],
        None,
        "web",
        "CASE_MANAGER",
        entry["operation"],
        ["BASIC", "MEDICAL"],
    ]
    canonical = json.dumps(content, separators=(",", ":"), ensure_ascii=False)
    assert entry_digest(entry) == hashlib.sha256(canonical.encode()).hexdigest()


async def test_on_postgresql_any_number_of_entries_is_one_statement_that_verifies(
    db: Database, clock: Clock
) -> None:
    """The entries' fields go as arrays: the statement and its parameters are the same
    for one entry and for more than a multi-row INSERT holds (1,000 rows), and the
    stored rows hash as they were hashed when written."""
    if db.is_sqlite:
        pytest.skip("SQLite has no arrays: a multi-row INSERT, as many rows as entries")
    sent: list[str] = []
    for count in (1, 50, 1_500):
        operation = db.operation(snapshot=True)  # the read path's connection
        with StatementCounter(db.engine) as counter:
            assert await write_entries(operation, recorder_of(count), clock.now()) == count
        await operation.close()
        assert len(counter.statements) == 1
        sent.append(counter.statements[0])
    assert sent[0].startswith("INSERT INTO access_log") and "RETURNING" not in sent[0]
    assert sent[1] == sent[2] == sent[0]
    rows = await entries(db)
    assert len(rows) == 1_551 and all(row["hash"] == entry_digest(row) for row in rows)
    await seal(db, clock)
    check = await verify_log(db, clock.now())
    assert check.intact and (check.entries, check.unsealed) == (1_551, 0)


async def test_on_postgresql_an_entry_is_stored_as_a_plain_insert_stores_it(
    db: Database, clock: Clock
) -> None:
    """Bound once or as arrays, each value is converted as a one-row INSERT of the
    model converts it: the same instant, enum name, JSON array, in the server's form."""
    if db.is_sqlite:
        pytest.skip("SQLite entries are written by a multi-row INSERT of the model itself")
    recorder = AccessRecorder(READER, "r1", "query Caseload { é }")
    person = uuid.uuid4()
    recorder.saw_participant(person, DataCategory.PLAN, DataCategory.CONTACT)
    async with db.transaction() as session:
        await write_entries(session, recorder, clock.now())
    (written,) = await entries(db)
    plain = {
        "id": new_id(),
        "at": clock.now(),
        "request_id": "r1",
        "participant_id": person,
        "subject": READER.subject,
        "actor_id": READER.actor_id,
        "client_id": READER.client_id,
        "stakeholder_type": READER.stakeholder_type,
        "operation": "query Caseload { é }",
        "categories": ["CONTACT", "PLAN"],
        "hash": written["hash"],
    }
    forms = sa.text(
        "SELECT DISTINCT at::text, request_id, participant_id::text, subject, actor_id::text,"
        " client_id, stakeholder_type, operation, categories::text, hash, batch"
        " FROM access_log"
    )
    async with db.engine.begin() as conn:
        await conn.execute(sa.insert(AccessLogRow.__table__).values(plain))
        stored = (await conn.execute(forms)).all()
    assert len(stored) == 1, stored
    assert stored[0].categories == '["CONTACT", "PLAN"]'
