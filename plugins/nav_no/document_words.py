"""The words of the Norwegian forms, in bokmål and English: headings, labels and
the names of the statuses they print.

The forms ask for `say(key, lang)` and `name_of(value, lang)`. A label written
without its translation is a missing argument to `texts(nb, en)`; a key that is
not here fails the conformance kit, which renders every form in both languages.
JSON documents keep the codes (AKTIV, FERDIGSTILT); only the PDFs print names.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from vocrehab.hooks import (
    DataCategory,
    EmploymentStatus,
    InterventionStatus,
    PlanStatus,
    StakeholderType,
    Texts,
    text_for,
)
from vocrehab_nav_no.language import role_name, texts
from vocrehab_nav_no.model import (
    ActivityStatus,
    ExceptionReason,
    FollowUpPlanStatus,
    MeetingStatus,
    PeriodType,
)

__all__ = ["name_of", "role", "say"]

_LABELS: Mapping[str, Texts] = {
    # the header of both forms
    "employee": texts("Arbeidstaker", "Employee"),
    "participant": texts("Deltaker", "Participant"),
    "national_id": texts("Fødselsnummer", "National identity number"),
    "birth_date": texts("Fødselsdato", "Birth date"),
    "case": texts("Saksnummer", "Case reference"),
    "employer": texts("Arbeidsgiver", "Employer"),
    "org_number": texts("org.nr.", "org. no."),
    "employment": texts("Arbeidssituasjon", "Employment"),
    "sick_leave_since": texts("Sykmeldt fra", "On sick leave since"),
    "week": texts("uke", "week"),
    "generated": texts("Laget", "Generated"),
    "clock": texts("kl.", "at"),
    "local_time": texts("norsk tid", "Norwegian time"),
    "withheld_value": texts("Ikke med i dette dokumentet", "Not included in this document"),
    "none": texts("Ingen", "None"),
    "yes": texts("Ja", "Yes"),
    "no": texts("Nei", "No"),
    # the platform's return-to-work plan
    "plan": texts("Plan for tilbakeføring til arbeid", "Return-to-work plan"),
    "plan_none": texts("Ingen plan for tilbakeføring er laget ennå.",
                       "No return-to-work plan has been drawn up yet."),
    "plan_empty": texts("Planen har ingen trinn ennå.", "The plan has no steps yet."),
    "version": texts("versjon", "version"),
    "goal": texts("Mål", "Goal"),
    "from": texts("Fra", "From"),
    "to": texts("Til", "To"),
    "work_percent": texts("Arbeid %", "Work %"),
    "hours_per_week": texts("Timer/uke", "Hours/week"),
    "tasks_adjustments": texts("Oppgaver og tilrettelegging", "Tasks and adjustments"),
    "approved_by": texts("Godkjent av", "Approved by"),
    # deadlines and people
    "deadlines": texts("Frister", "Deadlines"),
    "deadlines_none": texts("Ingen frister er beregnet for saken.",
                            "No deadlines have been worked out for the case."),
    "deadline": texts("Frist", "Deadline"),
    "due": texts("Dato", "Due"),
    "responsible": texts("Ansvarlig", "Responsible"),
    "state": texts("Status", "Status"),
    "legal_basis": texts("Hjemmel", "Legal basis"),
    "met_on": texts("Oppfylt", "Met"),
    "not_applicable": texts("Gjelder ikke", "Does not apply"),
    "overdue": texts("Forsinket", "Overdue"),
    "upcoming": texts("Ikke passert", "Not yet due"),
    "team": texts("Kontaktpersoner i saken", "People on the case"),
    "team_none": texts("Ingen er knyttet til saken.", "No one is on the case."),
    "name": texts("Navn", "Name"),
    "role": texts("Rolle", "Role"),
    "organisation": texts("Virksomhet", "Organisation"),
    # what a document leaves out
    "withheld": texts("Opplysninger som ikke er med", "Information not included"),
    "withheld_intro": texts(
        "Dokumentet inneholder bare det alle mottakerne har rett til å se. Disse opplysningene "
        "er derfor holdt utenfor:",
        "The document holds only what every one of its recipients may see. These are therefore "
        "left out:"),
}  # fmt: skip

_CATEGORIES: Mapping[str, Texts] = {
    DataCategory.CONTACT: texts(
        "kontaktopplysninger (fødselsnummer, fødselsdato, e-post, telefon)",
        "contact details (national identity number, birth date, email, phone)"),
    DataCategory.MEDICAL: texts("helseopplysninger (diagnoser, funksjonsvurderinger, prognose)",
                                "health data (diagnoses, functional assessments, prognosis)"),
    DataCategory.BENEFITS: texts("ytelser (sykepenger, arbeidsavklaringspenger, tiltakspenger)",
                                 "benefits (sykepenger, AAP, tiltakspenger)"),
    DataCategory.PLAN: texts("planen og tiltakene", "the plan and the measures"),
    DataCategory.DOCUMENTS: texts("andre dokumenter", "other documents"),
}  # fmt: skip

_NAMES: Mapping[type[StrEnum], Mapping[str, Texts]] = {
    DataCategory: _CATEGORIES,
    FollowUpPlanStatus: {
        "UNDER_ARBEID": texts("Under arbeid", "Being drafted"),
        "AKTIV": texts("Godkjent (aktiv)", "Approved (active)"),
        "UTDATERT": texts("Utdatert", "Out of date"),
        "AVBRUTT": texts("Avbrutt", "Cancelled"),
    },
    MeetingStatus: {
        "INNKALT": texts("Innkalt", "Invited"),
        "NYTT_TID_STED": texts("Nytt tidspunkt eller sted", "New time or place"),
        "FERDIGSTILT": texts("Holdt", "Held"),
        "AVLYST": texts("Avlyst", "Cancelled"),
    },
    PeriodType: {
        "AKTIVITET_IKKE_MULIG": texts("100 % sykmeldt", "100 % off work"),
        "GRADERT": texts("Gradert", "Graded"),
        "AVVENTENDE": texts("Avventende", "Pending (avventende)"),
        "BEHANDLINGSDAGER": texts("Behandlingsdager", "Treatment days"),
        "REISETILSKUDD": texts("Reisetilskudd", "Travel grant"),
    },
    ActivityStatus: {
        "OPPFYLT": texts("Oppfylt", "Met"),
        "UNNTAK": texts("Unntak", "Exception granted"),
        "IKKE_OPPFYLT": texts("Ikke oppfylt", "Not met"),
        "AVVENT": texts("Avventer", "Waiting"),
    },
    ExceptionReason: {
        "MEDISINSKE_GRUNNER": texts("tungtveiende medisinske grunner", "weighty medical reasons"),
        "ARBEIDSPLASSEN": texts("aktivitet er ikke mulig på arbeidsplassen",
                                "activity is not possible at the workplace"),
    },
    InterventionStatus: {
        "PROPOSED": texts("Foreslått", "Proposed"),
        "REFERRED": texts("Henvist (NAV har fattet vedtak)", "Referred (NAV has decided)"),
        "ACTIVE": texts("Pågår", "Under way"),
        "COMPLETED": texts("Fullført", "Completed"),
        "DISCONTINUED": texts("Avbrutt", "Discontinued"),
    },
    PlanStatus: {
        "DRAFT": texts("utkast", "draft"),
        "ACTIVE": texts("gjeldende", "active"),
        "SUPERSEDED": texts("erstattet", "superseded"),
        "COMPLETED": texts("fullført", "completed"),
        "CANCELLED": texts("avbrutt", "cancelled"),
    },
    EmploymentStatus: {
        "EMPLOYED": texts("Arbeidstaker", "Employed"),
        "UNEMPLOYED": texts("Uten arbeid", "Not in work"),
        "SELF_EMPLOYED": texts("Selvstendig næringsdrivende", "Self-employed"),
        "STUDENT": texts("Student", "Student"),
        "OTHER": texts("Annet", "Other"),
    },
}  # fmt: skip


def say(key: str, lang: str) -> str:
    """A label of the forms in `lang` (English for any other language)."""
    return text_for(_LABELS[key], lang)


def name_of(value: StrEnum, lang: str) -> str:
    """The printed name of a status or category code."""
    return text_for(_NAMES[type(value)][value.value], lang)


def role(value: StakeholderType, lang: str) -> str:
    """A stakeholder as a table cell: "Arbeidsgiveren", "The NAV adviser"."""
    name = text_for(role_name(value), lang)
    return name[:1].upper() + name[1:]
