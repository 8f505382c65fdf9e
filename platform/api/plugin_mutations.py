"""Mutations that jurisdiction plugins contribute (their `case_commands()`).

Each becomes `<name>(input: <InputType>!): CasePayload!` on the Mutation type.
Names must carry the jurisdiction's prefix and may not clash with the core
schema or with each other: a clash stops start-up with a clear message.
"""

from __future__ import annotations

import re
from typing import Any

import strawberry
from strawberry.types.field import StrawberryField

from vocrehab.api.case_mutations import CasePayload, case_payload
from vocrehab.api.context import Info
from vocrehab.api.mutations import run
from vocrehab.core.commands import run_case_command
from vocrehab.hooks.host import PluginHost, PluginLoadError
from vocrehab.hooks.types import CaseCommand, text_for
from vocrehab.hooks.vocabulary import SCOPES

__all__ = ["plugin_mutations"]

_NAME = re.compile(r"^[a-z][A-Za-z0-9]*$")


def _field(code: str, command: CaseCommand) -> StrawberryField:
    async def resolve(self: Any, info: Info, input: Any) -> CasePayload:
        return case_payload(
            *await run(info, lambda work: run_case_command(work, code, command, input))
        )

    resolve.__annotations__ = {"info": Info, "input": command.input_type, "return": CasePayload}
    roles = ", ".join(role.value for role in command.roles)
    description = (
        f"{text_for(command.descriptions, None)} Requires scope {command.scope} ({roles})."
    )
    return strawberry.mutation(resolver=resolve, name=command.name, description=description)


def _check(code: str, prefix: str, command: CaseCommand, taken: dict[str, str]) -> None:
    where = f"jurisdiction {code!r}, command {command.name!r}"
    if not _NAME.match(command.name) or not command.name.startswith(prefix):
        raise PluginLoadError(f"{where}: the name must be camelCase and start with {prefix!r}")
    if command.name in taken:
        raise PluginLoadError(f"{where}: the name is already taken by {taken[command.name]}")
    if command.scope not in SCOPES:
        raise PluginLoadError(f"{where}: unknown scope {command.scope!r}")
    fields = getattr(command.input_type, "__strawberry_definition__", None)
    if (
        fields is None
        or not fields.is_input
        or "case_id" not in {f.python_name for f in fields.fields}
    ):
        raise PluginLoadError(
            f"{where}: input_type must be a strawberry input with a case_id field"
        )


def plugin_mutations(host: PluginHost, core_names: set[str]) -> dict[str, StrawberryField]:
    """Strawberry fields for every installed jurisdiction's case commands."""
    taken = {name: "the core schema" for name in core_names}
    fields: dict[str, StrawberryField] = {}
    for jurisdiction in host.jurisdictions():
        for command in jurisdiction.case_commands():
            _check(jurisdiction.code, jurisdiction.schema_prefix, command, taken)
            taken[command.name] = f"jurisdiction {jurisdiction.code!r}"
            fields[f"plugin_{jurisdiction.code}_{command.name}"] = _field(
                jurisdiction.code, command
            )
    return fields
