"""Progress reports: plain callables ``(label, fraction)``, so the library stays free
of any terminal code (the command line draws them: nemo_skill/cli/progress.py).
:func:`phase` maps one step's 0..1 into a slice of a larger bar (``make`` shows one
bar through upload, edit, render and download).
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Reporter", "phase"]

Reporter = Callable[[str, float], None]


def phase(reporter: Reporter | None, start: float, end: float) -> Reporter | None:
    """A reporter for one step that fills ``start..end`` of ``reporter``'s bar."""
    if reporter is None:
        return None

    def report(label: str, fraction: float) -> None:
        reporter(label, start + (end - start) * min(max(fraction, 0.0), 1.0))

    return report
