"""Sweden (Försäkringskassan): the `se` jurisdiction of vocrehab.

Sick leave and return to work under Swedish law: the employer's sick pay for
days 1-14, the medical certificate from day 8 and the employer's report to
Försäkringskassan by day 21 (lag om sjuklön),
Försäkringskassan's sickness benefit from day 15 in quarters and its levels,
the rehabilitation chain with its day 90, 180 and 365 checkpoints and the
basis each stage assesses work capacity against (SFB 27 kap.), the
employer's plan for return to work (SFB 30 kap. 6 §), the FK 7804
certificate field by field, personnummer, samordningsnummer and
organisation numbers, and two documents: the plan för återgång i arbete and
the FK 7804 certificate data. Texts are in Swedish and English.

Reading order: `jurisdiction.py` (the object the platform talks to), then
`rules.py` (the catalogue) and `sources.py` (what each rule cites); the sick
leave model in `sick_leave.py`, `chain.py`, `levels.py` and
`employer_plan.py`; the checks in `changes.py` (with `plans.py`,
`benefits.py`, `capacity.py`, `fk7804_rules.py`) and `case_checks.py`;
`milestones.py` and `orientation.py`; the details in `details.py` (with
`fk7804_form.py` and `values.py`), their GraphQL type in `schema.py` and the
mutations that change them in `commands.py` and, one concept each,
`normal_level.py` (Försäkringskassan's decision to keep the normal level),
`sick_report.py` (the employer's sick report after day 14) and
`reconciliation.py` with `reconciliation_commands.py` (the avstämningsmöte); identity numbers in
`personnummer.py`, `organisationsnummer.py` and `luhn.py`; the documents in
`documents.py` (the kinds), `employer_plan_document.py` with
`employer_plan_pdf.py`, `fk7804_document.py`
with `fk7804_questions.py`, `fk7804_pdf.py` and `fk7804_xml.py`, sharing
`document_parts.py` and `document_texts.py`, and their JSON Schemas in `schemas/`.
"""

from __future__ import annotations

from vocrehab.hooks import Jurisdiction, PluginConfig, hookimpl
from vocrehab_fk_se.jurisdiction import FkJurisdiction
from vocrehab_fk_se.options import FkOptions

__all__ = ["PLUGIN_NAME", "FkJurisdiction", "FkOptions", "vocrehab_register_jurisdictions"]

PLUGIN_NAME = "se"
"""The entry-point name, which is also the key of this plugin's options."""


@hookimpl
def vocrehab_register_jurisdictions(config: PluginConfig) -> list[Jurisdiction]:
    """The Swedish jurisdiction, with this deployment's options (ValueError if they are bad)."""
    return [FkJurisdiction(FkOptions.from_mapping(config.for_plugin(PLUGIN_NAME)))]
