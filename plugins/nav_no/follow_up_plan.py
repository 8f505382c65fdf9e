"""The employer's follow-up plan (oppfølgingsplan) and its status machine (R19).

aml § 4-6 makes the employer draw up the plan with the employee within four
weeks of sick leave and send it to the sykmelder. NAV's plan service
(navikt/syfooppfolgingsplanservice) gives it four statuses:

    (no plan) -> UNDER_ARBEID -> AKTIV (approved) -> UTDATERT | AVBRUTT
    UTDATERT | AVBRUTT -> UNDER_ARBEID (a new plan replaces the old one)

Recording the same status again updates the plan (e.g. shares an approved plan
with NAV); a finished plan (UTDATERT, AVBRUTT) changes only by starting a new
one. Only an approved plan is shared with the sykmelder and with NAV.

The plan holds the employee's work tasks, each with whether it can be done
(KAN, KAN_IKKE, TILRETTELEGGING with adaptation, IKKE_VURDERT), and the measures
(tiltak), each with its status:

    FORSLAG -> AVTALT (with its period) | IKKE_AKTUELT (with the reason)
    AVTALT -> AVBRUTT

A task or a measure is addressed by its name, unique within the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from vocrehab.hooks import Violation
from vocrehab_nav_no.model import (
    Feasibility,
    FollowUpPlan,
    FollowUpPlanStatus,
    Measure,
    MeasureStatus,
    WorkTask,
)
from vocrehab_nav_no.rules import violation

__all__ = [
    "MEASURE_TRANSITIONS",
    "TRANSITIONS",
    "PlanUpdate",
    "check_plan_record",
    "check_transition",
    "record_measure",
    "record_plan",
    "record_task",
]

S = FollowUpPlanStatus
TRANSITIONS: dict[FollowUpPlanStatus | None, frozenset[FollowUpPlanStatus]] = {
    None: frozenset({S.UNDER_ARBEID}),
    S.UNDER_ARBEID: frozenset({S.UNDER_ARBEID, S.AKTIV}),
    S.AKTIV: frozenset({S.AKTIV, S.UTDATERT, S.AVBRUTT}),
    S.UTDATERT: frozenset({S.UNDER_ARBEID}),
    S.AVBRUTT: frozenset({S.UNDER_ARBEID}),
}
M = MeasureStatus
MEASURE_TRANSITIONS: dict[MeasureStatus, frozenset[MeasureStatus]] = {
    M.FORSLAG: frozenset({M.FORSLAG, M.AVTALT, M.IKKE_AKTUELT}),
    M.AVTALT: frozenset({M.AVTALT, M.AVBRUTT}),
    M.IKKE_AKTUELT: frozenset(),
    M.AVBRUTT: frozenset(),
}
_DESCRIBED = frozenset({Feasibility.KAN_IKKE, Feasibility.TILRETTELEGGING})
_APPROVED = frozenset({S.AKTIV, S.UTDATERT, S.AVBRUTT})
_FINISHED = frozenset({S.UTDATERT, S.AVBRUTT})

Path = tuple[str, ...]


def check_plan_record(plan: FollowUpPlan, path: Path) -> list[Violation]:
    """A stored plan is coherent: approved plans have their approval date, finished ones their end."""
    found: list[Violation] = []
    if plan.status in _APPROVED and plan.approved_on is None:
        found.append(violation("NO_DETAILS_INVALID", f"{plan.status.value}: an approved plan "
                               "has approvedOn", field=(*path, "approvedOn")))  # fmt: skip
    if plan.status in _FINISHED and plan.ended_on is None:
        found.append(violation("NO_DETAILS_INVALID", f"{plan.status.value}: a finished plan has "
                               "endedOn", field=(*path, "endedOn")))  # fmt: skip
    if plan.approved_on is not None and plan.approved_on < plan.created_on:
        found.append(violation("NO_DETAILS_INVALID", "approvedOn is before createdOn",
                               field=(*path, "approvedOn")))  # fmt: skip
    shared = plan.shared_with_sykmelder_on or plan.shared_with_nav_on
    if shared is not None and plan.status not in _APPROVED:
        found.append(violation("NO_FOLLOW_UP_PLAN_SHARED_UNAPPROVED", "A plan under work is not "
                               "shared; approve it first", field=(*path, "status")))  # fmt: skip
    for index, task in enumerate(plan.tasks):
        found += _task_problems(task, (*path, "tasks", str(index)))
    for index, measure in enumerate(plan.measures):
        found += _measure_problems(measure, (*path, "measures", str(index)))
    found += _unique(plan, path)
    return found


def _task_problems(task: WorkTask, where: Path) -> list[Violation]:
    if task.feasibility in _DESCRIBED and not task.description:
        return [violation("NO_FOLLOW_UP_TASK", f"{task.feasibility.value}: describe how the task "
                          "can be adapted, or why it cannot be done",
                          field=(*where, "description"))]  # fmt: skip
    return []


def _measure_problems(measure: Measure, where: Path) -> list[Violation]:
    found: list[Violation] = []
    if measure.status is M.AVTALT and (measure.fom is None or measure.tom is None):
        found.append(violation("NO_FOLLOW_UP_MEASURE", "An agreed (AVTALT) measure has its "
                               "period: fom and tom", field=(*where, "fom")))  # fmt: skip
    if measure.fom and measure.tom and measure.fom > measure.tom:
        found.append(violation("NO_FOLLOW_UP_MEASURE", f"The measure starts ({measure.fom}) after "
                               f"it ends ({measure.tom})", field=(*where, "tom")))  # fmt: skip
    if measure.status is M.IKKE_AKTUELT and not measure.reason_not_relevant:
        found.append(violation("NO_FOLLOW_UP_MEASURE", "A measure judged not relevant "
                               "(IKKE_AKTUELT) says why", field=(*where, "reasonNotRelevant")))  # fmt: skip
    return found


def _unique(plan: FollowUpPlan, path: Path) -> list[Violation]:
    found: list[Violation] = []
    for key, code, names in (("tasks", "NO_FOLLOW_UP_TASK", [t.name for t in plan.tasks]),
                             ("measures", "NO_FOLLOW_UP_MEASURE", [m.name for m in plan.measures])):  # fmt: skip
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            found.append(violation(code, f"Names in {key} are unique: {', '.join(twice)} twice",
                                   field=(*path, key)))  # fmt: skip
    return found


def check_transition(
    before: FollowUpPlanStatus | None, after: FollowUpPlanStatus, field: Path = ("status",)
) -> list[Violation]:
    if after in TRANSITIONS[before]:
        return []
    allowed = ", ".join(sorted(TRANSITIONS[before]))
    return [
        violation(
            "NO_FOLLOW_UP_PLAN_TRANSITION",
            f"The follow-up plan cannot go from {before.value if before else 'no plan'} to "
            f"{after.value} (allowed: {allowed})",
            field=field,
        )
    ]


@dataclass(frozen=True)
class PlanUpdate:
    """What the employer records: the plan's status on a day, and whom it was shared with."""

    status: FollowUpPlanStatus
    on: date
    shared_with_sykmelder: bool = False
    shared_with_nav: bool = False
    in_house_measures_not_possible: bool | None = None


def record_plan(
    plan: FollowUpPlan | None, update: PlanUpdate, today: date
) -> tuple[FollowUpPlan | None, list[Violation]]:
    """The plan after `update`, and what the rules find (nothing changes on an ERROR)."""
    found = check_transition(plan.status if plan else None, update.status)
    if update.on > today:
        found.append(violation("NO_DATE_IN_FUTURE", f"The plan cannot be recorded on {update.on}, "
                               "a day still to come", field=("on",)))  # fmt: skip
    sharing = update.shared_with_sykmelder or update.shared_with_nav
    if sharing and update.status is not S.AKTIV:
        found.append(violation("NO_FOLLOW_UP_PLAN_SHARED_UNAPPROVED", "Only an approved (AKTIV) "
                               "plan is shared", field=("status",)))  # fmt: skip
    if found:
        return plan, found
    return _apply(plan, update), found


def _apply(plan: FollowUpPlan | None, update: PlanUpdate) -> FollowUpPlan:
    on, status = update.on, update.status
    if plan is None or plan.status in _FINISHED:
        plan = FollowUpPlan(S.UNDER_ARBEID, on)
    if status is S.AKTIV and plan.status is S.UNDER_ARBEID:
        plan = replace(plan, status=S.AKTIV, approved_on=on)
    elif status in _FINISHED:
        plan = replace(plan, status=status, ended_on=on)
    if update.shared_with_sykmelder and plan.shared_with_sykmelder_on is None:
        plan = replace(plan, shared_with_sykmelder_on=on)
    if update.shared_with_nav:  # an updated plan is sent again before each meeting
        plan = replace(plan, shared_with_nav_on=on)
    if update.in_house_measures_not_possible is not None:
        plan = replace(plan, in_house_measures_not_possible=update.in_house_measures_not_possible)
    return plan


def _open_plan(plan: FollowUpPlan | None) -> list[Violation]:
    if plan is not None and plan.status in {S.UNDER_ARBEID, S.AKTIV}:
        return []
    state = "there is no follow-up plan" if plan is None else f"the plan is {plan.status.value}"
    return [violation("NO_FOLLOW_UP_PLAN_TRANSITION", f"Tasks and measures belong to a plan "
                      f"under work or approved; {state}: start a plan first", field=("name",))]  # fmt: skip


def record_task(
    plan: FollowUpPlan | None, task: WorkTask
) -> tuple[FollowUpPlan | None, list[Violation]]:
    """The plan with `task` added, or replacing the task of the same name."""
    found = _open_plan(plan) + _task_problems(task, ())
    if found or plan is None:
        return plan, found
    tasks = [t for t in plan.tasks if t.name != task.name]
    at = next((i for i, t in enumerate(plan.tasks) if t.name == task.name), len(tasks))
    tasks.insert(at, task)
    return replace(plan, tasks=tuple(tasks)), found


def record_measure(
    plan: FollowUpPlan | None, measure: Measure
) -> tuple[FollowUpPlan | None, list[Violation]]:
    """The plan with `measure` added (as FORSLAG, AVTALT or IKKE_AKTUELT), or the measure of
    the same name moved on its status machine."""
    found = _open_plan(plan) + _measure_problems(measure, ())
    if found or plan is None:
        return plan, found
    before = next((m for m in plan.measures if m.name == measure.name), None)
    allowed = MEASURE_TRANSITIONS[before.status] if before else frozenset(M) - {M.AVBRUTT}
    if measure.status not in allowed:
        was = before.status.value if before else "a new measure"
        return plan, [violation("NO_FOLLOW_UP_MEASURE", f"The measure cannot go from {was} to "
                                f"{measure.status.value}", field=("status",))]  # fmt: skip
    measures = [measure if m.name == measure.name else m for m in plan.measures]
    if before is None:
        measures.append(measure)
    return replace(plan, measures=tuple(measures)), found
