"""The Norwegian demo caseload (NAV): seven sick leaves at different stages, acted
out by the people who would make each change (the sykmelder writes the sick
notes, the employer the follow-up plan, the NAV adviser the decisions), so that
GraphiQL shows the follow-up timeline met, due and overdue, a rule violation,
and the orientation map in bokmål (`orientation(lang: "nb")`).

| story   | days on leave | what it shows                                                  |
|---------|---------------|----------------------------------------------------------------|
| Ingrid  | 10            | the employer period running, the plan and meetings ahead       |
| Ola     | 40            | graded leave: activity met, dialogue meeting 1 not required    |
| Sara    | 50            | a backdated note reviewed by NAV; plan tasks and measures;     |
|         |               | dialogue meeting 1 held with its minutes; back at work, graded |
| Arne    | 60            | aged 68 (60 sick-pay days); plan, meeting 1 and week 8 overdue |
| Fatima  | 200           | everything on time: exception, ARR, dialogue meeting 2 held    |
| Jonas   | 300           | unemployed: sykepenger ended, AAP running                      |
| Kari    | 6             | the self-certified days over: the GP's sick note is due        |

National ids and organisation numbers are made up, with valid control digits.
"""

from __future__ import annotations

from typing import Any

from vocrehab.hooks import ActorKind, InterventionStatus, ReturnToWorkPhase, demo
from vocrehab.hooks import StakeholderType as R
from vocrehab.hooks.demo import Ago

__all__ = ["nav_demo"]

ORG, PERSON = ActorKind.ORGANISATION, ActorKind.PERSON
DOMAIN = "demo.vocrehab.example"
NAV, GP = "no-veileder", "no-fastlege"


def _actors() -> list[demo.DemoActor]:
    found = [
        demo.DemoActor("no-nav", ORG, R.CASE_MANAGER, "NAV Sagene (demo)"),
        demo.DemoActor(NAV, PERSON, R.CASE_MANAGER, "Siri Bakken", "no-nav",
                       token="Norway: NAV case manager"),
        demo.DemoActor("no-legekontor", ORG, R.CLINICIAN, "Sagene legesenter (demo)"),
        demo.DemoActor(GP, PERSON, R.CLINICIAN, "Dr. Leila Haddad", "no-legekontor",
                       token="Norway: GP"),
    ]  # fmt: skip
    for key, name, number, manager in (
        ("no-vestfjord", "Vestfjord Logistikk AS", "987654325", "Hanne Moen"),
        ("no-bakeriet", "Bakeriet på hjørnet AS", "876543214", "Per Aasen"),
        ("no-nordlys", "Nordlys Eiendomsdrift AS", "991122338", "Tone Vik"),
    ):
        token = "Norway: employer" if key == "no-vestfjord" else None
        found.append(demo.DemoActor(key, ORG, R.EMPLOYER, name, organisation_number=number))
        found.append(demo.DemoActor(f"{key}-leder", PERSON, R.EMPLOYER, manager, key, token=token))
    return [
        *found,
        demo.DemoActor("no-fjellro", ORG, R.PROVIDER, "Fjellro Arbeidsrettet Rehabilitering AS",
                       organisation_number="923456783"),
        demo.DemoActor("no-fjellro-koordinator", PERSON, R.PROVIDER, "Kjersti Lund", "no-fjellro"),
    ]  # fmt: skip


def _period(kind: str, fom: Ago, tom: Ago, grade: int | None = None) -> dict[str, Any]:
    return {"type": kind, "fom": fom, "tom": tom, "grade": grade, "travel_grant": False,
            "treatment_days": None, "advice_to_employer": None}  # fmt: skip


class _Leave:
    """One sick leave that began `days` days ago, as its steps are written down."""

    def __init__(self, given: str, family: str, national_id: str, employer: str | None, days: int):
        self.days, self.employer = days, employer
        self.person = demo.DemoPerson(
            given, family, national_id, "nb", email=f"{given.lower()}.{family.lower()}@{DOMAIN}"
        )
        self.opening = demo.OpenCase(by=NAV, at=days, employer=employer, sick_leave_start=Ago(days))
        members = (GP, *((f"{employer}-leder",) if employer else ()))
        self.steps: list[demo.Step] = [
            demo.AddTeamMember(by=NAV, at=days, member=key) for key in members
        ]

    def on(self, n: int) -> Ago:
        """Day n of the sick leave (day 0 is the first)."""
        return Ago(self.days - n)

    def story(self) -> demo.DemoStory:
        return demo.DemoStory(self.person, self.opening, tuple(self.steps))

    def command(self, who: str, at: int, command: str, /, **fields: Any) -> None:
        self.steps.append(demo.RunCommand(by=who, at=at, name=command, fields=fields))

    def sick_note(
        self, at: int, *periods: dict[str, Any], justification: str | None = None
    ) -> None:
        self.command(GP, at, "navRecordSickNote", signed_on=Ago(at), periods=list(periods),
                     issuer_profession="LE", justification=justification)  # fmt: skip

    def phase(self, at: int, phase: ReturnToWorkPhase) -> None:
        """The NAV adviser records the phase of return to work the sick notes show."""
        self.steps.append(demo.UpdateCase(by=NAV, at=at, phase=phase))

    def plan(self, at: int, status: str, sykmelder: bool = False, nav: bool = False,
             in_house: bool | None = None) -> None:  # fmt: skip
        assert self.employer is not None
        self.command(f"{self.employer}-leder", at, "navRecordFollowUpPlan", status=status,
                     on=Ago(at), shared_with_sykmelder=sykmelder, shared_with_nav=nav,
                     in_house_measures_not_possible=in_house)  # fmt: skip

    def sick_pay(self, at: int, first: Ago, degree: int, end: Ago | None = None) -> None:
        self.steps.append(demo.GrantBenefit(by=NAV, at=at, benefit_type="SYKEPENGER",
                                            degree=degree, start=first, end=end, key=f"sp{at}"))  # fmt: skip

    def status(self, who: str, at: int, intervention: str, status: InterventionStatus,
               outcome: str | None = None) -> None:  # fmt: skip
        self.steps.append(demo.ChangeInterventionStatus(
            by=who, at=at, intervention=intervention, status=status, outcome=outcome))  # fmt: skip


# --------------------------------------------------------------------------- the stories


def _ingrid() -> demo.DemoStory:
    leave = _Leave("Ingrid", "Solberg", "12039010036", "no-vestfjord", 10)
    leave.sick_note(10, _period("AKTIVITET_IKKE_MULIG", leave.on(0), leave.on(20)))
    return leave.story()


def _ola() -> demo.DemoStory:
    leave = _Leave("Ola", "Nilsen", "04078820085", "no-bakeriet", 40)
    on = leave.on
    leave.sick_note(40, _period("AKTIVITET_IKKE_MULIG", on(0), on(13)),
                    _period("GRADERT", on(14), on(69), 50))  # fmt: skip
    leave.sick_pay(23, on(16), 50)
    leave.plan(30, "UNDER_ARBEID")
    leave.plan(15, "AKTIV", sykmelder=True)
    leave.phase(26, ReturnToWorkPhase.RE_ENTRY)
    return leave.story()


def _sara() -> demo.DemoStory:
    """A note signed 12 days after its first day goes to NAV's review; the employer's meeting 1
    is held and its minutes written; graded leave from week 5 puts her back at work."""
    leave = _Leave("Sara", "Lund", "17119430089", "no-bakeriet", 50)
    on, leader = leave.on, "no-bakeriet-leder"
    leave.sick_note(38, _period("AKTIVITET_IKKE_MULIG", on(0), on(27)),
                    justification="Innlagt på sykehus, kunne ikke kontakte fastlegen")  # fmt: skip
    leave.command(NAV, 35, "navReviewBackdating", note=0, decision="GODKJENT", decided_on=Ago(35))
    leave.sick_note(23, _period("GRADERT", on(28), on(69), 50))
    leave.sick_pay(33, on(16), 100, on(27))
    leave.sick_pay(22, on(28), 50)
    leave.plan(30, "UNDER_ARBEID")
    leave.command(leader, 29, "navRecordFollowUpTask", name="Baking på nattskift",
                  feasibility="KAN_IKKE", description="Ikke nattarbeid de første ukene")  # fmt: skip
    leave.command(leader, 29, "navRecordFollowUpTask", name="Betjening i butikken",
                  feasibility="TILRETTELEGGING", description="Korte vakter med pauser")  # fmt: skip
    leave.command(leader, 28, "navRecordFollowUpMeasure", name="Dagvakter, 50 %",
                  status="AVTALT", fom=on(28), tom=on(69), description="Fire timer om dagen",
                  reason_not_relevant=None)  # fmt: skip
    leave.command(leader, 28, "navRecordFollowUpMeasure", name="Hjemmekontor",
                  status="IKKE_AKTUELT", fom=None, tom=None, description=None,
                  reason_not_relevant="Arbeidet gjøres i bakeriet")  # fmt: skip
    leave.plan(27, "AKTIV", sykmelder=True)
    leave.command(leader, 27, "navScheduleDialogueMeeting", number=1, on=on(40), invited_on=on(23))
    leave.command(leader, 10, "navCompleteDialogueMeeting", number=1, held_on=on(40))
    leave.command(leader, 9, "navWriteMeetingMinutes", number=1, written_on=on(41),
                  situation="Sara jobber 50 % på dagvakter og kjenner seg bedre.",
                  conclusion="Hun fortsetter på 50 % ut sykmeldingen og øker til 80 % deretter.",
                  employee_task="Si fra dersom dagvaktene blir for tunge.",
                  employer_task="Sette opp vaktliste med dagvakter og pauser.",
                  nav_task=None, sykmelder_task="Vurdere gradering ved neste kontroll.",
                  others=[{"function": "Verneombud", "name": "Kari Holm"}],
                  change_reason=None)  # fmt: skip
    leave.phase(22, ReturnToWorkPhase.RE_ENTRY)
    return leave.story()


def _arne() -> demo.DemoStory:
    leave = _Leave("Arne", "Johansen", "04015830013", "no-nordlys", 60)
    on = leave.on
    leave.sick_note(60, _period("AKTIVITET_IKKE_MULIG", on(0), on(27)))
    leave.sick_note(32, _period("AKTIVITET_IKKE_MULIG", on(28), on(75)))
    leave.sick_pay(43, on(16), 100)
    leave.plan(35, "UNDER_ARBEID")  # never approved: overdue
    return leave.story()


def _fatima() -> demo.DemoStory:
    leave = _Leave("Fatima", "Rahman", "23049540019", "no-vestfjord", 200)
    on, employer = leave.on, "no-vestfjord-leder"
    leave.sick_note(200, _period("AKTIVITET_IKKE_MULIG", on(0), on(27)))
    leave.sick_note(172, _period("AKTIVITET_IKKE_MULIG", on(28), on(111)))
    leave.sick_note(88, _period("AKTIVITET_IKKE_MULIG", on(112), on(159)))
    leave.sick_note(40, _period("GRADERT", on(160), on(230), 40))
    leave.sick_pay(183, on(16), 100, on(159))
    leave.sick_pay(40, on(160), 40)
    leave.phase(40, ReturnToWorkPhase.RE_ENTRY)
    leave.plan(195, "UNDER_ARBEID")
    leave.plan(180, "AKTIV", sykmelder=True, in_house=True)
    leave.command(employer, 160, "navScheduleDialogueMeeting", number=1, on=on(45),
                  invited_on=on(40))  # fmt: skip
    leave.command(employer, 155, "navCompleteDialogueMeeting", number=1, held_on=on(45))
    leave.command(NAV, 144, "navAssessActivityRequirement", status="UNNTAK", assessed_on=on(56),
                  exception_reason="MEDISINSKE_GRUNNER", documented_by="SYKMELDER")  # fmt: skip
    _rehabilitation(leave, 200 - 85)
    leave.command(NAV, 50, "navScheduleDialogueMeeting", number=2, on=on(175), invited_on=on(150))
    leave.plan(33, "AKTIV", nav=True)  # the updated plan, a week ahead
    leave.command(NAV, 25, "navCompleteDialogueMeeting", number=2, held_on=on(175))
    leave.command(NAV, 24, "navWriteMeetingMinutes", number=2, written_on=on(176),
                  situation="Fatima har fullført arbeidsrettet rehabilitering og jobber 60 %.",
                  conclusion="Gradert sykmelding fortsetter; målet er full stilling innen uke 33.",
                  employee_task="Trappe opp etter planen og melde fra om behov.",
                  employer_task="Oppdatere oppfølgingsplanen med tiltakene for opptrappingen.",
                  nav_task="Følge opp aktivitet og maksdato.", sykmelder_task=None, others=[],
                  change_reason=None)  # fmt: skip
    return leave.story()


def _rehabilitation(leave: _Leave, begins: int) -> None:
    """ARR `begins` days ago: suggested by the sykmelder, decided by NAV, delivered by the
    provider in 12 weeks."""
    provider = "no-fjellro-koordinator"
    leave.steps += [
        demo.AddTeamMember(by=NAV, at=begins + 10, member=provider),
        demo.ProposeIntervention(
            by=GP, at=begins + 15, type_code="ARBEIDSRETTET_REHABILITERING",
            provider="no-fjellro", start=Ago(begins), planned_end=Ago(begins - 83),
            hours_per_week=15, key="arr",
        ),
    ]  # fmt: skip
    leave.status(NAV, begins + 10, "arr", InterventionStatus.REFERRED)
    leave.status(provider, begins, "arr", InterventionStatus.ACTIVE)
    leave.status(provider, begins - 83, "arr", InterventionStatus.COMPLETED,
                 "Ready for a graded return at 60 % of usual hours")  # fmt: skip


def _jonas() -> demo.DemoStory:
    leave = _Leave("Jonas", "Berg", "08117915027", None, 300)
    on = leave.on
    leave.sick_note(300, _period("AKTIVITET_IKKE_MULIG", on(0), on(89)))
    leave.sick_note(210, _period("AKTIVITET_IKKE_MULIG", on(90), on(240)))
    leave.sick_pay(284, on(16), 100)
    leave.command(NAV, 244, "navAssessActivityRequirement", status="UNNTAK", assessed_on=on(56),
                  exception_reason="MEDISINSKE_GRUNNER", documented_by="SYKMELDER")  # fmt: skip
    leave.steps += [
        demo.RecordAssessment(
            by=GP, at=70, kind="ARBEIDSEVNEVURDERING", assessed_at=on(230),
            work_capacity_percent=40,
            diagnoses=(demo.Diagnosis("ICPC-2", "P76", "Depressive disorder"),),
            summary="Work capacity reduced by more than half; needs follow-up towards work",
        ),
        demo.EndBenefit(by=NAV, at=61, period="sp284", end=on(240)),
        demo.GrantBenefit(by=NAV, at=59, benefit_type="ARBEIDSAVKLARINGSPENGER", degree=100,
                          start=on(241)),
        demo.ProposeIntervention(by=NAV, at=55, type_code="IPS", start=on(250),
                                 hours_per_week=10, key="ips"),
    ]  # fmt: skip
    leave.status(NAV, 54, "ips", InterventionStatus.REFERRED)
    leave.status(NAV, 50, "ips", InterventionStatus.ACTIVE)
    return leave.story()


def _kari() -> demo.DemoStory:
    """Off sick since last week: the self-certified days are over and the GP's sick note is
    the step waiting."""
    return _Leave("Kari", "Haugen", "21039712358", "no-nordlys", 6).story()


def nav_demo() -> demo.Demo:
    stories = (_ingrid, _ola, _sara, _arne, _fatima, _jonas, _kari)
    return demo.Demo(tuple(_actors()), tuple(story() for story in stories))
