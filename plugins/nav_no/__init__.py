"""Norway (NAV): the nav_no jurisdiction plugin.

Sykepenger (also while seeking work: friskmelding til arbeidsformidling),
arbeidsavklaringspenger (AAP, with work reported against its limits) and
tiltakspenger; the work-oriented measures; the follow-up timeline of a sick leave
(employer period, follow-up plan with its tasks and measures, dialogue meetings
with their minutes, activity requirement, the week-16 and week-39 steps,
maksdato); backdated sick notes; the phase of return to work the sick notes show;
fødselsnummer, D- and H-numbers and organisation numbers; texts in bokmål and
English.

Reading order: `jurisdiction.py`, then `rules.py` (the catalogue every
violation comes from) and `sources.py` (what they cite), `model.py` and
`details.py` (what a case records), the rules by concept (`sick_notes.py`,
`backdating.py`, `follow_up_plan.py`, `dialogue.py`, `activity.py`,
`benefits.py`, `aap_work.py`, `interventions.py`, `assessments.py`),
`sick_pay.py` and `milestones.py` (the timeline), `phases.py`,
`case_checks.py`, `orientation.py`, the GraphQL side
(`schema.py`, `commands.py`), and the documents (`documents.py`: the
follow-up plan and the referral to work-oriented rehabilitation, with their
JSON Schemas in `schemas/`).
"""

from __future__ import annotations

from vocrehab.hooks import Jurisdiction, PluginConfig, hookimpl
from vocrehab_nav_no.jurisdiction import NavJurisdiction
from vocrehab_nav_no.options import NavOptions

__all__ = ["PLUGIN_NAME", "NavJurisdiction", "NavOptions", "vocrehab_register_jurisdictions"]

PLUGIN_NAME = "no"
"""The entry-point name, which is also the key of this plugin's options."""


@hookimpl
def vocrehab_register_jurisdictions(config: PluginConfig) -> list[Jurisdiction]:
    """The Norwegian jurisdiction, with this deployment's options (ValueError if they are bad)."""
    return [NavJurisdiction(NavOptions.from_mapping(config.for_plugin(PLUGIN_NAME)))]
