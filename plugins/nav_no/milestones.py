"""Milestones of a Norwegian case: the follow-up timeline of a sick leave (R11-R14)
and the end of the sick-pay and AAP periods.

Computed from the case facts alone, never from today, so the platform can
store them and filter overdue cases in SQL. Weeks count from the first day of
sick leave (the case's sick_leave_start, or else the first day on a sick note).

| code                  | due                  | who          | met by                                    |
|-----------------------|----------------------|--------------|-------------------------------------------|
| SICK_NOTE             | day 4                | sykmelder    | the first sick note recorded               |
| EMPLOYER_PERIOD_END   | day 16               | employer     | NAV granting sykepenger (the handover)     |
| FOLLOW_UP_PLAN        | week 4               | employer     | the plan approved and sent to the sykmelder|
| DIALOGUE_MEETING_1    | week 7               | employer     | meeting 1 held                            |
| ACTIVITY_REQUIREMENT  | week 8               | NAV          | graded leave / travel grant at week 8, or OPPFYLT/UNNTAK |
| MEETING_NEED_WEEK_16  | week 16              | NAV          | NAV asked whether meeting 2 is needed     |
| DIALOGUE_MEETING_2    | week 26              | NAV          | meeting 2 held                            |
| WEEK_39_INFORMATION   | week 39              | NAV          | NAV informed of the maksdato and after    |
| ARR_SYKMELDER_INFORMED| the ARR referral     | NAV          | the sykmelder told of it (on sick leave)  |
| BACKDATING_REVIEW_n   | note n signed        | NAV          | NAV's decision on the backdated note n    |
| MAKSDATO              | 248th NAV-paid day   | NAV          | sykepenger ended, or AAP started          |
| JOB_SEEKING_END       | FTA start + 12 weeks | NAV          | friskmelding til arbeidsformidling ended  |
| AAP_PERIOD_END        | AAP start + 3 years  | NAV          | AAP ended                                 |
| AAP_STEP_UP_END       | step-up + 12 months  | NAV          | AAP ended by then                         |

The employer period, the follow-up plan and the dialogue meetings concern
employees only. A milestone whose date the sick leave did not reach (the last
sick note ends before it) does not apply; nor does anything that depends on
sykepenger for someone aged 70 or more. Dialogue meeting 1 is mandatory when
the person is fully off work (the latest sick-note period before week 7 is
AKTIVITET_IKKE_MULIG, or no note is recorded); with graded leave it applies
only once a meeting 1 is called. When the case is closed, whatever is not met
no longer applies.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    DataCategory,
    EmploymentStatus,
    MilestoneInfo,
    StakeholderType,
    Texts,
)
from vocrehab_nav_no import sources
from vocrehab_nav_no.aap_work import step_up_end
from vocrehab_nav_no.activity import settled_on
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.interventions import arr_referral
from vocrehab_nav_no.language import texts
from vocrehab_nav_no.model import BackdatingOutcome, CaseRecord, PeriodType
from vocrehab_nav_no.reference import AAP, FTA, FTA_MAX_DAYS, SICK_PAY_TYPES, SYKEPENGER
from vocrehab_nav_no.sick_pay import case_maksdato, employer_period_end, leave_start
from vocrehab_nav_no.workdays import add_years

__all__ = ["PLAN_SENT_EVENT", "milestones"]

R = StakeholderType
PLAN_SENT_EVENT = "no.follow_up_plan.sent_to_sykmelder"
BENEFIT_GRANTED = "benefit.granted"


def milestones(case: CaseFacts) -> list[MilestoneInfo]:
    """All milestones of the case, in a fixed order."""
    record = read_record(case)
    start = leave_start(case, record)
    found = _sick_leave(case, record, start) if start is not None else []
    found += _arr_notice(case, record)
    found += _backdating_reviews(record)
    found += _job_seeking(case)
    found += _aap(case)
    found += _aap_step_up(case, record)
    if case.status is CaseStatus.CLOSED:
        found = [m if m.met_on else replace(m, not_applicable=True) for m in found]
    return found


def _milestone(
    code: str, names: Texts, about: Texts, due: date, who: StakeholderType, reference: str,
    met_on: date | None, not_applicable: bool = False, category: DataCategory = DataCategory.PLAN,
) -> MilestoneInfo:  # fmt: skip
    """`category` is what the milestone reveals: the maksdato and the end of AAP are BENEFITS."""
    return MilestoneInfo(
        code=code, names=names, descriptions=about, due_date=due, responsible=who,
        legal_reference=reference, met_on=met_on, not_applicable=not_applicable and met_on is None,
        category=category,
    )  # fmt: skip


def _ended_before(record: CaseRecord, day: date) -> bool:
    """The recorded sick notes all end before `day` (no note: unknown, so not ended)."""
    last = max((p.tom for p in record.periods), default=None)
    return last is not None and last < day


def _too_old(case: CaseFacts, start: date) -> bool:
    birth = case.participant.birth_date
    return birth is not None and start >= add_years(birth, 70)


def _sick_leave(case: CaseFacts, record: CaseRecord, start: date) -> list[MilestoneInfo]:
    employee = case.employment_status is EmploymentStatus.EMPLOYED
    week = lambda n: start + timedelta(weeks=n)  # noqa: E731
    no_sick_pay = _too_old(case, start)
    return [
        _sick_note(record, start),
        _employer_period(case, record, start, not employee or no_sick_pay),
        _follow_up_plan(case, record, week(4), not employee),
        _dialogue_1(record, week(7), not employee),
        _activity(record, week(8), no_sick_pay),
        _meeting_need(record, week(16), not employee),
        _dialogue_2(record, week(26), not employee),
        _week_39(record, week(39), no_sick_pay),
        *_maksdato(case, record, start),
    ]


SELF_CERTIFIED_DAYS = 3
"""Calendar days an employee may self-certify (egenmelding) before a sick note is needed."""


def _sick_note(record: CaseRecord, start: date) -> MilestoneInfo:
    return _milestone(
        "SICK_NOTE",
        texts("Sykmelding fra dag 4", "Sick note from day 4"),
        texts("Etter egenmeldingsdagene dokumenterer sykmelder arbeidsuførheten med en "
              "sykmelding. Nås når den første sykmeldingen er registrert.",
              "After the self-certified days the sykmelder documents the incapacity with a "
              "sick note. Met when the first sick note is recorded."),
        start + timedelta(days=SELF_CERTIFIED_DAYS), R.CLINICIAN, sources.FTRL_8_7,
        min((n.signed_on for n in record.sick_notes), default=None),
    )  # fmt: skip


def _employer_period(
    case: CaseFacts, record: CaseRecord, start: date, excluded: bool
) -> MilestoneInfo:
    due = employer_period_end(start)
    granted = min((e.at.date() for e in case.events if e.kind == BENEFIT_GRANTED
                   and e.data.get("typeCode") == SYKEPENGER), default=None)  # fmt: skip
    return _milestone(
        "EMPLOYER_PERIOD_END",
        texts("Arbeidsgiverperioden slutter (dag 16)", "End of the employer period (day 16)"),
        texts("Arbeidsgiveren betaler sykepenger dag 1-16; NAV betaler fra dag 17. Nås når NAV "
              "innvilger sykepenger. Gjelder arbeidstakere.",
              "The employer pays sick pay for days 1-16; NAV pays from day 17. Met when NAV "
              "grants sykepenger. For employees."),
        due, R.EMPLOYER, sources.FTRL_8_19, granted,
        excluded or _ended_before(record, due + timedelta(days=1)),
    )  # fmt: skip


def _follow_up_plan(
    case: CaseFacts, record: CaseRecord, due: date, excluded: bool
) -> MilestoneInfo:
    plan = record.follow_up_plan
    sent = None
    if plan is not None and plan.approved_on and plan.shared_with_sykmelder_on:
        sent = max(plan.approved_on, plan.shared_with_sykmelder_on)
    earlier = [e.at.date() for e in case.events if e.kind == PLAN_SENT_EVENT]
    met = min([*earlier, sent] if sent else earlier, default=None)
    return _milestone(
        "FOLLOW_UP_PLAN",
        texts("Oppfølgingsplan (uke 4)", "Follow-up plan (week 4)"),
        texts("Arbeidsgiveren lager oppfølgingsplanen med arbeidstakeren og sender den til "
              "sykmelderen innen 4 uker. Nås når planen er godkjent og sendt sykmelderen.",
              "The employer draws up the follow-up plan with the employee and sends it to the "
              "sykmelder within 4 weeks. Met when the plan is approved and sent to the sykmelder."),
        due, R.EMPLOYER, sources.AML_4_6_PLAN, met, excluded or _ended_before(record, due),
    )  # fmt: skip


def _fully_off(record: CaseRecord, due: date) -> bool:
    before = [p for p in record.periods if p.fom < due]
    return not before or before[-1].type is PeriodType.AKTIVITET_IKKE_MULIG


def _dialogue_1(record: CaseRecord, due: date, excluded: bool) -> MilestoneInfo:
    held = record.held(1)
    called = bool(record.meetings(1))
    return _milestone(
        "DIALOGUE_MEETING_1",
        texts("Dialogmøte 1 (uke 7)", "Dialogue meeting 1 (week 7)"),
        texts("Arbeidsgiveren holder dialogmøte 1 innen 7 uker når arbeidstakeren er helt "
              "sykmeldt; ved gradert sykmelding bare ved behov. Nås når møtet er holdt.",
              "The employer holds dialogue meeting 1 within 7 weeks when the employee is fully "
              "off work; with graded leave only when needed. Met when the meeting is held."),
        due, R.EMPLOYER, sources.AML_4_6_DIALOGUE, held.held_on if held else None,
        excluded or _ended_before(record, due) or not (_fully_off(record, due) or called),
    )  # fmt: skip


def _activity(record: CaseRecord, due: date, excluded: bool) -> MilestoneInfo:
    return _milestone(
        "ACTIVITY_REQUIREMENT",
        texts("Aktivitetsplikten vurderes (uke 8)", "Activity requirement checked (week 8)"),
        texts("Senest etter 8 uker skal den sykmeldte være i arbeidsrelatert aktivitet. Nås av "
              "gradert sykmelding eller reisetilskudd ved 8 uker, eller når NAV vurderer plikten "
              "som oppfylt eller gir unntak.",
              "No later than 8 weeks in, the person must be in work-related activity. Met by "
              "graded leave or a travel grant at week 8, or when NAV assesses the requirement as "
              "met or grants an exception."),
        due, R.CASE_MANAGER, sources.FTRL_8_8, settled_on(record, due),
        excluded or _ended_before(record, due),
    )  # fmt: skip


def _meeting_need(record: CaseRecord, due: date, excluded: bool) -> MilestoneInfo:
    need = record.meeting_need
    return _milestone(
        "MEETING_NEED_WEEK_16",
        texts("Behov for dialogmøte 2 (uke 16)", "Need for dialogue meeting 2 (week 16)"),
        texts("I uke 16 spør NAV arbeidstakeren og arbeidsgiveren om de har behov for "
              "dialogmøte 2. Nås når NAV har stilt spørsmålet.",
              "At week 16 NAV asks the employee and the employer whether they need dialogue "
              "meeting 2. Met when NAV has asked."),
        due, R.CASE_MANAGER, sources.FTRL_8_7A, need.asked_on if need else None,
        excluded or _ended_before(record, due) or record.held(2) is not None,
    )  # fmt: skip


def _week_39(record: CaseRecord, due: date, excluded: bool) -> MilestoneInfo:
    return _milestone(
        "WEEK_39_INFORMATION",
        texts("Informasjon om maksdato (uke 39)", "Information on the maksdato (week 39)"),
        texts("Ved 39 uker informerer NAV den sykmeldte om maksdato og om veien videre (arbeid, "
              "arbeidsavklaringspenger eller annen inntekt); sykmeldingen gir utdypende "
              "opplysninger. Nås når NAV har informert.",
              "At 39 weeks NAV informs the person of the maksdato and the way forward (work, AAP "
              "or other income); the sick note gives further information. Met when NAV has "
              "informed."),
        due, R.CASE_MANAGER, sources.FTRL_8_12, record.week_39_informed_on,
        excluded or _ended_before(record, due), DataCategory.BENEFITS,
    )  # fmt: skip


def _dialogue_2(record: CaseRecord, due: date, excluded: bool) -> MilestoneInfo:
    held = record.held(2)
    return _milestone(
        "DIALOGUE_MEETING_2",
        texts("Dialogmøte 2 (uke 26)", "Dialogue meeting 2 (week 26)"),
        texts("NAV kaller inn til dialogmøte 2 innen 26 uker, med innkalling 3 uker før. "
              "Arbeidsgiveren sender oppdatert plan til NAV senest 1 uke før. Nås når møtet er "
              "holdt.",
              "NAV calls dialogue meeting 2 within 26 weeks, inviting 3 weeks ahead. The employer "
              "sends the updated plan to NAV at least 1 week before. Met when the meeting is held."),
        due, R.CASE_MANAGER, sources.FTRL_8_7A, held.held_on if held else None,
        excluded or _ended_before(record, due),
    )  # fmt: skip


def _maksdato(case: CaseFacts, record: CaseRecord, start: date) -> list[MilestoneInfo]:
    last = case_maksdato(case, record)
    if last is None:
        return []
    sick_pay = [b for b in case.benefits if b.benefit_type_code in SICK_PAY_TYPES]
    ended = [b.end_date for b in sick_pay if b.end_date is not None]
    days = [b.start_date for b in case.benefits if b.benefit_type_code == AAP]
    if sick_pay and len(ended) == len(sick_pay):
        days.append(max(ended))
    return [_milestone(
        "MAKSDATO",
        texts("Maksdato for sykepenger", "Last day of sykepenger (maksdato)"),
        texts("NAV betaler høyst 248 sykepengedager (60 etter fylte 67 år, ingen fra 70 år). "
              "Før maksdato avklarer NAV veien videre. Nås når sykepengene er avsluttet eller "
              "AAP starter.",
              "NAV pays at most 248 sick-pay days (60 after turning 67, none from 70). Before the "
              "maksdato NAV clarifies the way forward. Met when sykepenger have ended or AAP "
              "starts."),
        last, R.CASE_MANAGER, sources.FTRL_8_12, min(days, default=None),
        _ended_before(record, start + timedelta(days=16)), DataCategory.BENEFITS,
    )]  # fmt: skip


def _backdating_reviews(record: CaseRecord) -> list[MilestoneInfo]:
    """One per note sent to manual review (numbered from 1 in the order recorded)."""
    return [_milestone(
        f"BACKDATING_REVIEW_{index + 1}",
        texts(f"NAV vurderer tilbakedatert sykmelding {index + 1}",
              f"NAV reviews backdated sick note {index + 1}"),
        texts("Sykmeldingen er tilbakedatert mer enn 8 dager med begrunnelse og går til manuell "
              "vurdering. Nås når NAV har godkjent eller avslått tilbakedateringen.",
              "The note is backdated more than 8 days with a justification and goes to manual "
              "review. Met when NAV has accepted or refused the backdating."),
        note.signed_on, R.CASE_MANAGER, sources.FTRL_8_7_BACKDATING, note.backdating.decided_on,
    ) for index, note in enumerate(record.sick_notes)
        if note.backdating is not None and note.backdating.outcome is BackdatingOutcome.MANUAL_REVIEW]  # fmt: skip


def _arr_notice(case: CaseFacts, record: CaseRecord) -> list[MilestoneInfo]:
    referral = arr_referral(case)
    if referral is None:
        return []
    referred_on = referral[1]
    told = min((d for d in record.sykmelder_informed_of_referral if d >= referred_on), default=None)
    return [_milestone(
        "ARR_SYKMELDER_INFORMED",
        texts("Sykmelder får beskjed om henvisning til ARR",
              "Sykmelder told of the ARR referral"),
        texts("Når en sykmeldt henvises til arbeidsrettet rehabilitering, gir NAV sykmelderen "
              "beskjed om henvisningen. Nås når NAV registrerer at sykmelderen har fått beskjed.",
              "When a person on sick leave is referred to work-oriented rehabilitation, NAV tells "
              "the sykmelder of the referral. Met when NAV records that the sykmelder was told."),
        referred_on, R.CASE_MANAGER, sources.TILTAK_ARR, told,
    )]  # fmt: skip


def _job_seeking(case: CaseFacts) -> list[MilestoneInfo]:
    periods = sorted((b for b in case.benefits if b.benefit_type_code == FTA),
                     key=lambda b: b.start_date)  # fmt: skip
    if not periods:
        return []
    first = periods[0]
    due = first.start_date + timedelta(days=FTA_MAX_DAYS - 1)
    ended = first.end_date if first.end_date is not None and first.end_date <= due else None
    return [_milestone(
        "JOB_SEEKING_END",
        texts("Friskmelding til arbeidsformidling slutter (12 uker)",
              "End of sykepenger while seeking work (12 weeks)"),
        texts("Sykepenger mens den sykmeldte søker nytt arbeid varer høyst 12 uker. Før det "
              "avklarer NAV arbeid eller annen inntekt. Nås når perioden er avsluttet.",
              "Sykepenger while the person seeks new work last at most 12 weeks. Before then NAV "
              "clarifies work or other income. Met when the period has ended."),
        due, R.EMPLOYMENT_OFFICER, sources.FTRL_8_5, ended, category=DataCategory.BENEFITS,
    )]  # fmt: skip


def _aap_step_up(case: CaseFacts, record: CaseRecord) -> list[MilestoneInfo]:
    first = record.aap_step_up_from
    if first is None:
        return []
    due = step_up_end(first)
    ends = [b.end_date for b in case.benefits if b.benefit_type_code == AAP and b.end_date]
    running = any(b.benefit_type_code == AAP and b.end_date is None for b in case.benefits)
    met = max(ends) if ends and not running and max(ends) <= due else None
    return [_milestone(
        "AAP_STEP_UP_END",
        texts("Opptrapping på AAP slutter (12 måneder)", "End of the AAP step-up (12 months)"),
        texts("Under opptrapping kan den som får AAP arbeide inntil 80 %, én gang og i høyst 12 "
              "måneder; deretter gjelder 60 % igjen. Nås når AAP er avsluttet innen da.",
              "During the step-up someone on AAP may work up to 80 %, once and for at most 12 "
              "months; then the 60 % limit applies again. Met when AAP has ended by then."),
        due, R.CASE_MANAGER, sources.FTRL_11_23, met, category=DataCategory.BENEFITS,
    )]  # fmt: skip


def _aap(case: CaseFacts) -> list[MilestoneInfo]:
    periods = [b for b in case.benefits if b.benefit_type_code == AAP]
    if not periods:
        return []
    first = min(p.start_date for p in periods)
    ended = all(p.end_date is not None for p in periods)
    met = max(p.end_date for p in periods if p.end_date) if ended else None
    return [_milestone(
        "AAP_PERIOD_END",
        texts("AAP-perioden utløper (3 år)", "End of the AAP period (3 years)"),
        texts("AAP gis ordinært i høyst 3 år fra første AAP-dag. Før det avklarer NAV arbeid, "
              "forlengelse eller uføretrygd. Nås når AAP er avsluttet.",
              "AAP is ordinarily granted for at most 3 years from its first day. Before then NAV "
              "clarifies work, an extension or disability benefit. Met when AAP has ended."),
        add_years(first, 3) - timedelta(days=1), R.CASE_MANAGER, sources.FTRL_11_12, met,
        category=DataCategory.BENEFITS,
    )]  # fmt: skip
