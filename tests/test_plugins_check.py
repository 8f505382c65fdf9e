"""`vocrehab plugins check` and the conformance kit find each kind of broken plugin.

Each broken plugin below is a bug a country team shipped past the earlier kit.
The test installs them (a distribution with one entry point each, written into
the test's temp dir and put on the path, as pip would leave it) and shows that
both the command and the kit name the plugin, the method and the kit case.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BASE = '''
from dataclasses import replace
from datetime import date, datetime, timedelta

import strawberry

from vocrehab.hooks import (
    CaseCommand, CommandResult, DataCategory, DetailsCheck, JurisdictionDetails, RuleInfo, Severity,
    StakeholderType, Violation, data_categories, hookimpl,
)
from vocrehab_generic.jurisdiction import GenericJurisdiction


class Broken(GenericJurisdiction):
    """The generic rules under another code, without the generic commands and details."""

    def case_commands(self):
        return ()

    def details_type(self):
        return None

    def present_details(self, case):
        return None


def register(cls):
    return hookimpl(lambda config: [cls()])
'''

# entry point -> (the class body after `class X(Broken):`, what the kit must say)
BROKEN: dict[str, tuple[str, str]] = {
    "met_on_text": (
        """
        def milestones(self, case):
            return [replace(m, met_on=m.due_date.isoformat()) for m in super().milestones(case)]
        """,
        r"milestones on kit case KIT-\d+-[A-Z0-9-]+: the answer\[0\]\.met_on: is a str",
    ),
    "birth_date_text": (
        """
        def validate_national_id(self, value):
            return replace(super().validate_national_id(value), birth_date="1985-06-15")
        """,
        r"validate_national_id: the answer\.birth_date: is a str",
    ),
    "step_due_text": (
        """
        def orientation(self, case, milestones, today):
            found = super().orientation(case, milestones, today)
            steps = tuple(replace(s, due_date=str(today)) for s in found.next_steps)
            return replace(found, next_steps=steps)
        """,
        r"orientation on kit case KIT-\d+-[A-Z0-9-]+: the answer\.next_steps\[0\]\.due_date: is a str",
    ),
    "due_datetime": (
        """
        def milestones(self, case):
            return [replace(m, due_date=datetime.combine(m.due_date, datetime.min.time()))
                    for m in super().milestones(case)]
        """,
        r"milestones on kit case KIT-\d+-[A-Z0-9-]+: the answer\[0\]\.due_date: is a datetime",
    ),
    "clock_today": (
        """
        def milestones(self, case):
            found = list(super().milestones(case))
            return [replace(m, due_date=max(m.due_date, date.today())) for m in found]
        """,
        r"milestones/assess/orientation on kit case KIT-\d+-[A-Z0-9-]+: milestones differ in a second process",
    ),
    "set_order": (
        """
        def milestones(self, case):
            found = {m.code: m for m in super().milestones(case)}
            return [found[code] for code in set(found)]
        """,
        r"milestones/assess/orientation on kit case KIT-\d+-[A-Z0-9-]+: milestones differ in a second process",
    ),
    "error_as_warning": (
        """
        def evaluate(self, change, case):
            return [replace(v, severity=Severity.WARNING) if v.severity is Severity.ERROR else v
                    for v in super().evaluate(change, case)]
        """,
        r"evaluate\(\w+\) on kit case KIT-\d+-[A-Z0-9-]+: rule \w+ reported as WARNING, listed as ERROR in rules\(\)",
    ),
    "command_only_rule": (
        """
        schema_prefix = "cmdrule"

        def case_commands(self):
            @strawberry.input(name="CmdruleNoteInput")
            class NoteInput:
                case_id: strawberry.ID
                text: str

            def apply(case, value, today):
                found = (Violation("CMD_SECRET", Severity.ERROR, "only here"),) if value.text else ()
                return CommandResult(dict(case.details), "cmdrule.noted", "Noted", found)

            return [CaseCommand("cmdruleNote", NoteInput, (StakeholderType.CASE_MANAGER,),
                                "cases:write", {"en": "Note"}, apply)]
        """,
        r"case command cmdruleNote \(apply\) on kit case KIT-01-DAY-1: rule CMD_SECRET reported "
        r"but not listed in rules\(\)",
    ),
    "long_running_rule": (
        """
        def assess(self, case, today):
            found = list(super().assess(case, today))
            if case.sick_leave_start and (today - case.sick_leave_start).days > 500:
                found.append(Violation("LONG_SECRET", Severity.WARNING, "a year and a half"))
            return found
        """,
        r"assess on kit case KIT-07-DAY-550: rule LONG_SECRET reported but not listed",
    ),
    "benefits_to_employer": (
        """
        schema_prefix = "leak"

        def validate_details(self, target, details, case):
            return DetailsCheck(dict(details))

        def case_commands(self):
            @strawberry.input(name="LeakSummariseInput")
            class SummariseInput:
                case_id: strawberry.ID

            def apply(case, value, today):
                codes = ", ".join(b.benefit_type_code for b in case.benefits)
                return CommandResult({**case.details, "benefits": codes}, "leak.summed", "Summed")

            return [CaseCommand("leakSummarise", SummariseInput, (StakeholderType.CASE_MANAGER,),
                                "cases:write", {"en": "Summarise"}, apply)]

        def details_type(self):
            return LeakCaseDetails

        def present_details(self, case):
            return LeakCaseDetails(jurisdiction_code=self.code, benefit=case.details.get("benefits"))
        """,
        r"orientation/assess/present_details on kit case KIT-\d+-[A-Z0-9-]+-AFTER-leakSummarise: "
        r"a EMPLOYER \(no BENEFITS\) is told '[A-Z_]+'",
    ),
    "optional_blocker": (
        """
        def milestones(self, case):
            return [replace(m, optional=True) for m in super().milestones(case)]

        def orientation(self, case, milestones, today):
            found = super().orientation(case, milestones, today)
            late = tuple({"en": f"{m.names['en']} is late"} for m in milestones
                         if m.met_on is None and not m.not_applicable and m.due_date < today)
            return replace(found, blockers=found.blockers + late)
        """,
        r"orientation on kit case KIT-\d+-[A-Z0-9-]+: optional milestone \w+ is past due, and a "
        r"blocker names it",
    ),
}


EXTRA = {
    "benefits_to_employer": """
@strawberry.type(name="LeakCaseDetails")
@data_categories(DataCategory.PLAN)
class LeakCaseDetails(JurisdictionDetails):
    benefit: str | None = None
""",
}


def _module(entry: str, body: str, index: int) -> str:
    code = "b" + entry.replace("_", "")[:12]
    prefix = "BR" + chr(ord("A") + index // 26) + chr(ord("A") + index % 26)
    header = f"""
from vocrehab_broken_base import *  # noqa: F403


class {entry.title().replace("_", "")}(Broken):
    code = {code!r}
    reference_prefix = {prefix!r}
"""
    tail = f"\n\nvocrehab_register_jurisdictions = register({entry.title().replace('_', '')})\n"
    methods = textwrap.indent(textwrap.dedent(body).strip("\n"), "    ")
    return header + methods + "\n\n" + EXTRA.get(entry, "") + tail


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The broken plugins as an installed distribution on a directory of the path."""
    root = tmp_path_factory.mktemp("site")
    (root / "vocrehab_broken_base.py").write_text(BASE)
    lines = ["[vocrehab]"]
    for index, (entry, (body, _)) in enumerate(BROKEN.items()):
        (root / f"vocrehab_broken_{entry}.py").write_text(_module(entry, body, index))
        lines.append(f"{entry} = vocrehab_broken_{entry}")
    (root / "vocrehab_broken_scope.py").write_text(SCOPE)
    (root / "vocrehab_broken_clash.py").write_text(CLASH)
    (root / "vocrehab_broken_unenforceable.py").write_text(UNENFORCEABLE)
    info = root / "vocrehab_broken-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: vocrehab-broken\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "\n".join(
            [
                *lines,
                "scope = vocrehab_broken_scope",
                "clash = vocrehab_broken_clash",
                "unenforceable = vocrehab_broken_unenforceable",
            ]
        )
        + "\n"
    )
    return root


SCOPE = (
    BASE
    + """

class NeverAllowed(Broken):
    code = "bscope"
    reference_prefix = "BSCOPE"
    schema_prefix = "scope"

    def case_commands(self):
        @strawberry.input(name="ScopeGrantInput")
        class GrantInput:
            case_id: strawberry.ID

        def apply(case, value, today):
            return CommandResult(dict(case.details), "scope.granted", "Granted")

        return [CaseCommand("scopeGrant", GrantInput, (StakeholderType.EMPLOYER,),
                            "benefits:write", {"en": "Grant"}, apply)]


vocrehab_register_jurisdictions = register(NeverAllowed)
"""
)

UNENFORCEABLE = (
    BASE
    + """
from vocrehab.hooks import AllowedValues


class Unenforceable(Broken):
    code = "bunenf"
    reference_prefix = "BUNENF"
    schema_prefix = "unenf"
    details_version = 2  # and no upgrade_details

    def benefit_types(self):
        return [replace(b, degrees=AllowedValues.between(20, 120)) for b in super().benefit_types()]


vocrehab_register_jurisdictions = register(Unenforceable)
"""
)

CLASH = (
    BASE
    + """

@strawberry.type(name="LeakCaseDetails")
@data_categories(DataCategory.PLAN)
class SameName(JurisdictionDetails):
    note: str | None = None


class Clash(Broken):
    code = "bclash"
    reference_prefix = "BCLASH"
    schema_prefix = "clash"

    def details_type(self):
        return SameName

    def present_details(self, case):
        return SameName(jurisdiction_code=self.code)


vocrehab_register_jurisdictions = register(Clash)
"""
)


def _check(installed: Path, allow: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(installed), *sys.path]),
        "VOCREHAB_PLUGINS": ",".join(allow),
    }
    vocrehab = Path(sys.executable).parent / "vocrehab"
    return subprocess.run(
        [str(vocrehab), "plugins", "check", *args],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip


def test_plugins_check_reports_each_broken_plugin_with_plugin_method_and_case(
    installed: Path,
) -> None:
    done = _check(installed, list(BROKEN))
    assert done.returncode == 1, done.stdout + done.stderr
    report = done.stderr
    for entry, (_, expected) in BROKEN.items():
        code = "b" + entry.replace("_", "")[:12]
        lines = [line for line in report.splitlines() if line.startswith(f"- {entry}: {code}.")]
        assert any(re.search(expected, line) for line in lines), (entry, lines or report[-3000:])


def test_the_kit_itself_reports_them_and_a_crash_carries_its_traceback(installed: Path) -> None:
    sys.path.insert(0, str(installed))
    try:
        from vocrehab.hooks.testing import problems

        for entry, (_, expected) in BROKEN.items():
            module = __import__(f"vocrehab_broken_{entry}")
            [jurisdiction] = module.vocrehab_register_jurisdictions(config=None)
            # The second processes (four hash seeds) only tell the determinism entries
            # apart; `vocrehab plugins check` above runs them for every entry.
            found = problems(jurisdiction, plugin=entry,
                             second_process="second process" in expected)  # fmt: skip
            assert any(f.startswith(f"{entry}: {jurisdiction.code}.") and re.search(expected, f)
                       for f in found), (entry, found)  # fmt: skip
        crash = __import__("vocrehab_broken_base").Broken()
        crash.assess = lambda case, today: 1 / 0
        [finding, *_] = [f for f in problems(crash, plugin="crash", second_process=False)
                         if ".assess on kit case KIT-01-DAY-1" in f]  # fmt: skip
        assert "ZeroDivisionError" in finding and "Traceback" in finding, finding
    finally:
        sys.path.remove(str(installed))


def test_a_command_offered_to_a_role_that_never_holds_its_scope_stops_start_up(
    installed: Path,
) -> None:
    done = _check(installed, ["scope"])
    assert done.returncode == 1
    assert "case command 'scopeGrant' is offered to EMPLOYER, who can never hold its scope " \
        "'benefits:write'" in done.stderr  # fmt: skip


def test_declarations_the_platform_could_not_enforce_stop_start_up(installed: Path) -> None:
    done = _check(installed, ["unenforceable"])
    assert done.returncode == 1
    assert "jurisdiction 'bunenf': details_version is 2, but there is no upgrade_details" \
        in done.stderr  # fmt: skip


def test_a_graphql_name_clash_between_plugins_is_found(installed: Path) -> None:
    done = _check(installed, ["benefits_to_employer", "clash"], "clash")
    assert done.returncode == 1
    assert "schema (every installed plugin): " in done.stderr
    assert "LeakCaseDetails" in done.stderr


def test_the_bundled_plugins_pass(installed: Path) -> None:
    done = _check(installed, ["generic", "no", "se"])
    assert done.returncode == 0, done.stderr[-3000:]
    assert "every checked plugin honours the plugin contract" in done.stdout
