"""A plugin's GraphQL names carry its prefix, and each of its enums has one name:
what breaks either stops start-up with the names at fault."""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from types import SimpleNamespace
from typing import Any

import pytest
import strawberry
from graphql import GraphQLEnumType

from vocrehab.api.schema import build_schema
from vocrehab.hooks import JurisdictionDetails, PluginInfo, hookimpl
from vocrehab.hooks.host import PluginHost, PluginLoadError
from vocrehab_generic.jurisdiction import GenericJurisdiction


class Mood(Enum):
    CALM = "CALM"
    BUSY = "BUSY"


@strawberry.input(name="XxRecordMoodInput", description="A mood.")
class RecordMoodInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    mood: Mood = strawberry.field(description="The mood.")


@strawberry.type(name="LooseDetails", description="Details without the prefix.")
class LooseDetails(JurisdictionDetails):
    note: str = strawberry.field(description="A note.")


class Prefixed(GenericJurisdiction):
    code = "xx"
    schema_prefix = "xx"
    reference_prefix = "XX"
    event_kinds: dict[str, str] = {}

    def __init__(self, details: type | None = None, commands: tuple[Any, ...] = ()) -> None:
        super().__init__()
        self._details, self._commands = details, commands

    def details_type(self) -> Any:
        return self._details

    def case_commands(self) -> Any:
        return self._commands


def host_with(jurisdiction: Prefixed) -> PluginHost:
    module = SimpleNamespace(
        vocrehab_register_jurisdictions=hookimpl(lambda config: [jurisdiction])
    )
    return PluginHost.load(
        allow=["generic", "extra"], extra=[("extra", module, PluginInfo("extra", "1"))]
    )


def mood_command() -> Any:
    [template] = GenericJurisdiction().case_commands()
    return replace(template, name="xxRecordMood", input_type=RecordMoodInput)


def test_the_bundled_plugins_keep_the_rule() -> None:
    schema = build_schema(PluginHost.load()).graphql
    enums = {name for name, t in schema.type_map.items() if isinstance(t, GraphQLEnumType)}
    for unprefixed in ("PeriodType", "IssuerProfession", "FollowUpPlanStatus", "ActivityStatus",
                       "ExceptionReason", "DocumentedBy", "Feasibility", "MeasureStatus",
                       "BackdatingDecision", "ContactChannel"):  # fmt: skip
        assert unprefixed not in enums
    period = schema.type_map["NavSickNotePeriodInput"].fields["type"].type  # type: ignore[union-attr]
    assert str(period) == "NavSickNotePeriodType!"
    channel = schema.type_map["GenericCaseDetails"].fields["firstContactChannel"].type  # type: ignore[union-attr]
    assert str(channel) == "GenContactChannel"


def test_an_unprefixed_type_stops_start_up() -> None:
    with pytest.raises(
        PluginLoadError, match=r"LooseDetails \(test_plugin_names\) must start with 'Xx'"
    ):
        build_schema(host_with(Prefixed(details=LooseDetails)))


def test_an_enum_under_two_names_stops_start_up() -> None:
    # The input resolves Mood before it is registered with its prefixed name: the
    # input then shows one enum type and the details another.
    assert str(RecordMoodInput.__strawberry_definition__.fields[1].type) != ""  # type: ignore[attr-defined]
    strawberry.enum(Mood, name="XxMood", description="A mood.")

    @strawberry.type(name="XxMoodDetails", description="Details with a mood.")
    class MoodDetails(JurisdictionDetails):
        mood: Mood = strawberry.field(description="The mood.")

    host = host_with(Prefixed(details=MoodDetails, commands=(mood_command(),)))
    with pytest.raises(PluginLoadError) as failure:
        build_schema(host)
    assert "Mood (test_plugin_names) must start with 'Xx'" in str(failure.value)
    assert "test_plugin_names.Mood is registered as Mood and XxMood" in str(failure.value)
