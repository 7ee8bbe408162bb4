"""A throwaway local backend in a subprocess (127.0.0.1, port 0), and its memory use:
for the benchmark and load tools under tools/."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

READY = re.compile(r"Serving on (http://127\.0\.0\.1:\d+)")


def start(data_dir: Path, *extra: str, log_path: Path | None = None) -> tuple[str, subprocess.Popen[str]]:
    log = (log_path or data_dir.parent / "server.log").open("w", encoding="utf-8")
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
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        match = READY.search(line)
        if match:
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()  # type: ignore[union-attr]
            return match.group(1), proc
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit("the local backend did not start; see its log")


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0
