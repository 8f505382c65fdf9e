"""The phase of return to work the sick notes show (R28), the finding when the case
records another, and the orientation that uses it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from nav_cases import nav_case
from support import Api, World, admin, as_actor
from test_nav_api import SICK_NOTE, norwegian_case, send

from vocrehab.core.clock import Clock
from vocrehab.hooks import ReturnToWorkPhase
from vocrehab_nav_no import NavJurisdiction, NavOptions
from vocrehab_nav_no.details import read_record
from vocrehab_nav_no.phases import phase_from_notes

P = ReturnToWorkPhase
START = date(2026, 1, 5)
GRADED_FROM = date(2026, 2, 2)
LAST = date(2026, 3, 1)  # the last day on a sick note


def notes(*periods: tuple[str, date, date]) -> dict[str, Any]:
    return {"sickNotes": [{"signedOn": START.isoformat(), "periods": [
        {"type": kind, "fom": fom.isoformat(), "tom": tom.isoformat(),
         **({"grade": 50} if kind == "GRADERT" else {}),
         **({"adviceToEmployer": "Lettere oppgaver"} if kind == "AVVENTENDE" else {})}
        for kind, fom, tom in periods]}]}  # fmt: skip


RETURN = notes(("AKTIVITET_IKKE_MULIG", START, GRADED_FROM - timedelta(days=1)),
               ("GRADERT", GRADED_FROM, LAST))  # fmt: skip


def shown(
    details: dict[str, Any], day: date, days: int = 28, **case: Any
) -> ReturnToWorkPhase | None:
    facts = nav_case(START, details=details, **case)
    found = phase_from_notes(facts, read_record(facts), day, days)
    return found.phase if found else None


def test_the_sick_notes_show_the_phase_at_each_boundary() -> None:
    assert shown({}, LAST) is None
    assert shown(RETURN, GRADED_FROM - timedelta(days=1)) is P.OFF_WORK
    assert shown(RETURN, GRADED_FROM) is P.RE_ENTRY
    assert shown(RETURN, LAST + timedelta(days=28)) is P.RE_ENTRY  # 27 days without a note
    assert shown(RETURN, LAST + timedelta(days=29)) is P.RETENTION
    assert shown(RETURN, LAST + timedelta(days=8), days=7) is P.RETENTION
    pending = notes(("AVVENTENDE", START, START + timedelta(days=10)))
    assert shown(pending, START + timedelta(days=5)) is P.OFF_WORK
    assert shown(pending, START + timedelta(days=11)) is P.RE_ENTRY  # the note ran out
    relapse = notes(("GRADERT", START, GRADED_FROM - timedelta(days=1)),
                    ("AKTIVITET_IKKE_MULIG", GRADED_FROM, LAST))  # fmt: skip
    assert shown(relapse, GRADED_FROM) is P.OFF_WORK
    travel = notes(("REISETILSKUDD", START, LAST))
    assert shown(travel, START) is P.RE_ENTRY


def test_the_notes_say_nothing_without_a_job_or_on_aap_after_them() -> None:
    from vocrehab.hooks import BenefitFacts, EmploymentStatus

    assert shown(RETURN, GRADED_FROM, employment_status=EmploymentStatus.UNEMPLOYED) is None
    assert (
        shown(RETURN, GRADED_FROM, employment_status=EmploymentStatus.SELF_EMPLOYED) is P.RE_ENTRY
    )
    aap = (BenefitFacts("a", "ARBEIDSAVKLARINGSPENGER", 100, LAST + timedelta(days=1)),)
    assert shown(RETURN, LAST + timedelta(days=40), benefits=aap) is None
    assert shown(RETURN, LAST, benefits=aap) is P.RE_ENTRY  # graded, on the last note
    ended = (
        BenefitFacts("a", "ARBEIDSAVKLARINGSPENGER", 100, date(2025, 1, 6), date(2025, 6, 30)),
    )
    assert shown(RETURN, LAST + timedelta(days=40), benefits=ended) is P.RETENTION


@pytest.mark.parametrize(("recorded", "day", "flagged"), [
    (P.OFF_WORK, GRADED_FROM - timedelta(days=1), False), (P.OFF_WORK, GRADED_FROM, True),
    (P.RE_ENTRY, GRADED_FROM - timedelta(days=1), True), (P.RE_ENTRY, GRADED_FROM, False),
    (P.RE_ENTRY, LAST + timedelta(days=28), False), (P.RE_ENTRY, LAST + timedelta(days=29), True),
    (P.RETENTION, LAST + timedelta(days=28), True), (P.RETENTION, LAST + timedelta(days=29), False),
    (P.ADVANCEMENT, LAST + timedelta(days=29), False), (P.ADVANCEMENT, LAST, True),
])  # fmt: skip
def test_a_phase_the_sick_notes_contradict_is_flagged(
    recorded: ReturnToWorkPhase, day: date, flagged: bool
) -> None:
    found = NavJurisdiction().assess(nav_case(START, details=RETURN, phase=recorded), day)
    assert ("NO_PHASE_CONTRADICTS_FACTS" in [v.code for v in found]) is flagged


def test_the_orientation_uses_the_phase() -> None:
    nav = NavJurisdiction()
    case = nav_case(START, details=RETURN, phase=P.RE_ENTRY)
    found = nav.orientation(case, nav.milestones(case), GRADED_FROM + timedelta(days=3))
    assert "Fase: tilbake i arbeid, gradvis, i arbeid igjen fra 2.2.2026." in found.summary["nb"]
    assert "Phase: work re-entry, back at work from 2026-02-02." in found.summary["en"]
    assert not any(s.title["en"].startswith("Update the phase") for s in found.next_steps)
    stale = nav_case(START, details=RETURN, phase=P.OFF_WORK)
    found = nav.orientation(stale, nav.milestones(stale), GRADED_FROM)
    assert found.summary["en"].split(". ")[1] == "Phase: off work"
    assert found.next_steps[0].title == {
        "nb": "Oppdater fasen til «tilbake i arbeid, gradvis»: sykmeldingene viser det",
        "en": "Update the phase to work re-entry: the sick notes show it"}  # fmt: skip
    kept = nav_case(START, details=RETURN, phase=P.RETENTION)
    later = nav.orientation(kept, nav.milestones(kept), LAST + timedelta(days=40))
    assert "Phase: retention at work, with no sick note from 2026-03-02." in later.summary["en"]


def test_the_retention_period_is_an_option() -> None:
    assert NavOptions().retention_days == 28
    assert NavOptions.from_mapping({"retention_days": 56}).retention_days == 56
    for bad in (6, 366, "28"):
        with pytest.raises(ValueError, match="retention_days"):
            NavOptions.from_mapping({"retention_days": bad})
    patient = NavJurisdiction(NavOptions(retention_days=56))
    case = nav_case(START, details=RETURN, phase=P.RE_ENTRY)
    assert "NO_PHASE_CONTRADICTS_FACTS" not in [
        v.code for v in patient.assess(case, LAST + timedelta(days=40))
    ]


VIEW = """query($id: ID!) { node(id: $id) { ... on Case { phase ruleViolations { code }
  orientation(lang: "nb") { summary nextSteps { title responsible } } } } }"""
PHASE = """mutation($c: ID!, $phase: ReturnToWorkPhase!) { updateCase(input: {id: $c, phase: $phase}) {
  case { phase } userErrors { code } } }"""


async def test_the_phase_through_graphql(api: Api, world: World, clock: Clock) -> None:
    team = await norwegian_case(world)  # sick leave from 2026-02-02
    periods = [{"type": "AKTIVITET_IKKE_MULIG", "fom": "2026-02-02", "tom": "2026-02-15"},
               {"type": "GRADERT", "fom": "2026-02-16", "tom": "2026-03-15", "grade": 50}]  # fmt: skip
    await send(
        api, as_actor(team.gp), SICK_NOTE, caseId=team.id, signedOn="2026-02-02", periods=periods
    )
    view = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert view["phase"] == "OFF_WORK"
    assert "NO_PHASE_CONTRADICTS_FACTS" in [v["code"] for v in view["ruleViolations"]]
    assert view["orientation"]["nextSteps"][0] == {
        "title": "Oppdater fasen til «tilbake i arbeid, gradvis»: sykmeldingene viser det",
        "responsible": "CASE_MANAGER"}  # fmt: skip
    await api.query(as_actor(team.manager), PHASE, c=team.id, phase="RE_ENTRY")
    view = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert "NO_PHASE_CONTRADICTS_FACTS" not in [v["code"] for v in view["ruleViolations"]]
    assert (
        "Fase: tilbake i arbeid, gradvis, i arbeid igjen fra 16.2.2026."
        in view["orientation"]["summary"]
    )
    clock.advance(timedelta(days=42))  # 2026-04-13: 28 days without a note since 2026-03-16
    later = (await api.query(admin(), VIEW, id=team.id)).data["node"]
    assert "NO_PHASE_CONTRADICTS_FACTS" in [v["code"] for v in later["ruleViolations"]]
