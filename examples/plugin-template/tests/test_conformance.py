"""The plugin honours the vocrehab plugin contract (the platform's conformance kit)."""

from datetime import date

from vocrehab_example.jurisdiction import Exampleland

from vocrehab.hooks import BenefitFacts, GrantBenefit
from vocrehab.hooks.testing import conformance_test, make_case

test_conformance = conformance_test(Exampleland)


def test_benefit_degrees_at_the_boundaries() -> None:
    land, case = Exampleland(), make_case("example")
    for degree, refused in ((49, True), (50, False), (99, True), (100, False)):
        found = land.evaluate(
            GrantBenefit(BenefitFacts("b", "SICKNESS", degree, date(2026, 3, 2))), case
        )
        assert bool(found) is refused, degree
