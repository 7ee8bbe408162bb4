"""Embedded mode: make sure a local backend runs for a data dir, and say where.

The state file (``config.home()/local-backend.json``) holds the pid, URL and instance
id of the server started last. It is reused when its ``/healthz`` answers with that
instance; otherwise a new server is started detached (its own session, so it outlives
the CLI call) under a lock on the data dir, so concurrent CLI calls start one server.

The embedded server is a good neighbour: it stops by itself after ``NEMO_LOCAL_IDLE``
seconds without requests (default 15 minutes, 0 = never), keeps its data dir in check
with the retention rule (``NEMO_LOCAL_KEEP_DAYS``, ``NEMO_LOCAL_MAX_MB``), and never runs
out of credits (it is its user's own machine: ``--credits unlimited``).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from ..._exceptions import BackendUnavailable
from ...config import env_number
from ...extras import require_local_extra
from .lock import STARTER_LOCK, FileLock
from .spawn import spawn_server

STATE_FILE = "local-backend.json"
LOG_FILE = "server.log"
LOG_MAX_BYTES = 5 * 1024 * 1024
"""A longer server.log is moved to server.log.1 when the next server starts."""
HEALTH_TIMEOUT_S = 2.0

ENV_IDLE = "NEMO_LOCAL_IDLE"
ENV_KEEP_DAYS = "NEMO_LOCAL_KEEP_DAYS"
ENV_MAX_MB = "NEMO_LOCAL_MAX_MB"
DEFAULT_IDLE_S = 15 * 60


def embedded_args() -> list[str]:
    """The ``serve`` options of the embedded backend, from the environment."""
    from ..settings import DEFAULT_KEEP_DAYS, DEFAULT_MAX_DATA_MB

    return [
        "--credits", "unlimited",
        "--tokens-per-ip", "0",
        "--idle-exit-s", f"{env_number(ENV_IDLE, DEFAULT_IDLE_S):g}",
        "--keep-days", f"{env_number(ENV_KEEP_DAYS, DEFAULT_KEEP_DAYS):g}",
        "--max-data-mb", f"{env_number(ENV_MAX_MB, DEFAULT_MAX_DATA_MB):g}",
    ]  # fmt: skip


def _default_paths(data_dir: Path | None, state_file: Path | None) -> tuple[Path, Path]:
    from ... import config

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
    from ...config import ensure_private_dir

    ensure_private_dir(state_file.parent)
    tmp = state_file.with_name(f".{state_file.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, state_file)


def _health(url: str) -> dict[str, Any] | None:
    import httpx

    from ...models.protocol import HEALTH

    try:
        response = httpx.get(url + HEALTH.path(), timeout=HEALTH_TIMEOUT_S)
        data = response.json().get("data") or {}
    except (httpx.HTTPError, ValueError, AttributeError):
        return None
    return data if response.status_code == 200 and isinstance(data, dict) else None


def _healthy(state: dict[str, Any]) -> bool:
    """The server the state names answers, and it is that start of it (not another process
    that got the port since)."""
    data = _health(str(state["url"]))
    if data is None:
        return False
    if "instance" in state:
        return data.get("instance") == state["instance"]
    # A server started by an older nemo-skill: /healthz named its data dir.
    return Path(str(data.get("data_dir", ""))) == Path(str(state.get("data_dir", "")))


def _running_url(state_file: Path, data_dir: Path) -> str | None:
    state = _read_state(state_file)
    if state and state.get("data_dir") == str(data_dir) and _healthy(state):
        if "instance" not in state:
            # An older server never stops by itself and keeps old rules: replace it.
            stop_embedded(state_file)
            return None
        return str(state["url"])
    return None


def _rotate_log(log_path: Path) -> None:
    with contextlib.suppress(OSError):
        if log_path.stat().st_size > LOG_MAX_BYTES:
            os.replace(log_path, log_path.with_name(log_path.name + ".1"))


# The servers this process started: each outlives the call that started it (and maybe
# this process), so the handle is kept rather than dropped while the child runs, which
# Python reports as a leaked subprocess; the stop command ends it by its pid.
_STARTED: list[subprocess.Popen[bytes]] = []


def _start(data_dir: Path, timeout: float) -> dict[str, Any]:
    log_path = data_dir / LOG_FILE
    _rotate_log(log_path)
    url, process = spawn_server(data_dir, *embedded_args(), log_path=log_path, timeout=timeout, detach=True)
    _forget_stopped()
    _STARTED.append(process)
    health = _health(url) or {}
    return {
        "url": url,
        "pid": process.pid,
        "data_dir": str(data_dir),
        "started_at": time.time(),
        "instance": health.get("instance", ""),
        "idle_exit_s": env_number(ENV_IDLE, DEFAULT_IDLE_S),
    }


def ensure_running(data_dir: Path | None = None, state_file: Path | None = None, timeout: float = 30) -> str:
    """The base URL of a local backend serving ``data_dir``; started if none answers."""
    require_local_extra()
    embedded_args()  # a bad NEMO_LOCAL_* value is a one-line error before anything starts
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
        state = _start(data_dir, timeout)
        _write_state(state_file, state)
        return str(state["url"])


def start_in_background(data_dir: Path | None = None, state_file: Path | None = None) -> Callable[[], str]:
    """:func:`ensure_running` in a thread, started now; the returned call waits for the URL
    (or raises what ensure_running raised). A command that will need the backend starts it
    first, so the backend's ~1 s start overlaps the command's own (imports, file checks).
    The thread is not a daemon: a command that fails meanwhile still waits for the start
    to be recorded, so the next command finds the server instead of starting another."""
    done: Future[str] = Future()

    def start() -> None:
        try:
            done.set_result(ensure_running(data_dir, state_file))
        except BaseException as exc:  # handed to whoever waits for the URL
            done.set_exception(exc)

    threading.Thread(target=start, name="nemo-backend-start").start()
    return done.result


def stop_embedded(state_file: Path | None = None, timeout: float = 15) -> bool:
    """Stop the server the state file names (SIGTERM, then wait); True when one was stopped."""
    _, state_file = _default_paths(None, state_file)
    state = _read_state(state_file)
    if state is None:
        return False
    stopped = _healthy(state) and terminate(int(state["pid"]), timeout)
    state_file.unlink(missing_ok=True)
    _forget_stopped()
    return stopped


def _forget_stopped() -> None:
    _STARTED[:] = [process for process in _STARTED if process.poll() is None]


def terminate(pid: int, timeout: float = 15) -> bool:
    """SIGTERM (a clean stop: renders go back to the queue), SIGKILL after ``timeout``."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.05)
    if _alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return True


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
