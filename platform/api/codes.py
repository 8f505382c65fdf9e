"""Enums of the codes clients branch on: `UserErrorCode`, `CaseEventKind` and
`AssessmentKind`.

The contract keeps `UserError.code`, `CaseEvent.kind` and `Assessment.kind` as
strings; `errorCode`, `eventKind` and `assessmentKind` carry the same value as
an enum, so a typed client can switch over it exhaustively.

An enum value's internal value is the code as it is stored ("plan.activated",
"se.FK7804"), so the field holds the stored string and the enum serialises it
(PLAN_ACTIVATED, SE_FK7804): no resolver and no conversion per object.

`CaseEventKind` and `AssessmentKind` grow with the installed jurisdictions:
`complete_enums` fills them when the schema is built, from the platform's
kinds and each jurisdiction's `event_kinds` and `assessment_kinds()`. Two
codes that would become the same enum value stop start-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from enum import Enum
from typing import TYPE_CHECKING

import strawberry
from graphql import GraphQLEnumType, GraphQLEnumValue, GraphQLSchema

from vocrehab.core.errors import ProblemCode
from vocrehab.core.event_kinds import EVENT_KINDS, declared_kinds, enum_name
from vocrehab.hooks.host import PluginHost, PluginLoadError
from vocrehab.hooks.types import text_for

__all__ = ["AssessmentKind", "CaseEventKind", "UserErrorCode", "complete_enums"]

P = ProblemCode


@strawberry.enum(
    name="UserErrorCode",
    description="What kind of expected failure a userError is. RULE_VIOLATION carries the "
    "jurisdiction's rule in `rule`.",
)
class UserErrorCode(Enum):
    INVALID_INPUT = strawberry.enum_value(
        P.INVALID_INPUT, description="A value is malformed, out of range or missing."
    )
    NOT_FOUND = strawberry.enum_value(
        P.NOT_FOUND, description="What an id names does not exist, or the reader may not see it."
    )
    NOT_ALLOWED = strawberry.enum_value(
        P.NOT_ALLOWED, description="The reader may see it but not make this change."
    )
    INVALID_STATE = strawberry.enum_value(
        P.INVALID_STATE, description="The object is in a state that does not allow the change."
    )
    RULE_VIOLATION = strawberry.enum_value(
        P.RULE_VIOLATION, description="A jurisdiction's rule refuses it (see `rule`)."
    )
    INVALID_NATIONAL_ID = strawberry.enum_value(
        P.INVALID_NATIONAL_ID, description="The jurisdiction does not accept the national id."
    )
    INVALID_ORGANISATION_NUMBER = strawberry.enum_value(
        P.INVALID_ORGANISATION_NUMBER,
        description="The jurisdiction does not accept the organisation number.",
    )
    UNKNOWN_JURISDICTION = strawberry.enum_value(
        P.UNKNOWN_JURISDICTION, description="No installed plugin provides that jurisdiction."
    )
    ALREADY_EXISTS = strawberry.enum_value(
        P.ALREADY_EXISTS, description="It exists already (a registration, a team member, ...)."
    )
    UNSAFE_URL = strawberry.enum_value(
        P.UNSAFE_URL,
        description="A webhook URL the platform will not call: not https, or a private address.",
    )


if TYPE_CHECKING:  # built from EVENT_KINDS below; to a type checker, an enum

    class CaseEventKind(Enum): ...

else:
    CaseEventKind = strawberry.enum(
        Enum("CaseEventKind", {enum_name(kind): kind for kind in EVENT_KINDS}),
        name="CaseEventKind",
        description="What happened to a case: the platform's kinds and those of the "
        "installed jurisdictions (prefixed with the jurisdiction's code, e.g. "
        "NO_SICK_NOTE_RECORDED). New values come with new plugins and releases: keep a "
        "default branch.",
    )


@strawberry.enum(
    name="AssessmentKind",
    description="The kinds of assessment the installed jurisdictions know; a jurisdiction's "
    "own carry its code (SE_FK7804 for se.FK7804).",
)
class AssessmentKind(Enum):
    # `complete_enums` replaces the values with the installed jurisdictions' kinds.
    WORK_CAPACITY = "WORK_CAPACITY"


_NOT_NAME = re.compile(r"[^0-9A-Za-z]+")


def assessment_enum_name(code: str) -> str:
    """The enum value of an assessment kind code: "se.FK7804" -> SE_FK7804."""
    name = _NOT_NAME.sub("_", code).strip("_").upper()
    return name if name and not name[0].isdigit() else f"_{name}"


def complete_enums(schema: GraphQLSchema, host: PluginHost) -> None:
    """Give the growing enums of `schema` every value the installed jurisdictions add."""
    events: dict[str, tuple[str, str]] = {k: (d, "the platform") for k, d in EVENT_KINDS.items()}
    kinds: dict[str, tuple[str, str]] = {}
    for jurisdiction in host.jurisdictions():
        owner = f"jurisdiction {jurisdiction.code!r}"
        try:
            declared = declared_kinds(host, jurisdiction.code)
        except RuntimeError as exc:
            raise PluginLoadError(str(exc)) from exc
        events.update({kind: (text, owner) for kind, text in declared.items()})
        for info in jurisdiction.assessment_kinds():
            kinds.setdefault(info.code, (text_for(info.names, "en"), owner))
    _fill(schema, "CaseEventKind", events, enum_name)
    if not kinds:
        raise PluginLoadError("no installed jurisdiction names an assessment kind")
    _fill(schema, "AssessmentKind", kinds, assessment_enum_name)


def _fill(
    schema: GraphQLSchema,
    type_name: str,
    codes: Mapping[str, tuple[str, str]],
    name_of: Callable[[str], str],
) -> None:
    enum = schema.type_map[type_name]
    assert isinstance(enum, GraphQLEnumType)
    values: dict[str, GraphQLEnumValue] = {}
    owners: dict[str, tuple[str, str]] = {}
    for code, (description, owner) in codes.items():
        name = name_of(code)
        if name in owners:
            raise PluginLoadError(
                f"{type_name}: {code!r} ({owner}) and {owners[name][0]!r} ({owners[name][1]}) "
                f"would both be {name}; rename one of them"
            )
        owners[name] = (code, owner)
        values[name] = GraphQLEnumValue(code, description=description)
    enum.values = values
    enum.__dict__.pop("_value_lookup", None)  # graphql-core caches value -> name
