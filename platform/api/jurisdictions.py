"""Jurisdictions and the reference data their plugins contribute."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import strawberry

from vocrehab.api.context import Context, Info
from vocrehab.api.enums import DocumentFormat, Severity
from vocrehab.core.documents import document_kinds
from vocrehab.hooks import types as h
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.jurisdiction import Jurisdiction as JurisdictionImpl
from vocrehab.hooks.jurisdiction import check_national_id
from vocrehab.hooks.types import text_for

__all__ = [
    "Jurisdiction",
    "JurisdictionQueries",
    "NationalIdCheck",
    "jurisdiction_of",
    "reference_items",
]

T = TypeVar("T")


def jurisdiction_of(ctx: Context, code: str) -> Jurisdiction:
    """The jurisdiction with `code` (one object per operation and code)."""
    key = ("jurisdiction", code)
    found = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = Jurisdiction.of(ctx.host, code)
    return found  # type: ignore[no-any-return]


def reference_items(
    ctx: Context,
    attr: str | Callable[[Any], Iterable[Any]],
    wrap: Callable[[str, Any], T],
    named: Iterable[tuple[str, str]],
) -> list[T]:
    """The reference items (intervention types, benefit types, document kinds) that
    rows name by (jurisdiction, code); `attr` is the plugin method listing them, or
    a function of the jurisdiction that lists them."""
    items = []
    for jurisdiction_code, code in named:
        key = (attr, jurisdiction_code, code)
        found = ctx.memo.get(key)
        if found is None:
            jurisdiction = ctx.host.jurisdiction(jurisdiction_code)
            listed = attr(jurisdiction) if callable(attr) else getattr(jurisdiction, attr)()
            item = h.by_code(listed, code)
            if item is None:
                raise LookupError(f"{jurisdiction_code}: {attr}() no longer lists {code!r}")
            found = ctx.memo[key] = wrap(jurisdiction_code, item)
        items.append(found)
    return items


def _text(texts: h.Texts | None, lang: str | None) -> str | None:
    return text_for(texts, lang) if texts else None


@strawberry.type(name="PluginInfo")
class PluginInfo:
    name: str
    version: str


@strawberry.type(name="JurisdictionRule")
class JurisdictionRule:
    _info: strawberry.Private[h.RuleInfo]
    code: str
    severity: Severity
    legal_reference: str

    @strawberry.field
    def description(self, lang: str | None = None) -> str:
        return text_for(self._info.descriptions, lang)


@strawberry.type
class _ReferenceItem:
    """What every kind of reference data has: a code, names, its jurisdiction."""

    _info: strawberry.Private[Any]
    _code: strawberry.Private[str]
    code: str

    @strawberry.field
    def jurisdiction(self, info: Info) -> Jurisdiction:
        return jurisdiction_of(info.context, self._code)

    @strawberry.field
    def name(self, lang: str | None = None) -> str:
        return text_for(self._info.names, lang)


@strawberry.type
class _DescribedItem(_ReferenceItem):
    @strawberry.field
    def description(self, lang: str | None = None) -> str | None:
        return _text(self._info.descriptions, lang)


@strawberry.type(name="BenefitType")
class BenefitType(_DescribedItem):
    allowed_degrees: list[int] = strawberry.field(
        description="Allowed degrees in percent, e.g. [25, 50, 75, 100] for Swedish sickness benefit."
    )
    max_duration_days: int | None
    legal_reference: str | None

    @classmethod
    def of(cls, code: str, info: h.BenefitTypeInfo) -> BenefitType:
        return cls(
            _info=info,
            _code=code,
            code=info.code,
            allowed_degrees=list(info.allowed_degrees),
            max_duration_days=info.max_duration_days,
            legal_reference=info.legal_reference,
        )


@strawberry.type(name="InterventionType")
class InterventionType(_DescribedItem):
    max_duration_weeks: int | None
    legal_reference: str | None

    @classmethod
    def of(cls, code: str, info: h.InterventionTypeInfo) -> InterventionType:
        return cls(
            _info=info,
            _code=code,
            code=info.code,
            max_duration_weeks=info.max_duration_weeks,
            legal_reference=info.legal_reference,
        )


@strawberry.type(name="DocumentKind")
class DocumentKind(_ReferenceItem):
    formats: list[DocumentFormat]

    @classmethod
    def of(cls, code: str, info: h.DocumentKindInfo) -> DocumentKind:
        return cls(_info=info, _code=code, code=info.code, formats=list(info.formats))


@strawberry.type(
    name="NationalIdCheck",
    description="A national id as the jurisdiction reads it today; nothing is looked up or stored.",
)
class NationalIdCheck:
    valid: bool
    normalized: str | None = strawberry.field(
        description="The form registration stores (e.g. a Swedish personnummer's 12 digits)."
    )
    message: str | None = strawberry.field(
        description="Why it is not valid; for a valid id, which form was read and what it "
        "was normalised to."
    )


@strawberry.type(name="Jurisdiction")
class Jurisdiction:
    _impl: strawberry.Private[JurisdictionImpl]
    _plugin: strawberry.Private[h.PluginInfo]
    code: str = strawberry.field(
        description='Plugin-chosen code, e.g. "no" (NAV), "se" (Försäkringskassan), "generic".'
    )
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2, null for generic.")
    languages: list[str]

    @classmethod
    def of(cls, host: PluginHost, code: str) -> Jurisdiction:
        impl = host.jurisdiction(code)
        return cls(
            _impl=impl,
            _plugin=host.plugin_of(code),
            code=impl.code,
            country=impl.country,
            languages=list(impl.languages),
        )

    @strawberry.field
    def name(self, lang: str | None = None) -> str:
        return text_for(self._impl.names, lang)

    @strawberry.field
    def benefit_types(self) -> list[BenefitType]:
        return [BenefitType.of(self.code, t) for t in self._impl.benefit_types()]

    @strawberry.field
    def intervention_types(self) -> list[InterventionType]:
        return [InterventionType.of(self.code, t) for t in self._impl.intervention_types()]

    @strawberry.field
    def document_kinds(self) -> list[DocumentKind]:
        return [DocumentKind.of(self.code, k) for k in document_kinds(self._impl)]

    @strawberry.field(
        description="Every rule the plugin enforces, so a case worker can read what the platform applies."
    )
    def rules(self) -> list[JurisdictionRule]:
        return [
            JurisdictionRule(
                _info=r, code=r.code, severity=r.severity, legal_reference=r.legal_reference
            )
            for r in self._impl.rules()
        ]

    @strawberry.field(
        description="Check a national id as registration would (as of today, for forms such "
        "as a 10-digit personnummer whose century depends on the day)."
    )
    def check_national_id(self, info: Info, value: str) -> NationalIdCheck:
        checked = check_national_id(self._impl, value, info.context.today)
        return NationalIdCheck(
            valid=checked.valid, normalized=checked.normalized, message=checked.message
        )

    @strawberry.field
    def plugin(self) -> PluginInfo:
        return PluginInfo(name=self._plugin.name, version=self._plugin.version)


def _selected(info: Info, code: str | None) -> list[JurisdictionImpl]:
    host = info.context.host
    if code is None:
        return host.jurisdictions()
    return [host.jurisdiction(code)] if host.has(code) else []


def _reference(info: Info, code: str | None, attr: str, wrap: Any) -> list[Any]:
    return [wrap(j.code, item) for j in _selected(info, code) for item in getattr(j, attr)()]


@strawberry.type
class JurisdictionQueries:
    @strawberry.field
    def jurisdictions(self, info: Info) -> list[Jurisdiction]:
        return [
            Jurisdiction.of(info.context.host, j.code) for j in info.context.host.jurisdictions()
        ]

    @strawberry.field
    def jurisdiction(self, info: Info, code: str) -> Jurisdiction | None:
        return Jurisdiction.of(info.context.host, code) if info.context.host.has(code) else None

    @strawberry.field(
        description="Reference data contributed by the installed jurisdiction plugins."
    )
    def benefit_types(self, info: Info, jurisdiction: str | None = None) -> list[BenefitType]:
        return _reference(info, jurisdiction, "benefit_types", BenefitType.of)

    @strawberry.field
    def intervention_types(
        self, info: Info, jurisdiction: str | None = None
    ) -> list[InterventionType]:
        return _reference(info, jurisdiction, "intervention_types", InterventionType.of)

    @strawberry.field
    def document_kinds(self, info: Info, jurisdiction: str | None = None) -> list[DocumentKind]:
        return _reference(info, jurisdiction, "document_kinds", DocumentKind.of)
