"""A jurisdiction's rule catalogue: every rule it can report, and violations of them.

One table is the source of both `Jurisdiction.rules()` and every `Violation`
the plugin reports, so a violation always carries the code, severity and legal
reference its rule declares:

    CATALOGUE = RuleCatalogue((RuleInfo("XX_PLAN_TOO_LONG", Severity.ERROR, ...), ...))
    violation = CATALOGUE.violation
    ...
    violation("XX_PLAN_TOO_LONG", "The plan runs 14 months", field=("steps",))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from vocrehab.hooks.types import RuleInfo, Violation

__all__ = ["RuleCatalogue"]


class RuleCatalogue:
    """The rules of one jurisdiction, by code (a duplicate code is a ValueError)."""

    def __init__(self, rules: Iterable[RuleInfo]) -> None:
        self.rules: tuple[RuleInfo, ...] = tuple(rules)
        self._by_code = {rule.code: rule for rule in self.rules}
        if len(self._by_code) != len(self.rules):
            counts = Counter(r.code for r in self.rules)
            twice = sorted(code for code, n in counts.items() if n > 1)
            raise ValueError(f"rule codes listed twice: {', '.join(twice)}")

    def __iter__(self) -> Iterator[RuleInfo]:
        return iter(self.rules)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def rule(self, code: str) -> RuleInfo:
        """The rule `code` (KeyError for a rule not in the catalogue)."""
        return self._by_code[code]

    def violation(
        self,
        code: str,
        message: str,
        field: tuple[str, ...] | None = None,
        legal_reference: str | None = None,
    ) -> Violation:
        """A violation of rule `code` (KeyError for a rule not in the catalogue).

        Messages are in English, like every message the platform returns; a
        rule's wording in other languages is in its `RuleInfo`, where clients
        read it. `legal_reference` narrows the rule's reference for this case,
        e.g. to the legal basis of the one benefit type concerned.
        """
        rule = self._by_code[code]
        return Violation(
            code=rule.code,
            severity=rule.severity,
            message=message,
            legal_reference=legal_reference or rule.legal_reference,
            field=field,
        )
