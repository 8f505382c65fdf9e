"""The context of one operation: what every resolver gets as `info.context`.

Built fresh for every operation by `api.operation.Pipeline` (an HTTP request,
each `subscribe` on a WebSocket, each event a subscription delivers, each
document download), never shared between operations: it holds the caller, the
operation's one database connection, and what the operation has shown (for the
access log).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from strawberry.types import Info as StrawberryInfo

from vocrehab.core.audit import AccessRecorder
from vocrehab.core.principal import Principal
from vocrehab.db.engine import OperationConnection
from vocrehab.hooks.vocabulary import DataCategory

if TYPE_CHECKING:
    from strawberry.schema.config import StrawberryConfig

    from vocrehab.api.access import AccessRules
    from vocrehab.api.planner import Planner

__all__ = ["Context", "Info"]


@dataclass(eq=False)
class Context:
    services: Any
    """What the application holds (`vocrehab.app.Services`)."""
    principal: Principal
    request_id: str
    db: OperationConnection
    recorder: AccessRecorder
    transport: str = "http"
    """"http", "websocket" or "download": where the operation came in."""
    selected: dict[str, frozenset[str]] = field(default_factory=dict)
    """GraphQL type name -> fields the operation selects on it (for the access log)."""
    memo: dict[Any, Any] = field(default_factory=dict)
    """Per-operation memo of values derived from the principal (access by role bits)."""
    plans: dict[Any, Any] | None = None
    """How the planner and the executor go through the operation's selections, kept
    with its prepared document for every run of it (`Prepared.plans`); None when
    they change with its variables."""
    committed_events: list[Any] = field(default_factory=list)
    """Case events committed by this operation's mutations."""
    outbox_written: bool = False
    """A mutation of this operation queued outbox rows whose commit is still to come."""
    connection_params: dict[str, Any] | None = None

    @property
    def host(self) -> Any:
        return self.services.host

    @property
    def clock(self) -> Any:
        return self.services.clock

    @property
    def settings(self) -> Any:
        return self.services.settings

    @property
    def broker(self) -> Any:
        return self.services.broker

    @property
    def planner(self) -> Planner:
        return self.services.planner

    @property
    def rules(self) -> AccessRules:
        return self.services.rules

    @property
    def schema_config(self) -> StrawberryConfig:
        return self.services.schema_config

    @property
    def today(self) -> date:
        return self.services.clock.today()

    def wake_dispatcher(self) -> None:
        """Outbox rows were written: the dispatcher looks at them at once rather than at
        its next poll. Inside the operation's one transaction (a mutation's, held until
        its access-log entries are written) that is after the commit, which the
        pipeline then does (`Pipeline.after_commit`)."""
        if self.db.held:
            self.outbox_written = True
            return
        dispatcher = getattr(self.services, "dispatcher", None)
        if dispatcher is not None:
            dispatcher.wake()

    def saw(self, type_name: str, participant_id: Any, visible: frozenset[DataCategory]) -> None:
        """Record that the operation shows an object of `type_name` of this participant:
        the categories of the fields it selects there that the reader may see."""
        if participant_id is None:
            return
        # An entry even when no category shows: the person was shown (a name is theirs).
        self.recorder.participants[participant_id] |= self.shows(type_name, visible)

    def shows(self, type_name: str, visible: frozenset[DataCategory]) -> frozenset[DataCategory]:
        """The categories an object of `type_name` shows in this operation to a reader who
        sees `visible`: those of the fields it selects there that the reader may see."""
        key = ("shown", type_name, visible)
        shown: frozenset[DataCategory] | None = self.memo.get(key)
        if shown is None:
            selected = self.rules.categories_of(type_name, self.selected.get(type_name, ()))
            shown = self.memo[key] = selected & frozenset(visible)
        return shown


Info = StrawberryInfo[Context, None]
