"""The tables. One class per table; relationships are not declared on purpose:
every read goes through an explicit query (a DataLoader batch or a service), so
no attribute access can lazily issue SQL behind a resolver's back.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from vocrehab.db.base import Base, JSONType, UTCDateTime, new_id, utcnow
from vocrehab.hooks.vocabulary import (
    ActorKind,
    CaseStatus,
    DataCategory,
    DocumentFormat,
    EmploymentStatus,
    InterventionStatus,
    MeetingStatus,
    PlanStatus,
    ReturnToWorkPhase,
    StakeholderType,
)

__all__ = [
    "Actor",
    "Assessment",
    "BenefitPeriod",
    "Case",
    "CaseEvent",
    "CaseNote",
    "CaseReadMarker",
    "CaseTeamMember",
    "Consent",
    "DailyDigest",
    "DeliveryStatus",
    "Diagnosis",
    "Document",
    "IdempotencyKey",
    "Intervention",
    "Meeting",
    "Milestone",
    "OAuthAccessToken",
    "OAuthAuthorizationCode",
    "OAuthClient",
    "OAuthRefreshToken",
    "OAuthUser",
    "OutboxMessage",
    "Participant",
    "Plan",
    "PlanApproval",
    "PlanStep",
    "ReferenceCounter",
    "SigningKey",
    "SubscriptionStatus",
    "WebhookDelivery",
    "WebhookSubscription",
]


def _enum(enum_cls: type) -> sa.Enum:
    # Stored as text (no native enum): adding a value needs no ALTER TYPE.
    return sa.Enum(enum_cls, native_enum=False, length=32, validate_strings=True)


def _pk() -> Mapped[uuid.UUID]:
    return mapped_column(sa.Uuid, primary_key=True, default=new_id)


def _fk(target: str, *, nullable: bool = False, ondelete: str | None = None) -> Any:
    return mapped_column(sa.ForeignKey(target, ondelete=ondelete), nullable=nullable)


def _created() -> Mapped[datetime]:
    return mapped_column(UTCDateTime, nullable=False, default=utcnow)


class Actor(Base):
    __tablename__ = "actors"

    id: Mapped[uuid.UUID] = _pk()
    kind: Mapped[ActorKind] = mapped_column(_enum(ActorKind))
    stakeholder_type: Mapped[StakeholderType] = mapped_column(_enum(StakeholderType), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    organisation_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    organisation_number: Mapped[str | None] = mapped_column(sa.String(32))
    jurisdiction: Mapped[str | None] = mapped_column(sa.String(32))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = _created()

    __table_args__ = (sa.Index("ix_actors_organisation_id", "organisation_id"),)


class Participant(Base):
    __tablename__ = "participants"

    id: Mapped[uuid.UUID] = _pk()
    jurisdiction: Mapped[str] = mapped_column(sa.String(32))
    national_id: Mapped[str | None] = mapped_column(sa.String(32))
    given_name: Mapped[str] = mapped_column(sa.String(100))
    family_name: Mapped[str] = mapped_column(sa.String(100))
    birth_date: Mapped[date | None] = mapped_column(sa.Date)
    preferred_language: Mapped[str | None] = mapped_column(sa.String(16))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    registered_by_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    # The participant's own actor (stakeholder type PARTICIPANT): what their
    # tokens act as, and who appears on their approvals and notes.
    actor_id: Mapped[uuid.UUID] = _fk("actors.id")
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _created()

    __table_args__ = (
        sa.UniqueConstraint("jurisdiction", "national_id"),
        sa.UniqueConstraint("actor_id"),
        sa.Index("ix_participants_family_name", "family_name"),
        sa.Index("ix_participants_registered_by_id", "registered_by_id"),
    )


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[uuid.UUID] = _pk()
    reference: Mapped[str] = mapped_column(sa.String(40), unique=True)
    participant_id: Mapped[uuid.UUID] = _fk("participants.id")
    jurisdiction: Mapped[str] = mapped_column(sa.String(32))
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus))
    phase: Mapped[ReturnToWorkPhase] = mapped_column(_enum(ReturnToWorkPhase))
    employment_status: Mapped[EmploymentStatus] = mapped_column(_enum(EmploymentStatus))
    employer_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    sick_leave_start: Mapped[date | None] = mapped_column(sa.Date)
    opened_at: Mapped[datetime] = _created()
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closure_reason: Mapped[str | None] = mapped_column(sa.String(500))
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # The version of the jurisdiction's details format the details were written in
    # (`Jurisdiction.details_version`); older ones are upgraded on every read and write.
    details_version: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="1")
    # Earliest due date of the unmet, applicable PLAN milestones (those every team
    # member sees), kept by the service that recomputes milestones; `next_due_sort`
    # is the same day, or 9999-12-31 without one, so "order by next due date" and
    # "overdue" are range scans over one index.
    next_due_date: Mapped[date | None] = mapped_column(sa.Date)
    next_due_sort: Mapped[date] = mapped_column(sa.Date, default=date(9999, 12, 31))
    last_event_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    updated_at: Mapped[datetime] = _created()

    __table_args__ = (
        sa.Index("ix_cases_participant_id", "participant_id"),
        sa.Index("ix_cases_employer_id", "employer_id"),
        sa.Index("ix_cases_opened_at_id", "opened_at", "id"),
        sa.Index("ix_cases_sick_leave_start_id", "sick_leave_start", "id"),
        sa.Index("ix_cases_next_due_sort_id", "next_due_sort", "id"),
    )


class CaseTeamMember(Base):
    __tablename__ = "case_team_members"

    id: Mapped[uuid.UUID] = _pk()
    case_id: Mapped[uuid.UUID] = _fk("cases.id", ondelete="CASCADE")
    actor_id: Mapped[uuid.UUID] = _fk("actors.id")
    role: Mapped[StakeholderType] = mapped_column(_enum(StakeholderType))
    since: Mapped[date] = mapped_column(sa.Date)
    until: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = _created()

    __table_args__ = (
        sa.Index("ix_case_team_members_actor_id_case_id", "actor_id", "case_id"),
        sa.Index("ix_case_team_members_case_id", "case_id"),
        # An actor is on a case's team once at a time: a membership that has not
        # ended (`until` is set only when someone leaves) is unique per actor.
        sa.Index(
            "uq_case_team_members_current", "case_id", "actor_id", unique=True,
            sqlite_where=sa.text("until IS NULL"), postgresql_where=sa.text("until IS NULL"),
        ),
    )  # fmt: skip


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[uuid.UUID] = _pk()
    case_id: Mapped[uuid.UUID] = _fk("cases.id", ondelete="CASCADE")
    version: Mapped[int] = mapped_column(sa.Integer)
    status: Mapped[PlanStatus] = mapped_column(_enum(PlanStatus))
    title: Mapped[str] = mapped_column(sa.String(200))
    goal: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _created()
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.UniqueConstraint("case_id", "version"),
        # One ACTIVE plan per case: activating one supersedes the one before.
        sa.Index(
            "uq_plans_one_active", "case_id", unique=True,
            sqlite_where=sa.text("status = 'ACTIVE'"),
            postgresql_where=sa.text("status = 'ACTIVE'"),
        ),
    )  # fmt: skip


class PlanStep(Base):
    __tablename__ = "plan_steps"

    id: Mapped[uuid.UUID] = _pk()
    plan_id: Mapped[uuid.UUID] = _fk("plans.id", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(sa.Integer)
    start_date: Mapped[date] = mapped_column(sa.Date)
    end_date: Mapped[date] = mapped_column(sa.Date)
    work_percent: Mapped[int] = mapped_column(sa.Integer)
    hours_per_week: Mapped[float | None] = mapped_column(sa.Float)
    description: Mapped[str | None] = mapped_column(sa.Text)
    adjustments: Mapped[list[str]] = mapped_column(JSONType, default=list)

    __table_args__ = (sa.UniqueConstraint("plan_id", "position"),)


class PlanApproval(Base):
    __tablename__ = "plan_approvals"

    id: Mapped[uuid.UUID] = _pk()
    plan_id: Mapped[uuid.UUID] = _fk("plans.id", ondelete="CASCADE")
    actor_id: Mapped[uuid.UUID] = _fk("actors.id")
    role: Mapped[StakeholderType] = mapped_column(_enum(StakeholderType))
    approved_at: Mapped[datetime] = _created()

    __table_args__ = (sa.UniqueConstraint("plan_id", "actor_id"),)


class Assessment(Base):
    __tablename__ = "assessments"

    id: Mapped[uuid.UUID] = _pk()
    case_id: Mapped[uuid.UUID] = _fk("cases.id", ondelete="CASCADE")
    kind: Mapped[str] = mapped_column(sa.String(64))
    assessed_at: Mapped[date] = mapped_column(sa.Date)
    assessor_id: Mapped[uuid.UUID] = _fk("actors.id")
    work_capacity_percent: Mapped[int | None] = mapped_column(sa.Integer)
    functional_limitations: Mapped[str | None] = mapped_column(sa.Text)
    activity_limitations: Mapped[str | None] = mapped_column(sa.Text)
    icf_codes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    prognosis: Mapped[str | None] = mapped_column(sa.Text)
    summary: Mapped[str | None] = mapped_column(sa.Text)
    valid_from: Mapped[date | None] = mapped_column(sa.Date)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # The version of the jurisdiction's details format the details were written in
    # (`Jurisdiction.details_version`); older ones are upgraded on every read and write.
    details_version: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = _created()

    __table_args__ = (sa.Index("ix_assessments_case_id", "case_id"),)


class Diagnosis(Base):
    __tablename__ = "diagnoses"

    id: Mapped[uuid.UUID] = _pk()
    assessment_id: Mapped[uuid.UUID] = _fk("assessments.id", ondelete="CASCADE")
    position: Mapped[int] = mapped_column(sa.Integer)
    system: Mapped[str] = mapped_column(sa.String(64))
    code: Mapped[str] = mapped_column(sa.String(32))
    text: Mapped[str | None] = mapped_column(sa.String(500))

    __table_args__ = (sa.UniqueConstraint("assessment_id", "position"),)


class Intervention(Base):
    __tablename__ = "interventions"

    id: Mapped[uuid.UUID] = _pk()
    case_id: Mapped[uuid.UUID] = _fk("cases.id", ondelete="CASCADE")
    type_code: Mapped[str] = mapped_column(sa.String(64))
    provider_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    status: Mapped[InterventionStatus] = mapped_column(_enum(InterventionStatus))
    start_date: Mapped[date | None] = mapped_column(sa.Date)
    planned_end_date: Mapped[date | None] = mapped_column(sa.Date)
    end_date: Mapped[date | None] = mapped_column(sa.Date)
    hours_per_week: Mapped[float | None] = mapped_column(sa.Float)
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # The version of the jurisdiction's details format the details were written in
    # (`Jurisdiction.details_version`); older ones are upgraded on every read and write.
    details_version: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="1")
    created_by_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _created()

    __table_args__ = (
        sa.Index("ix_interventions_case_id", "case_id"),
        sa.Index("ix_interventions_provider_id", "provider_id"),
    )


class BenefitPeriod(Base):
    __tablename__ = "benefit_periods"

    id: Mapped[uuid.UUID] = _pk()
    case_id: Mapped[uuid.UUID] = _fk("cases.id", ondelete="CASCADE")
    benefit_type_code: Mapped[str] = mapped_column(sa.String(64))
    degree: Mapped[int] = mapped_column(sa.Integer)
    start_date: Mapped[date] = mapped_column(sa.Date)
    end_date: Mapped[date | None] = mapped_column(sa.Date)
    # In whole units of the benefit type's currency, per its period (`Amounts`).
    amount: Mapped[int | None] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = _created()

    __table_args__ = (
        sa.Index("ix_benefit_periods_case_id", "case_id"),
        # Two periods of one benefit type in a case never share a day (an open
        # end runs indefinitely): that would pay the same days twice. On
        # PostgreSQL an exclusion constraint; on SQLite, which has none,
        # triggers raising the same name (migration 0005).
        postgresql.ExcludeConstraint(
            (sa.column("case_id"), "="),
            (sa.column("benefit_type_code"), "="),
            (sa.text("daterange(start_date, end_date, '[]')"), "&&"),
            name="ex_benefit_periods_no_overlap",
            using="gist",
        ).ddl_if(dialect="postgresql"),
    )


class CaseNote(Base):
    __tablename__ = "case_notes"

    id: Mapped[uuid.UUID] = _pk()
    case_id: Mapped[uuid.UUID] = _fk("cases.id", ondelete="CASCADE")
    author_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    author_participant_id: Mapped[uuid.UUID | None] = _fk("participants.id", nullable=True)
    author_role: Mapped[StakeholderType] = mapped_column(_enum(StakeholderType))
    body: Mapped[str] = mapped_column(sa.Text)
    # One bit per StakeholderType (see core.policy.role_mask): "visible to my
    # role" is `visible_mask & bit != 0`, the same SQL on SQLite and PostgreSQL.
    visible_mask: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = _created()

    __table_args__ = (sa.Index("ix_case_notes_case_id_id", "case_id", "id"),)


class Consent(Base):
    __tablename__ = "consents"

    id: Mapped[uuid.UUID] = _pk()
    participant_id: Mapped[uuid.UUID] = _fk("participants.id", ondelete="CASCADE")
    grantee_id: Mapped[uuid.UUID] = _fk("actors.id")
    categories: Mapped[list[str]] = mapped_column(JSONType)
    # The same categories as bits (core.policy.category_mask), so the read path
    # folds consent into the statement that loads a case.
    categories_mask: Mapped[int] = mapped_column(sa.Integer, default=0)
    valid_from: Mapped[date] = mapped_column(sa.Date)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = _created()

    __table_args__ = (
        sa.Index("ix_consents_participant_id", "participant_id"),
        sa.Index("ix_consents_grantee_id", "grantee_id"),
    )


class CaseEvent(Base):
    __tablename__ = "case_events"

    id: Mapped[uuid.UUID] = _pk()
    case_id: Mapped[uuid.UUID] = _fk("cases.id", ondelete="CASCADE")
    at: Mapped[datetime] = _created()
    kind: Mapped[str] = mapped_column(sa.String(64))
    actor_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    actor_role: Mapped[StakeholderType | None] = mapped_column(_enum(StakeholderType))
    summary: Mapped[str] = mapped_column(sa.String(500))
    # What the event reveals: the data categories (bits, core.policy.category_mask;
    # BENEFITS for benefit.granted) and, for an object only some roles read (a
    # note), those roles (bits, core.policy.role_mask; NULL: every role). An event
    # is listed only to readers who see all of it.
    category_mask: Mapped[int] = mapped_column(sa.Integer, default=0)
    roles_mask: Mapped[int | None] = mapped_column(sa.Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    __table_args__ = (sa.Index("ix_case_events_case_id_id", "case_id", "id"),)


class Milestone(Base):
    __tablename__ = "milestones"

    id: Mapped[uuid.UUID] = _pk()
    case_id: Mapped[uuid.UUID] = _fk("cases.id", ondelete="CASCADE")
    code: Mapped[str] = mapped_column(sa.String(64))
    position: Mapped[int] = mapped_column(sa.Integer)
    names: Mapped[dict[str, str]] = mapped_column(JSONType)
    descriptions: Mapped[dict[str, str] | None] = mapped_column(JSONType)
    due_date: Mapped[date] = mapped_column(sa.Date)
    met_on: Mapped[date | None] = mapped_column(sa.Date)
    not_applicable: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    responsible: Mapped[StakeholderType] = mapped_column(_enum(StakeholderType))
    legal_reference: Mapped[str | None] = mapped_column(sa.String(300))
    category: Mapped[DataCategory] = mapped_column(_enum(DataCategory), default=DataCategory.PLAN)
    # A team member the step is assigned to (`assignStep`): from then on it is their
    # move rather than their role's. Kept when the plugin recomputes the milestone.
    assignee_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    # Whether the step is still to be taken (unmet and applicable), kept with
    # `met_on` and `not_applicable`, so a viewer's moves are an index scan over
    # pending steps by responsible role and due date (or by assignee).
    pending: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    # A possibility rather than a duty (`MilestoneInfo.optional`): past due it is
    # OPTIONAL, never overdue, and no longer a move.
    optional: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())

    __table_args__ = (
        sa.UniqueConstraint("case_id", "code"),
        # "overdue" is a range scan over unmet, applicable milestones by due date.
        sa.Index("ix_milestones_open_due", "due_date", "case_id"),
        sa.Index("ix_milestones_moves", "pending", "responsible", "due_date", "id"),
        sa.Index("ix_milestones_assignee_id_due_date", "assignee_id", "due_date"),
    )


class CaseReadMarker(Base):
    """What an actor (a participant acts as their own actor) last saw of a case: the
    newest event then (ids are time-ordered), so the events after it are what
    changed since."""

    __tablename__ = "case_read_markers"

    actor_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True
    )
    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    seen_event_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Meeting(Base):
    """A meeting of the case team: a kind the case's jurisdiction offers, planned for a
    day, then held (with minutes and the milestones it met) or cancelled."""

    __tablename__ = "meetings"

    id: Mapped[uuid.UUID] = _pk()
    case_id: Mapped[uuid.UUID] = _fk("cases.id", ondelete="CASCADE")
    kind: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[MeetingStatus] = mapped_column(_enum(MeetingStatus))
    scheduled_for: Mapped[date | None] = mapped_column(sa.Date)
    place: Mapped[str | None] = mapped_column(sa.String(200))
    held_on: Mapped[date | None] = mapped_column(sa.Date)
    # The team members taking part (Actor ids as text), and once held the codes of
    # the milestones it met.
    participant_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    outcomes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    minutes: Mapped[str | None] = mapped_column(sa.Text)
    # What the minutes reveal: they are read only by those who see this category.
    minutes_category: Mapped[DataCategory] = mapped_column(
        _enum(DataCategory), default=DataCategory.PLAN
    )
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(500))
    created_by_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _created()

    __table_args__ = (sa.Index("ix_meetings_case_id_id", "case_id", "id"),)


class DailyDigest(Base):
    """The days whose digest was issued (webhooks queued, subscribers told): one row
    per day, so however many workers run, a day's digest goes out once."""

    __tablename__ = "daily_digests"

    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deliveries: Mapped[int] = mapped_column(sa.Integer, default=0)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[uuid.UUID] = _pk()
    case_id: Mapped[uuid.UUID] = _fk("cases.id", ondelete="CASCADE")
    kind_code: Mapped[str] = mapped_column(sa.String(64))
    format: Mapped[DocumentFormat] = mapped_column(_enum(DocumentFormat))
    lang: Mapped[str] = mapped_column(sa.String(16))
    media_type: Mapped[str] = mapped_column(sa.String(100))
    filename: Mapped[str] = mapped_column(sa.String(200))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size_bytes: Mapped[int] = mapped_column(sa.Integer)
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_by_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    created_by_role: Mapped[StakeholderType] = mapped_column(_enum(StakeholderType))
    created_at: Mapped[datetime] = _created()
    # The categories the content was rendered with (bits, core.policy.category_mask):
    # reading the document needs every one of them.
    categories_mask: Mapped[int] = mapped_column(sa.Integer)

    __table_args__ = (sa.Index("ix_documents_case_id", "case_id"),)


class ReferenceCounter(Base):
    """Per prefix and year, the last number used in case references (SE-2026-000123)."""

    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    year: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    value: Mapped[int] = mapped_column(sa.Integer)


class SigningKey(Base):
    """The platform's own token signing keys (JWKS). The newest active key signs;
    older ones keep validating until `retire_at`."""

    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    alg: Mapped[str] = mapped_column(sa.String(16))
    private_jwk: Mapped[dict[str, Any]] = mapped_column(JSONType)
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = _created()
    retire_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# ---------------------------------------------------------------------- OAuth 2 (authorization server)
#
# Secrets are never stored: client secrets, authorization codes and refresh
# tokens are kept as SHA-256 digests (they are long random strings, so a fast
# digest is enough); user passwords as argon2 hashes.


class OAuthClient(Base):
    """A registered client: a frontend (authorization code) or a machine (client credentials)."""

    __tablename__ = "oauth_clients"

    id: Mapped[uuid.UUID] = _pk()
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    secret_hash: Mapped[str | None] = mapped_column(sa.String(64))
    """None for public clients."""
    stakeholder_type: Mapped[StakeholderType] = mapped_column(_enum(StakeholderType))
    actor_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    scopes: Mapped[list[str]] = mapped_column(JSONType)
    grant_types: Mapped[list[str]] = mapped_column(JSONType)
    redirect_uris: Mapped[list[str]] = mapped_column(JSONType)
    post_logout_redirect_uris: Mapped[list[str]] = mapped_column(
        JSONType, default=list, server_default="[]"
    )
    """Where OpenID Connect RP-initiated logout may send the user back to."""
    created_at: Mapped[datetime] = _created()
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OAuthUser(Base):
    """Someone who logs in at the platform's own login page, as an actor or a participant."""

    __tablename__ = "oauth_users"

    id: Mapped[uuid.UUID] = _pk()
    username: Mapped[str] = mapped_column(sa.String(150), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    actor_id: Mapped[uuid.UUID | None] = _fk("actors.id", nullable=True)
    participant_id: Mapped[uuid.UUID | None] = _fk(
        "participants.id", nullable=True, ondelete="CASCADE"
    )
    created_at: Mapped[datetime] = _created()


class OAuthAuthorizationCode(Base):
    """A one-time code; its id is also the family id of the tokens issued for it."""

    __tablename__ = "oauth_authorization_codes"

    id: Mapped[uuid.UUID] = _pk()
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    client_pk: Mapped[uuid.UUID] = _fk("oauth_clients.id")
    user_id: Mapped[uuid.UUID] = _fk("oauth_users.id", ondelete="CASCADE")
    redirect_uri: Mapped[str] = mapped_column(sa.String(2000))
    scope: Mapped[str] = mapped_column(sa.Text)
    code_challenge: Mapped[str] = mapped_column(sa.String(128))
    code_challenge_method: Mapped[str] = mapped_column(sa.String(8))
    nonce: Mapped[str | None] = mapped_column(sa.String(255))
    """OpenID Connect: copied into the ID token; a nonce seen before is a replay."""
    created_at: Mapped[datetime] = _created()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.Index("ix_oauth_authorization_codes_client_nonce", "client_pk", "nonce"),)


class OAuthRefreshToken(Base):
    """A refresh token. Each use rotates it; all tokens of one authorization share a family."""

    __tablename__ = "oauth_refresh_tokens"

    id: Mapped[uuid.UUID] = _pk()
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    family_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    client_pk: Mapped[uuid.UUID] = _fk("oauth_clients.id")
    user_id: Mapped[uuid.UUID] = _fk("oauth_users.id", ondelete="CASCADE")
    scope: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = _created()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.Index("ix_oauth_refresh_tokens_family_id", "family_id"),
        sa.Index("ix_oauth_refresh_tokens_client_pk", "client_pk"),
    )


class OAuthAccessToken(Base):
    """Every access token the authorization server issued, by `jti`: the denylist
    the token validator consults (one primary-key lookup per request)."""

    __tablename__ = "oauth_access_tokens"

    jti: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    client_pk: Mapped[uuid.UUID] = _fk("oauth_clients.id")
    family_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.Index("ix_oauth_access_tokens_family_id", "family_id"),
        sa.Index("ix_oauth_access_tokens_client_pk", "client_pk"),
    )


# Integrations (outbox, webhooks, idempotency) have a module of their own; they are
# part of the same metadata and reached through this module like every table.
from vocrehab.db.integrations import (  # noqa: E402
    DeliveryStatus,
    IdempotencyKey,
    OutboxMessage,
    SubscriptionStatus,
    WebhookDelivery,
    WebhookSubscription,
)
