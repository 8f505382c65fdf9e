"""The plugin host: discovery, the allow-list, and start-up errors that name the culprit."""

from __future__ import annotations

import inspect
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from vocrehab.hooks import CaseEventInfo, PluginInfo, hookimpl, specs
from vocrehab.hooks.host import PluginHost, PluginLoadError, UnknownJurisdictionError
from vocrehab_generic.jurisdiction import GenericJurisdiction

INFO = PluginInfo("test-plugin", "1.0")


class Renamed(GenericJurisdiction):
    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


def plugin(*jurisdictions: Any, **hooks: Any) -> SimpleNamespace:
    impls = {"vocrehab_register_jurisdictions": hookimpl(lambda config: list(jurisdictions))}
    impls.update(hooks)
    return SimpleNamespace(**impls)


def test_installed_plugins_are_found_through_their_entry_points() -> None:
    host = PluginHost.load()
    assert "generic" in [j.code for j in host.jurisdictions()]
    _, info, codes = next(p for p in host.plugins() if p[0] == "generic")
    assert info.name == "vocrehab" and codes == ["generic"]
    assert host.plugin_of("generic") == info


def test_the_allow_list_restricts_and_refuses_unknown_names() -> None:
    extra = [("other", plugin(Renamed("other")), INFO)]
    host = PluginHost.load(allow=["other"], extra=extra)
    assert [j.code for j in host.jurisdictions()] == ["other"]
    with pytest.raises(PluginLoadError, match="VOCREHAB_PLUGINS names nonesuch"):
        PluginHost.load(allow=["generic", "nonesuch"])


def test_a_duplicate_jurisdiction_code_stops_start_up() -> None:
    extra = [("copycat", plugin(Renamed("generic")), INFO)]
    with pytest.raises(PluginLoadError, match="'generic' is registered by both"):
        PluginHost.load(extra=extra)


def test_a_misspelt_hook_stops_start_up() -> None:
    bad = plugin(vocrehab_on_case_evnt=hookimpl(lambda event: None))
    with pytest.raises(PluginLoadError, match="misspelt"):
        PluginHost.load(allow=["typo"], extra=[("typo", bad, INFO)])


def test_an_object_that_is_no_jurisdiction_is_named() -> None:
    with pytest.raises(PluginLoadError, match=r"missing: .*benefit_types"):
        PluginHost.load(allow=["odd"], extra=[("odd", plugin(SimpleNamespace(code="odd")), INFO)])


def test_a_jurisdiction_must_speak_english() -> None:
    mute = Renamed("mute")
    mute.names = {"nb": "Stum"}
    with pytest.raises(PluginLoadError, match="English"):
        PluginHost.load(allow=["mute"], extra=[("mute", plugin(mute), INFO)])


def test_unknown_jurisdiction_lookup() -> None:
    host = PluginHost.load(allow=["generic"])
    assert not host.has("xx")
    with pytest.raises(UnknownJurisdictionError):
        host.jurisdiction("xx")


def test_case_events_reach_every_plugin_even_when_one_fails(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[str] = []

    def broken(event: CaseEventInfo) -> None:
        raise RuntimeError("boom")

    extra = [
        ("a", plugin(vocrehab_on_case_event=hookimpl(broken)), INFO),
        ("b", plugin(vocrehab_on_case_event=hookimpl(lambda event: seen.append(event.kind))), INFO),
    ]
    host = PluginHost.load(allow=["a", "b"], extra=extra)
    event = CaseEventInfo("EVT_x", "CAS_x", "generic", "case.opened", None, "opened")  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR):
        host.notify(event)
    assert seen == ["case.opened"]
    assert "plugin a failed" in caplog.text


HOOKS = sorted(name for name, _ in inspect.getmembers(specs) if name.startswith("vocrehab_"))


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_documented(name: str) -> None:
    doc = inspect.getdoc(getattr(specs, name)) or ""
    params = [p for p in inspect.signature(getattr(specs, name)).parameters]
    assert doc, f"{name} has no docstring"
    for param in params:
        assert f":param {param}:" in doc, f"{name} does not document {param}"


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_exercised_by_a_test(name: str) -> None:
    """A hook that no test calls is a hook nobody knows still works."""
    tests = Path(__file__).resolve().parents[1]
    assert any(name in path.read_text() for path in tests.rglob("test_*.py")), (
        f"no test uses {name}"
    )
