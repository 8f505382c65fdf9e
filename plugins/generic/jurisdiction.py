"""`GenericJurisdiction`: the jurisdiction-neutral implementation of the `Jurisdiction` protocol.

This class only composes: each method hands the work to the module that owns
the concept (reference data, rules, milestones, orientation, details). A
country team can start from a copy of this plugin and replace one module at a
time, or subclass this class and override single methods: the checks always
read reference data through the methods (`intervention_types()`, ...), so an
override is honoured everywhere.

Every method is pure and synchronous; the only state is the validated options.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

from vocrehab.hooks import (
    AssessmentKindInfo,
    BenefitTypeInfo,
    CaseCommand,
    CaseFacts,
    Change,
    DetailsCheck,
    DetailsTarget,
    DocumentKindInfo,
    DocumentSnapshot,
    IdCheck,
    InterventionTypeInfo,
    MilestoneInfo,
    OrientationInfo,
    RenderedDocument,
    RuleInfo,
    Texts,
    Violation,
)
from vocrehab_generic import reference
from vocrehab_generic.case_checks import assess as assess_case
from vocrehab_generic.changes import ReferenceCodes
from vocrehab_generic.changes import evaluate as evaluate_change
from vocrehab_generic.commands import COMMANDS
from vocrehab_generic.details import GenericCaseDetails, present_details, validate_details
from vocrehab_generic.documents import DOCUMENT_KINDS
from vocrehab_generic.documents import render as render_document
from vocrehab_generic.identifiers import check_identifier
from vocrehab_generic.milestones import milestones as case_milestones
from vocrehab_generic.options import GenericOptions
from vocrehab_generic.orientation import orientation as case_orientation
from vocrehab_generic.rules import RULES

__all__ = ["GenericJurisdiction"]


class GenericJurisdiction:
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

    def __init__(self, options: GenericOptions | None = None) -> None:
        self.options = options or GenericOptions()

    def __repr__(self) -> str:
        return f"GenericJurisdiction({self.options!r})"

    # ---------------------------------------------------------------- reference data
    def benefit_types(self) -> Sequence[BenefitTypeInfo]:
        return reference.BENEFIT_TYPES

    def intervention_types(self) -> Sequence[InterventionTypeInfo]:
        return reference.INTERVENTION_TYPES

    def assessment_kinds(self) -> Sequence[AssessmentKindInfo]:
        return reference.ASSESSMENT_KINDS

    def document_kinds(self) -> Sequence[DocumentKindInfo]:
        return DOCUMENT_KINDS

    def rules(self) -> Sequence[RuleInfo]:
        return RULES

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
        return evaluate_change(change, case, self._reference_codes())

    # ---------------------------------------------------------------- time and orientation
    def milestones(self, case: CaseFacts) -> Sequence[MilestoneInfo]:
        return case_milestones(case, self.options)

    def assess(self, case: CaseFacts, today: date) -> Sequence[Violation]:
        return assess_case(
            case, today, self._intervention_types_by_code(), self.options.retention_days
        )

    def orientation(
        self, case: CaseFacts, milestones: Sequence[MilestoneInfo], today: date
    ) -> OrientationInfo:
        return case_orientation(
            case, milestones, today, self.options, self._intervention_types_by_code()
        )

    # ---------------------------------------------------------------- schema
    def details_type(self) -> type | None:
        return GenericCaseDetails

    def present_details(self, case: CaseFacts) -> object | None:
        return present_details(self.code, case, self.options)

    def case_commands(self) -> Sequence[CaseCommand]:
        return COMMANDS

    # ---------------------------------------------------------------- documents
    def render_document(self, snapshot: DocumentSnapshot) -> RenderedDocument:
        return render_document(snapshot)

    # ---------------------------------------------------------------- helpers
    def _intervention_types_by_code(self) -> Mapping[str, InterventionTypeInfo]:
        return {kind.code: kind for kind in self.intervention_types()}

    def _reference_codes(self) -> ReferenceCodes:
        return ReferenceCodes(
            benefit_types={kind.code: kind for kind in self.benefit_types()},
            intervention_types=self._intervention_types_by_code(),
            assessment_kinds=[kind.code for kind in self.assessment_kinds()],
        )
