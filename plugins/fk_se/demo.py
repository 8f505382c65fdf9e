"""The Swedish demo caseload (Försäkringskassan): six sick leaves along the
rehabilitation chain, at day 5, 10, 40, 100, 200 and 400, acted out by the people
who would make each change (the doctor certifies, the employer reports and
plans, Försäkringskassan grants and assesses), so that GraphiQL shows
milestones met, due and overdue, rule violations and the orientation map in
Swedish (`orientation(lang: "sv")`).

Numbers are made up: personnummer and organisation numbers get a valid Luhn
check digit, for people and companies that do not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vocrehab.hooks import ActorKind, InterventionStatus, demo
from vocrehab.hooks import ReturnToWorkPhase as Phase
from vocrehab.hooks import StakeholderType as R
from vocrehab.hooks.demo import Ago
from vocrehab_fk_se.luhn import check_digit

__all__ = ["fk_demo"]

ORG, PERSON = ActorKind.ORGANISATION, ActorKind.PERSON
DOMAIN = "demo.vocrehab.example"
FK, DOCTOR = "se-handlaggare", "se-lakare"
_ASCII = str.maketrans("åäö", "aao")
Grades = Sequence[tuple[int, int, int]]
"""(percent, first day, last day) of the case: a certificate's periods or a plan's steps."""


def _personnummer(birth: str, number: str) -> str:
    return f"{birth}-{number}{check_digit(birth[2:] + number)}"


def _organisation_number(nine: str) -> str:
    return f"{nine[:6]}-{nine[6:]}{check_digit(nine)}"


def _actors() -> list[demo.DemoActor]:
    found = [
        demo.DemoActor("se-fk", ORG, R.CASE_MANAGER,
                       "Försäkringskassan, lokalt försäkringscenter Göteborg"),
        demo.DemoActor(FK, PERSON, R.CASE_MANAGER, "Karin Ek", "se-fk",
                       token="Sweden: FK case manager"),
        demo.DemoActor("se-fmr", PERSON, R.CLINICIAN,
                       "Dr. Eva Lund (försäkringsmedicinsk rådgivare)", "se-fk"),
        demo.DemoActor("se-vc", ORG, R.CLINICIAN, "Vårdcentralen Majorna"),
        demo.DemoActor(DOCTOR, PERSON, R.CLINICIAN, "Dr. Omar Said", "se-vc",
                       token="Sweden: doctor"),
        demo.DemoActor("se-rehabkoordinator", PERSON, R.REHAB_COORDINATOR, "Sara Nyström", "se-vc"),
        demo.DemoActor("se-af", ORG, R.EMPLOYMENT_OFFICER, "Arbetsförmedlingen Göteborg"),
        demo.DemoActor("se-arbetsformedlare", PERSON, R.EMPLOYMENT_OFFICER, "Ali Hassan", "se-af"),
        demo.DemoActor("se-arbetstraning", ORG, R.PROVIDER, "Arbetsträning Väst AB"),
    ]  # fmt: skip
    for key, name, number, contact in (
        ("se-hamn", "Hamnlogistik Göteborg AB", "556123456", "Lena Berg"),
        ("se-skola", "Västra Frölunda skolförvaltning", "212345678", "Per Holm"),
        ("se-bageri", "Bageriet Majorna ekonomisk förening", "769612345", "Mona Saleh"),
    ):
        token = "Sweden: employer" if key == "se-hamn" else None
        found += [
            demo.DemoActor(key, ORG, R.EMPLOYER, name,
                           organisation_number=_organisation_number(number)),
            demo.DemoActor(f"{key}-chef", PERSON, R.EMPLOYER, contact, key, token=token),
        ]  # fmt: skip
    return found


class _Case:
    """One case as it unfolds, opened `start` days ago; its day 1 is the first day."""

    def __init__(self, given: str, family: str, birth: str, employer: str | None, start: int):
        self.start, self.employed = start, employer is not None
        self.person = demo.DemoPerson(
            given, family, _personnummer(birth, "982"), "sv",
            email=f"{given}.{family}@{DOMAIN}".lower().translate(_ASCII),
        )  # fmt: skip
        self.opening = demo.OpenCase(
            by=FK, at=start, employer=employer, sick_leave_start=Ago(start)
        )
        members = [DOCTOR, "se-rehabkoordinator", "se-fmr",
                   f"{employer}-chef" if employer else "se-arbetsformedlare"]  # fmt: skip
        self.steps: list[demo.Step] = [
            demo.AddTeamMember(by=FK, at=start, member=key) for key in members
        ]

    def story(self) -> demo.DemoStory:
        return demo.DemoStory(self.person, self.opening, tuple(self.steps))

    def ago(self, day: int) -> int:
        return self.start - (day - 1)

    def day(self, day: int) -> Ago:
        return Ago(self.ago(day))

    def command(self, who: str, day: int, command: str, /, **fields: Any) -> None:
        self.steps.append(demo.RunCommand(by=who, at=self.ago(day), name=command, fields=fields))

    def sick(self, first: int, last: int, degree: int) -> None:
        self.command(DOCTOR, first, "fkRecordSickPeriod", degree=degree,
                     start=self.day(first), end=self.day(last))  # fmt: skip

    def sick_report(self, employer: str, day: int) -> None:
        """The employer's report to Försäkringskassan that the leave goes on after day 14."""
        self.command(employer, day, "fkRecordEmployerSickReport", reported_on=self.day(day))

    def expected(self, day: int, days: int) -> None:
        self.command(DOCTOR, day, "fkRecordExpectedDuration", expected_days=days,
                     assessed_on=self.day(day))  # fmt: skip

    def certificate(self, day: int, code: str, text: str, grades: Grades) -> None:
        """An FK 7804 from the health centre's doctor, with the sick-leave periods `grades`."""
        fk7804: dict[str, Any] = {
            "grundForMU": {"undersokningAvPatienten": self.day(day)},
            "sjukskrivningar": [
                {"grad": g, "from": self.day(a), "tom": self.day(b)} for g, a, b in grades
            ],
            "prognos": {"typ": "PROGNOS_OKLAR"},
            "arbetslivsinriktadeAtgarder": ["ARBETSANPASSNING"],
            "sysselsattning": ["NUVARANDE_ARBETE" if self.employed else "ARBETSSOKANDE"],
        }
        if self.employed:
            fk7804["nuvarandeArbete"] = "Enligt anställningen"
        if any(g < 100 for g, _, _ in grades):
            fk7804["arbetstidsforlaggning"] = False
        self.steps.append(demo.RecordAssessment(
            by=DOCTOR, at=self.ago(day), kind="se.FK7804", assessed_at=self.day(day),
            diagnoses=(demo.Diagnosis("ICD-10-SE", code, text),),
            functional_limitations="Nedsatt uthållighet och koncentration",
            activity_limitations="Klarar inte ordinarie arbetsuppgifter på heltid",
            details={"fk7804": fk7804},
        ))  # fmt: skip

    def capacity(self, day: int, basis: str, percent: int) -> None:
        """Försäkringskassan's assessment in the rehabilitation chain, by its physician."""
        self.steps.append(demo.RecordAssessment(
            by="se-fmr", at=self.ago(day), kind="se.WORK_CAPACITY", assessed_at=self.day(day),
            work_capacity_percent=percent, details={"basis": basis},
        ))  # fmt: skip

    def benefit(self, day: int, degree: int, end: int | None = None) -> None:
        self.steps.append(demo.GrantBenefit(
            by=FK, at=self.ago(day), benefit_type="SJUKPENNING", degree=degree,
            start=self.day(day), end=self.day(end) if end else None,
        ))  # fmt: skip

    def plan(self, employer: str, day: int, steps: Grades) -> None:
        """The employer drafts the plan for return to work; the insured person approves it
        the next day and the case officer activates it the day after."""
        self.steps += [
            demo.CreatePlan(
                by=employer, at=self.ago(day), title="Plan för återgång i arbete",
                steps=[demo.PlanStep(self.day(a), self.day(b), p) for p, a, b in steps],
                goal="Tillbaka i det egna arbetet på heltid", key="plan",
            ),
            demo.ApprovePlan(by=demo.PARTICIPANT, at=self.ago(day + 1), plan="plan"),
            demo.ActivatePlan(by=FK, at=self.ago(day + 2), plan="plan"),
        ]  # fmt: skip

    def phase(self, day: int, phase: Phase) -> None:
        self.steps.append(demo.UpdateCase(by=FK, at=self.ago(day), phase=phase))

    def intervention(self, day: int, kind: str, by: str, provider: str | None = None) -> None:
        """Proposed by `by` on day `day`, referred by the case officer two days later."""
        self.steps += [
            demo.ProposeIntervention(by=by, at=self.ago(day), type_code=kind, provider=provider,
                                     start=self.day(day + 7), planned_end=self.day(day + 90),
                                     key=kind),
            demo.ChangeInterventionStatus(by=FK, at=self.ago(day + 2), intervention=kind,
                                          status=InterventionStatus.REFERRED),
        ]  # fmt: skip


def _day_10() -> demo.DemoStory:
    """Employer period: certified on day 8, a short forecast, FK takes over in five days."""
    case = _Case("Ella", "Sjöberg", "19920412", "se-hamn", 9)
    case.certificate(8, "S934", "Distorsion av fotled", [(100, 1, 21)])
    case.sick(1, 21, 100)
    case.expected(8, 21)
    return case.story()


def _day_40() -> demo.DemoStory:
    """Depression, forecast 120 days on day 12: the employer's plan is overdue since day 30."""
    case = _Case("Johan", "Karlsson", "19791103", "se-skola", 39)
    case.certificate(6, "F321", "Medelsvår depressiv episod", [(100, 1, 60)])
    case.sick(1, 60, 100)
    case.expected(12, 120)
    case.sick_report("se-skola-chef", 16)
    case.benefit(15, 100)
    return case.story()


def _day_100() -> demo.DemoStory:
    """Back half time from day 60 under the employer's plan; the day 90 assessment is done, a
    reconciliation meeting the employer asked for agrees on work training, which is referred."""
    case = _Case("Fatima", "Ali", "19880220", "se-bageri", 99)
    case.certificate(2, "M545", "Lumbago", [(100, 1, 59), (50, 60, 130)])
    case.sick(1, 59, 100)
    case.sick(60, 130, 50)
    case.expected(10, 150)
    case.sick_report("se-bageri-chef", 15)
    case.benefit(15, 100, end=59)
    case.benefit(60, 50)
    case.plan("se-bageri-chef", 25, ((50, 60, 87), (75, 88, 115), (100, 116, 143)))
    case.phase(60, Phase.RE_ENTRY)
    case.capacity(85, "ANY_JOB_AT_EMPLOYER", 50)
    case.command(FK, 80, "fkPlanReconciliationMeeting", planned_for=case.day(88),
                 requested_by="EMPLOYER")  # fmt: skip
    case.command(
        FK, 88, "fkRecordReconciliationMeeting", meeting_number=1, held_on=case.day(88),
        participants=["INSURED_PERSON", "FORSAKRINGSKASSAN", "EMPLOYER", "DOCTOR"],
        outcome="Halvtid fungerar; arbetsträning hos extern arbetsgivare prövas för att bygga "
        "uthållighet inför heltid.",
        next_step="Rehabkoordinatorn remitterar till arbetsträning; arbetsgivaren följer upp "
        "planens steg till 75 %.",
        next_step_by="DOCTOR", next_step_due=case.day(110),
    )  # fmt: skip
    case.intervention(90, "ARBETSTRANING", "se-rehabkoordinator", "se-arbetstraning")
    return case.story()


def _day_200() -> demo.DemoStory:
    """Aged 64: the employer test continues after day 180, so no assessment against normally
    occurring work is due on day 180 (R23); work training referred at 0 % capacity is flagged."""
    case = _Case("Lars", "Persson", "19610905", "se-hamn", 199)
    case.certificate(4, "I633", "Cerebral infarkt", [(100, 1, 240)])
    case.sick(1, 240, 100)
    case.expected(10, 365)
    case.command("se-hamn-chef", 28, "fkRecordEmployerPlan", decision="DRAWN_UP", on=case.day(28))
    case.sick_report("se-hamn-chef", 18)
    case.benefit(15, 100)
    case.capacity(88, "ANY_JOB_AT_EMPLOYER", 0)
    case.intervention(150, "ARBETSTRANING", "se-rehabkoordinator", "se-arbetstraning")
    return case.story()


def _day_400() -> demo.DemoStory:
    """Unemployed: assessed against normally occurring work from day 1; sickness benefit at the
    continuation level since day 365."""
    case = _Case("Sven", "Holm", "19750730", None, 399)
    case.certificate(10, "F431", "Posttraumatiskt stressyndrom", [(100, 1, 90)])
    case.sick(1, 90, 100)
    case.sick(91, 270, 75)
    case.sick(271, 420, 50)
    case.benefit(2, 100, end=90)
    case.benefit(91, 75, end=270)
    case.benefit(271, 50)
    case.capacity(100, "NORMALLY_OCCURRING_WORK", 25)
    case.capacity(300, "NORMALLY_OCCURRING_WORK", 50)
    case.phase(271, Phase.RE_ENTRY)
    case.intervention(310, "ARBETSFORMEDLINGEN_STOD", "se-arbetsformedlare")
    return case.story()


def _day_5() -> demo.DemoStory:
    """Just off sick: the doctor's certificate is due on day 8."""
    return _Case("Nora", "Lindqvist", "19950118", "se-bageri", 5).story()


def fk_demo() -> demo.Demo:
    stories = (_day_10, _day_40, _day_100, _day_200, _day_400, _day_5)
    return demo.Demo(tuple(_actors()), tuple(story() for story in stories))
