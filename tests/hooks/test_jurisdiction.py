"""`check_national_id`: the dated reading where a jurisdiction has one, the plain one otherwise."""

from __future__ import annotations

from datetime import date

from vocrehab.hooks import DatedNationalIds, IdCheck, check_national_id
from vocrehab_generic.jurisdiction import GenericJurisdiction

TODAY = date(2026, 3, 2)


class ByTheDay(GenericJurisdiction):
    def validate_national_id_on(self, value: str, today: date) -> IdCheck:
        return IdCheck(True, f"{value}@{today.isoformat()}", "read as of the day")


def test_a_jurisdiction_without_a_dated_reading_gets_the_plain_check() -> None:
    generic = GenericJurisdiction()
    assert not isinstance(generic, DatedNationalIds)
    for value in ("AB1234", ""):
        assert check_national_id(generic, value, TODAY) == generic.validate_national_id(value)


def test_a_dated_reading_is_given_the_day() -> None:
    dated = ByTheDay()
    assert isinstance(dated, DatedNationalIds)
    assert check_national_id(dated, "X1", TODAY) == IdCheck(
        True, "X1@2026-03-02", "read as of the day"
    )
