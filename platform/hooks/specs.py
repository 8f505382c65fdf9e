"""Hook specifications: the whole pluggy surface of vocrehab.

Kept deliberately short. Hooks are for discovery and events; per-jurisdiction
behaviour lives on the `Jurisdiction` objects a plugin registers. Every hook is
synchronous (pluggy has no async support) and is called with keyword arguments.
"""

from __future__ import annotations

from collections.abc import Sequence

import pluggy

from vocrehab.hooks.jurisdiction import Jurisdiction
from vocrehab.hooks.types import CaseEventInfo, PluginConfig

PROJECT_NAME = "vocrehab"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec"]


@hookspec
def vocrehab_register_jurisdictions(config: PluginConfig) -> Sequence[Jurisdiction]:
    """Return the jurisdictions this plugin serves.

    Called once at start-up. Codes must be unique across all loaded plugins;
    a duplicate stops start-up.

    :param config: deployment options; `config.for_plugin(name)` gives this plugin's own.
    """
    raise NotImplementedError  # a specification: plugins implement it


@hookspec
def vocrehab_on_case_event(event: CaseEventInfo) -> None:
    """React to a committed change of any case (notifications, integrations).

    Called for every plugin after the transaction commits. Must return quickly
    and must not raise; an exception is logged and does not affect the caller.

    :param event: the committed case event.
    """
