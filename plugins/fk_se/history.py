"""Re-sickness (återinsjuknande) over the participant's earlier cases.

A sick period that starts within five days of the end of an earlier one is a
continuation of it (Lag (1991:1047) om sjuklön 7 § third paragraph): no new
karensavdrag, and the employer's sick pay covers only what is left of the 14
days of the earlier sick-pay period. The platform gives the history back 30
days (`history_days`); an earlier sick period runs from its case's first day
of sick leave to the day the case closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from vocrehab.hooks import CaseFacts, DataCategory, RuleCatalogue, RuleInfo, Severity, Violation
from vocrehab.hooks.history import continued
from vocrehab_fk_se.language import both

__all__ = ["CATALOGUE", "HISTORY_DAYS", "RULES", "assess_history", "sick_pay_days_left"]

HISTORY_DAYS = 30
RESICKNESS_DAYS = 5
"""A new sick period starting at most five days after the earlier one's last day."""
SICK_PAY_DAYS = 14
RESICKNESS = "Lag (1991:1047) om sjuklön 7 § tredje stycket (återinsjuknande inom fem dagar)"

RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        "SE_RESICKNESS",
        Severity.WARNING,
        both("En sjukperiod som börjar inom fem dagar från att en tidigare avslutats är en "
             "fortsättning på den: inget nytt karensavdrag, sjuklön bara för resten av 14 dagar.",
             "A sick period starting within five days of the end of an earlier one continues "
             "it: no new karensavdrag, sick pay only for what is left of the 14 days."),
        RESICKNESS,
        DataCategory.BENEFITS,
    ),
)  # fmt: skip
CATALOGUE = RuleCatalogue(RULES)


def sick_pay_days_left(case: CaseFacts) -> int | None:
    """Days of the 14-day sick-pay period left for a continued sick period (None: a new one)."""
    chain = continued(case, RESICKNESS_DAYS)
    if not chain or case.sick_leave_start is None:
        return None
    used, until = 0, case.sick_leave_start
    for period in chain:
        last = until - timedelta(days=1)
        if period.end is not None:
            last = min(period.end, last)
        used += (last - period.start).days + 1
        until = period.start
    return max(SICK_PAY_DAYS - used, 0)


def assess_history(case: CaseFacts, today: date) -> Sequence[Violation]:
    left = sick_pay_days_left(case)
    if left is None:
        return ()
    employer = (f"the employer pays sick pay for {left} more day(s), from {case.sick_leave_start}"
                if left else "the employer's 14 sick-pay days are used: Försäkringskassan pays")  # fmt: skip
    message = (f"This sick period starts within five days of the end of an earlier one: it "
               f"continues it, with no new karensavdrag; {employer}.")  # fmt: skip
    return (CATALOGUE.violation(RULES[0].code, message),)
