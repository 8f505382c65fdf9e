"""Exampleland: a template jurisdiction plugin for vocrehab.

The platform calls the one hook below at start-up, through the entry point in
pyproject.toml, and dispatches each case of jurisdiction "example" to the
object it returns.
"""

from __future__ import annotations

from vocrehab.hooks import Jurisdiction, PluginConfig, hookimpl
from vocrehab_example.jurisdiction import Exampleland, ExampleOptions


@hookimpl
def vocrehab_register_jurisdictions(config: PluginConfig) -> list[Jurisdiction]:
    """Exampleland, with this deployment's options (ValueError naming a bad one)."""
    return [Exampleland(ExampleOptions.from_mapping(config.for_plugin("example")))]
