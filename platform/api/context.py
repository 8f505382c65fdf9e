"""The per-request context every resolver gets as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from strawberry.types import Info as StrawberryInfo

from vocrehab.api.loaders import Loaders
from vocrehab.core.audit import AccessRecorder
from vocrehab.core.clock import Clock
from vocrehab.core.principal import Principal
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost

if TYPE_CHECKING:
    from vocrehab.config import Settings

__all__ = ["Context", "Info"]


@dataclass
class Context:
    principal: Principal
    db: Database
    host: PluginHost
    clock: Clock
    settings: Settings
    request_id: str
    loaders: Loaders
    request: Any = None
    response: Any = None
    committed_events: list[Any] = field(default_factory=list)
    recorder: AccessRecorder | None = None
    """What this request shows and changes, for the access log."""
    broker: Any = None
    """Where committed case events go for subscribers (api.subscriptions.EventBroker)."""
    connection_params: dict[str, Any] | None = None
    """The payload of a WebSocket's connection_init (it carries the bearer token)."""

    @property
    def today(self) -> date:
        return self.clock.today()


Info = StrawberryInfo[Context, None]
