"""The Norwegian demo caseload (NAV): five sick leaves at different stages, acted
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

Each story is one function that only runs the plugin's case commands and the core
services, so it can move into the plugin as it stands.

National ids and organisation numbers are made up, with valid control digits.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from vocrehab.core import assessments, benefits, cases, commands, interventions, participants
from vocrehab.core.principal import Principal
from vocrehab.demo.seeder import DEMO_DOMAIN, Seeder
from vocrehab.hooks.vocabulary import (
    ActorKind,
    EmploymentStatus,
    InterventionStatus,
    ReturnToWorkPhase,
)
from vocrehab.hooks.vocabulary import StakeholderType as R

__all__ = ["organisations", "seed"]

NO = "no"


async def organisations(s: Seeder) -> None:
    org, person = ActorKind.ORGANISATION, ActorKind.PERSON
    await s.actor("no-nav", org, R.CASE_MANAGER, "NAV Sagene (demo)")
    await s.actor("no-veileder", person, R.CASE_MANAGER, "Siri Bakken", "no-nav")
    await s.actor("no-legekontor", org, R.CLINICIAN, "Sagene legesenter (demo)")
    await s.actor("no-fastlege", person, R.CLINICIAN, "Dr. Leila Haddad", "no-legekontor")
    employers = (
        ("no-vestfjord", "Vestfjord Logistikk AS", "987654325", "Hanne Moen"),
        ("no-bakeriet", "Bakeriet på hjørnet AS", "876543214", "Per Aasen"),
        ("no-nordlys", "Nordlys Eiendomsdrift AS", "991122338", "Tone Vik"),
    )
    for key, name, number, manager in employers:
        await s.actor(key, org, R.EMPLOYER, name, jurisdiction=NO, organisation_number=number)
        await s.actor(f"{key}-leder", person, R.EMPLOYER, manager, key)
    await s.actor("no-fjellro", org, R.PROVIDER, "Fjellro Arbeidsrettet Rehabilitering AS",
                  jurisdiction=NO, organisation_number="923456783")  # fmt: skip
    await s.actor("no-fjellro-koordinator", person, R.PROVIDER, "Kjersti Lund", "no-fjellro")


# --------------------------------------------------------------------------- helpers


def _day(s: Seeder, days_ago: int) -> date:
    return s.today - timedelta(days=days_ago)


def _period(kind: str, fom: date, tom: date, grade: int | None = None) -> SimpleNamespace:
    return SimpleNamespace(type=kind, fom=fom, tom=tom, grade=grade, travel_grant=False,
                           treatment_days=None, advice_to_employer=None)  # fmt: skip


async def _command(
    s: Seeder, who: Principal, days_ago: int, cid: uuid.UUID, command_name: str, **fields: Any
) -> None:
    """Run one of the plugin's case commands, as the API would (fields as in its input)."""
    command = next(c for c in s.host.jurisdiction(NO).case_commands() if c.name == command_name)
    given = SimpleNamespace(case_id=cid, **fields)
    await s.do(who, days_ago, lambda w: commands.run_case_command(w, NO, command, cid, given))


async def _sick_note(
    s: Seeder,
    cid: uuid.UUID,
    days_ago: int,
    *periods: SimpleNamespace,
    justification: str | None = None,
) -> None:
    await _command(s, s.who("no-fastlege"), days_ago, cid, "navRecordSickNote",
                   signed_on=_day(s, days_ago), periods=list(periods), issuer_profession="LE",
                   justification=justification)  # fmt: skip


async def _phase(s: Seeder, cid: uuid.UUID, days_ago: int, phase: ReturnToWorkPhase) -> None:
    """The NAV adviser records the phase of return to work the sick notes show."""
    change = cases.UpdateCase(cid, {"phase": phase})
    await s.do(s.who("no-veileder"), days_ago, lambda w: cases.update_case(w, change))


async def _plan(
    s: Seeder, employer: str, cid: uuid.UUID, days_ago: int, status: str, **flags: bool
) -> None:
    await _command(s, s.who(f"{employer}-leder"), days_ago, cid, "navRecordFollowUpPlan",
                   status=status, on=_day(s, days_ago),
                   shared_with_sykmelder=flags.get("sykmelder", False),
                   shared_with_nav=flags.get("nav", False),
                   in_house_measures_not_possible=flags.get("in_house"))  # fmt: skip


async def _sick_pay(
    s: Seeder, cid: uuid.UUID, days_ago: int, first: date, degree: int, end: date | None = None
) -> uuid.UUID:
    grant = benefits.GrantBenefit(cid, "SYKEPENGER", degree, first, end)
    period = await s.do(s.who("no-veileder"), days_ago, lambda w: benefits.grant_benefit(w, grant))
    return period.id


async def _open(
    s: Seeder, given: str, family: str, national_id: str, employer: str | None, days: int
) -> tuple[str, uuid.UUID, date]:
    """Register the participant and open the case on its first day; the team joins."""
    veileder = s.who("no-veileder")
    register = participants.RegisterParticipant(
        jurisdiction=NO, given_name=given, family_name=family, national_id=national_id,
        preferred_language="nb", email=f"{given.lower()}.{family.lower()}@{DEMO_DOMAIN}",
    )  # fmt: skip
    person = await s.do(veileder, days, lambda w: participants.register_participant(w, register))
    start = _day(s, days)
    opening = cases.OpenCase(
        participant_id=person.id,
        employment_status=EmploymentStatus.EMPLOYED if employer else EmploymentStatus.UNEMPLOYED,
        employer_id=s.actor_id(employer) if employer else None, sick_leave_start=start,
    )  # fmt: skip
    case = await s.do(veileder, days, lambda w: cases.open_case(w, opening))
    cid = case.id
    for key in ("no-fastlege", *((f"{employer}-leder",) if employer else ())):
        change = cases.TeamChange(cid, s.actor_id(key), s.actors[key].stakeholder_type)
        await s.do(veileder, days, lambda w, c=change: cases.add_team_member(w, c))  # type: ignore[misc]
    return case.reference, cid, start


# --------------------------------------------------------------------------- the stories


async def _ingrid(s: Seeder) -> str:
    reference, cid, start = await _open(s, "Ingrid", "Solberg", "12039010036", "no-vestfjord", 10)
    await _sick_note(s, cid, 10, _period("AKTIVITET_IKKE_MULIG", start, start + timedelta(days=20)))
    return reference


async def _ola(s: Seeder) -> str:
    reference, cid, start = await _open(s, "Ola", "Nilsen", "04078820085", "no-bakeriet", 40)
    await _sick_note(s, cid, 40, _period("AKTIVITET_IKKE_MULIG", start, start + timedelta(days=13)),
                     _period("GRADERT", start + timedelta(days=14), start + timedelta(days=69), 50))  # fmt: skip
    await _sick_pay(s, cid, 23, start + timedelta(days=16), 50)
    await _plan(s, "no-bakeriet", cid, 30, "UNDER_ARBEID")
    await _plan(s, "no-bakeriet", cid, 15, "AKTIV", sykmelder=True)
    await _phase(s, cid, 26, ReturnToWorkPhase.RE_ENTRY)
    return reference


async def _sara(s: Seeder) -> str:
    """A note signed 12 days after its first day goes to NAV's review; the employer's meeting 1
    is held and its minutes written; graded leave from week 5 puts her back at work."""
    reference, cid, start = await _open(s, "Sara", "Lund", "17119430089", "no-bakeriet", 50)
    on = lambda n: start + timedelta(days=n)  # noqa: E731
    await _sick_note(s, cid, 38, _period("AKTIVITET_IKKE_MULIG", start, on(27)),
                     justification="Innlagt på sykehus, kunne ikke kontakte fastlegen")  # fmt: skip
    nav, leader = s.who("no-veileder"), s.who("no-bakeriet-leder")
    await _command(s, nav, 35, cid, "navReviewBackdating", note=0, decision="GODKJENT",
                   decided_on=_day(s, 35))  # fmt: skip
    await _sick_note(s, cid, 23, _period("GRADERT", on(28), on(69), 50))
    await _sick_pay(s, cid, 33, on(16), 100, on(27))
    await _sick_pay(s, cid, 22, on(28), 50)
    await _plan(s, "no-bakeriet", cid, 30, "UNDER_ARBEID")
    await _command(s, leader, 29, cid, "navRecordFollowUpTask", name="Baking på nattskift",
                   feasibility="KAN_IKKE", description="Ikke nattarbeid de første ukene")  # fmt: skip
    await _command(s, leader, 29, cid, "navRecordFollowUpTask", name="Betjening i butikken",
                   feasibility="TILRETTELEGGING", description="Korte vakter med pauser")  # fmt: skip
    await _command(s, leader, 28, cid, "navRecordFollowUpMeasure", name="Dagvakter, 50 %",
                   status="AVTALT", fom=on(28), tom=on(69), description="Fire timer om dagen",
                   reason_not_relevant=None)  # fmt: skip
    await _command(s, leader, 28, cid, "navRecordFollowUpMeasure", name="Hjemmekontor",
                   status="IKKE_AKTUELT", fom=None, tom=None, description=None,
                   reason_not_relevant="Arbeidet gjøres i bakeriet")  # fmt: skip
    await _plan(s, "no-bakeriet", cid, 27, "AKTIV", sykmelder=True)
    await _command(s, leader, 27, cid, "navScheduleDialogueMeeting", number=1, on=on(40),
                   invited_on=on(23))  # fmt: skip
    await _command(s, leader, 10, cid, "navCompleteDialogueMeeting", number=1, held_on=on(40))
    await _command(s, leader, 9, cid, "navWriteMeetingMinutes", number=1, written_on=on(41),
                   situation="Sara jobber 50 % på dagvakter og kjenner seg bedre.",
                   conclusion="Hun fortsetter på 50 % ut sykmeldingen og øker til 80 % deretter.",
                   employee_task="Si fra dersom dagvaktene blir for tunge.",
                   employer_task="Sette opp vaktliste med dagvakter og pauser.",
                   nav_task=None, sykmelder_task="Vurdere gradering ved neste kontroll.",
                   others=[SimpleNamespace(function="Verneombud", name="Kari Holm")],
                   change_reason=None)  # fmt: skip
    await _phase(s, cid, 22, ReturnToWorkPhase.RE_ENTRY)
    return reference


async def _arne(s: Seeder) -> str:
    reference, cid, start = await _open(s, "Arne", "Johansen", "04015830013", "no-nordlys", 60)
    await _sick_note(s, cid, 60, _period("AKTIVITET_IKKE_MULIG", start, start + timedelta(days=27)))
    await _sick_note(s, cid, 32, _period("AKTIVITET_IKKE_MULIG", start + timedelta(days=28),
                                         start + timedelta(days=75)))  # fmt: skip
    await _sick_pay(s, cid, 43, start + timedelta(days=16), 100)
    await _plan(s, "no-nordlys", cid, 35, "UNDER_ARBEID")  # never approved: overdue
    return reference


async def _fatima(s: Seeder) -> str:
    reference, cid, start = await _open(s, "Fatima", "Rahman", "23049540019", "no-vestfjord", 200)
    on = lambda n: start + timedelta(days=n)  # noqa: E731 (day n of the sick leave)
    await _sick_note(s, cid, 200, _period("AKTIVITET_IKKE_MULIG", start, on(27)))
    await _sick_note(s, cid, 172, _period("AKTIVITET_IKKE_MULIG", on(28), on(111)))
    await _sick_note(s, cid, 88, _period("AKTIVITET_IKKE_MULIG", on(112), on(159)))
    await _sick_note(s, cid, 40, _period("GRADERT", on(160), on(230), 40))
    await _sick_pay(s, cid, 183, on(16), 100, on(159))
    await _sick_pay(s, cid, 40, on(160), 40)
    await _phase(s, cid, 40, ReturnToWorkPhase.RE_ENTRY)
    await _plan(s, "no-vestfjord", cid, 195, "UNDER_ARBEID")
    await _plan(s, "no-vestfjord", cid, 180, "AKTIV", sykmelder=True, in_house=True)
    employer, nav = s.who("no-vestfjord-leder"), s.who("no-veileder")
    await _command(
        s, employer, 160, cid, "navScheduleDialogueMeeting", number=1, on=on(45), invited_on=on(40)
    )
    await _command(s, employer, 155, cid, "navCompleteDialogueMeeting", number=1, held_on=on(45))
    await _command(s, nav, 144, cid, "navAssessActivityRequirement", status="UNNTAK", assessed_on=on(56),
                   exception_reason="MEDISINSKE_GRUNNER", documented_by="SYKMELDER")  # fmt: skip
    await _rehabilitation(s, cid, on(85))
    await _command(
        s, nav, 50, cid, "navScheduleDialogueMeeting", number=2, on=on(175), invited_on=on(150)
    )
    await _plan(s, "no-vestfjord", cid, 33, "AKTIV", nav=True)  # the updated plan, a week ahead
    await _command(s, nav, 25, cid, "navCompleteDialogueMeeting", number=2, held_on=on(175))
    await _command(s, nav, 24, cid, "navWriteMeetingMinutes", number=2, written_on=on(176),
                   situation="Fatima har fullført arbeidsrettet rehabilitering og jobber 60 %.",
                   conclusion="Gradert sykmelding fortsetter; målet er full stilling innen uke 33.",
                   employee_task="Trappe opp etter planen og melde fra om behov.",
                   employer_task="Oppdatere oppfølgingsplanen med tiltakene for opptrappingen.",
                   nav_task="Følge opp aktivitet og maksdato.", sykmelder_task=None, others=[],
                   change_reason=None)  # fmt: skip
    return reference


async def _rehabilitation(s: Seeder, cid: uuid.UUID, begins: date) -> None:
    """ARR: suggested by the sykmelder, decided by NAV, delivered by the provider in 12 weeks."""
    days_ago = (s.today - begins).days
    provider = cases.TeamChange(cid, s.actor_id("no-fjellro-koordinator"), R.PROVIDER)
    await s.do(s.who("no-veileder"), days_ago + 10, lambda w: cases.add_team_member(w, provider))
    proposal = interventions.ProposeIntervention(
        case_id=cid, type_code="ARBEIDSRETTET_REHABILITERING", provider_id=s.actor_id("no-fjellro"),
        start_date=begins, planned_end_date=begins + timedelta(days=83), hours_per_week=15,
    )  # fmt: skip
    found = await s.do(s.who("no-fastlege"), days_ago + 15,
                       lambda w: interventions.propose_intervention(w, proposal))  # fmt: skip
    iid = found.id
    for who, ago, status, outcome in (
        ("no-veileder", days_ago + 10, InterventionStatus.REFERRED, None),
        ("no-fjellro-koordinator", days_ago, InterventionStatus.ACTIVE, None),
        ("no-fjellro-koordinator", days_ago - 83, InterventionStatus.COMPLETED,
         "Ready for a graded return at 60 % of usual hours"),
    ):  # fmt: skip
        change = interventions.ChangeStatus(iid, status, outcome=outcome)
        await s.do(s.who(who), ago, lambda w, c=change: interventions.change_status(w, c))  # type: ignore[misc]


async def _jonas(s: Seeder) -> str:
    reference, cid, start = await _open(s, "Jonas", "Berg", "08117915027", None, 300)
    on = lambda n: start + timedelta(days=n)  # noqa: E731
    await _sick_note(s, cid, 300, _period("AKTIVITET_IKKE_MULIG", start, on(89)))
    await _sick_note(s, cid, 210, _period("AKTIVITET_IKKE_MULIG", on(90), on(240)))
    period_id = await _sick_pay(s, cid, 284, on(16), 100)
    nav = s.who("no-veileder")
    await _command(s, nav, 244, cid, "navAssessActivityRequirement", status="UNNTAK", assessed_on=on(56),
                   exception_reason="MEDISINSKE_GRUNNER", documented_by="SYKMELDER")  # fmt: skip
    assessment = assessments.RecordAssessment(
        case_id=cid, kind="ARBEIDSEVNEVURDERING", assessed_at=on(230), work_capacity_percent=40,
        diagnoses=[assessments.Diagnosis("ICPC-2", "P76", "Depressive disorder")],
        summary="Work capacity reduced by more than half; needs follow-up towards work",
    )  # fmt: skip
    await s.do(s.who("no-fastlege"), 70, lambda w: assessments.record_assessment(w, assessment))
    ending = benefits.EndBenefit(period_id, on(240))
    await s.do(nav, 61, lambda w: benefits.end_benefit(w, ending))
    grant = benefits.GrantBenefit(cid, "ARBEIDSAVKLARINGSPENGER", 100, on(241))
    await s.do(nav, 59, lambda w: benefits.grant_benefit(w, grant))
    ips = interventions.ProposeIntervention(cid, "IPS", start_date=on(250), hours_per_week=10)
    found = await s.do(nav, 55, lambda w: interventions.propose_intervention(w, ips))
    iid = found.id
    for ago, status in ((54, InterventionStatus.REFERRED), (50, InterventionStatus.ACTIVE)):
        change = interventions.ChangeStatus(iid, status)
        await s.do(nav, ago, lambda w, c=change: interventions.change_status(w, c))  # type: ignore[misc]
    return reference


async def seed(s: Seeder) -> list[str]:
    """The Norwegian organisations and stories."""
    await organisations(s)
    return [await story(s) for story in (_ingrid, _ola, _sara, _arne, _fatima, _jonas)]
