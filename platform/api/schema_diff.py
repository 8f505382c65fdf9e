"""What changed between two versions of the schema, for clients: graphql-core's
breaking changes (a client's query may stop working) and dangerous ones (it
keeps working but may see something new, e.g. an enum value it cannot handle).

A breaking removal of something the old schema had already deprecated is
marked `announced`: the deprecation policy (README, "Deprecation policy")
allows those once the announced date has passed.

The other breaking changes since the last release are announced in
`schema-breaking.txt` (`Announcements`): one change per line as the diff
prints it, `#` comments, and a `base: COMMIT` line naming the schema they are
counted from until a release is tagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

__all__ = ["Announcements", "Change", "SchemaChanges", "compare"]

_REMOVED = re.compile(r"^(?:Field|Enum value) (\w+)\.(\w+) was removed\.$")


@dataclass(frozen=True)
class Change:
    kind: str
    """graphql-core's name for it, e.g. FIELD_REMOVED, VALUE_ADDED_TO_ENUM."""
    description: str
    announced: bool = False
    """A removal of something deprecated in the old schema."""


@dataclass(frozen=True)
class SchemaChanges:
    breaking: list[Change]
    dangerous: list[Change]

    @property
    def unannounced(self) -> list[Change]:
        return [change for change in self.breaking if not change.announced]

    def blocking(self, announced: Announcements, *, allow_deprecated: bool) -> list[Change]:
        """The breaking changes nothing allows: not listed, and (with
        `allow_deprecated`) not the removal of something deprecated."""
        candidates = self.unannounced if allow_deprecated else self.breaking
        return [c for c in candidates if c.description not in announced.changes]


@dataclass(frozen=True)
class Announcements:
    """What `schema-breaking.txt` says."""

    changes: frozenset[str]
    """Breaking changes announced in the release notes, as the diff prints them."""
    base: str | None = None
    """The commit whose schema they are counted from (`base: COMMIT`), if named."""

    @classmethod
    def parse(cls, text: str) -> Announcements:
        changes: set[str] = set()
        base = None
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            if line.lower().startswith("base:"):
                base = line[5:].strip() or None
            elif line:
                changes.add(line)
        return cls(frozenset(changes), base)


def compare(old_sdl: str, new_sdl: str) -> SchemaChanges:
    old, new = build_schema(old_sdl), build_schema(new_sdl)
    breaking = [
        Change(c.type.name, c.description, _was_deprecated(old, c.description))
        for c in find_breaking_changes(old, new)
    ]
    dangerous = [Change(c.type.name, c.description) for c in find_dangerous_changes(old, new)]
    return SchemaChanges(breaking, dangerous)


def _was_deprecated(schema: GraphQLSchema, description: str) -> bool:
    match = _REMOVED.match(description)
    if match is None:
        return False
    type_name, member = match.groups()
    named = schema.get_type(type_name)
    if isinstance(named, GraphQLEnumType):
        value = named.values.get(member)
        return value is not None and value.deprecation_reason is not None
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
        field = named.fields.get(member)
        return field is not None and getattr(field, "deprecation_reason", None) is not None
    return False
