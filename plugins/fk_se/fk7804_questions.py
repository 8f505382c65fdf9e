"""The questions of the FK 7804 certificate, in the form's order, for its documents.

Försäkringskassan's "Läkarintyg för sjukpenning" is answered question by
question (the numbers are those of Inera's certificate model, sklintyg module
lisjp, that journal systems send to FK). The certificate's documents show and
export it in the same order and under the same numbers: the PDF as the
form's parts, the XML as one `<fraga id="Q..">` per question.

Each question names its answer fields: the keys of `details.fk7804` (see
`fk7804_form`), and for Q6, Q35 and Q17 the assessment's own core fields,
exported under the form's names (`diagnoser`, `funktionsnedsattning`,
`aktivitetsbegransning`).
"""

from __future__ import annotations

from dataclasses import dataclass

from vocrehab.hooks import Texts
from vocrehab_fk_se.fk7804_form import Measure, Occupation, PrognosisType
from vocrehab_fk_se.language import both

__all__ = [
    "BASIS_LABELS",
    "DEGREE_LABELS",
    "FIELD_LABELS",
    "FORM",
    "MEASURE_LABELS",
    "OCCUPATION_LABELS",
    "PROGNOSIS_LABELS",
    "FormPart",
    "Question",
    "questions",
]


@dataclass(frozen=True)
class Question:
    id: str
    """The form's question number, e.g. "Q32"."""
    titles: Texts
    fields: tuple[str, ...]
    """Answer fields, the first being the question's main answer."""


@dataclass(frozen=True)
class FormPart:
    titles: Texts
    questions: tuple[Question, ...]


def _q(number: int, sv: str, en: str, *fields: str) -> Question:
    return Question(f"Q{number}", both(sv, en), fields)


FORM: tuple[FormPart, ...] = (
    FormPart(both("Smittbärarpenning", "Carrier's allowance"), (
        _q(27, "Avstängning enligt smittskyddslagen på grund av smitta",
           "Excluded from work under the Communicable Diseases Act", "avstangningSmittskydd"),
    )),
    FormPart(both("Grund för medicinskt underlag", "Basis for the certificate"), (
        _q(1, "Intyget är baserat på", "The certificate is based on", "grundForMU"),
    )),
    FormPart(both("Sysselsättning", "Occupation"), (
        _q(28, "Sysselsättning", "Occupation", "sysselsattning"),
        _q(29, "Nuvarande arbete", "Current job", "nuvarandeArbete"),
    )),
    FormPart(both("Diagnos", "Diagnosis"), (
        _q(6, "Diagnoser som orsakar nedsatt arbetsförmåga",
           "Diagnoses that cause reduced work capacity", "diagnoser"),
    )),
    FormPart(both("Sjukdomens konsekvenser", "Consequences of the illness"), (
        _q(35, "Funktionsnedsättning", "Impairment", "funktionsnedsattning"),
        _q(17, "Aktivitetsbegränsning", "Activity limitation", "aktivitetsbegransning"),
    )),
    FormPart(both("Medicinsk behandling", "Medical treatment"), (
        _q(19, "Pågående behandling", "Ongoing treatment", "pagaendeBehandling"),
        _q(20, "Planerad behandling", "Planned treatment", "planeradBehandling"),
    )),
    FormPart(both("Medicinsk bedömning: behov av sjukskrivning",
                  "Medical assessment: need for sick leave"), (
        _q(32, "Sjukskrivningsperioder", "Sick-leave periods",
           "sjukskrivningar", "motiveringTillTidigtStartdatumForSjukskrivning"),
    )),
    FormPart(both("Medicinsk bedömning: arbetstid, resor och prognos",
                  "Medical assessment: working time, travel and prognosis"), (
        _q(37, "Försäkringsmedicinskt beslutsstöd", "Insurance-medicine decision support",
           "forsakringsmedicinsktBeslutsstod"),
        _q(33, "Arbetstidsförläggning", "Placement of working time",
           "arbetstidsforlaggning", "arbetstidsforlaggningMotivering"),
        _q(34, "Resor till och från arbetet med annat färdmedel",
           "Travel to and from work by other means", "arbetsresor"),
        _q(39, "Prognos", "Prognosis", "prognos"),
    )),
    FormPart(both("Åtgärder", "Measures"), (
        _q(40, "Arbetslivsinriktade åtgärder", "Work-oriented measures",
           "arbetslivsinriktadeAtgarder"),
        _q(44, "Beskrivning av åtgärderna", "The measures described",
           "arbetslivsinriktadeAtgarderBeskrivning"),
    )),
    FormPart(both("Övriga upplysningar", "Other information"), (
        _q(25, "Övriga upplysningar", "Other information", "ovrigt"),
    )),
    FormPart(both("Kontakt", "Contact"), (
        _q(26, "Kontakt med Försäkringskassan önskas", "Contact with Försäkringskassan wanted",
           "kontaktMedFk", "anledningTillKontakt"),
    )),
)  # fmt: skip
"""The form's parts in its order. Its part 6, the medical assessment of work capacity,
is split in two: the need for sick leave (Q32, the periods, shown as a table) and the
questions that follow it (Q37, Q33, Q34, Q39)."""


def questions() -> tuple[Question, ...]:
    """Every question in the form's order."""
    return tuple(q for part in FORM for q in part.questions)


FIELD_LABELS: dict[str, Texts] = {
    "arbetstidsforlaggningMotivering": both("Motivering", "Reason"),
    "motiveringTillTidigtStartdatumForSjukskrivning": both(
        "Motivering till tidigt startdatum", "Reason for the early start date"
    ),
    "anledningTillKontakt": both("Anledning till kontakt", "Reason for contact"),
}
"""Labels of the answer fields that qualify a question's main answer."""

BASIS_LABELS: dict[str, Texts] = {
    "undersokningAvPatienten": both("Min undersökning av patienten", "My examination of the patient"),
    "telefonkontaktMedPatienten": both("Min telefonkontakt med patienten", "My telephone contact with the patient"),
    "journaluppgifter": both("Journaluppgifter från den", "Medical records of"),
    "annatGrundForMU": both("Annat", "Other"),
    "annatGrundForMUBeskrivning": both("Ange vad annat är", "The other basis"),
    "motiveringTillInteBaseratPaUndersokning": both(
        "Motivering till varför intyget inte baseras på undersökning",
        "Why the certificate is not based on an examination",
    ),
}  # fmt: skip
"""Q1: the kinds of basis (dates) and their descriptions, in the form's order."""

OCCUPATION_LABELS: dict[Occupation, Texts] = {
    Occupation.NUVARANDE_ARBETE: both("Nuvarande arbete", "Current job"),
    Occupation.ARBETSSOKANDE: both("Arbetssökande", "Job seeker"),
    Occupation.FORALDRALEDIG: both("Föräldraledighet", "Parental leave"),
    Occupation.STUDIER: both("Studier", "Studies"),
}

PROGNOSIS_LABELS: dict[PrognosisType, Texts] = {
    PrognosisType.STOR_SANNOLIKHET: both(
        "Stor sannolikhet att patienten återgår helt i sin sysselsättning efter sjukskrivningen",
        "The patient will very likely return fully to their occupation after the sick leave",
    ),
    PrognosisType.ATER_X_ANTAL_DGR: both(
        "Patienten kan återgå helt i sin sysselsättning inom {days} dagar",
        "The patient can return fully to their occupation within {days} days",
    ),
    PrognosisType.SANNOLIKT_INTE: both(
        "Patienten kan sannolikt inte återgå i sin sysselsättning",
        "The patient will probably not return to their occupation",
    ),
    PrognosisType.PROGNOS_OKLAR: both("Prognosen är oklar", "The prognosis is unclear"),
}

MEASURE_LABELS: dict[Measure, Texts] = {
    Measure.EJ_AKTUELLT: both("Inte aktuellt", "Not relevant"),
    Measure.ARBETSTRANING: both("Arbetsträning", "Work training"),
    Measure.ARBETSANPASSNING: both("Arbetsanpassning", "Workplace adjustment"),
    Measure.SOKA_NYTT_ARBETE: both("Söka nytt arbete", "Looking for a new job"),
    Measure.BESOK_ARBETSPLATS: both("Besök på arbetsplatsen", "Visit to the workplace"),
    Measure.ERGONOMISK: both("Ergonomisk bedömning", "Ergonomic assessment"),
    Measure.HJALPMEDEL: both("Hjälpmedel", "Aids"),
    Measure.KONFLIKTHANTERING: both("Konflikthantering", "Conflict management"),
    Measure.KONTAKT_FHV: both("Kontakt med företagshälsovård", "Contact with occupational health"),
    Measure.OMFORDELNING: both("Omfördelning av arbetsuppgifter", "Redistribution of tasks"),
    Measure.OVRIGA_ATGARDER: both("Övrigt", "Other"),
}

DEGREE_LABELS: dict[int, Texts] = {
    100: both("Helt nedsatt (100 %)", "Fully reduced (100 %)"),
    75: both("Nedsatt med 3/4 (75 %)", "Reduced by 3/4 (75 %)"),
    50: both("Nedsatt med hälften (50 %)", "Reduced by half (50 %)"),
    25: both("Nedsatt med 1/4 (25 %)", "Reduced by 1/4 (25 %)"),
}
"""Q32: reduced work capacity, in the quarters of SFB 27 kap. 45 §."""
