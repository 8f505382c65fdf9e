"""Opening, changing and closing cases, and managing their teams."""

from __future__ import annotations

import datetime

import strawberry
from strawberry.scalars import JSON

from vocrehab.api.base import Payload, UserError
from vocrehab.api.cases import Case, cases_by_id
from vocrehab.api.context import Info
from vocrehab.api.enums import CaseStatus, EmploymentStatus, ReturnToWorkPhase, StakeholderType
from vocrehab.api.ids import id_of, optional_row_id, row_id
from vocrehab.api.mutations import run
from vocrehab.api.planner import Batch, relation
from vocrehab.core import cases as core
from vocrehab.db import models as m

__all__ = ["CaseMutations", "CasePayload", "case_payload"]


@strawberry.input(
    description="A new case for a registered participant, in the participant's jurisdiction."
)
class OpenCaseInput:
    participant_id: strawberry.ID = id_of("Participant", description="Whose case it is.")
    employment_status: EmploymentStatus = strawberry.field(
        description="The participant's employment when the case opens."
    )
    employer_id: strawberry.ID | None = id_of(
        "Actor", default=None, description="Their employer (an organisation), if employed."
    )
    sick_leave_start: datetime.date | None = strawberry.field(
        default=None,
        description="The first day of sick leave; drives the jurisdiction's deadlines.",
    )
    phase: ReturnToWorkPhase | None = strawberry.field(
        default=ReturnToWorkPhase.OFF_WORK,
        description="Where in the return to work the case starts.",
    )
    details: JSON | None = strawberry.field(
        default=None, description="Jurisdiction-specific fields, validated by the plugin."
    )


@strawberry.input(description="Changes to a case; fields left out stay as they are.")
class UpdateCaseInput:
    id: strawberry.ID = id_of("Case", description="The case.")
    phase: ReturnToWorkPhase | None = strawberry.field(
        default=strawberry.UNSET, description="The new return-to-work phase."
    )
    status: CaseStatus | None = strawberry.field(
        default=strawberry.UNSET, description="OPEN or ON_HOLD (closeCase closes a case)."
    )
    employment_status: EmploymentStatus | None = strawberry.field(
        default=strawberry.UNSET, description="The participant's employment now."
    )
    employer_id: strawberry.ID | None = id_of(
        "Actor", default=strawberry.UNSET, description="Their employer now."
    )
    details: JSON | None = strawberry.field(
        default=strawberry.UNSET,
        description="Merged into the case's details; a key set to null is removed.",
    )


@strawberry.input(description="Closing a case.")
class CloseCaseInput:
    id: strawberry.ID = id_of("Case", description="The case.")
    reason: str = strawberry.field(description="Why it closes, for the team and the record.")


@strawberry.input(description="Someone joining a case team in a role.")
class AddCaseTeamMemberInput:
    case_id: strawberry.ID = id_of("Case", description="The case.")
    actor_id: strawberry.ID = id_of("Actor", description="Who joins.")
    role: StakeholderType = strawberry.field(description="The role they hold on the case.")


@strawberry.input(description="Someone leaving a case team (they stay on it, with until set).")
class RemoveCaseTeamMemberInput:
    case_id: strawberry.ID = id_of("Case", description="The case.")
    actor_id: strawberry.ID = id_of("Actor", description="Who leaves.")


async def _changed(batch: Batch[CasePayload]) -> list[Case | None]:
    # Null when the caller can no longer see the case (e.g. left its team).
    found = await cases_by_id(batch.ctx, [p._changed for p in batch.parents if p._changed])
    return [found.get(p._changed) if p._changed else None for p in batch.parents]


@strawberry.type(
    description="The result of a change to a case, a core one or a jurisdiction's command."
)
class CasePayload(Payload):
    case: Case | None = relation(
        _changed,
        returns=Case | None,
        description="The changed case; null when userErrors say why not.",
    )


def case_payload(row: m.Case | None, errors: list[UserError]) -> CasePayload:
    return CasePayload(_changed=row.id if row is not None else None, user_errors=errors)


_payload = case_payload


@strawberry.type
class CaseMutations:
    @strawberry.mutation(description="Requires scope cases:write (CASE_MANAGER, ADMIN).")
    async def open_case(self, info: Info, input: OpenCaseInput) -> CasePayload:
        cmd = core.OpenCase(
            participant_id=row_id(input.participant_id),
            employment_status=input.employment_status,
            employer_id=optional_row_id(input.employer_id),
            sick_leave_start=input.sick_leave_start,
            phase=input.phase or ReturnToWorkPhase.OFF_WORK,
            details=input.details,
        )
        return _payload(*await run(info, lambda work: core.open_case(work, cmd)))

    @strawberry.mutation(description="Requires scope cases:write (CASE_MANAGER, ADMIN).")
    async def update_case(self, info: Info, input: UpdateCaseInput) -> CasePayload:
        sent = {
            name: getattr(input, name)
            for name in ("phase", "status", "employment_status", "employer_id", "details")
            if getattr(input, name) is not strawberry.UNSET
        }
        if "employer_id" in sent:
            sent["employer_id"] = optional_row_id(sent["employer_id"])
        cmd = core.UpdateCase(id=row_id(input.id), changes=sent)
        return _payload(*await run(info, lambda work: core.update_case(work, cmd)))

    @strawberry.mutation(description="Requires scope cases:write (CASE_MANAGER, ADMIN).")
    async def close_case(self, info: Info, input: CloseCaseInput) -> CasePayload:
        cmd = core.CloseCase(id=row_id(input.id), reason=input.reason)
        return _payload(*await run(info, lambda work: core.close_case(work, cmd)))

    @strawberry.mutation(
        description="Requires scope cases:write (CASE_MANAGER, REHAB_COORDINATOR, ADMIN)."
    )
    async def add_case_team_member(self, info: Info, input: AddCaseTeamMemberInput) -> CasePayload:
        cmd = core.TeamChange(
            case_id=row_id(input.case_id), actor_id=row_id(input.actor_id), role=input.role
        )
        return _payload(*await run(info, lambda work: core.add_team_member(work, cmd)))

    @strawberry.mutation(
        description="Requires scope cases:write (CASE_MANAGER, REHAB_COORDINATOR, ADMIN)."
    )
    async def remove_case_team_member(
        self, info: Info, input: RemoveCaseTeamMemberInput
    ) -> CasePayload:
        cmd = core.TeamChange(case_id=row_id(input.case_id), actor_id=row_id(input.actor_id))
        return _payload(*await run(info, lambda work: core.remove_team_member(work, cmd)))
