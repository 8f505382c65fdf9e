"""examples/frontend type-checks against schema.graphql: graphql-codegen's client
preset generates the operations' types (every custom scalar mapped, enums as
unions) and `tsc --strict` accepts the client, including its exhaustive switch
over UserErrorCode. Skipped, with the reason, when node or npm is missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "frontend"
NODE, NPM = shutil.which("node"), shutil.which("npm")
needs_node = pytest.mark.skipif(
    NODE is None or NPM is None,
    reason="node and npm are needed to type-check examples/frontend (apt-get install nodejs npm)",
)


def run(*command: str, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed() -> Path:
    """The example's packages, from its lock file (once; node_modules is not committed)."""
    if not (EXAMPLE / "node_modules" / ".package-lock.json").exists():
        done = run("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline", cwd=EXAMPLE)
        assert done.returncode == 0, done.stderr[-3000:]
    return EXAMPLE


@needs_node
def test_codegen_and_strict_typescript_accept_the_example(installed: Path) -> None:
    generated = run("npx", "graphql-codegen", "--config", "codegen.ts", cwd=installed)
    assert generated.returncode == 0, generated.stdout[-3000:] + generated.stderr[-3000:]
    types = (installed / "src" / "gql" / "graphql.ts").read_text()
    # Every custom scalar has a type of its own, none is `any`.
    assert "Date: { input: string; output: string; }" in types
    assert "DateTime: { input: string; output: string; }" in types
    assert "input: any" not in types and "output: any" not in types
    scalars = re.search(r"export type Scalars = \{\n(.*?)\n\};", types, re.S)
    assert scalars is not None
    mapped = dict(re.findall(r"^  (\w+): \{ input: (.*?); output: .*; \}$", scalars[1], re.M))
    assert {"Date", "DateTime", "JSON"} <= set(mapped)
    assert [name for name, ts in mapped.items() if ts in {"any", "unknown"}] == []
    assert "export type UserErrorCode =" in types and "export type CaseEventKind =" in types
    checked = run("npx", "tsc", "--noEmit", "--strict", cwd=installed)
    assert checked.returncode == 0, checked.stdout[-3000:]


@needs_node
def test_a_code_the_client_does_not_handle_fails_the_type_check(
    installed: Path, tmp_path: Path
) -> None:
    """The switch is exhaustive for real: without one case, tsc refuses the client."""
    copy = tmp_path / "frontend"
    shutil.copytree(installed, copy, ignore=shutil.ignore_patterns("node_modules"))
    (copy / "node_modules").symlink_to(installed / "node_modules")
    schema = (installed.parent.parent / "schema.graphql").as_posix()
    config = copy / "codegen.ts"
    config.write_text(config.read_text().replace('"../../schema.graphql"', f'"{schema}"'))
    plans = copy / "src" / "plans.ts"
    handled = '    case "ALREADY_EXISTS":\n      return "It exists already.";\n'
    assert handled in plans.read_text()
    plans.write_text(plans.read_text().replace(handled, ""))
    assert run("npx", "graphql-codegen", "--config", "codegen.ts", cwd=copy).returncode == 0
    checked = run("npx", "tsc", "--noEmit", "--strict", cwd=copy)
    assert checked.returncode != 0
    assert "plans.ts" in checked.stdout and "never" in checked.stdout
