"""Benefit periods: degrees in quarters, one period of a kind per day, and the employer's days.

- Degrees (R21): sjukpenning and rehabiliteringspenning are paid as a whole,
  three quarters, a half or a quarter (SFB 27 kap. 45 §): the benefit types declare
  it (`QUARTER_DEGREES`) and the platform refuses any other degree.
- FK_BENEFIT_OVERLAP: two periods of the same benefit on one day would be two
  degrees for one day.
- FK_SICKNESS_BENEFIT_IN_SICK_PAY_PERIOD (R22, WARNING): for an employee, days
  1-14 of a sick spell are the employer's (sick pay, lag om sjuklön), and
  Försäkringskassan pays from day 15. A WARNING, not an error: some employees
  get sickness benefit from the start (e.g. employment shorter than a month).
"""

from __future__ import annotations

from collections.abc import Mapping

from vocrehab.hooks import BenefitFacts, BenefitTypeInfo, CaseFacts, EmploymentStatus, Violation
from vocrehab_fk_se.chain import ChainFacts
from vocrehab_fk_se.milestones import FK_DAY
from vocrehab_fk_se.reference import SICKNESS_BENEFIT
from vocrehab_fk_se.rules import violation

__all__ = ["check_grant"]


def check_grant(
    benefit: BenefitFacts, case: CaseFacts, types: Mapping[str, BenefitTypeInfo]
) -> list[Violation]:
    # The degree is the platform's to check, against the type's `degrees` (QUARTER_DEGREES).
    found = [
        violation(
            "FK_BENEFIT_OVERLAP",
            f"The period overlaps the {other.benefit_type_code} period from {other.start_date} "
            f"to {other.end_date or 'open end'}; end that one first",
            ("startDate",),
        )
        for other in case.benefits
        if other.benefit_type_code == benefit.benefit_type_code
        and other.id != benefit.id
        and benefit.overlaps(other)
    ]
    found += _before_day_15(benefit, case)
    return found


def _before_day_15(benefit: BenefitFacts, case: CaseFacts) -> list[Violation]:
    if benefit.benefit_type_code != SICKNESS_BENEFIT:
        return []
    if case.employment_status is not EmploymentStatus.EMPLOYED:
        return []
    leave = ChainFacts.of(case).leave
    spell = leave.spell_start_on(benefit.start_date)
    if spell is None or (benefit.start_date - spell).days + 1 >= FK_DAY:
        return []
    day = (benefit.start_date - spell).days + 1
    return [
        violation(
            "FK_SICKNESS_BENEFIT_IN_SICK_PAY_PERIOD",
            f"{benefit.start_date} is day {day} of the sick period: the employer pays sick pay "
            f"on days 1-14, Försäkringskassan from day {FK_DAY}",
            ("startDate",),
        )
    ]
