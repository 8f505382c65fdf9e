"""`NavJurisdiction`: Norway (NAV) as the platform sees it.

The class only composes: options, reference data, the rule catalogue and the
case commands are tables declared on `JurisdictionBase`; each other method
hands the work to the module that owns the concept (identifiers, reference data, the rule catalogue and the checks,
milestones, orientation, details, commands, documents). Every method is pure and
synchronous; the only state is the validated deployment options.
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
    HandoverSection,
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
from vocrehab_nav_no import history, reference
from vocrehab_nav_no.case_checks import assess as assess_case
from vocrehab_nav_no.changes import evaluate as evaluate_change
from vocrehab_nav_no.commands import COMMANDS
from vocrehab_nav_no.demo import nav_demo
from vocrehab_nav_no.details import validate_details
from vocrehab_nav_no.documents import DOCUMENT_KINDS, render_document
from vocrehab_nav_no.handover import handover_sections
from vocrehab_nav_no.identifiers import check_national_id, check_organisation_number
from vocrehab_nav_no.language import texts
from vocrehab_nav_no.meetings import MEETING_KINDS
from vocrehab_nav_no.milestones import milestones as case_milestones
from vocrehab_nav_no.options import NavOptions
from vocrehab_nav_no.orientation import orientation as case_orientation
from vocrehab_nav_no.rules import CATALOGUE
from vocrehab_nav_no.schema import NavCaseDetails, present_details

__all__ = ["NavJurisdiction"]


class NavJurisdiction(JurisdictionBase):
    """Norway: sykepenger, AAP and work-oriented measures under NAV, and the employer's follow-up."""

    code: str = "no"
    names: Texts = texts("Norge (NAV)", "Norway (NAV)")
    country: str | None = "NO"
    languages: tuple[str, ...] = ("nb", "en")
    reference_prefix: str = "NO"
    schema_prefix: str = "nav"
    history_days: int = history.HISTORY_DAYS
    """Earlier cases three years back: the maksdato counts days used in that window."""
    # Why an exception from the activity requirement was granted, and by whose
    # documentation, tells that it is medical (ftrl § 8-8 second paragraph). The work
    # reported on AAP, the AAP step-up and the week-39 information on the maksdato tell
    # of the person's benefits: a reader who does not see BENEFITS does not get them.
    details_categories: Mapping[str, DataCategory] = MappingProxyType(
        {
            "activityRequirement.exceptionReason": DataCategory.MEDICAL,
            "activityRequirement.documentedBy": DataCategory.MEDICAL,
            "workReports": DataCategory.BENEFITS,
            "aapStepUpFrom": DataCategory.BENEFITS,
            "week39InformedOn": DataCategory.BENEFITS,
        }
    )

    # What the case commands record on the timeline (CaseEvent.eventKind).
    event_kinds: Mapping[str, str] = MappingProxyType(
        {
            "no.sick_note.recorded": "A sick note was recorded.",
            "no.sick_note.backdating_reviewed": "A NAV adviser decided on a backdated sick note.",
            "no.follow_up_plan.under_arbeid": "The follow-up plan is being drafted.",
            "no.follow_up_plan.aktiv": "The follow-up plan was approved.",
            "no.follow_up_plan.utdatert": "The follow-up plan is out of date.",
            "no.follow_up_plan.avbrutt": "The follow-up plan was broken off.",
            "no.follow_up_plan.sent_to_sykmelder": "The follow-up plan was approved and sent "
            "to the sykmelder.",
            "no.follow_up_plan.sent_to_nav": "The follow-up plan was sent to NAV.",
            "no.follow_up_plan.task_recorded": "A work task of the follow-up plan was recorded.",
            "no.follow_up_plan.measure_recorded": "A measure of the follow-up plan was recorded.",
            "no.dialogue_meeting.called": "A dialogue meeting was called or moved.",
            "no.dialogue_meeting.held": "A dialogue meeting was held.",
            "no.dialogue_meeting.cancelled": "A dialogue meeting was cancelled.",
            "no.dialogue_meeting.minutes": "The minutes of a dialogue meeting were written.",
            "no.activity_requirement.assessed": "NAV assessed the activity requirement.",
            "no.arr_referral.sykmelder_informed": "NAV told the sykmelder of an ARR referral.",
            "no.meeting_need.recorded": "The need for dialogue meeting 2 was recorded.",
            "no.maksdato.informed": "The person was informed of the maksdato (week 39).",
            "no.job_seeker.registered": "The person registered as a job seeker.",
            "no.aap.work_reported": "Hours worked on AAP were reported.",
            "no.aap.step_up_started": "The AAP step-up to 80 % work started.",
        }
    )

    options_type = NavOptions
    options: NavOptions
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
        return check_national_id(value)

    def validate_organisation_number(self, value: str) -> IdCheck:
        return check_organisation_number(value)

    def validate_details(
        self, target: DetailsTarget, details: Mapping[str, Any], case: CaseFacts | None
    ) -> DetailsCheck:
        return validate_details(target, details, case)

    def evaluate(self, change: Change, case: CaseFacts) -> Sequence[Violation]:
        return evaluate_change(change, case, self.reference_codes())

    # ---------------------------------------------------------------- time and orientation
    def milestones(self, case: CaseFacts) -> Sequence[MilestoneInfo]:
        return case_milestones(case)

    def assess(self, case: CaseFacts, today: date) -> Sequence[Violation]:
        found = assess_case(case, today, self.options.retention_days)
        return [*found, *history.assess_history(case, today)]

    def orientation(
        self, case: CaseFacts, milestones: Sequence[MilestoneInfo], today: date
    ) -> OrientationInfo:
        return case_orientation(case, milestones, today, self.options)

    def meeting_kinds(self) -> Sequence[MeetingKindInfo]:
        return MEETING_KINDS

    # ---------------------------------------------------------------- schema
    def details_type(self) -> type | None:
        return NavCaseDetails

    def present_details(self, case: CaseFacts) -> object | None:
        return present_details(self.code, case)

    def handover_sections(
        self, case: CaseFacts, since: date | None, today: date
    ) -> Sequence[HandoverSection]:
        return handover_sections(case, since, today)

    # ---------------------------------------------------------------- documents
    def render_document(self, snapshot: DocumentSnapshot) -> RenderedDocument:
        return render_document(snapshot)

    # ---------------------------------------------------------------- demo
    def demo(self) -> Demo:
        return nav_demo()
