"""The conformance kit: does a jurisdiction honour the plugin contract?

A plugin's own test suite calls it, with one line:

    from vocrehab.hooks.testing import conformance_test
    test_conformance = conformance_test(MyJurisdiction)

or `assert_conforms(jurisdiction, cases=[...])` with cases of its own making
(`make_case(...)` builds snapshots); `vocrehab plugins check` runs it on every
installed plugin. It checks what the platform relies on:

- every answer of every method has the contract's type, strictly (a `date` is
  a `date`, not a `datetime` or a string; an enum value is a member; a list
  is ordered, never a set): the same check the platform applies at run time;
- codes are unique (benefit, intervention, assessment and document types,
  rules, milestones of a case, command names);
- every text is in every language the jurisdiction declares, and no other;
- what a benefit may be granted at is declared so the platform can enforce it
  (`degrees` within 0-100, `amounts` from 0 in an ISO 4217 currency, no empty set
  or backward range), and `evaluate` is asked about allowed values only, as the
  platform asks it;
- an optional milestone past its due date is no blocker in the orientation;
- a jurisdiction with `details_version` above 1 has `upgrade_details`, and the
  empty details of every older version upgrade, the same each time, to details
  `validate_details` accepts;
- every violation that `evaluate`, `assess`, `validate_details` or a case
  command reports is listed in `rules()`, with the severity and the legal
  reference listed there (a rule listed as an ERROR must block);
- every case command is run, with several inputs, on every kit case; it is
  named with the jurisdiction's prefix, takes a strawberry input with
  `case_id`, and needs a scope every role it is offered to can hold;
- the kit's cases reach time-based rules: they run from day 1 to day 800 of
  sick leave, with several spells of every benefit type, and with the case
  details the plugin's own commands produce (`sample_cases`);
- milestones, findings and orientation are deterministic: the same in a second
  process whose clock is fixed years away and whose sets iterate otherwise;
- the details type implements `JurisdictionDetails`;
- every document kind renders in every declared format and language;
- what the plugin writes for a reader (orientation, rule findings, details,
  the milestones shown) names nothing of a category that reader does not see:
  run as the platform runs it, from the case minimised to each role's
  categories; a benefit code, a diagnosis, a contact detail or a value the
  plugin declares MEDICAL (`details_categories`) found in the words of a
  reader without that category is a leak.

Every finding names the plugin, the jurisdiction and method, and the kit case
(each has its own reference, e.g. `KIT-07-DAY-550`); a method that raised
carries its traceback.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from vocrehab.hooks.categories import CATEGORIES_BY_ROLE, NEVER, minimised
from vocrehab.hooks.guard import PluginError, guarded
from vocrehab.hooks.host import roles_without_scope
from vocrehab.hooks.jurisdiction import DatedNationalIds, DocumentRenderer, Jurisdiction
from vocrehab.hooks.kit_cases import KIT_DIAGNOSIS, KIT_NATIONAL_ID, TODAY, make_case, sample_cases
from vocrehab.hooks.kit_cases import steps as _steps
from vocrehab.hooks.kit_commands import command_inputs
from vocrehab.hooks.kit_determinism import differences
from vocrehab.hooks.kit_members import (
    allowed_samples,
    amount_samples,
    benefit_type_findings,
    optional_blocker_findings,
    version_findings,
)
from vocrehab.hooks.meetings import CASE_CONFERENCE, MeetingKinds
from vocrehab.hooks.schema import JurisdictionDetails, withhold_tree
from vocrehab.hooks.types import (
    ActivatePlan,
    ActorInfo,
    AssessmentFacts,
    BenefitFacts,
    CaseFacts,
    Change,
    ChangeInterventionStatus,
    DiagnosisFacts,
    DocumentKindInfo,
    DocumentRequest,
    DocumentSnapshot,
    EndBenefit,
    GrantBenefit,
    InterventionFacts,
    MilestoneInfo,
    OpenCase,
    PersonInfo,
    PlanFacts,
    ProposeIntervention,
    RecordAssessment,
    SavePlan,
    TeamMemberInfo,
    Texts,
    UpdateCase,
    Violation,
)
from vocrehab.hooks.vocabulary import (
    SCOPES,
    DataCategory,
    DocumentFormat,
    InterventionStatus,
    PlanStatus,
    StakeholderType,
)

__all__ = [
    "KIT_DIAGNOSIS",
    "KIT_NATIONAL_ID",
    "TODAY",
    "assert_conforms",
    "conformance_test",
    "make_case",
    "make_snapshot",
    "problems",
    "sample_cases",
]

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def _probes(jurisdiction: Jurisdiction, case: CaseFacts) -> list[Change]:
    """Changes worth asking about: valid ones, and ones most rule sets refuse."""
    probes: list[Change] = [OpenCase(case), UpdateCase(case)]
    for percents in ((25, 50, 100), (100, 50), (0,), ()):
        plan = PlanFacts("p2", 2, PlanStatus.DRAFT, "Plan", None, _steps(TODAY, percents))
        probes += [SavePlan(plan), ActivatePlan(plan)]
    for benefit in jurisdiction.benefit_types():
        # The platform refuses a degree or an amount the type does not allow before
        # asking `evaluate`: the probes ask only about allowed ones.
        degrees = allowed_samples(benefit.allowed)
        for degree in degrees:
            for amount in amount_samples(benefit):
                probes.append(
                    GrantBenefit(BenefitFacts("b2", benefit.code, degree, TODAY, None, amount))
                )
        ended = BenefitFacts("b3", benefit.code, degrees[-1], TODAY - timedelta(days=10))
        probes.append(EndBenefit(ended, TODAY))
    for kind in jurisdiction.intervention_types():
        weeks = (kind.max_duration_weeks or 8) + 1
        item = InterventionFacts(
            "i2", kind.code, InterventionStatus.PROPOSED, TODAY, TODAY + timedelta(weeks=weeks)
        )
        probes += [
            ProposeIntervention(item),
            ChangeInterventionStatus(item, InterventionStatus.REFERRED, TODAY),
        ]
    for assessment_kind in jurisdiction.assessment_kinds():
        probes.append(RecordAssessment(AssessmentFacts(
            "a2", assessment_kind.code, TODAY, 40, (DiagnosisFacts("ICD-10", "F32.1"),), ("d240",),
        )))  # fmt: skip
    return probes


class _Report:
    """The findings, each naming the plugin, the jurisdiction's method and the kit case."""

    def __init__(self, jurisdiction: Jurisdiction, plugin: str) -> None:
        self.plugin = plugin
        self.code = str(getattr(jurisdiction, "code", "?"))
        self.found: list[str] = []
        self.languages = set(getattr(jurisdiction, "languages", ()))
        self.case: str | None = None
        self.seen: list[tuple[Violation, str, str | None]] = []
        """Every violation reported: (violation, method, kit case)."""

    def add(self, method: str, message: str, case: str | None = None, trace: str = "") -> None:
        on = case or self.case
        where = f"{self.plugin}: {self.code}.{method}" + (f" on kit case {on}" if on else "")
        self.found.append(f"{where}: {message}" + (f"\n{trace}" if trace else ""))

    def check(self, ok: bool, method: str, message: str) -> bool:
        if not ok:
            self.add(method, message)
        return ok

    def saw(self, violations: Iterable[Violation], method: str) -> None:
        self.seen.extend((v, method, self.case) for v in violations)

    def texts(self, texts: Texts | None, method: str, where: str, required: bool = True) -> None:
        if texts is None:
            self.check(not required, method, f"{where}: no texts")
            return
        self.check("en" in texts, method, f"{where}: no English text")
        extra = set(texts) - self.languages
        self.check(not extra, method, f"{where}: texts in undeclared languages {sorted(extra)}")
        missing = self.languages - set(texts)
        self.check(not missing, method, f"{where}: no text in declared languages {sorted(missing)}")
        self.check(
            all(isinstance(t, str) and t.strip() for t in texts.values()),
            method,
            f"{where}: empty text",
        )

    def unique(self, codes: Sequence[str], method: str, what: str = "codes") -> None:
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        self.check(not duplicates, method, f"duplicate {what} {duplicates}")

    def guarded(self, method: str, check: Callable[[], None]) -> bool:
        """Run a check; whatever the plugin raises or answers wrongly is a finding."""
        try:
            check()
        except PluginError as exc:
            cause = exc.__cause__
            trace = _trace(cause) if cause is not None else ""
            self.add(exc.method, exc.problem, trace=trace)
            return False
        except Exception as exc:  # the kit reports whatever the plugin raises
            self.add(method, f"raised {type(exc).__name__}: {exc}", trace=_trace(exc))
            return False
        return True


def _trace(exc: BaseException) -> str:
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    return "".join("    " + line for chunk in lines for line in chunk.splitlines(True))


def _identity(r: _Report, j: Jurisdiction) -> None:
    r.check(
        isinstance(j.code, str) and bool(_CODE.match(j.code)),
        "code",
        f"{j.code!r} is not a simple lower-case name",
    )
    r.check("en" in j.languages, "languages", "must include 'en'")
    r.texts(j.names, "names", "names")
    r.check(
        j.country is None or bool(re.match(r"^[A-Z]{2}$", j.country)),
        "country",
        "must be ISO 3166-1 alpha-2",
    )
    r.check(
        bool(re.match(r"^[A-Z]{2,6}$", j.reference_prefix)),
        "reference_prefix",
        "must be 2-6 capital letters",
    )
    r.check(
        bool(re.match(r"^[a-z]{2,8}$", j.schema_prefix)),
        "schema_prefix",
        "must be 2-8 lower-case letters",
    )


def _reference(r: _Report, j: Jurisdiction) -> None:
    lists: list[tuple[str, Sequence[Any]]] = [
        ("benefit_types", j.benefit_types()),
        ("intervention_types", j.intervention_types()),
        ("assessment_kinds", j.assessment_kinds()),
        ("document_kinds", j.document_kinds()),
        ("rules", j.rules()),
    ]
    for method, values in lists:
        r.unique([v.code for v in values], method)
        for value in values:
            r.texts(
                getattr(value, "names", None) or getattr(value, "descriptions", None),
                method,
                value.code,
            )
            if getattr(value, "descriptions", None) is not None and hasattr(value, "names"):
                r.texts(value.descriptions, method, f"{value.code} descriptions")
    for method, message in benefit_type_findings(j.benefit_types()):
        r.add(method, message)
    for rule in j.rules():
        r.check(bool(rule.legal_reference), "rules", f"{rule.code}: no legal reference")


def _validation(r: _Report, j: Jurisdiction) -> None:
    for probe in ("", "123", "abc-DEF 42", "01019012345", "198501011234"):
        j.validate_national_id(probe)
        j.validate_organisation_number(probe)
        if isinstance(j, DatedNationalIds):
            _dated_id(r, j, probe)
    for target in ("case", "assessment", "intervention"):
        for details in ({}, {"surelyNotAField": 1}):
            r.saw(j.validate_details(target, details, None).violations, "validate_details")  # type: ignore[arg-type]
        r.check(
            not j.validate_details(target, {}, None).violations,  # type: ignore[arg-type]
            "validate_details",
            f"empty {target} details must be valid",
        )


def _versions(r: _Report, j: Jurisdiction) -> None:
    for method, message in version_findings(j):
        r.add(method, message)


TEAM_ROLES = frozenset(StakeholderType) - {StakeholderType.PARTICIPANT, StakeholderType.ADMIN}


def _meetings(r: _Report, j: Jurisdiction, cases: Sequence[CaseFacts]) -> None:
    """Meeting kinds (`MeetingKinds`): unique codes, texts in the declared languages, team
    roles as conveners, a jurisdiction's own kinds under its code, and `completes` naming
    milestones the jurisdiction computes for some case."""
    if not isinstance(j, MeetingKinds):
        return
    kinds = list(j.meeting_kinds())
    r.unique([k.code for k in kinds], "meeting_kinds")
    codes = {m.code for case in cases for m in j.milestones(case)}
    for kind in kinds:
        r.texts(kind.names, "meeting_kinds", kind.code)
        r.texts(kind.descriptions, "meeting_kinds", f"{kind.code} descriptions", False)
        r.check(bool(kind.conveners) and set(kind.conveners) <= TEAM_ROLES, "meeting_kinds",
                f"{kind.code}: conveners must be team roles, at least one")  # fmt: skip
        r.check(kind.code == CASE_CONFERENCE.code or kind.code.startswith(f"{j.code}."),
                "meeting_kinds", f"{kind.code}: start it with {j.code + '.'!r}")  # fmt: skip
        unknown = sorted(set(kind.completes) - codes)
        r.check(not unknown, "meeting_kinds",
                f"{kind.code}: completes {unknown}, which no sample case has")  # fmt: skip


def _dated_id(r: _Report, j: Any, probe: str) -> None:
    """Reading by the day may accept more forms, never fewer, nor store another value."""
    dated = j.validate_national_id_on(probe, TODAY)
    plain = j.validate_national_id(probe)
    r.check(
        not plain.valid or (dated.valid and dated.normalized == plain.normalized),
        "validate_national_id_on",
        f"({probe!r}) disagrees with validate_national_id",
    )


def _case(r: _Report, j: Jurisdiction, case: CaseFacts) -> None:
    milestones = list(j.milestones(case))
    r.unique([m.code for m in milestones], "milestones")
    for milestone in milestones:
        r.texts(milestone.names, "milestones", milestone.code)
        r.texts(milestone.descriptions, "milestones", f"{milestone.code} descriptions", False)
    r.check(list(j.milestones(case)) == milestones, "milestones", "change between calls")
    r.saw(j.assess(case, TODAY), "assess")
    orientation = j.orientation(case, milestones, TODAY)
    r.texts(orientation.summary, "orientation", "summary")
    for step in orientation.next_steps:
        r.texts(step.title, "orientation", "next step")
    for blocker in orientation.blockers:
        r.texts(blocker, "orientation", "blocker")
    for method, message in optional_blocker_findings(milestones, orientation, TODAY):
        r.add(method, message)
    for change in _probes(j, case):
        r.saw(j.evaluate(change, case), f"evaluate({type(change).__name__})")
    _readers(r, j, case, milestones)
    details_type = j.details_type()
    presented = j.present_details(case)
    if details_type is not None:
        r.check(
            issubclass(details_type, JurisdictionDetails),
            "details_type",
            "must implement JurisdictionDetails",
        )
        r.check(
            isinstance(presented, details_type),
            "present_details",
            f"must return a {details_type.__name__}",
        )


def _commands(r: _Report, j: Jurisdiction) -> None:
    commands = j.case_commands()
    r.unique([c.name for c in commands], "case_commands", "names")
    for command in commands:
        method = f"case command {command.name}"
        r.check(
            command.name.startswith(j.schema_prefix),
            method,
            f"must start with {j.schema_prefix!r}",
        )
        r.check(command.scope in SCOPES, method, f"unknown scope {command.scope!r}")
        r.check(bool(command.roles), method, "no roles may run it")
        unable = roles_without_scope(command)
        r.check(
            not unable,
            method,
            f"offered to {', '.join(role.value for role in unable)}, who can never hold "
            f"its scope {command.scope!r}",
        )
        r.texts(command.descriptions, method, "descriptions")
        definition = getattr(command.input_type, "__strawberry_definition__", None)
        has_case_id = definition is not None and "case_id" in {
            f.python_name for f in definition.fields
        }
        r.check(
            bool(definition and definition.is_input and has_case_id),
            method,
            "input_type needs a case_id",
        )


def _run_commands(r: _Report, j: Jurisdiction, case: CaseFacts) -> list[CaseFacts]:
    """Every command on `case` with each kit input; the cases their details make."""
    made: list[CaseFacts] = []
    own = j.validate_details("case", case.details, case).violations
    valid = not any(v.severity.value == "ERROR" for v in own)
    for command in j.case_commands():
        method = f"case command {command.name} (apply)"
        for value in command_inputs(command, case, TODAY):
            ok = r.guarded(
                method,
                lambda c=command, v=value: _command(r, j, case, c, v, made, valid),  # type: ignore[misc]
            )
            if not ok:
                break  # one report per command and case
    return made


def _command(
    r: _Report,
    j: Jurisdiction,
    case: CaseFacts,
    command: Any,
    value: Any,
    made: list[CaseFacts],
    valid: bool,
) -> None:
    """One run of a command; its details must then be valid if the case's were."""
    result = command.apply(case, value, TODAY)
    r.saw(result.violations, f"case command {command.name} (apply)")
    if any(v.severity.value == "ERROR" for v in result.violations):
        return
    checked = j.validate_details("case", result.details, case)
    r.saw(checked.violations, "validate_details")
    r.check(
        not valid or not any(v.severity.value == "ERROR" for v in checked.violations),
        f"case command {command.name} (apply)",
        "its details are refused by validate_details: "
        + "; ".join(f"{v.code} {v.message}" for v in checked.violations),
    )
    if result.details and len(made) < 8:
        made.append(replace(case, details=dict(checked.value),
                            reference=f"{case.reference}-AFTER-{command.name}"))  # fmt: skip


def _listed(r: _Report, j: Jurisdiction) -> None:
    """Every reported violation is a listed rule, reported with the listed severity and
    citing a legal reference (its own, more precise one, or, when None, the listed one)."""
    rules = {rule.code: rule for rule in j.rules()}
    found: dict[tuple[str, str], list[str | None]] = {}
    for violation, method, case in r.seen:
        rule = rules.get(violation.code)
        if rule is None:
            problem = f"rule {violation.code} reported but not listed in rules()"
        elif violation.severity is not rule.severity:
            problem = (
                f"rule {violation.code} reported as {violation.severity.value}, listed as "
                f"{rule.severity.value} in rules()"
            )
        elif violation.legal_reference is not None and not violation.legal_reference.strip():
            problem = f"rule {violation.code} reported with an empty legal reference"
        else:
            continue
        found.setdefault((method, problem), []).append(case)
    for (method, problem), cases in found.items():
        more = len(set(cases)) - 1
        r.add(method, problem + (f" (and on {more} more kit cases)" if more else ""), cases[0])


def _determinism(
    r: _Report, j: Jurisdiction, factory: Callable[[], Any] | None, cases: Sequence[CaseFacts]
) -> None:
    for index, message in differences(j, factory, cases, TODAY):
        case = cases[index].reference if index >= 0 else None
        r.add("milestones/assess/orientation", message, case)


def _markers(j: Jurisdiction, case: CaseFacts) -> dict[DataCategory, set[str]]:
    """What would betray each category if a reader without it saw it written."""
    markers: dict[DataCategory, set[str]] = {c: set() for c in DataCategory}
    markers[DataCategory.BENEFITS] |= {b.benefit_type_code for b in case.benefits}
    for assessment in case.assessments:
        for diagnosis in assessment.diagnoses:
            markers[DataCategory.MEDICAL] |= {diagnosis.code, diagnosis.text or ""}
    if case.participant.national_id:
        markers[DataCategory.CONTACT].add(case.participant.national_id)
    declared: Mapping[str, DataCategory] = getattr(j, "details_categories", None) or {}
    for path, category in declared.items():
        markers[category] |= set(_leaves(case.details, path.split(".")))
    return {c: {m for m in found if len(m) >= 3} for c, found in markers.items()}


def _leaves(value: Any, path: list[str]) -> Iterable[str]:
    """The words stored at a dotted path of details JSON (through lists too)."""
    if isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item, path)
    elif path and isinstance(value, Mapping):
        if path[0] in value:
            yield from _leaves(value[path[0]], path[1:])
    elif not path:
        if isinstance(value, Mapping | list | tuple):
            for item in value.values() if isinstance(value, Mapping) else value:
                yield from _leaves(item, [])
        elif isinstance(value, str):
            yield value


def _words(value: Any) -> str:
    """Everything a presented object says, as text (strawberry objects field by field)."""
    definition = getattr(type(value), "__strawberry_definition__", None)
    if definition is not None and hasattr(definition, "fields"):
        return " ".join(_words(getattr(value, f.python_name, None)) for f in definition.fields)
    if isinstance(value, Mapping):
        return " ".join(_words(v) for v in value.values())
    if isinstance(value, list | tuple | set | frozenset):
        return " ".join(_words(v) for v in value)
    return "" if value is None else str(value)


def _readers(r: _Report, j: Jurisdiction, case: CaseFacts, milestones: list[MilestoneInfo]) -> None:
    markers = _markers(j, case)
    declared: Mapping[str, DataCategory] = getattr(j, "details_categories", None) or {}
    rule_categories = {rule.code: rule.category for rule in j.rules()}
    for role in StakeholderType:
        seen = CATEGORIES_BY_ROLE[role] - NEVER.get(role, frozenset())
        hidden = {m: c for c, found in markers.items() if c not in seen for m in found}
        if not hidden:
            continue
        facts = minimised(case, seen, declared)
        shown = [m for m in milestones if m.category in seen]
        orientation = j.orientation(facts, shown, TODAY)
        findings = [
            v
            for v in j.assess(facts, TODAY)
            if rule_categories.get(v.code, DataCategory.PLAN) in seen
        ]
        details = j.present_details(facts)
        withhold_tree(details, frozenset(seen))
        words = _words(
            [orientation.summary, [s.title for s in orientation.next_steps], orientation.blockers,
             [v.message for v in findings], [(m.names, m.descriptions) for m in shown], details]
        )  # fmt: skip
        for marker, category in hidden.items():
            r.check(
                not re.search(rf"(?<![\w-]){re.escape(marker)}(?![\w-])", words),
                "orientation/assess/present_details",
                f"a {role.value} (no {category.value}) is told {marker!r}",
            )


def make_snapshot(
    case: CaseFacts,
    kind_code: str,
    fmt: DocumentFormat,
    lang: str = "en",
    categories: Iterable[DataCategory] = tuple(DataCategory),
    *,
    milestones: Sequence[MilestoneInfo] = (),
    requested_by: StakeholderType = StakeholderType.CASE_MANAGER,
) -> DocumentSnapshot:
    """A document snapshot of `case` as the platform builds one: the case and the
    participant minimised to `categories` (names of people made up).

    For the categories a kind's audiences allow, pass
    `document_categories(requester_categories, kind)` (vocrehab.hooks.categories).
    """
    allowed = frozenset(categories)
    contact = DataCategory.CONTACT in allowed
    facts = minimised(case, allowed)
    manager = ActorInfo(
        "00000000-0000-7000-8000-000000000010", "Case Manager", StakeholderType.CASE_MANAGER, False
    )
    employer = ActorInfo(
        "00000000-0000-7000-8000-000000000011", "Employer Ltd", StakeholderType.EMPLOYER, True
    )
    generated = datetime.combine(TODAY, datetime.min.time(), UTC)
    return DocumentSnapshot(
        request=DocumentRequest(kind_code, fmt, lang, generated, requested_by, allowed, TODAY),
        case=facts,
        participant=PersonInfo("Ada", "Lovelace", case.participant.birth_date if contact else None,
                               case.participant.national_id if contact else None),
        team=(TeamMemberInfo(manager, StakeholderType.CASE_MANAGER, case.opened_at.date()),
              TeamMemberInfo(employer, StakeholderType.EMPLOYER, case.opened_at.date())),
        employer=employer if case.has_employer else None,
        milestones=tuple(milestones),
    )  # fmt: skip


def _documents(r: _Report, j: Jurisdiction, cases: Sequence[CaseFacts]) -> None:
    if not j.document_kinds():
        return
    if not r.check(
        isinstance(j, DocumentRenderer),
        "render_document",
        "document kinds are declared but render_document is missing",
    ):
        return
    for kind in j.document_kinds():
        for fmt in kind.formats:
            for lang in j.languages:
                _document(r, j, kind, fmt, lang, cases)


def _document(
    r: _Report,
    j: Any,
    kind: DocumentKindInfo,
    fmt: DocumentFormat,
    lang: str,
    cases: Sequence[CaseFacts],
) -> None:
    where = f"document {kind.code} {fmt.value} {lang}"
    for case in cases:
        snapshot = make_snapshot(case, kind.code, fmt, lang)
        rendered = j.render_document(snapshot)
        r.case = case.reference
        if not r.check(len(rendered.content) > 0, "render_document", f"{where}: no document"):
            return
        r.check(
            j.render_document(snapshot) == rendered,
            "render_document",
            f"{where}: rendering is not deterministic",
        )
        if fmt in (DocumentFormat.JSON, DocumentFormat.FHIR_JSON) and kind.json_schema is not None:
            _valid_json(r, where, rendered.content, kind.json_schema)


def _valid_json(r: _Report, where: str, content: bytes, schema: Any) -> None:
    import json

    import jsonschema  # a test dependency of plugins that ship JSON documents

    try:
        jsonschema.validate(json.loads(content), schema)
    except (ValueError, jsonschema.ValidationError) as exc:
        r.add(
            "render_document",
            f"{where}: does not match its JSON Schema: {str(exc).splitlines()[0]}",
        )


def problems(
    jurisdiction: Jurisdiction,
    cases: Sequence[CaseFacts] | None = None,
    extra_violations: Callable[[], Iterable[Violation]] | None = None,
    *,
    plugin: str | None = None,
    factory: Callable[[], Jurisdiction] | None = None,
    second_process: bool = True,
) -> list[str]:
    """Every way `jurisdiction` breaks the contract (empty when it conforms).

    `plugin` names it in the findings (by default its top-level module);
    `factory` rebuilds it in the second process of the determinism check (by
    default the jurisdiction itself is pickled there). `extra_violations` may run
    a plugin's own probes whose violations must also be listed in `rules()`.
    """
    name = plugin or type(jurisdiction).__module__.split(".")[0]
    r = _Report(jurisdiction, name)
    if not r.check(isinstance(jurisdiction, Jurisdiction), "protocol", "a member is missing"):
        return r.found
    j: Jurisdiction = guarded(jurisdiction, name)
    r.guarded("identity", lambda: _identity(r, j))
    if not r.guarded("reference data", lambda: _reference(r, j)) or r.found:
        return r.found  # the sample cases are built from the reference data
    r.guarded("validation", lambda: _validation(r, j))
    r.guarded("details versions", lambda: _versions(r, j))
    r.guarded("case_commands", lambda: _commands(r, j))
    chosen = list(cases) if cases is not None else sample_cases(j)
    made: list[CaseFacts] = []
    for case in chosen:
        r.case = case.reference
        r.guarded("case", lambda c=case: _case(r, j, c))  # type: ignore[misc]
        made += _run_commands(r, j, case)
    for case in made:
        r.case = case.reference
        r.guarded("case", lambda c=case: _case(r, j, c))  # type: ignore[misc]
    r.case = None
    r.guarded("meeting_kinds", lambda: _meetings(r, j, chosen + made))
    r.guarded("documents", lambda: _documents(r, j, chosen))
    if extra_violations is not None:
        r.saw(extra_violations(), "extra_violations")
    r.case = None
    r.guarded("rules", lambda: _listed(r, j))
    if second_process:
        r.guarded("determinism", lambda: _determinism(r, j, factory, chosen + made))
    return r.found


def assert_conforms(
    jurisdiction: Jurisdiction,
    cases: Sequence[CaseFacts] | None = None,
    extra_violations: Callable[[], Iterable[Violation]] | None = None,
    *,
    plugin: str | None = None,
    factory: Callable[[], Jurisdiction] | None = None,
) -> None:
    found = problems(jurisdiction, cases, extra_violations, plugin=plugin, factory=factory)
    assert not found, "the jurisdiction breaks the plugin contract:\n- " + "\n- ".join(found)


def conformance_test(factory: Callable[[], Jurisdiction]) -> Callable[[], None]:
    """A pytest test function: `test_conformance = conformance_test(MyJurisdiction)`."""

    def test_conforms_to_the_plugin_contract() -> None:
        assert_conforms(factory(), factory=factory)

    return test_conforms_to_the_plugin_contract
