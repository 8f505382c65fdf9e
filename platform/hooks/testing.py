"""The conformance kit: does a jurisdiction honour the plugin contract?

A plugin's own test suite calls it, with one line:

    from vocrehab.hooks.testing import conformance_test
    test_conformance = conformance_test(lambda: MyJurisdiction())

or `assert_conforms(jurisdiction, cases=[...])` with cases of its own making
(`make_case(...)` builds snapshots). It checks what the platform relies on:

- every member of the protocol exists and returns the contract's types (and
  `validate_national_id_on`, where implemented, agrees with `validate_national_id`);
- codes are unique (benefit, intervention, assessment and document types,
  rules, milestones of a case, command names);
- every text has English, and only languages the jurisdiction declares;
- milestones are deterministic: the same facts give the same milestones;
- the rules listed are the rules enforced: every violation that `evaluate`,
  `assess`, `validate_details` or a case command reports is in `rules()`;
- case commands are named with the jurisdiction's prefix, take a strawberry
  input with `case_id`, and need a known scope;
- the details type implements `JurisdictionDetails`;
- every document kind renders in every declared format (when the
  jurisdiction renders documents);
- what the plugin writes for a reader (orientation, rule findings, details,
  the milestones shown) names nothing of a category that reader does not see:
  run as the platform runs it, from the case minimised to each role's
  categories, with milestones, findings and details fields of a hidden
  category left out; a benefit code, a diagnosis, a contact detail or a
  value the plugin declares MEDICAL (`details_categories`) found in the words
  of a reader without that category is a leak.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from vocrehab.hooks.categories import CATEGORIES_BY_ROLE, NEVER, minimised
from vocrehab.hooks.jurisdiction import DatedNationalIds, DocumentRenderer, Jurisdiction
from vocrehab.hooks.schema import JurisdictionDetails, withhold_tree
from vocrehab.hooks.types import (
    ActivatePlan,
    ActorInfo,
    AssessmentFacts,
    AssessmentKindInfo,
    BenefitFacts,
    BenefitTypeInfo,
    CaseFacts,
    Change,
    ChangeInterventionStatus,
    DetailsCheck,
    DiagnosisFacts,
    DocumentKindInfo,
    DocumentRequest,
    DocumentSnapshot,
    EndBenefit,
    EventFacts,
    GrantBenefit,
    IdCheck,
    InterventionFacts,
    InterventionTypeInfo,
    MilestoneInfo,
    OpenCase,
    OrientationInfo,
    ParticipantFacts,
    PersonInfo,
    PlanFacts,
    PlanStepFacts,
    ProposeIntervention,
    RecordAssessment,
    RenderedDocument,
    RuleInfo,
    SavePlan,
    TeamMemberFacts,
    TeamMemberInfo,
    Texts,
    UpdateCase,
    Violation,
)
from vocrehab.hooks.vocabulary import (
    SCOPES,
    CaseStatus,
    DataCategory,
    DocumentFormat,
    EmploymentStatus,
    InterventionStatus,
    PlanStatus,
    ReturnToWorkPhase,
    StakeholderType,
)

__all__ = [
    "TODAY",
    "assert_conforms",
    "conformance_test",
    "make_case",
    "make_snapshot",
    "problems",
    "sample_cases",
]

TODAY = date(2026, 3, 2)
KIT_DIAGNOSIS = DiagnosisFacts("ICD-10", "F32.1", "Moderate depressive episode")
KIT_NATIONAL_ID = "KIT-NATIONAL-ID-0001"
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def make_case(jurisdiction: str = "generic", **overrides: Any) -> CaseFacts:
    """A plausible open case snapshot; override any field of `CaseFacts`."""
    opened = datetime.combine(TODAY - timedelta(days=30), datetime.min.time(), UTC)
    base = CaseFacts(
        id="00000000-0000-7000-8000-000000000001",
        reference="TEST-2026-000001",
        jurisdiction=jurisdiction,
        status=CaseStatus.OPEN,
        phase=ReturnToWorkPhase.OFF_WORK,
        employment_status=EmploymentStatus.EMPLOYED,
        has_employer=True,
        sick_leave_start=TODAY - timedelta(days=35),
        opened_at=opened,
        closed_at=None,
        participant=ParticipantFacts(
            id="00000000-0000-7000-8000-000000000002",
            jurisdiction=jurisdiction,
            birth_date=date(1985, 6, 15),
            national_id=None,
            preferred_language="en",
        ),
        team=(
            TeamMemberFacts("00000000-0000-7000-8000-000000000010", StakeholderType.CASE_MANAGER, opened.date(), None),
            TeamMemberFacts("00000000-0000-7000-8000-000000000011", StakeholderType.EMPLOYER, opened.date(), None),
        ),
        events=(EventFacts("case.opened", opened, StakeholderType.CASE_MANAGER),),
    )  # fmt: skip
    return replace(base, **overrides)


def _steps(start: date, percents: Iterable[int]) -> tuple[PlanStepFacts, ...]:
    return tuple(
        PlanStepFacts(
            start + timedelta(weeks=4 * i), start + timedelta(weeks=4 * i + 4, days=-1), p
        )
        for i, p in enumerate(percents)
    )


def sample_cases(jurisdiction: Jurisdiction) -> list[CaseFacts]:
    """A spread of cases: new and long-running, employed or not, open, on hold and closed,
    with the jurisdiction's own benefit, intervention and assessment types."""
    code = jurisdiction.code
    benefit = next(iter(jurisdiction.benefit_types()), None)
    intervention = next(iter(jurisdiction.intervention_types()), None)
    kind = next(iter(jurisdiction.assessment_kinds()), None)
    cases = [
        make_case(code, sick_leave_start=TODAY - timedelta(days=days))
        for days in (1, 16, 60, 200, 400)
    ]
    cases.append(
        make_case(
            code,
            employment_status=EmploymentStatus.UNEMPLOYED,
            has_employer=False,
            sick_leave_start=None,
        )
    )
    cases.append(make_case(code, status=CaseStatus.ON_HOLD, phase=ReturnToWorkPhase.RE_ENTRY))
    plan = PlanFacts("p1", 1, PlanStatus.ACTIVE, "Plan", None, _steps(TODAY - timedelta(days=20), (25, 50, 100)),
                     activated_at=datetime.combine(TODAY - timedelta(days=20), datetime.min.time(), UTC))  # fmt: skip
    rich = make_case(
        code,
        phase=ReturnToWorkPhase.RE_ENTRY,
        plans=(plan,),
        benefits=(BenefitFacts("b1", benefit.code, benefit.allowed_degrees[-1], TODAY - timedelta(days=30)),) if benefit and benefit.allowed_degrees else (),
        interventions=(InterventionFacts("i1", intervention.code, InterventionStatus.ACTIVE, TODAY - timedelta(days=10)),) if intervention else (),
        assessments=(AssessmentFacts("a1", kind.code, TODAY - timedelta(days=25), 50, (KIT_DIAGNOSIS,)),) if kind else (),
        participant=replace(make_case(code).participant, national_id=KIT_NATIONAL_ID),
    )  # fmt: skip
    cases.append(rich)
    closed_at = datetime.combine(TODAY - timedelta(days=1), datetime.min.time(), UTC)
    cases.append(replace(rich, status=CaseStatus.CLOSED, closed_at=closed_at))
    return cases


def _probes(jurisdiction: Jurisdiction, case: CaseFacts) -> list[Change]:
    """Changes worth asking about: valid ones, and ones most rule sets refuse."""
    probes: list[Change] = [OpenCase(case), UpdateCase(case)]
    for percents in ((25, 50, 100), (100, 50), (0,), ()):
        plan = PlanFacts("p2", 2, PlanStatus.DRAFT, "Plan", None, _steps(TODAY, percents))
        probes += [SavePlan(plan), ActivatePlan(plan)]
    for benefit in jurisdiction.benefit_types():
        for degree in {*benefit.allowed_degrees, 1, 33, 100}:
            probes.append(GrantBenefit(BenefitFacts("b2", benefit.code, degree, TODAY)))
        probes.append(
            EndBenefit(BenefitFacts("b3", benefit.code, 100, TODAY - timedelta(days=10)), TODAY)
        )
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
    def __init__(self, jurisdiction: Jurisdiction) -> None:
        self.jurisdiction = jurisdiction
        self.found: list[str] = []
        self.languages = set(getattr(jurisdiction, "languages", ()))

    def check(self, ok: bool, message: str) -> bool:
        if not ok:
            self.found.append(message)
        return ok

    def texts(self, texts: Texts | None, where: str, required: bool = True) -> None:
        if texts is None:
            self.check(not required, f"{where}: no texts")
            return
        self.check("en" in texts, f"{where}: no English text")
        extra = set(texts) - self.languages
        self.check(not extra, f"{where}: texts in undeclared languages {sorted(extra)}")
        self.check(
            all(isinstance(t, str) and t.strip() for t in texts.values()), f"{where}: empty text"
        )

    def typed(self, values: Sequence[Any], kind: type, where: str) -> bool:
        return self.check(
            all(isinstance(v, kind) for v in values), f"{where}: expected {kind.__name__}s"
        )

    def unique(self, codes: Sequence[str], where: str) -> None:
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        self.check(not duplicates, f"{where}: duplicate codes {duplicates}")


def _identity(r: _Report, j: Jurisdiction) -> None:
    r.check(
        isinstance(j.code, str) and bool(_CODE.match(j.code)),
        f"code {j.code!r} is not a simple lower-case name",
    )
    r.check("en" in j.languages, "languages must include 'en'")
    r.texts(j.names, "names")
    r.check(
        j.country is None or bool(re.match(r"^[A-Z]{2}$", j.country)),
        "country must be ISO 3166-1 alpha-2",
    )
    r.check(
        bool(re.match(r"^[A-Z]{2,6}$", j.reference_prefix)),
        "reference_prefix must be 2-6 capital letters",
    )
    r.check(
        bool(re.match(r"^[a-z]{2,8}$", j.schema_prefix)),
        "schema_prefix must be 2-8 lower-case letters",
    )


def _reference(r: _Report, j: Jurisdiction) -> None:
    lists: list[tuple[str, Sequence[Any], type]] = [
        ("benefit_types", j.benefit_types(), BenefitTypeInfo),
        ("intervention_types", j.intervention_types(), InterventionTypeInfo),
        ("assessment_kinds", j.assessment_kinds(), AssessmentKindInfo),
        ("document_kinds", j.document_kinds(), DocumentKindInfo),
        ("rules", j.rules(), RuleInfo),
    ]
    for name, values, kind in lists:
        if not r.typed(values, kind, name):
            continue
        r.unique([v.code for v in values], name)
        for value in values:
            r.texts(
                getattr(value, "names", None) or getattr(value, "descriptions", None),
                f"{name} {value.code}",
            )
            if getattr(value, "descriptions", None) is not None and hasattr(value, "names"):
                r.texts(value.descriptions, f"{name} {value.code} descriptions")
    for benefit in j.benefit_types():
        r.check(
            all(0 <= d <= 100 for d in benefit.allowed_degrees),
            f"benefit {benefit.code}: degrees outside 0-100",
        )
    for rule in j.rules():
        r.check(bool(rule.legal_reference), f"rule {rule.code}: no legal reference")


def _validation(r: _Report, j: Jurisdiction, seen: list[Violation]) -> None:
    for probe in ("", "123", "abc-DEF 42", "01019012345", "198501011234"):
        r.check(
            isinstance(j.validate_national_id(probe), IdCheck),
            "validate_national_id must return IdCheck",
        )
        r.check(
            isinstance(j.validate_organisation_number(probe), IdCheck),
            "validate_organisation_number must return IdCheck",
        )
        if isinstance(j, DatedNationalIds):
            _dated_id(r, j, probe)
    for target in ("case", "assessment", "intervention"):
        for details in ({}, {"surelyNotAField": 1}):
            result = j.validate_details(target, details, None)  # type: ignore[arg-type]
            if r.check(
                isinstance(result, DetailsCheck),
                f"validate_details({target}) must return DetailsCheck",
            ):
                seen.extend(result.violations)
        r.check(
            not j.validate_details(target, {}, None).violations,
            f"empty {target} details must be valid",
        )  # type: ignore[arg-type]


def _dated_id(r: _Report, j: Any, probe: str) -> None:
    """Reading by the day may accept more forms, never fewer, nor store another value."""
    dated = j.validate_national_id_on(probe, TODAY)
    if not r.check(isinstance(dated, IdCheck), "validate_national_id_on must return IdCheck"):
        return
    plain = j.validate_national_id(probe)
    r.check(
        not plain.valid or (dated.valid and dated.normalized == plain.normalized),
        f"validate_national_id_on({probe!r}) disagrees with validate_national_id",
    )


def _case(r: _Report, j: Jurisdiction, case: CaseFacts, seen: list[Violation]) -> None:
    where = f"case ({case.status.value}, sick leave from {case.sick_leave_start})"
    milestones = list(j.milestones(case))
    if r.typed(milestones, MilestoneInfo, f"{where} milestones"):
        r.unique([m.code for m in milestones], f"{where} milestones")
        for milestone in milestones:
            r.texts(milestone.names, f"milestone {milestone.code}")
            r.texts(
                milestone.descriptions, f"milestone {milestone.code} descriptions", required=False
            )
            r.check(
                isinstance(milestone.responsible, StakeholderType),
                f"milestone {milestone.code}: responsible",
            )
            r.check(isinstance(milestone.due_date, date), f"milestone {milestone.code}: due date")
        r.check(
            list(j.milestones(copy.deepcopy(case))) == milestones,
            f"{where}: milestones are not deterministic",
        )
        r.check(list(j.milestones(case)) == milestones, f"{where}: milestones change between calls")
    violations = list(j.assess(case, TODAY))
    if r.typed(violations, Violation, f"{where} assess"):
        seen.extend(violations)
    orientation = j.orientation(case, milestones, TODAY)
    if r.check(
        isinstance(orientation, OrientationInfo),
        f"{where}: orientation must return OrientationInfo",
    ):
        r.texts(orientation.summary, f"{where} orientation summary")
        for step in orientation.next_steps:
            r.texts(step.title, f"{where} next step")
        for blocker in orientation.blockers:
            r.texts(blocker, f"{where} blocker")
    for change in _probes(j, case):
        found = list(j.evaluate(change, case))
        if r.typed(found, Violation, f"evaluate({type(change).__name__})"):
            seen.extend(found)
    _readers(r, j, case, milestones)
    details_type = j.details_type()
    presented = j.present_details(case)
    if details_type is not None:
        r.check(
            issubclass(details_type, JurisdictionDetails),
            "details_type() must implement JurisdictionDetails",
        )
        r.check(
            isinstance(presented, details_type),
            f"{where}: present_details must return a {details_type.__name__}",
        )


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
                f"case {case.reference}: a {role.value} (no {category.value}) is told {marker!r}",
            )


def _commands(r: _Report, j: Jurisdiction) -> None:
    names = [c.name for c in j.case_commands()]
    r.unique(names, "case_commands")
    for command in j.case_commands():
        where = f"case command {command.name}"
        r.check(
            command.name.startswith(j.schema_prefix),
            f"{where}: must start with {j.schema_prefix!r}",
        )
        r.check(command.scope in SCOPES, f"{where}: unknown scope {command.scope!r}")
        r.check(
            all(isinstance(role, StakeholderType) for role in command.roles)
            and bool(command.roles),
            f"{where}: roles",
        )
        r.texts(command.descriptions, where)
        definition = getattr(command.input_type, "__strawberry_definition__", None)
        has_case_id = definition is not None and "case_id" in {
            f.python_name for f in definition.fields
        }
        r.check(
            bool(definition and definition.is_input and has_case_id),
            f"{where}: input_type needs a case_id",
        )
        r.check(callable(command.apply), f"{where}: apply must be callable")


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
        if not r.check(
            isinstance(rendered, RenderedDocument) and len(rendered.content) > 0,
            f"{where}: no document",
        ):
            return
        r.check(j.render_document(snapshot) == rendered, f"{where}: rendering is not deterministic")
        if fmt in (DocumentFormat.JSON, DocumentFormat.FHIR_JSON) and kind.json_schema is not None:
            _valid_json(r, where, rendered.content, kind.json_schema)


def _valid_json(r: _Report, where: str, content: bytes, schema: Any) -> None:
    import json

    import jsonschema  # a test dependency of plugins that ship JSON documents

    try:
        jsonschema.validate(json.loads(content), schema)
    except (ValueError, jsonschema.ValidationError) as exc:
        r.found.append(f"{where}: does not match its JSON Schema: {str(exc).splitlines()[0]}")


def _guarded(r: _Report, where: str, check: Callable[[], None]) -> bool:
    """Run a check; a plugin that raises is reported, not a crash of the kit."""
    try:
        check()
    except Exception as exc:  # the kit reports whatever the plugin raises
        r.found.append(f"{where}: raised {type(exc).__name__}: {exc}")
        return False
    return True


def problems(
    jurisdiction: Jurisdiction,
    cases: Sequence[CaseFacts] | None = None,
    extra_violations: Callable[[], Iterable[Violation]] | None = None,
) -> list[str]:
    """Every way `jurisdiction` breaks the contract (empty when it conforms).

    `extra_violations` may run a plugin's own probes (e.g. its case commands
    on crafted inputs) whose violations must also be listed in `rules()`.
    """
    r = _Report(jurisdiction)
    if not r.check(
        isinstance(jurisdiction, Jurisdiction), "not a Jurisdiction: a protocol member is missing"
    ):
        return r.found
    seen: list[Violation] = []
    _guarded(r, "identity", lambda: _identity(r, jurisdiction))
    if not _guarded(r, "reference data", lambda: _reference(r, jurisdiction)) or r.found:
        return r.found  # the sample cases are built from the reference data
    _guarded(r, "validation", lambda: _validation(r, jurisdiction, seen))
    chosen = list(cases) if cases is not None else sample_cases(jurisdiction)
    for case in chosen:
        _guarded(r, f"case {case.reference}", lambda c=case: _case(r, jurisdiction, c, seen))  # type: ignore[misc]
    _guarded(r, "case commands", lambda: _commands(r, jurisdiction))
    _guarded(r, "documents", lambda: _documents(r, jurisdiction, chosen))
    if extra_violations is not None:
        seen.extend(extra_violations())
    listed = {rule.code for rule in jurisdiction.rules()}
    unlisted = sorted({v.code for v in seen} - listed)
    r.check(not unlisted, f"rules reported but not listed in rules(): {unlisted}")
    return r.found


def assert_conforms(
    jurisdiction: Jurisdiction,
    cases: Sequence[CaseFacts] | None = None,
    extra_violations: Callable[[], Iterable[Violation]] | None = None,
) -> None:
    found = problems(jurisdiction, cases, extra_violations)
    assert not found, "the jurisdiction breaks the plugin contract:\n- " + "\n- ".join(found)


def conformance_test(factory: Callable[[], Jurisdiction]) -> Callable[[], None]:
    """A pytest test function: `test_conformance = conformance_test(MyJurisdiction)`."""

    def test_conforms_to_the_plugin_contract() -> None:
        assert_conforms(factory())

    return test_conforms_to_the_plugin_contract
