"""GraphQL pieces of the plugin contract.

A plugin's case-details type implements `JurisdictionDetails`; the platform
exposes it as `Case.jurisdictionDetails`, so clients select the fields of
their jurisdiction with an inline fragment (`... on GenericCaseDetails`).

Every GraphQL type a plugin contributes declares the data category of each of
its fields: `@data_categories(DataCategory.PLAN, maksdato=DataCategory.BENEFITS)` on
the type gives a default for its fields and the exceptions by Python name,
and `field(category, ...)` declares one field where it is defined. None
means nothing about the participant (one of the jurisdiction's codes). The
platform withholds a field from readers who do not see its category, so a
field of MEDICAL, BENEFITS, CONTACT or DOCUMENTS must be nullable; a type
without declarations stops start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import strawberry
from strawberry.types.base import has_object_definition

from vocrehab.hooks.vocabulary import DataCategory

__all__ = [
    "CATEGORY_KEY",
    "VISIBLE",
    "JurisdictionDetails",
    "category_of",
    "data_categories",
    "field",
    "withhold_tree",
]

T = TypeVar("T")
CATEGORY_KEY = "vocrehab.category"
_DECLARED = "__vocrehab_categories__"


def field(category: DataCategory | None, **kwargs: Any) -> Any:
    """`strawberry.field(**kwargs)` that also declares the field's data category."""
    metadata = {**kwargs.pop("metadata", {}), CATEGORY_KEY: category}
    return strawberry.field(metadata=metadata, **kwargs)


def data_categories(
    default: DataCategory | None, **fields: DataCategory | None
) -> Callable[[type[T]], type[T]]:
    """Declare the data categories of a type's fields: `default` for every field not
    named, and the named ones (by Python name) as given."""

    def declare(cls: type[T]) -> type[T]:
        setattr(cls, _DECLARED, (default, dict(fields)))
        return cls

    return declare


def category_of(owner: type, strawberry_field: Any) -> Any:
    """A field's declared category: from `field(...)`, else the type's `data_categories(...)`;
    the string "undeclared" when neither declares it."""
    metadata = getattr(strawberry_field, "metadata", None) or {}
    if CATEGORY_KEY in metadata:
        return metadata[CATEGORY_KEY]
    for cls in owner.__mro__:
        declared = cls.__dict__.get(_DECLARED)
        if declared is not None:
            default, named = declared
            return named.get(strawberry_field.python_name, default)
    return "undeclared"


VISIBLE = "__vocrehab_visible__"
"""Where an object presented to a reader keeps the categories that reader sees."""


def withhold_tree(obj: Any, visible: frozenset[DataCategory]) -> None:
    """Withhold (set to None) the fields of a plugin's object, and of the objects in it,
    whose declared category is not in `visible`; what the platform does with every
    object a plugin presents to a reader (and the conformance kit with the same)."""
    if not has_object_definition(obj):
        return
    owner: Any = type(obj)
    object.__setattr__(obj, VISIBLE, visible)  # not a field: unseen by GraphQL
    for definition in owner.__strawberry_definition__.fields:
        if definition.base_resolver is not None:
            continue
        category = category_of(owner, definition)
        if isinstance(category, DataCategory) and category not in visible:
            object.__setattr__(obj, definition.python_name, None)
            continue
        value = getattr(obj, definition.python_name, None)
        for child in value if isinstance(value, list | tuple) else (value,):
            withhold_tree(child, visible)


@strawberry.interface(description="Implemented by each jurisdiction plugin's own details type.")
class JurisdictionDetails:
    jurisdiction_code: str = field(
        None, description="The code of the jurisdiction whose details these are."
    )
