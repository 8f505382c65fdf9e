"""Resolving an operation in batches, one list level at a time, before it is walked.

A root field's resolver loads what it names (a page of cases, a node) and the
platform hands the result to `Planner.expand`. `expand` walks the operation's
selection below that field: for every relation selected (a field declared with
`relation(...)`), it loads the values for *all* the objects of that level in
one batch (one statement for the participants of fifty cases), then descends
into what it loaded. When it is done, every value graphql-core will ask for is
a plain attribute or a planned value, so the walk over the result is
synchronous and a page costs a fixed number of statements whatever its size.

Access is applied here, per level, from `api.access`: a relation whose target
type needs a scope the token lacks is planned as a FORBIDDEN error for each
parent (null, with the error on its own path), and a relation of a data
category is loaded only for the parents whose reader sees that category.
"""

from __future__ import annotations

import dataclasses
import inspect
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import strawberry
from graphql import (
    FieldNode,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetails, FragmentDetails, collect_subfields
from graphql.execution.values import get_argument_values
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

from vocrehab.api.access import AccessRules, Forbidden
from vocrehab.hooks.categories import ALL_CATEGORIES
from vocrehab.hooks.vocabulary import DataCategory

if TYPE_CHECKING:
    from vocrehab.api.context import Context

__all__ = ["Batch", "Planned", "Planner", "RelationLoad", "planned_value", "relation"]

P = TypeVar("P")
RELATION_KEY = "vocrehab.relation"
DEFINITION = "strawberry-definition"


@strawberry.type
class Planned:
    """Base of every object the planner fills: planned values by response key, and
    what the reader may see of it (set when it is presented, see `api.present`)."""

    _planned: strawberry.Private[dict[str, Any]] = dataclasses.field(default_factory=dict)
    _visible: strawberry.Private[frozenset[DataCategory]] = ALL_CATEGORIES
    """The data categories its reader sees on the case or participant it belongs to."""
    _participant_id: strawberry.Private[uuid.UUID | None] = None
    """Whose data it is (for the access log); None for what belongs to no participant."""


@dataclass
class Batch(Generic[P]):
    """The objects of one list level that a relation is loaded for."""

    parents: list[P]
    ctx: Context


RelationLoad = Callable[..., Awaitable[Sequence[Any]]]
"""`async def load(batch: Batch[Parent], **arguments) -> [value per parent]`."""


@dataclass(frozen=True)
class Relation:
    load: RelationLoad


def relation(
    load: RelationLoad,
    *,
    returns: Any,
    description: str | None = None,
    name: str | None = None,
    deprecation_reason: str | None = None,
) -> Any:
    """A field whose values the planner loads in batch for a whole list level.

    The field takes the arguments `load` takes after its batch (with their
    defaults) and returns `returns`. The planner calls `load` once per level
    and the executor reads the planned value: the field has no per-object
    resolver at all.
    """
    params = list(inspect.signature(load).parameters.values())[1:]

    def resolve(self: Any, **arguments: Any) -> Any:
        raise RuntimeError(f"{load.__qualname__} is resolved by the planner, not per object")

    resolve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD), *params],
        return_annotation=returns,
    )
    resolve.__module__ = load.__module__
    resolve.__name__ = resolve.__qualname__ = load.__name__
    resolve.__annotations__ = {p.name: p.annotation for p in params} | {"return": returns}
    return strawberry.field(
        resolver=resolve,
        name=name,
        description=description,
        deprecation_reason=deprecation_reason,
        metadata={RELATION_KEY: Relation(load)},
    )


def planned_value(source: Any, info: Any, **_: Any) -> Any:
    """The resolver of every relation field: the value the planner stored."""
    try:
        value = source._planned[info.path.key]
    except (AttributeError, KeyError):
        raise RuntimeError(
            f"{info.parent_type.name}.{info.field_name} was not planned for this object"
        ) from None
    if isinstance(value, Exception):
        raise value
    return value


def relation_of(field: GraphQLField) -> Relation | None:
    definition = field.extensions.get(DEFINITION)
    metadata = getattr(definition, "metadata", None) or {}
    found = metadata.get(RELATION_KEY)
    return found if isinstance(found, Relation) else None


@dataclass(frozen=True)
class _Field:
    """What the planner needs of one field of one object type: fixed by the schema and
    its access rules, so worked out once per planner."""

    field_name: str
    field: GraphQLField
    strawberry_field: StrawberryField | None
    relation: Relation | None
    gate: str | None
    """The scope the edge needs beyond its parent's."""
    category: DataCategory | None
    """The category a relation shows: loaded only for parents whose reader sees it."""
    descend: bool
    """Whether objects below it may need planning (composite values not computed by
    a resolver of their own)."""
    attribute: str
    """The attribute holding its value on objects of the type."""


class _Step:
    """A field as one operation selects it: its response key and field details."""

    __slots__ = ("details", "field", "key")

    def __init__(self, key: str, details: list[FieldDetails], field: _Field) -> None:
        self.key = key
        self.details = details
        self.field = field


class Planner:
    """Plans operations over one schema with one set of access rules."""

    def __init__(self, schema: GraphQLSchema, rules: AccessRules, scalar_registry: Any) -> None:
        self.schema = schema
        self.rules = rules
        self.scalar_registry = scalar_registry
        self._type_names: dict[type, str] = {}
        self._fields: dict[tuple[str, str], _Field | None] = {}

    def field(self, object_type: GraphQLObjectType, name: str) -> _Field | None:
        """What the planner needs of a field (None for `__typename`), once per field."""
        key = (object_type.name, name)
        try:
            return self._fields[key]
        except KeyError:
            pass
        found: _Field | None = None
        field = object_type.fields.get(name)
        if field is not None:
            rules = self.rules.of(object_type.name)
            named = get_named_type(field.type)
            strawberry_field = field.extensions.get(DEFINITION)
            relation = relation_of(field)
            computed = relation is None and getattr(strawberry_field, "base_resolver", None)
            category = rules.classes.get(name)
            found = _Field(
                field_name=name,
                field=field,
                strawberry_field=strawberry_field,
                relation=relation,
                gate=rules.gated.get(name),
                category=category if isinstance(category, DataCategory) else None,
                descend=not is_leaf_type(named) and not computed,
                attribute=strawberry_field.python_name if strawberry_field else name,
            )
        self._fields[key] = found
        return found

    async def expand(self, info: Any, value: Any, ctx: Context | None = None) -> Any:
        """Load everything selected below the current root field for `value` (in `ctx`,
        by default the operation's)."""
        raw = getattr(info, "_raw_info", info)
        if value is None or isinstance(value, Exception):
            return value
        run = _Run(self, raw, ctx or raw.context)
        await run.descend(
            [value], raw.return_type, [FieldDetails(n, None) for n in raw.field_nodes]
        )
        return value

    def type_name_of(self, obj: Any) -> str:
        cls = type(obj)
        name = self._type_names.get(cls)
        if name is None:
            definition = getattr(cls, "__strawberry_definition__", None)
            if definition is None:
                raise TypeError(f"{cls.__name__} is not a GraphQL object type")
            name = self._type_names[cls] = definition.name
        return name


class _Run:
    """One expansion: the operation's fragments and variables, and the context."""

    def __init__(self, planner: Planner, info: Any, ctx: Context) -> None:
        self.planner = planner
        self.ctx = ctx
        self.variables = info.variable_values
        self.operation = info.operation
        self.fragments = fragment_details(info.fragments)

    async def descend(self, values: Iterable[Any], return_type: Any, details: list[Any]) -> None:
        named = get_named_type(return_type)
        if is_leaf_type(named):
            return
        steps = None
        if not is_abstract_type(named):
            # A level whose selection loads nothing and holds no objects to plan (plain
            # fields: a case's milestones, its team's names) is done without listing
            # its objects.
            steps = self.steps(named, details)
            if not any(step.field.relation is not None or step.field.descend for step in steps):
                return
        objects = _flatten(values)
        if not objects:
            return
        if steps is None:
            groups: dict[str, list[Any]] = {}
            for obj in objects:
                groups.setdefault(self.planner.type_name_of(obj), []).append(obj)
            for type_name, group in groups.items():
                runtime = self.planner.schema.type_map[type_name]
                await self.level(group, runtime, details)  # type: ignore[arg-type]
        else:
            await self.level(objects, named, details, steps)

    async def level(
        self,
        objects: list[Any],
        object_type: GraphQLObjectType,
        details: list[Any],
        steps: list[_Step] | None = None,
    ) -> None:
        for step in steps if steps is not None else self.steps(object_type, details):
            field = step.field
            if field.relation is not None:
                values = await self.load(step, objects)
                key = step.key
                for obj, value in zip(objects, values, strict=True):
                    obj._planned[key] = value
            elif field.descend:
                attr = field.attribute
                values = [getattr(obj, attr, None) for obj in objects]
            else:
                continue
            if not field.descend:
                continue
            await self.descend(values, field.field.type, step.details)  # errors: `_flatten`

    def steps(self, object_type: GraphQLObjectType, details: list[Any]) -> list[_Step]:
        """The fields selected on `object_type` by the fields `details`, the same for
        every run of a document whose directives take no variables: kept with it."""
        shared = self.ctx.plans
        if shared is None:
            return self._steps(object_type, details)
        key = (_STEPS, object_type.name, *[id(d.node) for d in details])
        found: list[_Step] | None = shared.get(key)
        if found is None:
            found = shared[key] = self._steps(object_type, details)
        return found

    def _steps(self, object_type: GraphQLObjectType, details: list[Any]) -> list[_Step]:
        grouped = collect_subfields(
            self.planner.schema,
            self.fragments,
            self.variables,
            self.operation,
            object_type,
            details,
        ).grouped_field_set
        field_of = self.planner.field
        steps = []
        for key, field_details in grouped.items():
            found = field_of(object_type, field_details[0].node.name.value)
            if found is not None:  # not __typename
                steps.append(_Step(key, field_details, found))
        return steps

    async def load(self, step: _Step, objects: list[Any]) -> Sequence[Any]:
        field = step.field
        assert field.relation is not None
        if field.gate is not None and not self.ctx.principal.has_scope(field.gate):
            error = Forbidden(field.gate)
            return [error] * len(objects)
        arguments = self.arguments(step)
        if field.category is None:
            eligible = objects
        else:
            category = field.category
            eligible = [obj for obj in objects if category in obj._visible]
            if not eligible:
                return [None] * len(objects)
        loaded = await field.relation.load(Batch(eligible, self.ctx), **arguments)
        if len(loaded) != len(eligible):
            raise RuntimeError(
                f"{field.field_name}: the loader gave {len(loaded)} values for {len(eligible)} objects"
            )
        if eligible is objects:
            return loaded
        found = {id(obj): value for obj, value in zip(eligible, loaded, strict=True)}
        return [found.get(id(obj)) for obj in objects]

    def arguments(self, step: _Step) -> dict[str, Any]:
        """The field's arguments as its load takes them. Written as literals (`first: 5`)
        and converted to plain values, they are the same on every run: kept with the
        document (`Context.plans`)."""
        node: FieldNode = step.details[0].node
        field = step.field.field
        if not field.args:
            return {}
        shared = self.ctx.plans
        key = (_ARGUMENTS, id(node))
        if shared is not None:
            found: dict[str, Any] | None = shared.get(key)
            if found is not None:
                return dict(found)
        raw = get_argument_values(field, node, self.variables)
        definition = step.field.strawberry_field
        converted = (
            raw
            if definition is None
            else convert_arguments(
                raw,
                definition.arguments,
                scalar_registry=self.planner.scalar_registry,
                config=self.ctx.schema_config,
            )
        )
        if shared is not None and _literal(node) and all(map(_plain, converted.values())):
            shared[key] = dict(converted)
        return converted


def _literal(node: FieldNode) -> bool:
    """Whether no argument of the field takes a variable, at any depth."""

    def fixed(value: Any) -> bool:
        if isinstance(value, VariableNode):
            return False
        if isinstance(value, ListValueNode):
            return all(fixed(item) for item in value.values)
        if isinstance(value, ObjectValueNode):
            return all(fixed(item.value) for item in value.fields)
        return True

    return all(fixed(argument.value) for argument in node.arguments or ())


def _plain(value: Any) -> bool:
    """An immutable value a load cannot change for the next run (not an input object)."""
    return value is None or type(value) in (int, float, str, bool) or isinstance(value, Enum)


_ARGUMENTS = object()
"""Key of a field's literal arguments in a document's kept plans."""

_STEPS = object()
"""Key of the planner's steps in a document's kept plans (nodes are held by the document,
so their ids name them while the plans are kept)."""


def _flatten(values: Iterable[Any]) -> list[Any]:
    """The objects among `values` and in their lists (nested), without None and errors."""
    out: list[Any] = []
    append = out.append
    for value in values:
        if value is None or isinstance(value, Exception):
            continue
        if isinstance(value, _SEQUENCES):
            for item in value:
                if item is None or isinstance(item, Exception):
                    continue
                if isinstance(item, _SEQUENCES):
                    out.extend(_flatten(item))
                else:
                    append(item)
        else:
            append(value)
    return out


_SEQUENCES = (list, tuple)


def fragment_details(fragments: dict[str, Any]) -> dict[str, FragmentDetails]:
    return {
        name: value if isinstance(value, FragmentDetails) else FragmentDetails(value)
        for name, value in fragments.items()
    }
