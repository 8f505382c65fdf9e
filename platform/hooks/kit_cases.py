"""The cases the conformance kit asks a jurisdiction about.

Rules that count time are reached only by cases that last: the kit's cases
run from a first day of sick leave to well past a year and a half, with
several spells (benefit periods that ended and one that goes on, in every
benefit type and degree the jurisdiction allows), plans superseded by others,
interventions in every status and assessments over time. Each case has its
own reference, which says what it is (`KIT-07-DAY-550`), so a finding names
the case it was found on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from vocrehab.hooks.jurisdiction import Jurisdiction
from vocrehab.hooks.kit_members import allowed_samples, amount_samples
from vocrehab.hooks.types import (
    AssessmentFacts,
    BenefitFacts,
    CaseFacts,
    DiagnosisFacts,
    EventFacts,
    HistoryFacts,
    InterventionFacts,
    ParticipantFacts,
    PlanFacts,
    PlanStepFacts,
    SickPeriodFacts,
    TeamMemberFacts,
)
from vocrehab.hooks.vocabulary import (
    CaseStatus,
    EmploymentStatus,
    InterventionStatus,
    PlanStatus,
    ReturnToWorkPhase,
    StakeholderType,
)

__all__ = ["KIT_DIAGNOSIS", "KIT_NATIONAL_ID", "TODAY", "make_case", "sample_cases", "steps"]

TODAY = date(2026, 3, 2)
KIT_DIAGNOSIS = DiagnosisFacts("ICD-10", "F32.1", "Moderate depressive episode")
KIT_NATIONAL_ID = "KIT-NATIONAL-ID-0001"
LONG_RUNNING_DAYS = (1, 16, 60, 120, 200, 400, 550, 800)
"""Days of sick leave before TODAY of the plain cases: past each deadline the laws
set (the employer period, 8 and 26 weeks, 180 and 365 days, a year and a half)."""


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


def make_case(jurisdiction: str = "generic", **overrides: Any) -> CaseFacts:
    """A plausible open case snapshot; override any field of `CaseFacts`."""
    opened = _midnight(TODAY - timedelta(days=30))
    base = CaseFacts(
        id="00000000-0000-7000-8000-000000000001",
        reference="TEST-2026-000001",
        jurisdiction=jurisdiction,
        status=CaseStatus.OPEN,
        phase=ReturnToWorkPhase.OFF_WORK,
        employment_status=EmploymentStatus.EMPLOYED,
        has_employer=True,
        sick_leave_start=TODAY - timedelta(days=35),
        opened_at=opened,
        closed_at=None,
        participant=ParticipantFacts(
            id="00000000-0000-7000-8000-000000000002",
            jurisdiction=jurisdiction,
            birth_date=date(1985, 6, 15),
            national_id=None,
            preferred_language="en",
        ),
        team=(
            TeamMemberFacts("00000000-0000-7000-8000-000000000010", StakeholderType.CASE_MANAGER, opened.date(), None),
            TeamMemberFacts("00000000-0000-7000-8000-000000000011", StakeholderType.EMPLOYER, opened.date(), None),
        ),
        events=(EventFacts("case.opened", opened, StakeholderType.CASE_MANAGER),),
    )  # fmt: skip
    return replace(base, **overrides)


def steps(start: date, percents: Iterable[int], weeks: int = 4) -> tuple[PlanStepFacts, ...]:
    """Consecutive plan steps of `weeks` weeks each, at the given work percentages."""
    return tuple(
        PlanStepFacts(
            start + timedelta(weeks=weeks * i),
            start + timedelta(weeks=weeks * i + weeks, days=-1),
            p,
        )
        for i, p in enumerate(percents)
    )


def sample_cases(jurisdiction: Jurisdiction) -> list[CaseFacts]:
    """A spread of cases: new and long-running, employed or not, open, on hold and closed,
    single and several spells, with the jurisdiction's own reference data."""
    code = jurisdiction.code
    cases = [
        make_case(code, reference=f"DAY-{days}", sick_leave_start=TODAY - timedelta(days=days),
                  opened_at=_midnight(TODAY - timedelta(days=max(days - 5, 0))))
        for days in LONG_RUNNING_DAYS
    ]  # fmt: skip
    cases.append(
        make_case(code, reference="UNEMPLOYED", employment_status=EmploymentStatus.UNEMPLOYED,
                  has_employer=False, sick_leave_start=None)
    )  # fmt: skip
    cases.append(
        make_case(code, reference="ON-HOLD", status=CaseStatus.ON_HOLD,
                  phase=ReturnToWorkPhase.RE_ENTRY)
    )  # fmt: skip
    rich = _rich(jurisdiction, TODAY - timedelta(days=35), "RICH")
    cases.append(rich)
    cases.append(replace(rich, reference="CLOSED", status=CaseStatus.CLOSED,
                         closed_at=_midnight(TODAY - timedelta(days=1))))  # fmt: skip
    cases.append(_rich(jurisdiction, TODAY - timedelta(days=420), "SPELLS-420"))
    cases.append(_rich(jurisdiction, TODAY - timedelta(days=700), "SPELLS-700"))
    if getattr(jurisdiction, "history_days", 0):
        cases += [_earlier(jurisdiction, rich, gap) for gap in (1, 5, 6, 16, 17, 200)]
    return [
        replace(case, reference=f"KIT-{i:02d}-{case.reference}",
                id=f"00000000-0000-7000-8000-{i:012d}")
        for i, case in enumerate(cases, start=1)
    ]  # fmt: skip


def _earlier(jurisdiction: Jurisdiction, case: CaseFacts, days_after_end: int) -> CaseFacts:
    """`case` with an earlier case of the participant that ended `days_after_end` days
    before its sick leave started, with a spell of every benefit type."""
    start = case.sick_leave_start or TODAY
    end = start - timedelta(days=days_after_end)
    first = end - timedelta(days=40)
    spells = tuple(
        BenefitFacts(
            f"h{i}", b.code, allowed_samples(b.allowed)[-1], first, end, amount_samples(b)[-1]
        )
        for i, b in enumerate(jurisdiction.benefit_types())
    )
    since = start - timedelta(days=int(getattr(jurisdiction, "history_days", 0)))
    earlier = SickPeriodFacts("00000000-0000-7000-8000-00000000e001", first, end)
    history = HistoryFacts(
        since, (earlier,) if end >= since else (), spells if end >= since else ()
    )
    return replace(case, reference=f"EARLIER-{days_after_end}D", history=history)


def _rich(jurisdiction: Jurisdiction, start: date, reference: str) -> CaseFacts:
    """A case with everything: several spells of every benefit type, plans, interventions
    in every status, assessments over time."""
    code = jurisdiction.code
    span = (TODAY - start).days
    base = make_case(code, reference=reference, sick_leave_start=start, phase=ReturnToWorkPhase.RE_ENTRY,
                     opened_at=_midnight(start + timedelta(days=2)))  # fmt: skip
    benefits: list[BenefitFacts] = []
    for i, benefit in enumerate(jurisdiction.benefit_types()):
        degrees, amounts = allowed_samples(benefit.allowed), amount_samples(benefit)
        first = start + timedelta(days=i * 7)
        middle = first + timedelta(days=max(span // 3, 14))
        benefits += [
            BenefitFacts(f"b{i}a", benefit.code, degrees[-1], first, middle, amounts[-1]),
            BenefitFacts(f"b{i}b", benefit.code, degrees[len(degrees) // 2], middle + timedelta(days=1),
                         None, amounts[0]),
        ]  # fmt: skip
    plans = (
        PlanFacts("p1", 1, PlanStatus.SUPERSEDED, "First plan", None, steps(start + timedelta(days=20), (0, 25))),
        PlanFacts("p2", 2, PlanStatus.ACTIVE, "Plan", "Back to work", steps(TODAY - timedelta(days=20), (25, 50, 100)),
                  activated_at=_midnight(TODAY - timedelta(days=20))),
    )  # fmt: skip
    interventions = tuple(
        InterventionFacts(f"i{i}{s.value[:2]}", kind.code, s, start + timedelta(days=30), TODAY + timedelta(days=30),
                          end_date=TODAY - timedelta(days=1) if s in (InterventionStatus.COMPLETED, InterventionStatus.DISCONTINUED) else None,
                          hours_per_week=10.0)
        for i, kind in enumerate(jurisdiction.intervention_types()[:2])
        for s in InterventionStatus
    )  # fmt: skip
    assessments = tuple(
        AssessmentFacts(f"a{i}{n}", kind.code, start + timedelta(days=10 + n * span // 2), 50 - n * 25, (KIT_DIAGNOSIS,))
        for i, kind in enumerate(jurisdiction.assessment_kinds())
        for n in range(2)
    )  # fmt: skip
    return replace(
        base, plans=plans, benefits=tuple(benefits), interventions=interventions,
        assessments=assessments, participant=replace(base.participant, national_id=KIT_NATIONAL_ID),
    )  # fmt: skip
