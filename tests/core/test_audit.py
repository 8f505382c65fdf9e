"""Appending to the access log: one INSERT per operation, in the caller's
transaction, each entry hashed over its own content; and reading it back."""

from __future__ import annotations

import uuid
from datetime import timedelta

from access_log_support import READER, entries, recorder_of
from support import World

from vocrehab.core.audit import AccessRecorder, access_log_page, write_entries
from vocrehab.core.clock import Clock
from vocrehab.core.pagination import PageRequest
from vocrehab.db.access_log import ENTRY_FIELDS, entry_digest
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
