"""Building blocks for the Swedish plugin's tests: case snapshots, numbers, certificates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import strawberry

from vocrehab.hooks import (
    AssessmentFacts,
    CaseFacts,
    CaseStatus,
    DiagnosisFacts,
    EmploymentStatus,
    EventFacts,
    ParticipantFacts,
    ReturnToWorkPhase,
    StakeholderType,
    Violation,
)
from vocrehab_fk_se import FkJurisdiction
from vocrehab_fk_se.commands import (
    RecordChainExceptionInput,
    RecordEmployerPlanInput,
    RecordExpectedDurationInput,
    RecordSickPeriodInput,
)
from vocrehab_fk_se.normal_level import RecordNormalLevelDecisionInput
from vocrehab_fk_se.reconciliation_commands import RecordReconciliationMeetingInput
from vocrehab_fk_se.sick_report import RecordEmployerSickReportInput
from vocrehab_fk_se.vocabulary import ChainException, EmployerPlanDecision, MeetingParticipant

SE = FkJurisdiction()
START = date(2026, 1, 1)
"""Day 1 of the sick leave in most tests."""


def day(number: int, start: date = START) -> date:
    """The date of day `number` counted from `start` (day 1)."""
    return start + timedelta(days=number - 1)


def luhn(nine: str) -> str:
    """The Luhn check digit, computed here independently of the plugin."""
    total = 0
    for i, char in enumerate(nine):
        product = int(char) * (2 if i % 2 == 0 else 1)
        total += sum(divmod(product, 10))
    return str((10 - total % 10) % 10)


def personnummer(birth: str, number: str = "239", separator: str = "-") -> str:
    """A valid number for `birth` (YYYYMMDD, day + 60 for a samordningsnummer)."""
    nine = birth[2:] + number
    return f"{birth}{separator}{number}{luhn(nine)}"


def case(**overrides: Any) -> CaseFacts:
    """An open case of an employed person, opened on START, with no sick leave recorded."""
    opened = datetime.combine(START, time(9), tzinfo=UTC)
    base = CaseFacts(
        id="case-1",
        reference="SE-2026-000001",
        jurisdiction="se",
        status=CaseStatus.OPEN,
        phase=ReturnToWorkPhase.OFF_WORK,
        employment_status=EmploymentStatus.EMPLOYED,
        has_employer=True,
        sick_leave_start=START,
        opened_at=opened,
        closed_at=None,
        participant=ParticipantFacts("p-1", "se", date(1985, 6, 15), None, "sv"),
        events=(EventFacts("case.opened", opened, StakeholderType.CASE_MANAGER),),
    )
    return replace(base, **overrides)


def periods(*spans: tuple[date, date, int]) -> dict[str, Any]:
    """Case details holding these sick periods."""
    return {
        "sickPeriods": [
            {"start": s.isoformat(), "end": e.isoformat(), "degree": g} for s, e, g in spans
        ]
    }


def event(kind: str, on: date, actor: StakeholderType | None = None, **data: Any) -> EventFacts:
    return EventFacts(kind, datetime.combine(on, time(10), tzinfo=UTC), actor, data)


def assessment(kind: str, on: date, **fields: Any) -> AssessmentFacts:
    return AssessmentFacts(id=f"a-{kind}-{on}", kind=kind, assessed_at=on, **fields)


def certificate(on: date = START, **changes: Any) -> AssessmentFacts:
    """A complete, valid FK 7804 dated `on`; `changes` replace or (with None) drop fields."""
    fields: dict[str, Any] = {
        "grundForMU": {"undersokningAvPatienten": on.isoformat()},
        "sysselsattning": ["NUVARANDE_ARBETE"],
        "nuvarandeArbete": "Lagerarbetare",
        "sjukskrivningar": [
            {"grad": 100, "from": on.isoformat(), "tom": (on + timedelta(days=13)).isoformat()}
        ],
        "prognos": {"typ": "STOR_SANNOLIKHET"},
        "arbetslivsinriktadeAtgarder": ["ARBETSANPASSNING"],
        "kontaktMedFk": False,
    }
    for key, value in changes.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return AssessmentFacts(
        id=f"cert-{on}",
        kind="se.FK7804",
        assessed_at=on,
        diagnoses=(DiagnosisFacts("ICD-10-SE", "F321", "Medelsvår depressiv episod"),),
        functional_limitations="Nedsatt koncentration och uthållighet",
        activity_limitations="Klarar inte heltid med nuvarande arbetsuppgifter",
        details={"fk7804": fields},
    )


def codes(violations: Any) -> list[str]:
    return sorted(v.code for v in violations)


def command_probes() -> Iterator[Violation]:
    """Each command on inputs its rules refuse, so their codes are checked as listed."""
    commands = {c.name: c for c in SE.case_commands()}
    unemployed = case(employment_status=EmploymentStatus.UNEMPLOYED)
    probes = [
        ("fkRecordSickPeriod", RecordSickPeriodInput(case_id=strawberry.ID("case"), start=day(5), end=day(1), degree=60), case(details=periods((START, day(3), 100)))),
        ("fkRecordExpectedDuration", RecordExpectedDurationInput(case_id=strawberry.ID("case"), expected_days=0, assessed_on=date(2027, 1, 1)), case()),
        ("fkRecordEmployerPlan", RecordEmployerPlanInput(case_id=strawberry.ID("case"), decision=EmployerPlanDecision.DRAWN_UP, on=date(2027, 1, 1)), unemployed),
        ("fkRecordChainException", RecordChainExceptionInput(case_id=strawberry.ID("case"), exception=ChainException.SERIOUS_ILLNESS), unemployed),
        ("fkRecordEmployerSickReport", RecordEmployerSickReportInput(case_id=strawberry.ID("case"), reported_on=day(10)), unemployed),
        ("fkRecordReconciliationMeeting", RecordReconciliationMeetingInput(case_id=strawberry.ID("case"), held_on=day(40), participants=[MeetingParticipant.INSURED_PERSON], outcome=" ", next_step="Arbetsträning", next_step_by=MeetingParticipant.UNION_REPRESENTATIVE, meeting_number=7), case()),
        ("fkRecordNormalLevelDecision", RecordNormalLevelDecisionInput(case_id=strawberry.ID("case"), keeps_normal_level=True, decided_on=date(2027, 1, 1)), case(sick_leave_start=None)),
    ]  # fmt: skip
    for name, given, facts in probes:
        yield from commands[name].apply(facts, given, date(2026, 3, 2)).violations
