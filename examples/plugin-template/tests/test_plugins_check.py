"""The installed plugin passes `vocrehab plugins check`, as CI runs it: the full schema
with every installed plugin (no GraphQL name clashes) and the conformance kit."""

import shutil
import subprocess
import sys
from pathlib import Path


def test_vocrehab_plugins_check_passes() -> None:
    vocrehab = shutil.which("vocrehab") or str(Path(sys.executable).parent / "vocrehab")
    done = subprocess.run(
        [vocrehab, "plugins", "check", "example"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
