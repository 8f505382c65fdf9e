"""The rule catalogue: every rule the Swedish jurisdiction can report, in one place.

A violation is only ever built through `violation(code, ...)`, which takes the
severity and the legal reference from this catalogue, so no check can report a
rule that `Jurisdiction.rules()` does not list. Descriptions are in Swedish
and English; a violation's message is in English (`Violation.message` is one
text), and its code leads to both descriptions. Each rule declares the data
category its findings reveal: BENEFITS for benefit periods and Försäkringskassan's
assessments of the right to them, MEDICAL for the certificate's content and the
decision whose only ground is a serious illness, PLAN otherwise.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from vocrehab.hooks import DataCategory, RuleCatalogue, RuleInfo, Severity, Violation
from vocrehab_fk_se import sources
from vocrehab_fk_se.language import both

__all__ = ["RULES", "not_in_future", "violation"]

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def _rule(
    code: str,
    severity: Severity,
    sv: str,
    en: str,
    reference: str,
    category: DataCategory = DataCategory.PLAN,
) -> RuleInfo:
    return RuleInfo(code, severity, both(sv, en), reference, category)


BENEFITS, MEDICAL = DataCategory.BENEFITS, DataCategory.MEDICAL


_DETAILS = (
    _rule("FK_DETAILS_UNKNOWN_FIELD", ERROR,
          "Uppgifterna får bara innehålla fält som den svenska jurisdiktionen definierar.",
          "Details may only contain the fields the Swedish jurisdiction defines.",
          sources.CONSISTENCY),
    _rule("FK_DETAILS_INVALID", ERROR,
          "Ett fält har fel typ, ett ogiltigt datum eller ett värde utanför det tillåtna.",
          "A details field has the wrong type, an invalid date or a value out of range.",
          sources.CONSISTENCY),
)  # fmt: skip

_DEGREES = (
    _rule("FK_DEGREE", ERROR,
          "Nedsättningen av arbetsförmågan och sjukpenningen är hel, tre fjärdedels, halv "
          "eller en fjärdedels: 100, 75, 50 eller 25 procent.",
          "Reduced work capacity and sickness benefit come in quarters: 100, 75, 50 or 25 "
          "percent (sick periods and the periods of an FK 7804; the platform refuses a benefit "
          "period at another degree, from the benefit type's degrees).",
          sources.QUARTERS),
    _rule("FK_SICK_PERIOD", ERROR,
          "En sjukperiod slutar samma dag eller efter att den börjar och delar ingen dag med "
          "en annan sjukperiod (en omfattning per dag).",
          "A sick period ends on or after its first day and shares no day with another "
          "(one degree per day).",
          sources.QUARTERS),
    _rule("FK_PLAN_WORK_PERCENT", ERROR,
          "Ett steg i planen för återgång i arbete omfattar 0, 25, 50, 75 eller 100 procent "
          "av normal arbetstid, så att resten kan ersättas med sjukpenning.",
          "A step of the return-to-work plan is 0, 25, 50, 75 or 100 percent of normal "
          "working hours, so that the rest can be covered by sickness benefit in quarters.",
          sources.QUARTERS),
)  # fmt: skip

_BENEFIT_RULES = (
    _rule("FK_BENEFIT_OVERLAP", ERROR,
          "Två perioder av samma ersättning delar ingen dag.",
          "Two periods of the same benefit share no day.",
          sources.QUARTERS, BENEFITS),
    _rule("FK_SICKNESS_BENEFIT_IN_SICK_PAY_PERIOD", WARNING,
          "För en anställd betalar arbetsgivaren sjuklön dag 1-14; Försäkringskassans "
          "sjukpenning börjar dag 15.",
          "For an employee the employer pays sick pay on days 1-14; Försäkringskassan's "
          "sickness benefit starts on day 15.",
          sources.SICK_PAY, BENEFITS),
)  # fmt: skip
# A finding about benefit periods tells of the benefits: for readers who see them.
_BENEFITS = tuple(replace(rule, category=DataCategory.BENEFITS) for rule in _BENEFIT_RULES)

_COMMANDS = (
    _rule("FK_DATE_IN_FUTURE", ERROR,
          "Det som registreras (en plan, en prognos) har redan skett: datumet är inte i framtiden.",
          "What is recorded (a plan, a forecast) has happened: its date is not in the future.",
          sources.CONSISTENCY),
    _rule("FK_EXPECTED_DURATION", ERROR,
          "Den förväntade tiden med nedsatt arbetsförmåga anges i hela dagar, minst en.",
          "The expected time of reduced work capacity is a whole number of days, at least one.",
          sources.EMPLOYER_PLAN),
    _rule("FK_EMPLOYER_PLAN_NO_EMPLOYER", ERROR,
          "En plan för återgång i arbete upprättas av arbetsgivaren: den försäkrade är anställd.",
          "A plan for return to work is the employer's duty: the insured person is employed.",
          sources.EMPLOYER_PLAN),
    _rule("FK_CHAIN_EXCEPTION_NO_EMPLOYER", ERROR,
          "Undantagen efter dag 180 gäller prövningen mot arbete hos arbetsgivaren och "
          "finns bara för anställda.",
          "The exceptions after day 180 concern the test against work at the employer and "
          "exist only for employees.",
          sources.CHAIN),
)  # fmt: skip

_SICK_REPORT = (
    _rule("FK_EMPLOYER_SICK_REPORT_EARLY", ERROR,
          "Arbetsgivarens sjukanmälan gäller en sjukperiod som fortsätter efter sjuklöneperioden: "
          "den görs från dag 15 i sjukperioden.",
          "The employer's sick report concerns a sick period that goes on after the sick-pay "
          "period: it is made from day 15 of the sick period.",
          sources.SICK_REPORT),
    _rule("FK_EMPLOYER_SICK_REPORT_LATE", WARNING,
          "Arbetsgivaren anmäler en sjukperiod som fortsätter efter dag 14 till Försäkringskassan "
          "inom sju kalenderdagar, senast dag 21.",
          "The employer reports a sick period that goes on after day 14 to Försäkringskassan "
          "within seven calendar days, by day 21.",
          sources.SICK_REPORT),
    _rule("FK_EMPLOYER_SICK_REPORT_NO_EMPLOYER", ERROR,
          "Sjukanmälan efter dag 14 görs av arbetsgivaren: den försäkrade är anställd.",
          "The sick report after day 14 is the employer's: the insured person is employed.",
          sources.SICK_REPORT),
)  # fmt: skip

_MEETINGS = (
    _rule("FK_MEETING_PARTICIPANTS", ERROR,
          "I ett avstämningsmöte deltar den försäkrade och Försäkringskassan och minst en till "
          "(läkaren, arbetsgivaren, företagshälsovården, Arbetsförmedlingen, facket), var och en "
          "en gång.",
          "A reconciliation meeting has the insured person and Försäkringskassan and at least "
          "one other (the doctor, the employer, occupational health, the employment service, "
          "a union representative), each named once.",
          sources.RECONCILIATION_MEETING),
    _rule("FK_MEETING_MINUTES", ERROR,
          "Försäkringskassan dokumenterar mötet: resultatet och nästa steg (vad, vem av ärendets "
          "aktörer, senast när, inte före mötet).",
          "Försäkringskassan documents the meeting: the outcome and the next step (what, which "
          "actor of the case, by when, not before the meeting).",
          sources.RECONCILIATION_MEETING),
    _rule("FK_MEETING_STATE", ERROR,
          "Ett möte planeras i taget, och bara ett planerat möte kan hållas eller ställas in.",
          "One meeting is planned at a time, and only a planned meeting can be held or cancelled.",
          sources.RECONCILIATION_MEETING),
)  # fmt: skip

_LEVELS = (
    _rule("FK_NORMAL_LEVEL_DECISION", ERROR,
          "Försäkringskassans beslut om fortsatt normalnivå gäller sjukpenningen under en "
          "sjukskrivning: ärendet har sjukskrivning registrerad och beslutet är inte daterat "
          "före den.",
          "Försäkringskassan's decision on keeping the normal level concerns the sickness "
          "benefit of a sick leave: the case has sick leave recorded and the decision is not "
          "dated before it starts.",
          sources.LEVELS, MEDICAL),
)  # fmt: skip

_CHAIN = (
    _rule("FK_CHAIN_BASIS", ERROR,
          "Arbetsförmågan bedöms enligt rehabiliteringskedjan: dag 1-90 mot eget arbete (eller "
          "tillfälligt annat arbete hos arbetsgivaren), dag 91-180 mot annat arbete hos "
          "arbetsgivaren, från dag 181 mot normalt förekommande arbete (till dag 365 inte vid "
          "undantag, t.ex. 63 år eller äldre), för arbetslösa alltid mot normalt förekommande "
          "arbete. Sjukperioder med färre än 90 dagar emellan räknas ihop.",
          "Work capacity is assessed along the rehabilitation chain: days 1-90 against the own "
          "job (or temporary other work at the employer), days 91-180 against any work at the "
          "employer, from day 181 against normally occurring work (until day 365 not under an "
          "exception, e.g. age 63 or older), for the unemployed always against normally "
          "occurring work. Sick periods fewer than 90 days apart are added together.",
          sources.CHAIN, BENEFITS),
)  # fmt: skip

_FK7804 = (
    _rule("FK7804_FORM", ERROR,
          "Ett FK 7804 (kind se.FK7804) har sina uppgifter i details.fk7804, och bara det har det.",
          "An FK 7804 (kind se.FK7804) carries its fields in details.fk7804, and only it does.",
          sources.FK7804, MEDICAL),
    _rule("FK7804_BASIS", ERROR,
          "Intyget grundas på minst en av undersökning, telefonkontakt, journaluppgifter eller "
          "annat (utom vid avstängning enligt smittskyddslagen); datumen är inte senare än "
          "intyget; 'annat' har en beskrivning och en beskrivning kräver 'annat'.",
          "The certificate rests on at least one of examination, phone contact, records or "
          "other (unless excluded under the Communicable Diseases Act); their dates are not "
          "after the certificate; 'other' has a description, and a description needs 'other'.",
          sources.FK7804, MEDICAL),
    _rule("FK7804_OCCUPATION", ERROR,
          "Sysselsättning anges med 1-4 olika val; 'nuvarande arbete' beskrivs om och endast "
          "om det är valt.",
          "Occupation has 1-4 different choices; the current job is described if and only if "
          "NUVARANDE_ARBETE is chosen.",
          sources.FK7804, MEDICAL),
    _rule("FK7804_DIAGNOSIS", ERROR,
          "1-3 diagnoser i ICD-10-SE (eller KSH97-P), alla i huvuddiagnosens kodverk; koden har "
          "3-5 tecken, minst 4 för F-koder och Z73.",
          "1-3 diagnoses in ICD-10-SE (or KSH97-P), all in the main diagnosis's code system; a "
          "code has 3-5 characters, at least 4 for F codes and Z73.",
          sources.FK7804, MEDICAL),
    _rule("FK7804_CONSEQUENCES", ERROR,
          "Funktionsnedsättning och aktivitetsbegränsning är ifyllda.",
          "Impairment (functional limitations) and activity limitation are filled in.",
          sources.FK7804, MEDICAL),
    _rule("FK7804_PERIODS", ERROR,
          "Minst en sjukskrivningsperiod; varje period slutar samma dag eller efter att den "
          "börjar, perioderna överlappar inte och varje grad används en gång.",
          "At least one sick-leave period; each ends on or after its start, periods do not "
          "overlap and each degree is used once.",
          sources.FK7804, MEDICAL),
    _rule("FK7804_WORKING_TIME", ERROR,
          "Arbetstidens förläggning besvaras om någon period är 25, 50 eller 75 procent (med "
          "motivering om ja, utan om nej) och besvaras inte när alla perioder är 100 procent.",
          "The placement of working time is answered when any period is 25, 50 or 75 percent "
          "(with a reason if yes, none if no), and not answered when all periods are 100 percent.",
          sources.FK7804, MEDICAL),
    _rule("FK7804_PROGNOSIS", ERROR,
          "Prognos anges; ATER_X_ANTAL_DGR har och bara den har antal dagar: 30, 60, 90, 180 "
          "eller 365.",
          "A prognosis is given; ATER_X_ANTAL_DGR has, and only it has, a number of days: 30, "
          "60, 90, 180 or 365.",
          sources.FK7804, MEDICAL),
    _rule("FK7804_MEASURES", ERROR,
          "1-10 olika arbetslivsinriktade åtgärder; EJ_AKTUELLT står ensamt och då utan "
          "beskrivning.",
          "1-10 different work-oriented measures; EJ_AKTUELLT stands alone, and then without "
          "a description.",
          sources.FK7804, MEDICAL),
    _rule("FK7804_CONTACT", ERROR,
          "En anledning till kontakt med Försäkringskassan anges bara när kontakt önskas.",
          "A reason for contact with Försäkringskassan is given only when contact is wanted.",
          sources.FK7804, MEDICAL),
)  # fmt: skip

_CASE = (
    _rule("FK_WORK_CAPACITY_BELOW_25", WARNING,
          "Arbetsinriktade insatser från Försäkringskassan och Arbetsförmedlingen kräver minst "
          "25 procents arbetsförmåga; under det återstår i praktiken kommunal sysselsättning.",
          "Work-oriented interventions of Försäkringskassan and the employment service need at "
          "least 25 percent work capacity; below that, in practice only municipal activity "
          "centres are open.",
          f"{sources.FIELD_STUDY}; {sources.QUARTERS}"),
    _rule("FK_CERTIFICATE_MISSING", WARNING,
          "Från dag 8 i sjukperioden styrks sjukdomen med läkarintyg.",
          "From day 8 of the sick period, the illness is shown with a medical certificate.",
          sources.SICK_PAY_CERTIFICATE),
    _rule("FK_EMPLOYER_PLAN_OVERDUE", WARNING,
          "När arbetsförmågan kan antas vara nedsatt i minst 60 dagar har arbetsgivaren en "
          "plan för återgång i arbete senast dag 30 (annars så snart det står klart).",
          "When work capacity can be expected to be reduced for at least 60 days, the employer "
          "has a plan for return to work by day 30 (or as soon as that is known).",
          sources.EMPLOYER_PLAN),
    _rule("FK_PHASE_CONTRADICTS_FACTS", WARNING,
          "Ärendets fas är den som sjukperioden i kraft visar: borta från arbetet vid hel "
          "sjukskrivning (100 %), återgång vid deltid (75, 50 eller 25 %); kvarstannande och "
          "utveckling förutsätter full arbetstid.",
          "The case's phase is the one the sick period in force shows: off work at whole sick "
          "leave (100 %), work re-entry at part time (75, 50 or 25 %); retention and "
          "advancement need full hours.",
          f"{sources.RTW_PHASES}; {sources.QUARTERS}"),
)  # fmt: skip

RULES: tuple[RuleInfo, ...] = (
    *_DETAILS,
    *_DEGREES,
    *_BENEFITS,
    *_COMMANDS,
    *_SICK_REPORT,
    *_MEETINGS,
    *_LEVELS,
    *_CHAIN,
    *_FK7804,
    *_CASE,
)

CATALOGUE = RuleCatalogue(RULES)
violation = CATALOGUE.violation
"""A violation of catalogue rule `code` (see `RuleCatalogue.violation`)."""


def not_in_future(on: date, today: date, field: str) -> list[Violation]:
    """FK_DATE_IN_FUTURE for what a command records as done on `on` (input field `field`)."""
    if on <= today:
        return []
    return [violation("FK_DATE_IN_FUTURE", f"{on} is in the future", (field,))]
