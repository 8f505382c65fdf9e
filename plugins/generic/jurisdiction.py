"""`GenericJurisdiction`: the jurisdiction-neutral implementation of the `Jurisdiction` protocol.

The class only composes. What every jurisdiction writes the same way comes
from `JurisdictionBase`: the options, the reference data (`reference.py`), the
rule catalogue (`rules.py`) and the case commands (`commands.py`) are declared
as tables. Each remaining method hands the work to the module that owns the
concept (identifiers, details, changes, milestones, case checks, orientation,
schema, documents, demo). A country team can start from a copy of this plugin
and replace one module at a time, or subclass this class and override single
methods: the checks always read reference data through the methods
(`intervention_types()`, `reference_codes()`), so an override is honoured
everywhere.

Every method is pure and synchronous; the only state is the validated options.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

from vocrehab.hooks import (
    CaseFacts,
    Change,
    Demo,
    DetailsCheck,
    DetailsTarget,
    DocumentSnapshot,
    IdCheck,
    InterventionTypeInfo,
    JurisdictionBase,
    MeetingKindInfo,
    MilestoneInfo,
    OrientationInfo,
    ReferenceData,
    RenderedDocument,
    Texts,
    Violation,
)
from vocrehab_generic import reference
from vocrehab_generic.case_checks import assess as assess_case
from vocrehab_generic.changes import evaluate as evaluate_change
from vocrehab_generic.commands import COMMANDS
from vocrehab_generic.demo import generic_demo
from vocrehab_generic.details import validate_details
from vocrehab_generic.documents import DOCUMENT_KINDS
from vocrehab_generic.documents import render as render_document
from vocrehab_generic.identifiers import check_identifier
from vocrehab_generic.meetings import MEETING_KINDS
from vocrehab_generic.milestones import milestones as case_milestones
from vocrehab_generic.options import GenericOptions
from vocrehab_generic.orientation import orientation as case_orientation
from vocrehab_generic.rules import CATALOGUE
from vocrehab_generic.schema import GenericCaseDetails, present_details

__all__ = ["GenericJurisdiction"]


class GenericJurisdiction(JurisdictionBase):
    """Jurisdiction-neutral rules: international instruments and evidence, no national law."""

    code: str = "generic"
    names: Texts = {"en": "Generic (jurisdiction-neutral)"}
    country: str | None = None
    languages: tuple[str, ...] = ("en",)
    reference_prefix: str = "GEN"
    schema_prefix: str = "gen"
    # What the case commands record on the timeline (CaseEvent.eventKind).
    event_kinds: Mapping[str, str] = MappingProxyType(
        {"generic.first_contact.recorded": "The first contact with the participant was recorded."}
    )

    options_type = GenericOptions
    options: GenericOptions
    reference = ReferenceData(
        reference.BENEFIT_TYPES,
        reference.INTERVENTION_TYPES,
        reference.ASSESSMENT_KINDS,
        DOCUMENT_KINDS,
    )
    catalogue = CATALOGUE
    commands = COMMANDS

    # ---------------------------------------------------------------- validation
    def validate_national_id(self, value: str) -> IdCheck:
        return check_identifier(value, "national id")

    def validate_organisation_number(self, value: str) -> IdCheck:
        return check_identifier(value, "organisation number")

    def validate_details(
        self, target: DetailsTarget, details: Mapping[str, Any], case: CaseFacts | None
    ) -> DetailsCheck:
        # The generic details do not depend on the case; a country plugin's may.
        return validate_details(target, details)

    def evaluate(self, change: Change, case: CaseFacts) -> Sequence[Violation]:
        return evaluate_change(change, case, self.reference_codes())

    # ---------------------------------------------------------------- time and orientation
    def milestones(self, case: CaseFacts) -> Sequence[MilestoneInfo]:
        return case_milestones(case, self.options)

    def assess(self, case: CaseFacts, today: date) -> Sequence[Violation]:
        return assess_case(case, today, self._intervention_types(), self.options.retention_days)

    def orientation(
        self, case: CaseFacts, milestones: Sequence[MilestoneInfo], today: date
    ) -> OrientationInfo:
        return case_orientation(case, milestones, today, self.options, self._intervention_types())

    def meeting_kinds(self) -> Sequence[MeetingKindInfo]:
        return MEETING_KINDS

    # ---------------------------------------------------------------- schema
    def details_type(self) -> type | None:
        return GenericCaseDetails

    def present_details(self, case: CaseFacts) -> object | None:
        return present_details(self.code, case, self.options)

    # ---------------------------------------------------------------- documents and demo
    def render_document(self, snapshot: DocumentSnapshot) -> RenderedDocument:
        return render_document(snapshot)

    def demo(self) -> Demo:
        return generic_demo()

    def _intervention_types(self) -> Mapping[str, InterventionTypeInfo]:
        return self.reference_codes().intervention_types
