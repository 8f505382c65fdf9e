"""Sick periods: linking into a chain (< 90 days apart), day numbers, spells, levels (R23, R25)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fk_cases import START, day

from vocrehab_fk_se.levels import (
    CONTINUATION_LEVEL_PERCENT,
    NORMAL_LEVEL_PERCENT,
    continuation_level_from,
    level_percent_on,
)
from vocrehab_fk_se.sick_leave import SickLeave, SickPeriod


def period(start: date, end: date | None, degree: int | None = 100) -> SickPeriod:
    return SickPeriod(start, end, degree)


def test_one_ongoing_leave_counts_calendar_days() -> None:
    leave = SickLeave.build([], START)
    assert leave.chain_start == START == leave.spell_start
    assert leave.recorded_through is None
    assert leave.day_number(START - timedelta(days=1)) == 0
    assert leave.day_number(START) == 1
    assert leave.day_number(day(90)) == 90
    assert leave.date_of_day(181) == day(181)


def test_no_sick_leave_means_no_chain() -> None:
    leave = SickLeave.build([], None)
    assert leave.chain == () and leave.chain_start is None and leave.date_of_day(1) is None


@pytest.mark.parametrize(("gap", "linked"), [(89, True), (90, False)])
def test_periods_fewer_than_90_days_apart_are_added_together(gap: int, linked: bool) -> None:
    first = period(START, day(30))
    second_start = day(30) + timedelta(days=gap + 1)
    leave = SickLeave.build([first, period(second_start, second_start + timedelta(days=9))], None)
    assert leave.chain_start == (START if linked else second_start)
    # The second period's last day is day 40 of a linked chain, day 10 of a new one.
    assert leave.day_number(second_start + timedelta(days=9)) == (40 if linked else 10)


def test_the_day_count_skips_the_gap_and_projects_after_the_last_period() -> None:
    leave = SickLeave.build([period(START, day(60)), period(day(91), day(120), 50)], None)
    assert leave.day_number(day(75)) == 60  # in the gap
    assert leave.day_number(day(120)) == 90
    assert leave.date_of_day(90) == day(120)
    assert leave.date_of_day(91) == day(121)  # projected: the leave goes on
    assert leave.recorded_through == day(120)
    assert leave.known_on(day(120)) and not leave.known_on(day(121))
    assert leave.spell_start == day(91)


def test_the_first_day_of_sick_leave_fills_in_before_the_first_recorded_period() -> None:
    """Days 1-7 are self-certified; the certificate's period starts on day 8."""
    leave = SickLeave.build([period(day(8), day(30))], START)
    assert leave.chain_start == START
    assert leave.day_number(day(30)) == 30
    assert leave.spell_start == START
    assert not leave.periods[0].recorded


def test_a_first_day_after_the_recorded_periods_starts_an_open_stretch() -> None:
    leave = SickLeave.build([period(START, day(20))], day(50))
    assert leave.chain_start == START  # 29 days apart: linked
    assert leave.spell_start == day(50)
    assert leave.recorded_through is None
    assert leave.day_number(day(59)) == 30


def test_adjacent_periods_make_one_spell() -> None:
    leave = SickLeave.build([period(START, day(14)), period(day(15), day(40), 50)], None)
    assert leave.spell_start == START
    assert leave.spell_start_on(day(20)) == START
    assert leave.spell_start_on(day(200)) == START  # projected
    broken = SickLeave.build([period(START, day(14)), period(day(16), day(40), 50)], None)
    assert broken.spell_start == day(16)
    assert broken.spell_start_on(day(15)) is None


# --------------------------------------------------------------------------- levels (R25)


def test_the_continuation_level_starts_on_day_365_of_a_continuous_leave() -> None:
    leave = SickLeave.build([], START)
    switch = continuation_level_from(leave)
    assert switch == day(365)
    assert level_percent_on(leave, day(364)) == NORMAL_LEVEL_PERCENT == 80
    assert level_percent_on(leave, day(365)) == CONTINUATION_LEVEL_PERCENT == 75


def test_a_decision_to_keep_the_normal_level_keeps_it() -> None:
    leave = SickLeave.build([], START)
    assert continuation_level_from(leave, normal_level_kept=True) is None
    assert level_percent_on(leave, day(500), normal_level_kept=True) == 80


def test_days_older_than_the_450_day_frame_no_longer_count() -> None:
    """300 days, a break of 200, then a new leave: only days within 450 count."""
    first = period(START, day(300))
    second_start = day(501)
    leave = SickLeave.build([first, period(second_start, second_start + timedelta(days=400))], None)
    switch = continuation_level_from(leave)
    assert switch is not None
    # On the switch day, the 450-day frame holds 365 sick days (more than 364).
    frame_start = switch - timedelta(days=449)
    old = max(0, (day(300) - max(frame_start, START)).days + 1)
    new = (switch - second_start).days + 1
    assert old + new == 365
    # One day earlier the frame held 364 at most.
    assert level_percent_on(leave, switch - timedelta(days=1)) == 80


def test_no_sick_leave_no_level_switch() -> None:
    assert continuation_level_from(SickLeave.build([], None)) is None
