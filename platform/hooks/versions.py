"""Details versions: changing what a jurisdiction's `details` hold without breaking old cases.

Stored details keep the format they were written in. A jurisdiction that changes
its format (drops a key, renames one, nests two under a third) declares the new
format's number and how to bring a stored object one version forward:

    class DkJurisdiction(JurisdictionBase):
        details_version = 2

        def upgrade_details(self, target, details, version):
            if version == 1 and target == "case":      # 1 -> 2: followUpWeek became followUpDay
                week = details.get("followUpWeek")
                rest = {k: v for k, v in details.items() if k != "followUpWeek"}
                return rest if week is None else {**rest, "followUpDay": week * 7}
            return details

The platform records with every details object the version it was written in
(version 1 before a jurisdiction declared any), and upgrades older ones step by
step (1 -> 2 -> 3, one call each) before any method of the jurisdiction sees
them: in every snapshot it reads, and before a change merges into them. A
write stores the current version. So `validate_details`, `evaluate`, the case
commands and `present_details` only ever see the current format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vocrehab.hooks.jurisdiction import DetailsTarget, Jurisdiction

__all__ = ["current_details_version", "upgraded_details", "version_problems"]


def current_details_version(jurisdiction: Jurisdiction) -> int:
    """The version of the jurisdiction's details format (1 when it declares none)."""
    version = getattr(jurisdiction, "details_version", 1)
    return version if isinstance(version, int) and not isinstance(version, bool) else 1


def upgraded_details(
    jurisdiction: Jurisdiction, target: DetailsTarget, details: Mapping[str, Any], version: int
) -> Mapping[str, Any]:
    """`details`, written in `version`, in the jurisdiction's current format."""
    current = current_details_version(jurisdiction)
    upgrade = getattr(jurisdiction, "upgrade_details", None)
    while version < current and upgrade is not None:
        details = upgrade(target, details, version)
        version += 1
    return details


def version_problems(jurisdiction: Jurisdiction) -> list[str]:
    """What keeps the platform from upgrading stored details (start-up refuses it)."""
    version = getattr(jurisdiction, "details_version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return [f"details_version must be a whole number from 1, got {version!r}"]
    if version > 1 and not callable(getattr(jurisdiction, "upgrade_details", None)):
        return [
            f"details_version is {version}, but there is no upgrade_details(target, details, "
            "version) to bring details written in an older version forward"
        ]
    return []
