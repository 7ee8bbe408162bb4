"""Embedded mode: make sure a local backend runs for a data dir, and say where.

The state file (``config.home()/local-backend.json``) holds the pid and URL of the
server started last. It is reused when its ``/healthz`` answers for the same data
dir; otherwise a new server is started detached (its own session, so it outlives
the CLI call) under a lock on the data dir, so concurrent CLI calls start one server.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from .._exceptions import BackendUnavailable, ConfigError
from .datadir_lock import STARTER_LOCK, FileLock
from .spawn import spawn_server

STATE_FILE = "local-backend.json"
LOG_FILE = "server.log"
HEALTH_TIMEOUT_S = 2.0
_LOCAL_MODULES = ("starlette", "uvicorn", "numpy", "PIL", "python_multipart", "av")


def require_local_extra() -> None:
    """ConfigError (one line) when the [local] extra's packages are not importable."""
    import importlib.util

    def absent(name: str) -> bool:
        if name in sys.modules:
            return sys.modules[name] is None  # an import blocked on purpose
        try:
            return importlib.util.find_spec(name) is None
        except (ImportError, ValueError):
            return True

    missing = [name for name in _LOCAL_MODULES if absent(name)]
    if missing:
        raise ConfigError(
            f"the local backend needs packages that are not installed ({', '.join(missing)})",
            hint="pip install 'nemo-skill[local]'",
        )


def _default_paths(data_dir: Path | None, state_file: Path | None) -> tuple[Path, Path]:
    from .. import config

    return (
        (data_dir or config.data_home()).expanduser().resolve(),
        state_file or config.home() / STATE_FILE,
    )


def _read_state(state_file: Path) -> dict[str, Any] | None:
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and "url" in state and "pid" in state else None


def _write_state(state_file: Path, state: dict[str, Any]) -> None:
    from ..config import ensure_private_dir

    ensure_private_dir(state_file.parent)
    tmp = state_file.with_name(f".{state_file.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, state_file)


def _healthy(url: str, data_dir: Path) -> bool:
    import httpx

    try:
        response = httpx.get(f"{url}/healthz", timeout=HEALTH_TIMEOUT_S)
        data = response.json().get("data") or {}
    except (httpx.HTTPError, ValueError, AttributeError):
        return False
    return response.status_code == 200 and Path(str(data.get("data_dir", ""))) == data_dir


def _running_url(state_file: Path, data_dir: Path) -> str | None:
    state = _read_state(state_file)
    if state and state.get("data_dir") == str(data_dir) and _healthy(str(state["url"]), data_dir):
        return str(state["url"])
    return None


def _start(data_dir: Path, timeout: float) -> tuple[str, int]:
    url, process = spawn_server(data_dir, log_path=data_dir / LOG_FILE, timeout=timeout, detach=True)
    return url, process.pid


def ensure_running(data_dir: Path | None = None, state_file: Path | None = None, timeout: float = 30) -> str:
    """The base URL of a local backend serving ``data_dir``; started if none answers."""
    require_local_extra()
    data_dir, state_file = _default_paths(data_dir, state_file)
    url = _running_url(state_file, data_dir)
    if url:
        return url
    data_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(data_dir / STARTER_LOCK) as lock:
        if not lock.acquire(timeout):
            raise BackendUnavailable(
                f"timed out waiting for another process starting the backend in {data_dir}"
            )
        # Whoever held the lock before us may have started it meanwhile.
        url = _running_url(state_file, data_dir)
        if url:
            return url
        url, pid = _start(data_dir, timeout)
        _write_state(
            state_file, {"url": url, "pid": pid, "data_dir": str(data_dir), "started_at": time.time()}
        )
        return url


def stop_embedded(state_file: Path | None = None, timeout: float = 15) -> bool:
    """Stop the server the state file names (SIGTERM, then wait); True when one was stopped."""
    _, state_file = _default_paths(None, state_file)
    state = _read_state(state_file)
    if state is None:
        return False
    pid = int(state["pid"])
    stopped = False
    if _healthy(str(state["url"]), Path(str(state.get("data_dir", "")))):
        try:
            os.kill(pid, signal.SIGTERM)
            stopped = True
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.05)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
    state_file.unlink(missing_ok=True)
    return stopped


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reap it if it is our child
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
