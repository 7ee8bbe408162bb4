"""Exclusive locks on a data dir: one server per data dir, and one starter at a time.

fcntl.flock locks die with their process, so a server killed with -9 never leaves a
stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from typing import IO

from ..._exceptions import ConfigError

SERVER_LOCK = "server.lock"
STARTER_LOCK = "starter.lock"


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def try_acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return True

    def acquire(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        return True

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def lock_for_server(data_dir: Path) -> FileLock:
    """Held for the server's whole life; a second server on the same data dir is refused."""
    lock = FileLock(data_dir / SERVER_LOCK)
    if not lock.try_acquire():
        raise ConfigError(
            f"another nemo-skill server is already using the data dir {data_dir}",
            hint="stop it, or pass a different --data-dir",
        )
    return lock
