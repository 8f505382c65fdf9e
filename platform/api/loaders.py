"""Per-request DataLoaders: every relation of the schema resolves through one,
so a page of N objects costs a fixed number of statements whatever N is.

Created per request (never shared between callers: a loader caches what it
loaded, and what one caller may see another may not). Each batch opens its
own short session, since sibling resolvers run concurrently.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from vocrehab.core import access, reads, snapshots
from vocrehab.core.clock import Clock
from vocrehab.core.pagination import ChildPage, PageRequest
from vocrehab.core.policy import CaseAccess, ParticipantAccess
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.hooks.types import CaseFacts

__all__ = ["Loaders", "PageKey", "field_path"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

PageKey = tuple[uuid.UUID, PageRequest, Hashable]
"""(parent id, page request, filter): pages of children are batched per (request, filter)."""


def field_path(info: Any) -> str:
    """The field's path without list indices, e.g. "cases.edges.node.team.actor".

    Relations reached through different paths get different loaders: one
    loader shared by several paths is dispatched once per path anyway when
    their parents arrive at different moments, so its number of batches would
    depend on I/O timing. Per path, each relation is exactly one batch per
    request, whatever the page size.
    """
    keys: list[str] = []
    node = info.path
    while node is not None:
        if isinstance(node.key, str):
            keys.append(node.key)
        node = node.prev
    return ".".join(reversed(keys))


class Loaders:
    def __init__(self, db: Database, principal: Principal, clock: Clock) -> None:
        self.db = db
        self.principal = principal
        self.clock = clock
        self._loaders: dict[str, DataLoader[Any, Any]] = {}

    def clear(self) -> None:
        """Forget everything loaded (after a mutation committed)."""
        self._loaders.clear()

    def _get(
        self, name: str, batch: Callable[[list[Any]], Awaitable[Sequence[Any]]]
    ) -> DataLoader[Any, Any]:
        loader = self._loaders.get(name)
        if loader is None:
            loader = self._loaders[name] = DataLoader(load_fn=batch)
        return loader

    async def _in_session(self, fn: Callable[..., Awaitable[V]], *args: Any) -> V:
        async with self.db.session() as session:
            return await fn(session, *args)

    # ------------------------------------------------------------------ rows by id
    def row(self, kind: str, path: str = "") -> DataLoader[uuid.UUID, Any]:
        """Rows of `kind` by id; one loader per field `path` (see `field_path`)."""

        async def batch(ids: list[uuid.UUID]) -> list[Any]:
            found = await self._in_session(reads.rows_by_id, kind, ids)
            return [found.get(i) for i in ids]

        return self._get(f"row:{kind}:{path}", batch)

    # ------------------------------------------------------------------ access
    @property
    def case_access(self) -> DataLoader[uuid.UUID, CaseAccess | None]:
        async def batch(ids: list[uuid.UUID]) -> list[CaseAccess | None]:
            found = await self._in_session(
                access.case_access, self.principal, ids, self.clock.today()
            )
            return [found.get(i) for i in ids]

        return self._get("case_access", batch)

    @property
    def participant_access(self) -> DataLoader[uuid.UUID, ParticipantAccess | None]:
        async def batch(ids: list[uuid.UUID]) -> list[ParticipantAccess | None]:
            found = await self._in_session(
                access.participant_access, self.principal, ids, self.clock.today()
            )
            return [found.get(i) for i in ids]

        return self._get("participant_access", batch)

    # ------------------------------------------------------------------ relations
    def children(self, relation: str) -> DataLoader[uuid.UUID, list[Any]]:
        async def batch(ids: list[uuid.UUID]) -> list[list[Any]]:
            found = await self._in_session(reads.list_children, relation, ids)
            return [found[i] for i in ids]

        return self._get(f"list:{relation}", batch)

    def page(self, relation: str) -> DataLoader[PageKey, ChildPage]:
        async def batch(keys: list[PageKey]) -> list[ChildPage]:
            groups: dict[tuple[PageRequest, Hashable], list[uuid.UUID]] = defaultdict(list)
            for parent, request, flt in keys:
                groups[(request, flt)].append(parent)
            results: dict[PageKey, ChildPage] = {}
            async with self.db.session() as session:
                for (request, flt), parents in groups.items():
                    pages = await reads.page_children(session, relation, parents, request, flt)
                    results.update({(p, request, flt): pages[p] for p in parents})
            return [results[key] for key in keys]

        return self._get(f"page:{relation}", batch)

    def count(self, relation: str) -> DataLoader[tuple[uuid.UUID, Hashable], int]:
        async def batch(keys: list[tuple[uuid.UUID, Hashable]]) -> list[int]:
            groups: dict[Hashable, list[uuid.UUID]] = defaultdict(list)
            for parent, flt in keys:
                groups[flt].append(parent)
            results: dict[tuple[uuid.UUID, Hashable], int] = {}
            async with self.db.session() as session:
                for flt, parents in groups.items():
                    counts = await reads.count_children(session, relation, parents, flt)
                    results.update({(p, flt): counts[p] for p in parents})
            return [results[key] for key in keys]

        return self._get(f"count:{relation}", batch)

    @property
    def current_plan(self) -> DataLoader[uuid.UUID, m.Plan | None]:
        async def batch(ids: list[uuid.UUID]) -> list[m.Plan | None]:
            found = await self._in_session(reads.current_plans, ids)
            return [found[i] for i in ids]

        return self._get("current_plan", batch)

    @property
    def case_facts(self) -> DataLoader[uuid.UUID, CaseFacts]:
        async def batch(ids: list[uuid.UUID]) -> list[CaseFacts]:
            found = await self._in_session(snapshots.case_facts, ids, self.clock.zone)
            return [found[i] for i in ids]

        return self._get("case_facts", batch)
