"""A jurisdiction's reference data as tables, and the same looked up by code.

    REFERENCE = ReferenceData(BENEFIT_TYPES, INTERVENTION_TYPES, ASSESSMENT_KINDS, DOCUMENT_KINDS)

`JurisdictionBase` answers `benefit_types()` and the other reference methods
from it; checks look codes up in `ReferenceCodes.of(jurisdiction)`, built from
those methods, so a subclass that overrides one is honoured everywhere.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from vocrehab.hooks.types import (
    AssessmentKindInfo,
    BenefitTypeInfo,
    DocumentKindInfo,
    InterventionTypeInfo,
)

__all__ = ["ReferenceCodes", "ReferenceData"]


@dataclass(frozen=True)
class ReferenceData:
    benefit_types: Sequence[BenefitTypeInfo] = ()
    intervention_types: Sequence[InterventionTypeInfo] = ()
    assessment_kinds: Sequence[AssessmentKindInfo] = ()
    document_kinds: Sequence[DocumentKindInfo] = ()


class _HasReferenceData(Protocol):
    def benefit_types(self) -> Sequence[BenefitTypeInfo]: ...

    def intervention_types(self) -> Sequence[InterventionTypeInfo]: ...

    def assessment_kinds(self) -> Sequence[AssessmentKindInfo]: ...


@dataclass(frozen=True)
class ReferenceCodes:
    """The reference data the checks look codes up in, by code."""

    benefit_types: Mapping[str, BenefitTypeInfo]
    intervention_types: Mapping[str, InterventionTypeInfo]
    assessment_kinds: Collection[str]

    @classmethod
    def of(cls, jurisdiction: _HasReferenceData) -> ReferenceCodes:
        return cls(
            benefit_types={kind.code: kind for kind in jurisdiction.benefit_types()},
            intervention_types={kind.code: kind for kind in jurisdiction.intervention_types()},
            assessment_kinds=[kind.code for kind in jurisdiction.assessment_kinds()],
        )
