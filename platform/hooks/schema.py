"""GraphQL pieces of the plugin contract.

A plugin's case-details type implements `JurisdictionDetails`; the platform
exposes it as `Case.jurisdictionDetails`, so clients select the fields of
their jurisdiction with an inline fragment (`... on GenericCaseDetails`).
"""

from __future__ import annotations

import strawberry

__all__ = ["JurisdictionDetails"]


@strawberry.interface(description="Implemented by each jurisdiction plugin's own details type.")
class JurisdictionDetails:
    jurisdiction_code: str
