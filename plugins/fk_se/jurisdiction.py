"""`FkJurisdiction`: Sweden (Försäkringskassan) behind the `Jurisdiction` protocol.

The class only composes: options, reference data, the rule catalogue and the
case commands are tables declared on `JurisdictionBase`; each other method
hands the work to the module that owns the concept. Every method is pure and synchronous; the only state is the
deployment's options.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

from vocrehab.hooks import (
    CaseFacts,
    Change,
    DataCategory,
    Demo,
    DetailsCheck,
    DetailsTarget,
    DocumentSnapshot,
    IdCheck,
    JurisdictionBase,
    MeetingKindInfo,
    MilestoneInfo,
    OrientationInfo,
    ReferenceData,
    RenderedDocument,
    RuleCatalogue,
    Texts,
    Violation,
)
from vocrehab_fk_se import history, reference
from vocrehab_fk_se.case_checks import assess as assess_case
from vocrehab_fk_se.changes import evaluate as evaluate_change
from vocrehab_fk_se.commands import COMMANDS
from vocrehab_fk_se.demo import fk_demo
from vocrehab_fk_se.details import validate_details
from vocrehab_fk_se.documents import DOCUMENT_KINDS
from vocrehab_fk_se.documents import render as render_document
from vocrehab_fk_se.language import LANGUAGES, both
from vocrehab_fk_se.meetings import MEETING_KINDS
from vocrehab_fk_se.milestones import milestones as case_milestones
from vocrehab_fk_se.options import FkOptions
from vocrehab_fk_se.organisationsnummer import InvalidOrganisationNumber, parse_organisation_number
from vocrehab_fk_se.orientation import orientation as case_orientation
from vocrehab_fk_se.personnummer import InvalidPersonnummer, parse_personnummer
from vocrehab_fk_se.rules import CATALOGUE
from vocrehab_fk_se.schema import FkCaseDetails, present_details

__all__ = ["FkJurisdiction"]


class FkJurisdiction(JurisdictionBase):
    """Swedish sick leave and rehabilitation: SFB, lag om sjuklön, Försäkringskassan's forms."""

    code: str = "se"
    names: Texts = both("Sverige (Försäkringskassan)", "Sweden (Försäkringskassan)")
    country: str | None = "SE"
    languages: tuple[str, ...] = LANGUAGES
    history_days: int = history.HISTORY_DAYS
    """Earlier cases 30 days back: a sick period within five days of one continues it."""
    reference_prefix: str = "SE"
    schema_prefix: str = "fk"
    # Serious illness is among the exceptions to the chain: only readers who see
    # MEDICAL data get them in their snapshot of the case.
    details_categories: Mapping[str, DataCategory] = MappingProxyType(
        {"chainExceptions": DataCategory.MEDICAL, "normalLevelDecision": DataCategory.MEDICAL}
    )

    # What the case commands record on the timeline (CaseEvent.eventKind).
    event_kinds: Mapping[str, str] = MappingProxyType(
        {
            "se.sick_period.recorded": "A sick-leave period was recorded.",
            "se.expected_duration.recorded": "The expected duration of sick leave was recorded.",
            "se.employer_plan.recorded": "The employer's return-to-work plan was recorded.",
            "se.chain_exception.recorded": "An exception to the rehabilitation chain was recorded.",
            "se.chain_exception.withdrawn": "An exception to the rehabilitation chain was "
            "withdrawn.",
            "se.employer_sick_report.recorded": "The employer's sick report was recorded.",
            "se.normal_level.decided": "Försäkringskassan decided the normal work level.",
            "se.reconciliation_meeting.planned": "A reconciliation meeting was planned.",
            "se.reconciliation_meeting.held": "A reconciliation meeting was held.",
            "se.reconciliation_meeting.cancelled": "A reconciliation meeting was cancelled.",
        }
    )

    options_type = FkOptions
    options: FkOptions
    reference = ReferenceData(
        reference.BENEFIT_TYPES,
        reference.INTERVENTION_TYPES,
        reference.ASSESSMENT_KINDS,
        DOCUMENT_KINDS,
    )
    catalogue = RuleCatalogue((*CATALOGUE, *history.CATALOGUE))
    commands = COMMANDS

    # ---------------------------------------------------------------- validation
    def validate_national_id(self, value: str) -> IdCheck:
        """A personnummer or samordningsnummer in its 12-digit form (see `personnummer`)."""
        return _id_check(value, None)

    def validate_national_id_on(self, value: str, today: date) -> IdCheck:
        """Also the 10-digit forms, whose century the separator and `today` decide (R27)."""
        return _id_check(value, today)

    def validate_organisation_number(self, value: str) -> IdCheck:
        try:
            found = parse_organisation_number(value)
        except InvalidOrganisationNumber as exc:
            return IdCheck(valid=False, message=str(exc))
        return IdCheck(valid=True, normalized=found.normalized)

    def validate_details(
        self, target: DetailsTarget, details: Mapping[str, Any], case: CaseFacts | None
    ) -> DetailsCheck:
        return validate_details(target, details)

    def evaluate(self, change: Change, case: CaseFacts) -> Sequence[Violation]:
        return evaluate_change(change, case, self.reference_codes().benefit_types)

    # ---------------------------------------------------------------- time and orientation
    def milestones(self, case: CaseFacts) -> Sequence[MilestoneInfo]:
        return case_milestones(case)

    def assess(self, case: CaseFacts, today: date) -> Sequence[Violation]:
        return [*assess_case(case, today), *history.assess_history(case, today)]

    def orientation(
        self, case: CaseFacts, milestones: Sequence[MilestoneInfo], today: date
    ) -> OrientationInfo:
        return case_orientation(case, milestones, today, self.options.stall_days)

    def meeting_kinds(self) -> Sequence[MeetingKindInfo]:
        return MEETING_KINDS

    # ---------------------------------------------------------------- schema
    def details_type(self) -> type | None:
        return FkCaseDetails

    def present_details(self, case: CaseFacts) -> object | None:
        return present_details(self.code, case)

    # ---------------------------------------------------------------- documents
    def render_document(self, snapshot: DocumentSnapshot) -> RenderedDocument:
        """The plan för återgång i arbete or the FK 7804 certificate data (see `documents`)."""
        return render_document(snapshot)

    # ---------------------------------------------------------------- demo
    def demo(self) -> Demo:
        return fk_demo()


def _id_check(value: str, today: date | None) -> IdCheck:
    """The 12-digit form is stored; the message says which form was read."""
    try:
        found = parse_personnummer(value, today)
    except InvalidPersonnummer as exc:
        return IdCheck(valid=False, message=str(exc))
    return IdCheck(
        valid=True,
        normalized=found.normalized,
        message=found.explained(),
        birth_date=found.birth_date,
    )
