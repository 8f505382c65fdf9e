"""Running `vocrehab serve` as a user would, for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(base: str, process: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    process.terminate()
    pytest.fail(f"server did not come up:\n{process.communicate(timeout=10)[0]}")


def server_env(database_url: str, port: int, **settings: str) -> dict[str, str]:
    env = {
        **os.environ,
        "VOCREHAB_DATABASE_URL": database_url,
        "VOCREHAB_PORT": str(port),
        **{f"VOCREHAB_{name.upper()}": value for name, value in settings.items()},
    }
    env.pop("VOCREHAB_TEST_POSTGRES_URL", None)
    return env


@contextmanager
def running(env: dict[str, str], cwd: Path, *args: str) -> Iterator[str]:
    """`vocrehab serve` in a subprocess until the block ends; yields its base URL."""
    process = subprocess.Popen(
        [BIN / "vocrehab", "serve", *args], env=env, cwd=cwd,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{env['VOCREHAB_PORT']}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stdout:
            process.stdout.close()


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([BIN / "vocrehab", *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def demo_tokens(env: dict[str, str]) -> dict[str, str]:
    """Heading -> bearer token, as `vocrehab demo tokens` prints them."""
    lines = cli(env, "demo", "tokens").splitlines()
    return {
        line.removeprefix("# "): lines[i + 1].split("Bearer ")[1].rstrip('"}')
        for i, line in enumerate(lines)
        if line.startswith("# ") and i + 1 < len(lines) and "Bearer " in lines[i + 1]
    }


def demo_token(env: dict[str, str], label: str) -> str:
    """The token printed under the heading that starts with `label`."""
    return next(token for heading, token in demo_tokens(env).items() if heading.startswith(label))
