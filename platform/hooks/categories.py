"""Who may see which category of a participant's data (AUTHZ.md), and what a
document may therefore hold.

Part of the contract because plugins reason about it too: a document kind
names its audiences, and the snapshot it is rendered from holds only what the
requester and every audience may see. The platform's access policy
(vocrehab.core.policy) is built on these same tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from vocrehab.hooks.types import CaseFacts, DocumentKindInfo
from vocrehab.hooks.vocabulary import DataCategory as C
from vocrehab.hooks.vocabulary import StakeholderType as R

__all__ = ["ALL_CATEGORIES", "CATEGORIES_BY_ROLE", "NEVER", "document_categories", "minimised"]

ALL_CATEGORIES = frozenset(C)

# AUTHZ.md, "Data categories by default". DOCUMENTS for EMPLOYER and PROVIDER
# means their own kinds only, decided per document.
CATEGORIES_BY_ROLE: dict[R, frozenset[C]] = {
    R.PARTICIPANT: ALL_CATEGORIES,
    R.EMPLOYER: frozenset({C.PLAN, C.DOCUMENTS}),
    R.CLINICIAN: frozenset({C.CONTACT, C.MEDICAL, C.PLAN, C.DOCUMENTS}),
    R.CASE_MANAGER: ALL_CATEGORIES,
    R.EMPLOYMENT_OFFICER: frozenset({C.CONTACT, C.PLAN, C.BENEFITS, C.DOCUMENTS}),
    R.REHAB_COORDINATOR: ALL_CATEGORIES,
    R.PROVIDER: frozenset({C.PLAN, C.DOCUMENTS}),
    R.ADMIN: ALL_CATEGORIES,
}

# What no role, membership or consent can ever give: Norwegian and Swedish law
# both keep the diagnosis from the employer.
NEVER: dict[R, frozenset[C]] = {R.EMPLOYER: frozenset({C.MEDICAL})}


def _without(value: Any, paths: list[list[str]]) -> Any:
    """`value` (details JSON) without the keys at `paths`."""
    if isinstance(value, list | tuple):
        return tuple(_without(item, paths) for item in value)
    if not isinstance(value, Mapping):
        return value
    here = {path[0] for path in paths if len(path) == 1}
    deeper: dict[str, list[list[str]]] = {}
    for path in paths:
        if len(path) > 1:
            deeper.setdefault(path[0], []).append(path[1:])
    return MappingProxyType(
        {
            key: _without(item, deeper[key]) if key in deeper else item
            for key, item in value.items()
            if key not in here
        }
    )


def document_categories(requester: Iterable[C], kind: DocumentKindInfo) -> frozenset[C]:
    """What a document of `kind` may hold for a requester who sees `requester`:
    narrowed to what every audience of the kind sees by default."""
    allowed = set(requester)
    for audience in kind.audiences:
        allowed &= CATEGORIES_BY_ROLE[audience] - NEVER.get(audience, frozenset())
    return frozenset(allowed)


def minimised(
    facts: CaseFacts,
    categories: Iterable[C],
    details: Mapping[str, C] | None = None,
    roles_mask: int | None = None,
) -> CaseFacts:
    """The case without the data categories a reader (or a document) may not see.

    `details` names the category of keys of the case's `details` that the
    jurisdiction declares (`Jurisdiction.details_categories`; a dotted path names a
    key inside an object, or inside each object of a list); keys of a hidden
    category are dropped. Events revealing a hidden category are dropped, and so,
    given the reader's `roles_mask`, are events about what none of those roles reads.
    Meeting minutes of a hidden category are left out (the meeting stays).
    """
    shown = set(categories)
    hidden = [
        path.split(".") for path, category in (details or {}).items() if category not in shown
    ]
    if hidden:
        facts = replace(facts, details=_without(facts.details, hidden))
    events = tuple(
        e
        for e in facts.events
        if e.categories <= shown
        and (roles_mask is None or e.roles_mask is None or e.roles_mask & roles_mask)
    )
    if len(events) != len(facts.events):
        facts = replace(facts, events=events)
    if any(mt.minutes is not None and mt.minutes_category not in shown for mt in facts.meetings):
        meetings = tuple(
            mt if mt.minutes_category in shown else replace(mt, minutes=None)
            for mt in facts.meetings
        )
        facts = replace(facts, meetings=meetings)
    if C.MEDICAL not in shown:
        cleaned = tuple(
            replace(a, diagnoses=(), icf_codes=(), functional_limitations=None,
                    activity_limitations=None, prognosis=None, details={})
            for a in facts.assessments
        )  # fmt: skip
        facts = replace(facts, assessments=cleaned)
    if C.BENEFITS not in shown:
        facts = replace(facts, benefits=(), history=None)
    if C.CONTACT not in shown:
        facts = replace(
            facts, participant=replace(facts.participant, national_id=None, birth_date=None)
        )
    return facts
