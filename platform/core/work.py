"""The unit of work a core service runs in: one session (one transaction), the
caller, the plugin host and the clock; plus what the change produced."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core.clock import Clock
from vocrehab.core.errors import DomainError, Problem, ProblemCode
from vocrehab.core.integrity import as_domain_error
from vocrehab.core.principal import Principal
from vocrehab.db.engine import Database, OperationConnection
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.jurisdiction import Jurisdiction
from vocrehab.hooks.types import Violation
from vocrehab.hooks.vocabulary import DataCategory

__all__ = ["RecordedEvent", "Work", "unit_of_work"]


@dataclass(frozen=True)
class RecordedEvent:
    """A case event a unit of work appended, by row ids; after commit it goes to
    the plugins and subscribers (as `CaseEventInfo`, which names rows the way
    clients see them)."""

    id: uuid.UUID
    case_id: uuid.UUID
    jurisdiction: str
    kind: str
    at: datetime
    summary: str
    actor_id: uuid.UUID | None = None
    categories: frozenset[DataCategory] = frozenset()
    roles_mask: int | None = None


@dataclass
class Work:
    session: AsyncSession
    principal: Principal
    host: PluginHost
    clock: Clock
    events: list[RecordedEvent] = field(default_factory=list)
    """Events appended by this unit of work, fanned out to plugins after commit."""
    warnings: list[Violation] = field(default_factory=list)
    """WARNING violations met on the way: reported, not blocking."""
    warning_prefix: tuple[str, ...] = ()
    sees: dict[uuid.UUID, frozenset[DataCategory]] = field(default_factory=dict)
    """The categories the principal sees on each case it changes (set when the case
    is locked): a rule's finding about another category is not shown to it."""

    @property
    def today(self) -> date:
        return self.clock.today()

    def jurisdiction(self, code: str, field: tuple[str, ...] = ("jurisdiction",)) -> Jurisdiction:
        if not self.host.has(code):
            raise DomainError(
                [
                    Problem(
                        ProblemCode.UNKNOWN_JURISDICTION,
                        f"no installed plugin provides jurisdiction {code!r}",
                        field,
                    )
                ]
            )
        return self.host.jurisdiction(code)


@asynccontextmanager
async def unit_of_work(
    db: Database | OperationConnection, principal: Principal, host: PluginHost, clock: Clock
) -> AsyncIterator[Work]:
    """One change in one write transaction (`db.transaction()`): committed if the
    block succeeds. An API operation passes its own connection.

    A constraint the database enforces and a concurrent change broke becomes
    the DomainError the service's own check would have raised.
    """
    try:
        async with db.transaction() as session:
            yield Work(session, principal, host, clock)
    except IntegrityError as exc:
        problem = as_domain_error(exc)
        if problem is None:
            raise
        raise problem from exc
