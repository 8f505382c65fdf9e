"""Plays a jurisdiction's demo (`vocrehab.hooks.demo`) through the core services.

Each step runs the service the API would run for it, as the actor the story
names, on the story's day; the demo knows no jurisdiction, only the steps.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import singledispatchmethod
from typing import Any, TypeVar

from vocrehab.core import (
    assessments,
    benefits,
    cases,
    commands,
    documents,
    handover,
    interventions,
    meetings,
    notes,
    participants,
    plans,
)
from vocrehab.core.principal import Principal
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.demo.seeder import Seeder, as_participant_of
from vocrehab.hooks import demo
from vocrehab.hooks.jurisdiction import Jurisdiction
from vocrehab.hooks.vocabulary import EmploymentStatus

__all__ = ["cast", "perform", "play"]

T = TypeVar("T")


async def cast(s: Seeder, jurisdiction: Jurisdiction) -> None:
    """Create the organisations and people of a jurisdiction's demo."""
    for actor in demo.demo_of(jurisdiction).actors:
        if actor.key in s.actors:
            raise ValueError(f"demo actor {actor.key!r} of {jurisdiction.code!r} exists already")
        await s.actor(
            actor.key, actor.kind, actor.role, actor.name, actor.organisation,
            jurisdiction=jurisdiction.code if actor.organisation_number else None,
            organisation_number=actor.organisation_number,
        )  # fmt: skip


async def play(s: Seeder, jurisdiction: Jurisdiction) -> list[str]:
    """Play every story of a jurisdiction's demo (its cast exists); their case references."""
    found: list[str] = []
    for story in demo.demo_of(jurisdiction).stories:
        found.append(await _Story(s, jurisdiction, story).play())
    return found


async def perform(s: Seeder, jurisdiction: Jurisdiction) -> list[str]:
    """One jurisdiction's demo on its own: its cast, then its stories."""
    await cast(s, jurisdiction)
    return await play(s, jurisdiction)


@dataclass
class _Story:
    s: Seeder
    jurisdiction: Jurisdiction
    story: demo.DemoStory
    person: m.Participant | None = None
    case_id: uuid.UUID | None = None
    made: dict[str, uuid.UUID] = field(default_factory=dict)  # a step's key -> row id

    async def play(self) -> str:
        reference = await self._open(self.story.opening)
        for number, step in enumerate(self.story.steps, start=1):
            try:
                await self.step(step)
            except Exception as exc:
                exc.add_note(f"demo story of {self.story.person.given_name} ({reference}), "
                             f"step {number}: {step!r}")  # fmt: skip
                raise
        return reference

    # ------------------------------------------------------------------ plumbing
    def day(self, ago: demo.Ago) -> date:
        return self.s.today - timedelta(days=ago.days)

    def maybe_day(self, ago: demo.Ago | None) -> date | None:
        return None if ago is None else self.day(ago)

    def json(self, details: Mapping[str, Any] | None) -> Any:
        """Details as JSON holds them: an `Ago` as an ISO date."""
        return None if details is None else _dates(details, lambda a: self.day(a).isoformat())

    @property
    def case(self) -> uuid.UUID:
        """The story's case, once opened."""
        if self.case_id is None:
            raise ValueError("the story's first step must open its case")
        return self.case_id

    def who(self, key: str) -> Principal:
        if key == demo.PARTICIPANT:
            assert self.person is not None
            return as_participant_of(self.person)
        return self.s.who(key)

    async def run(self, step: Any, service: Callable[[Work], Awaitable[T]]) -> T:
        return await self.s.do(self.who(step.by), step.at, service)

    def remember(self, key: str | None, row: Any) -> None:
        if key is not None:
            self.made[key] = row.id

    async def _open(self, step: demo.OpenCase) -> str:
        p = self.story.person
        register = participants.RegisterParticipant(
            jurisdiction=self.jurisdiction.code, given_name=p.given_name,
            family_name=p.family_name, national_id=p.national_id,
            preferred_language=p.preferred_language, email=p.email, phone=p.phone,
        )  # fmt: skip
        self.person = await self.run(step, lambda w: participants.register_participant(w, register))
        employed = step.employer is not None
        opening = cases.OpenCase(
            participant_id=self.person.id,
            employment_status=EmploymentStatus.EMPLOYED if employed else EmploymentStatus.UNEMPLOYED,
            employer_id=self.s.actor_id(step.employer) if step.employer else None,
            sick_leave_start=self.maybe_day(step.sick_leave_start),
            details=self.json(step.details),
        )  # fmt: skip
        case = await self.run(step, lambda w: cases.open_case(w, opening))
        self.case_id = case.id
        return case.reference

    # ------------------------------------------------------------------ the steps
    @singledispatchmethod
    async def step(self, step: object) -> None:
        raise TypeError(f"not a demo step: {step!r}")

    @step.register
    async def _(self, step: demo.AddTeamMember) -> None:
        change = cases.TeamChange(
            self.case, self.s.actor_id(step.member), self.s.actors[step.member].stakeholder_type
        )
        await self.run(step, lambda w: cases.add_team_member(w, change))

    @step.register
    async def _(self, step: demo.RunCommand) -> None:
        code = self.jurisdiction.code
        found = [c for c in self.jurisdiction.case_commands() if c.name == step.name]
        if not found:
            raise ValueError(f"jurisdiction {code!r} has no case command {step.name!r}")
        command = found[0]
        case_id = self.case
        given = _input(command.input_type, {"case_id": case_id, **step.fields}, self.day)
        await self.run(step, lambda w: commands.run_case_command(w, code, command, case_id, given))

    @step.register
    async def _(self, step: demo.RecordAssessment) -> None:
        cmd = assessments.RecordAssessment(
            case_id=self.case, kind=step.kind, assessed_at=self.day(step.assessed_at),
            work_capacity_percent=step.work_capacity_percent,
            diagnoses=[assessments.Diagnosis(d.system, d.code, d.text) for d in step.diagnoses]
            or None,
            functional_limitations=step.functional_limitations,
            activity_limitations=step.activity_limitations,
            icf_codes=list(step.icf_codes) or None, prognosis=step.prognosis,
            summary=step.summary, details=self.json(step.details),
        )  # fmt: skip
        await self.run(step, lambda w: assessments.record_assessment(w, cmd))

    @step.register
    async def _(self, step: demo.AddNote) -> None:
        cmd = notes.AddNote(self.case, step.body, list(step.visible_to) or None)
        await self.run(step, lambda w: notes.add_note(w, cmd))

    @step.register
    async def _(self, step: demo.GrantBenefit) -> None:
        cmd = benefits.GrantBenefit(
            self.case, step.benefit_type, step.degree, self.day(step.start),
            self.maybe_day(step.end), step.amount,
        )  # fmt: skip
        self.remember(step.key, await self.run(step, lambda w: benefits.grant_benefit(w, cmd)))

    @step.register
    async def _(self, step: demo.EndBenefit) -> None:
        cmd = benefits.EndBenefit(self.made[step.period], self.day(step.end))
        await self.run(step, lambda w: benefits.end_benefit(w, cmd))

    @step.register
    async def _(self, step: demo.CreatePlan) -> None:
        cmd = plans.CreatePlan(
            self.case, step.title,
            [plans.PlanStep(self.day(p.start), self.day(p.end), p.work_percent, None,
                            p.description, list(p.adjustments)) for p in step.steps],
            step.goal,
        )  # fmt: skip
        self.remember(step.key, await self.run(step, lambda w: plans.create_plan(w, cmd)))

    @step.register
    async def _(self, step: demo.ApprovePlan) -> None:
        plan_id = self.made[step.plan]
        await self.run(step, lambda w: plans.approve_plan(w, plan_id))

    @step.register
    async def _(self, step: demo.ActivatePlan) -> None:
        plan_id = self.made[step.plan]
        await self.run(step, lambda w: plans.activate_plan(w, plan_id))

    @step.register
    async def _(self, step: demo.ProposeIntervention) -> None:
        cmd = interventions.ProposeIntervention(
            self.case, step.type_code, self.s.actor_id(step.provider) if step.provider else None,
            self.maybe_day(step.start), self.maybe_day(step.planned_end), step.hours_per_week,
        )  # fmt: skip
        found = await self.run(step, lambda w: interventions.propose_intervention(w, cmd))
        self.remember(step.key, found)

    @step.register
    async def _(self, step: demo.ChangeInterventionStatus) -> None:
        cmd = interventions.ChangeStatus(
            self.made[step.intervention], step.status, outcome=step.outcome
        )
        await self.run(step, lambda w: interventions.change_status(w, cmd))

    @step.register
    async def _(self, step: demo.UpdateCase) -> None:
        changes = {k: v for k, v in (("phase", step.phase), ("status", step.status)) if v}
        cmd = cases.UpdateCase(self.case, changes)
        await self.run(step, lambda w: cases.update_case(w, cmd))

    @step.register
    async def _(self, step: demo.CloseCase) -> None:
        cmd = cases.CloseCase(self.case, step.reason)
        await self.run(step, lambda w: cases.close_case(w, cmd))

    @step.register
    async def _(self, step: demo.AssignStep) -> None:
        assignee = self.s.actor_id(step.assignee) if step.assignee else None
        cmd = handover.AssignStep(self.case, step.code, assignee)
        await self.run(step, lambda w: handover.assign_step(w, cmd))

    @step.register
    async def _(self, step: demo.ReplaceTeamMember) -> None:
        cmd = handover.ReplaceTeamMember(
            self.case, self.s.actor_id(step.outgoing), self.s.actor_id(step.incoming), step.note
        )
        await self.run(step, lambda w: handover.replace_team_member(w, cmd))

    def _actor_of(self, key: str) -> uuid.UUID:
        if key == demo.PARTICIPANT:
            assert self.person is not None
            return self.person.actor_id
        return self.s.actor_id(key)

    @step.register
    async def _(self, step: demo.ScheduleMeeting) -> None:
        cmd = meetings.ScheduleMeeting(
            self.case, step.kind, self.day(step.on),
            [self._actor_of(k) for k in step.participants], step.place,
        )  # fmt: skip
        self.remember(step.key, await self.run(step, lambda w: meetings.schedule_meeting(w, cmd)))

    @step.register
    async def _(self, step: demo.HoldMeeting) -> None:
        cmd = meetings.HoldMeeting(
            self.made[step.meeting], self.day(step.held_on), step.minutes,
            step.minutes_category, list(step.outcomes),
        )  # fmt: skip
        await self.run(step, lambda w: meetings.hold_meeting(w, cmd))

    @step.register
    async def _(self, step: demo.CancelMeeting) -> None:
        cmd = meetings.CancelMeeting(self.made[step.meeting], step.reason)
        await self.run(step, lambda w: meetings.cancel_meeting(w, cmd))

    @step.register
    async def _(self, step: demo.GenerateDocument) -> None:
        cmd = documents.GenerateDocument(
            self.case, step.kind, step.format, step.lang, self.maybe_day(step.since)
        )
        await self.run(step, lambda w: documents.generate_document(w, cmd))


# ---------------------------------------------------------------------- command inputs


def _dates(value: Any, day: Callable[[demo.Ago], Any]) -> Any:
    """`value` with every `Ago` made a date, mappings made dicts and sequences lists."""
    if isinstance(value, demo.Ago):
        return day(value)
    if isinstance(value, Mapping):
        return {k: _dates(v, day) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_dates(v, day) for v in value]
    return value


def _input(kind: Any, values: Mapping[str, Any], day: Callable[[demo.Ago], date]) -> Any:
    """An instance of a command's input type (nested inputs too), as the API builds it."""
    definition = getattr(kind, "__strawberry_definition__", None)
    if definition is None:
        return _dates(values, day)
    fields = {f.python_name: f.type for f in definition.fields}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ValueError(f"{kind.__name__} has no field {', '.join(unknown)}")
    return kind(**{name: _value(fields[name], value, day) for name, value in values.items()})


def _value(kind: Any, value: Any, day: Callable[[demo.Ago], date]) -> Any:
    while not hasattr(kind, "__strawberry_definition__") and hasattr(kind, "of_type"):
        kind = kind.of_type  # an optional or a list: the type of what it holds
    if isinstance(value, Mapping):
        return _input(kind, value, day)
    if isinstance(value, list | tuple):
        return [_value(kind, v, day) for v in value]
    return _dates(value, day)
