"""Validating and reading the `details` JSON of Norwegian cases, assessments and measures.

Validation is strict: an unknown key is an error (a misspelt key would be stored
and silently ignored), and so is a value of the wrong type. Each problem names
its path inside the details object (e.g. sickNotes.0.periods.1.grade). Beyond
the shape, the records must be coherent on their own: a sick note obeys NAV's
period rules, a held meeting has the day it was held. Those rules are the same
ones the case commands apply, so data entered through `updateCase` meets the
same bar as data entered through a command.

Only ERRORs are reported here: the platform refuses details with any violation.
Warnings (a grade below 20 %, treatment days) come from the commands and from
`assess`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from vocrehab.hooks import CaseFacts, DetailsCheck, DetailsTarget, Severity, Violation
from vocrehab_nav_no.aap_work import check_reports
from vocrehab_nav_no.activity import check_assessment_record
from vocrehab_nav_no.dialogue import check_meetings
from vocrehab_nav_no.follow_up_plan import check_plan_record
from vocrehab_nav_no.model import (
    ActivityAssessment,
    ActivityStatus,
    Backdating,
    BackdatingDecision,
    BackdatingOutcome,
    CaseRecord,
    DialogueMeeting,
    DocumentedBy,
    ExceptionReason,
    Feasibility,
    FollowUpPlan,
    FollowUpPlanStatus,
    IssuerProfession,
    Measure,
    MeasureStatus,
    MeetingNeed,
    MeetingParticipant,
    MeetingStatus,
    Minutes,
    PeriodType,
    SickNote,
    SickNotePeriod,
    WorkReport,
    WorkTask,
)
from vocrehab_nav_no.rules import violation
from vocrehab_nav_no.sick_notes import NoteContext, check_note

__all__ = ["OTHER_ABSENCE_REASONS", "read_record", "validate_details"]

E = TypeVar("E", bound=StrEnum)
Path = tuple[str, ...]

OTHER_ABSENCE_REASONS = (
    "GODKJENT_HELSEINSTITUSJON", "BEHANDLING_FORHINDRER_ARBEID", "ARBEIDSRETTET_TILTAK",
    "MOTTAR_TILSKUDD_GRUNNET_HELSETILSTAND", "NODVENDIG_KONTROLLUNDENRSOKELSE", "SMITTEFARE",
    "ABORT", "UFOR_GRUNNET_BARNLOSHET", "DONOR", "BEHANDLING_STERILISERING",
)  # fmt: skip
"""Legal absence reasons other than a diagnosis (AnnenFraverGrunn, OID 2.16.578.1.12.4.1.1.8131)."""

_CASE_KEYS = ("sickNotes", "followUpPlan", "dialogueMeetings", "activityRequirement",
              "sykmelderInformedOfReferral", "meetingNeed", "week39InformedOn",
              "jobSeekerRegisteredOn", "workReports", "aapStepUpFrom")  # fmt: skip
_ASSESSMENT_KEYS = ("otherAbsenceReason",)
_MAX_ITEMS = 100
"""Sick notes or meetings per case at most: bounded input, far above any real case."""


class _Reader:
    """Reads JSON values at a path, recording a violation for each problem."""

    def __init__(self) -> None:
        self.problems: list[Violation] = []

    def fail(self, path: Path, message: str, code: str = "NO_DETAILS_INVALID") -> None:
        self.problems.append(violation(code, f"{'.'.join(path)}: {message}", field=path))

    def mapping(
        self, raw: object, path: Path, keys: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> Mapping[str, Any] | None:
        if not isinstance(raw, Mapping):
            self.fail(path, "must be an object")
            return None
        for key in raw:
            if key not in keys:
                self.fail((*path, str(key)), f"unknown field (allowed: {', '.join(keys)})",
                          "NO_DETAILS_UNKNOWN_FIELD")  # fmt: skip
        missing = [key for key in required if raw.get(key) is None]
        for key in missing:
            self.fail((*path, key), "is required")
        return None if missing else raw

    def items(self, raw: object, path: Path) -> list[Any]:
        if not isinstance(raw, list | tuple) or len(raw) > _MAX_ITEMS:
            self.fail(path, f"must be a list of at most {_MAX_ITEMS} items")
            return []
        return list(raw)

    def date(self, raw: object, path: Path) -> date | None:
        if raw is None:
            return None
        if isinstance(raw, date) and not isinstance(raw, datetime):
            return raw
        try:
            if isinstance(raw, str):
                return date.fromisoformat(raw.strip())
        except ValueError:
            pass
        self.fail(path, f"must be an ISO date (YYYY-MM-DD), got {raw!r}")
        return None

    def whole(self, raw: object, path: Path) -> int | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.fail(path, "must be a whole number")
            return None
        return raw

    def flag(self, raw: object, path: Path) -> bool:
        if raw is None:
            return False
        if not isinstance(raw, bool):
            self.fail(path, "must be true or false")
            return False
        return raw

    def text(self, raw: object, path: Path, max_length: int = 2000) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str) or len(raw) > max_length:
            self.fail(path, f"must be text of at most {max_length} characters")
            return None
        return raw.strip()

    def choice(
        self, raw: object, path: Path, kind: type[E], code: str = "NO_DETAILS_INVALID"
    ) -> E | None:
        if raw is None:
            return None
        if isinstance(raw, str) and raw in kind.__members__:
            return kind[raw]
        self.fail(path, f"must be one of {', '.join(kind)}, got {raw!r}", code)
        return None


# --------------------------------------------------------------------------- sections


def _period(r: _Reader, raw: object, path: Path) -> SickNotePeriod | None:
    keys = ("type", "fom", "tom", "grade", "travelGrant", "treatmentDays", "adviceToEmployer")
    found = r.mapping(raw, path, keys, required=("type", "fom", "tom"))
    if found is None:
        return None
    kind = r.choice(found["type"], (*path, "type"), PeriodType, "NO_SICK_NOTE_PERIOD_TYPE")
    fom, tom = r.date(found["fom"], (*path, "fom")), r.date(found["tom"], (*path, "tom"))
    grade = r.whole(found.get("grade"), (*path, "grade"))
    treatment = r.whole(found.get("treatmentDays"), (*path, "treatmentDays"))
    travel = r.flag(found.get("travelGrant"), (*path, "travelGrant"))
    advice = r.text(found.get("adviceToEmployer"), (*path, "adviceToEmployer"))
    if kind is None or fom is None or tom is None:
        return None
    return SickNotePeriod(kind, fom, tom, grade, travel, treatment, advice)


def _sick_note(r: _Reader, raw: object, path: Path) -> SickNote | None:
    keys = ("signedOn", "issuerProfession", "periods", "backdating")
    found = r.mapping(raw, path, keys, ("signedOn",))
    if found is None:
        return None
    signed = r.date(found["signedOn"], (*path, "signedOn"))
    issuer = r.choice(found.get("issuerProfession"), (*path, "issuerProfession"), IssuerProfession)
    periods = [
        _period(r, item, (*path, "periods", str(i)))
        for i, item in enumerate(r.items(found.get("periods", []), (*path, "periods")))
    ]
    backdating = found.get("backdating")
    read = _backdating(r, backdating, (*path, "backdating")) if backdating is not None else None
    if signed is None or None in periods or (backdating is not None and read is None):
        return None
    return SickNote(signed, tuple(p for p in periods if p is not None), issuer, read)


def _backdating(r: _Reader, raw: object, path: Path) -> Backdating | None:
    keys = ("days", "outcome", "reason", "decision", "decidedOn")
    found = r.mapping(raw, path, keys, required=("days", "outcome"))
    if found is None:
        return None
    days = r.whole(found["days"], (*path, "days"))
    outcome = r.choice(found["outcome"], (*path, "outcome"), BackdatingOutcome)
    reason = r.text(found.get("reason"), (*path, "reason"), max_length=100)
    decision = r.choice(found.get("decision"), (*path, "decision"), BackdatingDecision)
    decided = r.date(found.get("decidedOn"), (*path, "decidedOn"))
    if days is None or outcome is None:
        return None
    if days < 1:
        r.fail((*path, "days"), "a backdated note is signed at least one day after its fom")
    if (decision is None) != (decided is None):
        r.fail((*path, "decidedOn"), "decision and decidedOn go together")
    if decision is not None and outcome is not BackdatingOutcome.MANUAL_REVIEW:
        r.fail((*path, "decision"), "only a note sent to manual review gets a decision")
    return Backdating(days, outcome, reason, decision, decided)


def _follow_up_plan(r: _Reader, raw: object, path: Path) -> FollowUpPlan | None:
    keys = ("status", "createdOn", "approvedOn", "endedOn", "sharedWithSykmelderOn",
            "sharedWithNavOn", "inHouseMeasuresNotPossible", "tasks", "measures")  # fmt: skip
    found = r.mapping(raw, path, keys, required=("status", "createdOn"))
    if found is None:
        return None
    status = r.choice(found["status"], (*path, "status"), FollowUpPlanStatus)
    dates = {key: r.date(found.get(key), (*path, key)) for key in keys[1:6]}
    flag = r.flag(found.get("inHouseMeasuresNotPossible"), (*path, "inHouseMeasuresNotPossible"))
    tasks = _nested(r, found.get("tasks"), (*path, "tasks"), _task)
    measures = _nested(r, found.get("measures"), (*path, "measures"), _measure)
    if status is None or dates["createdOn"] is None:
        return None
    return FollowUpPlan(
        status, dates["createdOn"], dates["approvedOn"], dates["endedOn"],
        dates["sharedWithSykmelderOn"], dates["sharedWithNavOn"], flag, tasks, measures,
    )  # fmt: skip


def _nested(
    r: _Reader, raw: object, path: Path, parse: Callable[[_Reader, object, Path], Any]
) -> tuple[Any, ...]:
    items = [] if raw is None else r.items(raw, path)
    parsed = [parse(r, item, (*path, str(i))) for i, item in enumerate(items)]
    return tuple(item for item in parsed if item is not None)


def _task(r: _Reader, raw: object, path: Path) -> WorkTask | None:
    found = r.mapping(raw, path, ("name", "feasibility", "description"), ("name",))
    if found is None:
        return None
    name = r.text(found["name"], (*path, "name"), max_length=200)
    feasibility = r.choice(found.get("feasibility"), (*path, "feasibility"), Feasibility)
    description = r.text(found.get("description"), (*path, "description"))
    if not name:
        return None
    return WorkTask(name, feasibility or Feasibility.IKKE_VURDERT, description or None)


def _measure(r: _Reader, raw: object, path: Path) -> Measure | None:
    keys = ("name", "status", "fom", "tom", "description", "reasonNotRelevant")
    found = r.mapping(raw, path, keys, ("name", "status"))
    if found is None:
        return None
    name = r.text(found["name"], (*path, "name"), max_length=200)
    status = r.choice(found["status"], (*path, "status"), MeasureStatus)
    fom, tom = r.date(found.get("fom"), (*path, "fom")), r.date(found.get("tom"), (*path, "tom"))
    description = r.text(found.get("description"), (*path, "description"))
    reason = r.text(found.get("reasonNotRelevant"), (*path, "reasonNotRelevant"))
    if not name or status is None:
        return None
    return Measure(name, status, fom, tom, description or None, reason or None)


def _minutes(r: _Reader, raw: object, path: Path) -> Minutes | None:
    keys = ("writtenOn", "situation", "conclusion", "employeeTask", "employerTask", "navTask",
            "sykmelderTask", "others", "changeReason")  # fmt: skip
    found = r.mapping(raw, path, keys, required=keys[:5])
    if found is None:
        return None
    written = r.date(found["writtenOn"], (*path, "writtenOn"))
    text = {key: r.text(found.get(key), (*path, key), 5000) for key in (*keys[1:7], "changeReason")}
    others = _nested(r, found.get("others"), (*path, "others"), _other)
    situation, conclusion = text["situation"], text["conclusion"]
    employee_task, employer_task = text["employeeTask"], text["employerTask"]
    if written is None or not (situation and conclusion and employee_task and employer_task):
        return None
    return Minutes(written, situation, conclusion, employee_task, employer_task,
                   text["navTask"] or None, text["sykmelderTask"] or None, others,
                   text["changeReason"] or None)  # fmt: skip


def _other(r: _Reader, raw: object, path: Path) -> MeetingParticipant | None:
    found = r.mapping(raw, path, ("function", "name"), ("function", "name"))
    if found is None:
        return None
    function = r.text(found["function"], (*path, "function"), 200)
    name = r.text(found["name"], (*path, "name"), 200)
    return MeetingParticipant(function, name) if function and name else None


def _meeting(r: _Reader, raw: object, path: Path) -> DialogueMeeting | None:
    keys = ("number", "status", "on", "invitedOn", "heldOn", "cancelledOn", "minutes")
    found = r.mapping(raw, path, keys, required=keys[:4])
    if found is None:
        return None
    number = r.whole(found["number"], (*path, "number"))
    status = r.choice(found["status"], (*path, "status"), MeetingStatus)
    on, invited = (
        r.date(found["on"], (*path, "on")),
        r.date(found["invitedOn"], (*path, "invitedOn")),
    )
    held, cancelled = (
        r.date(found.get("heldOn"), (*path, "heldOn")),
        r.date(found.get("cancelledOn"), (*path, "cancelledOn")),
    )
    raw_minutes = found.get("minutes")
    minutes = _minutes(r, raw_minutes, (*path, "minutes")) if raw_minutes is not None else None
    if number is None or status is None or on is None or invited is None:
        return None
    return DialogueMeeting(number, status, on, invited, held, cancelled, minutes)


def _activity(r: _Reader, raw: object, path: Path) -> ActivityAssessment | None:
    keys = ("status", "assessedOn", "exceptionReason", "documentedBy")
    found = r.mapping(raw, path, keys, required=keys[:2])
    if found is None:
        return None
    status = r.choice(found["status"], (*path, "status"), ActivityStatus)
    assessed = r.date(found["assessedOn"], (*path, "assessedOn"))
    reason = r.choice(found.get("exceptionReason"), (*path, "exceptionReason"), ExceptionReason)
    by = r.choice(found.get("documentedBy"), (*path, "documentedBy"), DocumentedBy)
    if status is None or assessed is None:
        return None
    return ActivityAssessment(status, assessed, reason, by)


def _listed(
    r: _Reader, raw: object, key: str, parse: Callable[[_Reader, object, Path], Any]
) -> tuple[Any, ...]:
    items = [] if raw is None else r.items(raw, (key,))
    parsed = [_clean(r, parse, item, (key, str(i))) for i, item in enumerate(items)]
    return tuple(item for item in parsed if item is not None)


def _clean(
    r: _Reader, parse: Callable[[_Reader, object, Path], Any], raw: object, path: Path
) -> Any:
    """The parsed item, or None when any of its fields was refused (checked no further)."""
    before = len(r.problems)
    parsed = parse(r, raw, path)
    return parsed if len(r.problems) == before else None


def _record(r: _Reader, details: Mapping[str, Any]) -> CaseRecord:
    plan, activity = details.get("followUpPlan"), details.get("activityRequirement")
    need = details.get("meetingNeed")
    return CaseRecord(
        sick_notes=_listed(r, details.get("sickNotes", []), "sickNotes", _sick_note),
        follow_up_plan=_clean(r, _follow_up_plan, plan, ("followUpPlan",)) if plan is not None else None,
        dialogue_meetings=_listed(r, details.get("dialogueMeetings", []), "dialogueMeetings", _meeting),
        activity_requirement=(
            _clean(r, _activity, activity, ("activityRequirement",)) if activity is not None else None
        ),
        sykmelder_informed_of_referral=_dates(r, details.get("sykmelderInformedOfReferral"),
                                              ("sykmelderInformedOfReferral",)),
        meeting_need=(_clean(r, _meeting_need, need, ("meetingNeed",)) if need is not None else None),
        week_39_informed_on=r.date(details.get("week39InformedOn"), ("week39InformedOn",)),
        job_seeker_registered_on=r.date(details.get("jobSeekerRegisteredOn"),
                                        ("jobSeekerRegisteredOn",)),
        work_reports=_nested(r, details.get("workReports"), ("workReports",), _work_report),
        aap_step_up_from=r.date(details.get("aapStepUpFrom"), ("aapStepUpFrom",)),
    )  # fmt: skip


def _work_report(r: _Reader, raw: object, path: Path) -> WorkReport | None:
    found = r.mapping(raw, path, ("from", "hours"), ("from", "hours"))
    if found is None:
        return None
    day = r.date(found["from"], (*path, "from"))
    hours = found["hours"]
    if isinstance(hours, bool) or not isinstance(hours, int | float):
        r.fail((*path, "hours"), "must be a number")
        return None
    return WorkReport(day, float(hours)) if day else None


def _meeting_need(r: _Reader, raw: object, path: Path) -> MeetingNeed | None:
    keys = ("askedOn", "employeeNeedsMeeting", "employerNeedsMeeting")
    found = r.mapping(raw, path, keys, ("askedOn",))
    if found is None:
        return None
    asked = r.date(found["askedOn"], (*path, "askedOn"))
    answers = [None if found.get(k) is None else r.flag(found[k], (*path, k)) for k in keys[1:]]
    return MeetingNeed(asked, *answers) if asked else None


def _dates(r: _Reader, raw: object, path: Path) -> tuple[date, ...]:
    items = [] if raw is None else r.items(raw, path)
    days = [r.date(item, (*path, str(i))) for i, item in enumerate(items)]
    return tuple(sorted(day for day in days if day is not None))


# --------------------------------------------------------------------------- the contract


def _coherence(record: CaseRecord, case: CaseFacts | None) -> list[Violation]:
    """The rules each record obeys on its own (errors only)."""
    context = NoteContext.of(case)
    found: list[Violation] = []
    for index, note in enumerate(record.sick_notes):
        found += check_note(note, context, ("sickNotes", str(index)))
    if record.follow_up_plan is not None:
        found += check_plan_record(record.follow_up_plan, ("followUpPlan",))
    found += check_meetings(record.dialogue_meetings, ("dialogueMeetings",))
    if record.activity_requirement is not None:
        found += check_assessment_record(record.activity_requirement, ("activityRequirement",))
    found += check_reports(record.work_reports, ("workReports",))
    return [v for v in found if v.severity is Severity.ERROR]


def validate_details(
    target: DetailsTarget, details: Mapping[str, Any], case: CaseFacts | None
) -> DetailsCheck:
    """Normalize the details of a case, assessment or measure, reporting every problem."""
    r = _Reader()
    keys = {"case": _CASE_KEYS, "assessment": _ASSESSMENT_KEYS, "intervention": ()}[target]
    if r.mapping(details, (), keys) is None or (r.problems and target != "case"):
        return DetailsCheck(value={}, violations=tuple(r.problems))
    if target == "assessment":
        reason = details.get("otherAbsenceReason")
        if reason is not None and reason not in OTHER_ABSENCE_REASONS:
            r.fail(("otherAbsenceReason",), f"must be one of {', '.join(OTHER_ABSENCE_REASONS)}")
            return DetailsCheck(value={}, violations=tuple(r.problems))
        return DetailsCheck(value={"otherAbsenceReason": reason} if reason else {})
    if target == "intervention":
        return DetailsCheck(value={})
    known = {key: value for key, value in details.items() if key in _CASE_KEYS}
    record = _record(r, known)
    problems = [*r.problems, *_coherence(record, case)]
    return DetailsCheck(value=record.to_json(), violations=tuple(problems))


def read_record(case: CaseFacts) -> CaseRecord:
    """The stored details of a case, read (anything that would not parse counts as absent)."""
    return _record(_Reader(), case.details)
