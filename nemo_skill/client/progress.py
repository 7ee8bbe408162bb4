"""Progress on stderr: one line redrawn on a terminal, sparse plain lines otherwise.

Reporters are plain callables ``(label, fraction)`` so the library stays free of
any terminal code; :func:`phase` maps one step's 0..1 into a slice of a larger
bar (``make`` shows one bar through upload, edit, render and download).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["ProgressBar", "Reporter", "phase"]

Reporter = Callable[[str, float], None]


def phase(reporter: Reporter | None, start: float, end: float) -> Reporter | None:
    """A reporter for one step that fills ``start..end`` of ``reporter``'s bar."""
    if reporter is None:
        return None

    def report(label: str, fraction: float) -> None:
        reporter(label, start + (end - start) * min(max(fraction, 0.0), 1.0))

    return report


class ProgressBar:
    WIDTH = 28

    def __init__(self, stream: TextIO | None = None, *, min_interval: float = 0.1) -> None:
        self._stream = stream or sys.stderr
        self._tty = bool(getattr(self._stream, "isatty", lambda: False)())
        self._min_interval = min_interval if self._tty else 2.0
        self._last_draw = 0.0
        self._last_label = ""
        self._last_pct = -1
        self._drawn = False

    def __call__(self, label: str, fraction: float) -> None:
        pct = round(min(max(fraction, 0.0), 1.0) * 100)
        now = time.monotonic()
        changed_label = label != self._last_label
        if (
            not changed_label
            and (pct == self._last_pct or now - self._last_draw < self._min_interval)
            and pct < 100
        ):
            return
        self._last_draw, self._last_label, self._last_pct = now, label, pct
        filled = self.WIDTH * pct // 100
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        if self._tty:
            self._stream.write(f"\r{bar} {pct:3d}% {label[:40]:<40}")
        else:
            self._stream.write(f"{pct:3d}% {label}\n")
        self._stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn and self._tty:
            self._stream.write("\n")
            self._stream.flush()
        self._drawn = False
