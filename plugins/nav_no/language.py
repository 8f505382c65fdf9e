"""Texts in Norwegian bokmål and English, and the words for who does what.

Every text the plugin returns is a `Texts` mapping with "nb" and "en": the
people on a Norwegian case read bokmål, and English is the platform's fallback
for everyone else. `texts(nb, en)` builds one, so a missing translation is a
missing argument, caught where the text is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from vocrehab.hooks import StakeholderType, Texts

__all__ = ["ROLE_NAMES", "format_date", "role_name", "texts"]

NB, EN = "nb", "en"


def texts(nb: str, en: str) -> Texts:
    """A text in bokmål and English."""
    return {NB: nb, EN: en}


ROLE_NAMES: Mapping[StakeholderType, Texts] = {
    StakeholderType.PARTICIPANT: texts("den sykmeldte", "the person on sick leave"),
    StakeholderType.EMPLOYER: texts("arbeidsgiveren", "the employer"),
    StakeholderType.CLINICIAN: texts("sykmelderen", "the certifying clinician (sykmelder)"),
    StakeholderType.CASE_MANAGER: texts("NAV-veilederen", "the NAV adviser"),
    StakeholderType.EMPLOYMENT_OFFICER: texts("NAV arbeid", "NAV's employment service"),
    StakeholderType.REHAB_COORDINATOR: texts(
        "rehabiliteringskoordinatoren", "the rehab coordinator"
    ),
    StakeholderType.PROVIDER: texts("tiltaksarrangøren", "the measure provider"),
    StakeholderType.ADMIN: texts("administratoren", "the administrator"),
}


def role_name(role: StakeholderType) -> Texts:
    return ROLE_NAMES[role]


def format_date(day: date, lang: str) -> str:
    """Dates as Norwegians write them (2.3.2026), ISO 8601 in English."""
    if lang == NB:
        return f"{day.day}.{day.month}.{day.year}"
    return day.isoformat()
