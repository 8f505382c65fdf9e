"""One made-up case with its history, as rows of the models' tables.

A case is opened by its case manager on a day in the last eighteen months;
the clinician, the employer's contact and providers join its team; plans are
drafted, activated and revised; interventions are proposed and run; notes are
written; benefits granted; some cases close. Every change appends the event
the platform's own services would append, and the milestones are computed by
the case's jurisdiction from a snapshot of exactly these facts, so the stored
milestones and `cases.next_due_date` are what the platform would store.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from details import case_details
from population import LANGUAGES, Directory, Pool, identity, uuid7
from settle import settle

from vocrehab.core.masks import category_mask, role_mask
from vocrehab.hooks import types as h
from vocrehab.hooks.vocabulary import (
    ActorKind,
    CaseStatus,
    DataCategory,
    EmploymentStatus,
    InterventionStatus,
    PlanStatus,
    ReturnToWorkPhase,
)
from vocrehab.hooks.vocabulary import StakeholderType as R

__all__ = ["CaseStory", "References", "Rows"]

Rows = dict[str, list[dict[str, Any]]]

TITLES = ("Graded return to work", "Return to previous duties", "Work trial with adjusted tasks",
          "Gradual increase of hours", "Return with workplace adjustments")  # fmt: skip
GOALS = ("Back at work full time", "Back in my own job by the summer", "Work again without pain",
         "A job that suits my health", None)  # fmt: skip
ADJUSTMENTS = ("No heavy lifting", "Flexible start time", "Home office two days a week",
               "Regular breaks", "Quiet workspace", "Shorter shifts")  # fmt: skip
NOTES = ("Phoned the participant; agreed on a meeting next week.",
         "Met the employer and the participant at the workplace.",
         "The participant reports less pain and better sleep.",
         "Sent the plan to the clinician for comments.",
         "Follow-up call: the work trial is going well.")  # fmt: skip
BENEFITS = {"generic": "SICKNESS_BENEFIT", "no": "SYKEPENGER", "se": "SJUKPENNING"}
EMPLOYMENT = (EmploymentStatus.EMPLOYED,) * 14 + (EmploymentStatus.UNEMPLOYED,) * 4 + (
    EmploymentStatus.SELF_EMPLOYED, EmploymentStatus.STUDENT)  # fmt: skip


@dataclass
class References:
    """Case references (GEN-2026-000123) by prefix and year, continuing from `last`,
    the values of the `reference_counters` table, which is updated to match."""

    last: dict[tuple[str, int], int] = field(default_factory=dict)

    def next(self, prefix: str, year: int) -> str:
        value = self.last.get((prefix, year), 0) + 1
        self.last[prefix, year] = value
        return f"{prefix}-{year}-{value:06d}"


@dataclass
class CaseStory:
    """One case as it unfolds; `write()` adds its rows and returns its id and next due date."""

    directory: Directory
    manager: uuid.UUID
    code: str
    references: References
    today: date
    zone: tzinfo
    rng: random.Random
    rows: Rows
    case_id: uuid.UUID = field(init=False)
    reference: str = field(init=False)
    opened: date = field(init=False)
    horizon: date = field(init=False)
    """The last day anything happened: today, or the day the case closed."""
    events: list[dict[str, Any]] = field(default_factory=list)
    team: list[dict[str, Any]] = field(default_factory=list)
    plans: list[tuple[dict[str, Any], list[dict[str, Any]]]] = field(default_factory=list)
    interventions: list[dict[str, Any]] = field(default_factory=list)
    benefits: list[dict[str, Any]] = field(default_factory=list)
    participant: h.ParticipantFacts | None = None
    leave_end: date | None = None
    """The last day of the certified sick leave, where the details record it."""
    _per_day: dict[date, int] = field(default_factory=lambda: defaultdict(int))

    def write(self) -> tuple[uuid.UUID, date | None]:
        rng = self.rng
        self.opened = self.today - timedelta(days=rng.randint(1, 540))
        prefix = self.directory.host.jurisdiction(self.code).reference_prefix
        self.reference = self.references.next(prefix, self.opened.year)
        opened_at = self._event(self.opened, "case.opened", f"Case {self.reference} opened")
        self.case_id = uuid7(opened_at, rng)
        age = (self.today - self.opened).days
        closes = age > 90 and rng.random() < 0.12
        self.horizon = (
            self.opened + timedelta(days=rng.randint(60, age - 1)) if closes else self.today
        )
        employment = rng.choice(EMPLOYMENT)
        employed = employment is EmploymentStatus.EMPLOYED
        employer = self._pool(R.EMPLOYER).pick(rng) if employed else None
        case = self._case(opened_at, employment, employer, employed)
        self._join(self.manager, R.CASE_MANAGER, self.opened)
        self._care_team(employer)
        self._plans()
        self._interventions()
        self._notes()
        self._benefit(case)
        if closes:
            self._close(case)
        case["phase"] = self._phase()
        for event in self.events:
            event["case_id"] = self.case_id
        self.events.sort(key=lambda e: e["at"])
        return settle(self, case)

    # ------------------------------------------------------------------ the case

    def _case(
        self, opened_at: datetime, employment: EmploymentStatus, employer: uuid.UUID | None,
        employed: bool,
    ) -> dict[str, Any]:  # fmt: skip
        given, family, national_id, birth, email, phone = identity(
            self.directory.ids, self.code, self.rng
        )
        person, participant = uuid7(opened_at, self.rng), uuid7(opened_at, self.rng)
        self.rows["actors"].append({
            "id": person, "kind": ActorKind.PERSON, "stakeholder_type": R.PARTICIPANT,
            "name": f"{given} {family}", "organisation_id": None, "organisation_number": None,
            "jurisdiction": self.code, "email": None, "created_at": opened_at,
        })  # fmt: skip
        language = LANGUAGES.get(self.code, "en")
        self.participant = h.ParticipantFacts(
            str(participant), self.code, birth, national_id, language
        )
        self.rows["participants"].append({
            "id": participant, "jurisdiction": self.code, "national_id": national_id,
            "given_name": given, "family_name": family, "birth_date": birth,
            "preferred_language": language, "email": email, "phone": phone,
            "registered_by_id": self.manager, "actor_id": person,
            "created_at": opened_at, "updated_at": opened_at,
        })  # fmt: skip
        start = self.opened - timedelta(days=self.rng.randint(0, 21))
        leave = start if self.code != "generic" or employed else None
        details, self.leave_end = case_details(self.code, leave, employed, self.horizon, self.rng)
        return {
            "id": self.case_id, "reference": self.reference, "participant_id": participant,
            "jurisdiction": self.code, "status": CaseStatus.OPEN,
            "phase": ReturnToWorkPhase.OFF_WORK, "employment_status": employment,
            "employer_id": employer, "sick_leave_start": leave, "opened_at": opened_at,
            "closed_at": None, "closure_reason": None, "details": details,
            "next_due_date": None, "last_event_at": opened_at, "created_by_id": self.manager,
            "updated_at": opened_at,
        }  # fmt: skip

    def _care_team(self, employer: uuid.UUID | None) -> None:
        rng = self.rng
        if rng.random() < 0.8:
            clinician = self._pool(R.CLINICIAN).pick(rng)
            joined = self._day_after(self.opened, 0, 5)
            if joined and rng.random() < 0.06:  # the first clinician handed over to another
                left = self._day_after(joined, 20, 60)
                if left:
                    self._join(clinician, R.CLINICIAN, joined, until=left)
                    joined = left + timedelta(days=1)
                    if joined <= self.horizon:
                        self._event(joined, "team.member_removed", "clinician left the team",
                                    data={"role": "CLINICIAN", "actorId": str(clinician)})  # fmt: skip
                    clinician = self._pool(R.CLINICIAN).pick(rng)
            if joined and joined <= self.horizon:
                self._join(clinician, R.CLINICIAN, joined)
        if employer is not None and rng.random() < 0.97:
            joined = self._day_after(self.opened, 1, 25)
            if joined:
                self._join(self._pool(R.EMPLOYER).people[employer], R.EMPLOYER, joined)

    def _join(self, actor: uuid.UUID, role: R, since: date, until: date | None = None) -> None:
        moment = self._event(
            since, "team.member_added", f"{role.value.replace('_', ' ').lower()} joined the team",
            data={"role": role.value, "actorId": str(actor)},
        )  # fmt: skip
        self.team.append({
            "id": uuid7(moment, self.rng), "case_id": self.case_id, "actor_id": actor,
            "role": role, "since": since, "until": until, "created_at": moment,
        })  # fmt: skip

    # ------------------------------------------------------------------ plans

    def _plans(self) -> None:
        rng = self.rng
        roll = rng.random()
        day = self._day_after(self.opened, 3, 45)
        if day is None or roll > 0.97:
            return
        if roll > 0.94:  # drafted, not yet agreed
            self._plan(1, day, PlanStatus.DRAFT)
            return
        version = 1
        self._plan(version, day, PlanStatus.ACTIVE)
        # Reviews: a new version every three months or so, until one is missed.
        while (review := self._day_after(day, 55, 95)) is not None and rng.random() < 0.97:
            version, day = version + 1, review
            previous = self.plans[-1][0]
            previous["status"] = PlanStatus.SUPERSEDED
            self._event(review, "plan.superseded", f"Plan version {previous['version']} superseded",
                        data={"planId": str(previous["id"])})  # fmt: skip
            self._plan(version, review, PlanStatus.ACTIVE)

    def _plan(self, version: int, day: date, status: PlanStatus) -> None:
        rng = self.rng
        created = self._event(day, "plan.created", f"Plan version {version} drafted")
        plan_id = uuid7(created, rng)
        self.events[-1]["data"] = {"planId": str(plan_id), "version": version}
        activated = None
        if status is PlanStatus.ACTIVE:
            activated = self._event(day, "plan.activated", f"Plan version {version} activated",
                                    data={"planId": str(plan_id)})  # fmt: skip
        percents = sorted(rng.sample((25, 50, 75, 100), rng.randint(2, 4)))
        steps, start = [], day
        for position, percent in enumerate(percents):
            end = start + timedelta(days=rng.randint(14, 42) - 1)
            steps.append({
                "id": uuid7(created, rng), "plan_id": plan_id, "position": position,
                "start_date": start, "end_date": end, "work_percent": percent,
                "hours_per_week": round(37.5 * percent / 100, 1),
                "description": f"{percent} % of ordinary hours",
                "adjustments": rng.sample(ADJUSTMENTS, rng.randint(0, 2)),
            })  # fmt: skip
            start = end + timedelta(days=1)
        plan = {
            "id": plan_id, "case_id": self.case_id, "version": version, "status": status,
            "title": rng.choice(TITLES), "goal": rng.choice(GOALS), "created_by_id": self.manager,
            "created_at": created, "updated_at": activated or created, "activated_at": activated,
        }  # fmt: skip
        self.plans.append((plan, steps))

    # ------------------------------------------------------------------ interventions, notes

    def _interventions(self) -> None:
        rng = self.rng
        types = [t.code for t in self.directory.host.jurisdiction(self.code).intervention_types()]
        for _ in range(rng.choices((0, 1, 2, 3, 4), (25, 30, 25, 12, 8))[0]):
            proposed = self._day_after(self.opened, 0, max(0, (self.horizon - self.opened).days))
            if proposed is None:
                continue
            type_code = rng.choice(types)
            moment = self._event(proposed, "intervention.proposed", f"{type_code} proposed")
            row = {
                "id": uuid7(moment, rng), "case_id": self.case_id, "type_code": type_code,
                "provider_id": self._pool(R.PROVIDER).pick(rng) if rng.random() < 0.7 else None,
                "status": InterventionStatus.PROPOSED, "start_date": None,
                "planned_end_date": None, "end_date": None, "hours_per_week": None,
                "outcome": None, "details": {}, "created_by_id": self.manager,
                "created_at": moment, "updated_at": moment,
            }  # fmt: skip
            self.events[-1]["data"] = {"interventionId": str(row["id"]), "typeCode": type_code}
            self.interventions.append(row)
            self._run(row, proposed)

    def _run(self, row: dict[str, Any], proposed: date) -> None:
        """Referred after a week or two, started, and completed (or stopped) when planned."""
        referred = self._day_after(proposed, 5, 15)
        if referred is None:
            return
        self._move(row, referred, InterventionStatus.REFERRED)
        if row["provider_id"] and not any(m["actor_id"] == row["provider_id"] for m in self.team):
            self._join(row["provider_id"], R.PROVIDER, referred)
        started = self._day_after(referred, 3, 20)
        if started is None:
            return
        row.update(start_date=started, planned_end_date=started + timedelta(days=90),
                   hours_per_week=float(self.rng.choice((4, 8, 10, 15, 20))))  # fmt: skip
        self._move(row, started, InterventionStatus.ACTIVE)
        ended = self._day_after(started, 60, 120)
        if ended is not None:
            stopped = self.rng.random() < 0.15
            row.update(
                end_date=ended, outcome="Stopped early" if stopped else "Completed as planned"
            )
            status = InterventionStatus.DISCONTINUED if stopped else InterventionStatus.COMPLETED
            self._move(row, ended, status)

    def _move(self, row: dict[str, Any], day: date, status: InterventionStatus) -> None:
        previous = row["status"]
        moment = self._event(
            day, f"intervention.{status.value.lower()}",
            f"{row['type_code']}: {previous.value} -> {status.value}",
            data={"interventionId": str(row["id"]), "from": previous.value, "to": status.value},
        )  # fmt: skip
        row.update(status=status, updated_at=moment)

    def _notes(self) -> None:
        rng = self.rng
        young = (self.today - self.opened).days < 10
        if (young and rng.random() < 0.5) or rng.random() < 0.01:
            return  # no first contact yet
        span = max(0, (self.horizon - self.opened).days)
        days = [self._day_after(self.opened, 0, min(span, 8))]
        days += [self._day_after(self.opened, 0, span) for _ in range(rng.randint(0, 2))]
        for day in sorted(d for d in days if d is not None):
            readers = role_mask([R.CASE_MANAGER, R.CLINICIAN, R.REHAB_COORDINATOR])
            moment = self._event(day, "note.added", "Note added by the case manager")
            note_id = uuid7(moment, rng)
            # Listed only to the roles that read the note (as notes.add_note records it).
            self.events[-1].update(data={"noteId": str(note_id)}, roles_mask=readers)
            self.rows["case_notes"].append({
                "id": note_id, "case_id": self.case_id, "author_id": self.manager,
                "author_participant_id": None, "author_role": R.CASE_MANAGER,
                "body": rng.choice(NOTES), "created_at": moment, "visible_mask": readers,
            })  # fmt: skip

    # ------------------------------------------------------------------ benefits, closing

    def _benefit(self, case: dict[str, Any]) -> None:
        leave = case["sick_leave_start"]
        code = BENEFITS.get(self.code)
        if leave is None or code is None or (self.code == "generic" and self.rng.random() < 0.6):
            return
        start = leave + timedelta(days=16 if self.code == "no" else 14)
        if start > self.horizon:
            return
        moment = self._event(start, "benefit.granted", f"{code} granted at 100 %",
                             category="BENEFITS")  # fmt: skip
        row = {"id": uuid7(moment, self.rng), "case_id": self.case_id, "benefit_type_code": code,
               "degree": 100, "start_date": start, "end_date": None, "created_at": moment}  # fmt: skip
        self.events[-1]["data"] = {"benefitPeriodId": str(row["id"]), "typeCode": code}
        self.benefits.append(row)
        if self.leave_end is not None and start <= self.leave_end <= self.horizon:
            row["end_date"] = self.leave_end  # the benefit ends with the certified leave
            self._event(self.leave_end, "benefit.ended", f"{code} ends {self.leave_end}",
                        category="BENEFITS", data={"benefitPeriodId": str(row["id"])})  # fmt: skip

    def _close(self, case: dict[str, Any]) -> None:
        """As closeCase does: running work ends, the plan completes, proposals are dropped."""
        day = self.horizon
        for row in self.interventions:
            if row["status"] in {InterventionStatus.REFERRED, InterventionStatus.ACTIVE}:
                row.update(end_date=day, outcome="Completed as the case closed")
                self._move(row, day, InterventionStatus.COMPLETED)
            elif row["status"] is InterventionStatus.PROPOSED:
                row["outcome"] = "Case closed before referral"
                self._move(row, day, InterventionStatus.DISCONTINUED)
        for benefit in self.benefits:
            benefit["end_date"] = min(benefit["end_date"] or day, day)
        for plan, _ in self.plans:
            ended = {
                PlanStatus.ACTIVE: PlanStatus.COMPLETED,
                PlanStatus.DRAFT: PlanStatus.CANCELLED,
            }
            if plan["status"] in ended:
                plan["status"] = ended[plan["status"]]
                self._event(day, f"plan.{plan['status'].value.lower()}",
                            f"Plan version {plan['version']} {plan['status'].value.lower()} "
                            "as the case closed", data={"planId": str(plan["id"])})  # fmt: skip
        closed = self._event(day, "case.closed", f"Case {self.reference} closed")
        case.update(status=CaseStatus.CLOSED, closed_at=closed, closure_reason="Back at work")

    def _phase(self) -> ReturnToWorkPhase:
        steps = [s for plan, steps in self.plans if plan["status"] is not PlanStatus.DRAFT
                 for s in steps]  # fmt: skip
        if not steps or steps[0]["start_date"] > self.horizon:
            return ReturnToWorkPhase.OFF_WORK
        if max(s["end_date"] for s in steps) >= self.horizon:
            return ReturnToWorkPhase.RE_ENTRY
        return (
            ReturnToWorkPhase.ADVANCEMENT
            if self.rng.random() < 0.1
            else ReturnToWorkPhase.RETENTION
        )

    # ------------------------------------------------------------------ helpers

    def _pool(self, role: R) -> Pool:
        return self.directory.pool(self.code, role)

    def _day_after(self, day: date, least: int, most: int) -> date | None:
        """A day `least`..`most` days after `day`, or None if that is after the horizon."""
        found = day + timedelta(days=self.rng.randint(least, max(least, most)))
        return found if found <= self.horizon else None

    def _moment(self, day: date) -> datetime:
        """A moment in office hours; moments on one day follow the order they were made in."""
        self._per_day[day] += 1
        minutes = 7 * 60 + 11 * self._per_day[day] + self.rng.randrange(10)
        return datetime.combine(day, time(minutes // 60 % 24, minutes % 60), UTC)

    def _event(
        self, day: date, kind: str, summary: str, *, category: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> datetime:  # fmt: skip
        """Appends the event (its case id is filled in when the case is written)."""
        moment = self._moment(day)
        self.events.append({
            "id": uuid7(moment, self.rng), "at": moment, "kind": kind,
            "actor_id": self.manager, "actor_role": R.CASE_MANAGER, "summary": summary[:500],
            "category_mask": category_mask([DataCategory(category)] if category else []),
            "roles_mask": None, "data": data or {},
        })  # fmt: skip
        return moment
