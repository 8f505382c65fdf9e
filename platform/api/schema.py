"""Assembling the schema: core domains, the installed plugins' details types,
and the extensions that bound what one request may cost."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.exceptions import DuplicatedTypeName
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.printer import print_schema
from strawberry.schema.config import StrawberryConfig

from vocrehab.api.actors import ActorMutations, ActorQueries
from vocrehab.api.assessments import AssessmentMutations
from vocrehab.api.audit import AuditOperation
from vocrehab.api.benefits import BenefitMutations
from vocrehab.api.cases import CaseMutations, CaseQueries
from vocrehab.api.consents import ConsentMutations
from vocrehab.api.documents import DocumentMutations
from vocrehab.api.errors import ErrorCodes
from vocrehab.api.interventions import InterventionMutations
from vocrehab.api.jurisdictions import JurisdictionQueries
from vocrehab.api.node import NodeQueries
from vocrehab.api.notes import NoteMutations
from vocrehab.api.participants import ParticipantMutations, ParticipantQueries
from vocrehab.api.plans import PlanMutations
from vocrehab.api.plugin_mutations import plugin_mutations
from vocrehab.api.subscriptions import CaseSubscriptions
from vocrehab.hooks.host import PluginHost, PluginLoadError
from vocrehab.hooks.schema import JurisdictionDetails

__all__ = ["Limits", "build_schema", "export_schema"]


@strawberry.type
class Query(NodeQueries, JurisdictionQueries, ParticipantQueries, CaseQueries, ActorQueries):
    pass


@strawberry.type
class Mutation(
    DocumentMutations,
    ConsentMutations,
    ActorMutations,
    ParticipantMutations,
    CaseMutations,
    PlanMutations,
    AssessmentMutations,
    InterventionMutations,
    NoteMutations,
    BenefitMutations,
):
    pass


class Limits:
    def __init__(
        self,
        max_depth: int = 12,
        max_aliases: int = 30,
        max_tokens: int = 5000,
        introspection: bool = True,
    ) -> None:
        self.max_depth = max_depth
        self.max_aliases = max_aliases
        self.max_tokens = max_tokens
        self.introspection = introspection


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


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[Any], execution_context: Any = None) -> None:
        """Not logged here: ErrorPolicy logs the unexpected ones, with their correlation id."""


def _mutation_type(host: PluginHost) -> type:
    """The core Mutation plus the installed jurisdictions' case commands."""
    definition = Mutation.__strawberry_definition__  # type: ignore[attr-defined]
    core_names = {field.name for field in definition.fields}
    extra = plugin_mutations(host, core_names)
    if not extra:
        return Mutation
    return strawberry.type(type("Mutation", (Mutation,), dict(extra)))


def build_schema(host: PluginHost, limits: Limits | None = None) -> strawberry.Schema:
    limits = limits or Limits()
    extensions: list[Any] = [
        ErrorCodes,
        AuditOperation,
        lambda: QueryDepthLimiter(max_depth=limits.max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=limits.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
    ]
    if not limits.introspection:
        extensions.append(DisableIntrospection)
    try:
        return _schema(host, extensions, limits)
    except DuplicatedTypeName as exc:
        raise PluginLoadError(
            f"{exc}: a jurisdiction plugin's GraphQL types must carry its prefix "
            "(NavCaseDetails, FkSickPeriod, ...) so they never clash with the core or each other"
        ) from exc


def _schema(host: PluginHost, extensions: list[Any], limits: Limits) -> strawberry.Schema:
    return Schema(
        query=Query,
        mutation=_mutation_type(host),
        subscription=CaseSubscriptions,
        types=_details_types(host),
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=not limits.introspection),
    )


def export_schema(host: PluginHost) -> str:
    return print_schema(build_schema(host)) + "\n"
