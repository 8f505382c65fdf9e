"""The employer's follow-up plan (oppfølgingsplan) and its status machine (R19).

aml § 4-6 makes the employer draw up the plan with the employee within four
weeks of sick leave and send it to the sykmelder. NAV's plan service
(navikt/syfooppfolgingsplanservice) gives it four statuses:

    (no plan) -> UNDER_ARBEID -> AKTIV (approved) -> UTDATERT | AVBRUTT
    UTDATERT | AVBRUTT -> UNDER_ARBEID (a new plan replaces the old one)

Recording the same status again updates the plan (e.g. shares an approved plan
with NAV); a finished plan (UTDATERT, AVBRUTT) changes only by starting a new
one. Only an approved plan is shared with the sykmelder and with NAV.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from vocrehab.hooks import Violation
from vocrehab_nav_no.model import FollowUpPlan, FollowUpPlanStatus
from vocrehab_nav_no.rules import violation

__all__ = ["TRANSITIONS", "PlanUpdate", "check_plan_record", "check_transition", "record_plan"]

S = FollowUpPlanStatus
TRANSITIONS: dict[FollowUpPlanStatus | None, frozenset[FollowUpPlanStatus]] = {
    None: frozenset({S.UNDER_ARBEID}),
    S.UNDER_ARBEID: frozenset({S.UNDER_ARBEID, S.AKTIV}),
    S.AKTIV: frozenset({S.AKTIV, S.UTDATERT, S.AVBRUTT}),
    S.UTDATERT: frozenset({S.UNDER_ARBEID}),
    S.AVBRUTT: frozenset({S.UNDER_ARBEID}),
}
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
