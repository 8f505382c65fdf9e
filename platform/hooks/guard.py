"""Every answer of a plugin checked before the platform uses it.

The host hands out jurisdictions wrapped in `Guarded`: each method of the
contract (`vocrehab.hooks.returns.RETURNS`), and each case command's `apply`,
is called through a check of what it returns. A plugin that returns a wrong
type (a due date as a string or a `datetime`, a severity as "ERROR") or that
raises is reported as a `PluginError` that names the plugin, the jurisdiction
and the method, with the plugin's traceback as its cause; never as an
anonymous failure somewhere later in the platform.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from vocrehab.hooks.returns import RETURNS, wrong_values
from vocrehab.hooks.types import CaseCommand

__all__ = ["CATALOGUE", "Guarded", "PluginError", "guarded"]

CATALOGUE = frozenset(
    {"benefit_types", "intervention_types", "assessment_kinds", "document_kinds", "rules"}
)
"""The contract's reference listings: fixed for a jurisdiction object's lifetime (the
contract says so), so checked once, on their first call, and then answered from memory.
A page names the same intervention types fifty times; checking the whole listing each
time cost more than reading the page."""


class PluginError(RuntimeError):
    """A plugin answered outside the contract (or raised): a bug in the plugin."""

    code = "PLUGIN_ERROR"

    def __init__(self, plugin: str, jurisdiction: str, method: str, problem: str) -> None:
        super().__init__(f"plugin {plugin!r} (jurisdiction {jurisdiction!r}), {method}: {problem}")
        self.plugin = plugin
        self.jurisdiction = jurisdiction
        self.method = method
        self.problem = problem


class Guarded:
    """A jurisdiction whose methods' answers are checked against the contract.

    Every public member of the wrapped object is present on the wrapper (so
    the contract's runtime protocols recognise it as they do the original);
    the contract's methods are replaced by checked ones.
    """

    _inner: Any
    _plugin: str

    def __init__(self, inner: Any, plugin: str) -> None:
        self.__dict__["_inner"] = inner
        self.__dict__["_plugin"] = plugin
        for name in dir(inner):
            if name.startswith("_"):
                continue
            value = getattr(inner, name)
            if name in CATALOGUE and callable(value):
                value = self._remembered(name, value, RETURNS[name])
            elif name in RETURNS and callable(value):
                value = self._checked(name, value, RETURNS[name])
            elif name == "present_details" and callable(value):
                value = self._checked_details(value)
            self.__dict__[name] = value

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(self._inner)

    def __repr__(self) -> str:
        return f"Guarded({self._inner!r}, plugin={self._plugin!r})"

    @property
    def unwrapped(self) -> Any:
        """The plugin's own object."""
        return self._inner

    def _error(self, method: str, problem: str) -> PluginError:
        return PluginError(self._plugin, str(getattr(self._inner, "code", "?")), method, problem)

    def _call(self, method: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except PluginError:
            raise
        except Exception as exc:
            raise self._error(method, f"raised {type(exc).__name__}: {exc}") from exc

    def _checked(self, method: str, function: Callable[..., Any], expected: Any) -> Any:
        @functools.wraps(function)
        def checked(*args: Any, **kwargs: Any) -> Any:
            value = self._call(method, function, *args, **kwargs)
            problems = wrong_values(value, expected, "the answer")
            if problems:
                raise self._error(method, "; ".join(problems[:5]))
            if method == "case_commands":
                return tuple(self._command(command) for command in value)
            return value

        return checked

    def _remembered(self, method: str, function: Callable[..., Any], expected: Any) -> Any:
        checked = self._checked(method, function, expected)
        memory: list[Any] = []

        @functools.wraps(function)
        def remembered(*args: Any, **kwargs: Any) -> Any:
            if args or kwargs:
                return checked(*args, **kwargs)
            if not memory:
                memory.append(checked())
            return memory[0]

        return remembered

    def _command(self, command: CaseCommand) -> CaseCommand:
        method = f"case command {command.name} (apply)"
        return replace(command, apply=self._checked(method, command.apply, RETURNS["apply"]))

    def _checked_details(self, function: Callable[..., Any]) -> Any:
        @functools.wraps(function)
        def checked(*args: Any, **kwargs: Any) -> Any:
            value = self._call("present_details", function, *args, **kwargs)
            kind = self._inner.details_type()
            if value is not None and (kind is None or not isinstance(value, kind)):
                expected = kind.__name__ if kind is not None else "None (details_type() is None)"
                raise self._error(
                    "present_details", f"returned a {type(value).__name__}, expected {expected}"
                )
            return value

        return checked


def guarded(jurisdiction: Any, plugin: str) -> Any:
    """`jurisdiction` with every answer checked (idempotent)."""
    return jurisdiction if isinstance(jurisdiction, Guarded) else Guarded(jurisdiction, plugin)
