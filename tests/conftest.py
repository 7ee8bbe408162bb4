"""Shared fixtures: a real local backend on 127.0.0.1, port 0, in a subprocess.

The server prints ``Serving on http://127.0.0.1:PORT`` on stdout once it accepts
connections; the fixture reads that line and hands the URL to the tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

READY = re.compile(r"Serving on (http://127\.0\.0\.1:\d+)")


@dataclass
class LocalServer:
    url: str
    data_dir: Path
    process: subprocess.Popen[str]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(data_dir: Path, *extra: str, env: dict[str, str] | None = None) -> LocalServer:
    """Start ``nemo-skill serve`` on a free port; wait until it says it is ready."""
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.parent / f"{data_dir.name}-server.log"
    log = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nemo_skill",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--data-dir",
            str(data_dir),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        env={**os.environ, **(env or {})},
    )
    deadline = time.monotonic() + 60
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}: {log_path.read_text()[-2000:]}")
            continue
        match = READY.search(line)
        if match:
            # Keep draining stdout so the server never blocks on a full pipe.
            import threading

            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()  # type: ignore[union-attr]
            return LocalServer(match.group(1), data_dir, proc, log_path)
    proc.kill()
    raise RuntimeError("server did not become ready within 60 s")


@pytest.fixture(scope="session")
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """One backend for the whole session (each test makes its own token/session)."""
    server = start_server(tmp_path_factory.mktemp("backend") / "data")
    yield server
    server.stop()


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[LocalServer]:
    """A backend of the test's own, for tests that restart or fill it."""
    server = start_server(tmp_path / "data")
    yield server
    server.stop()


@pytest.fixture
def nemo_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated NEMO_SKILL_HOME with no token in the environment."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("NEMO_SKILL_HOME", str(home))
    monkeypatch.delenv("NEMO_TOKEN", raising=False)
    monkeypatch.delenv("NEMO_API_BASE", raising=False)
    return home


@pytest.fixture
def client_env(local_server: LocalServer, nemo_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """NEMO_API_BASE pointing at the shared test backend, and an isolated home."""
    monkeypatch.setenv("NEMO_API_BASE", local_server.url)
    return nemo_home
