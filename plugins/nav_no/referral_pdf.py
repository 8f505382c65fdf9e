"""The referral to work-oriented rehabilitation as a PDF, in bokmål or English.

Built from `referral_document`'s data, so the PDF and the JSON say the same:
the measure and its 12-week limit (tiltaksforskriften kap. 12), why the
participant is referred, the employer's follow-up plan that an employee's
referral needs (aml § 4-6), the plan steps, the deadlines and the team.
"""

from __future__ import annotations

from vocrehab.hooks import DocumentSnapshot, EmploymentStatus, InterventionStatus, Texts, text_for
from vocrehab.hooks.pdf import PdfSection, PdfTable
from vocrehab_nav_no.document_pdf import (
    DASH,
    Data,
    Facts,
    day,
    deadlines_section,
    header_facts,
    percent,
    plan_section,
    render,
    span,
    team_section,
    withheld_section,
)
from vocrehab_nav_no.document_words import name_of, say
from vocrehab_nav_no.language import texts
from vocrehab_nav_no.model import FollowUpPlanStatus, PeriodType
from vocrehab_nav_no.referral_document import NAMES, referral_document

__all__ = ["referral_pdf"]

_W: dict[str, Texts] = {
    "referral": texts("Henvisningen", "The referral"),
    "purpose": texts(
        "NAV henviser deltakeren til arbeidsrettet rehabilitering: et tilpasset opplegg med "
        "aktiviteter for mestring og motivasjon, trening, livsstilsveiledning og kontakt med "
        "arbeidslivet, i høyst 12 uker. NAV fatter vedtak om plassen. Er deltakeren sykmeldt, "
        "får sykmelderen beskjed om henvisningen. Den som har sykepenger eller "
        "arbeidsavklaringspenger, beholder dem under tiltaket.",
        "NAV refers the participant to work-oriented rehabilitation: a tailored programme of "
        "coping and motivation activities, training, lifestyle guidance and contact with "
        "working life, for at most 12 weeks. NAV decides on the place. If the participant is "
        "on sick leave, the sykmelder is told of the referral. Someone on sykepenger or AAP "
        "keeps that benefit during the measure."),
    "basis": texts("Hjemmel: tiltaksforskriften kap. 12; folketrygdloven § 8-8; "
                   "arbeidsmiljøloven § 4-6.",
                   "Legal basis: tiltaksforskriften (regulations on labour-market measures) "
                   "ch. 12; National Insurance Act (ftrl) § 8-8; Working Environment Act "
                   "(aml) § 4-6."),
    "no_measure": texts("Ingen arbeidsrettet rehabilitering er foreslått i saken ennå.",
                        "No work-oriented rehabilitation has been proposed in the case yet."),
    "measure": texts("Tiltaket", "The measure"),
    "measure_name": texts("Tiltak", "Measure"),
    "start": texts("Oppstart", "Start"),
    "planned_end": texts("Planlagt slutt", "Planned end"),
    "ended": texts("Avsluttet", "Ended"),
    "length": texts("Varighet", "Length"),
    "day": texts("dag", "day"),
    "days": texts("dager", "days"),
    "week": texts("uke", "week"),
    "weeks": texts("uker", "weeks"),
    "and": texts("og", "and"),
    "within": texts("innenfor grensen på {weeks} uker", "within the limit of {weeks} weeks"),
    "beyond": texts("OVER grensen på {weeks} uker", "BEYOND the limit of {weeks} weeks"),
    "unknown_length": texts("Ikke fastsatt (høyst {weeks} uker)",
                            "Not set (at most {weeks} weeks)"),
    "provider": texts("Tiltaksarrangør", "Provider"),
    "contact": texts("Kontaktperson", "Contact person"),
    "not_chosen": texts("Ikke valgt ennå", "Not chosen yet"),
    "referred_by": texts("Henvist av", "Referred by"),
    "why": texts("Bakgrunn: arbeidsevne", "Why: work capacity"),
    "assessed": texts("Vurdert", "Assessed"),
    "assessment": texts("Vurdering", "Assessment"),
    "capacity": texts("Arbeidsevne", "Work capacity"),
    "valid": texts("Gyldig", "Valid"),
    "summary": texts("Oppsummering", "Summary"),
    "no_capacity": texts("Ingen vurdering av arbeidsevnen er registrert.",
                         "No assessment of work capacity is recorded."),
    "sick_note_now": texts("Gjeldende sykmelding", "Current sick note"),
    "medical": texts("Helseopplysninger", "Health data"),
    "medical_withheld": texts(
        "Helseopplysninger (diagnoser, funksjonsvurderinger, prognose) er ikke med i denne "
        "henvisningen: tiltaksarrangøren har ikke rett til å se dem.",
        "Health data (diagnoses, functional assessments, prognosis) are not included in this "
        "referral: the provider may not see them."),
    "medical_none": texts("Ingen helseopplysninger er registrert.", "No health data is recorded."),
    "diagnoses": texts("Diagnoser", "Diagnoses"),
    "functional": texts("Funksjon", "Function"),
    "activity": texts("Aktivitet", "Activity"),
    "prognosis": texts("Prognose", "Prognosis"),
    "plan_requirement": texts("Arbeidsgiverens oppfølgingsplan", "The employer's follow-up plan"),
    "not_employee": texts("Gjelder ikke: deltakeren er ikke arbeidstaker.",
                          "Does not apply: the participant is not an employee."),
    "met": texts("Vilkåret er oppfylt: arbeidsgiverens godkjente oppfølgingsplan dokumenterer at "
                 "tiltak på arbeidsplassen er prøvd eller ikke er mulige.",
                 "The condition is met: the employer's approved follow-up plan documents that "
                 "measures at the workplace were tried or are not possible."),
    "not_met": texts("Vilkåret er ikke oppfylt ennå: før tiltaket starter, må NAV ha "
                     "arbeidsgiverens godkjente oppfølgingsplan som dokumenterer at tiltak på "
                     "arbeidsplassen er prøvd eller ikke er mulige.",
                     "The condition is not met yet: before the measure starts, NAV needs the "
                     "employer's approved follow-up plan documenting that measures at the "
                     "workplace were tried or are not possible."),
    "plan_status": texts("Status", "Status"),
    "no_plan": texts("Ingen oppfølgingsplan er registrert", "No follow-up plan is recorded"),
    "approved": texts("Godkjent", "Approved"),
    "in_house": texts("Tiltak på arbeidsplassen dokumentert", "Workplace measures documented"),
}  # fmt: skip


def _say(key: str, lang: str, **values: object) -> str:
    return text_for(_W[key], lang).format(**values)


def referral_pdf(snapshot: DocumentSnapshot) -> bytes:
    data = referral_document(snapshot)
    lang = data["language"]
    person = f"{data['participant']['givenName']} {data['participant']['familyName']}"
    sections = [
        PdfSection(_say("referral", lang), paragraphs=(_say("purpose", lang), _say("basis", lang))),
        _measure_section(data["measure"], lang),
        _why_section(data, lang),
        _medical_section(data["medical"], lang),
        _plan_requirement_section(data["followUpPlanRequirement"], lang),
        plan_section(data["plan"], lang),
        deadlines_section(data["deadlines"], lang),
        team_section(data["team"], lang),
        withheld_section(data, lang),
    ]
    subtitle = f"{person} · {data['case']['reference']} · tiltaksforskriften kap. 12"
    return render(text_for(NAMES, lang), subtitle, _facts(data, lang), sections, data)


def _facts(data: Data, lang: str) -> Facts:
    facts = header_facts(data, lang, "participant")
    employment = name_of(EmploymentStatus(data["case"]["employmentStatus"]), lang)
    facts.insert(3, (say("employment", lang), employment))
    if data["referredBy"]:
        names = ", ".join(_with_organisation(p) for p in data["referredBy"])
        facts.append((_say("referred_by", lang), names))
    return facts


def _with_organisation(person: Data) -> str:
    organisation = person["organisation"]
    return f"{person['name']} ({organisation})" if organisation else person["name"]


def _length(measure: Data, lang: str) -> str:
    weeks = measure["maxWeeks"]
    if measure["plannedDays"] is None:
        return _say("unknown_length", lang, weeks=weeks)
    days = measure["plannedDays"]
    verdict = _say("within" if measure["withinLimit"] else "beyond", lang, weeks=weeks)
    return f"{_count(days, 'day', 'days', lang)} ({_in_weeks(days, lang)}), {verdict}"


def _count(number: int, one: str, many: str, lang: str) -> str:
    return f"{number} {_say(one if number == 1 else many, lang)}"


def _in_weeks(days: int, lang: str) -> str:
    """84 days -> "12 weeks"; 85 days -> "12 weeks and 1 day"."""
    weeks, rest = divmod(days, 7)
    whole = _count(weeks, "week", "weeks", lang)
    return (
        whole if rest == 0 else f"{whole} {_say('and', lang)} {_count(rest, 'day', 'days', lang)}"
    )


def _measure_section(measure: Data | None, lang: str) -> PdfSection:
    if measure is None:
        return PdfSection(_say("measure", lang), paragraphs=(_say("no_measure", lang),))
    provider = measure["provider"]
    facts = [
        (_say("measure_name", lang), f"{measure['name']} ({measure['arenaCode']})"),
        (say("state", lang), name_of(InterventionStatus(measure["status"]), lang)),
        (_say("start", lang), day(measure["startDate"], lang)),
        (_say("planned_end", lang), day(measure["plannedEndDate"], lang)),
        (_say("length", lang), _length(measure, lang)),
        (say("hours_per_week", lang), _hours(measure["hoursPerWeek"])),
        (_say("provider", lang), _provider(provider, lang)),
    ]  # fmt: skip
    if provider and provider["contactPerson"]:
        facts.append((_say("contact", lang), provider["contactPerson"]))
    if measure["endDate"]:
        facts.insert(4, (_say("ended", lang), day(measure["endDate"], lang)))
    return PdfSection(_say("measure", lang), facts=tuple(facts))


def _hours(value: float | None) -> str:
    return DASH if value is None else f"{value:g}"


def _provider(provider: Data | None, lang: str) -> str:
    if provider is None:
        return _say("not_chosen", lang)
    number = provider["organisationNumber"]
    name = provider["name"]
    return f"{name} ({say('org_number', lang)} {number})" if number else name


def _why_section(data: Data, lang: str) -> PdfSection:
    columns = (_say("assessed", lang), _say("assessment", lang), _say("capacity", lang),
               _say("valid", lang), _say("summary", lang))  # fmt: skip
    rows = tuple(
        (day(a["assessedOn"], lang), a["kindName"],
         DASH if a["workCapacityPercent"] is None else percent(a["workCapacityPercent"]),
         span(a["validFrom"], a["validTo"], lang), a["summary"] or "")
        for a in data["workCapacity"]
    )  # fmt: skip
    return PdfSection(_say("why", lang), paragraphs=_sick_note_now(data["currentSickNote"], lang),
                      table=PdfTable(columns, rows, widths=(1.0, 1.5, 1.1, 1.9, 2.3)),
                      empty=_say("no_capacity", lang))  # fmt: skip


def _sick_note_now(note: Data | None, lang: str) -> tuple[str, ...]:
    if note is None:
        return ()
    kind = name_of(PeriodType(note["type"]), lang)
    grade = f" {percent(note['grade'])}" if note["grade"] is not None else ""
    return (
        f"{_say('sick_note_now', lang)}: {kind}{grade}, {span(note['fom'], note['tom'], lang)}",
    )


def _medical_section(medical: list[Data] | None, lang: str) -> PdfSection:
    if medical is None:
        return PdfSection(_say("medical", lang), paragraphs=(_say("medical_withheld", lang),))
    columns = (_say("assessed", lang), _say("diagnoses", lang), _say("functional", lang),
               _say("activity", lang), _say("prognosis", lang))  # fmt: skip
    rows = tuple(
        (day(m["assessedOn"], lang),
         "; ".join(_diagnosis(d) for d in m["diagnoses"]),
         m["functionalLimitations"] or "", m["activityLimitations"] or "", m["prognosis"] or "")
        for m in medical
    )  # fmt: skip
    table = PdfTable(columns, rows, widths=(1, 2, 1.5, 1.5, 1.5))
    return PdfSection(_say("medical", lang), table=table, empty=_say("medical_none", lang))


def _diagnosis(diagnosis: Data) -> str:
    code = f"{diagnosis['system']} {diagnosis['code']}"
    return f"{code} {diagnosis['text']}" if diagnosis["text"] else code


def _plan_requirement_section(requirement: Data, lang: str) -> PdfSection:
    heading = _say("plan_requirement", lang)
    if not requirement["applies"]:
        return PdfSection(heading, paragraphs=(_say("not_employee", lang),))
    plan = requirement["followUpPlan"]
    verdict = _say("met" if requirement["met"] else "not_met", lang)
    if plan is None:
        missing = ((_say("plan_status", lang), _say("no_plan", lang)),)
        return PdfSection(heading, paragraphs=(verdict,), facts=missing)
    documented = say("yes" if plan["inHouseMeasuresNotPossible"] else "no", lang)
    facts = ((_say("plan_status", lang), name_of(FollowUpPlanStatus(plan["status"]), lang)),
             (_say("approved", lang), day(plan["approvedOn"], lang)),
             (_say("in_house", lang), documented))  # fmt: skip
    return PdfSection(heading, paragraphs=(verdict,), facts=facts)
