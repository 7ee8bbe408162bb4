"""Start ``nemo-skill serve`` in a child process and wait for its ready line.

One way to do it for embedded mode, the tests and the tools: the server prints
``Serving on URL`` on stdout once it accepts connections, then nothing more on
stdout, so the pipe can be closed as soon as a whole line names the URL.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

from ..._exceptions import BackendUnavailable

READY_PREFIX = "Serving on "


def serve_command(data_dir: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "nemo_skill", "serve",
        "--host", "127.0.0.1", "--port", "0", "--data-dir", str(data_dir), *extra,
    ]  # fmt: skip


def spawn_server(
    data_dir: Path,
    *extra: str,
    log_path: Path,
    timeout: float = 60,
    detach: bool = False,
    env: dict[str, str] | None = None,
) -> tuple[str, subprocess.Popen[bytes]]:
    """Start a server on a free loopback port; return its URL and process.

    ``detach`` puts it in its own session, so it outlives the caller and its Ctrl-C.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            serve_command(data_dir, *extra),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log,
            start_new_session=detach,
            close_fds=True,
            env={**os.environ, **env} if env else None,
        )
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    buffered = b""
    fd = process.stdout.fileno()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            buffered += chunk
            complete, _, _ = buffered.rpartition(b"\n")  # whole lines only: never half a URL
            for line in complete.decode("utf-8", "replace").splitlines():
                if line.startswith(READY_PREFIX):
                    process.stdout.close()
                    return line[len(READY_PREFIX) :].strip(), process
        elif process.poll() is not None:
            break
    process.stdout.close()
    if process.poll() is None:
        process.kill()
        process.wait()
    reason = last_line(log_path) or "no message"
    raise BackendUnavailable(f"the local backend did not start: {reason}", hint=f"see {log_path}")


def last_line(path: Path) -> str:
    try:
        lines = [
            ln.strip() for ln in path.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()
        ]
    except OSError:
        return ""
    return lines[-1][:300] if lines else ""
