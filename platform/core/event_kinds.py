"""The kinds of event on a case's timeline: the platform's own, and those the
installed jurisdictions declare (`Jurisdiction.event_kinds`).

A kind is a dotted lower-case name ("plan.activated"). Clients read it as the
enum value of `CaseEvent.eventKind` (PLAN_ACTIVATED), so every kind that can be
stored is known when the schema is built: a jurisdiction's kinds start with its
code by convention ("no.sick_note.recorded") and never one of the platform's
namespaces ("case.", "plan.", ...), and an event of a kind nobody declared is a
plugin bug that stops the change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import DataCategory

__all__ = [
    "CATEGORIES",
    "DIGEST_NAMESPACE",
    "EVENT_KINDS",
    "WEBHOOK_NAMESPACE",
    "UndeclaredEventKind",
    "check_kind",
    "declared_kinds",
    "enum_name",
]

EVENT_KINDS: Mapping[str, str] = {
    "case.opened": "The case was opened.",
    "case.updated": "The case's status, employment, employer or details changed.",
    "case.phase_changed": "The case moved to another return-to-work phase.",
    "case.reopened": "A closed case was opened again.",
    "case.closed": "The case was closed.",
    "team.member_added": "Someone joined the case team.",
    "team.member_removed": "Someone left the case team.",
    "team.member_replaced": "A team member handed the case over to another in the same role.",
    "step.assigned": "A step of the plan was given to a team member, or handed back to the role.",
    "meeting.scheduled": "A meeting of the team was called for a day.",
    "meeting.held": "A meeting of the team was held (its minutes reach only those who read "
    "their category).",
    "meeting.cancelled": "A meeting of the team was cancelled.",
    "participant.updated": "The participant's details changed (CONTACT when only they did).",
    "consent.granted": "The participant granted a consent.",
    "consent.revoked": "The participant revoked a consent.",
    "plan.created": "A plan was drafted (a new version if the case had plans).",
    "plan.updated": "A draft plan changed.",
    "plan.activated": "A plan became the ACTIVE one.",
    "plan.approved": "A team member approved a plan.",
    "plan.superseded": "A newer plan replaced the active one.",
    "plan.completed": "The active plan was completed as the case closed.",
    "plan.cancelled": "A draft plan was cancelled as the case closed.",
    "assessment.recorded": "An assessment was recorded: its kind reaches the team; its "
    "findings (diagnoses, limitations, prognosis) are MEDICAL fields of the Assessment.",
    "intervention.proposed": "An intervention was proposed.",
    "intervention.referred": "A participant was referred to an intervention.",
    "intervention.active": "An intervention started.",
    "intervention.completed": "An intervention was completed.",
    "intervention.discontinued": "An intervention was stopped before its end.",
    "benefit.granted": "A benefit period was granted.",
    "benefit.ended": "A benefit period was given an end date.",
    "note.added": "A note was added (reaching only the roles that read it).",
    "document.generated": "A document was rendered and stored.",
}

CATEGORIES: Mapping[str, DataCategory] = {
    "benefit.granted": DataCategory.BENEFITS,
    "benefit.ended": DataCategory.BENEFITS,
    "document.generated": DataCategory.DOCUMENTS,
}
"""The data category a platform event reveals by its type alone (webhooks and
subscriptions send it only to those who see it); the others reveal none."""

WEBHOOK_NAMESPACE = "webhook"
"""The webhook machinery's own messages (webhook.test, ...): no case event."""
DIGEST_NAMESPACE = "digest"
"""The daily digest (digest.daily): a message per reader, no case event."""

_KIND = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_PLATFORM_NAMESPACES = frozenset(
    {*(kind.split(".", 1)[0] for kind in EVENT_KINDS), WEBHOOK_NAMESPACE, DIGEST_NAMESPACE}
)


class UndeclaredEventKind(RuntimeError):
    """A jurisdiction recorded an event of a kind it does not declare."""


def enum_name(kind: str) -> str:
    """The GraphQL enum value of a kind: "no.sick_note.recorded" -> NO_SICK_NOTE_RECORDED."""
    return kind.replace(".", "_").upper()


def declared_kinds(host: PluginHost, code: str) -> Mapping[str, str]:
    """What a jurisdiction declares: kind -> what happened, in English.

    Each kind must be a dotted lower-case name outside the platform's namespaces,
    so a plugin's event never passes for one of the platform's.
    """
    jurisdiction = host.jurisdiction(code)
    declared: Mapping[str, str] = getattr(jurisdiction, "event_kinds", None) or {}
    for kind in declared:
        if not _KIND.match(kind) or kind.split(".", 1)[0] in _PLATFORM_NAMESPACES:
            raise UndeclaredEventKind(
                f"jurisdiction {code!r}: event kind {kind!r} must be a dotted lower-case "
                f"name outside the platform's namespaces ({', '.join(sorted(_PLATFORM_NAMESPACES))}); "
                f"start it with {code + '.'!r}"
            )
    return declared


def check_kind(host: PluginHost, jurisdiction: str, kind: str) -> None:
    """Refuse an event of a kind neither the platform nor the case's jurisdiction declares."""
    if kind in EVENT_KINDS:
        return
    declared = getattr(host.jurisdiction(jurisdiction), "event_kinds", None) or {}
    if kind in declared:
        return
    raise UndeclaredEventKind(
        f"event kind {kind!r} is not declared: jurisdiction {jurisdiction!r} must list it "
        "in its event_kinds"
    )
