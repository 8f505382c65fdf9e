"""The rule catalogue: every rule the Norwegian jurisdiction can report, in one place.

A violation is only ever built through `violation(code, ...)`, which takes the
severity and the legal reference from this catalogue: a check cannot report a
rule that `Jurisdiction.rules()` does not list, and a reader can compare every
rule's severity here. The R-numbers in the comments are the testable rules of
the domain fact sheet (R1-R20) that each rule implements.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from vocrehab.hooks import DataCategory, RuleCatalogue, RuleInfo, Severity, Violation
from vocrehab_nav_no import sources
from vocrehab_nav_no.language import texts

__all__ = ["RULES", "not_in_future", "violation"]

ERROR, WARNING = Severity.ERROR, Severity.WARNING
BENEFITS, MEDICAL = DataCategory.BENEFITS, DataCategory.MEDICAL
_SICK_NOTE = sources.NAV_SICK_NOTE_RULES


def _rule(
    code: str, severity: Severity, nb: str, en: str, reference: str,
    category: DataCategory = DataCategory.PLAN,
) -> RuleInfo:  # fmt: skip
    """A catalogue entry; `category` is what a finding reveals (AUTHZ.md): a rule about
    sykepenger days, the maksdato or AAP is BENEFITS, one about a diagnosis or a medical
    exception MEDICAL, so the platform shows its findings only to readers who see that."""
    return RuleInfo(code, severity, texts(nb, en), reference, category)


_DETAILS = (
    _rule("NO_DETAILS_UNKNOWN_FIELD", ERROR,
          "Detaljene kan bare inneholde feltene den norske jurisdiksjonen definerer.",
          "Details may only contain the fields the Norwegian jurisdiction defines.", sources.RECORD),
    _rule("NO_DETAILS_INVALID", ERROR,
          "Et detaljfelt har feil type, en ugyldig dato eller en verdi utenfor gyldig område.",
          "A details field has the wrong type, an invalid date or a value out of range.",
          sources.RECORD),
    _rule("NO_DATE_IN_FUTURE", ERROR,
          "Noe som er skjedd (et møte holdt, en plan godkjent, en vurdering gjort) dateres ikke "
          "fram i tid.",
          "Something that has happened (a meeting held, a plan approved, an assessment made) is "
          "not dated in the future.", sources.RECORD),
    _rule("NO_DATE_ORDER", ERROR,
          "Datoer følger hendelsene: innkallingen til et dialogmøte sendes før møtet, og en "
          "avgjørelse tas etter det den avgjør.",
          "Dates follow the events: the invitation to a dialogue meeting is sent before the "
          "meeting, and a decision comes after what it decides on.", sources.RECORD),
)  # fmt: skip

_SICK_NOTES = (  # R1-R6, R9, R10
    _rule("NO_SICK_NOTE_NO_PERIODS", ERROR,
          "En sykmelding har minst én periode (PERIODER_MANGLER).",
          "A sick note has at least one period (PERIODER_MANGLER).", _SICK_NOTE),
    _rule("NO_SICK_NOTE_PERIOD_TYPE", ERROR,
          "Hver periode er én av AKTIVITET_IKKE_MULIG, GRADERT, AVVENTENDE, BEHANDLINGSDAGER og "
          "REISETILSKUDD (IKKE_DEFINERT_PERIODE).",
          "Each period is exactly one of AKTIVITET_IKKE_MULIG, GRADERT, AVVENTENDE, "
          "BEHANDLINGSDAGER and REISETILSKUDD (IKKE_DEFINERT_PERIODE).", _SICK_NOTE),
    _rule("NO_SICK_NOTE_PERIOD_DATES", ERROR,
          "En periodes fra-dato er før eller lik til-datoen (FRADATO_ETTER_TILDATO).",
          "A period's fom is on or before its tom (FRADATO_ETTER_TILDATO).", _SICK_NOTE),
    _rule("NO_SICK_NOTE_OVERLAP", ERROR,
          "Periodene i en sykmelding overlapper ikke (OVERLAPPENDE_PERIODER).",
          "The periods of a sick note do not overlap (OVERLAPPENDE_PERIODER).", _SICK_NOTE),
    _rule("NO_SICK_NOTE_GAP", ERROR,
          "Det er ingen arbeidsdager mellom periodene i en sykmelding (OPPHOLD_MELLOM_PERIODER).",
          "There is no working day between the periods of a sick note "
          "(OPPHOLD_MELLOM_PERIODER).", _SICK_NOTE),
    _rule("NO_SICK_NOTE_GRADE", ERROR,
          "En GRADERT periode har en hel grad fra 1 til 99; 100 % skrives som "
          "AKTIVITET_IKKE_MULIG, og bare graderte perioder har grad.",
          "A GRADERT period has a whole grade from 1 to 99; 100 % is written as "
          "AKTIVITET_IKKE_MULIG, and only graded periods carry a grade.", _SICK_NOTE),
    _rule("NO_SICK_NOTE_GRADE_BELOW_20", WARNING,
          "Under 20 % sykmelding gir ikke rett til graderte sykepenger.",
          "Below 20 % sick leave there is no right to graded sykepenger.", sources.FTRL_8_13),
    _rule("NO_SICK_NOTE_PENDING", ERROR,
          "En AVVENTENDE periode er eneste periode, varer høyst 16 dager og har innspill til "
          "arbeidsgiveren.",
          "An AVVENTENDE period is the only period, lasts at most 16 days and carries advice to "
          "the employer.", _SICK_NOTE),
    _rule("NO_SICK_NOTE_TREATMENT_DAYS", ERROR,
          "Høyst én behandlingsdag per påbegynte uke i perioden.",
          "At most one treatment day per started week of the period.", _SICK_NOTE),
    _rule("NO_SICK_NOTE_MANUAL_REVIEW", WARNING,
          "En sykmelding med behandlingsdager går til manuell behandling i NAV.",
          "A sick note with treatment days goes to manual processing at NAV.", _SICK_NOTE),
    _rule("NO_SICK_NOTE_FUTURE_START", ERROR,
          "Første fra-dato er høyst 30 dager etter signaturdatoen (FREMDATERT).",
          "The first fom is at most 30 days after the signature date (FREMDATERT).", _SICK_NOTE),
    _rule("NO_SICK_NOTE_BACKDATED", ERROR,
          "En tilbakedatert sykmelding godtas bare slik NAVs regler for tilbakedatering sier: "
          "inntil 4 dager uten videre, inntil 8 dager med begrunnelse (felt 11.2) eller som "
          "forlengelse, inntil én måned med begrunnelse, lenger med begrunnelse på minst tre ord "
          "og manuell vurdering; ICD-10-diagnose (spesialisthelsetjenesten) og ettersending "
          "godtas.",
          "A backdated sick note is accepted only as NAV's backdating rules say: up to 4 days "
          "as it is, up to 8 days with a justification (felt 11.2) or as an extension, up to one "
          "month with a justification, longer with a justification of at least three words and "
          "manual review; an ICD-10 diagnosis (specialist health service) and a re-submission are "
          "accepted.", sources.FTRL_8_7_BACKDATING),
    _rule("NO_SICK_NOTE_BACKDATING_REVIEW", WARNING,
          "En sykmelding tilbakedatert mer enn 8 dager med begrunnelse vurderes manuelt av NAV, "
          "som godkjenner eller avslår tilbakedateringen.",
          "A sick note backdated more than 8 days with a justification is reviewed manually by "
          "NAV, which accepts or refuses the backdating.", sources.FTRL_8_7_BACKDATING),
    _rule("NO_SICK_NOTE_NOT_UNDER_REVIEW", ERROR,
          "NAV avgjør tilbakedateringen av en sykmelding som venter på manuell vurdering, og "
          "bare én gang.",
          "NAV decides on the backdating of a sick note that awaits manual review, and only once.",
          sources.FTRL_8_7_BACKDATING),
    _rule("NO_SICK_NOTE_TOO_OLD", ERROR,
          "Første fra-dato er ikke mer enn 3 år tilbake i tid (TILBAKEDATERT_MER_ENN_3_AR).",
          "The first fom is not more than 3 years back (TILBAKEDATERT_MER_ENN_3_AR).", _SICK_NOTE),
    _rule("NO_SICK_NOTE_TOO_LONG", ERROR,
          "Høyst 365 dager fra første fra-dato til siste til-dato (TOTAL_VARIGHET_OVER_ETT_AAR).",
          "At most 365 days from the first fom to the last tom (TOTAL_VARIGHET_OVER_ETT_AAR).",
          _SICK_NOTE),
    _rule("NO_SICK_NOTE_PATIENT_UNDER_13", ERROR,
          "Pasienten har fylt 13 år ved siste til-dato (PASIENT_YNGRE_ENN_13).",
          "The patient is 13 or older on the last tom (PASIENT_YNGRE_ENN_13).",
          f"{sources.FTRL_8_3}; {_SICK_NOTE}"),
    _rule("NO_SICK_NOTE_ISSUER_12_WEEKS", ERROR,
          "Kiropraktor, manuellterapeut og fysioterapeut kan ikke sykmelde ut over 84 dager (12 "
          "uker) fra sykefraværets start (BEHANDLER_MT_FT_KI_OVER_12_UKER).",
          "Chiropractors, manual therapists and physiotherapists cannot certify beyond 84 days "
          "(12 weeks) from the start of the sick leave (BEHANDLER_MT_FT_KI_OVER_12_UKER).",
          _SICK_NOTE),
)  # fmt: skip

_FOLLOW_UP = (  # R13, R14, R19, R20
    _rule("NO_FOLLOW_UP_PLAN_TRANSITION", ERROR,
          "Oppfølgingsplanen går UNDER_ARBEID → AKTIV (godkjent) → UTDATERT eller AVBRUTT; etter "
          "det begynner en ny plan UNDER_ARBEID.",
          "The follow-up plan goes UNDER_ARBEID → AKTIV (approved) → UTDATERT or AVBRUTT; after "
          "that a new plan starts UNDER_ARBEID.", sources.AML_4_6_PLAN),
    _rule("NO_FOLLOW_UP_PLAN_SHARED_UNAPPROVED", ERROR,
          "Bare en godkjent (AKTIV) oppfølgingsplan deles med sykmelder og NAV.",
          "Only an approved (AKTIV) follow-up plan is shared with the sykmelder and NAV.",
          sources.AML_4_6_PLAN),
    _rule("NO_FOLLOW_UP_MEASURE", ERROR,
          "Et tiltak i oppfølgingsplanen har et unikt navn; et AVTALT tiltak har periode (fra og "
          "med, til og med), et IKKE_AKTUELT tiltak en begrunnelse. Et tiltak går FORSLAG → "
          "AVTALT eller IKKE_AKTUELT, og AVTALT → AVBRUTT.",
          "A follow-up plan measure has a unique name; an AVTALT measure has its period (from, to), "
          "an IKKE_AKTUELT one its reason. A measure goes FORSLAG → AVTALT or IKKE_AKTUELT, and "
          "AVTALT → AVBRUTT.", sources.AML_4_6_PLAN),
    _rule("NO_FOLLOW_UP_TASK", ERROR,
          "En arbeidsoppgave i oppfølgingsplanen har et unikt navn og en vurdering (KAN, KAN_IKKE, "
          "TILRETTELEGGING, IKKE_VURDERT); KAN_IKKE og TILRETTELEGGING beskrives.",
          "A work task of the follow-up plan has a unique name and a feasibility (KAN, KAN_IKKE, "
          "TILRETTELEGGING, IKKE_VURDERT); KAN_IKKE and TILRETTELEGGING are described.",
          sources.AML_4_6_PLAN),
    _rule("NO_DIALOGUE_MEETING_MINUTES", ERROR,
          "Referat skrives bare for et dialogmøte som er FERDIGSTILT, tidligst den dagen det ble "
          "holdt; et endret referat sier hvorfor det er endret.",
          "Minutes are written only for a dialogue meeting that is FERDIGSTILT, at the earliest on "
          "the day it was held; changed minutes say why they were changed.", sources.FTRL_8_7A),
    _rule("NO_DIALOGUE_MEETING_NUMBER", ERROR,
          "Dialogmøter er nummer 1, 2 eller 3.",
          "Dialogue meetings are number 1, 2 or 3.", sources.FTRL_8_7A),
    _rule("NO_DIALOGUE_MEETING_CLOSED", ERROR,
          "Et dialogmøte som er FERDIGSTILT eller AVLYST, kan ikke avlyses, flyttes eller "
          "ferdigstilles; et avholdt møte holdes ikke på nytt.",
          "A dialogue meeting that is FERDIGSTILT or AVLYST cannot be cancelled, rescheduled or "
          "completed; a meeting that was held is not held again.", sources.FTRL_8_7A),
    _rule("NO_DIALOGUE_MEETING_NOTICE", WARNING,
          "NAV sender innkallingen til dialogmøte 2 og 3 minst 3 uker før møtet.",
          "NAV sends the invitation to dialogue meeting 2 and 3 at least 3 weeks before it.",
          sources.FTRL_8_7A),
    _rule("NO_PLAN_TO_NAV_BEFORE_MEETING", WARNING,
          "Arbeidsgiveren sender oppdatert oppfølgingsplan til NAV senest 1 uke før dialogmøte 2 "
          "og 3.",
          "The employer sends the updated follow-up plan to NAV at least 1 week before dialogue "
          "meeting 2 and 3.", sources.FTRL_8_7A),
    _rule("NO_PHASE_CONTRADICTS_FACTS", WARNING,
          "Sakens fase er den sykmeldingene viser: borte fra arbeid ved 100 % eller avventende "
          "sykmelding, tilbake i arbeid fra første dag med gradert sykmelding, reisetilskudd, "
          "behandlingsdager eller uten sykmelding, fastholdelse når ingen sykmelding har løpt på "
          "en tid (videre utvikling kan følge fastholdelse).",
          "The case's phase is the one its sick notes show: off work on a 100 % or pending note, "
          "re-entry from the first day of graded leave, a travel grant, treatment days or no note, "
          "retention once no note has run for a while (advancement may follow retention).",
          sources.YOUNG_2005),
    _rule("NO_ACTIVITY_EXCEPTION_REASON", ERROR,
          "Unntak fra aktivitetsplikten har en grunn og sier hvem som dokumenterte den; bare "
          "unntak har grunn.",
          "An exception from the activity requirement has a reason and says who documented it; "
          "only an exception has a reason.", sources.FTRL_8_8),
    _rule("NO_ACTIVITY_EXCEPTION_DOCUMENTATION", ERROR,
          "Tungtveiende medisinske grunner dokumenteres av sykmelderen; at aktivitet ikke er mulig "
          "på arbeidsplassen, dokumenterer arbeidsgiveren i en godkjent oppfølgingsplan.",
          "Weighty medical reasons are documented by the sykmelder; that activity is impossible "
          "at the workplace is documented by the employer in an approved follow-up plan.",
          sources.FTRL_8_8, MEDICAL),
    _rule("NO_ACTIVITY_REQUIREMENT_UNMET", WARNING,
          "Etter 8 uker er den sykmeldte i arbeidsrelatert aktivitet (gradert sykmelding eller "
          "reisetilskudd), eller NAV har vurdert aktivitetsplikten som oppfylt eller gitt unntak.",
          "After 8 weeks the person is in work-related activity (graded sick leave or a travel "
          "grant), or NAV has assessed the activity requirement as met or granted an exception.",
          sources.FTRL_8_8),
)  # fmt: skip

_BENEFIT_RULES = (  # R1, R9, R11, R12, R17
    _rule("NO_BENEFIT_UNKNOWN_TYPE", ERROR,
          "En ytelse er sykepenger (også ved friskmelding til arbeidsformidling), "
          "arbeidsavklaringspenger eller tiltakspenger.",
          "A benefit is sykepenger (also while seeking work: friskmelding til "
          "arbeidsformidling), arbeidsavklaringspenger or tiltakspenger.", sources.RECORD, BENEFITS),
    _rule("NO_BENEFIT_OVERLAP", ERROR,
          "To perioder med samme ytelse overlapper ikke, og friskmelding til arbeidsformidling "
          "overlapper ikke andre sykepenger.",
          "Two periods of the same benefit do not overlap, and friskmelding til "
          "arbeidsformidling does not overlap other sykepenger.", sources.RECORD, BENEFITS),
    _rule("NO_SYKEPENGER_EMPLOYER_PERIOD", WARNING,
          "For en arbeidstaker betaler arbeidsgiveren dag 1-16; NAV betaler sykepenger fra dag 17.",
          "For an employee the employer pays days 1-16; NAV pays sykepenger from day 17.",
          sources.FTRL_8_19, BENEFITS),
    _rule("NO_SYKEPENGER_AGE_70", ERROR,
          "Det ytes ikke sykepenger fra og med 70-årsdagen.",
          "No sykepenger are paid from the 70th birthday on.", sources.FTRL_8_3, BENEFITS),
    _rule("NO_SYKEPENGER_AGE_67", ERROR,
          "Etter fylte 67 år ytes høyst 60 sykepengedager.",
          "After the 67th birthday at most 60 sick-pay days are paid.", sources.FTRL_8_3, BENEFITS),
    _rule("NO_SYKEPENGER_MAX_DAYS", ERROR,
          "NAV betaler høyst 248 sykepengedager (250 for andre enn arbeidstakere, selvstendige og "
          "frilansere, 260 når NAV også betalte arbeidsgiverperioden), fem dager per uke, innenfor "
          "tre år.",
          "NAV pays at most 248 sick-pay days (250 for members who are not employees, "
          "self-employed or freelancers, 260 when NAV also paid the employer period), five a "
          "week, within three years.",
          f"{sources.FTRL_8_12}; {sources.FTRL_8_11}", BENEFITS),
    _rule("NO_SYKEPENGER_REQUALIFICATION", ERROR,
          "Etter at maksimal sykepengeperiode er brukt, gir ny rett til sykepenger først etter 26 "
          "uker sammenhengende helt arbeidsfør.",
          "After the maximum sick-pay period is used, a new right to sykepenger needs 26 weeks "
          "in a row fully fit for work.", sources.FTRL_8_12, BENEFITS),
    _rule("NO_MAKSDATO_APPROACHING", WARNING,
          "De siste 13 ukene før maksdato avklarer NAV veien videre: arbeid, arbeidsavklaringspenger "
          "eller annen inntekt.",
          "In the last 13 weeks before the maksdato NAV clarifies the way forward: work, AAP or "
          "other income.", sources.FTRL_8_12, BENEFITS),
    _rule("NO_FTA_EMPLOYMENT_ENDED", ERROR,
          "Friskmelding til arbeidsformidling gis bare når arbeidsforholdet er avsluttet.",
          "Friskmelding til arbeidsformidling is granted only when the employment has ended.",
          sources.FTRL_8_5, BENEFITS),
    _rule("NO_FTA_JOB_SEEKER", ERROR,
          "Friskmelding til arbeidsformidling gis bare til den som er registrert som arbeidssøker "
          "hos NAV fra første dag.",
          "Friskmelding til arbeidsformidling is granted only to someone registered with NAV as a "
          "job seeker from its first day.", sources.FTRL_8_5, BENEFITS),
    _rule("NO_FTA_MAX_12_WEEKS", ERROR,
          "Friskmelding til arbeidsformidling varer høyst 12 uker (84 dager), og bare én gang "
          "per sykefravær.",
          "Friskmelding til arbeidsformidling lasts at most 12 weeks (84 days), once per sick "
          "leave.", sources.FTRL_8_5, BENEFITS),
    _rule("NO_FTA_ENTITLEMENT_LEFT", ERROR,
          "Ved starten av friskmelding til arbeidsformidling gjenstår minst 12 uker (60 "
          "sykepengedager) før maksdato; dagene teller mot maksdato.",
          "When friskmelding til arbeidsformidling starts, at least 12 weeks (60 sick-pay days) "
          "remain before the maksdato; its days count toward it.", sources.FTRL_8_5, BENEFITS),
    _rule("NO_AAP_REDUCED_CAPACITY", ERROR,
          "Arbeidsavklaringspenger krever at arbeidsevnen er nedsatt med minst halvparten: siste "
          "vurdering viser høyst 50 % arbeidsevne.",
          "Arbeidsavklaringspenger need work capacity reduced by at least half: the latest "
          "assessment shows at most 50 % work capacity.", sources.FTRL_11_5, BENEFITS),
    _rule("NO_AAP_STEP_UP", WARNING,
          "AAP under 40 % betyr arbeid over 60 %, som bare er mulig én gang, i høyst 12 måneder "
          "med opptrapping (arbeid inntil 80 %).",
          "AAP below 40 % means working over 60 %, which is possible only once, for at most 12 "
          "months of stepping up (work up to 80 %).", sources.FTRL_11_23, BENEFITS),
    _rule("NO_AAP_WORK_REPORT", ERROR,
          "Arbeid på AAP meldes per meldeperiode på 14 dager som begynner en mandag, innenfor en "
          "AAP-periode, med 0 til 336 timer, én melding per periode.",
          "Work on AAP is reported per 14-day reporting period starting on a Monday, within an "
          "AAP period, with 0 to 336 hours, one report per period.", sources.FTRL_11_23, BENEFITS),
    _rule("NO_AAP_WORK_OVER_LIMIT", WARNING,
          "Den som arbeider mer enn 60 % av 75 timer i en meldeperiode (80 % under opptrapping), "
          "får ikke AAP for perioden.",
          "Someone who works more than 60 % of 75 hours in a reporting period (80 % in the "
          "step-up) gets no AAP for the period.", sources.FTRL_11_23, BENEFITS),
    _rule("NO_AAP_STEP_UP_ONCE", ERROR,
          "Opptrapping til 80 % arbeid i høyst 12 måneder gis én gang, mens AAP løper.",
          "The step-up to 80 % work for at most 12 months is granted once, while AAP runs.",
          sources.FTRL_11_23, BENEFITS),
    _rule("NO_AAP_DURATION_EXCEPTION", WARNING,
          "AAP gis ordinært i høyst 3 år; utover det kreves et vedtak om forlengelse.",
          "AAP is ordinarily granted for at most 3 years; beyond that an extension decision is "
          "needed.", sources.FTRL_11_12, BENEFITS),
    _rule("NO_AAP_MAX_DURATION", ERROR,
          "AAP gis i høyst 3 år pluss inntil 2 års forlengelse (5 år).",
          "AAP is granted for at most 3 years plus up to 2 years of extension (5 years).",
          sources.FTRL_11_12, BENEFITS),
    _rule("NO_TILTAKSPENGER_NEEDS_MEASURE", WARNING,
          "Tiltakspenger gis til deltakere i avklaring, arbeidstrening, oppfølging, arbeidsrettet "
          "rehabilitering og andre tiltak i tiltakspengeforskriften § 2.",
          "Tiltakspenger are paid to participants in avklaring, arbeidstrening, oppfølging, "
          "work-oriented rehabilitation and the other measures of the tiltakspenger regulation "
          "§ 2.", sources.TILTAKSPENGER, BENEFITS),
    _rule("NO_TILTAKSPENGER_WITH_BENEFIT", WARNING,
          "Den som har sykepenger eller AAP, beholder den ytelsen under tiltaket i stedet for "
          "tiltakspenger.",
          "Someone on sykepenger or AAP keeps that benefit during the measure instead of "
          "tiltakspenger.", sources.TILTAKSPENGER, BENEFITS),
    _rule("NO_PLAN_STEP_BELOW_20", WARNING,
          "Et trinn med mer enn 80 % og under 100 % arbeid er under 20 % sykmelding, som ikke gir "
          "rett til graderte sykepenger.",
          "A step at more than 80 % and below 100 % work is under 20 % sick leave, which gives no "
          "right to graded sykepenger.", sources.FTRL_8_13),
)  # fmt: skip
# A finding about benefit periods tells of the benefits: for readers who see them.
_BENEFITS = tuple(replace(rule, category=DataCategory.BENEFITS) for rule in _BENEFIT_RULES)

_MEASURES_AND_ASSESSMENTS = (  # R8, R16
    _rule("NO_INTERVENTION_UNKNOWN_TYPE", ERROR,
          "Et tiltak er av en av tiltakstypene den norske jurisdiksjonen kjenner.",
          "A measure is of one of the measure types the Norwegian jurisdiction knows.",
          sources.TILTAK),
    _rule("NO_INTERVENTION_DURATION", ERROR,
          "Et tiltak varer ikke lenger enn tiltakstypens maksimale varighet (arbeidsrettet "
          "rehabilitering: 16 uker som NAVs systemgrense).",
          "A measure lasts no longer than its type's maximum (work-oriented rehabilitation: 16 "
          "weeks, NAV's system cap).", sources.TILTAK),
    _rule("NO_INTERVENTION_OVER_NORMAL_LENGTH", WARNING,
          "Arbeidsrettet rehabilitering varer normalt høyst 12 uker; lenger krever en "
          "begrunnet forlengelse (høyst 16 uker).",
          "Work-oriented rehabilitation normally lasts at most 12 weeks; longer needs a "
          "justified extension (at most 16 weeks).", sources.TILTAK_ARR),
    _rule("NO_ARR_NO_REFERRAL", ERROR,
          "Sykmelderen får beskjed om en henvisning NAV har gjort: en løpende henvisning til "
          "arbeidsrettet rehabilitering, som beskjeden ikke er datert før.",
          "The sykmelder is told of a referral NAV has made: a running referral to "
          "work-oriented rehabilitation, which the notice is not dated before.",
          sources.TILTAK_ARR),
    _rule("NO_ARR_SYKMELDER_NOT_INFORMED", WARNING,
          "Når en sykmeldt henvises til arbeidsrettet rehabilitering, får sykmelderen beskjed "
          "om henvisningen.",
          "When a person on sick leave is referred to work-oriented rehabilitation, the "
          "sykmelder is told of the referral.", sources.TILTAK_ARR),
    _rule("NO_ARR_FOLLOW_UP_PLAN_PENDING", WARNING,
          "Før arbeidsrettet rehabilitering for en arbeidstaker kan henvises, må NAV ha en "
          "godkjent oppfølgingsplan fra arbeidsgiveren.",
          "Before work-oriented rehabilitation for an employee can be referred, NAV needs an "
          "approved follow-up plan from the employer.", sources.TILTAK_ARR),
    _rule("NO_ARR_FOLLOW_UP_PLAN_MISSING", ERROR,
          "Arbeidsrettet rehabilitering for en arbeidstaker henvises bare når oppfølgingsplanen "
          "er godkjent (AKTIV).",
          "Work-oriented rehabilitation for an employee is referred only when the follow-up plan "
          "is approved (AKTIV).", sources.TILTAK_ARR),
    _rule("NO_ARR_IN_HOUSE_MEASURES", WARNING,
          "Oppfølgingsplanen bør dokumentere at tiltak på arbeidsplassen er prøvd eller vurdert "
          "som ikke mulige.",
          "The follow-up plan should document that measures at the workplace were tried or "
          "judged not possible.", sources.TILTAK_ARR),
    _rule("NO_ASSESSMENT_UNKNOWN_KIND", ERROR,
          "En vurdering er av en av vurderingstypene den norske jurisdiksjonen kjenner.",
          "An assessment is of one of the kinds the Norwegian jurisdiction knows.", sources.RECORD),
    _rule("NO_WORK_CAPACITY_RANGE", ERROR,
          "Arbeidsevne oppgis i prosent fra 0 til 100.",
          "Work capacity is a percentage from 0 to 100.", sources.RECORD, MEDICAL),
    _rule("NO_DIAGNOSIS_CODE_SYSTEM", ERROR,
          "Diagnosen på en sykmelding er kodet i ICPC-2 eller ICD-10 (UGYLDIG_KODEVERK_FOR_"
          "HOVEDDIAGNOSE).",
          "The diagnosis on a sick note is coded in ICPC-2 or ICD-10 "
          "(UGYLDIG_KODEVERK_FOR_HOVEDDIAGNOSE).", _SICK_NOTE, MEDICAL),
    _rule("NO_DIAGNOSIS_CODE_FORMAT", ERROR,
          "En diagnosekode har kodeverkets form (ICPC-2: L87; ICD-10: A070 eller A07.0).",
          "A diagnosis code has its code system's shape (ICPC-2: L87; ICD-10: A070 or A07.0).",
          _SICK_NOTE, MEDICAL),
    _rule("NO_DIAGNOSIS_ICPC2_Z", ERROR,
          "En hoveddiagnose i ICPC-2 kapittel Z (sosiale problemer) gir ikke rett til "
          "sykepenger (ICPC_2_Z_DIAGNOSE).",
          "A main diagnosis in ICPC-2 chapter Z (social problems) gives no right to sykepenger "
          "(ICPC_2_Z_DIAGNOSE).", sources.FTRL_8_4, MEDICAL),
    _rule("NO_DIAGNOSIS_MISSING", ERROR,
          "En sykmelding har en hoveddiagnose eller en annen lovfestet fraværsgrunn "
          "(HOVEDDIAGNOSE_ELLER_FRAVAERSGRUNN_MANGLER).",
          "A sick note has a main diagnosis or another legal absence reason "
          "(HOVEDDIAGNOSE_ELLER_FRAVAERSGRUNN_MANGLER).", _SICK_NOTE, MEDICAL),
)  # fmt: skip

RULES: tuple[RuleInfo, ...] = (
    *_DETAILS,
    *_SICK_NOTES,
    *_FOLLOW_UP,
    *_BENEFITS,
    *_MEASURES_AND_ASSESSMENTS,
)

CATALOGUE = RuleCatalogue(RULES)
violation = CATALOGUE.violation
"""A violation of catalogue rule `code` (see `RuleCatalogue.violation`): messages in
English, like every message the platform returns; the bokmål wording of each rule is
in `RULES`, where clients read it."""


def not_in_future(day: date, today: date, field: str, what: str) -> list[Violation]:
    """NO_DATE_IN_FUTURE when something that has happened (`what`) is dated after today."""
    if day <= today:
        return []
    return [violation("NO_DATE_IN_FUTURE", f"{what} on {day}, a day still to come", field=(field,))]
