"""Fixtures of the Norwegian plugin's tests: a host with the plugin installed."""

from __future__ import annotations

import pytest

from vocrehab.hooks.host import PluginHost
from vocrehab_nav_no import NavJurisdiction


@pytest.fixture(scope="session")
def host() -> PluginHost:
    """The API tests of this folder run with the Norwegian plugin installed."""
    return PluginHost.load(allow=["generic", "no"])


@pytest.fixture
def nav() -> NavJurisdiction:
    return NavJurisdiction()
