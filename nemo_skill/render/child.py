"""A render step in a process of its own, and what it says to its parent.

The child writes one line per event on stdout: ``progress <n>``, then ``result <json>``
or ``error <json>``. It reads nothing from stdin but watches it: end of file (the
parent closed it, or died, even by kill -9) cancels the work, which then removes its
temporary files. Used by the backend's render process (local/jobs/render_worker.py) and by
the chunk processes of a local split render (chunks.py).
"""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import Any


def emit(kind: str, payload: Any) -> None:
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    sys.stdout.write(f"{kind} {text}\n")
    sys.stdout.flush()


def _watch_parent(cancel: threading.Event) -> None:
    # Raw os.read on fd 0, not sys.stdin: a daemon thread blocked inside a buffered
    # reader aborts the interpreter at exit.
    try:
        while os.read(0, 1024):
            pass
    except OSError:
        pass
    cancel.set()


def cancel_when_parent_goes() -> threading.Event:
    """An event set once stdin reaches end of file."""
    cancel = threading.Event()
    threading.Thread(target=_watch_parent, args=(cancel,), name="nemo-parent-watch", daemon=True).start()
    return cancel


def parse(line: str) -> tuple[str, Any]:
    """One line of a child's stdout -> (kind, payload); ("", None) for anything else."""
    kind, _, rest = line.strip().partition(" ")
    if kind == "progress":
        try:
            return kind, float(rest)
        except ValueError:
            return "", None
    if kind in ("result", "error"):
        try:
            return kind, json.loads(rest)
        except ValueError:
            return "error", {"kind": "RenderError", "message": "the render process sent an unreadable result"}
    return "", None
