"""Interventions: proposed, referred to a provider, delivered, ended.

PROPOSED -> REFERRED -> ACTIVE -> COMPLETED | DISCONTINUED; a proposal or a
referral can also be DISCONTINUED (declined, withdrawn). Anything else is
INVALID_STATE.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from vocrehab.core.casework import (
    after_change,
    case_for_change,
    check_rules,
    detail_problems,
    facts_of,
    locked_case,
    record_event,
    require_open,
)
from vocrehab.core.errors import ProblemCode, invalid_state, not_allowed, not_found
from vocrehab.core.policy import Action, authorize
from vocrehab.core.snapshots import intervention_facts
from vocrehab.core.validation import Checks
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.db.base import new_id
from vocrehab.hooks.types import ChangeInterventionStatus as StatusChange
from vocrehab.hooks.types import ProposeIntervention as ProposeChange
from vocrehab.hooks.vocabulary import InterventionStatus as S
from vocrehab.hooks.vocabulary import StakeholderType

__all__ = ["ChangeStatus", "ProposeIntervention", "change_status", "propose_intervention"]

# Which action each legal transition is: who may make it follows from the action.
TRANSITIONS: dict[tuple[S, S], Action] = {
    (S.PROPOSED, S.REFERRED): Action.REFER_INTERVENTION,
    (S.PROPOSED, S.DISCONTINUED): Action.REFER_INTERVENTION,
    (S.REFERRED, S.ACTIVE): Action.DELIVER_INTERVENTION,
    (S.REFERRED, S.DISCONTINUED): Action.DELIVER_INTERVENTION,
    (S.ACTIVE, S.COMPLETED): Action.DELIVER_INTERVENTION,
    (S.ACTIVE, S.DISCONTINUED): Action.DELIVER_INTERVENTION,
}


@dataclass(frozen=True)
class ProposeIntervention:
    case_id: uuid.UUID
    type_code: str
    provider_id: uuid.UUID | None = None
    start_date: date | None = None
    planned_end_date: date | None = None
    hours_per_week: float | None = None
    details: Any = None
    """JSON from the client; the jurisdiction validates it."""


async def propose_intervention(work: Work, cmd: ProposeIntervention) -> m.Intervention:
    case_id = cmd.case_id
    case, case_access = await case_for_change(work, case_id, Action.PROPOSE_INTERVENTION)
    require_open(case)
    jurisdiction = work.jurisdiction(case.jurisdiction)
    checks = Checks()
    types = {t.code for t in jurisdiction.intervention_types()}
    if cmd.type_code not in types:
        checks.fail(("type_code",), f"unknown intervention type; known: {', '.join(sorted(types))}")
    checks.ordered(("planned_end_date",), cmd.start_date, cmd.planned_end_date)
    checks.hours(("hours_per_week",), cmd.hours_per_week)
    provider_id = None
    if cmd.provider_id is not None:
        provider_id = cmd.provider_id
        provider = await work.session.get(m.Actor, provider_id)
        if provider is None or provider.stakeholder_type is StakeholderType.PARTICIPANT:
            checks.fail(("provider_id",), "no such actor", ProblemCode.NOT_FOUND)
    result = jurisdiction.validate_details("intervention", cmd.details or {}, None)
    detail_problems(work, checks, result.violations)
    checks.done()
    now = work.clock.now()
    intervention = m.Intervention(
        id=new_id(),
        case_id=case.id,
        type_code=cmd.type_code,
        provider_id=provider_id,
        status=S.PROPOSED,
        start_date=cmd.start_date,
        planned_end_date=cmd.planned_end_date,
        hours_per_week=cmd.hours_per_week,
        details=dict(result.value),
        details_version=work.host.details_version(case.jurisdiction),
        created_by_id=work.principal.actor_id,
        created_at=now,
        updated_at=now,
    )
    before = await facts_of(work, case)
    check_rules(work, case, ProposeChange(intervention_facts(intervention)), before)
    work.session.add(intervention)
    record_event(
        work, case, "intervention.proposed", f"{cmd.type_code} proposed",
        case_access=case_access,
        data={"interventionId": str(intervention.id), "typeCode": cmd.type_code},
    )  # fmt: skip
    await after_change(work, case)
    return intervention


@dataclass(frozen=True)
class ChangeStatus:
    id: uuid.UUID
    status: S
    on: date | None = None
    outcome: str | None = None


async def change_status(work: Work, cmd: ChangeStatus) -> m.Intervention:
    intervention_id = cmd.id
    case_id = await work.session.scalar(
        sa.select(m.Intervention.case_id).where(m.Intervention.id == intervention_id)
    )
    if case_id is None:
        raise not_found("no such intervention", ("id",))
    case, case_access = await locked_case(work, case_id, ("id",), "interventions:write")
    intervention = await work.session.get(m.Intervention, intervention_id, with_for_update=True)
    assert intervention is not None
    require_open(case)
    action = TRANSITIONS.get((intervention.status, cmd.status))
    if action is None:
        raise invalid_state(
            f"an intervention cannot go from {intervention.status.value} to {cmd.status.value}",
            ("status",),
        )
    authorize(work.principal, action, case_access.roles)
    _require_own_provision(work, intervention, action, case_access.roles)
    on = cmd.on or work.today
    checks = Checks()
    checks.not_after(("on",), on, work.today, "today")
    outcome = checks.text(("outcome",), cmd.outcome)
    if outcome and cmd.status not in {S.COMPLETED, S.DISCONTINUED}:
        checks.fail(("outcome",), "an outcome is recorded when an intervention ends")
    if cmd.status in {S.COMPLETED, S.DISCONTINUED} and intervention.status is S.ACTIVE:
        checks.ordered(("on",), intervention.start_date, on)
    checks.done()
    before = await facts_of(work, case)
    check_rules(work, case, StatusChange(intervention_facts(intervention), cmd.status, on), before)
    previous = intervention.status
    intervention.status = cmd.status
    if cmd.status is S.ACTIVE and intervention.start_date is None:
        intervention.start_date = on
    if cmd.status in {S.COMPLETED, S.DISCONTINUED}:
        intervention.end_date = on
        intervention.outcome = outcome
    intervention.updated_at = work.clock.now()
    record_event(
        work, case, f"intervention.{cmd.status.value.lower()}",
        f"{intervention.type_code}: {previous.value} -> {cmd.status.value}",
        case_access=case_access,
        data={"interventionId": str(intervention.id), "from": previous.value, "to": cmd.status.value},
    )  # fmt: skip
    await after_change(work, case)
    return intervention


def _require_own_provision(
    work: Work, intervention: m.Intervention, action: Action, roles: frozenset[StakeholderType]
) -> None:
    """A provider changes only interventions it provides (AUTHZ.md)."""
    if action is not Action.DELIVER_INTERVENTION:
        return
    if roles & (action.roles - {StakeholderType.PROVIDER}):
        return
    if (
        intervention.provider_id is None
        or intervention.provider_id not in work.principal.acting_ids
    ):
        raise not_allowed("a provider may only change interventions it provides", ("id",))
