"""Texts in the jurisdiction's two languages: Swedish, and English as the fallback.

Every text the plugin hands the platform (names, descriptions, milestones, rule
descriptions, the orientation map) comes in both, built here so that a text in
one language only cannot slip through.
"""

from __future__ import annotations

from vocrehab.hooks import StakeholderType, Texts

__all__ = ["LANGUAGES", "ROLE_NAMES", "both", "role_name"]

LANGUAGES: tuple[str, ...] = ("sv", "en")


def both(sv: str, en: str) -> Texts:
    """A text in Swedish and English."""
    return {"sv": sv, "en": en}


ROLE_NAMES: dict[StakeholderType, Texts] = {
    StakeholderType.PARTICIPANT: both("den försäkrade", "the insured person"),
    StakeholderType.EMPLOYER: both("arbetsgivaren", "the employer"),
    StakeholderType.CLINICIAN: both("läkaren", "the doctor"),
    StakeholderType.CASE_MANAGER: both(
        "Försäkringskassans handläggare", "the Försäkringskassan case officer"
    ),
    StakeholderType.EMPLOYMENT_OFFICER: both("Arbetsförmedlingen", "the employment service"),
    StakeholderType.REHAB_COORDINATOR: both("rehabkoordinatorn", "the rehabilitation coordinator"),
    StakeholderType.PROVIDER: both("utföraren", "the provider"),
    StakeholderType.ADMIN: both("administratören", "the administrator"),
}
"""Who acts, as the orientation map names them (FK's handläggare is the case manager)."""


def role_name(role: StakeholderType, lang: str) -> str:
    return ROLE_NAMES[role][lang]
