"""The orientation map of a Norwegian case, in bokmål and English.

Clinicians who feel in control of a return-to-work process describe a map of
their own: which step of the process the person is at, what comes next and
whose move it is. This draws that map from the case facts: the week of the
sick leave, the phase of return to work, what today's sick note says, who pays,
where the follow-up plan stands, and the next deadline with the stakeholder who
must act. Blockers are the overdue milestones and a case where nothing has
happened for too long.

The phase is the one the sick notes show (`phases.py`): the summary says it, with
the day the person came back to work or has kept full hours since, and when the
case records another phase, the NAV adviser's first next step is to update it.
Past the employer's early steps, the advice follows the phase: in retention the
follow-up is about staying at work.

Some duties have no milestone of their own, yet someone must act on them; each
is a next step for that person, and a blocker once its day has passed (the day
after its deadline, as the rule finds it):
- the updated follow-up plan the employer sends NAV a week before dialogue
  meeting 2 or 3 (NO_PLAN_TO_NAV_BEFORE_MEETING), until it is sent;
- the minutes of a dialogue meeting that was held (NO_DIALOGUE_MEETING_MINUTES:
  written only once it is FERDIGSTILT), by whoever held it: the employer for
  meeting 1, NAV for 2 and 3;
- work reported on AAP over the limit of its reporting period
  (NO_AAP_WORK_OVER_LIMIT): no AAP for that period, NAV's to settle, while the
  rule reports it (the latest report, for four weeks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    EmploymentStatus,
    MilestoneInfo,
    NextStepInfo,
    OrientationInfo,
    ReturnToWorkPhase,
    StakeholderType,
    Texts,
    overdue,
    stalled,
)
from vocrehab.hooks import pending as pending_milestones
from vocrehab_nav_no.aap_work import recent_over_limit
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.dialogue import PlanDue, plans_due
from vocrehab_nav_no.language import EN, NB, format_date, role_name, texts
from vocrehab_nav_no.model import (
    CaseRecord,
    FollowUpPlanStatus,
    MeetingStatus,
    PeriodType,
    WorkReport,
)
from vocrehab_nav_no.options import NavOptions
from vocrehab_nav_no.phases import NavPhase, phase_from_notes
from vocrehab_nav_no.reference import AAP, FTA, SYKEPENGER
from vocrehab_nav_no.sick_pay import employer_period_end, leave_start

__all__ = ["orientation"]

_PERIOD_WORDS = {
    PeriodType.AKTIVITET_IKKE_MULIG: ("100 % sykmeldt", "100 % off work"),
    PeriodType.AVVENTENDE: ("avventende sykmelding (arbeidsgiveren kan tilrettelegge)",
                            "on a pending sick note (the employer may adapt the work)"),
    PeriodType.BEHANDLINGSDAGER: ("sykmeldt for enkelte behandlingsdager",
                                  "off work on single treatment days"),
    PeriodType.REISETILSKUDD: ("på reisetilskudd", "on a travel grant"),
}  # fmt: skip
_PLAN_WORDS = {
    FollowUpPlanStatus.UNDER_ARBEID: ("Oppfølgingsplanen er under arbeid.", "The follow-up plan is being drafted."),
    FollowUpPlanStatus.AKTIV: ("Oppfølgingsplanen er godkjent.", "The follow-up plan is approved."),
    FollowUpPlanStatus.UTDATERT: ("Oppfølgingsplanen er utdatert.", "The follow-up plan is out of date."),
    FollowUpPlanStatus.AVBRUTT: ("Oppfølgingsplanen er avbrutt.", "The follow-up plan was cancelled."),
}  # fmt: skip


def orientation(
    case: CaseFacts, milestones: Sequence[MilestoneInfo], today: date, options: NavOptions
) -> OrientationInfo:
    if case.status is CaseStatus.CLOSED:
        closed = case.closed_at.date() if case.closed_at else today
        return OrientationInfo(summary=_both(lambda lang: (
            f"Saken ble avsluttet {format_date(closed, lang)}." if lang == NB
            else f"The case was closed on {format_date(closed, lang)}.")), next_steps=(), blockers=())  # fmt: skip
    record = read_record(case)
    pending = pending_milestones(milestones)
    shown = phase_from_notes(case, record, today, options.retention_days)
    parts = [_where(case, record, today), _phase(case, shown), _today_note(record, today),
             _who_pays(case, record, today), _plan(case, record), _next(pending)]  # fmt: skip
    if case.status is CaseStatus.ON_HOLD:
        parts.insert(0, texts("Saken er satt på vent.", "The case is on hold."))
    summary = {lang: " ".join(p[lang] for p in parts if p[lang]) for lang in (NB, EN)}
    duties, late = _duties(case, record, today)
    steps = (*_phase_update(case, shown),
             *(NextStepInfo(m.names, m.responsible, m.due_date) for m in pending), *duties)  # fmt: skip
    blockers = (*_overdue(pending, today), *late, *_stall(case, today, options.stall_days))
    return OrientationInfo(summary=summary, next_steps=steps, blockers=blockers)


def _both(make: Callable[[str], str]) -> Texts:
    return {lang: make(lang) for lang in (NB, EN)}


def _where(case: CaseFacts, record: CaseRecord, today: date) -> Texts:
    start = leave_start(case, record)
    aap = sorted(b.start_date for b in case.benefits if b.benefit_type_code == AAP)
    if aap and (start is None or aap[0] <= today):
        first = aap[0]
        return _both(lambda lang: (
            f"Mottar arbeidsavklaringspenger fra {format_date(first, lang)}." if lang == NB
            else f"Receives AAP from {format_date(first, lang)}."))  # fmt: skip
    if start is None:
        return texts("Ingen sykmelding er registrert.", "No sick leave is recorded.")
    week = max((today - start).days // 7 + 1, 1)
    return _both(lambda lang: (
        f"Sykmeldt fra {format_date(start, lang)}, nå i uke {week}." if lang == NB
        else f"On sick leave since {format_date(start, lang)}, now in week {week}."))  # fmt: skip


_PHASE_WORDS = {
    ReturnToWorkPhase.OFF_WORK: ("borte fra arbeid", "off work"),
    ReturnToWorkPhase.RE_ENTRY: ("tilbake i arbeid, gradvis", "work re-entry"),
    ReturnToWorkPhase.RETENTION: ("fastholdelse i arbeid", "retention at work"),
    ReturnToWorkPhase.ADVANCEMENT: ("videre utvikling i arbeid", "advancement at work"),
}


def _phase(case: CaseFacts, shown: NavPhase | None) -> Texts:
    """The recorded phase, with the day the sick notes put behind it when they agree."""
    nb, en = _PHASE_WORDS[case.phase]
    since = None
    if shown is not None and shown.agrees_with(case.phase):
        since = shown.full_hours_since if shown.phase is not ReturnToWorkPhase.RE_ENTRY else None
        since = since or shown.back_at_work_on
    if since is None:
        return texts(f"Fase: {nb}.", f"Phase: {en}.")
    day = since
    if case.phase is ReturnToWorkPhase.RE_ENTRY:
        return _both(lambda lang: (f"Fase: {nb}, i arbeid igjen fra {format_date(day, lang)}."
                     if lang == NB else f"Phase: {en}, back at work from {format_date(day, lang)}."))  # fmt: skip
    return _both(lambda lang: (f"Fase: {nb}, uten sykmelding fra {format_date(day, lang)}."
                 if lang == NB else f"Phase: {en}, with no sick note from {format_date(day, lang)}."))  # fmt: skip


def _phase_update(case: CaseFacts, shown: NavPhase | None) -> list[NextStepInfo]:
    """The NAV adviser updates a phase the sick notes contradict."""
    if shown is None or shown.agrees_with(case.phase):
        return []
    nb, en = _PHASE_WORDS[shown.phase]
    return [NextStepInfo(texts(f"Oppdater fasen til «{nb}»: sykmeldingene viser det",
                               f"Update the phase to {en}: the sick notes show it"),
                         StakeholderType.CASE_MANAGER)]  # fmt: skip


def _today_note(record: CaseRecord, today: date) -> Texts:
    current = next((p for p in record.periods if p.fom <= today <= p.tom), None)
    if current is None:
        last = max((p.tom for p in record.periods), default=None)
        if last is None or last > today:
            return texts("", "")
        return _both(lambda lang: (f"Siste sykmelding gikk ut {format_date(last, lang)}."
                     if lang == NB else f"The last sick note ran out on {format_date(last, lang)}."))  # fmt: skip
    if current.type is PeriodType.GRADERT:
        nb, en = f"{current.grade} % gradert sykmeldt", f"{current.grade} % graded sick leave"
    else:
        nb, en = _PERIOD_WORDS[current.type]
    return _both(lambda lang: (f"Sykmeldingen i dag: {nb} til {format_date(current.tom, lang)}."
                 if lang == NB else f"Today's sick note: {en} until {format_date(current.tom, lang)}."))  # fmt: skip


def _who_pays(case: CaseFacts, record: CaseRecord, today: date) -> Texts:
    def running(code: str) -> bool:
        return any(b.benefit_type_code == code and b.start_date <= today
                   and (b.end_date is None or b.end_date >= today) for b in case.benefits)  # fmt: skip

    start = leave_start(case, record)
    if running(AAP):
        return texts("NAV betaler arbeidsavklaringspenger.", "NAV pays AAP.")
    if running(FTA):
        return texts("NAV betaler sykepenger mens den sykmeldte søker nytt arbeid (friskmelding "
                     "til arbeidsformidling).",
                     "NAV pays sykepenger while the person seeks new work (friskmelding til "
                     "arbeidsformidling).")  # fmt: skip
    if running(SYKEPENGER):
        return texts("NAV betaler sykepenger.", "NAV pays sykepenger.")
    employee = case.employment_status is EmploymentStatus.EMPLOYED
    if employee and start is not None and today <= employer_period_end(start):
        return texts(
            "Arbeidsgiveren betaler sykepenger i arbeidsgiverperioden (dag 1-16).",
            "The employer pays sick pay in the employer period (days 1-16).",
        )
    return texts("", "")


def _plan(case: CaseFacts, record: CaseRecord) -> Texts:
    if case.employment_status is not EmploymentStatus.EMPLOYED:
        return texts("", "")
    plan = record.follow_up_plan
    if plan is None:
        return texts(
            "Arbeidsgiveren har ikke registrert noen oppfølgingsplan.",
            "The employer has recorded no follow-up plan.",
        )
    return texts(*_PLAN_WORDS[plan.status])


def _next(pending: Sequence[MilestoneInfo]) -> Texts:
    if not pending:
        return texts("Ingen frister venter.", "No deadline is waiting.")
    first = pending[0]
    return _both(lambda lang: (
        f"Neste frist: {first.names[NB]} innen {format_date(first.due_date, lang)}; "
        f"det er {role_name(first.responsible)[NB]} som må handle." if lang == NB else
        f"Next: {first.names[EN]} by {format_date(first.due_date, lang)}; it is "
        f"{role_name(first.responsible)[EN]}'s move."))  # fmt: skip


def _duties(
    case: CaseFacts, record: CaseRecord, today: date
) -> tuple[list[NextStepInfo], list[Texts]]:
    """Duties without a milestone: (the next steps, the blockers of those past their day)."""
    steps: list[NextStepInfo] = []
    late: list[Texts] = []
    for due in plans_due(case, record):
        if due.sent_on is not None:
            continue  # sent (perhaps late, which the rule keeps reporting): nothing left to do
        steps.append(NextStepInfo(_plan_step(due), StakeholderType.EMPLOYER, due.due))
        if today > due.due:
            late.append(_plan_late(due))
    for meeting in record.dialogue_meetings:
        if meeting.status is MeetingStatus.FERDIGSTILT and meeting.minutes is None:
            who = StakeholderType.EMPLOYER if meeting.number == 1 else StakeholderType.CASE_MANAGER
            steps.append(NextStepInfo(texts(f"Skriv referat fra dialogmøte {meeting.number}",
                                            f"Write the minutes of dialogue meeting "
                                            f"{meeting.number}"), who))  # fmt: skip
    over = recent_over_limit(record, today)
    if over is not None:
        steps.append(NextStepInfo(_aap_step(*over), StakeholderType.CASE_MANAGER))
    return steps, late


def _number(value: float, lang: str) -> str:
    """One decimal at most; bokmål writes a decimal comma."""
    shown = f"{value:.1f}".removesuffix(".0")
    return shown.replace(".", ",") if lang == NB else shown


def _aap_step(report: WorkReport, share: float, limit: int) -> Texts:
    return _both(lambda lang: (
        f"Ingen AAP for meldeperioden fra {format_date(report.from_day, lang)}: "
        f"{_number(report.hours, lang)} timer er {_number(share, lang)} % arbeid, over grensen "
        f"på {limit} %" if lang == NB else
        f"No AAP for the reporting period from {format_date(report.from_day, lang)}: "
        f"{_number(report.hours, lang)} hours is {_number(share, lang)} % work, over the "
        f"{limit} % limit"))  # fmt: skip


def _plan_step(due: PlanDue) -> Texts:
    return _both(lambda lang: (
        f"Send oppdatert oppfølgingsplan til NAV før dialogmøte {due.number} "
        f"({format_date(due.meeting_on, lang)})" if lang == NB else
        f"Send the updated follow-up plan to NAV before dialogue meeting {due.number} "
        f"({format_date(due.meeting_on, lang)})"))  # fmt: skip


def _plan_late(due: PlanDue) -> Texts:
    return _both(lambda lang: (
        f"Oppdatert oppfølgingsplan skulle vært hos NAV innen {format_date(due.due, lang)}, en "
        f"uke før dialogmøte {due.number} (arbeidsgiveren må handle)." if lang == NB else
        f"The updated follow-up plan was due at NAV on {format_date(due.due, lang)}, a week "
        f"before dialogue meeting {due.number} (the employer to act)."))  # fmt: skip


def _overdue(pending: Sequence[MilestoneInfo], today: date) -> list[Texts]:
    return [_overdue_text(m) for m in overdue(pending, today)]


def _overdue_text(m: MilestoneInfo) -> Texts:
    nb_due, en_due = format_date(m.due_date, NB), format_date(m.due_date, EN)
    return texts(
        f"{m.names[NB]} skulle vært gjort innen {nb_due} og er forsinket "
        f"({role_name(m.responsible)[NB]} må handle).",
        f"{m.names[EN]} was due on {en_due} and is overdue ({role_name(m.responsible)[EN]} to act).",
    )


def _stall(case: CaseFacts, today: date, stall_days: int) -> list[Texts]:
    stall = stalled(case, today, stall_days)
    if stall is None:
        return []
    idle, last = stall.idle_days, stall.last
    return [_both(lambda lang: (
        f"Ingenting har skjedd i saken på {idle} dager (siden {format_date(last, lang)}); sjekk at "
        "noen følger den opp." if lang == NB else
        f"Nothing has happened on the case for {idle} days (since {format_date(last, lang)}); "
        "check that someone is acting on it."))]  # fmt: skip
