"""The generic jurisdiction: vocrehab's jurisdiction-neutral defaults, and the plugin example.

Where no country plugin applies, cases follow these rules: reference types
from the ILO conventions and the return-to-work evidence, code-format checks for
ICF, ICD-10 and ICPC-2, and evidence-based milestones with configurable
deadlines. None of it is national law.

It is also the walkthrough for country teams. A plugin is a Python package that:

1. declares an entry point in the `vocrehab` group
   (`[project.entry-points.vocrehab] generic = "vocrehab_generic"`);
2. implements `vocrehab_register_jurisdictions(config)` (below), returning
   objects that satisfy `vocrehab.hooks.Jurisdiction`;
3. imports nothing from the platform but `vocrehab.hooks`.

Reading order: `jurisdiction.py` (the object the platform talks to, built on
`vocrehab.hooks.JurisdictionBase`), then the module each of its methods
delegates to: `reference.py` (reference data), `rules.py` (the rule catalogue)
with `plans.py`, `benefits.py`, `interventions.py`, `assessments.py`,
`codes.py` and `changes.py`, then `case_checks.py`, `phases.py` (the phase of
return to work the plan shows), `milestones.py`, `orientation.py`,
`details.py` (what the details hold) and `schema.py` (their GraphQL type),
`commands.py`, `documents.py` and `demo.py` (the demo caseload). `sources.py`
lists what every rule cites; `options.py` the deployment options. The Norwegian
and Swedish plugins use the same module names for the same concepts.
"""

from __future__ import annotations

from vocrehab.hooks import Jurisdiction, PluginConfig, hookimpl
from vocrehab_generic.jurisdiction import GenericJurisdiction
from vocrehab_generic.options import GenericOptions

__all__ = [
    "PLUGIN_NAME",
    "GenericJurisdiction",
    "GenericOptions",
    "vocrehab_register_jurisdictions",
]

PLUGIN_NAME = "generic"
"""The entry-point name, which is also the key of this plugin's options."""


@hookimpl
def vocrehab_register_jurisdictions(config: PluginConfig) -> list[Jurisdiction]:
    """The generic jurisdiction, with this deployment's options (ValueError if they are bad)."""
    options = GenericOptions.from_mapping(config.for_plugin(PLUGIN_NAME))
    return [GenericJurisdiction(options)]
