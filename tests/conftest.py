"""Shared fixtures: a real local backend on 127.0.0.1, port 0, in a subprocess.

The server prints ``Serving on http://127.0.0.1:PORT`` on stdout once it accepts
connections; the fixture reads that line and hands the URL to the tests.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from nemo_skill.local.process.spawn import spawn_server

# tools/throwaway.py (a backend in a subprocess, and its memory use) serves the memory
# tests too; it is not part of the package.
sys.path.append(str(Path(__file__).resolve().parent.parent / "tools"))


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real CLI entry point, in process: exit code, stdout and stderr."""
    import contextlib
    import io

    from nemo_skill.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse refusing the arguments
            code = int(exc.code or 0)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


@dataclass
class LocalServer:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def requests_logged(self, fragment: str) -> int:
        """How many access-log lines so far contain ``fragment``, counted after a marker
        request of our own shows in the log: the server writes a request's line as soon as
        it has answered it, before its event loop turns to a request that came later, so
        every request answered before the marker is in the log by then (no sleep-and-hope)."""
        marker = f"/log-barrier-{uuid.uuid4().hex}"
        httpx.get(self.url + marker, timeout=10)
        deadline = time.monotonic() + 10
        while marker not in (text := self.log()):
            assert time.monotonic() < deadline, "the marker request never reached the access log"
            time.sleep(0.01)
        return text.count(fragment)

    def stop(self) -> None:
        assert_no_token(self.log(), f"the server log {self.log_path}")
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(data_dir: Path, *extra: str, env: dict[str, str] | None = None) -> LocalServer:
    """Start ``nemo-skill serve`` on a free port; wait until it says it is ready.

    Every test talks from 127.0.0.1, so the per-address token limit is off unless a test
    passes its own ``--tokens-per-ip``."""
    log_path = data_dir.parent / f"{data_dir.name}-server.log"
    url, process = spawn_server(data_dir, "--tokens-per-ip", "0", *extra, log_path=log_path, env=env)
    return LocalServer(url, data_dir, process, log_path)


_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "ip6-localhost"}

# Real tokens are "nemo_" + 43 URL-safe characters; test doubles are shorter on purpose.
TOKEN_PATTERN = re.compile(r"nemo_[A-Za-z0-9_-]{40,}")
_LEAKS: list[str] = []


def assert_no_token(text: str, where: str) -> None:
    match = TOKEN_PATTERN.search(text)
    assert match is None, f"a token leaked into {where}"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Every test's captured output, logs and failure text are scanned for tokens."""
    for name, text in (
        ("stdout", report.capstdout),
        ("stderr", report.capstderr),
        ("log", report.caplog),
        ("failure", str(report.longrepr or "")),
    ):
        if TOKEN_PATTERN.search(text):
            _LEAKS.append(f"{report.nodeid} ({report.when}, {name})")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from backend_helpers import SHARED_HTTP

    SHARED_HTTP.close()
    if _LEAKS:
        print("\nTOKENS LEAKED into test output:\n  " + "\n  ".join(_LEAKS))
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests talk to loopback only: a name lookup for anything else fails here, in-process,
    instead of sending a DNS query off the machine."""
    real = socket.getaddrinfo

    def loopback_only(host: object, *args: object, **kwargs: object) -> object:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in _LOOPBACK_NAMES or name.startswith("127."):
            return real(host, *args, **kwargs)  # type: ignore[arg-type]
        raise socket.gaierror(socket.EAI_NONAME, f"tests may not resolve {name!r}: loopback only")

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)


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
def nemo_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An isolated NEMO_SKILL_HOME with no token in the environment."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("NEMO_SKILL_HOME", str(home))
    monkeypatch.delenv("NEMO_TOKEN", raising=False)
    monkeypatch.delenv("NEMO_API_BASE", raising=False)
    yield home
    # Embedded servers started under this home log here: no token may be in them.
    for log in home.rglob("*.log"):
        assert_no_token(log.read_text(encoding="utf-8", errors="replace"), str(log))


@pytest.fixture
def client_env(local_server: LocalServer, nemo_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """NEMO_API_BASE pointing at the shared test backend, and an isolated home."""
    monkeypatch.setenv("NEMO_API_BASE", local_server.url)
    return nemo_home
