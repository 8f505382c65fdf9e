"""Idempotent mutations: an `Idempotency-Key` header makes a mutation run once per
principal and key; a retry gets the first response back (the IETF draft "The
Idempotency-Key HTTP Header Field")."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from support import Api, World, admin, as_actor, gid

from vocrehab.api import notes as notes_api
from vocrehab.core import cases, idempotency
from vocrehab.core.clock import Clock
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.access_log import AccessLogRow
from vocrehab.db.engine import Database
from vocrehab.hooks.vocabulary import StakeholderType as R

ADD = """mutation($input: AddCaseNoteInput!) {
  addCaseNote(input: $input) { note { id body } userErrors { code field message } } }"""
CLOSE = """mutation($input: CloseCaseInput!) {
  closeCase(input: $input) { case { id status } userErrors { code field } } }"""


async def send(
    api: Api, who: Principal, query: str, key: str | list[str] | None, **variables: Any
) -> httpx.Response:
    headers: list[tuple[str, str | bytes]] = [("authorization", f"Bearer {api.token(who)}")]
    for value in [key] if isinstance(key, str) else key or []:
        headers.append(("idempotency-key", value.encode("latin-1")))
    return await api.client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


async def count(db: Database, table: Any) -> int:
    async with db.session() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


async def _team(world: World) -> tuple[m.Actor, m.Case]:
    manager = await world.actor(R.CASE_MANAGER)
    case = await world.case(await world.participant(), team={manager: R.CASE_MANAGER})
    return manager, case


def _note(case: m.Case, body: str = "Called the participant") -> dict[str, Any]:
    return {"caseId": gid(case), "body": body}


async def test_a_retry_gets_the_first_response_and_changes_nothing(
    api: Api, world: World, db: Database
) -> None:
    manager, case = await _team(world)
    events = await count(db, m.CaseEvent)
    first = await send(api, as_actor(manager), ADD, "retry-1", input=_note(case))
    assert first.status_code == 200
    assert first.json()["data"]["addCaseNote"]["userErrors"] == []
    assert "idempotent-replayed" not in first.headers
    again = await send(api, as_actor(manager), ADD, "retry-1", input=_note(case))
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert await count(db, m.CaseNote) == 1
    assert await count(db, m.CaseEvent) == events + 1
    assert await count(db, m.OutboxMessage) == events + 1
    # A new key is a new request.
    other = await send(api, as_actor(manager), ADD, "retry-2", input=_note(case))
    assert (
        other.json()["data"]["addCaseNote"]["note"]["id"]
        != (first.json()["data"]["addCaseNote"]["note"]["id"])
    )
    assert await count(db, m.CaseNote) == 2


async def test_the_same_key_for_another_request_is_refused(
    api: Api, world: World, db: Database
) -> None:
    manager, case = await _team(world)
    await send(api, as_actor(manager), ADD, "k", input=_note(case))
    refused = await send(api, as_actor(manager), ADD, "k", input=_note(case, "Something else"))
    assert refused.status_code == 422
    assert [e["extensions"]["code"] for e in refused.json()["errors"]] == ["IDEMPOTENCY_KEY_REUSED"]
    assert await count(db, m.CaseNote) == 1


async def test_keys_are_per_principal(api: Api, world: World, db: Database) -> None:
    manager, case = await _team(world)
    colleague = await world.actor(R.CASE_MANAGER, "Colleague")
    change = cases.TeamChange(case_id=case.id, actor_id=colleague.id, role=R.CASE_MANAGER)
    await world.do(admin(), lambda w: cases.add_team_member(w, change))
    for who in (manager, colleague):
        answer = await send(api, as_actor(who), ADD, "shared", input=_note(case))
        assert "idempotent-replayed" not in answer.headers
    assert await count(db, m.CaseNote) == 2


async def test_a_retry_while_the_first_runs_is_told_so(
    api: Api, world: World, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager, case = await _team(world)
    inside, release = asyncio.Event(), asyncio.Event()
    add_note = notes_api.core.add_note

    async def slow(work: Any, cmd: Any) -> Any:
        inside.set()
        await release.wait()
        return await add_note(work, cmd)

    monkeypatch.setattr(notes_api.core, "add_note", slow)
    first = asyncio.create_task(send(api, as_actor(manager), ADD, "slow", input=_note(case)))
    await asyncio.wait_for(inside.wait(), 10)
    busy = await send(api, as_actor(manager), ADD, "slow", input=_note(case))
    assert busy.status_code == 409
    assert [e["extensions"]["code"] for e in busy.json()["errors"]] == ["IDEMPOTENCY_KEY_IN_USE"]
    release.set()
    done = await first
    assert done.status_code == 200 and "idempotent-replayed" not in done.headers
    later = await send(api, as_actor(manager), ADD, "slow", input=_note(case))
    assert later.headers["idempotent-replayed"] == "true"
    assert later.json() == done.json()
    assert await count(db, m.CaseNote) == 1


async def test_another_process_holding_the_key_is_told_so(db: Database, clock: Clock) -> None:
    """Across processes PostgreSQL's advisory lock says the key is taken; SQLite makes
    the second writer wait for the first to commit, which then finds its response."""
    if db.is_sqlite:
        pytest.skip("on SQLite a second writer waits for the first (one writer at a time)")
    now = clock.now()
    first, second = db.operation(snapshot=False), db.operation(snapshot=False)
    try:
        async with first.hold() as session:
            assert await idempotency.claim(session, "owner", "k", "h", now) is None
            with pytest.raises(idempotency.KeyInUse):
                async with second.hold() as other:
                    await idempotency.claim(other, "owner", "k", "h", now)
            await idempotency.store(session, "owner", "k", "h", "{}", now, timedelta(hours=1))
        async with second.hold() as other:
            assert await idempotency.claim(other, "owner", "k", "h", now) == "{}"
            with pytest.raises(idempotency.KeyReused):
                await idempotency.claim(other, "owner", "k", "another", now)
    finally:
        await first.close()
        await second.close()


async def test_the_response_is_kept_with_the_change_or_not_at_all(
    api: Api, world: World, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager, case = await _team(world)
    events = await count(db, m.CaseEvent)

    async def fails(*args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(idempotency, "store", fails)
    failed = await send(api, as_actor(manager), ADD, "atomic", input=_note(case))
    assert failed.status_code == 500
    # The note was added in the same transaction: it is gone with the response.
    assert await count(db, m.CaseNote) == 0
    assert await count(db, m.CaseEvent) == events
    assert await count(db, m.IdempotencyKey) == 0
    monkeypatch.undo()
    retried = await send(api, as_actor(manager), ADD, "atomic", input=_note(case))
    assert retried.json()["data"]["addCaseNote"]["userErrors"] == []
    assert "idempotent-replayed" not in retried.headers
    assert await count(db, m.CaseNote) == 1


async def test_user_errors_are_kept_an_unexpected_failure_is_not(
    api: Api, world: World, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager, case = await _team(world)
    refused = await send(api, as_actor(manager), ADD, "empty", input=_note(case, " "))
    assert refused.json()["data"]["addCaseNote"]["userErrors"][0]["code"] == "INVALID_INPUT"
    again = await send(api, as_actor(manager), ADD, "empty", input=_note(case, " "))
    assert again.headers["idempotent-replayed"] == "true" and again.json() == refused.json()

    async def broken(work: Any, cmd: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(notes_api.core, "add_note", broken)
    failed = await send(api, as_actor(manager), ADD, "bug", input=_note(case))
    assert [e["extensions"]["code"] for e in failed.json()["errors"]] == ["INTERNAL_SERVER_ERROR"]
    monkeypatch.undo()
    # Nothing changed and nothing was kept: the retry runs.
    fixed = await send(api, as_actor(manager), ADD, "bug", input=_note(case))
    assert "idempotent-replayed" not in fixed.headers
    assert fixed.json()["data"]["addCaseNote"]["userErrors"] == []
    assert await count(db, m.CaseNote) == 1


async def test_a_kept_response_expires_and_is_purged(
    api: Api, world: World, db: Database, clock: Clock
) -> None:
    manager, case = await _team(world)
    await send(api, as_actor(manager), ADD, "day", input=_note(case))
    clock.advance(timedelta(hours=23))
    kept = await send(api, as_actor(manager), ADD, "day", input=_note(case))
    assert kept.headers["idempotent-replayed"] == "true"
    clock.advance(timedelta(hours=2))
    # Past its period the key is new again.
    anew = await send(api, as_actor(manager), ADD, "day", input=_note(case))
    assert "idempotent-replayed" not in anew.headers
    assert await count(db, m.CaseNote) == 2
    await send(api, as_actor(manager), ADD, "other", input=_note(case))
    clock.advance(timedelta(hours=25))
    await api.app.state.services.dispatcher.prune()
    assert await count(db, m.IdempotencyKey) == 0


async def test_a_replay_is_in_the_access_log_again(api: Api, world: World, db: Database) -> None:
    manager, case = await _team(world)
    await send(api, as_actor(manager), ADD, "logged", input=_note(case))
    entries = await count(db, AccessLogRow)
    await send(api, as_actor(manager), ADD, "logged", input=_note(case))
    assert await count(db, AccessLogRow) == entries + 1


async def test_queries_ignore_the_key(api: Api, world: World, db: Database) -> None:
    manager, case = await _team(world)
    query = "query($id: ID!) { node(id: $id) { id } }"
    for _ in range(2):
        answer = await send(api, as_actor(manager), query, "q", id=gid(case))
        assert answer.json()["data"]["node"]["id"] == gid(case)
        assert "idempotent-replayed" not in answer.headers
    assert await count(db, m.IdempotencyKey) == 0


@pytest.mark.parametrize(
    ("header", "same_as"),
    [('"a b \\"c\\""', None), ('"plain"', "plain"), ("  plain  ", "plain")],
)
async def test_the_key_is_a_structured_field_string_or_a_bare_token(
    api: Api, world: World, header: str, same_as: str | None
) -> None:
    manager, case = await _team(world)
    await send(api, as_actor(manager), ADD, header, input=_note(case))
    again = await send(api, as_actor(manager), ADD, same_as or header, input=_note(case))
    assert again.headers["idempotent-replayed"] == "true"


@pytest.mark.parametrize(
    "header",
    [[""], ['""'], ["x" * 256], ["caf\xe9"], ["a b"], ['"open'], ['"a"b'], ['"\\n"'], ["a", "b"]],
)
async def test_a_bad_key_is_refused_with_a_code(
    api: Api, world: World, db: Database, header: list[str]
) -> None:
    manager, case = await _team(world)
    refused = await send(api, as_actor(manager), ADD, header, input=_note(case))
    assert refused.status_code == 400
    assert [e["extensions"]["code"] for e in refused.json()["errors"]] == [
        "IDEMPOTENCY_KEY_INVALID"
    ]
    assert await count(db, m.CaseNote) == 0
