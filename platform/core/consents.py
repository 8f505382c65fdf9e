"""Consents: a participant lets a named actor see a data category for a while.

The policy honours a consent from its first day and stops on revocation or
expiry (platform/core/access.py reads them on every request). A consent never
gives what AUTHZ.md marks as *never*: an employer never sees diagnoses, so such
a consent cannot even be granted.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from vocrehab.core import access
from vocrehab.core.casework import record_event
from vocrehab.core.errors import ProblemCode, invalid_state, not_found
from vocrehab.core.masks import category_mask
from vocrehab.core.policy import NEVER, Action, authorize, require_scope
from vocrehab.core.validation import Checks
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.db.base import new_id
from vocrehab.hooks.vocabulary import CaseStatus, DataCategory, StakeholderType

__all__ = ["GrantConsent", "grant_consent", "revoke_consent"]


@dataclass(frozen=True)
class GrantConsent:
    participant_id: uuid.UUID
    grantee_id: uuid.UUID
    categories: Sequence[DataCategory]
    valid_from: date | None = None
    valid_to: date | None = None


async def _participant_for_change(
    work: Work, participant_id: uuid.UUID, field: tuple[str, ...]
) -> m.Participant:
    seen = await access.participant_access(
        work.session, work.principal, [participant_id], work.today
    )
    if participant_id not in seen:
        raise not_found("no such participant", field)
    # Only the participant themselves (or the platform operator) decides on consent.
    roles = seen[participant_id].roles & {StakeholderType.PARTICIPANT, StakeholderType.ADMIN}
    authorize(work.principal, Action.MANAGE_CONSENT, roles)
    participant = await work.session.get(m.Participant, participant_id, with_for_update=True)
    if participant is None:
        raise not_found("no such participant", field)
    return participant


async def grant_consent(work: Work, cmd: GrantConsent) -> m.Consent:
    participant = await _participant_for_change(work, cmd.participant_id, ("participant_id",))
    checks = Checks()
    grantee_id = cmd.grantee_id
    grantee = await work.session.get(m.Actor, grantee_id)
    if grantee is None or grantee.stakeholder_type is StakeholderType.PARTICIPANT:
        checks.fail(("grantee_id",), "no such actor", ProblemCode.NOT_FOUND)
    categories = sorted(set(cmd.categories))
    if not categories:
        checks.fail(("categories",), "name at least one category")
    if grantee is not None:
        never = sorted(
            c.value for c in set(categories) & NEVER.get(grantee.stakeholder_type, frozenset())
        )
        if never:
            checks.fail(
                ("categories",),
                f"a {grantee.stakeholder_type.value.lower()} can never be shown {', '.join(never)} data",
            )
    valid_from = cmd.valid_from or work.today
    if valid_from < work.today:
        checks.fail(("valid_from",), "a consent cannot start in the past")
    checks.ordered(("valid_to",), valid_from, cmd.valid_to)
    checks.done()
    consent = m.Consent(
        id=new_id(),
        participant_id=participant.id,
        grantee_id=grantee_id,
        categories=[c.value for c in categories],
        categories_mask=category_mask(categories),
        valid_from=valid_from,
        valid_to=cmd.valid_to,
        created_at=work.clock.now(),
    )
    work.session.add(consent)
    assert grantee is not None
    summary = f"Consent given to {grantee.name}: {', '.join(c.value for c in categories)}"
    await _on_open_cases(work, participant, "consent.granted", summary)
    await work.session.flush()
    return consent


async def revoke_consent(work: Work, consent_id: uuid.UUID) -> m.Consent:
    # The scope first, and one answer for a consent that does not exist and one that
    # is not the caller's: nobody learns which consents exist by trying ids.
    require_scope(work.principal, Action.MANAGE_CONSENT.scope)
    participant_id = await work.session.scalar(
        sa.select(m.Consent.participant_id).where(m.Consent.id == consent_id)
    )
    own = work.principal.is_admin or work.principal.participant_id == participant_id
    if participant_id is None or not own:
        raise not_found("no such consent", ("consent_id",))
    participant = await _participant_for_change(work, participant_id, ("consent_id",))
    consent = await work.session.get(m.Consent, consent_id, with_for_update=True)
    assert consent is not None
    if consent.revoked_at is not None:
        raise invalid_state("the consent is already revoked", ("consent_id",))
    consent.revoked_at = work.clock.now()
    grantee = await work.session.get(m.Actor, consent.grantee_id)
    summary = f"Consent to {grantee.name if grantee else 'an actor'} revoked"
    await _on_open_cases(work, participant, "consent.revoked", summary)
    await work.session.flush()
    return consent


async def _on_open_cases(work: Work, participant: m.Participant, kind: str, summary: str) -> None:
    """A consent changes what the team of every open case sees: each timeline tells it."""
    cases = await work.session.scalars(
        sa.select(m.Case).where(
            m.Case.participant_id == participant.id, m.Case.status != CaseStatus.CLOSED
        )
    )
    for case in cases:
        record_event(work, case, kind, summary)
