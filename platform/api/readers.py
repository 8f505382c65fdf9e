"""What the operation's reader may see of one case or one participant.

The statements that load cases and participants return the reader's team roles
and consented categories as bit columns (`core.policy`); here they become a
`Reader`: the reader's roles and the data categories they see, narrowed to what
the token's scopes reach. Readers are memoised per operation by their bits, so
a page of fifty cases on one caseload builds one or two of them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vocrehab.core.masks import categories_in_mask, category_mask, role_mask
from vocrehab.core.policy import OWN_DOCUMENTS_ONLY, CaseAccess, reachable_categories
from vocrehab.hooks.categories import ALL_CATEGORIES
from vocrehab.hooks.vocabulary import DataCategory, StakeholderType
from vocrehab.hooks.vocabulary import StakeholderType as R

if TYPE_CHECKING:
    from vocrehab.api.context import Context

__all__ = ["Reader", "case_reader", "participant_reader"]

ALL_BITS = category_mask(ALL_CATEGORIES)


@dataclass(frozen=True)
class Reader:
    roles: frozenset[R]
    """The reader's roles (team roles today, PARTICIPANT, ADMIN)."""
    categories: frozenset[DataCategory]
    """The categories the reader sees: the relationship's, as far as the scopes reach."""

    @property
    def hidden_bits(self) -> int:
        """The category bits the reader does not see (rows carrying any are skipped)."""
        return ALL_BITS & ~category_mask(self.categories)

    @property
    def note_roles(self) -> int | None:
        """The roles whose notes the reader reads, as bits (None: every note, ADMIN)."""
        return None if R.ADMIN in self.roles else role_mask(self.roles)

    @property
    def own_documents_only(self) -> bool:
        """An employer or provider (and nothing more) reads only their own kinds."""
        return not self.roles - OWN_DOCUMENTS_ONLY

    def sees(self, category: DataCategory) -> bool:
        return category in self.categories

    def reads_note(self, visible_mask: int) -> bool:
        """A note is visible to some roles (`reads` filters lists the same way in SQL)."""
        roles = self.note_roles
        return roles is None or bool(visible_mask & roles)

    def sees_event(self, category_mask: int, roles_mask: int | None) -> bool:
        """An event reveals nothing the reader may not see (`reads` does it in SQL)."""
        if not categories_in_mask(category_mask) <= self.categories:
            return False
        return roles_mask is None or self.reads_note(roles_mask)

    def reads_document(
        self,
        categories_mask: int,
        audiences: Iterable[StakeholderType],
        own: bool,
    ) -> bool:
        """Every category of its content; for an employer or provider (and nothing
        more) also their own kinds: those whose audiences name them, or that they made."""
        if not categories_in_mask(categories_mask) <= self.categories:
            return False
        return not self.own_documents_only or own or bool(set(audiences) & self.roles)


def _reader(ctx: Context, key: tuple[object, ...], access: CaseAccess | None) -> Reader | None:
    if access is None:
        ctx.memo[key] = None
        return None
    reader = Reader(access.roles, reachable_categories(ctx.principal, access.categories))
    ctx.memo[key] = reader
    return reader


def case_reader(
    ctx: Context, participant_id: uuid.UUID, role_bits: int, consent_bits: int
) -> Reader | None:
    """The reader of a case row loaded with `reads.case_access_columns` (None: hidden)."""
    own = ctx.principal.participant_id == participant_id
    key = ("reader", role_bits, consent_bits, own)
    if key in ctx.memo:
        return ctx.memo[key]  # type: ignore[no-any-return]
    # The ids only name the access; the decision depends on the bits and `own`.
    access = CaseAccess.of_bits(
        ctx.principal, participant_id, participant_id, role_bits, consent_bits
    )
    return _reader(ctx, key, access)


def participant_reader(
    ctx: Context, participant_id: uuid.UUID, role_bits: int, consent_bits: int
) -> Reader | None:
    """The reader of a participant row loaded with `reads.participant_access_columns`."""
    return case_reader(ctx, participant_id, role_bits, consent_bits)
