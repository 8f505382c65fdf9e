"""The plugin honours the vocrehab plugin contract (the platform's conformance kit)."""

from datetime import date, timedelta

from vocrehab_example.jurisdiction import Exampleland

from vocrehab.hooks import overdue
from vocrehab.hooks.testing import conformance_test, make_case
from vocrehab.hooks.versions import upgraded_details

test_conformance = conformance_test(Exampleland)


def test_benefit_degrees_at_the_boundaries() -> None:
    [sickness] = Exampleland().benefit_types()
    for degree, allowed in ((49, False), (50, True), (99, False), (100, True)):
        assert sickness.allowed.allows(degree) is allowed, degree


def test_details_of_version_1_read_as_version_2() -> None:
    land = Exampleland()
    upgraded = upgraded_details(land, "case", {"caseNumber": "EX-7"}, 1)
    assert upgraded == {"localCaseNumber": "EX-7"}
    assert not land.validate_details("case", upgraded, None).violations


def test_the_work_trial_offer_is_optional_and_never_overdue() -> None:
    land, case = Exampleland(), make_case("example", sick_leave_start=date(2026, 1, 5))
    offer = next(m for m in land.milestones(case) if m.code == "WORK_TRIAL_OFFER")
    assert offer.optional and offer.met_on is None
    assert offer not in overdue(land.milestones(case), offer.due_date + timedelta(days=1))
