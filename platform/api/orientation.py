"""What a jurisdiction plugin tells a reader about a case: its milestones, its rule
findings, the orientation map and the typed details.

All of it is computed from a snapshot of the case *minimised to the reader*
(`hooks.categories.minimised`): a reader without BENEFITS gets a snapshot with
no benefit periods, no benefit-revealing events and no details keys the plugin
declares BENEFITS, so no sentence a plugin writes can mention them. On top of
that, what the plugin declares of a category (milestones, rules, details
fields) is withheld from readers without it.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import strawberry

from vocrehab.api.access import withhold_tree
from vocrehab.api.base import Lang, RuleViolation, maker
from vocrehab.api.columns import unused
from vocrehab.api.context import Context
from vocrehab.api.enums import MilestoneStatus, ReturnToWorkPhase, StakeholderType
from vocrehab.core import reads, snapshots
from vocrehab.core.masks import role_mask
from vocrehab.core.milestones import milestone_info, milestone_status
from vocrehab.hooks.categories import minimised
from vocrehab.hooks.schema import JurisdictionDetails
from vocrehab.hooks.types import CaseFacts, Violation, text_for
from vocrehab.hooks.vocabulary import DataCategory

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = [
    "Milestone",
    "NextStep",
    "Orientation",
    "details_of",
    "findings_of",
    "milestone_rows",
    "milestones_of",
    "orientations_of",
    "reader_facts",
    "rule_violations_of",
]

log = logging.getLogger(__name__)


@strawberry.type(name="Milestone", description="A deadline the jurisdiction's rules set.")
class Milestone:
    _row: strawberry.Private[Any]
    code: str = strawberry.field(
        description="The milestone's code, stable within the jurisdiction."
    )
    due_date: datetime.date = strawberry.field(description="When it is due.")
    status: MilestoneStatus = strawberry.field(
        description="UPCOMING, DUE, OVERDUE, MET or NOT_APPLICABLE; OPTIONAL instead of "
        "OVERDUE for an optional one."
    )
    optional: bool = strawberry.field(
        description="A possibility rather than a duty: past due it is OPTIONAL, never OVERDUE, "
        "and it never blocks the case."
    )
    responsible: StakeholderType = strawberry.field(description="Who must act.")
    legal_reference: str | None = strawberry.field(
        description="The law or regulation that sets it."
    )
    met_on: datetime.date | None = strawberry.field(description="When it was met, if it was.")

    @strawberry.field(description="The milestone's name.")
    def name(self, lang: Lang = None) -> str:
        return text_for(self._row.names, lang)

    @strawberry.field(description="What meets it, in plain language.")
    def description(self, lang: Lang = None) -> str | None:
        return text_for(self._row.descriptions, lang) if self._row.descriptions else None


@strawberry.type(name="NextStep", description="What happens next, who acts, by when.")
class NextStep:
    _title: strawberry.Private[dict[str, str]]
    _lang: strawberry.Private[str | None]
    responsible: StakeholderType = strawberry.field(description="Who acts.")
    due_date: datetime.date | None = strawberry.field(
        description="By when, if there is a deadline."
    )

    @strawberry.field(description="What to do.")
    def title(self, lang: Lang = None) -> str:
        return text_for(self._title, lang or self._lang)


@strawberry.type(name="Orientation", description="Where a case stands and whose move it is.")
class Orientation:
    _summary: strawberry.Private[dict[str, str]]
    _lang: strawberry.Private[str | None]
    phase: ReturnToWorkPhase = strawberry.field(description="The case's return-to-work phase.")
    next_steps: list[NextStep] = strawberry.field(description="What happens next, and who acts.")
    blockers: list[str] = strawberry.field(
        description="Overdue milestones and stalls (no activity for too long): where a case "
        "risks falling between agencies."
    )

    @strawberry.field(description="Plain-language summary of where the case stands.")
    def summary(self, lang: Lang = None) -> str:
        return text_for(self._summary, lang or self._lang)


# ---------------------------------------------------------------------- the reader's snapshot


async def reader_facts(ctx: Context, cases: Sequence[Case]) -> dict[uuid.UUID, CaseFacts]:
    """Each case as its reader may see it (memoised for the operation)."""
    missing = [c for c in cases if ("facts", c._case_id) not in ctx.memo]
    if missing:
        async with ctx.db.reading() as session:
            full = await snapshots.case_facts(
                session,
                [c._case_id for c in missing],
                ctx.clock.zone,
                ctx.host,
            )
        for case in missing:
            jurisdiction = ctx.host.jurisdiction(case._row.jurisdiction)
            ctx.memo[("facts", case._case_id)] = minimised(
                full[case._case_id],
                case._visible,
                getattr(jurisdiction, "details_categories", None),
                role_mask(case._reader.roles),
            )
    return {c._case_id: ctx.memo[("facts", c._case_id)] for c in cases}


async def milestone_rows(ctx: Context, cases: Sequence[Case]) -> dict[uuid.UUID, list[Any]]:
    missing = [c for c in cases if ("milestones", c._case_id) not in ctx.memo]
    if missing:
        rows = await reads.milestones(
            ctx.db, {c._case_id: c._visible for c in missing}, unused(ctx, "Milestone")
        )
        for case in missing:
            ctx.memo[("milestones", case._case_id)] = rows.get(case._case_id, [])
    return {c._case_id: ctx.memo[("milestones", c._case_id)] for c in cases}


async def milestones_of(ctx: Context, cases: Sequence[Case]) -> list[list[Milestone]]:
    rows = await milestone_rows(ctx, cases)
    today = ctx.today
    make = maker(Milestone)
    out = []
    for case in cases:
        ctx.saw("Milestone", case._participant_id, case._visible)
        built = []
        for row in rows[case._case_id]:
            milestone = make(
                _row=row,
                code=row.code,
                due_date=row.due_date,
                status=milestone_status(row, today),
                responsible=row.responsible,
                legal_reference=row.legal_reference,
                met_on=row.met_on,
                optional=row.optional,
            )
            built.append(milestone)
        out.append(built)
    return out


def _rule_categories(ctx: Context, code: str) -> dict[str, DataCategory]:
    key = ("rules", code)
    found = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = {r.code: r.category for r in ctx.host.jurisdiction(code).rules()}
    return found  # type: ignore[no-any-return]


async def findings_of(ctx: Context, cases: Sequence[Case]) -> list[list[Violation]]:
    """What each case's rules find, as far as its reader may know (memoised)."""
    missing = [c for c in cases if ("findings", c._case_id) not in ctx.memo]
    if missing:
        facts = await reader_facts(ctx, missing)
        today = ctx.today
        for case in missing:
            jurisdiction = ctx.host.jurisdiction(case._row.jurisdiction)
            categories = _rule_categories(ctx, jurisdiction.code)
            found = []
            for violation in jurisdiction.assess(facts[case._case_id], today):
                category = categories.get(violation.code)
                if category is None:
                    log.error("%s reported rule %s, which rules() does not list",
                              jurisdiction.code, violation.code)  # fmt: skip
                    continue
                if category in case._visible:
                    found.append(violation)
            ctx.memo[("findings", case._case_id)] = found
    return [ctx.memo[("findings", c._case_id)] for c in cases]


async def rule_violations_of(ctx: Context, cases: Sequence[Case]) -> list[list[RuleViolation]]:
    out = []
    for case, found in zip(cases, await findings_of(ctx, cases), strict=True):
        ctx.saw("RuleViolation", case._participant_id, case._visible)
        out.append([RuleViolation.of(v) for v in found])
    return out


async def orientations_of(
    ctx: Context, cases: Sequence[Case], lang: str | None
) -> list[Orientation]:
    facts = await reader_facts(ctx, cases)
    rows = await milestone_rows(ctx, cases)
    today = ctx.today
    out = []
    for case in cases:
        jurisdiction = ctx.host.jurisdiction(case._row.jurisdiction)
        result = jurisdiction.orientation(
            facts[case._case_id], [milestone_info(r) for r in rows[case._case_id]], today
        )
        ctx.saw("Orientation", case._participant_id, case._visible)
        out.append(
            Orientation(
                _summary=dict(result.summary),
                _lang=lang,
                phase=case._row.phase,
                next_steps=[
                    NextStep(
                        _title=dict(s.title),
                        _lang=lang,
                        responsible=s.responsible,
                        due_date=s.due_date,
                    )
                    for s in result.next_steps
                ],
                blockers=[text_for(b, lang) for b in result.blockers],
            )
        )
    return out


async def details_of(ctx: Context, cases: Sequence[Case]) -> list[JurisdictionDetails | None]:
    facts = await reader_facts(ctx, cases)
    out: list[JurisdictionDetails | None] = []
    for case in cases:
        details = ctx.host.jurisdiction(case._row.jurisdiction).present_details(
            facts[case._case_id]
        )
        if details is not None:
            withhold_tree(details, case._visible)
            ctx.saw(type(details).__strawberry_definition__.name, case._participant_id,  # type: ignore[attr-defined]
                    case._visible)  # fmt: skip
        out.append(details)  # type: ignore[arg-type]
    return out
