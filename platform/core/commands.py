"""Running a jurisdiction's case command (a plugin-defined mutation over case details)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from vocrehab.core.casework import (
    after_change,
    collect,
    facts_of,
    locked_case,
    record_event,
    require_open,
)
from vocrehab.core.errors import DomainError, Problem, ProblemCode, invalid_input, not_allowed
from vocrehab.core.policy import reachable_categories
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.hooks.types import CaseCommand, Violation
from vocrehab.hooks.vocabulary import Severity, StakeholderType

__all__ = ["run_case_command"]


def _named(violation: Violation) -> Violation:
    """A finding on the details a command produced, naming where in them (e.g.
    "details.employer.orgNumber: ..."): not a field of the command's input, so the
    path goes into the message and the finding has no input field."""
    path = ".".join(("details", *violation.field)) if violation.field else "details"
    return replace(violation, message=f"{path}: {violation.message}", field=None)


async def run_case_command(
    work: Work, jurisdiction_code: str, command: CaseCommand, case_id: uuid.UUID, given: Any
) -> m.Case:
    """Run `command` on the case `case_id` (which `given`, the command's input, names)."""
    case, case_access = await locked_case(work, case_id, ("case_id",), command.scope)
    if case.jurisdiction != jurisdiction_code:
        raise invalid_input(
            f"{command.name} applies to cases of jurisdiction {jurisdiction_code!r}, "
            f"this one is {case.jurisdiction!r}",
            ("case_id",),
        )
    allowed = set(command.roles) | {StakeholderType.ADMIN}
    if not case_access.roles & allowed:
        names = ", ".join(sorted(role.value for role in command.roles))
        raise not_allowed(f"only {names} may do this")
    if command.category not in reachable_categories(work.principal, case_access.categories):
        # Recording what one may not read would also reveal it (the result, the event).
        raise not_allowed(
            f"{command.name} records {command.category.value} data, which you do not see"
        )
    require_open(case)
    before = await facts_of(work, case)
    result = command.apply(before, given, work.today)
    collect(work, result.violations)
    checked = work.jurisdiction(case.jurisdiction).validate_details("case", result.details, before)
    named = [_named(v) for v in checked.violations]
    errors = [v for v in named if v.severity is Severity.ERROR]
    if errors:  # the plugin's command produced details its own validation refuses
        raise DomainError([Problem(ProblemCode.RULE_VIOLATION, v.message, None, v) for v in errors])
    work.warnings.extend(v for v in named if v.severity is not Severity.ERROR)
    case.details = dict(checked.value)
    case.details_version = work.host.details_version(case.jurisdiction)
    record_event(
        work,
        case,
        result.event_kind,
        result.summary,
        case_access=case_access,
        categories=[c for c in (result.category, command.category) if c is not None],
        data=dict(result.data),
    )
    await after_change(work, case)
    return case
