"""The unit of work a core service runs in: one session (one transaction), the
caller, the plugin host and the clock; plus what the change produced."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from vocrehab.core.clock import Clock
from vocrehab.core.errors import DomainError, Problem, ProblemCode
from vocrehab.core.principal import Principal
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.jurisdiction import Jurisdiction
from vocrehab.hooks.types import CaseEventInfo, Violation

__all__ = ["Work"]


@dataclass
class Work:
    session: AsyncSession
    principal: Principal
    host: PluginHost
    clock: Clock
    events: list[CaseEventInfo] = field(default_factory=list)
    """Events appended by this unit of work, fanned out to plugins after commit."""
    warnings: list[Violation] = field(default_factory=list)
    """WARNING violations met on the way: reported, not blocking."""
    warning_prefix: tuple[str, ...] = ()

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
