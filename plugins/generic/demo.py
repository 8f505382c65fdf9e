"""The generic demo caseload: eight cases in every phase, each with a full team,
acted out by the stakeholders who would make each change (`vocrehab.hooks.demo`).

| story  | days | what it shows                                                     |
|--------|------|-------------------------------------------------------------------|
| Ada    | 6    | a case just opened: the team joins, nothing assessed yet          |
| Ben    | 45   | off work: assessed, benefit granted, the employer's draft plan    |
| Chloe  | 80   | back at work part time under an active plan and a work trial      |
| Daniel | 120  | unemployed, with an IPS provider                                  |
| Eva    | 200  | retention                                                         |
| Farid  | 300  | advancement: the work trial completed                             |
| Greta  | 150  | on hold                                                           |
| Hugo   | 380  | closed after three months back at work                            |
"""

from __future__ import annotations

from dataclasses import dataclass

from vocrehab.hooks import ActorKind, CaseStatus, InterventionStatus, ReturnToWorkPhase, demo
from vocrehab.hooks import StakeholderType as R
from vocrehab.hooks.demo import Ago

__all__ = ["generic_demo"]

ORG, PERSON = ActorKind.ORGANISATION, ActorKind.PERSON
DOMAIN = "demo.vocrehab.example"  # reserved for examples (RFC 2606): mail goes nowhere

ACTORS = (
    demo.DemoActor("office", ORG, R.CASE_MANAGER, "Social Insurance Office (demo)"),
    demo.DemoActor("casemanager", PERSON, R.CASE_MANAGER, "Maria Lind", "office",
                   token="Case manager", login="case-manager"),
    demo.DemoActor("casemanager2", PERSON, R.CASE_MANAGER, "Jonas Berg", "office"),
    demo.DemoActor("clinic", ORG, R.CLINICIAN, "Riverside Health Centre"),
    demo.DemoActor("gp", PERSON, R.CLINICIAN, "Dr. Amina Yusuf", "clinic",
                   token="Clinician", login="clinician"),
    demo.DemoActor("psychiatrist", PERSON, R.CLINICIAN, "Dr. Erik Holm", "clinic"),
    demo.DemoActor("coordinator", PERSON, R.REHAB_COORDINATOR, "Sofia Nyberg", "clinic",
                   token="Rehab coordinator", login="rehab-coordinator"),
    demo.DemoActor("employment", ORG, R.EMPLOYMENT_OFFICER, "Public Employment Service (demo)"),
    demo.DemoActor("officer", PERSON, R.EMPLOYMENT_OFFICER, "Lars Dahl", "employment",
                   token="Employment officer", login="employment-officer"),
    demo.DemoActor("ips", ORG, R.PROVIDER, "Bridge IPS Team", machine=True),
    demo.DemoActor("specialist", PERSON, R.PROVIDER, "Nora Aas", "ips",
                   token="Provider", login="provider"),
    demo.DemoActor("rehab", ORG, R.PROVIDER, "WorkFit Rehabilitation"),
    demo.DemoActor("harbour", ORG, R.EMPLOYER, "Harbour Logistics Ltd"),
    demo.DemoActor("harbour-manager", PERSON, R.EMPLOYER, "Peter Sand", "harbour",
                   token="Employer", login="employer"),
    demo.DemoActor("bakery", ORG, R.EMPLOYER, "City Bakery Co-op"),
    demo.DemoActor("bakery-manager", PERSON, R.EMPLOYER, "Ingrid Moe", "bakery"),
    demo.DemoActor("school", ORG, R.EMPLOYER, "Northfield School"),
    demo.DemoActor("school-manager", PERSON, R.EMPLOYER, "Tom Eriksen", "school"),
)  # fmt: skip


@dataclass(frozen=True)
class Story:
    """One demo case: who, how long ago it started, and how far it has come."""

    given: str
    family: str
    national_id: str
    employer: str | None
    days_ago: int
    reaches: ReturnToWorkPhase
    provider: str = "rehab"
    closed: bool = False
    on_hold: bool = False
    login: str | None = None


STORIES = (
    Story("Ada", "Berg", "DEMO-0001", "harbour", 6, ReturnToWorkPhase.OFF_WORK),
    Story("Ben", "Okafor", "DEMO-0002", "bakery", 45, ReturnToWorkPhase.OFF_WORK),
    Story("Chloe", "Nilsen", "DEMO-0003", "school", 80, ReturnToWorkPhase.RE_ENTRY,
          login="participant"),
    Story("Daniel", "Haugen", "DEMO-0004", None, 120, ReturnToWorkPhase.RE_ENTRY, "ips"),
    Story("Eva", "Lund", "DEMO-0005", "harbour", 200, ReturnToWorkPhase.RETENTION),
    Story("Farid", "Rahimi", "DEMO-0006", "bakery", 300, ReturnToWorkPhase.ADVANCEMENT),
    Story("Greta", "Solberg", "DEMO-0007", "school", 150, ReturnToWorkPhase.OFF_WORK, on_hold=True),
    Story("Hugo", "Strand", "DEMO-0008", "harbour", 380, ReturnToWorkPhase.RETENTION, closed=True),
)  # fmt: skip


def generic_demo() -> demo.Demo:
    return demo.Demo(ACTORS, tuple(_story(story) for story in STORIES))


def _story(story: Story) -> demo.DemoStory:
    start = story.days_ago
    employed = story.employer is not None
    person = demo.DemoPerson(
        story.given, story.family, story.national_id, "en",
        email=f"{story.given.lower()}@{DOMAIN}", phone="+47 400 00 000",
        token="Participant" if story.login else None, login=story.login,
    )  # fmt: skip
    opening = demo.OpenCase(
        by="casemanager", at=start, employer=story.employer,
        sick_leave_start=Ago(start + 3) if employed else None,
        details={"referralSource": "general practitioner"},
    )  # fmt: skip
    return demo.DemoStory(person, opening, tuple(_steps(story)))


def _steps(story: Story) -> list[demo.Step]:
    start = story.days_ago
    steps: list[demo.Step] = _team(story)
    if start < 10:
        return steps
    off_work = story.reaches is ReturnToWorkPhase.OFF_WORK
    steps += [
        demo.RecordAssessment(
            by=_clinician(story), at=start - 2, kind="WORK_CAPACITY", assessed_at=Ago(start - 2),
            work_capacity_percent=25 if off_work else 50,
            diagnoses=(demo.Diagnosis("ICD-10", "F32.1", "Moderate depressive episode"),),
            functional_limitations="Reduced concentration and stamina in the afternoon",
            icf_codes=("b130", "b140", "d240"),
            prognosis="Good with a graded return", summary="Can work part time on adjusted tasks",
        ),
        demo.AddNote(
            by="casemanager", at=start - 3,
            body="Called the participant: agreed on a first meeting next week.",
            visible_to=(R.CASE_MANAGER, R.CLINICIAN, R.REHAB_COORDINATOR, R.PARTICIPANT),
        ),
        demo.GrantBenefit(
            by="casemanager", at=start - 4,
            benefit_type="SICKNESS_BENEFIT" if story.employer else "REHABILITATION_BENEFIT",
            degree=100 if off_work else 50, start=Ago(start), key="benefit",
        ),
    ]  # fmt: skip
    if off_work and not story.on_hold:
        return steps + _plan(story, start - 20, activate=False)
    if story.on_hold:
        return [*steps, demo.UpdateCase(by="casemanager", at=start - 30, status=CaseStatus.ON_HOLD)]
    steps += _plan(story, start - 20, activate=True) + _intervention(story, start - 22)
    phases = list(ReturnToWorkPhase)
    for phase in phases[1:]:
        days_ago = max(start - 40 - 60 * (phases.index(phase) - 1), 1)
        steps.append(demo.UpdateCase(by="casemanager", at=days_ago, phase=phase))
        if phase is story.reaches:
            break
    if story.closed:
        steps += [
            demo.EndBenefit(by="casemanager", at=2, period="benefit", end=Ago(2)),
            demo.CloseCase(by="casemanager", at=1, reason="Back at work full time for three months"),
        ]  # fmt: skip
    return steps


def _clinician(story: Story) -> str:
    return "psychiatrist" if story.provider == "ips" else "gp"


def _team(story: Story) -> list[demo.Step]:
    members = [_clinician(story), "coordinator"]
    members.append(f"{story.employer}-manager" if story.employer else "officer")
    members.append("specialist" if story.provider == "ips" else "rehab")
    return [
        demo.AddTeamMember(by="casemanager", at=max(story.days_ago - 1 - day, 0), member=key)
        for day, key in enumerate(members)
    ]


def _plan(story: Story, days_ago: int, activate: bool) -> list[demo.Step]:
    steps = [
        demo.PlanStep(Ago(days_ago - 28 * i), Ago(days_ago - 28 * i - 27), percent, description,
                      adjustments)
        for i, (percent, description, adjustments) in enumerate((
            (25, "Mornings only, familiar tasks", ("Quiet workspace", "No night shifts")),
            (50, "Half days, back in the team", ("Weekly check-in with the manager",)),
            (75, "Most days, full duties", ()),
            (100, "Full return", ()),
        ))
    ]  # fmt: skip
    author = f"{story.employer}-manager" if story.employer else "officer"
    drafted: list[demo.Step] = [
        demo.CreatePlan(
            by=author, at=max(days_ago, 1), title="Graded return to work", steps=steps,
            goal=f"Back at work full time, in my own job ({story.given})", key="plan",
        )
    ]  # fmt: skip
    if not activate:
        return drafted
    return [
        *drafted,
        demo.ApprovePlan(by=demo.PARTICIPANT, at=max(days_ago - 1, 1), plan="plan"),
        demo.ActivatePlan(by="casemanager", at=max(days_ago - 2, 1), plan="plan"),
    ]


def _intervention(story: Story, days_ago: int) -> list[demo.Step]:
    ips = story.provider == "ips"
    provider = "specialist" if ips else "casemanager"  # who records its progress
    steps: list[demo.Step] = [
        demo.ProposeIntervention(
            by="officer" if ips else _clinician(story), at=max(days_ago, 2),
            type_code="IPS" if ips else "WORK_TRIAL", provider=story.provider,
            start=Ago(days_ago - 7), hours_per_week=10, key="work",
        ),
        demo.ChangeInterventionStatus(by="casemanager", at=max(days_ago - 1, 2),
                                      intervention="work", status=InterventionStatus.REFERRED),
        demo.ChangeInterventionStatus(by=provider, at=max(days_ago - 7, 1),
                                      intervention="work", status=InterventionStatus.ACTIVE),
    ]  # fmt: skip
    if story.closed or story.reaches is ReturnToWorkPhase.ADVANCEMENT:
        steps.append(demo.ChangeInterventionStatus(
            by=provider, at=1, intervention="work", status=InterventionStatus.COMPLETED,
            outcome="Back in work at the planned hours",
        ))  # fmt: skip
    return steps
