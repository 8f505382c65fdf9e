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
from vocrehab.api.ids import ID_OF, row_id
from vocrehab.api.mutations import run
from vocrehab.api.text import undeclared_ids
from vocrehab.core.commands import run_case_command
from vocrehab.hooks.host import PluginHost, PluginLoadError
from vocrehab.hooks.types import CaseCommand, text_for
from vocrehab.hooks.vocabulary import SCOPES

__all__ = ["plugin_mutations"]

_NAME = re.compile(r"^[a-z][A-Za-z0-9]*$")


def _field(code: str, command: CaseCommand) -> StrawberryField:
    async def resolve(self: Any, info: Info, input: Any) -> CasePayload:
        case_id = row_id(input.case_id)
        return case_payload(
            *await run(info, lambda work: run_case_command(work, code, command, case_id, input))
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
    _declare_case_id(fields)
    undeclared = undeclared_ids(_field(code, command))
    if undeclared:
        raise PluginLoadError(
            f"{where}: the ID fields {undeclared} must declare the type they name, "
            f'e.g. strawberry.field(metadata={{"{ID_OF}": "Actor"}})'
        )


def _declare_case_id(definition: Any) -> None:
    """The contract's `case_id` names the case the command changes."""
    for field in definition.fields:
        if field.python_name == "case_id" and ID_OF not in (field.metadata or {}):
            field.metadata = {**(field.metadata or {}), ID_OF: "Case"}


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
