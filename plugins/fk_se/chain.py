"""The rehabilitation chain (rehabiliteringskedjan): what work capacity is assessed against.

SFB 27 kap. 46-49 §§, for employees, by the chain's day number:
- days 1-90: the own job, or suitable work the employer can offer temporarily;
- days 91-180: any work at the employer;
- days 181-365: work normally occurring on the labour market, unless an
  exception keeps the test at the employer: a likely return with the same
  working time before one year, special reasons to expect a return by day 550,
  a serious illness, or age 63 or older;
- from day 366: normally occurring work for everyone (the "unreasonable"
  exception is not confirmed in the sources and not applied).

The tests are cumulative. The unemployed are assessed against normally
occurring work from day 1; the self-employed against their usual work and
"later" against normally occurring work, a day the sources do not fix, so no
basis is derived for them (and none for students and others).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vocrehab.hooks import AssessmentFacts, CaseFacts, EmploymentStatus, Violation
from vocrehab_fk_se.details import CaseDetails
from vocrehab_fk_se.reference import WORK_CAPACITY_KIND
from vocrehab_fk_se.rules import violation
from vocrehab_fk_se.sick_leave import SickLeave
from vocrehab_fk_se.vocabulary import AssessmentBasis, ChainException, ChainStage

__all__ = ["EXCEPTION_AGE", "STAGE_ENDS", "ChainFacts", "age_on", "check_basis", "stage_of"]

STAGE_ENDS: tuple[tuple[int, ChainStage], ...] = (
    (90, ChainStage.DAYS_1_90),
    (180, ChainStage.DAYS_91_180),
    (365, ChainStage.DAYS_181_365),
)
"""The last day of each stage; after day 365 comes FROM_DAY_366."""
EXCEPTION_AGE = 63
_EMPLOYER_BASIS = {
    ChainStage.DAYS_1_90: AssessmentBasis.OWN_JOB,
    ChainStage.DAYS_91_180: AssessmentBasis.ANY_JOB_AT_EMPLOYER,
}


def stage_of(day: int) -> ChainStage | None:
    """The stage of a chain day number (None before the chain starts)."""
    if day < 1:
        return None
    return next((stage for last, stage in STAGE_ENDS if day <= last), ChainStage.FROM_DAY_366)


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class ChainFacts:
    """What the chain needs to know about a case."""

    leave: SickLeave
    employment: EmploymentStatus
    birth_date: date | None
    exceptions: frozenset[ChainException]

    @classmethod
    def of(cls, case: CaseFacts, details: CaseDetails | None = None) -> ChainFacts:
        details = details or CaseDetails.of(case)
        return cls(
            leave=SickLeave.build(details.sick_periods, case.sick_leave_start),
            employment=case.employment_status,
            birth_date=case.participant.birth_date,
            exceptions=details.exceptions,
        )

    def stage_on(self, on: date) -> ChainStage | None:
        return stage_of(self.leave.day_number(on))

    def aged_on(self, on: date) -> bool:
        """Whether the insured person is 63 or older on `on` (from the date of birth)."""
        return self.birth_date is not None and age_on(self.birth_date, on) >= EXCEPTION_AGE

    def excepted_on(self, on: date) -> bool:
        """Whether an exception keeps the test at the employer after day 180."""
        return self.aged_on(on) or bool(self.exceptions)

    def only_medical_exception_on(self, on: date) -> bool:
        """Whether serious illness is the only exception that applies on `on`: what
        reveals the exception then reveals a medical fact."""
        return not self.aged_on(on) and self.exceptions == {ChainException.SERIOUS_ILLNESS}

    def basis_on(self, on: date) -> AssessmentBasis | None:
        """What work capacity is assessed against on `on` (None where not derived)."""
        if self.employment is EmploymentStatus.UNEMPLOYED:
            return AssessmentBasis.NORMALLY_OCCURRING_WORK
        if self.employment is not EmploymentStatus.EMPLOYED:
            return None
        stage = self.stage_on(on)
        if stage is None:
            return None
        if stage in _EMPLOYER_BASIS:
            return _EMPLOYER_BASIS[stage]
        if stage is ChainStage.DAYS_181_365 and self.excepted_on(on):
            return AssessmentBasis.ANY_JOB_AT_EMPLOYER
        return AssessmentBasis.NORMALLY_OCCURRING_WORK


def check_basis(assessment: AssessmentFacts, chain: ChainFacts) -> list[Violation]:
    """R23 on a recorded assessment: the basis may be broader than the stage's, not narrower.

    A broader basis is an investigation ahead of the stage, which the chain
    expects (Försäkringskassan investigates work outside the employer before
    day 181); a narrower one would judge the benefit on a test that no longer
    applies.
    """
    at = ("details", "basis")
    raw = assessment.details.get("basis")
    if assessment.kind != WORK_CAPACITY_KIND:
        if raw is None:
            return []
        return [
            violation(
                "FK_CHAIN_BASIS", f"Only a {WORK_CAPACITY_KIND} assessment states a basis", at
            )
        ]
    if raw not in list(AssessmentBasis):
        choices = ", ".join(AssessmentBasis)
        return [
            violation(
                "FK_CHAIN_BASIS", f"State what work capacity was assessed against: {choices}", at
            )
        ]
    return _fits(AssessmentBasis(raw), assessment.assessed_at, chain)


def _fits(basis: AssessmentBasis, on: date, chain: ChainFacts) -> list[Violation]:
    if chain.employment is EmploymentStatus.SELF_EMPLOYED:
        if basis is AssessmentBasis.ANY_JOB_AT_EMPLOYER:
            return [
                violation(
                    "FK_CHAIN_BASIS",
                    "A self-employed person has no employer to assess against",
                    ("details", "basis"),
                )
            ]
        return []
    required = chain.basis_on(on)
    if required is None or basis.breadth >= required.breadth:
        return []
    day = chain.leave.day_number(on)
    why = (
        "the unemployed"
        if chain.employment is EmploymentStatus.UNEMPLOYED
        else f"day {day} of the chain"
    )
    return [
        violation(
            "FK_CHAIN_BASIS",
            f"On {on} ({why}) work capacity is assessed against {required.value}, not only {basis.value}",
            ("details", "basis"),
        )
    ]
