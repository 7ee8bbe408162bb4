"""How the project drives a system Chromium headless (the studio's browser tests and
tools/bench_studio.py): which executable, and the flags that keep it off the network."""

from __future__ import annotations

import os
from pathlib import Path

ENV_CHROMIUM = "NEMO_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying Google's hosts on a
# closed network; the resolver rule makes any name but loopback fail at once.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def chromium_executable() -> Path | None:
    """``$NEMO_CHROMIUM`` or /usr/bin/chromium when it is an executable file, else None."""
    path = Path(os.environ.get(ENV_CHROMIUM, DEFAULT_CHROMIUM))
    return path if path.is_file() and os.access(path, os.X_OK) else None
