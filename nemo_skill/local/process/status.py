"""Is a local backend running on a data dir, and how much disk does that data dir take:
what ``nemo-skill local status`` and ``stop`` report on.

The embedded backend is found through its state file; any server (``nemo-skill serve``
included) through the data dir's ``server.lock``, which a running server holds and
which names its pid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .embedded import _default_paths, _healthy, _read_state, stop_embedded, terminate
from .lock import SERVER_LOCK, FileLock


@dataclass
class BackendStatus:
    data_dir: Path
    running: bool
    pid: int | None = None
    url: str | None = None
    """Known for the embedded backend only (a served one was given its port by whoever started it)."""
    started_at: float | None = None
    embedded: bool = False
    idle_exit_s: float | None = None
    disk: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "running": self.running,
            "embedded": self.embedded,
            "url": self.url,
            "pid": self.pid,
            "started_at": self.started_at,
            "idle_exit_s": self.idle_exit_s,
            "data_dir": str(self.data_dir),
            "disk_bytes": self.disk,
        }


def server_pid(data_dir: Path) -> int | None:
    """The pid of the server holding the data dir's lock, or None when none holds it."""
    path = data_dir / SERVER_LOCK
    if not path.exists():
        return None
    lock = FileLock(path)
    if lock.try_acquire():
        lock.release()
        return None
    try:
        return int(path.read_text(encoding="utf-8").strip() or 0) or None
    except (OSError, ValueError):
        return None


def disk_usage(data_dir: Path) -> dict[str, int]:
    """Bytes per part of the data dir: media, renders, cache, database, logs, other."""
    usage = {"media": 0, "renders": 0, "cache": 0, "database": 0, "logs": 0, "other": 0}
    if not data_dir.is_dir():
        return usage
    for path in data_dir.rglob("*"):
        try:
            if not path.is_file() or path.is_symlink():
                continue
            size = path.stat().st_size
        except OSError:
            continue
        top = path.relative_to(data_dir).parts[0]
        if top in ("media", "renders", "cache"):
            usage[top] += size
        elif top.startswith("nemo-local.sqlite3"):
            usage["database"] += size
        elif ".log" in top:
            usage["logs"] += size
        else:
            usage["other"] += size
    return usage


def backend_status(data_dir: Path | None = None, state_file: Path | None = None) -> BackendStatus:
    data_dir, state_file = _default_paths(data_dir, state_file)
    state = _read_state(state_file)
    if state and state.get("data_dir") == str(data_dir) and _healthy(state):
        return BackendStatus(
            data_dir,
            True,
            pid=int(state["pid"]),
            url=str(state["url"]),
            started_at=state.get("started_at"),
            embedded=True,
            idle_exit_s=state.get("idle_exit_s"),
            disk=disk_usage(data_dir),
        )
    pid = server_pid(data_dir)
    return BackendStatus(data_dir, pid is not None, pid=pid, disk=disk_usage(data_dir))


def stop_backend(data_dir: Path | None = None, state_file: Path | None = None) -> bool:
    """Stop the server of this data dir (embedded or served); True when one was running."""
    data_dir, state_file = _default_paths(data_dir, state_file)
    state = _read_state(state_file)
    if state and state.get("data_dir") == str(data_dir) and stop_embedded(state_file):
        return True
    pid = server_pid(data_dir)
    return pid is not None and terminate(pid)
