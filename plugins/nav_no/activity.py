"""The activity requirement (aktivitetsplikt, ftrl § 8-8; R14).

No later than 8 weeks into the sick leave the person must be in work-related
activity. NAV assesses it at 8 weeks (navikt/isaktivitetskrav sets its check
point at the start of the sick leave plus 8 weeks). What counts is activity *at*
the check point: a graded period, or a travel grant, that covers that day makes
NAV's check AUTOMATISK_OPPFYLT; graded leave that ended before it does not (a
graded first week followed by full leave through week 12 is no activity at
week 8). Activity taken up after the check point meets the requirement late, on
its first day. Otherwise NAV records an assessment: OPPFYLT (met), UNNTAK
(an exception), IKKE_OPPFYLT (not met) or AVVENT (waiting). The two exceptions
each need their documentation: weighty medical reasons from the sykmelder, or
activity impossible at the workplace from the employer, in the follow-up plan.
"""

from __future__ import annotations

from datetime import date, timedelta

from vocrehab.hooks import Violation
from vocrehab_nav_no.model import (
    ActivityAssessment,
    ActivityStatus,
    CaseRecord,
    DocumentedBy,
    ExceptionReason,
    FollowUpPlanStatus,
)
from vocrehab_nav_no.rules import violation

__all__ = [
    "DOCUMENTER",
    "activity_at",
    "assess_requirement",
    "check_assessment_record",
    "settled_on",
]

DOCUMENTER = {
    ExceptionReason.MEDISINSKE_GRUNNER: DocumentedBy.SYKMELDER,
    ExceptionReason.ARBEIDSPLASSEN: DocumentedBy.ARBEIDSGIVER,
}
"""Who documents each exception (ftrl § 8-8 second paragraph)."""

Path = tuple[str, ...]


def check_assessment_record(assessment: ActivityAssessment, path: Path) -> list[Violation]:
    """An assessment is coherent: an exception has its reason and its documenter, and only then."""
    reason, by = assessment.exception_reason, assessment.documented_by
    if assessment.status is not ActivityStatus.UNNTAK:
        if reason is None and by is None:
            return []
        return [violation("NO_ACTIVITY_EXCEPTION_REASON", f"{assessment.status.value} has no "
                          "exception reason; only UNNTAK has one",
                          field=(*path, "exceptionReason"))]  # fmt: skip
    if reason is None or by is None:
        return [violation("NO_ACTIVITY_EXCEPTION_REASON", "An exception (UNNTAK) needs its reason "
                          "and who documented it", field=(*path, "exceptionReason"))]  # fmt: skip
    if DOCUMENTER[reason] is not by:
        return [violation("NO_ACTIVITY_EXCEPTION_DOCUMENTATION", f"{reason.value} is documented "
                          f"by the {DOCUMENTER[reason].value.lower()}, not the {by.value.lower()}",
                          field=(*path, "documentedBy"))]  # fmt: skip
    return []


def assess_requirement(
    record: CaseRecord, assessment: ActivityAssessment, today: date
) -> list[Violation]:
    """The rules on a new assessment, given the case's records (for the command)."""
    found = check_assessment_record(assessment, ())
    if assessment.assessed_on > today:
        found.append(violation("NO_DATE_IN_FUTURE", f"The assessment is dated {assessment.assessed_on}, "
                               "a day still to come", field=("assessedOn",)))  # fmt: skip
    if found or assessment.exception_reason is not ExceptionReason.ARBEIDSPLASSEN:
        return found
    plan = record.follow_up_plan
    if (
        plan is None
        or plan.status is not FollowUpPlanStatus.AKTIV
        or not plan.in_house_measures_not_possible
    ):
        found.append(violation("NO_ACTIVITY_EXCEPTION_DOCUMENTATION", "The workplace exception needs "
                               "an approved (AKTIV) follow-up plan in which the employer documents "
                               "that activity at the workplace is not possible",
                               field=("exceptionReason",)))  # fmt: skip
    return found


def activity_at(record: CaseRecord, check_day: date) -> date | None:
    """When sick-note activity (graded leave or a travel grant) meets the requirement checked
    on `check_day`: the start of the run of active periods covering that day, or else the
    first day of activity after it; activity that ended before it does not count."""
    active = [p for p in record.periods if p.is_partial and p.tom >= check_day]
    covering = [p for p in active if p.fom <= check_day]
    if not covering:
        return min((p.fom for p in active), default=None)
    start = min(p.fom for p in covering)
    earlier = sorted((p for p in record.periods if p.is_partial and p.fom < start),
                     key=lambda p: p.tom, reverse=True)  # fmt: skip
    for period in earlier:  # follow the unbroken run of activity back to its first day
        if period.tom >= start - timedelta(days=1):
            start = min(start, period.fom)
    return start


def settled_on(record: CaseRecord, check_day: date) -> date | None:
    """When the requirement checked on `check_day` was met: activity on a sick note at (or
    after) that day, or NAV's OPPFYLT/UNNTAK."""
    days = [activity_at(record, check_day)]
    assessment = record.activity_requirement
    if assessment is not None and assessment.settles_requirement:
        days.append(assessment.assessed_on)
    known = [day for day in days if day is not None]
    return min(known) if known else None
