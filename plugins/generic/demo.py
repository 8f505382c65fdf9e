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
| Ines   | 12   | unemployed, just started: the officer's work measure is due       |
| Jakob  | 200  | the case manager changed twice, with a handover brief each time   |

Every stakeholder with a demo token has a move waiting: the employer approves
Ada's first plan, Chloe approves her plan's second version, the provider starts
Daniel's job coaching, the coordinator calls case conferences, the clinician
assesses Ada and Ines, the officer proposes Ines a measure.
"""

from __future__ import annotations

from dataclasses import dataclass

from vocrehab.hooks import (
    ActorKind,
    CaseStatus,
    DataCategory,
    DocumentFormat,
    InterventionStatus,
    ReturnToWorkPhase,
    demo,
)
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
    demo.DemoActor("casemanager3", PERSON, R.CASE_MANAGER, "Kari Holt", "office"),
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
    Story("Ines", "Vik", "DEMO-0009", None, 12, ReturnToWorkPhase.OFF_WORK, "ips"),
)  # fmt: skip


def generic_demo() -> demo.Demo:
    return demo.Demo(ACTORS, (*(_story(story) for story in STORIES), _handed_over()))


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
    if start < 15:
        return steps + _waiting(story)
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
    steps += _waiting(story)
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


def _waiting(story: Story) -> list[demo.Step]:
    """What leaves a stakeholder a move today (see the module's docstring)."""
    match story.given:
        case "Ada":  # the employer is asked to approve the first plan
            return [demo.CreatePlan(
                by="casemanager", at=1, title="Graded return to work", goal="Back at the harbour",
                steps=(demo.PlanStep(Ago(-7), Ago(-34), 25), demo.PlanStep(Ago(-35), Ago(-62), 50)),
            )]  # fmt: skip
        case "Chloe":  # the employer drafts the next version; Chloe is asked to approve it
            return [demo.CreatePlan(
                by="school-manager", at=2, title="Graded return to work, step up",
                goal="Full days from next month",
                steps=(demo.PlanStep(Ago(-3), Ago(-30), 75), demo.PlanStep(Ago(-31), Ago(-60), 100)),
            )]  # fmt: skip
        case "Daniel":  # job coaching, referred to the IPS team, starts next week
            return [
                demo.ProposeIntervention(by="officer", at=3, type_code="JOB_COACHING",
                                         provider="ips", start=Ago(-7), key="coaching"),
                demo.ChangeInterventionStatus(by="casemanager", at=2, intervention="coaching",
                                              status=InterventionStatus.REFERRED),
            ]  # fmt: skip
        case "Ben":  # a case conference is called for next week
            return [demo.ScheduleMeeting(
                by="coordinator", at=1, kind="case_conference", on=Ago(-5),
                participants=("gp", "bakery-manager", demo.PARTICIPANT), place="Riverside, room 2",
            )]  # fmt: skip
    return []


def _handed_over() -> demo.DemoStory:
    """Jakob's case: opened by Jonas Berg, handed to Kari Holt, then to Maria Lind, each
    time with a note and the incoming case manager's handover brief; the steps Jonas had
    taken on moved with the case."""
    person = demo.DemoPerson("Jakob", "Moen", "DEMO-0010", "en", email=f"jakob@{DOMAIN}")
    opening = demo.OpenCase(by="casemanager2", at=200, employer="harbour",
                            sick_leave_start=Ago(203))  # fmt: skip
    team = [demo.AddTeamMember(by="casemanager2", at=199 - n, member=key)
            for n, key in enumerate(("gp", "coordinator", "harbour-manager", "rehab"))]  # fmt: skip
    steps: list[demo.Step] = [
        *team,
        demo.RecordAssessment(
            by="gp", at=190, kind="WORK_CAPACITY", assessed_at=Ago(190), work_capacity_percent=50,
            diagnoses=(demo.Diagnosis("ICD-10", "M54.5", "Low back pain"),),
            prognosis="Good with adjusted lifting", summary="Half days without heavy lifting",
        ),
        demo.CreatePlan(
            by="harbour-manager", at=182, title="Back to the warehouse", key="plan",
            goal="Full days without heavy lifting",
            steps=(demo.PlanStep(Ago(178), Ago(120), 50), demo.PlanStep(Ago(119), Ago(20), 75)),
        ),
        demo.ApprovePlan(by=demo.PARTICIPANT, at=181, plan="plan"),
        demo.ApprovePlan(by="harbour-manager", at=181, plan="plan"),
        demo.ActivatePlan(by="casemanager2", at=180, plan="plan"),
        demo.AssignStep(by="casemanager2", at=150, code="REVIEW_1", assignee="casemanager2"),
        demo.ReplaceTeamMember(
            by="casemanager2", at=120, outgoing="casemanager2", incoming="casemanager3",
            note="Half days work; the plan's review is yours. Heavy lifting stays out until "
            "the GP says otherwise.",
        ),
        demo.GenerateDocument(by="casemanager3", at=120, kind="HANDOVER",
                              format=DocumentFormat.PDF),
        demo.ScheduleMeeting(by="coordinator", at=100, kind="case_conference", on=Ago(95),
                             participants=("gp", "harbour-manager", "casemanager3",
                                           demo.PARTICIPANT), key="conference"),
        demo.HoldMeeting(
            by="coordinator", at=95, meeting="conference", held_on=Ago(95),
            minutes="Back pain under control; lifting up to 10 kg from next month.",
            minutes_category=DataCategory.MEDICAL,
        ),
        demo.ReplaceTeamMember(
            by="casemanager3", at=40, outgoing="casemanager3", incoming="casemanager",
            note="The plan is on its last step; next: the review and closing when it lasts.",
        ),
        demo.GenerateDocument(by="casemanager", at=40, kind="HANDOVER",
                              format=DocumentFormat.JSON, since=Ago(120)),
    ]  # fmt: skip
    return demo.DemoStory(person, opening, tuple(steps))


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
