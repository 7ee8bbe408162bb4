"""At most N events per source address per window, in memory: the guard against one
address collecting anonymous tokens (and their credits) by the hundred.

In memory on purpose: it resets when the server restarts, which only an operator does,
and it needs no schema. The number of addresses remembered is capped (least recently
seen forgotten first), so a flood of addresses cannot grow it without bound.
"""

from __future__ import annotations

from collections import OrderedDict, deque

MAX_SOURCES = 100_000


class SourceLimiter:
    def __init__(self, limit: int, window_s: float = 3600.0) -> None:
        self.limit = limit
        self.window_s = window_s
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, source: str, now: float) -> float | None:
        """None when ``source`` may have one more (and it is counted); otherwise seconds to wait."""
        if self.limit <= 0:
            return None
        times = self._seen.pop(source, None) or deque()
        while times and times[0] <= now - self.window_s:
            times.popleft()
        self._seen[source] = times
        if len(self._seen) > MAX_SOURCES:
            self._seen.popitem(last=False)
        if len(times) >= self.limit:
            return times[0] + self.window_s - now
        times.append(now)
        return None
