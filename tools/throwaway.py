"""A throwaway local backend in a subprocess (127.0.0.1, port 0), and its memory use:
for the benchmark and load tools under tools/ and the memory tests (not part of the package:
nothing a user runs needs it)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from nemo_skill import NemoError
from nemo_skill.local.process.spawn import spawn_server


def start(data_dir: Path, *extra: str, log_path: Path | None = None) -> tuple[str, subprocess.Popen[bytes]]:
    try:
        # The tools load one server from one address: the per-address token limit is not what they measure.
        return spawn_server(
            data_dir, "--tokens-per-ip", "0", *extra, log_path=log_path or data_dir.parent / "server.log"
        )
    except NemoError as exc:
        raise SystemExit(str(exc)) from None


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:  # the process is gone
        pass
    return 0.0


def tree_rss_mb(pid: int) -> float:
    """VmRSS of a process and all its descendants (render workers, ffmpeg), in MB."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += rss_mb(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return total
