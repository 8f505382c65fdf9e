"""`JurisdictionBase`: what every jurisdiction class writes the same way.

A plugin's jurisdiction subclasses it and declares its tables as class
attributes; it then writes only what is its own (validation, rules on
changes, milestones, orientation, details, documents):

    class XxJurisdiction(JurisdictionBase):
        code = "xx"
        ...
        options_type = XxOptions
        reference = ReferenceData(BENEFIT_TYPES, INTERVENTION_TYPES, ASSESSMENT_KINDS)
        catalogue = CATALOGUE
        commands = COMMANDS

Reference data is read through the methods (`benefit_types()`, ...) and
`reference_codes()`, so a subclass that overrides a method is honoured
everywhere. Subclassing is optional: the platform only needs an object that
satisfies the `Jurisdiction` protocol.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from vocrehab.hooks.catalogue import RuleCatalogue
from vocrehab.hooks.reference import ReferenceCodes, ReferenceData
from vocrehab.hooks.types import (
    AssessmentKindInfo,
    BenefitTypeInfo,
    CaseCommand,
    DocumentKindInfo,
    InterventionTypeInfo,
    RuleInfo,
)

__all__ = ["JurisdictionBase"]


class JurisdictionBase:
    options_type: ClassVar[type] = dict
    """The plugin's options class; an instance with its defaults when none are given."""
    reference: ClassVar[ReferenceData] = ReferenceData()
    catalogue: ClassVar[RuleCatalogue] = RuleCatalogue(())
    commands: ClassVar[Sequence[CaseCommand]] = ()

    def __init__(self, options: Any = None) -> None:
        self.options = options if options is not None else self.options_type()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.options!r})"

    # ---------------------------------------------------------------- reference data
    def benefit_types(self) -> Sequence[BenefitTypeInfo]:
        return self.reference.benefit_types

    def intervention_types(self) -> Sequence[InterventionTypeInfo]:
        return self.reference.intervention_types

    def assessment_kinds(self) -> Sequence[AssessmentKindInfo]:
        return self.reference.assessment_kinds

    def document_kinds(self) -> Sequence[DocumentKindInfo]:
        return self.reference.document_kinds

    def reference_codes(self) -> ReferenceCodes:
        return ReferenceCodes.of(self)

    def rules(self) -> Sequence[RuleInfo]:
        return self.catalogue.rules

    # ---------------------------------------------------------------- schema
    def case_commands(self) -> Sequence[CaseCommand]:
        return self.commands
