"""The conformance kit's checks of the contract's value declarations and versions:
what a benefit may be granted at, optional milestones, details versions.

Each function returns findings as (method, message) pairs; `vocrehab.hooks.testing`
names the plugin and the kit case around them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from vocrehab.hooks.allowed import AllowedValues
from vocrehab.hooks.jurisdiction import DetailsTarget, Jurisdiction
from vocrehab.hooks.orientation import pending
from vocrehab.hooks.types import BenefitTypeInfo, MilestoneInfo, OrientationInfo
from vocrehab.hooks.versions import current_details_version, upgraded_details, version_problems
from vocrehab.hooks.vocabulary import Severity

__all__ = [
    "allowed_samples",
    "amount_samples",
    "benefit_type_findings",
    "optional_blocker_findings",
    "version_findings",
]

Finding = tuple[str, str]

_TARGETS: tuple[DetailsTarget, ...] = ("case", "assessment", "intervention")


def allowed_samples(allowed: AllowedValues) -> list[int]:
    """A few values `allowed` allows: the lowest and highest of every part, and one
    inside each range (never the whole of a long range)."""
    found = set(allowed.values)
    for r in allowed.ranges:
        if r.step < 1 or r.minimum > r.maximum:
            continue
        last = r.minimum + (r.maximum - r.minimum) // r.step * r.step
        middle = r.minimum + (r.maximum - r.minimum) // (2 * r.step) * r.step
        found |= {r.minimum, middle, last}
    return sorted(found)


def amount_samples(benefit: BenefitTypeInfo) -> list[int | None]:
    """The amounts a kit benefit period of this type is granted at (None: no amount)."""
    if benefit.amounts is None:
        return [None]
    return list(allowed_samples(benefit.amounts.allowed)) or [None]


def benefit_type_findings(benefits: Sequence[BenefitTypeInfo]) -> list[Finding]:
    """Degrees and amounts the platform could not enforce, or that contradict themselves."""
    return [
        ("benefit_types", f"{benefit.code}: {problem}")
        for benefit in benefits
        for problem in benefit.problems()
    ]


def optional_blocker_findings(
    milestones: Sequence[MilestoneInfo], orientation: OrientationInfo, today: date
) -> list[Finding]:
    """An optional milestone past its due date is a possibility missed, not a blocker:
    no blocker may name it (in any language it is named in)."""
    missed = [m for m in pending(milestones) if m.optional and m.due_date < today]
    found = []
    for milestone in missed:
        names = {name for name in milestone.names.values() if len(name) >= 3}
        for blocker in orientation.blockers:
            if any(name in text for name in names for text in blocker.values()):
                found.append(
                    ("orientation", f"optional milestone {milestone.code} is past due, and a "
                     "blocker names it: an optional milestone never blocks (use "
                     "vocrehab.hooks.overdue, which skips it)")
                )  # fmt: skip
                break
    return found


def version_findings(jurisdiction: Jurisdiction) -> list[Finding]:
    """The details versions: declared so the platform can upgrade, and every older
    version's empty details upgraded to current details the jurisdiction accepts, the
    same every time."""
    problems = version_problems(jurisdiction)
    if problems:
        return [("details_version", p) for p in problems]
    found = []
    for version in range(1, current_details_version(jurisdiction)):
        for target in _TARGETS:
            method = f"upgrade_details({target}, version {version})"
            upgraded = upgraded_details(jurisdiction, target, {}, version)
            if upgraded_details(jurisdiction, target, {}, version) != upgraded:
                found.append((method, "upgrades the same details differently"))
            checked = jurisdiction.validate_details(target, upgraded, None)
            errors = [v for v in checked.violations if v.severity is Severity.ERROR]
            if errors:
                found.append(
                    (method, "empty details of an older version upgrade to details "
                     "validate_details refuses: " + "; ".join(v.message for v in errors))
                )  # fmt: skip
    return found
