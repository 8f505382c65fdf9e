"""The generic (jurisdiction-neutral) demo caseload: eight cases in every phase,
each with a full team, acted out by the stakeholders who would make each change."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

import sqlalchemy as sa

from vocrehab.core import assessments, benefits, cases, interventions, notes, participants, plans
from vocrehab.db import models as m
from vocrehab.demo.seeder import DEMO_DOMAIN, Seeder, as_participant_of
from vocrehab.hooks.vocabulary import (
    ActorKind,
    CaseStatus,
    EmploymentStatus,
    InterventionStatus,
    ReturnToWorkPhase,
    StakeholderType,
)

__all__ = ["organisations", "seed"]

R = StakeholderType


async def organisations(s: Seeder) -> None:
    org, person = ActorKind.ORGANISATION, ActorKind.PERSON
    await s.actor("office", org, R.CASE_MANAGER, "Social Insurance Office (demo)")
    await s.actor("casemanager", person, R.CASE_MANAGER, "Maria Lind", "office")
    await s.actor("casemanager2", person, R.CASE_MANAGER, "Jonas Berg", "office")
    await s.actor("clinic", org, R.CLINICIAN, "Riverside Health Centre")
    await s.actor("gp", person, R.CLINICIAN, "Dr. Amina Yusuf", "clinic")
    await s.actor("psychiatrist", person, R.CLINICIAN, "Dr. Erik Holm", "clinic")
    await s.actor("coordinator", person, R.REHAB_COORDINATOR, "Sofia Nyberg", "clinic")
    await s.actor("employment", org, R.EMPLOYMENT_OFFICER, "Public Employment Service (demo)")
    await s.actor("officer", person, R.EMPLOYMENT_OFFICER, "Lars Dahl", "employment")
    await s.actor("ips", org, R.PROVIDER, "Bridge IPS Team")
    await s.actor("specialist", person, R.PROVIDER, "Nora Aas", "ips")
    await s.actor("rehab", org, R.PROVIDER, "WorkFit Rehabilitation")
    for key, name, contact in (
        ("harbour", "Harbour Logistics Ltd", "Peter Sand"),
        ("bakery", "City Bakery Co-op", "Ingrid Moe"),
        ("school", "Northfield School", "Tom Eriksen"),
    ):
        await s.actor(key, org, R.EMPLOYER, name)
        await s.actor(f"{key}-manager", person, R.EMPLOYER, contact, key)


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


STORIES = (
    Story("Ada", "Berg", "DEMO-0001", "harbour", 6, ReturnToWorkPhase.OFF_WORK),
    Story("Ben", "Okafor", "DEMO-0002", "bakery", 45, ReturnToWorkPhase.OFF_WORK),
    Story("Chloe", "Nilsen", "DEMO-0003", "school", 80, ReturnToWorkPhase.RE_ENTRY),
    Story("Daniel", "Haugen", "DEMO-0004", None, 120, ReturnToWorkPhase.RE_ENTRY, "ips"),
    Story("Eva", "Lund", "DEMO-0005", "harbour", 200, ReturnToWorkPhase.RETENTION),
    Story("Farid", "Rahimi", "DEMO-0006", "bakery", 300, ReturnToWorkPhase.ADVANCEMENT),
    Story("Greta", "Solberg", "DEMO-0007", "school", 150, ReturnToWorkPhase.OFF_WORK, on_hold=True),
    Story("Hugo", "Strand", "DEMO-0008", "harbour", 380, ReturnToWorkPhase.RETENTION, closed=True),
)


async def _story(s: Seeder, story: Story) -> str:
    start = story.days_ago
    employed = story.employer is not None
    register = participants.RegisterParticipant(
        jurisdiction="generic", given_name=story.given, family_name=story.family,
        national_id=story.national_id, preferred_language="en",
        email=f"{story.given.lower()}@{DEMO_DOMAIN}", phone="+47 400 00 000",
    )  # fmt: skip
    person = await s.do(
        s.who("casemanager"), start, lambda w: participants.register_participant(w, register)
    )
    opening = cases.OpenCase(
        participant_id=person.id,
        employment_status=EmploymentStatus.EMPLOYED if employed else EmploymentStatus.UNEMPLOYED,
        employer_id=s.actor_id(story.employer) if story.employer else None,
        sick_leave_start=s.today - timedelta(days=start + 3) if employed else None,
        details={"referralSource": "general practitioner"},
    )
    case = await s.do(s.who("casemanager"), start, lambda w: cases.open_case(w, opening))
    cid = case.id
    await _team(s, story, cid, start)
    if start < 10:
        return case.reference
    clinician = s.who(_clinician(story))
    await s.do(clinician, start - 2, lambda w: assessments.record_assessment(w, assessments.RecordAssessment(
        case_id=cid, kind="WORK_CAPACITY", assessed_at=s.today - timedelta(days=start - 2),
        work_capacity_percent=25 if story.reaches is ReturnToWorkPhase.OFF_WORK else 50,
        diagnoses=[assessments.Diagnosis("ICD-10", "F32.1", "Moderate depressive episode")],
        functional_limitations="Reduced concentration and stamina in the afternoon",
        icf_codes=["b130", "b140", "d240"],
        prognosis="Good with a graded return", summary="Can work part time on adjusted tasks",
    )))  # fmt: skip
    await s.do(s.who("casemanager"), start - 3, lambda w: notes.add_note(w, notes.AddNote(
        case_id=cid, body="Called the participant: agreed on a first meeting next week.",
        visible_to=[R.CASE_MANAGER, R.CLINICIAN, R.REHAB_COORDINATOR, R.PARTICIPANT],
    )))  # fmt: skip
    await s.do(s.who("casemanager"), start - 4, lambda w: benefits.grant_benefit(w, benefits.GrantBenefit(
        case_id=cid, benefit_type_code="SICKNESS_BENEFIT" if employed else "REHABILITATION_BENEFIT",
        degree=100 if story.reaches is ReturnToWorkPhase.OFF_WORK else 50,
        start_date=s.today - timedelta(days=start),
    )))  # fmt: skip
    if story.reaches is ReturnToWorkPhase.OFF_WORK and not story.on_hold:
        await _plan(s, story, cid, start - 20, activate=False)
        return case.reference
    if story.on_hold:
        await s.do(s.who("casemanager"), start - 30, lambda w: cases.update_case(w, cases.UpdateCase(
            id=cid, changes={"status": CaseStatus.ON_HOLD})))  # fmt: skip
        return case.reference
    await _plan(s, story, cid, start - 20, activate=True)
    await _intervention(s, story, cid, start - 22)
    for phase in (
        ReturnToWorkPhase.RE_ENTRY,
        ReturnToWorkPhase.RETENTION,
        ReturnToWorkPhase.ADVANCEMENT,
    ):
        change = cases.UpdateCase(id=cid, changes={"phase": phase})
        days_ago = max(start - 40 - 60 * (list(ReturnToWorkPhase).index(phase) - 1), 1)
        await s.do(s.who("casemanager"), days_ago, partial(cases.update_case, cmd=change))
        if phase is story.reaches:
            break
    if story.closed:
        await _close(s, cid, case)
    return case.reference


def _clinician(story: Story) -> str:
    return "psychiatrist" if story.provider == "ips" else "gp"


async def _team(s: Seeder, story: Story, cid: uuid.UUID, start: int) -> None:
    members = [_clinician(story), "coordinator"]
    if story.employer:
        members.append(f"{story.employer}-manager")
    else:
        members.append("officer")
    members.append("specialist" if story.provider == "ips" else "rehab")
    for day, key in enumerate(members):
        change = cases.TeamChange(
            case_id=cid, actor_id=s.actor_id(key), role=s.actors[key].stakeholder_type
        )
        await s.do(
            s.who("casemanager"),
            max(start - 1 - day, 0),
            partial(cases.add_team_member, cmd=change),
        )


async def _plan(s: Seeder, story: Story, cid: uuid.UUID, days_ago: int, activate: bool) -> None:
    begin = s.today - timedelta(days=days_ago)
    steps = [
        plans.PlanStep(begin + timedelta(weeks=4 * i), begin + timedelta(weeks=4 * i + 4, days=-1),
                       percent, None, description, adjustments)
        for i, (percent, description, adjustments) in enumerate((
            (25, "Mornings only, familiar tasks", ["Quiet workspace", "No night shifts"]),
            (50, "Half days, back in the team", ["Weekly check-in with the manager"]),
            (75, "Most days, full duties", []),
            (100, "Full return", []),
        ))
    ]  # fmt: skip
    author = s.who(f"{story.employer}-manager") if story.employer else s.who("officer")
    plan = await s.do(author, max(days_ago, 1), lambda w: plans.create_plan(w, plans.CreatePlan(
        case_id=cid, title="Graded return to work", goal=f"Back at work full time, in my own job ({story.given})",
        steps=steps,
    )))  # fmt: skip
    if not activate:
        return
    pid = plan.id
    await s.do(as_participant_of(await _participant_of(s, cid)), max(days_ago - 1, 1),
               lambda w: plans.approve_plan(w, pid))  # fmt: skip
    await s.do(s.who("casemanager"), max(days_ago - 2, 1), lambda w: plans.activate_plan(w, pid))


async def _intervention(s: Seeder, story: Story, cid: uuid.UUID, days_ago: int) -> None:
    kind = "IPS" if story.provider == "ips" else "WORK_TRIAL"
    proposer = s.who("officer") if story.provider == "ips" else s.who(_clinician(story))
    found = await s.do(proposer, max(days_ago, 2), lambda w: interventions.propose_intervention(w, interventions.ProposeIntervention(
        case_id=cid, type_code=kind, provider_id=s.actor_id(story.provider),
        start_date=s.today - timedelta(days=days_ago - 7), hours_per_week=10,
    )))  # fmt: skip
    iid = found.id
    await s.do(s.who("casemanager"), max(days_ago - 1, 2), lambda w: interventions.change_status(
        w, interventions.ChangeStatus(iid, InterventionStatus.REFERRED)))  # fmt: skip
    provider = s.who("specialist") if story.provider == "ips" else s.who("casemanager")
    await s.do(provider, max(days_ago - 7, 1), lambda w: interventions.change_status(
        w, interventions.ChangeStatus(iid, InterventionStatus.ACTIVE)))  # fmt: skip
    if story.closed or story.reaches is ReturnToWorkPhase.ADVANCEMENT:
        await s.do(provider, 1, lambda w: interventions.change_status(w, interventions.ChangeStatus(
            iid, InterventionStatus.COMPLETED, outcome="Back in work at the planned hours")))  # fmt: skip


async def _close(s: Seeder, cid: uuid.UUID, case: m.Case) -> None:
    periods = await s.session.scalars(
        sa.select(m.BenefitPeriod).where(m.BenefitPeriod.case_id == case.id)
    )
    open_ids = [p.id for p in periods if p.end_date is None]
    for pid in open_ids:
        ending = benefits.EndBenefit(pid, s.today - timedelta(days=2))
        await s.do(s.who("casemanager"), 2, partial(benefits.end_benefit, cmd=ending))
    await s.do(s.who("casemanager"), 1, lambda w: cases.close_case(
        w, cases.CloseCase(cid, "Back at work full time for three months")))  # fmt: skip


async def _participant_of(s: Seeder, cid: uuid.UUID) -> m.Participant:
    case = await s.session.get(m.Case, cid)
    assert case is not None
    person = await s.session.get(m.Participant, case.participant_id)
    assert person is not None
    return person


async def seed(s: Seeder) -> list[str]:
    """The generic stories (the shared organisations must exist)."""
    return [await _story(s, story) for story in STORIES]
