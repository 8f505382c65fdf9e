"""The codes clients branch on, as enums: UserError.errorCode, CaseEvent.eventKind,
Assessment.assessmentKind; the installed jurisdictions' kinds join them when the
schema is built, and a clash or an undeclared kind stops what would break them."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from graphql import GraphQLEnumType
from support import Api, World, admin, as_actor, gid

from vocrehab.api.schema import build_schema
from vocrehab.core.errors import ProblemCode
from vocrehab.core.event_kinds import EVENT_KINDS, UndeclaredEventKind, declared_kinds
from vocrehab.hooks import CommandResult, PluginInfo, hookimpl
from vocrehab.hooks.host import PluginHost, PluginLoadError
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab_generic.jurisdiction import GenericJurisdiction

INFO = PluginInfo("test-plugin", "1.0")


def enum_values(host: PluginHost, name: str) -> dict[str, Any]:
    enum = build_schema(host).graphql.type_map[name]
    assert isinstance(enum, GraphQLEnumType)
    return {value_name: value.value for value_name, value in enum.values.items()}


def test_user_error_codes_are_every_code_the_core_raises() -> None:
    codes = enum_values(PluginHost.load(allow=["generic"]), "UserErrorCode")
    raised = {v for k, v in vars(ProblemCode).items() if not k.startswith("_")}
    assert codes == {code: code for code in raised}


def test_event_kinds_are_the_platforms_and_the_installed_jurisdictions() -> None:
    generic_only = enum_values(PluginHost.load(allow=["generic"]), "CaseEventKind")
    everything = enum_values(PluginHost.load(), "CaseEventKind")
    assert generic_only["PLAN_ACTIVATED"] == "plan.activated"
    assert set(EVENT_KINDS) < set(generic_only.values())
    assert generic_only["GENERIC_FIRST_CONTACT_RECORDED"] == "generic.first_contact.recorded"
    assert "NO_SICK_NOTE_RECORDED" not in generic_only
    assert everything["NO_SICK_NOTE_RECORDED"] == "no.sick_note.recorded"
    assert everything["SE_RECONCILIATION_MEETING_HELD"] == "se.reconciliation_meeting.held"


def test_assessment_kinds_come_from_the_jurisdictions() -> None:
    generic_only = enum_values(PluginHost.load(allow=["generic"]), "AssessmentKind")
    assert generic_only == {
        "WORK_CAPACITY": "WORK_CAPACITY",
        "FUNCTIONAL": "FUNCTIONAL",
        "MEDICAL_CERTIFICATE": "MEDICAL_CERTIFICATE",
        "VOCATIONAL": "VOCATIONAL",
    }
    everything = enum_values(PluginHost.load(), "AssessmentKind")
    assert everything["SE_FK7804"] == "se.FK7804" and everything["SYKMELDING"] == "SYKMELDING"


class Declaring(GenericJurisdiction):
    def __init__(self, code: str, event_kinds: dict[str, str], assessment: str = "") -> None:
        super().__init__()
        self.code = code
        self.schema_prefix = code
        self.reference_prefix = code.upper()
        self.event_kinds = event_kinds
        self._assessment = assessment

    def assessment_kinds(self) -> Any:
        kinds = list(super().assessment_kinds())
        if self._assessment:
            kinds.append(type(kinds[0])(self._assessment, {"en": "Odd"}))
        return kinds

    def case_commands(self) -> Any:
        return ()

    def details_type(self) -> Any:
        return None


def host_with(jurisdiction: Declaring) -> PluginHost:
    module = SimpleNamespace(
        vocrehab_register_jurisdictions=hookimpl(lambda config: [jurisdiction])
    )
    return PluginHost.load(allow=["generic", "extra"], extra=[("extra", module, INFO)])


def test_two_kinds_that_would_be_one_enum_value_stop_start_up() -> None:
    clash = Declaring("xx", {"xx.a_b.c": "One.", "xx.a.b_c": "Another."})
    with pytest.raises(PluginLoadError, match=r"CaseEventKind: 'xx.a.b_c' .* XX_A_B_C"):
        build_schema(host_with(clash))
    odd = Declaring("xx", {}, assessment="work.capacity")
    with pytest.raises(PluginLoadError, match=r"AssessmentKind: .*WORK_CAPACITY"):
        build_schema(host_with(odd))


def test_a_kind_in_the_platforms_namespaces_stops_start_up() -> None:
    with pytest.raises(PluginLoadError, match=r"'case.reopened' must .* outside the platform"):
        build_schema(host_with(Declaring("xx", {"case.reopened": "Hijacked."})))
    with pytest.raises(PluginLoadError, match=r"'Xx.Odd' must be a dotted lower-case name"):
        build_schema(host_with(Declaring("xx", {"Xx.Odd": "Shouting."})))


# ---------------------------------------------------------------------- through the API


ERRORS = "userErrors { code errorCode field }"


async def test_the_enum_fields_carry_the_same_codes(api: Api, world: World) -> None:
    clinician = await world.actor(R.CLINICIAN)
    case = await world.case(await world.participant(), team={clinician: R.CLINICIAN})
    recorded = await api.query(
        as_actor(clinician),
        f"""mutation($input: RecordAssessmentInput!) {{ recordAssessment(input: $input) {{
          assessment {{ kind assessmentKind }} {ERRORS} }} }}""",
        input={"caseId": gid(case), "kind": "FUNCTIONAL", "assessedAt": "2026-03-01"},
    )
    assert recorded.data["recordAssessment"]["assessment"] == {
        "kind": "FUNCTIONAL",
        "assessmentKind": "FUNCTIONAL",
    }
    refused = await api.query(
        as_actor(clinician),
        f"""mutation($input: RecordAssessmentInput!) {{ recordAssessment(input: $input) {{
          assessment {{ id }} {ERRORS} }} }}""",
        input={"caseId": gid(case), "kind": "NO_SUCH_KIND", "assessedAt": "2026-03-01"},
    )
    [error] = refused.data["recordAssessment"]["userErrors"]
    assert error == {"code": "INVALID_INPUT", "errorCode": "INVALID_INPUT", "field": error["field"]}
    events = await api.query(
        admin(),
        """query($id: ID!) { node(id: $id) { ... on Case {
          events(first: 10) { edges { node { kind eventKind } } } } } }""",
        id=gid(case),
    )
    pairs = [
        (e["node"]["kind"], e["node"]["eventKind"]) for e in events.data["node"]["events"]["edges"]
    ]
    assert pairs == [
        ("case.opened", "CASE_OPENED"),
        ("team.member_added", "TEAM_MEMBER_ADDED"),
        ("assessment.recorded", "ASSESSMENT_RECORDED"),
    ]


async def test_a_command_recording_an_undeclared_kind_changes_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vocrehab.core.commands import run_case_command

    case = await world.case(await world.participant())
    [command] = world.host.jurisdiction("generic").case_commands()
    undeclared = CommandResult(details={}, event_kind="generic.surprise", summary="Surprise")
    odd = type(command)(**{**command.__dict__, "apply": lambda case, given, today: undeclared})
    given = SimpleNamespace(case_id=case.id, on=None, channel=None)
    with pytest.raises(UndeclaredEventKind, match=r"generic\.surprise"):
        await world.do(admin(), lambda work: run_case_command(work, "generic", odd, case.id, given))


async def test_a_handover_reads_back_with_its_kind_as_an_enum(api: Api, world: World) -> None:
    outgoing = await world.actor(R.CASE_MANAGER)
    incoming = await world.actor(R.CASE_MANAGER)
    case = await world.case(await world.participant(), team={outgoing: R.CASE_MANAGER})
    replaced = await api.query(
        admin(),
        """mutation($input: ReplaceCaseTeamMemberInput!) {
          replaceCaseTeamMember(input: $input) { userErrors { code } } }""",
        input={
            "caseId": gid(case),
            "outgoingActorId": gid(outgoing),
            "incomingActorId": gid(incoming),
            "note": "Parental leave from Monday.",
        },
    )
    assert replaced.data["replaceCaseTeamMember"]["userErrors"] == []
    found = await api.query(
        as_actor(incoming),
        """query($id: ID!) { case(id: $id) {
          events(last: 1) { edges { node { kind eventKind } } }
          handover { decisions { kind eventKind } } } }""",
        id=gid(case),
    )
    assert found.errors == [], found.body
    [event] = [e["node"] for e in found.data["case"]["events"]["edges"]]
    assert event == {"kind": "team.member_replaced", "eventKind": "TEAM_MEMBER_REPLACED"}
    decisions = found.data["case"]["handover"]["decisions"]
    assert decisions and all(
        d["eventKind"] == d["kind"].replace(".", "_").upper() for d in decisions
    )


def test_webhooks_offer_exactly_the_declared_event_kinds() -> None:
    """What a webhook can subscribe to is what a case event can be: one catalogue."""
    from vocrehab.api.event_types import catalogue

    host = PluginHost.load()
    core = {t.type for t in catalogue(host) if t.source == "core"}
    assert core == set(EVENT_KINDS)
    platform = {t.type for t in catalogue(host) if t.source == "platform"}
    # The webhook machinery's own messages, and the daily digest: no case events.
    assert platform and all(t.startswith(("webhook.", "digest.")) for t in platform)


def test_the_catalogue_names_each_kind_a_plugin_declares() -> None:
    """A plugin's events are listed by name (not as `code.*`), each with its description;
    a plugin that declares no kind keeps its pattern."""
    from vocrehab.api.event_types import catalogue

    host = PluginHost.load()
    listed = catalogue(host)
    for jurisdiction in host.jurisdictions():
        mine = {t.type: t for t in listed if t.source == jurisdiction.code}
        declared = declared_kinds(host, jurisdiction.code)
        assert declared, f"{jurisdiction.code} declares its event kinds"
        assert set(mine) == set(declared)
        assert all(declared[k] in t.description for k, t in mine.items())
    silent = Declaring("xx", {})
    [pattern] = [t for t in catalogue(host_with(silent)) if t.source == "xx"]
    assert pattern.type == "xx.*"


def test_an_assessment_event_names_its_kind_only() -> None:
    """assessment.recorded reaches the team (an assessment's kind, summary and work capacity
    are not MEDICAL); its findings are MEDICAL fields of the Assessment, and the event's
    summary holds none of them."""
    from vocrehab.api.event_types import catalogue

    [found] = [t for t in catalogue(PluginHost.load()) if t.type == "assessment.recorded"]
    assert found.category is None
    assert "MEDICAL fields" in found.description


def test_a_plugin_kind_may_not_pass_for_a_webhook_message() -> None:
    posing = Declaring("xx", {"webhook.test": "Looks like the platform's test message."})
    with pytest.raises(PluginLoadError, match=r"'webhook.test' must .* outside the platform"):
        build_schema(host_with(posing))
