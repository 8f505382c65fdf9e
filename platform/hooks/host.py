"""The plugin host: finds plugins, checks them, and dispatches to jurisdictions.

Built once per application (never at import time). Plugins are discovered
through the `vocrehab` entry-point group, optionally restricted by an
allow-list (VOCREHAB_PLUGINS). Anything wrong with a plugin stops start-up with
a message that names the plugin and what is wrong.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

import pluggy

from vocrehab.hooks import specs
from vocrehab.hooks.guard import guarded
from vocrehab.hooks.jurisdiction import DetailsTarget, DocumentRenderer, Jurisdiction
from vocrehab.hooks.types import CaseCommand, CaseEventInfo, PluginConfig, PluginInfo
from vocrehab.hooks.versions import current_details_version, upgraded_details, version_problems
from vocrehab.hooks.vocabulary import SCOPES_BY_ROLE, StakeholderType

__all__ = [
    "ENTRY_POINT_GROUP",
    "LoadedJurisdiction",
    "PluginHost",
    "PluginLoadError",
    "roles_without_scope",
]

ENTRY_POINT_GROUP = "vocrehab"
log = logging.getLogger(__name__)


class PluginLoadError(RuntimeError):
    """A plugin cannot be loaded; start-up must stop."""


class UnknownJurisdictionError(LookupError):
    def __init__(self, code: str) -> None:
        super().__init__(f"no installed plugin provides jurisdiction {code!r}")
        self.code = code


@dataclass(frozen=True)
class LoadedJurisdiction:
    jurisdiction: Jurisdiction
    plugin: PluginInfo
    plugin_name: str


@dataclass(frozen=True)
class _Candidate:
    name: str
    module: object
    info: PluginInfo


class PluginHost:
    def __init__(
        self,
        pm: pluggy.PluginManager,
        loaded: Sequence[LoadedJurisdiction],
        infos: dict[str, PluginInfo],
    ) -> None:
        self._pm = pm
        self._by_code = {item.jurisdiction.code: item for item in loaded}
        self._infos = infos

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(
        cls,
        allow: Sequence[str] | None = None,
        config: PluginConfig | None = None,
        extra: Iterable[tuple[str, object, PluginInfo]] = (),
    ) -> PluginHost:
        """Load installed plugins (entry points) plus `extra` (name, module, info) ones.

        `allow`, when given, names the only plugins to load; naming one that is
        not installed is an error, so a typo cannot silently disable a country.
        """
        candidates = _discover()
        candidates.extend(_Candidate(name, module, info) for name, module, info in extra)
        if allow is not None:
            known = {c.name for c in candidates}
            missing = sorted(set(allow) - known)
            if missing:
                raise PluginLoadError(
                    f"VOCREHAB_PLUGINS names {', '.join(missing)}, which is not installed "
                    f"(installed: {', '.join(sorted(known)) or 'none'})"
                )
            candidates = [c for c in candidates if c.name in set(allow)]
        return cls.from_plugins(candidates, config or PluginConfig())

    @classmethod
    def from_plugins(cls, candidates: Sequence[_Candidate], config: PluginConfig) -> PluginHost:
        pm = pluggy.PluginManager(specs.PROJECT_NAME)
        pm.add_hookspecs(specs)
        for candidate in candidates:
            if pm.has_plugin(candidate.name):
                raise PluginLoadError(f"two plugins are named {candidate.name!r}")
            try:
                pm.register(candidate.module, name=candidate.name)
            except pluggy.PluginValidationError as exc:
                raise PluginLoadError(f"plugin {candidate.name!r} is invalid: {exc}") from exc
        try:
            pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginLoadError(
                f"plugin {pm.get_name(exc.plugin)!r} implements a hook that does not exist "
                f"(misspelt?): {exc}. Known hooks: {', '.join(_hook_names())}"
            ) from exc
        infos = {c.name: c.info for c in candidates}
        loaded: list[LoadedJurisdiction] = []
        owners: dict[str, str] = {}
        for impl in pm.hook.vocrehab_register_jurisdictions.get_hookimpls():
            registered: Sequence[Jurisdiction] = impl.function(config=config) or ()  # type: ignore[assignment]
            for jurisdiction in registered:
                _check_jurisdiction(impl.plugin_name, jurisdiction)
                code = jurisdiction.code
                if code in owners:
                    raise PluginLoadError(
                        f"jurisdiction code {code!r} is registered by both plugin "
                        f"{owners[code]!r} and plugin {impl.plugin_name!r}"
                    )
                owners[code] = impl.plugin_name
                loaded.append(
                    LoadedJurisdiction(
                        guarded(jurisdiction, impl.plugin_name),
                        infos[impl.plugin_name],
                        impl.plugin_name,
                    )
                )
        return cls(pm, sorted(loaded, key=lambda item: item.jurisdiction.code), infos)

    # ------------------------------------------------------------------ lookup
    def jurisdiction(self, code: str) -> Jurisdiction:
        try:
            return self._by_code[code].jurisdiction
        except KeyError:
            raise UnknownJurisdictionError(code) from None

    def has(self, code: str) -> bool:
        return code in self._by_code

    def plugin_of(self, code: str) -> PluginInfo:
        return self._by_code[code].plugin

    def upgraded_details(
        self, code: str, target: DetailsTarget, details: Mapping[str, Any], version: int
    ) -> Mapping[str, Any]:
        """Stored `details` of jurisdiction `code`, written in `version`, in its current
        format (as stored when its plugin is not installed)."""
        item = self._by_code.get(code)
        if item is None:
            return details
        return upgraded_details(item.jurisdiction, target, details, version)

    def details_version(self, code: str) -> int:
        """The version of jurisdiction `code`'s details format, which a write records."""
        return current_details_version(self.jurisdiction(code))

    def history_windows(self) -> dict[str, int]:
        """Jurisdiction code -> days back its rules look at earlier cases (0: none)."""
        return {
            code: int(getattr(item.jurisdiction, "history_days", 0) or 0)
            for code, item in self._by_code.items()
        }

    def jurisdictions(self) -> list[Jurisdiction]:
        return [item.jurisdiction for item in self._by_code.values()]

    def plugins(self) -> list[tuple[str, PluginInfo, list[str]]]:
        """(plugin name, distribution info, jurisdiction codes) for each loaded plugin."""
        return [
            (
                name,
                info,
                [code for code, item in self._by_code.items() if item.plugin_name == name],
            )
            for name, info in sorted(self._infos.items())
        ]

    # ------------------------------------------------------------------ events
    def notify(self, event: CaseEventInfo) -> None:
        """Fan a committed event out to every plugin; one failing plugin does not stop others."""
        for impl in self._pm.hook.vocrehab_on_case_event.get_hookimpls():
            try:
                impl.function(event=event)
            except Exception:
                log.exception("plugin %s failed on case event %s", impl.plugin_name, event.kind)


# ---------------------------------------------------------------------- helpers


def _discover() -> list[_Candidate]:
    found: list[_Candidate] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            module = ep.load()
        except Exception as exc:
            raise PluginLoadError(
                f"plugin {ep.name!r} ({ep.value}) failed to import: {exc}"
            ) from exc
        dist = ep.dist
        info = PluginInfo(
            name=dist.name if dist else ep.name, version=dist.version if dist else "0"
        )
        found.append(_Candidate(ep.name, module, info))
    return found


def _hook_names() -> list[str]:
    return sorted(name for name in dir(specs) if name.startswith("vocrehab_"))


_PROTOCOL_MEMBERS = sorted(
    {name for name in vars(Jurisdiction) if not name.startswith("_")}
    | set(Jurisdiction.__annotations__)
)


def _check_jurisdiction(plugin: str, jurisdiction: Jurisdiction) -> None:
    if not isinstance(jurisdiction, Jurisdiction):
        missing = [name for name in _PROTOCOL_MEMBERS if not hasattr(jurisdiction, name)]
        raise PluginLoadError(
            f"plugin {plugin!r} registered {jurisdiction!r}, which is not a Jurisdiction "
            f"(missing: {', '.join(sorted(missing))})"
        )
    code = jurisdiction.code
    if not isinstance(code, str) or not code or not code.replace("_", "").isalnum():
        raise PluginLoadError(f"plugin {plugin!r}: jurisdiction code {code!r} is not a simple name")
    if "en" not in jurisdiction.names or "en" not in jurisdiction.languages:
        raise PluginLoadError(
            f"plugin {plugin!r}: jurisdiction {code!r} must name itself in English"
        )
    for problem in version_problems(jurisdiction):
        raise PluginLoadError(f"plugin {plugin!r}: jurisdiction {code!r}: {problem}")
    for benefit in jurisdiction.benefit_types():
        for problem in benefit.problems():
            raise PluginLoadError(
                f"plugin {plugin!r}: jurisdiction {code!r}, benefit type {benefit.code}: {problem}"
            )
    for command in jurisdiction.case_commands():
        unable = roles_without_scope(command)
        if unable:
            raise PluginLoadError(
                f"plugin {plugin!r}: jurisdiction {code!r}, case command {command.name!r} is "
                f"offered to {', '.join(r.value for r in unable)}, who can never hold its scope "
                f"{command.scope!r}"
            )
    if jurisdiction.document_kinds() and not isinstance(jurisdiction, DocumentRenderer):
        raise PluginLoadError(
            f"plugin {plugin!r}: jurisdiction {code!r} declares document kinds "
            "but has no render_document"
        )


def roles_without_scope(command: CaseCommand) -> list[StakeholderType]:
    """The roles a command is offered to whose tokens can never carry its scope."""
    return [
        role
        for role in command.roles
        if isinstance(role, StakeholderType) and command.scope not in SCOPES_BY_ROLE[role]
    ]
