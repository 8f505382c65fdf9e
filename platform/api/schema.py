"""Assembling the schema: core domains, the installed plugins' types and commands,
the access declarations checked against it, and the planner that resolves it.

`build_schema` is where access is decided per type and field (api.access):
relation fields get the planner's resolver, root fields hand their results to
the planner, and a declaration that does not fit the schema stops start-up.
"""

from __future__ import annotations

import dataclasses
import datetime
import inspect
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLEnumType, GraphQLSchema, get_named_type
from strawberry.exceptions import DuplicatedTypeName
from strawberry.printer import print_schema
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition
from strawberry.tools import create_type

from vocrehab.api.access import TYPES, AccessRules, Forbidden, TypeAccess, withholding
from vocrehab.api.actors import ActorMutations, ActorQueries
from vocrehab.api.assessments import AssessmentMutations
from vocrehab.api.benefits import BenefitMutations
from vocrehab.api.case_mutations import CaseMutations
from vocrehab.api.caseload import CaseQueries
from vocrehab.api.codes import complete_enums
from vocrehab.api.consents import ConsentMutations
from vocrehab.api.digest import DigestQueries, DigestSubscriptions
from vocrehab.api.documents import DocumentMutations
from vocrehab.api.event_types import EventTypeQueries
from vocrehab.api.handover import HandoverMutations
from vocrehab.api.interventions import InterventionMutations
from vocrehab.api.jurisdictions import JurisdictionQueries
from vocrehab.api.meetings import MeetingMutations
from vocrehab.api.moves import MoveQueries
from vocrehab.api.node import NodeQueries
from vocrehab.api.notes import NoteMutations
from vocrehab.api.participants import ParticipantMutations, ParticipantQueries
from vocrehab.api.planner import Planner, planned_value, relation_of
from vocrehab.api.plans import PlanMutations
from vocrehab.api.plugin_mutations import plugin_mutations
from vocrehab.api.subscriptions import CaseSubscriptions
from vocrehab.api.text import with_input_text
from vocrehab.api.webhooks import WebhookMutations, WebhookQueries
from vocrehab.hooks.host import PluginHost, PluginLoadError
from vocrehab.hooks.schema import JurisdictionDetails

__all__ = ["BuiltSchema", "build_schema", "export_schema"]


@strawberry.type(description="What can be read: objects by ID, lists, and reference data.")
class Query(
    NodeQueries,
    JurisdictionQueries,
    ParticipantQueries,
    CaseQueries,
    MoveQueries,
    DigestQueries,
    ActorQueries,
    WebhookQueries,
    EventTypeQueries,
):
    pass


@strawberry.type(name="Subscription", description="Changes pushed as they are committed.")
class Subscription(CaseSubscriptions, DigestSubscriptions):
    pass


@strawberry.type
class Mutation(
    WebhookMutations,
    DocumentMutations,
    ConsentMutations,
    ActorMutations,
    ParticipantMutations,
    CaseMutations,
    HandoverMutations,
    MeetingMutations,
    PlanMutations,
    AssessmentMutations,
    InterventionMutations,
    NoteMutations,
    BenefitMutations,
):
    pass


@dataclass(frozen=True)
class BuiltSchema:
    strawberry: strawberry.Schema
    graphql: GraphQLSchema
    rules: AccessRules
    planner: Planner
    config: StrawberryConfig


def _details_types(host: PluginHost) -> list[type]:
    found: list[type] = []
    for jurisdiction in host.jurisdictions():
        details = jurisdiction.details_type()
        if details is None:
            continue
        if not issubclass(details, JurisdictionDetails):
            raise PluginLoadError(
                f"jurisdiction {jurisdiction.code!r}: details_type() must implement JurisdictionDetails"
            )
        found.append(details)
    names = [t.__strawberry_definition__.name for t in found]  # type: ignore[attr-defined]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:
        raise PluginLoadError(
            f"two jurisdictions contribute a GraphQL type named {', '.join(clashes)}"
        )
    return found


def _check_plugin_names(gql: GraphQLSchema, host: PluginHost) -> None:
    """Every type a jurisdiction's package contributes carries its prefix (NavSickNote,
    FkSickPeriod, GenContactChannel), and every enum has one name: an enum registered
    under two would be two types to a client, and an unprefixed one could clash with
    another plugin's."""
    prefixes = {
        j.__class__.__module__.split(".")[0]: j.schema_prefix[:1].upper() + j.schema_prefix[1:]
        for j in host.jurisdictions()
    }
    problems: list[str] = []
    names_of: dict[type, list[str]] = {}
    for name, gql_type in sorted(gql.type_map.items()):
        origin = getattr(gql_type, "wrapped_cls", None)
        if origin is None:
            definition = gql_type.extensions.get("strawberry-definition")
            origin = getattr(definition, "origin", None)
        if origin is None:
            continue
        if isinstance(gql_type, GraphQLEnumType):
            names_of.setdefault(origin, []).append(name)
        prefix = prefixes.get(origin.__module__.split(".")[0])
        if prefix is not None and not name.startswith(prefix):
            problems.append(f"{name} ({origin.__module__}) must start with {prefix!r}")
    problems += [
        f"the enum {cls.__module__}.{cls.__qualname__} is registered as {' and '.join(names)}"
        for cls, names in names_of.items()
        if len(names) > 1
    ]
    if problems:
        raise PluginLoadError("plugin type names: " + "; ".join(problems))


def _describe_inputs(gql: GraphQLSchema) -> None:
    """A mutation's one `input` argument is what its input type describes."""
    assert gql.mutation_type is not None
    for field in gql.mutation_type.fields.values():
        argument = field.args.get("input")
        if argument is not None and not argument.description:
            argument.description = f"What to do; see {get_named_type(argument.type).name}."


def _mutation_type(host: PluginHost) -> type:
    """The core Mutation plus the installed jurisdictions' case commands, every
    one with its input under the text policy (api.text)."""
    definition = Mutation.__strawberry_definition__  # type: ignore[attr-defined]
    core_names = {field.name for field in definition.fields}
    extra = plugin_mutations(host, core_names)
    named = [(field.python_name, field) for field in definition.fields]
    named += extra.items()
    return create_type(
        "Mutation",
        [with_input_text(field, name) for name, field in named],
        description="What can be changed. Each mutation takes one `input`, runs as one "
        "transaction, and returns the changed object and its userErrors.",
    )


# The built-in Date and DateTime scalars, with what they follow for clients' codegen.
SCALARS = {
    datetime.date: dataclasses.replace(
        DateDefinition,
        description="A calendar day, ISO 8601 / RFC 3339 full-date: 2026-03-02.",
        specified_by_url="https://scalars.graphql.org/andimarek/local-date.html",
    ),
    datetime.datetime: dataclasses.replace(
        DateTimeDefinition,
        description="An instant with its offset, RFC 3339: 2026-03-02T09:30:00+00:00.",
        specified_by_url="https://scalars.graphql.org/andimarek/date-time.html",
    ),
}


def build_schema(
    host: PluginHost, *, introspection: bool = True, declarations: dict[str, TypeAccess] = TYPES
) -> BuiltSchema:
    config = StrawberryConfig(disable_field_suggestions=not introspection)
    try:
        schema = strawberry.Schema(
            query=Query,
            mutation=_mutation_type(host),
            subscription=Subscription,
            types=_details_types(host),
            config=config,
            scalar_overrides=SCALARS,  # type: ignore[arg-type]
        )
    except DuplicatedTypeName as exc:
        raise PluginLoadError(
            f"{exc}: a jurisdiction plugin's GraphQL types must carry its prefix "
            "(NavCaseDetails, FkSickPeriod, ...) so they never clash with the core or each other"
        ) from exc
    gql = schema._schema
    _check_plugin_names(gql, host)
    _describe_inputs(gql)
    complete_enums(gql, host)
    try:
        rules = AccessRules.build(gql, declarations)
    except Exception as exc:
        raise PluginLoadError(f"the schema's access declarations do not hold: {exc}") from exc
    planner = Planner(gql, rules, schema.schema_converter.scalar_registry)
    _install(gql, planner, rules)
    return BuiltSchema(schema, gql, rules, planner, config)


def _install(gql: GraphQLSchema, planner: Planner, rules: AccessRules) -> None:
    """Relation fields read what the planner loaded; root fields check the scope of
    what they return and hand their result to the planner before graphql-core
    walks it."""
    roots = {t for t in (gql.query_type, gql.mutation_type) if t is not None}
    for gql_type in gql.type_map.values():
        fields = getattr(gql_type, "fields", None)
        if gql_type.name.startswith("__") or not isinstance(fields, dict):
            continue
        for name, field in fields.items():
            if relation_of(field) is not None:
                field.resolve = planned_value
            elif gql_type in roots:
                field.resolve = _expanding(field.resolve, planner, rules.gate(gql_type.name, name))
            elif gql_type is gql.subscription_type and field.subscribe is not None:
                field.subscribe = _gated(field.subscribe, rules.gate(gql_type.name, name))
            elif _computes_withheld(field, rules):
                field.resolve = withholding(field.resolve)


def _expanding(resolve: Any, planner: Planner, scope: str | None) -> Any:
    async def resolve_and_plan(source: Any, info: Any, **arguments: Any) -> Any:
        if scope is not None and not info.context.principal.has_scope(scope):
            raise Forbidden(scope)
        value = resolve(source, info, **arguments)
        if inspect.isawaitable(value):
            value = await value
        return await planner.expand(info, value)

    return resolve_and_plan


def _computes_withheld(field: Any, rules: AccessRules) -> bool:
    """A resolver (not a relation, not a plain attribute) returning a type with fields a
    category withholds: a plugin's computed object, such as a position on a day."""
    definition = field.extensions.get("strawberry-definition")
    if definition is None or definition.base_resolver is None:
        return False
    target = get_named_type(field.type)
    found = rules.types.get(target.name)
    return bool(found and found.withheld)


def _gated(subscribe: Any, scope: str | None) -> Any:
    if scope is None:
        return subscribe

    def subscribe_if_allowed(source: Any, info: Any, **arguments: Any) -> Any:
        if not info.context.principal.has_scope(scope):
            raise Forbidden(scope)
        return subscribe(source, info, **arguments)

    return subscribe_if_allowed


def export_schema(host: PluginHost) -> str:
    return print_schema(build_schema(host).strawberry) + "\n"
