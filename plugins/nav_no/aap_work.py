"""Work while on AAP (ftrl § 11-23; R17): the 60 % limit and the one-time step-up to 80 %.

A person on arbeidsavklaringspenger reports the hours they worked on the meldekort,
one 14-day reporting period at a time, each starting on a Monday. AAP is reduced
by the hours worked, measured against a normal 75 hours per period. Over 60 %
(45 hours) no AAP is paid for the period. Once, for at most 12 months, NAV can
grant a step-up (opptrapping) in which the limit is 80 % (60 hours) instead.

The reports and the step-up are benefit facts (BENEFITS): they are kept in the
case details but not presented in `NavCaseDetails`, which the employer reads;
the findings, the milestone and the command all carry the BENEFITS category.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from vocrehab.hooks import CaseFacts, Violation
from vocrehab_nav_no.model import CaseRecord, WorkReport
from vocrehab_nav_no.reference import AAP
from vocrehab_nav_no.rules import violation
from vocrehab_nav_no.workdays import add_months

__all__ = [
    "NORMAL_HOURS",
    "STEP_UP_MONTHS",
    "check_reports",
    "limit_on",
    "over_limit",
    "recent_over_limit",
    "report_work",
    "start_step_up",
    "step_up_end",
    "work_percent",
]

NORMAL_HOURS = 75.0
"""A normal reporting period's hours (14 days)."""
PERIOD_DAYS = 14
MAX_HOURS = 24.0 * PERIOD_DAYS
LIMIT, STEP_UP_LIMIT, STEP_UP_MONTHS = 60, 80, 12
Path = tuple[str, ...]


def work_percent(hours: float) -> float:
    return hours / NORMAL_HOURS * 100


def step_up_end(first: date) -> date:
    """The last day of a step-up starting `first`: 12 months."""
    return add_months(first, STEP_UP_MONTHS) - timedelta(days=1)


def limit_on(record: CaseRecord, day: date) -> int:
    """The work limit (percent) for a reporting period starting `day`."""
    first = record.aap_step_up_from
    if first is not None and first <= day <= step_up_end(first):
        return STEP_UP_LIMIT
    return LIMIT


def over_limit(record: CaseRecord, report: WorkReport) -> Violation | None:
    """NO_AAP_WORK_OVER_LIMIT when the report exceeds the limit of its period."""
    limit = limit_on(record, report.from_day)
    share = work_percent(report.hours)
    if share <= limit:
        return None
    stepping = " in the step-up" if limit == STEP_UP_LIMIT else ""
    return violation("NO_AAP_WORK_OVER_LIMIT", f"{report.hours:g} hours in the period from "
                     f"{report.from_day} is {share:.1f} % work, over the {limit} % limit{stepping}: "
                     "no AAP for the period", field=("hours",))  # fmt: skip


RECENT_DAYS = 28
"""The latest report is the one that matters for four weeks (two reporting periods)."""


def recent_over_limit(record: CaseRecord, today: date) -> tuple[WorkReport, float, int] | None:
    """The latest report, when it is recent and over its limit: (report, work %, limit %)."""
    latest = max(record.work_reports, key=lambda r: r.from_day, default=None)
    if latest is None or (today - latest.from_day).days >= RECENT_DAYS:
        return None
    limit = limit_on(record, latest.from_day)
    share = work_percent(latest.hours)
    return (latest, share, limit) if share > limit else None


def check_reports(reports: tuple[WorkReport, ...], path: Path) -> list[Violation]:
    """Stored reports are coherent: a Monday each, hours in range, one per period."""
    found: list[Violation] = []
    for index, report in enumerate(reports):
        found += _report_shape(report, (*path, str(index)))
    days = [r.from_day for r in reports]
    if len(set(days)) != len(days):
        found.append(violation("NO_AAP_WORK_REPORT", "One report per reporting period",
                               field=path))  # fmt: skip
    return found


def _report_shape(report: WorkReport, where: Path) -> list[Violation]:
    found: list[Violation] = []
    if report.from_day.weekday() != 0:
        found.append(violation("NO_AAP_WORK_REPORT", f"A reporting period starts on a Monday, "
                               f"not {report.from_day}", field=(*where, "from")))  # fmt: skip
    if not 0 <= report.hours <= MAX_HOURS:
        found.append(violation("NO_AAP_WORK_REPORT", f"Hours in a 14-day period are 0 to "
                               f"{MAX_HOURS:g}, not {report.hours:g}", field=(*where, "hours")))  # fmt: skip
    return found


def _aap_on(case: CaseFacts, day: date) -> bool:
    return any(b.benefit_type_code == AAP and b.start_date <= day
               and (b.end_date is None or b.end_date >= day) for b in case.benefits)  # fmt: skip


def report_work(
    case: CaseFacts, record: CaseRecord, report: WorkReport, today: date
) -> tuple[CaseRecord, list[Violation]]:
    """The record with `report` (replacing an earlier report of the same period)."""
    found = _report_shape(report, ())
    if report.from_day > today:
        found.append(violation("NO_DATE_IN_FUTURE", f"The period from {report.from_day} has not "
                               "begun", field=("from",)))  # fmt: skip
    if not _aap_on(case, report.from_day):
        found.append(violation("NO_AAP_WORK_REPORT", f"No AAP runs on {report.from_day}: work is "
                               "reported for AAP periods", field=("from",)))  # fmt: skip
    if found:
        return record, found
    reports = sorted([*(r for r in record.work_reports if r.from_day != report.from_day), report],
                     key=lambda r: r.from_day)  # fmt: skip
    updated = replace(record, work_reports=tuple(reports))
    limit = over_limit(updated, report)
    return updated, [limit] if limit else []


def start_step_up(
    case: CaseFacts, record: CaseRecord, first: date
) -> tuple[CaseRecord, list[Violation]]:
    """NAV grants the one-time step-up from `first`."""
    found: list[Violation] = []
    if record.aap_step_up_from is not None:
        found.append(violation("NO_AAP_STEP_UP_ONCE", f"The step-up was granted from "
                               f"{record.aap_step_up_from}; it is granted only once",
                               field=("from",)))  # fmt: skip
    if not _aap_on(case, first):
        found.append(violation("NO_AAP_STEP_UP_ONCE", f"No AAP runs on {first}: the step-up is "
                               "part of AAP", field=("from",)))  # fmt: skip
    if found:
        return record, found
    return replace(record, aap_step_up_from=first), []
