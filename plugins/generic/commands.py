"""Case commands: jurisdiction-specific mutations over the case `details`.

The generic jurisdiction has one, the worked example for country plugins:
`genRecordFirstContact` records when and how the first contact with the
participant took place. Early contact is what shortens sick leave (Franche et
al. 2005), so it meets the FIRST_CONTACT milestone.

A command is data (`CaseCommand`): its GraphQL input type, who may run it, the
scope it needs, and a pure `apply` that returns the new details and the line
for the case timeline. The platform does the rest (access, transaction,
validation of the new details, event, milestones).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from vocrehab.hooks import CaseCommand, CaseFacts, CommandResult, StakeholderType
from vocrehab_generic.rules import violation
from vocrehab_generic.schema import GenContactChannel

__all__ = ["COMMANDS", "RecordFirstContactInput"]


@strawberry.input(
    name="GenRecordFirstContactInput", description="The first contact with the participant."
)
class RecordFirstContactInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    on: date = strawberry.field(description="The day it took place (not in the future).")
    channel: GenContactChannel = strawberry.field(  # type: ignore[valid-type]
        description="How the contact took place."
    )


def record_first_contact(case: CaseFacts, given: Any, today: date) -> CommandResult:
    details = {
        **case.details,
        "firstContact": {"on": given.on.isoformat(), "channel": given.channel.value},
    }
    problems = []
    if given.on > today:
        problems.append(
            violation(
                "GEN_FIRST_CONTACT_DATE", "The first contact cannot be in the future", field=("on",)
            )
        )
    return CommandResult(
        details=details,
        event_kind="generic.first_contact.recorded",
        summary=f"First contact recorded ({given.channel.value.lower()}, {given.on.isoformat()})",
        violations=tuple(problems),
    )


COMMANDS: tuple[CaseCommand, ...] = (
    CaseCommand(
        name="genRecordFirstContact",
        input_type=RecordFirstContactInput,
        roles=(
            StakeholderType.CASE_MANAGER,
            StakeholderType.REHAB_COORDINATOR,
            StakeholderType.EMPLOYMENT_OFFICER,
        ),
        scope="notes:write",
        descriptions={"en": "Record the first contact with the participant (meets FIRST_CONTACT)."},
        apply=record_first_contact,
    ),
)
