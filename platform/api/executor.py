"""The executor: graphql-core's, with a short path for what the planner loaded.

Once the planner has loaded an operation, what is left is walking plain
values: reading attributes and planned relations, serialising scalars,
descending into objects and lists. graphql-core does that field by field,
with a resolve-info object, a resolver call and the full completion
machinery for each; on a page of fifty cases that is thousands of fields.

This executor walks those fields itself:
- a plain leaf attribute (no resolver, no arguments) is read and serialised;
- a planned relation (`planner.relation`) or a plain attribute holding
  objects or lists is completed by `_complete`, which follows graphql-core's
  completion rules (non-null, lists, leaves, objects, `is_type_of`) and its
  error handling (`handle_field_error` at the same paths), without building
  resolve-info objects or calling resolvers.
Every other field (one with a resolver of its own, arguments, an abstract
type, an awaitable value) goes through graphql-core's own `execute_field` or
`complete_value`, so results and errors are graphql-core's.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfoHelpers,
    is_leaf_type,
)
from graphql.execution.executor import Executor, invalid_return_type_error
from graphql.pyutils import Path, Undefined, gather_with_cancel, is_awaitable

from vocrehab.api.planner import DEFINITION, planned_value

__all__ = ["FastExecutor"]

_LEAF, _PLANNED, _ATTRIBUTE = 1, 2, 3


class _Spec:
    """How the short path reads one field of one object type."""

    __slots__ = (
        "attribute",
        "bare",
        "is_list",
        "kind",
        "non_null",
        "object_type",
        "origin",
        "serialise",
        "type",
        "walk_class",
    )

    def __init__(
        self,
        kind: int,
        type_: GraphQLOutputType,
        attribute: str = "",
        serialise: Callable[[Any], Any] | None = None,
    ) -> None:
        self.kind = kind
        self.type = type_
        self.attribute = attribute
        self.non_null = isinstance(type_, GraphQLNonNull)
        self.bare = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        self.is_list = isinstance(self.bare, GraphQLList)
        self.object_type: GraphQLObjectType | None = None
        self.origin: type | None = None
        self.walk_class: type | None = None
        """For an object type: the class whose objects a walker takes as of the type."""
        if isinstance(self.bare, GraphQLObjectType):
            if self.bare.is_type_of is not None:
                self.object_type = self.bare
                self.origin = self.walk_class = _origin(self.bare)
            else:  # graphql-core takes any object: the class strawberry builds them of
                self.walk_class = _generic_origin(self.bare)
        self.serialise = serialise


def _origin(object_type: GraphQLObjectType) -> type | None:
    """The Python class of a strawberry object type: an object of exactly that class
    is of the type (strawberry's `is_type_of` says so too, by a longer way)."""
    definition = object_type.extensions.get(DEFINITION)
    origin = getattr(definition, "origin", None)
    return origin if isinstance(origin, type) else None


class _TypeCache:
    """What the executor worked out for one schema type: the short path of each field,
    and the walkers compiled for its selections."""

    __slots__ = ("specs", "walkers")

    def __init__(self) -> None:
        self.specs: dict[str, _Spec | None] = {}
        self.walkers: dict[
            tuple[tuple[str, str], ...], tuple[Callable[..., Any], Callable[..., Any] | None]
        ] = {}


def _generic_origin(object_type: GraphQLObjectType) -> type | None:
    """The class of a strawberry object type's objects, for a specialised generic type
    (`Connection[Case]`) the generic class."""
    definition = object_type.extensions.get(DEFINITION)
    concrete_of = getattr(definition, "concrete_of", None)
    origin = getattr(concrete_of or definition, "origin", None)
    return origin if isinstance(origin, type) else None


_TYPES: weakref.WeakKeyDictionary[GraphQLObjectType, _TypeCache] = weakref.WeakKeyDictionary()
"""Per schema type, for as long as its schema lives (tests build many schemas)."""


def _type_cache(parent_type: GraphQLObjectType) -> _TypeCache:
    found = _TYPES.get(parent_type)
    if found is None:
        found = _TYPES[parent_type] = _TypeCache()
    return found


def _spec(parent_type: GraphQLObjectType, name: str) -> _Spec | None:
    """The short path for a field, or None for graphql-core's (cached per schema type)."""
    specs = _type_cache(parent_type).specs
    if name in specs:
        return specs[name]
    found: _Spec | None = None
    field = parent_type.fields.get(name)
    if field is not None and field.resolve is planned_value:
        found = _Spec(_PLANNED, field.type)
    elif field is not None and not field.args and getattr(field.resolve, "_is_default", False):
        definition = field.extensions.get(DEFINITION)
        if definition is not None:
            bare = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            if is_leaf_type(bare):
                found = _Spec(_LEAF, field.type, definition.python_name, _serialiser(bare))
            else:
                found = _Spec(_ATTRIBUTE, field.type, definition.python_name)
    specs[name] = found
    return found


_INT_RANGE = range(-(2**31), 2**31)


def _inline(leaf: Any) -> tuple[str, Any, dict[Any, Any] | None]:
    """How a walker answers the common value of a leaf type without a call: "str" (a
    `str` for String and ID), "int" (an `int` in range), "bool", "enum" (a member of
    the type's own Python enum, with the names the schema gives its members), or ""."""
    name = leaf.name
    if name in ("String", "ID"):
        return "str", None, None
    if name == "Int":
        return "int", None, None
    if name == "Boolean":
        return "bool", None, None
    wrapped = getattr(leaf, "wrapped_cls", None)
    if (
        isinstance(leaf, GraphQLEnumType)
        and isinstance(wrapped, type)
        and issubclass(wrapped, Enum)
    ):
        names = {}
        for member in wrapped:
            try:
                names[member] = leaf.coerce_output_value(member)
            except (ValueError, TypeError):  # a member the schema leaves out: the general way
                continue
        return "enum", wrapped, names
    return "", None, None


def _by_own_names(wrapped: Any, names: dict[Any, Any] | None) -> bool:
    """Whether the schema names every member of the enum `wrapped` by the member's own
    name: then a member's name is its value in a result, without looking the member up
    (an enum member's hash is a Python call, twice per lookup)."""
    return (
        names is not None
        and len(names) == len(wrapped)
        and all(names.get(member) == member._name_ for member in wrapped)
    )


def _serialiser(leaf: Any) -> Callable[[Any], Any]:
    """The leaf type's `coerce_output_value`, with the common case (`_inline`) answered
    first (strawberry's enum serialiser looks each member up by scanning)."""
    general: Callable[[Any], Any] = leaf.coerce_output_value
    kind, wrapped, names = _inline(leaf)
    if kind == "str":
        return lambda value: value if type(value) is str else general(value)
    if kind == "int":
        return lambda value: value if type(value) is int and value in _INT_RANGE else general(value)
    if kind == "bool":
        return lambda value: value if type(value) is bool else general(value)
    if kind == "enum" and _by_own_names(wrapped, names):
        return lambda value: value._name_ if type(value) is wrapped else general(value)
    if kind == "enum":
        assert names is not None
        return lambda value: (
            names[value] if type(value) is wrapped and value in names else general(value)
        )
    return general


_PLAIN = frozenset({dict, list, str, int, float, bool, type(None)})

_path: Callable[[tuple[Any, Any, Any]], Path] = functools.partial(tuple.__new__, Path)  # type: ignore[arg-type]
"""`Path(prev, key, typename)` without the named tuple's Python-level `__new__`: a walk
makes one per object and relation, and needs them only when something fails."""


_PLAN = object()
"""Key of a plan in a document's kept plans (`FastExecutor._shared`)."""


def _is_awaitable(value: Any) -> bool:
    """graphql-core's test, answered at once for the plain values a walk mostly meets."""
    return type(value) not in _PLAIN and is_awaitable(value)


class _Plan:
    """One selection on one object type, for one operation: its fields with their
    short paths, the walker compiled for them, and the plans below its fields."""

    __slots__ = ("entries", "kids", "walk", "walk_class", "walk_list")

    def __init__(
        self, object_type: GraphQLObjectType, entries: list[tuple[str, Any, _Spec | None]]
    ) -> None:
        self.entries = entries
        self.walk_class = (
            _origin(object_type)
            if object_type.is_type_of is not None
            else _generic_origin(object_type)
        )
        """The class whose objects are of the type for sure (see `_Spec.walk_class`)."""
        self.walk, self.walk_list = _walkers(object_type, entries, self.walk_class)
        """The walker of one object, and of a list of objects of `walk_class` (None
        without such a class)."""
        self.kids: list[_Plan | None] = [None] * len(entries)
        """Per field of an object type (or a list of one): the plan of its selection."""


class _Walker:
    """Writes the walker of one selection on one object type: a function that reads
    every field of an object in turn, with the common case of each written out (a
    leaf read and checked in place, a planned object or list of objects walked by
    its own plan), and `FastExecutor._field`, the general short path, for anything
    else. What a walker answers is exactly what `_field` answers field by field:
    it is the same loop, unrolled, with each field's checks decided in advance."""

    def __init__(self, parent_type: GraphQLObjectType, entries: list[Any]) -> None:
        self.parent_type = parent_type
        self.entries = entries
        self.names: dict[str, Any] = {
            "_path": _path,
            "Undefined": Undefined,
            "_INT_RANGE": _INT_RANGE,
            "_dict": dict,
            "_list": list,
        }
        self.lines: list[str] = []
        self.path = "path"
        """The expression of the object's path (in a list walker, made where it is used:
        a list's items mostly need none)."""

    def constant(self, prefix: str, index: int, value: Any) -> str:
        name = f"{prefix}{index}"
        self.names[name] = value
        return name

    def build(self) -> Callable[..., Any]:
        lines = self.lines
        add = lines.append
        add("def walk(ex, plan, parent_type, source, path, position_context):")
        add("    entries = plan.entries")
        add("    kids = plan.kids")
        add("    results = {}")
        add("    pending = None")  # a list once a field waits, rare
        add("    try:")
        self.fields()
        add("    except Exception:")
        add("        if pending:")
        add("            ex.settle_in_background([results[name] for name in pending])")
        add("        raise")
        add("    if pending:")
        add("        return ex._gather(results, pending)")
        add("    return results")
        source = "\n".join(lines)
        code = compile(source, f"<walker {self.parent_type.name}>", "exec")
        exec(code, self.names)  # our own source, from the schema's types
        walk: Callable[..., Any] = self.names["walk"]
        return walk

    def fields(self) -> None:
        """The body of a walk, at the indentation of one inside `try:`."""
        add = self.lines.append
        if any(spec is not None and spec.kind == _PLANNED for _, _, spec in self.entries):
            add("        try:")
            add("            planned = source._planned")
            add("        except AttributeError:")
            add("            planned = None")
        for index, (response_name, _, spec) in enumerate(self.entries):
            self.field(index, response_name, spec)

    def build_list(self, walk_class: type) -> Callable[..., Any]:
        """The walker of a list of objects of `walk_class`: the walk of each item written
        into one loop, and each item's completion as `FastExecutor._complete_list`
        does it (an error at the item's path, a waiting item settled there). None,
        before anything is done, when an item is of another class: the general loop
        then takes the list."""
        self.names["CLS"] = walk_class
        self.path = "_path((list_path, index, None))"
        self.lines = []
        self.fields()
        body = ["    " + line for line in self.lines]
        item_path = self.path
        source = "\n".join(
            [
                "def walk_list(ex, plan, parent_type, item_type, details, items, list_path):",
                "    for source in items:",
                "        if type(source) is not CLS:",
                "            return None",
                "    entries = plan.entries",
                "    kids = plan.kids",
                "    position_context = None",
                "    out = []",
                "    waiting = None",
                "    for index, source in enumerate(items):",
                "        results = {}",
                "        pending = None",
                "        try:",
                *body,
                "        except Exception as raw_error:",
                "            if pending:",
                "                ex.settle_in_background([results[name] for name in pending])",
                f"            ex.handle_field_error(raw_error, item_type, details, {item_path})",
                "            out.append(None)",
                "            continue",
                "        if pending:",
                "            if waiting is None:",
                "                waiting = []",
                "            waiting.append(index)",
                "            out.append(ex._settled(ex._gather(results, pending), item_type, "
                f"details, {item_path}))",
                "        else:",
                "            out.append(results)",
                "    return out, waiting",
                "",
            ]
        )
        code = compile(source, f"<list walker {self.parent_type.name}>", "exec")
        exec(code, self.names)  # our own source, from the schema's types
        walk_list: Callable[..., Any] = self.names["walk_list"]
        return walk_list

    def general(self, index: int, indent: str) -> None:
        self.lines.append(f"{indent}if pending is None:")
        self.lines.append(f"{indent}    pending = []")
        self.lines.append(
            f"{indent}ex._field(entries[{index}], parent_type, source, {self.path}, "
            "position_context, results, pending)"
        )

    def completed(self, index: int, key: str, call: str, done: str) -> None:
        """A composite field's value completed by `call`, its error handled at the
        field's path; done when of type `done`, else settled with the waiting fields."""
        add = self.lines.append
        add("            try:")
        add(f"                completed = {call}")
        add("            except Exception as raw_error:")
        add(
            f"                ex.handle_field_error(raw_error, entries[{index}][2].type, "
            f"entries[{index}][1], field_path)"
        )
        add("                completed = None")
        add(f"            if completed is None or type(completed) is {done}:")
        add(f"                results[{key}] = completed")
        add("            else:")
        add("                if pending is None:")
        add("                    pending = []")
        add(
            f"                ex._store(results, pending, {key}, completed, "
            f"entries[{index}], field_path)"
        )

    def field(self, index: int, response_name: str, spec: _Spec | None) -> None:
        add = self.lines.append
        key = repr(response_name)
        if spec is None:
            self.general(index, "        ")
            return
        if spec.kind == _LEAF:
            attribute = spec.attribute
            if attribute.isidentifier() and not attribute.startswith("__"):
                add("        try:")
                add(f"            value = source.{attribute}")
                add("        except AttributeError:")
                add("            value = Undefined")
            else:
                add(f"        value = getattr(source, {attribute!r}, Undefined)")
            # The common case first; a null next; anything else (a missing attribute,
            # which graphql-core's resolver names, a value to refuse) the general way.
            kind, wrapped, names = _inline(spec.bare)
            if kind == "str":
                add("        if type(value) is str:")
                add(f"            results[{key}] = value")
            elif kind == "int":
                add("        if type(value) is int and value in _INT_RANGE:")
                add(f"            results[{key}] = value")
            elif kind == "bool":
                add("        if type(value) is bool:")
                add(f"            results[{key}] = value")
            elif kind == "enum" and _by_own_names(wrapped, names):
                enum = self.constant("E", index, wrapped)
                add(f"        if type(value) is {enum}:")
                add(f"            results[{key}] = value._name_")
            elif kind == "enum":
                enum = self.constant("E", index, wrapped)
                known = self.constant("N", index, names)
                add(f"        if type(value) is {enum} and value in {known}:")
                add(f"            results[{key}] = {known}[value]")
            else:
                serialise = self.constant("S", index, spec.serialise)
                add("        if value is not None and value is not Undefined:")
                add("            try:")
                add(f"                coerced = {serialise}(value)")
                add("            except Exception:")
                add("                coerced = None")
                add("            if coerced is not None:")
                add(f"                results[{key}] = coerced")
                add("            else:")
                self.general(index, "                ")
            if not spec.non_null:
                add("        elif value is None:")
                add(f"            results[{key}] = None")
            add("        else:")
            self.general(index, "            ")
            return
        if spec.kind == _PLANNED:
            add(
                f"        value = planned.get({key}, Undefined) if planned is not None else Undefined"
            )
        else:
            add(f"        value = getattr(source, {spec.attribute!r}, Undefined)")
        type_name = repr(self.parent_type.name)
        item = _list_item_origin(spec)
        if spec.is_list and item is not None:
            bare = self.constant("B", index, spec.bare)
            add("        if type(value) is _list:")
            add(f"            field_path = _path(({self.path}, {key}, {type_name}))")
            add(f"            kid = kids[{index}]")
            add("            if kid is None:")
            add(f"                kid = ex._kid(plan, {index}, {bare}.of_type)")
            self.completed(
                index,
                key,
                f"ex._complete_list({bare}, entries[{index}][1], field_path, value, "
                "parent_type, kid)",
                "_list",
            )
        elif spec.walk_class is not None:
            origin = self.constant("O", index, spec.walk_class)
            object_type = self.constant("T", index, spec.bare)
            add(f"        if type(value) is {origin}:")
            add(f"            field_path = _path(({self.path}, {key}, {type_name}))")
            add(f"            kid = kids[{index}]")
            add("            if kid is None:")
            add(f"                kid = ex._kid(plan, {index}, {object_type})")
            self.completed(
                index, key, f"kid.walk(ex, kid, {object_type}, value, field_path, None)", "_dict"
            )
        else:
            add("        if False:")
            add("            pass")
        if not spec.non_null:
            add("        elif value is None:")
            add(f"            results[{key}] = None")
        add("        else:")
        self.general(index, "            ")


def _list_item_origin(spec: _Spec) -> type | None:
    """For a list of objects of one object type (not lists of lists): that type's class."""
    if not spec.is_list:
        return None
    item = spec.bare.of_type  # type: ignore[union-attr]
    item = item.of_type if isinstance(item, GraphQLNonNull) else item
    if isinstance(item, GraphQLObjectType):
        return _origin(item) or object
    return None


def _walkers(
    parent_type: GraphQLObjectType, entries: list[Any], walk_class: type | None
) -> tuple[Callable[..., Any], Callable[..., Any] | None]:
    """The walkers for a selection, of one object and of a list of objects of
    `walk_class` (cached per schema type and selection; the class is the type's)."""
    walkers = _type_cache(parent_type).walkers
    signature = tuple(
        (response_name, details[0].node.name.value) for response_name, details, _ in entries
    )
    found = walkers.get(signature)
    if found is None:
        walk = _Walker(parent_type, entries).build()
        listed = _Walker(parent_type, entries).build_list(walk_class) if walk_class else None
        found = walkers[signature] = (walk, listed)
    return found


class FastExecutor(Executor):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # graphql-core's helpers hold the executor's bound methods, and the executor
        # holds them: a reference cycle, which kept everything an operation loaded
        # (its context, rows and objects) until the garbage collector came by,
        # rather than freeing it as the operation ends. Through a weak reference,
        # the operation's objects go with their last reference.
        this = weakref.ref(self)
        self.async_helpers = GraphQLResolveInfoHelpers(
            gather=lambda values: this().gather_async_work(values),  # type: ignore[union-attr]
            track=lambda values: this().track_async_work(values),  # type: ignore[union-attr]
        )
        self.is_awaitable = _is_awaitable  # type: ignore[assignment]
        self._plans: dict[int, tuple[Any, _Plan]] = {}
        self._subplans: dict[tuple[int, int], tuple[Any, _Plan]] = {}
        self._shared: dict[Any, Any] | None = getattr(self.context_value, "plans", None)
        """Plans kept with the document for its next runs (`Context.plans`), by type and
        field nodes, or None."""

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        plan = self._plan(parent_type, grouped_field_set)
        return plan.walk(self, plan, parent_type, source_value, path, position_context)

    def _field(
        self,
        entry: tuple[str, Any, _Spec | None],
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        position_context: Any,
        results: dict[str, Any],
        pending: list[str],
    ) -> None:
        """One field of an object, by its short path where it has one, else by
        graphql-core's `execute_field`."""
        response_name, field_details_list, spec = entry
        if spec is not None:
            if spec.kind == _LEAF:
                value = getattr(source_value, spec.attribute, Undefined)
                if value is Undefined:  # graphql-core's resolver says what is missing
                    pass
                elif value is None:
                    if not spec.non_null:
                        results[response_name] = None
                        return
                else:
                    try:
                        coerced = spec.serialise(value)  # type: ignore[misc]
                    except Exception:
                        coerced = None
                    if coerced is not None:
                        results[response_name] = coerced
                        return
                # A null for a non-null field, a value the scalar refuses: as graphql-core.
            else:
                if spec.kind == _PLANNED:
                    planned = getattr(source_value, "_planned", None)
                    found = planned is not None and response_name in planned
                    value = planned[response_name] if found else Undefined  # type: ignore[index]
                else:
                    value = getattr(source_value, spec.attribute, Undefined)
                if value is not Undefined and not _is_awaitable(value):
                    field_path = _path((path, response_name, parent_type.name))
                    try:
                        if spec.is_list and type(value) is list:  # no wrappers to undo
                            completed = self._complete_list(
                                spec.bare,  # type: ignore[arg-type]  # is_list
                                field_details_list,
                                field_path,
                                value,
                                parent_type,
                            )
                        elif (
                            spec.object_type is not None
                            and value is not None
                            and (
                                type(value) is spec.origin
                                or spec.object_type.is_type_of(value, None) is True  # type: ignore[misc,arg-type]
                            )
                        ):  # an object of the field's object type: straight to its fields
                            plan = self._subplan(spec.object_type, field_details_list)
                            completed = plan.walk(
                                self, plan, spec.object_type, value, field_path, None
                            )
                        else:
                            completed = self._complete(
                                spec.type, field_details_list, field_path, value, parent_type
                            )
                    except Exception as raw_error:
                        self.handle_field_error(
                            raw_error, spec.type, field_details_list, field_path
                        )
                        completed = None
                    self._store(results, pending, response_name, completed, entry, field_path)
                    return
        result = self.execute_field(
            parent_type,
            source_value,
            field_details_list,
            Path(path, response_name, parent_type.name),
            position_context,
        )
        if result is Undefined:
            return
        results[response_name] = result
        if _is_awaitable(result):
            pending.append(response_name)

    def _store(
        self,
        results: dict[str, Any],
        pending: list[str],
        response_name: str,
        completed: Any,
        entry: tuple[str, Any, _Spec | None],
        field_path: Path,
    ) -> None:
        """A completed value into the results; one still to come is settled at its own
        path and awaited with the object's other pending fields."""
        if _is_awaitable(completed):
            spec = entry[2]
            assert spec is not None
            completed = self._settled(completed, spec.type, entry[1], field_path)
            pending.append(response_name)
        results[response_name] = completed

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> _Plan:
        """The fields of a selection on a type with their short paths and walker, worked
        out once per operation (graphql-core's grouped field sets are memoized per
        operation, so the same set comes back for every object of a list)."""
        plans = self._plans
        found = plans.get(id(grouped_field_set))
        if found is None or found[0] is not grouped_field_set:
            shared, key, plan = self._shared, None, None
            if shared is not None:
                key = (
                    _PLAN,
                    parent_type.name,
                    *[
                        (name, *[id(d.node) for d in details])
                        for name, details in grouped_field_set.items()
                    ],
                )
                plan = shared.get(key)
            if plan is None:
                entries = [
                    (name, details, _spec(parent_type, details[0].node.name.value))
                    for name, details in grouped_field_set.items()
                ]
                plan = _Plan(parent_type, entries)
                if shared is not None:
                    shared[key] = plan
            found = plans[id(grouped_field_set)] = (grouped_field_set, plan)
        return found[1]

    def _subplan(self, object_type: GraphQLObjectType, field_details_list: Any) -> _Plan:
        """The plan of the selection below a field on objects of `object_type`, worked
        out once per operation (a list level asks for it once per object)."""
        key = (id(object_type), id(field_details_list))
        found = self._subplans.get(key)
        if found is None or found[0] is not field_details_list:
            grouped = self.collect_subfields(object_type, field_details_list)[0]
            found = self._subplans[key] = (
                field_details_list,
                self._plan(object_type, grouped),
            )
        return found[1]

    def _kid(self, plan: _Plan, index: int, object_type: Any) -> _Plan:
        """The plan below field `index` of `plan`, for objects of `object_type` (an
        object type, or a list's item type), kept on the plan."""
        inner = object_type.of_type if isinstance(object_type, GraphQLNonNull) else object_type
        kid = plan.kids[index] = self._subplan(inner, plan.entries[index][1])
        return kid

    def _complete(
        self,
        return_type: GraphQLOutputType,
        field_details_list: Any,
        path: Path,
        result: Any,
        parent_type: GraphQLObjectType,
    ) -> Any:
        """graphql-core's `complete_value` for a value already at hand."""
        if isinstance(result, Exception):
            raise result
        if isinstance(return_type, GraphQLNonNull):
            completed = self._complete(
                return_type.of_type, field_details_list, path, result, parent_type
            )
            if completed is None:
                name = field_details_list[0].node.name.value
                raise TypeError(
                    f"Cannot return null for non-nullable field {parent_type.name}.{name}."
                )
            return completed
        if result is None:
            return None
        if isinstance(return_type, GraphQLList) and isinstance(result, list | tuple):
            return self._complete_list(return_type, field_details_list, path, result, parent_type)
        if is_leaf_type(return_type):
            return self.complete_leaf_value(return_type, result)  # type: ignore[arg-type]
        if isinstance(return_type, GraphQLObjectType):
            is_type_of = return_type.is_type_of
            if is_type_of is not None:
                matches = is_type_of(result, None)  # type: ignore[arg-type]  # strawberry's ignore the info
                if self.is_awaitable(matches):
                    matches.close()  # type: ignore[attr-defined]
                    return self._slow(return_type, field_details_list, path, result, parent_type)
                if not matches:
                    raise invalid_return_type_error(return_type, result, field_details_list)
            grouped = self.collect_subfields(return_type, field_details_list)[0]
            return self.execute_fields(return_type, result, path, grouped, None)
        return self._slow(return_type, field_details_list, path, result, parent_type)

    def _complete_list(
        self,
        return_type: GraphQLList[Any],
        field_details_list: Any,
        path: Path,
        result: list[Any] | tuple[Any, ...],
        parent_type: GraphQLObjectType,
        plan: _Plan | None = None,
    ) -> Any:
        item_type = return_type.of_type
        inner = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if plan is None and isinstance(inner, GraphQLObjectType):
            plan = self._subplan(inner, field_details_list)
        if plan is not None and plan.walk_list is not None:
            walked = plan.walk_list(self, plan, inner, item_type, field_details_list, result, path)
            if walked is not None:  # every item of the plan's class: the common case
                done, late = walked
                return done if late is None else self._gathered(done, late)
        is_type_of = inner.is_type_of if plan is not None else None
        walk_class = plan.walk_class if plan is not None else None
        walk = plan.walk if plan is not None else None
        completed: list[Any] = []
        waiting: list[int] = []
        for index, item in enumerate(result):
            item_path = _path((path, index, None))
            try:
                if type(item) is walk_class:  # the common case, first
                    value = walk(self, plan, inner, item, item_path, None)  # type: ignore[misc]
                elif (
                    plan is not None
                    and item is not None
                    and not isinstance(item, Exception)
                    and (is_type_of is None or is_type_of(item, None) is True)
                ):  # an object of the item type: straight to its fields
                    value = plan.walk(self, plan, inner, item, item_path, None)
                else:
                    value = self._complete(
                        item_type, field_details_list, item_path, item, parent_type
                    )
            except Exception as raw_error:
                self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                value = None
            if type(value) is not dict and _is_awaitable(value):
                value = self._settled(value, item_type, field_details_list, item_path)
                waiting.append(index)
            completed.append(value)
        if not waiting:
            return completed
        return self._gathered(completed, waiting)

    async def _gathered(self, completed: list[Any], waiting: list[int]) -> list[Any]:
        """A list whose items at `waiting` are still to come, once they have come."""
        values = await gather_with_cancel(*(completed[i] for i in waiting))
        for index, value in zip(waiting, values, strict=True):
            completed[index] = value
        return completed

    def _slow(
        self,
        return_type: GraphQLOutputType,
        field_details_list: Any,
        path: Path,
        result: Any,
        parent_type: GraphQLObjectType,
    ) -> Any:
        """graphql-core's own completion (abstract types, iterables that are not lists)."""
        name = field_details_list[0].node.name.value
        info = self.build_resolve_info(
            parent_type.fields[name],
            [details.node for details in field_details_list],
            parent_type,
            path,
        )
        return self.complete_value(return_type, field_details_list, info, path, result, None)

    async def _settled(
        self,
        completed: Awaitable[Any],
        return_type: GraphQLOutputType,
        field_details_list: Any,
        path: Path,
    ) -> Any:
        """An awaited completion, its error handled at its own path (as graphql-core)."""
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    async def _gather(self, results: dict[str, Any], pending: list[str]) -> dict[str, Any]:
        if len(pending) == 1:
            results[pending[0]] = await results[pending[0]]
            return results
        values = await gather_with_cancel(*(results[name] for name in pending))
        results.update(zip(pending, values, strict=True))
        return results
