"""A global budget of megapixels decoded at once by the upload probes.

The thread pool alone bounds how many probes run, not how much memory they hold: four
50 MP decodes at once cost gigabytes. Each probe asks for the pixels it is about to
hold in memory and waits while the budget is spent, so concurrent decodes together
never hold more than ``limit_mp`` megapixels. A single request larger than the whole
budget waits for an empty budget and then runs alone.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

# 64 MP of RGBA frames is ~256 MB at worst; the typical probe (a JPEG decoded at 1/8
# scale, a PNG read in strips) asks for well under 1 MP.
DEFAULT_LIMIT_MP = 64.0


class DecodeBudget:
    def __init__(self, limit_mp: float = DEFAULT_LIMIT_MP) -> None:
        self.limit_mp = limit_mp
        self._in_use = 0.0
        self._cond = threading.Condition()

    @contextmanager
    def hold(self, megapixels: float) -> Iterator[None]:
        """Block until ``megapixels`` fit in the budget, hold them for the ``with`` body."""
        wanted = max(0.0, min(float(megapixels), self.limit_mp))
        with self._cond:
            self._cond.wait_for(lambda: self._in_use + wanted <= self.limit_mp)
            self._in_use += wanted
        try:
            yield
        finally:
            with self._cond:
                self._in_use -= wanted
                self._cond.notify_all()


BUDGET = DecodeBudget()
