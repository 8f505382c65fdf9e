"""The plugin passes the conformance kit, its rule catalogue is complete in both
languages, and every rule it lists can fire (the probes below make each one fire)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from vocrehab.hooks import Violation
from vocrehab.hooks.testing import assert_conforms, conformance_test
from vocrehab_nav_no import NavJurisdiction, NavOptions, vocrehab_register_jurisdictions
from vocrehab_nav_no.rules import RULES

test_conformance = conformance_test(NavJurisdiction)


def command_probes() -> Iterator[Violation]:
    """Commands on crafted inputs, so their violations count as reported."""
    from nav_cases import nav_case
    from test_nav_commands import (
        TODAY,
        assessed,
        cancelled,
        note,
        plan,
        run,
        schedule,
    )

    from vocrehab_nav_no.commands import SickNotePeriodInput
    from vocrehab_nav_no.model import (
        ActivityStatus,
        ExceptionReason,
        FollowUpPlanStatus,
        PeriodType,
    )

    case = nav_case()
    bad_period = SickNotePeriodInput(type=PeriodType.GRADERT, fom=TODAY, tom=TODAY, grade=0)
    yield from run(
        "navRecordSickNote", case, note(bad_period, signed_on=TODAY + timedelta(days=1))
    ).violations
    yield from run(
        "navRecordFollowUpPlan", case, plan(FollowUpPlanStatus.AKTIV, shared_with_nav=True)
    ).violations
    yield from run(
        "navScheduleDialogueMeeting", case, schedule(4, TODAY, TODAY + timedelta(days=1))
    ).violations
    yield from run("navCancelDialogueMeeting", case, cancelled(1)).violations
    yield from run("navAssessActivityRequirement", case,
                   assessed(ActivityStatus.UNNTAK, ExceptionReason.ARBEIDSPLASSEN)).violations  # fmt: skip
    from vocrehab_nav_no.commands import SykmelderInformedInput

    informed = SykmelderInformedInput(case_id="c", informed_on=TODAY)  # type: ignore[arg-type]
    yield from run("navRecordSykmelderInformed", case, informed).violations
    from vocrehab_nav_no.commands import ReviewBackdatingInput
    from vocrehab_nav_no.model import BackdatingDecision

    review = ReviewBackdatingInput(case_id="c", note=0, decision=BackdatingDecision.GODKJENT,  # type: ignore[arg-type]
                                   decided_on=TODAY)  # fmt: skip
    yield from run("navReviewBackdating", case, review).violations
    late = note(SickNotePeriodInput(type=PeriodType.AKTIVITET_IKKE_MULIG, fom=TODAY - timedelta(days=20),
                                    tom=TODAY))  # fmt: skip
    yield from run("navRecordSickNote", case, late).violations


def test_conforms_with_the_command_probes() -> None:
    assert_conforms(NavJurisdiction(), extra_violations=command_probes)


def test_registration_reads_the_options() -> None:
    from vocrehab.hooks import PluginConfig

    [jurisdiction] = vocrehab_register_jurisdictions(PluginConfig({"no": {"stall_days": 14}}))
    assert isinstance(jurisdiction, NavJurisdiction) and jurisdiction.options.stall_days == 14
    for bad in ({"stall_days": 0}, {"stall_days": 366}, {"stall_days": True}, {"stall": 14}):
        with pytest.raises(ValueError, match="nav_no plugin"):
            NavOptions.from_mapping(bad)


def test_the_identity() -> None:
    nav = NavJurisdiction()
    assert (nav.code, nav.country, nav.languages, nav.reference_prefix, nav.schema_prefix) == (
        "no", "NO", ("nb", "en"), "NO", "nav")  # fmt: skip
    assert nav.names == {"nb": "Norge (NAV)", "en": "Norway (NAV)"}


def test_every_rule_has_both_languages_and_a_reference() -> None:
    for rule in RULES:
        assert set(rule.descriptions) == {"nb", "en"} and rule.legal_reference, rule.code
        assert rule.code.startswith("NO_")


def test_every_listed_rule_fires_somewhere_in_these_tests() -> None:
    """The rule codes asserted by this folder's tests cover the whole catalogue."""
    from pathlib import Path

    text = "".join(p.read_text() for p in Path(__file__).parent.glob("test_nav_*.py")
                   if p.name != Path(__file__).name)  # fmt: skip
    missing = [rule.code for rule in RULES if f'"{rule.code}"' not in text]
    assert missing == []


def test_reference_types_cite_their_law() -> None:
    nav = NavJurisdiction()
    for kind in (*nav.benefit_types(), *nav.intervention_types()):
        assert kind.legal_reference and kind.descriptions and set(kind.names) == {"nb", "en"}
    arr = {k.code: k.max_duration_weeks for k in nav.intervention_types()}
    assert arr["ARBEIDSRETTET_REHABILITERING"] == 12 and arr["IPS"] is None
    degrees = {b.code: b.allowed_degrees for b in nav.benefit_types()}
    assert degrees["SYKEPENGER"] == tuple(range(20, 101))


def test_today_is_not_read_by_the_plugin() -> None:
    """Purity: the same facts on different days give the same milestones."""
    from nav_cases import nav_case

    nav = NavJurisdiction()
    case = nav_case(date(2026, 1, 5))
    assert nav.milestones(case) == nav.milestones(case)
