"""Rules over the participant's earlier cases (R11, R12 in the platform's domain notes).

- Merging absences (ftrl § 8-19 third paragraph): an absence that starts fewer
  than 16 days after the previous one ended (fewer than 16 days back at work)
  continues the same employer period: the days already used count, and once 16
  are used NAV pays from the first day of the new absence.
- Three years (ftrl § 8-12): sykepenger days NAV paid in the three years before
  the sick leave count toward the maximum (248, 250 for other members).

The platform gives the history back three years (`history_days`); the earlier
sick periods run from a case's first day of sick leave to the day it closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from vocrehab.hooks import CaseFacts, DataCategory, RuleCatalogue, RuleInfo, Severity, Violation
from vocrehab.hooks.history import continued, first_day
from vocrehab_nav_no.reference import SYKEPENGER
from vocrehab_nav_no.sick_pay import EMPLOYER_PERIOD_DAYS, max_days
from vocrehab_nav_no.sources import FTRL_8_12, FTRL_8_19
from vocrehab_nav_no.workdays import add_years, weekdays_between

__all__ = [
    "CATALOGUE",
    "HISTORY_DAYS",
    "RULES",
    "assess_history",
    "days_used",
    "employer_days_used",
]

HISTORY_DAYS = 3 * 366
"""Three years back, leap days included."""
MERGE_DAYS_AFTER_END = EMPLOYER_PERIOD_DAYS
"""Starting at most 16 days after the last sick day: fewer than 16 days back at work."""
FTRL_8_19_MERGE = (
    f"{FTRL_8_19}; tredje ledd (ny arbeidsgiverperiode bare etter minst 16 dager i arbeid)"
)

RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        "NO_EMPLOYER_PERIOD_CONTINUED",
        Severity.WARNING,
        {"en": "An absence fewer than 16 days after the previous one continues its employer "
               "period.",
         "nb": "Fravær som starter mindre enn 16 dager etter forrige fravær, fortsetter samme "
               "arbeidsgiverperiode."},
        FTRL_8_19_MERGE,
        DataCategory.BENEFITS,
    ),
    RuleInfo(
        "NO_DAYS_USED_IN_THREE_YEARS",
        Severity.WARNING,
        {"en": "Sick-pay days NAV paid in the last three years count toward the maximum.",
         "nb": "Sykepengedager NAV har utbetalt de siste tre årene, teller mot maksdato."},
        FTRL_8_12,
        DataCategory.BENEFITS,
    ),
)  # fmt: skip
CATALOGUE = RuleCatalogue(RULES)


def employer_days_used(case: CaseFacts) -> int | None:
    """Employer-period days the earlier absences this one continues used (None: a new one)."""
    chain = continued(case, MERGE_DAYS_AFTER_END)
    if not chain:
        return None
    used, until = 0, first_day(case)
    for period in chain:
        last = (
            until - timedelta(days=1)
            if period.end is None
            else min(period.end, until - timedelta(days=1))
        )
        used += (last - period.start).days + 1
        until = period.start
    return min(used, EMPLOYER_PERIOD_DAYS)


def days_used(case: CaseFacts) -> int:
    """Weekdays of sykepenger NAV paid in earlier cases in the three years before the leave."""
    if case.history is None:
        return 0
    start = first_day(case)
    since = add_years(start, -3)
    return sum(
        weekdays_between(
            max(b.start_date, since), min(b.end_date or start, start - timedelta(days=1))
        )
        for b in case.history.benefits
        if b.benefit_type_code == SYKEPENGER
    )


def assess_history(case: CaseFacts, today: date) -> Sequence[Violation]:
    found: list[Violation] = []
    if case.history is None or case.sick_leave_start is None:
        return found
    used = employer_days_used(case)
    if used is not None:
        start = case.sick_leave_start
        rest = EMPLOYER_PERIOD_DAYS - used
        pays = (f"the employer pays {rest} more day(s), to {start + timedelta(days=rest - 1)}; "
                f"NAV from {start + timedelta(days=rest)}" if rest else "NAV pays from the first day")  # fmt: skip
        found.append(CATALOGUE.violation("NO_EMPLOYER_PERIOD_CONTINUED",
            f"This absence starts fewer than 16 days after an earlier one ended: it continues "
            f"the same employer period, of which {used} day(s) are used; {pays}."))  # fmt: skip
    paid = days_used(case)
    if paid:
        limit = max_days(case.employment_status)
        found.append(CATALOGUE.violation("NO_DAYS_USED_IN_THREE_YEARS",
            f"{paid} sykepenger day(s) paid in the three years before {case.sick_leave_start} "
            f"count toward the maximum: {max(limit - paid, 0)} of {limit} remain."))  # fmt: skip
    return found
