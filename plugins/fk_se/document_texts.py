"""The words of the Swedish documents, in Swedish and English.

Titles, labels and the names of codes (statuses, data categories) as the
plan för återgång i arbete and the FK 7804 certificate print them. Every text
is built with `both`, so neither document can show a label in one language
only; the certificate's own questions are in `fk7804_questions`.
"""

from __future__ import annotations

from vocrehab.hooks import DataCategory, InterventionStatus, PlanStatus, Texts, text_for
from vocrehab_fk_se.language import both
from vocrehab_fk_se.vocabulary import EmployerPlanStatus

__all__ = [
    "ABOUT",
    "APPROVED_BY",
    "CASE",
    "CATEGORY_NAMES",
    "CERTIFICATE",
    "CERT_ABOUT",
    "CERT_FILE",
    "CERT_TITLE",
    "CERT_WITHHELD",
    "DASH",
    "DAY_1",
    "DAY_30",
    "DEADLINES",
    "DEADLINE_COLUMNS",
    "DEADLINE_STATUS",
    "DECISION",
    "DECISIONS",
    "DIAGNOSIS_COLUMNS",
    "DRAWN_UP_ON",
    "DUE",
    "DUTY",
    "DUTY_LAW",
    "DUTY_NONE",
    "EMPLOYER",
    "EXPECTED",
    "EXPECTED_VALUE",
    "FOOTER",
    "GOAL",
    "INCLUDED",
    "INTERVENTIONS",
    "INTERVENTION_COLUMNS",
    "INTERVENTION_STATUS",
    "ISSUED_ON",
    "MEDICAL_DATA",
    "NAME",
    "NATIONAL_ID",
    "NO",
    "NOT_INCLUDED",
    "NO_CERTIFICATE",
    "NO_CERTIFICATE_SHORT",
    "NO_DEADLINES",
    "NO_DIAGNOSES",
    "NO_INTERVENTIONS",
    "NO_MEDICAL_IN_PLAN",
    "NO_PERIODS",
    "NO_PLAN",
    "NO_STEPS",
    "NO_TEAM",
    "PERIOD_COLUMNS",
    "PLAN",
    "PLAN_DUTY",
    "PLAN_FILE",
    "PLAN_LINE",
    "PLAN_STATUS",
    "PLAN_TITLE",
    "QUESTION",
    "SICK_SINCE",
    "STATUS",
    "STEP_COLUMNS",
    "TEAM",
    "TEAM_COLUMNS",
    "WITHHELD",
    "WITHHELD_NOTE",
    "YES",
    "capitalised",
    "say",
]


def say(texts: Texts, lang: str, **values: object) -> str:
    """The text in `lang` (English as the fallback), with `values` filled in."""
    return text_for(texts, lang).format(**values)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- shared

NAME = both("Namn", "Name")
NATIONAL_ID = both("Personnummer", "Personal identity number")
CASE = both("Ärende", "Case")
EMPLOYER = both("Arbetsgivare", "Employer")
SICK_SINCE = both("Sjukskriven sedan", "On sick leave since")
DASH = both("-", "-")
YES = both("Ja", "Yes")
NO = both("Nej", "No")
WITHHELD = both("Ingår inte ({category})", "Not included ({category})")
WITHHELD_NOTE = both(
    "Dokumentet innehåller inte: {categories}.", "This document does not contain: {categories}."
)
FOOTER = both(
    "Skapad {at} UTC · {reference} · {basis}", "Generated {at} UTC · {reference} · {basis}"
)

DEADLINES = both("Frister", "Deadlines")
DEADLINE_COLUMNS = (
    both("Frist", "Deadline"),
    both("Senast", "Due"),
    both("Ansvarig", "Responsible"),
    both("Status", "Status"),
    both("Lagrum", "Legal basis"),
)
NO_DEADLINES = both("Inga frister.", "No deadlines.")

TEAM = both("Vilka som deltar", "Who is involved")
TEAM_COLUMNS = (both("Namn", "Name"), both("Roll", "Role"), both("Organisation", "Organisation"))
NO_TEAM = both("Ingen är knuten till ärendet.", "No one is on the case.")

CATEGORY_NAMES: dict[DataCategory, Texts] = {
    DataCategory.CONTACT: both("kontaktuppgifter", "contact data"),
    DataCategory.MEDICAL: both("medicinska uppgifter", "medical data"),
    DataCategory.PLAN: both("planer", "plans"),
    DataCategory.BENEFITS: both("ersättningar", "benefits"),
    DataCategory.DOCUMENTS: both("dokument", "documents"),
}

DEADLINE_STATUS: dict[str, Texts] = {
    "MET": both("Uppfylld {on}", "Met {on}"),
    "NOT_APPLICABLE": both("Gäller inte", "Does not apply"),
    "OVERDUE": both("Försenad", "Overdue"),
    "OPEN": both("Öppen", "Open"),
}
"""A deadline as of the document's generation: met, not applicable, overdue or still open."""

PLAN_STATUS: dict[PlanStatus, Texts] = {
    PlanStatus.DRAFT: both("utkast", "draft"),
    PlanStatus.ACTIVE: both("gällande", "active"),
    PlanStatus.SUPERSEDED: both("ersatt", "superseded"),
    PlanStatus.COMPLETED: both("genomförd", "completed"),
    PlanStatus.CANCELLED: both("avbruten", "cancelled"),
}

INTERVENTION_STATUS: dict[InterventionStatus, Texts] = {
    InterventionStatus.PROPOSED: both("föreslagen", "proposed"),
    InterventionStatus.REFERRED: both("remitterad", "referred"),
    InterventionStatus.ACTIVE: both("pågår", "active"),
    InterventionStatus.COMPLETED: both("avslutad", "completed"),
    InterventionStatus.DISCONTINUED: both("avbruten", "discontinued"),
}

PLAN_DUTY: dict[EmployerPlanStatus, Texts] = {
    EmployerPlanStatus.REQUIRED: both(
        "Ska upprättas (arbetsförmågan antas vara nedsatt i minst 60 dagar)",
        "Required (work capacity is expected to be reduced for at least 60 days)",
    ),
    EmployerPlanStatus.DRAWN_UP: both("Upprättad", "Drawn up"),
    EmployerPlanStatus.NOT_NEEDED: both(
        "Behövs inte: hälsan hindrar klart en återgång i arbete",
        "Not needed: the employee's health clearly rules out a return to work",
    ),
    EmployerPlanStatus.NOT_REQUIRED: both(
        "Krävs ännu inte (ingen prognos om minst 60 dagar)",
        "Not required yet (no forecast of 60 days or more)",
    ),
}
"""Where the employer's duty under SFB 30 kap. 6 § stands."""

# --------------------------------------------------------------------------- the employer's plan

PLAN_TITLE = both("Plan för återgång i arbete", "Plan for return to work")
PLAN_FILE = both("plan-for-atergang-i-arbete", "plan-for-return-to-work")
PLAN = both("Planen", "The plan")
PLAN_LINE = both("{title} (version {version}, {status})", "{title} (version {version}, {status})")
GOAL = both("Mål: {goal}", "Goal: {goal}")
NO_PLAN = both(
    "Arbetsgivaren har ännu inte upprättat någon plan i ärendet.",
    "The employer has not drawn up a plan on the case yet.",
)
NO_STEPS = both("Planen har inga steg ännu.", "The plan has no steps yet.")
STEP_COLUMNS = (
    both("Från", "From"),
    both("Till", "To"),
    both("Arbete %", "Work %"),
    both("Timmar per vecka", "Hours per week"),
    both("Arbetsuppgifter", "Work"),
    both("Anpassningar", "Adjustments"),
)
APPROVED_BY = both("Godkänd av", "Approved by")

DUTY = both("Arbetsgivarens skyldighet", "The employer's duty")
DUTY_LAW = both(
    "Kan arbetsförmågan antas vara nedsatt på grund av sjukdom i minst 60 dagar ska "
    "arbetsgivaren senast dag 30 ha upprättat en plan för återgång i arbete, tillsammans med "
    "arbetstagaren, eller genast om det blir känt senare. Planen följs upp och ändras vid "
    "behov. Försäkringskassan kan begära att få den.",
    "If work capacity can be assumed to be reduced by illness for at least 60 days, the "
    "employer draws up a plan for return to work by day 30, together with the employee, or at "
    "once if that only becomes known later. The plan is followed up and revised as needed. "
    "Försäkringskassan may ask for it.",
)
DUTY_NONE = both(
    "Gäller inte: ingen anställning med registrerad sjukskrivning i ärendet.",
    "Does not apply: no employment with recorded sick leave on the case.",
)
STATUS = both("Status", "Status")
DUE = both("Senast", "Due")
DAY_1 = both("Sjukperiodens dag 1", "Day 1 of the sick period")
DAY_30 = both("Dag 30", "Day 30")
DRAWN_UP_ON = both("Upprättad", "Drawn up on")
DECISION = both("Arbetsgivaren har registrerat", "Recorded by the employer")
DECISIONS = {
    "DRAWN_UP": both("Planen är upprättad ({on})", "The plan is drawn up ({on})"),
    "NOT_NEEDED_CANNOT_RETURN": both(
        "Ingen plan: hälsan hindrar återgång ({on})",
        "No plan: health rules out a return ({on})",
    ),
}
EXPECTED = both("Förväntad tid med nedsatt arbetsförmåga", "Expected time of reduced capacity")
EXPECTED_VALUE = both("{days} dagar (bedömt {on})", "{days} days (assessed {on})")
NO_MEDICAL_IN_PLAN = both(
    "Planen är också arbetsgivarens dokument och innehåller därför aldrig diagnoser.",
    "The plan is also the employer's document, so it never contains diagnoses.",
)

INTERVENTIONS = both("Åtgärder", "Interventions")
INTERVENTION_COLUMNS = (
    both("Åtgärd", "Intervention"),
    both("Status", "Status"),
    both("Från", "From"),
    both("Planerat slut", "Planned end"),
)
NO_INTERVENTIONS = both("Inga åtgärder.", "No interventions.")
ABOUT = both("Om dokumentet", "About this document")

# --------------------------------------------------------------------------- the FK 7804 certificate

CERT_TITLE = both(
    "Läkarintyg för sjukpenning (FK 7804)", "Medical certificate for sickness benefit (FK 7804)"
)
CERT_FILE = both("fk7804-lakarintyg", "fk7804-medical-certificate")
CERTIFICATE = both("Läkarintyg", "Certificate")
ISSUED_ON = both("Intygsdatum", "Date of the certificate")
NO_CERTIFICATE_SHORT = both("Inget intyg", "No certificate")
MEDICAL_DATA = both("Medicinska uppgifter", "Medical data")
INCLUDED = both("Ingår", "Included")
NOT_INCLUDED = both("Ingår inte", "Not included")
NO_CERTIFICATE = both(
    "Det finns inget läkarintyg för sjukpenning (FK 7804) i ärendet.",
    "There is no medical certificate for sickness benefit (FK 7804) on the case.",
)
CERT_WITHHELD = both(
    "Intyget finns men dess medicinska uppgifter ingår inte: dokumentet skapades utan "
    "behörighet till medicinska uppgifter. Diagnoser, sjukdomens konsekvenser, behandling, "
    "läkarens bedömning (sjukskrivningsperioder, arbetstid, prognos) och åtgärder är undanhållna.",
    "The certificate exists but its medical data are not included: the document was generated "
    "without access to medical data. Diagnoses, the consequences of the illness, treatment, the "
    "doctor's assessment (sick-leave periods, working time, prognosis) and measures are withheld.",
)
QUESTION = both("fråga {number}", "question {number}")
DIAGNOSIS_COLUMNS = (
    both("Kod", "Code"),
    both("Kodsystem", "Code system"),
    both("Diagnos", "Diagnosis"),
)
NO_DIAGNOSES = both("Ingen diagnos angiven.", "No diagnosis given.")
PERIOD_COLUMNS = (
    both("Arbetsförmågan", "Work capacity"),
    both("Från och med", "From"),
    both("Till och med", "To"),
)
NO_PERIODS = both("Ingen period angiven.", "No period given.")
CERT_ABOUT = both(
    "Uppgifterna följer Försäkringskassans blankett FK 7804 Läkarintyg för sjukpenning fråga för "
    "fråga, med frågornas nummer i Ineras intygsmodell. Från dag 8 i sjukperioden styrks "
    "sjukdomen med läkarintyg ({law}).",
    "The data follow Försäkringskassan's form FK 7804 Medical certificate for sickness benefit "
    "question by question, numbered as in Inera's certificate model. From day 8 of the sick "
    "period the illness is shown with a medical certificate ({law}).",
)
