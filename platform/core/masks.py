"""Roles and data categories as bit masks: how notes, events, consents and documents
store who may see them, so SQL can test visibility with one `&`."""

from __future__ import annotations

from collections.abc import Iterable

from vocrehab.hooks.vocabulary import DataCategory as C
from vocrehab.hooks.vocabulary import StakeholderType as R

__all__ = [
    "CATEGORY_BITS",
    "ROLE_BITS",
    "categories_in_mask",
    "category_mask",
    "role_bit",
    "role_mask",
    "roles_in_mask",
]


def role_bit(role: R) -> int:
    return ROLE_BITS[role]


def role_mask(roles: Iterable[R]) -> int:
    mask = 0
    for role in roles:
        mask |= ROLE_BITS[role]
    return mask


def roles_in_mask(mask: int) -> list[R]:
    return [role for role in R if mask & ROLE_BITS[role]]


ROLE_BITS = {role: 1 << i for i, role in enumerate(R)}
CATEGORY_BITS = {category: 1 << i for i, category in enumerate(C)}


def category_mask(categories: Iterable[C]) -> int:
    """Categories as bits (stored on consents, events and documents, so SQL can test them)."""
    mask = 0
    for category in categories:
        mask |= CATEGORY_BITS[C(category)]
    return mask


def categories_in_mask(mask: int) -> frozenset[C]:
    return frozenset(c for c, bit in CATEGORY_BITS.items() if mask & bit)
