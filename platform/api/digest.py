"""The daily digest in the schema (`core.digest`): `Query.dailyDigest` to read it
now, `subscription { dailyDigest }` to be told each day as it is issued, and the
payload of the `digest.daily` webhook (read as the subscriber, like any read)."""

from __future__ import annotations

import datetime
from collections.abc import AsyncGenerator
from typing import Any

import strawberry

from vocrehab.api.base import After, Before, Connection, Count, First, Last, connection, present
from vocrehab.api.cases import Case, present_case
from vocrehab.api.context import Context, Info
from vocrehab.api.moves import Move, moves_page
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core import cases as core_cases
from vocrehab.core import digest as core
from vocrehab.core.errors import Unauthenticated
from vocrehab.core.pagination import PageRequest
from vocrehab.hooks.categories import ALL_CATEGORIES

__all__ = ["DIGEST_QUERY", "DailyDigest", "DigestQueries", "DigestSubscriptions", "digest_of"]

DIGEST_QUERY = """query DailyDigestPayload { dailyDigest {
  day moveCount overdueMoves dueSoonMoves casesWithNews unseenEvents
  moves(first: 20) { edges { node {
    code title dueDate status responsible legalReference case { id reference }
  } } }
} }"""
"""What a `digest.daily` webhook sends: the counts and the first twenty moves."""


async def _moves(
    batch: Batch[DailyDigest],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[Move] | None]:
    page = await moves_page(batch.ctx, PageRequest.of(first, after, last, before), None)
    return [page for _ in batch.parents]


async def _news(
    batch: Batch[DailyDigest],
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> list[Connection[Case]]:
    ctx = batch.ctx
    page = await core_cases.list_cases(
        ctx.db, ctx.principal, ctx.today, ctx.clock.zone, core_cases.CaseFilter(unseen=True),
        core_cases.CaseOrder("NEXT_DUE_DATE", descending=False),
        PageRequest.of(first, after, last, before),
    )  # fmt: skip
    shown = [(case, cursor) for row, cursor in zip(page.items, page.cursors, strict=True)
             if (case := present_case(ctx, row)) is not None]  # fmt: skip
    found = connection(
        [case for case, _ in shown],
        [cursor for _, cursor in shown],
        page.has_next,
        page.has_previous,
        Count.of_page(page),
    )
    return [found for _ in batch.parents]


@strawberry.type(
    name="DailyDigest",
    description="What the reader starts the day with: their moves (how many, how many "
    "overdue or due within the week, the first ones) and the cases with news since they "
    "last looked. Requires scope cases:read.",
)
class DailyDigest(Planned):
    day: datetime.date = strawberry.field(description="The day it is for.")
    move_count: int = strawberry.field(description="Steps that are the reader's to take.")
    overdue_moves: int = strawberry.field(description="Of those, past their due date.")
    due_soon_moves: int = strawberry.field(
        description="Of those, due from today to a week from today."
    )
    cases_with_news: int = strawberry.field(
        description="Cases with events the reader has not seen (and may see)."
    )
    unseen_events: int = strawberry.field(description="How many such events, on all of them.")
    moves: Connection[Move] | None = relation(
        _moves,
        returns=Connection[Move] | None,
        description="The reader's moves, overdue first (as Query.moves).",
    )
    news: Connection[Case] = relation(
        _news,
        returns=Connection[Case],
        description="The cases with news, soonest deadline first (cases(filter: {unseen: true})).",
    )


async def digest_of(ctx: Context) -> DailyDigest:
    counts = await core.digest_counts(ctx.db, ctx.principal, ctx.today)
    return present(
        ctx,
        DailyDigest,
        None,
        ALL_CATEGORIES,
        day=counts.day,
        move_count=counts.moves,
        overdue_moves=counts.overdue,
        due_soon_moves=counts.due_soon,
        cases_with_news=counts.cases_with_news,
        unseen_events=counts.unseen_events,
    )


@strawberry.type
class DigestQueries:
    @strawberry.field(
        description="Your daily digest as it stands now: your moves and your cases with "
        "news. Requires scope cases:read."
    )
    async def daily_digest(self, info: Info) -> DailyDigest | None:
        return await digest_of(info.context)


@strawberry.type
class DigestSubscriptions:
    @strawberry.subscription(
        description="Your daily digest, each day as the platform issues it "
        "(VOCREHAB_DIGEST_HOUR, the deployment's time zone). Requires scope cases:read. "
        "Over graphql-transport-ws at /graphql, as caseEvents."
    )
    async def daily_digest(self, info: Info) -> AsyncGenerator[DailyDigest, None]:
        subscription = info.context
        pipeline = subscription.services.pipeline
        first = await pipeline.event_context(subscription)
        try:
            await core.digest_counts(first.db, first.principal, first.today)  # may it at all?
        finally:
            await first.db.close()
        async for _day in subscription.broker.listen_digests():
            try:
                ctx = await pipeline.event_context(subscription)
            except Unauthenticated as exc:
                from vocrehab.api.ws import SessionEnded

                raise SessionEnded(str(exc)) from exc
            try:
                digest: Any = await digest_of(ctx)
                await ctx.planner.expand(info, digest, ctx=ctx)
            except BaseException:
                await ctx.db.close(commit=False)
                raise
            await pipeline.finish(ctx)
            yield digest
