"""The command line's one progress bar, on stderr: one line redrawn on a terminal,
sparse plain lines otherwise. It is a :data:`~nemo_skill.client.progress.Reporter`
(``bar(label, fraction)``); the renderer's percentages go through :meth:`ProgressBar.percent`.

Commands show it unless ``--json`` (a machine reads stdout and wants no chatter) or
``--quiet``; :func:`progress_bar` applies that rule.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["ProgressBar", "progress_bar"]


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
        if not changed_label and (
            pct == self._last_pct or (now - self._last_draw < self._min_interval and pct < 100)
        ):
            return  # 100 % always shows, once
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

    def percent(self, label: str) -> Callable[[float], None]:
        """A callback for progress in percent (the renderer's), drawn under ``label``."""
        return lambda pct: self(label, pct / 100)


@contextmanager
def progress_bar(args: argparse.Namespace) -> Iterator[ProgressBar | None]:
    """The command's bar (None with ``--json`` or ``--quiet``), finished however the block ends."""
    if getattr(args, "json", False) or getattr(args, "quiet", False):
        yield None
        return
    bar = ProgressBar()
    try:
        yield bar
    finally:
        bar.finish()
