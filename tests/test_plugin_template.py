"""A country team's path: install the template as a distribution of its own and
see the platform load it, list its jurisdiction and open a case in it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "examples" / "plugin-template"
pytestmark = pytest.mark.slow

CHECK = """
import asyncio, os
from vocrehab.hooks.host import PluginHost
from vocrehab.api.schema import export_schema

host = PluginHost.load()
plugins = {name: (info.name, codes) for name, info, codes in host.plugins()}
assert plugins["example"] == ("vocrehab-example-jurisdiction", ["example"]), plugins
sdl = export_schema(host)
assert "exRecordLocalCaseNumber(" in sdl and "input: ExRecordLocalCaseNumberInput!" in sdl

from vocrehab.core import cases, participants
from vocrehab.core.clock import Clock
from vocrehab.core.work import Work
from vocrehab.db.engine import Database
from vocrehab.db.migrate import upgrade
from vocrehab.demo.seeder import admin

async def main():
    db = Database(os.environ["VOCREHAB_DATABASE_URL"])
    await upgrade(db)
    async with db.transaction() as session:
        work = Work(session, admin(), host, Clock())
        person = await participants.register_participant(work, participants.RegisterParticipant(
            jurisdiction="example", given_name="Ex", family_name="Ample", national_id="1234 5678"))
        case = await cases.open_case(work, cases.OpenCase(
            participant_id=person.id, employment_status="EMPLOYED"))
        print(case.reference, person.national_id)
    await db.dispose()

asyncio.run(main())
"""


def test_the_template_installs_loads_and_takes_a_case(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(TEMPLATE)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "VOCREHAB_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'template.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["EX-2026-000001", "12345678"]
    # The template's own tests, as its authors run them: the conformance kit included.
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(TEMPLATE), str(TEMPLATE / "tests")],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "5 passed" in tests.stdout
