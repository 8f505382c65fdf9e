"""Case notes: short messages between the team, each visible to chosen roles."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from vocrehab.core.casework import (
    acting_role,
    after_change,
    case_for_change,
    record_event,
)
from vocrehab.core.errors import not_allowed
from vocrehab.core.policy import Action, role_mask
from vocrehab.core.validation import Checks
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.db.base import new_id
from vocrehab.hooks.vocabulary import StakeholderType

__all__ = ["AddNote", "add_note"]


@dataclass(frozen=True)
class AddNote:
    case_id: uuid.UUID
    body: str
    visible_to: Sequence[StakeholderType] | None = None
    """Roles that may read it; absent means only the author's role (private by default)."""


async def add_note(work: Work, cmd: AddNote) -> m.CaseNote:
    case_id = cmd.case_id
    case, case_access = await case_for_change(work, case_id, Action.ADD_NOTE)
    if work.principal.actor_id is None:
        raise not_allowed("a note needs an author: use a token that acts as an actor")
    checks = Checks()
    body = checks.text(("body",), cmd.body, required=True)
    checks.capped(("visible_to",), cmd.visible_to, len(StakeholderType))
    checks.done()
    role = acting_role(work, case_access)
    is_participant = role is StakeholderType.PARTICIPANT
    note = m.CaseNote(
        id=new_id(),
        case_id=case.id,
        author_id=work.principal.actor_id,
        author_participant_id=work.principal.participant_id if is_participant else None,
        author_role=role,
        body=body,
        visible_mask=role_mask([role, *(cmd.visible_to or [])]),
        created_at=work.clock.now(),
    )
    work.session.add(note)
    # The body stays out of the timeline: notes have their own visibility.
    # ...and so does the event: it is listed only to the roles that read the note.
    record_event(
        work, case, "note.added", f"Note added by the {role.value.replace('_', ' ').lower()}",
        case_access=case_access, roles=note.visible_mask, data={"noteId": str(note.id)},
    )  # fmt: skip
    await after_change(work, case)
    return note
