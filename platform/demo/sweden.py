"""The Swedish demo caseload: five sick-leave cases in Gothenburg, days 10 to 400.

Acted out by the people who would make each change: Försäkringskassan's case
officer (handläggare) opens the case, grants sickness benefit and holds the
reconciliation meeting, the employer reports the sick leave after day 14, the doctor
at the health centre certifies (FK 7804) and records the sick periods and the
forecast, the employer draws up the plan for return to work, and FK's
insurance physician (försäkringsmedicinsk rådgivare, a clinician) records the
rehabilitation chain's work-capacity assessments. In GraphiQL the cases show
milestones met, due and overdue, rule violations and the orientation map in
Swedish (`orientation(lang: "sv")`).

Numbers are made up: personnummer and organisation numbers get a valid Luhn
check digit here, for people and companies that do not exist.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any, TypeVar

from vocrehab.core import assessments, benefits, cases, interventions, participants, plans
from vocrehab.core.commands import run_case_command
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.demo.seeder import DEMO_DOMAIN, Seeder, as_participant_of
from vocrehab.hooks.vocabulary import ActorKind, EmploymentStatus, InterventionStatus
from vocrehab.hooks.vocabulary import ReturnToWorkPhase as Phase
from vocrehab.hooks.vocabulary import StakeholderType as R

__all__ = ["seed"]

SE = "se"
T = TypeVar("T")
_ASCII = str.maketrans("åäö", "aao")
Grades = Sequence[tuple[int, int, int]]
"""(percent, first day, last day) of the case: a certificate's periods or a plan's steps."""


def _luhn(nine: str) -> str:
    """The check digit of Swedish identity numbers (modulus 10, weights 2 and 1)."""
    total = sum(sum(divmod(int(c) * (2 - i % 2), 10)) for i, c in enumerate(nine))
    return str((10 - total % 10) % 10)


def _personnummer(birth: str, number: str) -> str:
    return f"{birth}-{number}{_luhn(birth[2:] + number)}"


def _organisation_number(nine: str) -> str:
    return f"{nine[:6]}-{nine[6:]}{_luhn(nine)}"


async def _organisations(s: Seeder) -> None:
    org, person = ActorKind.ORGANISATION, ActorKind.PERSON
    await s.actor(
        "se-fk", org, R.CASE_MANAGER, "Försäkringskassan, lokalt försäkringscenter Göteborg"
    )
    await s.actor("se-handlaggare", person, R.CASE_MANAGER, "Karin Ek", "se-fk")
    await s.actor(
        "se-fmr", person, R.CLINICIAN, "Dr. Eva Lund (försäkringsmedicinsk rådgivare)", "se-fk"
    )
    await s.actor("se-vc", org, R.CLINICIAN, "Vårdcentralen Majorna")
    await s.actor("se-lakare", person, R.CLINICIAN, "Dr. Omar Said", "se-vc")
    await s.actor("se-rehabkoordinator", person, R.REHAB_COORDINATOR, "Sara Nyström", "se-vc")
    await s.actor("se-af", org, R.EMPLOYMENT_OFFICER, "Arbetsförmedlingen Göteborg")
    await s.actor("se-arbetsformedlare", person, R.EMPLOYMENT_OFFICER, "Ali Hassan", "se-af")
    await s.actor("se-arbetstraning", org, R.PROVIDER, "Arbetsträning Väst AB")
    for key, name, number, contact in (
        ("se-hamn", "Hamnlogistik Göteborg AB", "556123456", "Lena Berg"),
        ("se-skola", "Västra Frölunda skolförvaltning", "212345678", "Per Holm"),
        ("se-bageri", "Bageriet Majorna ekonomisk förening", "769612345", "Mona Saleh"),
    ):
        await s.actor(
            key,
            org,
            R.EMPLOYER,
            name,
            jurisdiction=SE,
            organisation_number=_organisation_number(number),
        )
        await s.actor(f"{key}-chef", person, R.EMPLOYER, contact, key)


class Story:
    """One case as it unfolds; `ago(n)` is how many days ago its day n was."""

    def __init__(self, s: Seeder, start: int, case: m.Case, person: m.Participant) -> None:
        self.s, self.start, self.person = s, start, person
        self.case_id = case.id
        self.employed = case.employment_status is EmploymentStatus.EMPLOYED

    def ago(self, day: int) -> int:
        return self.start - (day - 1)

    def day(self, day: int) -> date:
        return self.s.today - timedelta(days=self.ago(day))

    async def run(self, who: str, day: int, service: Callable[[Work], Awaitable[T]]) -> T:
        """`service` as `who` on the case's day `day`."""
        return await self.s.do(self.s.who(who), self.ago(day), service)

    async def command(self, who: str, day: int, name: str, **fields: Any) -> None:
        command = next(c for c in self.s.host.jurisdiction(SE).case_commands() if c.name == name)
        given = command.input_type(case_id=self.case_id, **fields)
        await self.run(who, day, lambda w: run_case_command(w, SE, command, self.case_id, given))

    async def sick(self, first: int, last: int, degree: int) -> None:
        dates = {"start": self.day(first), "end": self.day(last)}
        await self.command("se-lakare", first, "fkRecordSickPeriod", degree=degree, **dates)

    async def sick_report(self, employer: str, day: int) -> None:
        """The employer's report to Försäkringskassan that the leave goes on after day 14."""
        await self.command(employer, day, "fkRecordEmployerSickReport", reported_on=self.day(day))

    async def certificate(self, day: int, code: str, text: str, grades: Grades) -> None:
        """An FK 7804 from the health centre's doctor, with the sick-leave periods `grades`."""
        periods = [(g, self.day(a).isoformat(), self.day(b).isoformat()) for g, a, b in grades]
        fk7804: dict[str, Any] = {
            "grundForMU": {"undersokningAvPatienten": self.day(day).isoformat()},
            "sjukskrivningar": [{"grad": g, "from": a, "tom": b} for g, a, b in periods],
            "prognos": {"typ": "PROGNOS_OKLAR"},
            "arbetslivsinriktadeAtgarder": ["ARBETSANPASSNING"],
            "sysselsattning": ["NUVARANDE_ARBETE" if self.employed else "ARBETSSOKANDE"],
        }
        if self.employed:
            fk7804["nuvarandeArbete"] = "Enligt anställningen"
        if any(g < 100 for g, _, _ in grades):
            fk7804["arbetstidsforlaggning"] = False
        cmd = assessments.RecordAssessment(
            case_id=self.case_id, kind="se.FK7804", assessed_at=self.day(day),
            diagnoses=[assessments.Diagnosis("ICD-10-SE", code, text)],
            functional_limitations="Nedsatt uthållighet och koncentration",
            activity_limitations="Klarar inte ordinarie arbetsuppgifter på heltid",
            details={"fk7804": fk7804},
        )  # fmt: skip
        await self.run("se-lakare", day, lambda w: assessments.record_assessment(w, cmd))

    async def capacity(self, day: int, basis: str, percent: int) -> None:
        """Försäkringskassan's assessment in the rehabilitation chain, by its physician."""
        cmd = assessments.RecordAssessment(
            case_id=self.case_id, kind="se.WORK_CAPACITY", assessed_at=self.day(day),
            work_capacity_percent=percent, details={"basis": basis},
        )  # fmt: skip
        await self.run("se-fmr", day, lambda w: assessments.record_assessment(w, cmd))

    async def benefit(self, day: int, degree: int, end: int | None = None) -> None:
        last = self.day(end) if end else None
        cmd = benefits.GrantBenefit(self.case_id, "SJUKPENNING", degree, self.day(day), last)
        await self.run("se-handlaggare", day, lambda w: benefits.grant_benefit(w, cmd))

    async def plan(self, employer: str, day: int, steps: Grades) -> None:
        """The employer drafts the plan for return to work; the insured person approves it
        the next day and the case officer activates it the day after."""
        cmd = plans.CreatePlan(
            self.case_id, "Plan för återgång i arbete",
            [plans.PlanStep(self.day(a), self.day(b), p) for p, a, b in steps],
            "Tillbaka i det egna arbetet på heltid",
        )  # fmt: skip
        found = await self.run(employer, day, lambda w: plans.create_plan(w, cmd))
        plan_id = found.id
        approver = as_participant_of(self.person)
        await self.s.do(approver, self.ago(day + 1), lambda w: plans.approve_plan(w, plan_id))
        await self.run("se-handlaggare", day + 2, lambda w: plans.activate_plan(w, plan_id))

    async def phase(self, day: int, phase: Phase) -> None:
        cmd = cases.UpdateCase(id=self.case_id, changes={"phase": phase})
        await self.run("se-handlaggare", day, lambda w: cases.update_case(w, cmd))

    async def intervention(self, day: int, kind: str, by: str, provider: str | None = None) -> None:
        """Proposed by `by` on day `day`, referred by the case officer two days later."""
        provider_id = self.s.actor_id(provider) if provider else None
        cmd = interventions.ProposeIntervention(
            self.case_id, kind, provider_id, self.day(day + 7), self.day(day + 90)
        )
        found = await self.run(by, day, lambda w: interventions.propose_intervention(w, cmd))
        gid = found.id
        refer = interventions.ChangeStatus(gid, InterventionStatus.REFERRED)
        await self.run("se-handlaggare", day + 2, lambda w: interventions.change_status(w, refer))


async def _open(
    s: Seeder, given: str, family: str, birth: str, employer: str | None, start: int
) -> tuple[Story, str]:
    register = participants.RegisterParticipant(
        jurisdiction=SE,
        given_name=given,
        family_name=family,
        preferred_language="sv",
        national_id=_personnummer(birth, "982"),
        email=f"{given}.{family}@{DEMO_DOMAIN}".lower().translate(_ASCII),
    )
    person = await s.do(
        s.who("se-handlaggare"), start, lambda w: participants.register_participant(w, register)
    )
    opening = cases.OpenCase(
        participant_id=person.id,
        employment_status=EmploymentStatus.EMPLOYED if employer else EmploymentStatus.UNEMPLOYED,
        employer_id=s.actor_id(employer) if employer else None,
        sick_leave_start=s.today - timedelta(days=start),
    )
    case = await s.do(s.who("se-handlaggare"), start, lambda w: cases.open_case(w, opening))
    story = Story(s, start, case, person)
    members = [
        "se-lakare",
        "se-rehabkoordinator",
        "se-fmr",
        f"{employer}-chef" if employer else "se-arbetsformedlare",
    ]
    for key in members:
        change = cases.TeamChange(story.case_id, s.actor_id(key), s.actors[key].stakeholder_type)
        await s.do(s.who("se-handlaggare"), start, partial(cases.add_team_member, cmd=change))
    return story, case.reference


async def _day_10(s: Seeder) -> str:
    """Employer period: certified on day 8, a short forecast, FK takes over in five days."""
    story, reference = await _open(s, "Ella", "Sjöberg", "19920412", "se-hamn", 9)
    await story.certificate(8, "S934", "Distorsion av fotled", [(100, 1, 21)])
    await story.sick(1, 21, 100)
    await story.command(
        "se-lakare", 8, "fkRecordExpectedDuration", expected_days=21, assessed_on=story.day(8)
    )
    return reference


async def _day_40(s: Seeder) -> str:
    """Depression, forecast 120 days on day 12: the employer's plan is overdue since day 30."""
    story, reference = await _open(s, "Johan", "Karlsson", "19791103", "se-skola", 39)
    await story.certificate(6, "F321", "Medelsvår depressiv episod", [(100, 1, 60)])
    await story.sick(1, 60, 100)
    await story.command(
        "se-lakare", 12, "fkRecordExpectedDuration", expected_days=120, assessed_on=story.day(12)
    )
    await story.sick_report("se-skola-chef", 16)
    await story.benefit(15, 100)
    return reference


async def _day_100(s: Seeder) -> str:
    """Back half time from day 60 under the employer's plan; the day 90 assessment is done, a
    reconciliation meeting the employer asked for agrees on work training, which is referred."""
    story, reference = await _open(s, "Fatima", "Ali", "19880220", "se-bageri", 99)
    await story.certificate(2, "M545", "Lumbago", [(100, 1, 59), (50, 60, 130)])
    await story.sick(1, 59, 100)
    await story.sick(60, 130, 50)
    await story.command(
        "se-lakare", 10, "fkRecordExpectedDuration", expected_days=150, assessed_on=story.day(10)
    )
    await story.sick_report("se-bageri-chef", 15)
    await story.benefit(15, 100, end=59)
    await story.benefit(60, 50)
    await story.plan("se-bageri-chef", 25, ((50, 60, 87), (75, 88, 115), (100, 116, 143)))
    await story.phase(60, Phase.RE_ENTRY)
    await story.capacity(85, "ANY_JOB_AT_EMPLOYER", 50)
    await story.command(
        "se-handlaggare", 80, "fkPlanReconciliationMeeting",
        planned_for=story.day(88), requested_by="EMPLOYER",
    )  # fmt: skip
    await story.command(
        "se-handlaggare", 88, "fkRecordReconciliationMeeting", meeting_number=1,
        held_on=story.day(88),
        participants=["INSURED_PERSON", "FORSAKRINGSKASSAN", "EMPLOYER", "DOCTOR"],
        outcome="Halvtid fungerar; arbetsträning hos extern arbetsgivare prövas för att bygga "
        "uthållighet inför heltid.",
        next_step="Rehabkoordinatorn remitterar till arbetsträning; arbetsgivaren följer upp "
        "planens steg till 75 %.",
        next_step_by="DOCTOR", next_step_due=story.day(110),
    )  # fmt: skip
    await story.intervention(90, "ARBETSTRANING", "se-rehabkoordinator", "se-arbetstraning")
    return reference


async def _day_200(s: Seeder) -> str:
    """Aged 64: the employer test continues after day 180, so no assessment against normally
    occurring work is due on day 180 (R23); work training referred at 0 % capacity is flagged."""
    story, reference = await _open(s, "Lars", "Persson", "19610905", "se-hamn", 199)
    await story.certificate(4, "I633", "Cerebral infarkt", [(100, 1, 240)])
    await story.sick(1, 240, 100)
    await story.command(
        "se-lakare", 10, "fkRecordExpectedDuration", expected_days=365, assessed_on=story.day(10)
    )
    await story.command(
        "se-hamn-chef", 28, "fkRecordEmployerPlan", decision="DRAWN_UP", on=story.day(28)
    )
    await story.sick_report("se-hamn-chef", 18)
    await story.benefit(15, 100)
    await story.capacity(88, "ANY_JOB_AT_EMPLOYER", 0)
    await story.intervention(150, "ARBETSTRANING", "se-rehabkoordinator", "se-arbetstraning")
    return reference


async def _day_400(s: Seeder) -> str:
    """Unemployed: assessed against normally occurring work from day 1; sickness benefit at the
    continuation level since day 365."""
    story, reference = await _open(s, "Sven", "Holm", "19750730", None, 399)
    await story.certificate(10, "F431", "Posttraumatiskt stressyndrom", [(100, 1, 90)])
    await story.sick(1, 90, 100)
    await story.sick(91, 270, 75)
    await story.sick(271, 420, 50)
    await story.benefit(2, 100, end=90)
    await story.benefit(91, 75, end=270)
    await story.benefit(271, 50)
    await story.capacity(100, "NORMALLY_OCCURRING_WORK", 25)
    await story.capacity(300, "NORMALLY_OCCURRING_WORK", 50)
    await story.phase(271, Phase.RE_ENTRY)
    await story.intervention(310, "ARBETSFORMEDLINGEN_STOD", "se-arbetsformedlare")
    return reference


async def seed(s: Seeder) -> list[str]:
    """The Swedish stories (the shared demo organisations need not exist)."""
    await _organisations(s)
    return [await story(s) for story in (_day_10, _day_40, _day_100, _day_200, _day_400)]
