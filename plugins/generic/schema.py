"""The GraphQL type of generic case details (`Jurisdiction.details_type`), and an
instance of it for a case (`Jurisdiction.present_details`)."""

from __future__ import annotations

from datetime import date

import strawberry

from vocrehab.hooks import CaseFacts, DataCategory, JurisdictionDetails
from vocrehab.hooks.schema import data_categories
from vocrehab_generic.details import CaseDetails, ContactChannel
from vocrehab_generic.options import GenericOptions

__all__ = ["GenContactChannel", "GenericCaseDetails", "present_details"]

GenContactChannel = strawberry.enum(
    ContactChannel,
    name="GenContactChannel",
    description="How a contact with the participant took place.",
)


@data_categories(DataCategory.PLAN, plan_due_days=None, review_interval_days=None)
@strawberry.type(description="Case details of the generic (jurisdiction-neutral) jurisdiction.")
class GenericCaseDetails(JurisdictionDetails):
    referral_source: str | None = strawberry.field(
        description="Who or what referred the participant (free text)."
    )
    expected_return_date: date | None = strawberry.field(
        description="When the participant is expected to return to work."
    )
    plan_due_days: int = strawberry.field(
        description="Days from the case opening until the plan is due (this case's value)."
    )
    review_interval_days: int = strawberry.field(
        description="Days between plan reviews (this case's value)."
    )
    first_contact_on: date | None = strawberry.field(
        default=None,
        description="When the first contact with the participant took place (genRecordFirstContact).",
    )
    first_contact_channel: GenContactChannel | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="How the first contact took place."
    )


def present_details(code: str, case: CaseFacts, options: GenericOptions) -> GenericCaseDetails:
    """The details type for a case, with the deadlines that actually apply to it."""
    details = CaseDetails.of(case)
    return GenericCaseDetails(
        jurisdiction_code=code,
        referral_source=details.referral_source,
        expected_return_date=details.expected_return_date,
        plan_due_days=details.effective_plan_due_days(options),
        review_interval_days=details.effective_review_interval_days(options),
        first_contact_on=details.first_contact_on,
        first_contact_channel=(
            ContactChannel(details.first_contact_channel) if details.first_contact_channel else None
        ),
    )
