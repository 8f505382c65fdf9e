"""Guards on the layout: the packaging traps of the `platform/` -> `vocrehab`
mapping, and the direction of dependencies between layers."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
PACKAGE_DIRS: dict[str, str] = SETUPTOOLS["package-dir"]


def _import_name(directory: Path) -> str | None:
    """The import name of a directory under a mapped root (None if unmapped)."""
    for name, root in PACKAGE_DIRS.items():
        base = ROOT / root
        if directory == base or base in directory.parents:
            rest = directory.relative_to(base).parts
            return ".".join((name, *rest))
    return None


def test_platform_is_never_a_regular_package() -> None:
    assert not (ROOT / "platform" / "__init__.py").exists(), (
        "platform/__init__.py shadows the stdlib"
    )


def test_import_platform_from_the_root_gives_the_standard_library() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import platform, sysconfig; print(platform.__file__); print(platform.python_version())"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    location = Path(out.stdout.splitlines()[0])
    assert location.parent != ROOT / "platform"
    assert location.name == "platform.py", location


def test_every_package_is_listed_and_every_listed_one_exists() -> None:
    listed = set(SETUPTOOLS["packages"])
    found = {"vocrehab"}
    for root in PACKAGE_DIRS.values():
        for init in (ROOT / root).rglob("__init__.py"):
            name = _import_name(init.parent)
            assert name is not None
            found.add(name)
    assert found - listed == set(), "packages missing from pyproject.toml (absent from the wheel)"
    assert listed - found == set(), "pyproject.toml lists packages that do not exist"


def test_every_plugin_package_is_registered_as_an_entry_point() -> None:
    entry_points = PYPROJECT["project"]["entry-points"]["vocrehab"]
    plugins = {name for name in PACKAGE_DIRS if name.startswith("vocrehab_")}
    assert set(entry_points.values()) == plugins


# ---------------------------------------------------------------------- dependency direction


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(directory: str) -> list[Path]:
    return sorted((ROOT / directory).rglob("*.py"))


# (layer directory, prefixes its modules must never import)
FORBIDDEN = [
    ("platform/core", ("strawberry", "starlette", "vocrehab.api", "vocrehab.auth", "vocrehab.app", "vocrehab.cli", "vocrehab.demo", "vocrehab.ids")),
    ("platform/db", ("strawberry", "starlette", "vocrehab.core", "vocrehab.api", "vocrehab.auth")),
    ("platform/hooks", ("sqlalchemy", "starlette", "vocrehab.core", "vocrehab.api", "vocrehab.db", "vocrehab.auth")),
    # The API layer holds no SQL: it calls core, which does.
    ("platform/api", ("sqlalchemy", "vocrehab.auth", "vocrehab.app")),
    ("platform/auth", ("strawberry", "vocrehab.api", "vocrehab.demo")),
    # The demo is a client of the core services (and of auth for its logins), like the CLI.
    ("platform/demo", ("strawberry", "starlette", "vocrehab.api")),
    # Integrations read through the API's pipeline like any client; they serve nothing.
    ("platform/integrations", ("strawberry", "starlette", "vocrehab.auth", "vocrehab.app")),
]  # fmt: skip


@pytest.mark.parametrize(("layer", "forbidden"), FORBIDDEN, ids=[f[0] for f in FORBIDDEN])
def test_dependencies_point_one_way(layer: str, forbidden: tuple[str, ...]) -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(layer)
        for name in _imports(path)
        if name.startswith(forbidden)
    ]
    assert offences == []


# Global IDs and GraphQL input paths belong to the API layer (api/ids.py decodes
# every ID argument, api/mutations.input_path maps field names to input paths):
# core services take row ids and name a field as their command does.
_CAMEL = re.compile(r"^[a-z]+[A-Z][A-Za-z0-9]*$")


def _graphql_speech(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    # A dict literal is data (an event's stored payload, JSON), not a field name.
    in_data = {
        id(node) for d in ast.walk(tree) if isinstance(d, ast.Dict)
        for part in (*d.keys, *d.values) if part is not None
        for node in ast.walk(part)
    }  # fmt: skip
    # So is a key looked up in one (`document["asOf"]`).
    in_data |= {id(s.slice) for s in ast.walk(tree) if isinstance(s, ast.Subscript)}
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Name | ast.Attribute | ast.alias):
            name = {ast.Name: "id", ast.Attribute: "attr", ast.alias: "name"}[type(node)]
            if "global_id" in str(getattr(node, name)).lower():
                found.append(f"{where} parses or builds global IDs")
        elif isinstance(node, ast.Tuple | ast.List) and node.elts:
            first = node.elts[0]
            if isinstance(first, ast.Constant) and first.value == "input":
                found.append(f"{where} builds a GraphQL input path")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _CAMEL.match(node.value)
            and id(node) not in in_data
        ):
            found.append(f"{where} names a field in GraphQL's words: {node.value!r}")
    return found


def test_core_speaks_neither_global_ids_nor_graphql_paths() -> None:
    assert [
        offence for path in _modules("platform/core") for offence in _graphql_speech(path)
    ] == []


def test_the_layout_guard_sees_graphql_speech(tmp_path: Path) -> None:
    """The guard above is not vacuous: it finds each way core used to speak GraphQL."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from vocrehab.ids import decode_global_id\n"
        "case_id = decode_global_id(value, 'Case')[1]\n"
        "field = ('input', 'caseId')\n"
        "checks.fail(('workPercent',), 'must be between 0 and 100')\n"
        "data = {'planId': str(plan_id)}\n"
    )
    assert sorted(_graphql_speech(sample)) == [
        "sample.py:1 parses or builds global IDs",
        "sample.py:2 parses or builds global IDs",
        "sample.py:3 builds a GraphQL input path",
        "sample.py:3 names a field in GraphQL's words: 'caseId'",
        "sample.py:4 names a field in GraphQL's words: 'workPercent'",
    ]


# Access is declared once and applied by the platform (api/access.py, applied by
# api/planner.py and api/base.present; relationship and consent through
# api/readers.py; the token in the one pipeline, api/operation.py): no other
# module of the API decides it by hand.
ACCESS_MODULES = {"access.py", "readers.py", "operation.py"}


POLICY_MODULES = ("vocrehab.core.policy", "vocrehab.core.access")


def _reaches_the_policy(path: Path) -> list[str]:
    """Each way a module reaches the policy: `import vocrehab.core.policy`, `from
    vocrehab.core.policy import ...`, `from vocrehab.core import policy`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        found += [
            f"{path.name}:{node.lineno} imports {name}"
            for name in names
            if name.startswith(POLICY_MODULES)
        ]
    return found


def test_no_resolver_decides_access_by_hand() -> None:
    offences = [
        offence
        for path in _modules("platform/api")
        if path.name not in ACCESS_MODULES
        for offence in _reaches_the_policy(path)
    ]
    assert offences == []


def test_the_access_guard_sees_every_way_in(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import vocrehab.core.policy\n"
        "from vocrehab.core.policy import require_scope\n"
        "from vocrehab.core import policy\n"
        "from vocrehab.core import access as rules, reads\n"
    )
    assert _reaches_the_policy(sample) == [
        "sample.py:1 imports vocrehab.core.policy",
        "sample.py:2 imports vocrehab.core.policy",
        "sample.py:2 imports vocrehab.core.policy.require_scope",
        "sample.py:3 imports vocrehab.core.policy",
        "sample.py:4 imports vocrehab.core.access",
    ]


@pytest.mark.parametrize(
    "plugin", sorted(p.name for p in (ROOT / "plugins").iterdir() if p.is_dir())
)
def test_plugins_import_only_the_contract(plugin: str) -> None:
    """If a country team cannot write it from the contract, neither may we."""
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(f"plugins/{plugin}")
        for name in _imports(path)
        if name.startswith("vocrehab")
        and not name.startswith(("vocrehab.hooks", f"vocrehab_{plugin}"))
    ]
    assert offences == []
