"""Jurisdictions and the reference data their plugins contribute."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any, TypeVar

import strawberry

from vocrehab.api.base import Lang
from vocrehab.api.context import Context, Info
from vocrehab.api.enums import AmountPeriod, DocumentFormat, Severity, StakeholderType
from vocrehab.core.documents import document_kinds
from vocrehab.hooks import types as h
from vocrehab.hooks.allowed import AllowedValues as AllowedValuesInfo
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.jurisdiction import Jurisdiction as JurisdictionImpl
from vocrehab.hooks.jurisdiction import check_national_id
from vocrehab.hooks.meetings import meeting_kinds
from vocrehab.hooks.types import text_for

__all__ = [
    "Jurisdiction",
    "JurisdictionQueries",
    "MeetingKind",
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


@strawberry.type(name="PluginInfo", description="The distribution that provides a jurisdiction.")
class PluginInfo:
    name: str = strawberry.field(description="Its distribution name.")
    version: str = strawberry.field(description="Its version.")


@strawberry.type(
    name="JurisdictionRule",
    description="A rule a jurisdiction enforces, for a case worker to read.",
)
class JurisdictionRule:
    _info: strawberry.Private[h.RuleInfo]
    code: str = strawberry.field(description="The rule's code, as RuleViolation.code gives it.")
    severity: Severity = strawberry.field(description="ERROR blocks a change; WARNING is reported.")
    legal_reference: str = strawberry.field(description="The law or regulation it applies.")

    @strawberry.field(description="What the rule asks for, in plain language.")
    def description(self, lang: Lang = None) -> str:
        return text_for(self._info.descriptions, lang)


@strawberry.type
class _ReferenceItem:
    """What every kind of reference data has: a code, names, its jurisdiction."""

    _info: strawberry.Private[Any]
    _code: strawberry.Private[str]
    code: str = strawberry.field(description="The code, stable within its jurisdiction.")

    @strawberry.field(description="The jurisdiction that defines it.")
    def jurisdiction(self, info: Info) -> Jurisdiction:
        return jurisdiction_of(info.context, self._code)

    @strawberry.field(description="Its name.")
    def name(self, lang: Lang = None) -> str:
        return text_for(self._info.names, lang)


@strawberry.type
class _DescribedItem(_ReferenceItem):
    @strawberry.field(description="What it is, when the jurisdiction says.")
    def description(self, lang: Lang = None) -> str | None:
        return _text(self._info.descriptions, lang)


@strawberry.type(
    name="ValueRange",
    description="Whole numbers from minimum to maximum (both included), every step from the "
    "minimum.",
)
class ValueRange:
    minimum: int = strawberry.field(description="The lowest value.")
    maximum: int = strawberry.field(description="The highest value.")
    step: int = strawberry.field(description="The distance between two allowed values (1: all).")


@strawberry.type(
    name="AllowedValues",
    description="The values a field may take, as the law writes them: a value set and ranges "
    "with steps. The platform refuses any other value.",
)
class AllowedValues:
    values: list[int] = strawberry.field(description="Values allowed one by one.")
    ranges: list[ValueRange] = strawberry.field(description="Ranges of allowed values.")
    legal_reference: str | None = strawberry.field(description="The law that sets them.")
    description: str = strawberry.field(
        description='In words, in English, e.g. "25, 50, 75 or 100" or "20 to 99 or 100".'
    )

    @classmethod
    def of(cls, allowed: AllowedValuesInfo) -> AllowedValues:
        return cls(
            values=sorted(set(allowed.values)),
            ranges=[ValueRange(minimum=r.minimum, maximum=r.maximum, step=r.step)
                    for r in sorted(allowed.ranges, key=lambda r: (r.minimum, r.maximum))],
            legal_reference=allowed.legal_reference,
            description=allowed.describe(),
        )  # fmt: skip


@strawberry.type(
    name="BenefitAmounts",
    description="The amounts a benefit may be granted at, in whole units of a currency per "
    "day, week or month.",
)
class BenefitAmounts:
    currency: str = strawberry.field(description="ISO 4217, e.g. NOK, SEK, DKK.")
    per: AmountPeriod = strawberry.field(description="What an amount is counted per.")
    allowed: AllowedValues = strawberry.field(description="The amounts allowed.")


@strawberry.type(
    name="BenefitType", description="A benefit a jurisdiction grants (sickness benefit, AAP, ...)."
)
class BenefitType(_DescribedItem):
    allowed_degrees: list[int] = strawberry.field(
        description="Every allowed degree in percent, listed, e.g. [25, 50, 75, 100] for "
        "Swedish sickness benefit (degrees gives them as ranges)."
    )
    degrees: AllowedValues = strawberry.field(
        description="The degrees in percent it may be granted at, as value sets and ranges "
        "(e.g. 20 to 99 or 100), with the law that sets them. grantBenefit refuses others."
    )
    amounts: BenefitAmounts | None = strawberry.field(
        description="The amounts it may be granted at; null when a period of it records no amount."
    )
    max_duration_days: int | None = strawberry.field(
        description="The longest it is paid, in days, when the law sets a limit."
    )
    legal_reference: str | None = strawberry.field(description="The law that provides it.")

    @classmethod
    def of(cls, code: str, info: h.BenefitTypeInfo) -> BenefitType:
        amounts = info.amounts
        return cls(
            _info=info,
            _code=code,
            code=info.code,
            allowed_degrees=list(info.allowed.listed()),
            degrees=AllowedValues.of(info.allowed),
            amounts=BenefitAmounts(
                currency=amounts.currency, per=amounts.per, allowed=AllowedValues.of(amounts.allowed)
            ) if amounts is not None else None,
            max_duration_days=info.max_duration_days,
            legal_reference=info.legal_reference,
        )  # fmt: skip


@strawberry.type(
    name="InterventionType",
    description="An intervention a jurisdiction offers (work trial, IPS, ...).",
)
class InterventionType(_DescribedItem):
    max_duration_weeks: int | None = strawberry.field(
        description="The longest it lasts, in weeks, when the rules set a limit."
    )
    legal_reference: str | None = strawberry.field(
        description="The law or programme it falls under."
    )

    @classmethod
    def of(cls, code: str, info: h.InterventionTypeInfo) -> InterventionType:
        return cls(
            _info=info,
            _code=code,
            code=info.code,
            max_duration_weeks=info.max_duration_weeks,
            legal_reference=info.legal_reference,
        )


@strawberry.type(
    name="DocumentKind",
    description="A document a jurisdiction renders from a case (a follow-up plan, a certificate, ...).",
)
class DocumentKind(_ReferenceItem):
    formats: list[DocumentFormat] = strawberry.field(description="The formats it comes in.")

    @classmethod
    def of(cls, code: str, info: h.DocumentKindInfo) -> DocumentKind:
        return cls(_info=info, _code=code, code=info.code, formats=list(info.formats))


@strawberry.type(
    name="MeetingKind",
    description="A kind of meeting of the case team a jurisdiction offers (NAV's dialogue "
    "meetings, Försäkringskassan's reconciliation meeting, a case conference).",
)
class MeetingKind:
    _info: strawberry.Private[h.MeetingKindInfo]
    code: str = strawberry.field(description="The kind's code, as scheduleMeeting takes it.")
    conveners: list[StakeholderType] = strawberry.field(
        description="The roles that call, hold and cancel it (ADMIN always may)."
    )
    completes: list[str] = strawberry.field(
        description="Codes of the milestones a meeting of this kind can meet: those named "
        "among its outcomes when it is held are met on that day."
    )
    legal_reference: str | None = strawberry.field(description="The rule that provides for it.")

    @classmethod
    def of(cls, info: h.MeetingKindInfo) -> MeetingKind:
        return cls(
            _info=info,
            code=info.code,
            conveners=list(info.conveners),
            completes=list(info.completes),
            legal_reference=info.legal_reference,
        )

    @strawberry.field(description="Its name.")
    def name(self, lang: Lang = None) -> str:
        return text_for(self._info.names, lang)

    @strawberry.field(description="What it is for, if the jurisdiction says.")
    def description(self, lang: Lang = None) -> str | None:
        texts = self._info.descriptions
        return text_for(texts, lang) if texts else None


@strawberry.type(
    name="NationalIdCheck",
    description="A national id as the jurisdiction reads it today; nothing is looked up or stored.",
)
class NationalIdCheck:
    valid: bool = strawberry.field(description="Whether the jurisdiction accepts the id.")
    normalized: str | None = strawberry.field(
        description="The form registration stores (e.g. a Swedish personnummer's 12 digits)."
    )
    message: str | None = strawberry.field(
        description="Why it is not valid; for a valid id, which form was read and what it "
        "was normalised to."
    )


@strawberry.type(
    name="Jurisdiction",
    description="A jurisdiction's rules, provided by an installed plugin: its reference data and the rules it enforces.",
)
class Jurisdiction:
    _impl: strawberry.Private[JurisdictionImpl]
    _plugin: strawberry.Private[h.PluginInfo]
    code: str = strawberry.field(
        description='Plugin-chosen code, e.g. "no" (NAV), "se" (Försäkringskassan), "generic".'
    )
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2, null for generic.")
    languages: list[str] = strawberry.field(
        description="The languages its texts come in; always includes en."
    )

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

    @strawberry.field(description="Its name.")
    def name(self, lang: Lang = None) -> str:
        return text_for(self._impl.names, lang)

    @strawberry.field(description="The benefits it grants.")
    def benefit_types(self) -> list[BenefitType]:
        return [BenefitType.of(self.code, t) for t in self._impl.benefit_types()]

    @strawberry.field(description="The interventions it offers.")
    def intervention_types(self) -> list[InterventionType]:
        return [InterventionType.of(self.code, t) for t in self._impl.intervention_types()]

    @strawberry.field(description="The documents it renders.")
    def document_kinds(self) -> list[DocumentKind]:
        return [DocumentKind.of(self.code, k) for k in document_kinds(self._impl)]

    @strawberry.field(description="The meetings a case team can hold (scheduleMeeting).")
    def meeting_kinds(self) -> list[MeetingKind]:
        return [MeetingKind.of(k) for k in meeting_kinds(self._impl)]

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
    def check_national_id(
        self,
        info: Info,
        value: Annotated[str, strawberry.argument(description="The id as it was typed.")],
    ) -> NationalIdCheck:
        checked = check_national_id(self._impl, value, info.context.today)
        return NationalIdCheck(
            valid=checked.valid, normalized=checked.normalized, message=checked.message
        )

    @strawberry.field(description="The plugin that provides it.")
    def plugin(self) -> PluginInfo:
        return PluginInfo(name=self._plugin.name, version=self._plugin.version)


JurisdictionCode = Annotated[
    str | None,
    strawberry.argument(description="Only this jurisdiction's (its code); all when left out."),
]


def _selected(info: Info, code: str | None) -> list[JurisdictionImpl]:
    host = info.context.host
    if code is None:
        return host.jurisdictions()
    return [host.jurisdiction(code)] if host.has(code) else []


def _reference(info: Info, code: str | None, attr: str, wrap: Any) -> list[Any]:
    return [wrap(j.code, item) for j in _selected(info, code) for item in getattr(j, attr)()]


@strawberry.type
class JurisdictionQueries:
    @strawberry.field(description="Every installed jurisdiction.")
    def jurisdictions(self, info: Info) -> list[Jurisdiction]:
        return [
            Jurisdiction.of(info.context.host, j.code) for j in info.context.host.jurisdictions()
        ]

    @strawberry.field(
        description="One jurisdiction by its code; null when none is installed with it."
    )
    def jurisdiction(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description='Its code, e.g. "no", "se".')],
    ) -> Jurisdiction | None:
        return Jurisdiction.of(info.context.host, code) if info.context.host.has(code) else None

    @strawberry.field(
        description="Reference data contributed by the installed jurisdiction plugins."
    )
    def benefit_types(self, info: Info, jurisdiction: JurisdictionCode = None) -> list[BenefitType]:
        return _reference(info, jurisdiction, "benefit_types", BenefitType.of)

    @strawberry.field(description="Intervention types of the installed jurisdictions (or of one).")
    def intervention_types(
        self, info: Info, jurisdiction: JurisdictionCode = None
    ) -> list[InterventionType]:
        return _reference(info, jurisdiction, "intervention_types", InterventionType.of)

    @strawberry.field(description="Document kinds of the installed jurisdictions (or of one).")
    def document_kinds(
        self, info: Info, jurisdiction: JurisdictionCode = None
    ) -> list[DocumentKind]:
        return _reference(info, jurisdiction, "document_kinds", DocumentKind.of)
