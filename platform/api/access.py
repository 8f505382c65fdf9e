"""Who may read what in the schema: declared once here, applied by the platform.

Three declarations cover every path to the data:

- **Scopes belong to types.** `TYPES` gives each object type the OAuth scope a
  token needs to see it (`Scope`), or says it is part of the object it is
  reached from (`PART_OF`: a plan step is seen with its plan), or that it
  carries no participant data (`NO_DATA`: pages, payloads, reference data).
  Reaching a `Case` needs `cases:read` wherever it is reached from.
- **Categories belong to fields.** Every field of a type that carries
  participant data is classified: a `DataCategory` (the field shows that kind
  of data and is withheld from readers without it), `IDENTITY` (ids and names:
  shown to whoever sees the object), `LINK` (a relation: the target type's
  declarations apply) or `REFERENCE` (the jurisdiction's own reference data).
  Plugin types classify their fields with `vocrehab.hooks.schema.field`.
- **Rows** a reader may not see are never loaded: relationship, consent, note
  visibility, document and event categories are SQL in `vocrehab.core.policy`.

`AccessRules.build` checks the declarations against the schema when it is
built: a type without a declaration, a field without a category, or a field
that access can withhold but the schema declares non-null stops start-up. It
then tells the planner which edges need a scope and which fields a category
withholds, so the checks run once per list level and once per object as rows
are presented, never as a per-field hook.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from graphql import (
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    is_abstract_type,
    is_object_type,
)

from vocrehab.hooks.categories import CATEGORIES_BY_ROLE
from vocrehab.hooks.schema import VISIBLE, category_of, withhold_tree
from vocrehab.hooks.vocabulary import DataCategory

__all__ = [
    "IDENTITY",
    "LINK",
    "NO_DATA",
    "REFERENCE",
    "TYPES",
    "AccessRules",
    "Forbidden",
    "Kind",
    "SchemaAccessError",
    "Scope",
    "TypeAccess",
]

C = DataCategory


class Kind(Enum):
    IDENTITY = "identity"
    """What names the object (its id, a person's name): shown to whoever sees it."""
    LINK = "link"
    """A relation: the declarations of the type it leads to apply."""
    REFERENCE = "reference"
    """The jurisdiction's reference data (a benefit type, a document kind)."""


IDENTITY, LINK, REFERENCE = Kind.IDENTITY, Kind.LINK, Kind.REFERENCE
FieldClass = DataCategory | Kind


@dataclass(frozen=True)
class TypeAccess:
    scope: str | None
    """The scope that reading an object of this type needs, wherever it is reached."""
    part_of: bool = False
    """Seen only as part of the object it is reached from (that object's scope applies)."""
    fields: Mapping[str, FieldClass] | None = None
    """Every field's class; None for a type that carries no participant data."""
    category: DataCategory | None = None
    """A category every object of the type shows (a benefit period is BENEFITS): an
    object is presented only to readers who see it, so its fields are never
    withheld one by one."""


def Scope(scope: str, category: DataCategory | None = None, **fields: FieldClass) -> TypeAccess:
    return TypeAccess(scope, False, fields, category)


def PART_OF(category: DataCategory | None = None, **fields: FieldClass) -> TypeAccess:
    return TypeAccess(None, True, fields, category)


NO_DATA = TypeAccess(None)

# fmt: off
TYPES: dict[str, TypeAccess] = {
    "Participant": Scope(
        "participants:read",
        id=IDENTITY, givenName=IDENTITY, familyName=IDENTITY, preferredLanguage=IDENTITY,
        jurisdiction=REFERENCE,
        nationalId=C.CONTACT, birthDate=C.CONTACT, email=C.CONTACT, phone=C.CONTACT,
        cases=LINK, consents=LINK, consentsConnection=LINK, accessLog=LINK,
    ),
    "Case": Scope(
        "cases:read",
        id=IDENTITY, reference=C.PLAN, jurisdiction=REFERENCE,
        status=C.PLAN, phase=C.PLAN, employmentStatus=C.PLAN, sickLeaveStart=C.PLAN,
        openedAt=C.PLAN, closedAt=C.PLAN, closureReason=C.PLAN,
        participant=LINK, employer=LINK, team=LINK, plans=LINK, currentPlan=LINK,
        assessments=LINK, interventions=LINK, milestones=LINK, ruleViolations=LINK,
        orientation=LINK, notes=LINK, events=LINK, jurisdictionDetails=LINK, meetings=LINK,
        unseenEvents=LINK, unseenCount=C.PLAN, handover=LINK,
        benefits=C.BENEFITS, documents=C.DOCUMENTS, teamConnection=LINK,
        benefitsConnection=C.BENEFITS, documentsConnection=C.DOCUMENTS,
    ),
    # A meeting is the team's (PLAN); its minutes carry a category of their own and
    # are read only by those who see it (`reads.meeting_minutes`, in SQL).
    "Meeting": Scope(
        "cases:read",
        id=IDENTITY, case=LINK, kind=REFERENCE, meetingKind=REFERENCE, status=C.PLAN,
        scheduledFor=C.PLAN, place=C.PLAN, heldOn=C.PLAN, outcomes=C.PLAN,
        minutesCategory=C.PLAN, createdAt=C.PLAN, participants=LINK, minutes=C.PLAN,
    ),
    # Counts over the reader's own caseload; the moves and cases listed carry their own.
    "DailyDigest": Scope(
        "cases:read",
        day=C.PLAN, moveCount=C.PLAN, overdueMoves=C.PLAN, dueSoonMoves=C.PLAN,
        casesWithNews=C.PLAN, unseenEvents=C.PLAN, moves=LINK, news=LINK,
    ),
    "CaseTeamMember": PART_OF(actor=LINK, role=C.PLAN, since=C.PLAN, until=C.PLAN),
    "Milestone": PART_OF(
        code=C.PLAN, name=C.PLAN, description=C.PLAN, dueDate=C.PLAN, status=C.PLAN,
        responsible=C.PLAN, legalReference=C.PLAN, metOn=C.PLAN, optional=C.PLAN,
    ),
    "Move": Scope(
        "cases:read",
        case=LINK, code=C.PLAN, title=C.PLAN, completedBy=C.PLAN, dueDate=C.PLAN, status=C.PLAN,
        responsible=C.PLAN, legalReference=C.PLAN, assignee=LINK,
    ),
    "Handover": PART_OF(
        since=C.PLAN, asOf=C.PLAN, decisions=LINK, meetings=LINK, openSteps=LINK, team=LINK,
        openQuestions=C.PLAN, sections=LINK, benefitPeriods=C.BENEFITS, plans=LINK,
        assessments=LINK,
    ),
    "HandoverMeeting": PART_OF(
        kind=REFERENCE, name=REFERENCE, status=C.PLAN, scheduledFor=C.PLAN, heldOn=C.PLAN,
        outcomes=C.PLAN, minutes=C.PLAN, participants=LINK,
    ),
    "HandoverEvent": PART_OF(
        at=C.PLAN, kind=C.PLAN, eventKind=C.PLAN, summary=C.PLAN, actorRole=C.PLAN, actor=LINK,
    ),
    "HandoverBenefitPeriod": Scope(
        "benefits:read", C.BENEFITS,
        benefitType=C.BENEFITS, degree=C.BENEFITS, startDate=C.BENEFITS, endDate=C.BENEFITS,
    ),
    "HandoverPlan": Scope(
        "plans:read",
        version=C.PLAN, status=C.PLAN, title=C.PLAN, goal=C.PLAN, createdAt=C.PLAN,
        activatedAt=C.PLAN, approvedBy=C.PLAN,
    ),
    "HandoverAssessment": Scope(
        "assessments:read",
        kind=C.PLAN, assessmentKind=C.PLAN, assessedAt=C.PLAN, workCapacityPercent=C.PLAN,
        summary=C.PLAN, validFrom=C.PLAN, validTo=C.PLAN, diagnoses=C.MEDICAL,
        functionalLimitations=C.MEDICAL, activityLimitations=C.MEDICAL, prognosis=C.MEDICAL,
    ),
    "HandoverStep": PART_OF(
        code=C.PLAN, name=C.PLAN, dueDate=C.PLAN, responsible=C.PLAN, legalReference=C.PLAN,
        overdue=C.PLAN, assignee=LINK,
    ),
    "HandoverMember": PART_OF(
        actor=LINK, role=C.PLAN, since=C.PLAN, until=C.PLAN, lastAt=C.PLAN, lastKind=C.PLAN,
        lastSummary=C.PLAN,
    ),
    "HandoverSection": PART_OF(code=C.PLAN, title=C.PLAN, items=LINK),
    "HandoverItem": PART_OF(on=C.PLAN, text=C.PLAN),
    "RuleViolation": PART_OF(code=C.PLAN, severity=C.PLAN, message=C.PLAN, legalReference=C.PLAN),
    "Orientation": PART_OF(phase=C.PLAN, summary=C.PLAN, nextSteps=LINK, blockers=C.PLAN),
    "NextStep": PART_OF(title=C.PLAN, responsible=C.PLAN, dueDate=C.PLAN),
    "CaseEvent": Scope(
        "cases:read", id=IDENTITY, at=C.PLAN, kind=C.PLAN, eventKind=C.PLAN, summary=C.PLAN,
        actor=LINK,
    ),
    "Plan": Scope(
        "plans:read",
        id=IDENTITY, case=LINK, version=C.PLAN, status=C.PLAN, title=C.PLAN, goal=C.PLAN,
        steps=LINK, approvals=LINK, createdBy=LINK, createdAt=C.PLAN, updatedAt=C.PLAN,
    ),
    "PlanStep": PART_OF(
        startDate=C.PLAN, endDate=C.PLAN, workPercent=C.PLAN, hoursPerWeek=C.PLAN,
        description=C.PLAN, adjustments=C.PLAN,
    ),
    "PlanApproval": PART_OF(actor=LINK, role=C.PLAN, approvedAt=C.PLAN),
    "Assessment": Scope(
        "assessments:read",
        id=IDENTITY, case=LINK, kind=C.PLAN, assessmentKind=C.PLAN, assessedAt=C.PLAN,
        assessor=LINK,
        workCapacityPercent=C.PLAN, summary=C.PLAN, validFrom=C.PLAN, validTo=C.PLAN,
        diagnoses=C.MEDICAL, functionalLimitations=C.MEDICAL, activityLimitations=C.MEDICAL,
        icfCodes=C.MEDICAL, prognosis=C.MEDICAL,
    ),
    "Diagnosis": PART_OF(C.MEDICAL, system=C.MEDICAL, code=C.MEDICAL, text=C.MEDICAL),
    "Intervention": Scope(
        "interventions:read",
        id=IDENTITY, case=LINK, type=REFERENCE, provider=LINK, status=C.PLAN,
        startDate=C.PLAN, plannedEndDate=C.PLAN, endDate=C.PLAN, hoursPerWeek=C.PLAN,
        outcome=C.PLAN, createdAt=C.PLAN,
    ),
    "BenefitPeriod": Scope(
        "benefits:read",
        C.BENEFITS,
        id=IDENTITY, case=LINK, benefitType=C.BENEFITS, degree=C.BENEFITS,
        startDate=C.BENEFITS, endDate=C.BENEFITS, amount=C.BENEFITS,
    ),
    "CaseNote": Scope(
        "notes:read",
        id=IDENTITY, author=LINK, body=C.PLAN, visibleTo=C.PLAN, createdAt=C.PLAN,
    ),
    "Document": Scope(
        "documents:read",
        C.DOCUMENTS,
        id=IDENTITY, case=LINK, kind=REFERENCE, createdBy=LINK, format=C.DOCUMENTS,
        createdAt=C.DOCUMENTS, sha256=C.DOCUMENTS, sizeBytes=C.DOCUMENTS,
        downloadUrl=C.DOCUMENTS, categories=C.DOCUMENTS,
    ),
    "Consent": Scope(
        "consents:read",
        id=IDENTITY, grantee=LINK, categories=C.PLAN, validFrom=C.PLAN, validTo=C.PLAN,
        revokedAt=C.PLAN,
    ),
    "AccessLogEntry": Scope(
        "audit:read",
        at=C.PLAN, actor=LINK, clientId=C.PLAN, stakeholderType=C.PLAN, operation=C.PLAN,
        categories=C.PLAN,
    ),
    # Actors are the professionals and organisations on teams: no participant
    # data of their own (a participant's actor carries only their name).
    "Actor": TypeAccess("actors:read"),
    # Webhook subscriptions and their delivery log carry no participant data: the
    # payloads are never shown, only sent, each a read by the subscriber.
    "WebhookSubscription": TypeAccess("webhooks:read"),
    "WebhookDelivery": TypeAccess("webhooks:read"),
    "EventType": NO_DATA,
    "Viewer": NO_DATA,
    "Jurisdiction": NO_DATA,
    "JurisdictionRule": NO_DATA,
    "PluginInfo": NO_DATA,
    "BenefitType": NO_DATA,
    "AllowedValues": NO_DATA,
    "ValueRange": NO_DATA,
    "BenefitAmounts": NO_DATA,
    "InterventionType": NO_DATA,
    "DocumentKind": NO_DATA,
    "MeetingKind": NO_DATA,
    "NationalIdCheck": NO_DATA,  # what a jurisdiction reads in an id the caller typed
    "PageInfo": NO_DATA,
    "UserError": NO_DATA,
    "Query": NO_DATA,
    "Mutation": NO_DATA,
    "Subscription": NO_DATA,
}
# fmt: on

WITHHOLDABLE = frozenset(c for c in C if any(c not in cats for cats in CATEGORIES_BY_ROLE.values()))
"""Categories some role does not see by default: fields of these may be withheld."""


class SchemaAccessError(Exception):
    """The schema and the access declarations disagree (stops start-up)."""


class Forbidden(Exception):
    """A field the token's scopes do not reach: null, with FORBIDDEN on its own path."""

    def __init__(self, scope: str) -> None:
        super().__init__(f"this field needs the scope {scope!r}")
        self.scope = scope


@dataclass(frozen=True)
class ObjectRules:
    """What access means for one object type, worked out when the schema is built."""

    name: str
    scope: str | None
    category: DataCategory | None
    """Objects of the type are shown only to readers who see this category."""
    classes: Mapping[str, FieldClass]
    """GraphQL field name -> class."""
    withheld: Mapping[DataCategory, tuple[str, ...]]
    """Category -> Python attribute names of the plain fields it withholds."""
    gated: Mapping[str, str]
    """GraphQL field name -> scope the edge needs beyond this type's own."""


class AccessRules:
    """The declarations, checked against one schema and indexed for the planner."""

    def __init__(self, types: Mapping[str, ObjectRules]) -> None:
        self.types = types

    def of(self, type_name: str) -> ObjectRules:
        return self.types[type_name]

    def gate(self, type_name: str, field_name: str) -> str | None:
        return self.types[type_name].gated.get(field_name)

    def categories_of(self, type_name: str, fields: Iterable[str]) -> frozenset[DataCategory]:
        """The categories that the given fields of a type show (for the access log)."""
        classes = self.types[type_name].classes
        return frozenset(c for f in fields if isinstance(c := classes.get(f), DataCategory))

    @classmethod
    def build(
        cls, schema: GraphQLSchema, declarations: Mapping[str, TypeAccess] = TYPES
    ) -> AccessRules:
        problems: list[str] = []
        decided = {
            name: _declaration(name, gql, declarations, problems)
            for name, gql in schema.type_map.items()
            if is_object_type(gql) and not name.startswith("__")
        }
        scopes = {name: _effective_scope(name, schema, decided) for name in decided}
        rules = {
            name: _object_rules(name, schema.type_map[name], decided[name], scopes, problems)  # type: ignore[arg-type]
            for name in decided
            if decided[name] is not None
        }
        if problems:
            raise SchemaAccessError("; ".join(sorted(problems)))
        return cls(rules)


def _declaration(
    name: str, gql: Any, declarations: Mapping[str, TypeAccess], problems: list[str]
) -> TypeAccess | None:
    if name in declarations:
        return declarations[name]
    definition = gql.extensions.get("strawberry-definition")
    origin = getattr(getattr(definition, "concrete_of", None), "origin", None) or getattr(
        definition, "origin", None
    )
    if origin is not None and {"Connection", "Edge"} & {c.__name__ for c in origin.__mro__}:
        return NO_DATA  # a page of something: its nodes carry their own declarations
    if definition is not None and getattr(definition.origin, "__vocrehab_payload__", False):
        return NO_DATA  # a mutation's payload: the changed object carries its declarations
    if definition is not None and (declared := _plugin_fields(definition.origin, gql)) is not None:
        return TypeAccess(None, True, declared)
    problems.append(f"type {name} has no access declaration (api/access.py, or hooks.field)")
    return None


def _plugin_fields(origin: type, gql: GraphQLObjectType) -> dict[str, FieldClass] | None:
    """A plugin type's field classes, from `vocrehab.hooks.schema` declarations.

    None when nothing is declared on the type; a field left undeclared is reported
    by `_object_rules` (every field of a data type must be classified).
    """
    found: dict[str, FieldClass] = {}
    for name, field in gql.fields.items():
        definition = field.extensions.get("strawberry-definition")
        category = category_of(origin, definition) if definition is not None else "undeclared"
        if isinstance(category, DataCategory):
            found[name] = category
        elif category is None:
            found[name] = REFERENCE
    return found or None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _node_type(gql: GraphQLObjectType) -> Any:
    """For a connection or edge type: the type of its nodes."""
    for path in (("edges", "node"), ("node",)):
        current: Any = gql
        for step in path:
            fields = getattr(current, "fields", None)
            if not fields or step not in fields:
                break
            current = get_named_type(fields[step].type)
        else:
            return current
    return None


def _effective_scope(
    name: str, schema: GraphQLSchema, decided: Mapping[str, TypeAccess | None]
) -> str | None:
    decl = decided.get(name)
    if decl is None:
        return None
    if decl.scope is not None:
        return decl.scope
    node = _node_type(schema.type_map[name])  # type: ignore[arg-type]
    if decl.fields is None and node is not None and node.name != name:
        return _effective_scope(node.name, schema, decided)
    return None


def _object_rules(
    name: str,
    gql: GraphQLObjectType,
    decl: TypeAccess,
    scopes: Mapping[str, str | None],
    problems: list[str],
) -> ObjectRules:
    definition = gql.extensions.get("strawberry-definition")
    python_names = {
        (f.graphql_name or _camel(f.python_name)): f.python_name
        for f in getattr(definition, "fields", ())
    }
    classes: dict[str, FieldClass] = dict(decl.fields or {})
    withheld: dict[DataCategory, list[str]] = {}
    gated: dict[str, str] = {}
    own_scope = scopes.get(name)
    # A subscription's failure is an error on its stream, never a null in a result.
    streams = name == "Subscription"
    for field_name, field in gql.fields.items():
        nullable = not isinstance(field.type, GraphQLNonNull)
        if decl.fields is not None:
            cls = classes.get(field_name)
            if cls is None:
                problems.append(f"{name}.{field_name} has no data category")
            elif cls == decl.category:
                pass  # the whole object is withheld instead
            elif cls in WITHHOLDABLE and not nullable:
                problems.append(f"{name}.{field_name} shows {cls.value} but is non-null")
            elif isinstance(cls, DataCategory) and _is_plain(field):
                withheld.setdefault(cls, []).append(python_names.get(field_name, field_name))
        target = get_named_type(field.type)
        if is_object_type(target) or is_abstract_type(target):
            needed = scopes.get(target.name) if is_object_type(target) else None
            if needed is not None and needed != own_scope:
                gated[field_name] = needed
                if not nullable and not streams:
                    problems.append(
                        f"{name}.{field_name} needs {needed} beyond {own_scope} but is non-null"
                    )
    for extra in sorted(set(classes) - set(gql.fields)):
        problems.append(f"{name}.{extra} is declared but not in the schema")
    return ObjectRules(
        name=name,
        scope=own_scope,
        category=decl.category,
        classes=classes,
        withheld={c: tuple(attrs) for c, attrs in withheld.items()},
        gated=gated,
    )


def _is_plain(field: Any) -> bool:
    """A field that reads an attribute (no resolver, no relation)."""
    return bool(getattr(field.resolve, "_is_default", False)) or field.resolve is None


def withholding(resolve: Any) -> Any:
    """A plugin resolver whose result carries fields of a category: what it computes
    is withheld as its parent's reader requires (nothing shows when that is unknown)."""

    def resolve_and_withhold(source: Any, info: Any, **arguments: Any) -> Any:
        result = resolve(source, info, **arguments)
        visible = getattr(source, "__dict__", {}).get(VISIBLE, frozenset())
        for item in result if isinstance(result, list | tuple) else (result,):
            withhold_tree(item, visible)
        return result

    return resolve_and_withhold
