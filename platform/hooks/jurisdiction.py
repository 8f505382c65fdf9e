"""The `Jurisdiction` protocol: what one country's (or the generic) rules provide.

A plugin returns objects of this shape from `vocrehab_register_jurisdictions`.
The platform dispatches on a case's jurisdiction code, so a method is only ever
asked about cases of its own jurisdiction. Every method is synchronous and pure:
it receives frozen snapshots and returns values; the platform does the I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal, Protocol, runtime_checkable

from vocrehab.hooks.types import (
    AssessmentKindInfo,
    BenefitTypeInfo,
    CaseCommand,
    CaseFacts,
    Change,
    DetailsCheck,
    DocumentKindInfo,
    DocumentSnapshot,
    HandoverSection,
    IdCheck,
    InterventionTypeInfo,
    MilestoneInfo,
    OrientationInfo,
    RenderedDocument,
    RuleInfo,
    Texts,
    Violation,
)

__all__ = [
    "DatedNationalIds",
    "DetailsTarget",
    "DocumentRenderer",
    "HandoverWriter",
    "Jurisdiction",
    "check_national_id",
    "handover_sections",
]

DetailsTarget = Literal["case", "assessment", "intervention"]


@runtime_checkable
class Jurisdiction(Protocol):
    """A jurisdiction's rules.

    Optional member, read with a default when absent: `details_categories:
    Mapping[str, DataCategory]` names the data category of keys of the case's
    `details` (a dotted path reaches into an object, or each object of a list),
    e.g. `{"chainExceptions": DataCategory.MEDICAL}`. Keys not named are PLAN.
    A reader without the category gets a snapshot without the key: what the
    plugin computes for them (orientation, findings, details) cannot use it.

    Optional member `event_kinds: Mapping[str, str]`: every `event_kind` its case
    commands return, each with what happened in English, e.g.
    `{"no.sick_note.recorded": "A sick note was recorded."}`. Kinds start with the
    jurisdiction's code and a dot, and never with one of the platform's namespaces
    (case., plan., ...). They join the `CaseEventKind` enum when the
    schema is built (a clash stops start-up); a command returning a kind not
    listed fails instead of storing an event no client can read.

    Optional method: `demo() -> vocrehab.hooks.demo.Demo`, the jurisdiction's demo
    caseload as data, played back by `vocrehab demo seed` (none when absent).

    Optional member `history_days: int` (default 0: none): how many days back
    the jurisdiction's rules look at the participant's earlier cases. The
    platform then fills `CaseFacts.history` with the sick periods and benefit
    periods of earlier cases of the same jurisdiction within that window.

    Optional members `details_version: int` (default 1) and
    `upgrade_details(target, details, version) -> Mapping[str, Any]`: the version
    of the jurisdiction's `details` format, and how details written in `version`
    look in version + 1. Stored details are brought to the current version before
    any method sees them, on every read and every write (`vocrehab.hooks.versions`);
    a write records the current version. Pure and deterministic, as every method.
    """

    # ---------------------------------------------------------------- identity
    code: str
    """Unique code, e.g. "no", "se", "generic"."""
    names: Texts
    country: str | None
    """ISO 3166-1 alpha-2, None for a jurisdiction-neutral one."""
    languages: tuple[str, ...]
    """Languages its texts come in; always includes "en"."""
    reference_prefix: str
    """Prefix of human-friendly case references, e.g. "SE" -> SE-2026-000123."""
    schema_prefix: str
    """Prefix of the GraphQL names it contributes, e.g. "nav" (navRecordDialogueMeeting)."""

    # ---------------------------------------------------------------- reference data
    # Fixed for the object's lifetime: the platform asks each listing once (on first
    # use, checked against the contract) and answers from memory after that. A
    # listing that depends on options is built from them in `__init__`.
    def benefit_types(self) -> Sequence[BenefitTypeInfo]: ...

    def intervention_types(self) -> Sequence[InterventionTypeInfo]: ...

    def assessment_kinds(self) -> Sequence[AssessmentKindInfo]: ...

    def document_kinds(self) -> Sequence[DocumentKindInfo]: ...

    def rules(self) -> Sequence[RuleInfo]:
        """Every rule `evaluate`, `validate_details` and `assess` can report."""
        ...

    # ---------------------------------------------------------------- validation
    def validate_national_id(self, value: str) -> IdCheck:
        """Check and normalize a national id written in a form that needs no date.

        A jurisdiction whose ids are read relative to the day (a form without the
        century) also implements `DatedNationalIds`; the platform then asks that.
        """
        ...

    def validate_organisation_number(self, value: str) -> IdCheck: ...

    def validate_details(
        self, target: DetailsTarget, details: Mapping[str, Any], case: CaseFacts | None
    ) -> DetailsCheck:
        """Validate and normalize the `details` JSON of a case, assessment or intervention.

        `case` is the case it belongs to (None while a case is being opened).
        """
        ...

    def evaluate(self, change: Change, case: CaseFacts) -> Sequence[Violation]:
        """Rules on a proposed change; `case` is the state before it.

        An ERROR violation stops the mutation; WARNINGs are reported with the result.
        """
        ...

    # ---------------------------------------------------------------- time and orientation
    def milestones(self, case: CaseFacts) -> Sequence[MilestoneInfo]:
        """Deadlines for the case. Deterministic: the same facts give the same milestones."""
        ...

    def assess(self, case: CaseFacts, today: date) -> Sequence[Violation]:
        """What the rules find wrong or missing in the case as it stands today."""
        ...

    def orientation(
        self, case: CaseFacts, milestones: Sequence[MilestoneInfo], today: date
    ) -> OrientationInfo:
        """Where the case stands, what comes next and who acts, and what blocks it."""
        ...

    # ---------------------------------------------------------------- schema
    def details_type(self) -> type | None:
        """The strawberry type (implementing `JurisdictionDetails`) for case details."""
        ...

    def present_details(self, case: CaseFacts) -> object | None:
        """An instance of `details_type()` for a case, or None."""
        ...

    def case_commands(self) -> Sequence[CaseCommand]:
        """Mutations that change the case details this jurisdiction defines."""
        ...


@runtime_checkable
class DocumentRenderer(Protocol):
    """What a jurisdiction that declares document kinds also implements."""

    def render_document(self, snapshot: DocumentSnapshot) -> RenderedDocument:
        """Render `snapshot.request.kind_code` in `snapshot.request.format` and `.lang`.

        Deterministic: the same snapshot gives the same bytes. Called only for
        kinds and formats `document_kinds()` declares.
        """
        ...


@runtime_checkable
class DatedNationalIds(Protocol):
    """What a jurisdiction whose national ids are read relative to a day also implements.

    Some forms of an id depend on the day they are read: a Swedish 10-digit
    personnummer has no century, which follows from its separator and the year
    it is read in. Optional: the platform calls it, through `check_national_id`,
    wherever it knows the day, and falls back to `validate_national_id`.
    """

    def validate_national_id_on(self, value: str, today: date) -> IdCheck:
        """`validate_national_id`, also accepting the forms that need `today` to be read.

        Stores the normalized form (`IdCheck.normalized`) and says in
        `IdCheck.message` which form was read, when it was not the normalized one.
        """
        ...


def check_national_id(jurisdiction: Jurisdiction, value: str, today: date) -> IdCheck:
    """A national id checked as of `today` where the jurisdiction reads ids by the day."""
    if isinstance(jurisdiction, DatedNationalIds):
        return jurisdiction.validate_national_id_on(value, today)
    return jurisdiction.validate_national_id(value)


@runtime_checkable
class HandoverWriter(Protocol):
    """What a jurisdiction with something of its own to hand over also implements.

    Optional: the platform writes every handover brief (decisions, benefit
    periods, plans, assessments, open steps, who did what last, open questions)
    and asks this for the sections only the jurisdiction knows about (its
    meetings, its forms, its exceptions). `case` is minimised to the reader, as
    for `orientation`; a line of a category the reader lacks is left out anyway.
    """

    def handover_sections(
        self, case: CaseFacts, since: date | None, today: date
    ) -> Sequence[HandoverSection]:
        """Sections for a brief of what happened since `since` (None: since the start)."""
        ...


def handover_sections(
    jurisdiction: Jurisdiction, case: CaseFacts, since: date | None, today: date
) -> tuple[HandoverSection, ...]:
    """The jurisdiction's own handover sections; none for one that writes none."""
    if isinstance(jurisdiction, HandoverWriter):
        return tuple(jurisdiction.handover_sections(case, since, today))
    return ()
