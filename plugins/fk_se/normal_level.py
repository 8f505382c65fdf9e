"""Försäkringskassan's decision to keep sickness benefit at the normal level (R25's exception).

Sickness benefit is paid at the normal level (80 %) for 364 days within a
frame of 450 days and at the continuation level (75 %) after that (SFB 28
kap. 7 §; see `levels`). Someone with a serious illness can apply to stay at
the normal level: Försäkringskassan decides. That is a decision, not a fact
the plugin derives from the chain's serious-illness exception, so the case
officer records it (fkRecordNormalLevelDecision); `keepsNormalLevel: false`
records a refusal, or ends an earlier decision.

The only ground is a serious illness, so the decision reveals a medical fact:
the command and its event are MEDICAL (AUTHZ.md). Rule FK_NORMAL_LEVEL_DECISION:
it concerns the benefit of a sick leave, so the case has sick leave recorded
and the decision is not dated before it starts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from vocrehab.hooks import (
    CaseCommand,
    CaseFacts,
    CommandResult,
    DataCategory,
    StakeholderType,
    Violation,
)
from vocrehab_fk_se.chain import ChainFacts
from vocrehab_fk_se.details import stored_details
from vocrehab_fk_se.language import both
from vocrehab_fk_se.rules import not_in_future, violation

__all__ = ["RECORD_NORMAL_LEVEL_DECISION", "RecordNormalLevelDecisionInput"]


@strawberry.input(
    name="FkRecordNormalLevelDecisionInput",
    description="Försäkringskassan's decision on keeping sickness benefit at the normal level "
    "(80 %) after 364 days.",
)
class RecordNormalLevelDecisionInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    keeps_normal_level: bool = strawberry.field(
        description="True: the normal level is kept; false: refused (or an earlier decision ends)."
    )
    decided_on: date = strawberry.field(description="The day Försäkringskassan decided.")


def record_normal_level_decision(case: CaseFacts, given: Any, today: date) -> CommandResult:
    problems = not_in_future(given.decided_on, today, "decidedOn")
    problems += _sick_leave_problems(case, given.decided_on)
    decision = {
        "keepsNormalLevel": given.keeps_normal_level,
        "decidedOn": given.decided_on.isoformat(),
    }
    outcome = "keeps" if given.keeps_normal_level else "does not keep"
    return CommandResult(
        details={**stored_details(case), "normalLevelDecision": decision},
        event_kind="se.normal_level.decided",
        summary=f"Försäkringskassan decided: sickness benefit {outcome} the normal level "
        f"after 364 days ({given.decided_on})",
        violations=tuple(problems),
        category=DataCategory.MEDICAL,
    )


def _sick_leave_problems(case: CaseFacts, decided_on: date) -> list[Violation]:
    start = ChainFacts.of(case).leave.chain_start
    if start is None:
        message = "The case has no sick leave whose sickness benefit level could be decided"
    elif decided_on < start:
        message = f"The decision ({decided_on}) is dated before the sick leave starts ({start})"
    else:
        return []
    return [violation("FK_NORMAL_LEVEL_DECISION", message, ("decidedOn",))]


RECORD_NORMAL_LEVEL_DECISION = CaseCommand(
    name="fkRecordNormalLevelDecision",
    input_type=RecordNormalLevelDecisionInput,
    roles=(StakeholderType.CASE_MANAGER,),
    scope="benefits:write",
    descriptions=both(
        "Registrera Försäkringskassans beslut om sjukpenning på normalnivå (80 %) efter 364 "
        "dagar (på ansökan, vid allvarlig sjukdom), eller att det inte beviljas.",
        "Record Försäkringskassan's decision to keep sickness benefit at the normal level (80 %) "
        "after 364 days (on application, for a serious illness), or that it is refused.",
    ),
    apply=record_normal_level_decision,
    category=DataCategory.MEDICAL,
)
