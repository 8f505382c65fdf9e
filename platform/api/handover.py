"""Assigning steps and handing a case over (`core.handover`), and read markers
(`core.seen`): the mutations that keep the thread when people change."""

from __future__ import annotations

import strawberry

from vocrehab.api.case_mutations import CasePayload, case_payload
from vocrehab.api.context import Info
from vocrehab.api.ids import id_of, optional_row_id, row_id
from vocrehab.api.mutations import run
from vocrehab.core import handover as core
from vocrehab.core import seen

__all__ = ["HandoverMutations"]


@strawberry.input(description="A step of a case's plan given to one team member.")
class AssignStepInput:
    case_id: strawberry.ID = id_of("Case", description="The case.")
    code: str = strawberry.field(description="The milestone's code on the case.")
    assignee_id: strawberry.ID | None = id_of(
        "Actor",
        description="A team member holding the step's responsible role; null hands the step "
        "back to the role.",
    )


@strawberry.input(
    description="A team member handing the case over to someone else in the same role."
)
class ReplaceCaseTeamMemberInput:
    case_id: strawberry.ID = id_of("Case", description="The case.")
    outgoing_actor_id: strawberry.ID = id_of("Actor", description="Who leaves the team.")
    incoming_actor_id: strawberry.ID = id_of(
        "Actor", description="Takes over in the outgoing member's role (and their assigned steps)."
    )
    note: str = strawberry.field(
        description="The handover note, read by the professionals on the team."
    )


@strawberry.input(description="A case the caller has caught up on.")
class MarkCaseSeenInput:
    case_id: strawberry.ID = id_of("Case", description="The case.")


@strawberry.type
class HandoverMutations:
    @strawberry.mutation(
        description="Names the team member who takes a step; it becomes their move. "
        "Requires scope cases:write (CASE_MANAGER, ADMIN)."
    )
    async def assign_step(self, info: Info, input: AssignStepInput) -> CasePayload:
        cmd = core.AssignStep(row_id(input.case_id), input.code, optional_row_id(input.assignee_id))
        return case_payload(*await run(info, lambda work: core.assign_step(work, cmd)))

    @strawberry.mutation(
        description="One transaction: the outgoing member leaves (their access ends now), the "
        "incoming one joins in the same role and takes over their assigned steps, and the "
        "handover note and event are recorded. Requires scope cases:write (CASE_MANAGER, "
        "REHAB_COORDINATOR, ADMIN)."
    )
    async def replace_case_team_member(
        self, info: Info, input: ReplaceCaseTeamMemberInput
    ) -> CasePayload:
        cmd = core.ReplaceTeamMember(
            row_id(input.case_id),
            row_id(input.outgoing_actor_id),
            row_id(input.incoming_actor_id),
            input.note,
        )
        return case_payload(*await run(info, lambda work: core.replace_team_member(work, cmd)))

    @strawberry.mutation(
        description="Marks the case as seen by the caller now: its unseen events start "
        "after this. Requires scope cases:read."
    )
    async def mark_case_seen(self, info: Info, input: MarkCaseSeenInput) -> CasePayload:
        return case_payload(
            *await run(info, lambda work: seen.mark_case_seen(work, row_id(input.case_id)))
        )
