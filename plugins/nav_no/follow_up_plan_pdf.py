"""The follow-up plan (oppfølgingsplan, aml § 4-6) as a PDF, in bokmål or English.

Built from `follow_up_plan_document`'s data, so the PDF and the JSON say the
same: where the plan stands, the graded return step by step, what the employer
has tried at the workplace, the sick-note periods, the dialogue meetings, the
activity requirement and the deadlines of weeks 4, 7, 8 and 26. A medical
reason for an exception from the activity requirement is printed only when the
document may hold health data; otherwise the PDF says it is left out.
"""

from __future__ import annotations

from vocrehab.hooks import DocumentSnapshot, StakeholderType, Texts, text_for
from vocrehab.hooks.pdf import PdfSection, PdfTable
from vocrehab_nav_no.document_pdf import (
    DASH,
    Data,
    day,
    deadlines_section,
    header_facts,
    moment,
    percent,
    plan_section,
    render,
    team_section,
    withheld_section,
)
from vocrehab_nav_no.document_words import name_of, role, say
from vocrehab_nav_no.follow_up_plan_document import NAMES, follow_up_plan_document
from vocrehab_nav_no.language import texts
from vocrehab_nav_no.model import (
    ActivityStatus,
    ExceptionReason,
    FollowUpPlanStatus,
    MeetingStatus,
    PeriodType,
)

__all__ = ["follow_up_plan_pdf"]

_W: dict[str, Texts] = {
    "about": texts("Om oppfølgingsplanen", "About the follow-up plan"),
    "purpose": texts(
        "Arbeidsgiveren lager oppfølgingsplanen sammen med arbeidstakeren senest 4 uker etter at "
        "sykmeldingen startet, og sender den til sykmelderen. Planen beskriver arbeidsoppgavene, "
        "tilretteleggingen på arbeidsplassen og en gradvis tilbakeføring. Før dialogmøte 2 og 3 "
        "sender arbeidsgiveren en oppdatert plan til NAV senest én uke før møtet.",
        "The employer draws up the follow-up plan with the employee no later than 4 weeks into "
        "the sick leave and sends it to the sykmelder (the certifying clinician). The plan "
        "describes the work tasks, the adjustments at the workplace and a graded return. Before "
        "dialogue meetings 2 and 3 the employer sends an updated plan to NAV at least one week "
        "ahead."),
    "basis": texts("Hjemmel: arbeidsmiljøloven § 4-6; folketrygdloven §§ 8-7 a og 8-8.",
                   "Legal basis: Working Environment Act (aml) § 4-6; National Insurance Act "
                   "(ftrl) §§ 8-7 a and 8-8."),
    "status": texts("Oppfølgingsplanens status", "Status of the follow-up plan"),
    "no_plan": texts("Arbeidsgiveren har ikke registrert en oppfølgingsplan ennå.",
                     "The employer has not recorded a follow-up plan yet."),
    "created": texts("Opprettet", "Created"),
    "approved": texts("Godkjent", "Approved"),
    "to_sykmelder": texts("Sendt sykmelder", "Sent to the sykmelder"),
    "to_nav": texts("Sendt NAV", "Sent to NAV"),
    "ended": texts("Avsluttet", "Ended"),
    "workplace": texts("Tiltak på arbeidsplassen", "Measures at the workplace"),
    "tried": texts("Arbeidsgiveren har dokumentert i planen at tiltak på arbeidsplassen er prøvd "
                   "eller vurdert, og at de ikke er mulige.",
                   "The employer has documented in the plan that measures at the workplace were "
                   "tried or considered and are not possible."),
    "not_tried": texts("Planen dokumenterer ikke at tiltak på arbeidsplassen er prøvd eller "
                       "vurdert som ikke mulige.",
                       "The plan does not document that measures at the workplace were tried or "
                       "judged not possible."),
    "adjustments": texts("Tilrettelegging i planen:", "Adjustments in the plan:"),
    "no_adjustments": texts("Ingen tilrettelegging er beskrevet i planen ennå.",
                            "No adjustments are described in the plan yet."),
    "sick_note": texts("Sykmelding", "Sick note"),
    "no_sick_note": texts("Ingen sykmelding er registrert.", "No sick note is recorded."),
    "period": texts("Type", "Type"),
    "grade": texts("Grad", "Grade"),
    "advice": texts("Innspill til arbeidsgiver", "Advice to the employer"),
    "meetings": texts("Dialogmøter", "Dialogue meetings"),
    "no_meetings": texts("Ingen dialogmøter er innkalt eller holdt ennå.",
                         "No dialogue meeting has been called or held yet."),
    "meeting": texts("Møte", "Meeting"),
    "date": texts("Dato", "Date"),
    "invited": texts("Innkalt", "Invited"),
    "held_or_cancelled": texts("Holdt / avlyst", "Held / cancelled"),
    "activity": texts("Aktivitetsplikten (uke 8)", "Activity requirement (week 8)"),
    "activity_open": texts("NAV har ikke vurdert aktivitetsplikten ennå. Gradert sykmelding eller "
                           "reisetilskudd oppfyller den.",
                           "NAV has not assessed the activity requirement yet. Graded sick leave "
                           "or a travel grant meets it."),
    "assessed": texts("Vurdert", "Assessed"),
    "reason": texts("Grunn til unntak", "Reason for the exception"),
    "reason_withheld": texts("Ikke med i dette dokumentet (helseopplysning)",
                             "Not included in this document (health data)"),
    "deadlines_intro": texts("Fristene regnes fra første sykmeldingsdag.",
                             "The deadlines count from the first day of sick leave."),
}  # fmt: skip


def _say(key: str, lang: str) -> str:
    return text_for(_W[key], lang)


def follow_up_plan_pdf(snapshot: DocumentSnapshot) -> bytes:
    data = follow_up_plan_document(snapshot)
    lang = data["language"]
    person = f"{data['participant']['givenName']} {data['participant']['familyName']}"
    facts = header_facts(data, lang, "employee")
    if data["followUpPlan"]:
        status = FollowUpPlanStatus(data["followUpPlan"]["status"])
        facts.append((_say("status", lang), name_of(status, lang)))
    sections = [
        PdfSection(_say("about", lang), paragraphs=(_say("purpose", lang), _say("basis", lang))),
        _status_section(data["followUpPlan"], lang),
        plan_section(data["plan"], lang),
        _approvals_section(data["plan"], lang),
        _workplace_section(data["workplaceMeasures"], lang),
        _sick_note_section(data["sickNotePeriods"], lang),
        _meetings_section(data["dialogueMeetings"], lang),
        _activity_section(data["activityRequirement"], lang),
        deadlines_section(data["deadlines"], lang, _say("deadlines_intro", lang)),
        team_section(data["team"], lang),
        withheld_section(data, lang),
    ]
    subtitle = f"{person} · {data['case']['reference']} · aml § 4-6"
    return render(text_for(NAMES, lang), subtitle, facts, sections, data)


def _status_section(plan: Data | None, lang: str) -> PdfSection:
    if plan is None:
        return PdfSection(_say("status", lang), paragraphs=(_say("no_plan", lang),))
    rows = [("created", day(plan["createdOn"], lang)), ("approved", day(plan["approvedOn"], lang)),
            ("to_sykmelder", day(plan["sharedWithSykmelderOn"], lang)),
            ("to_nav", day(plan["sharedWithNavOn"], lang))]  # fmt: skip
    if plan["endedOn"]:
        rows.append(("ended", day(plan["endedOn"], lang)))
    return PdfSection(_say("status", lang), facts=tuple((_say(k, lang), v) for k, v in rows))


def _approvals_section(plan: Data | None, lang: str) -> PdfSection | None:
    if not plan or not plan["approvals"]:
        return None
    facts = tuple(
        (role(StakeholderType(a["role"]), lang), moment(a["approvedAt"], lang))
        for a in plan["approvals"]
    )
    return PdfSection(say("approved_by", lang), facts=facts)


def _workplace_section(measures: Data, lang: str) -> PdfSection:
    first = _say("tried" if measures["notPossibleDocumented"] else "not_tried", lang)
    if not measures["adjustments"]:
        return PdfSection(_say("workplace", lang), paragraphs=(first, _say("no_adjustments", lang)))
    listed = "".join(f"\n{DASH} {a}" for a in measures["adjustments"])
    return PdfSection(
        _say("workplace", lang), paragraphs=(first, _say("adjustments", lang) + listed)
    )


def _period_name(period: Data, lang: str) -> str:
    name = name_of(PeriodType(period["type"]), lang)
    if period["travelGrant"] and period["type"] != PeriodType.REISETILSKUDD.value:
        name += f" + {name_of(PeriodType.REISETILSKUDD, lang).lower()}"
    return name


def _sick_note_section(periods: list[Data], lang: str) -> PdfSection:
    columns = (say("from", lang), say("to", lang), _say("period", lang), _say("grade", lang),
               _say("advice", lang))  # fmt: skip
    rows = tuple(
        (day(p["fom"], lang), day(p["tom"], lang), _period_name(p, lang),
         percent(p["grade"]) if p["grade"] is not None else "", p["adviceToEmployer"] or "")
        for p in periods
    )  # fmt: skip
    table = PdfTable(columns, rows, widths=(1.1, 1.1, 1.6, 0.7, 2.8))
    return PdfSection(_say("sick_note", lang), table=table, empty=_say("no_sick_note", lang))


def _meetings_section(meetings: list[Data], lang: str) -> PdfSection:
    columns = (_say("meeting", lang), say("state", lang), _say("date", lang), _say("invited", lang),
               _say("held_or_cancelled", lang))  # fmt: skip
    rows = tuple(
        (str(m["number"]), name_of(MeetingStatus(m["status"]), lang), day(m["on"], lang),
         day(m["invitedOn"], lang), day(m["heldOn"] or m["cancelledOn"], lang))
        for m in meetings
    )  # fmt: skip
    table = PdfTable(columns, rows, widths=(0.8, 2, 1.2, 1.2, 1.4))
    return PdfSection(_say("meetings", lang), table=table, empty=_say("no_meetings", lang))


def _activity_section(activity: Data | None, lang: str) -> PdfSection:
    if activity is None:
        return PdfSection(_say("activity", lang), paragraphs=(_say("activity_open", lang),))
    facts = [(say("state", lang), name_of(ActivityStatus(activity["status"]), lang)),
             (_say("assessed", lang), day(activity["assessedOn"], lang))]  # fmt: skip
    if activity["exceptionReasonWithheld"]:
        facts.append((_say("reason", lang), _say("reason_withheld", lang)))
    elif activity["exceptionReason"]:
        reason = name_of(ExceptionReason(activity["exceptionReason"]), lang)
        facts.append((_say("reason", lang), reason[:1].upper() + reason[1:]))
    return PdfSection(_say("activity", lang), facts=tuple(facts))
