"""When the server last did something for someone: what the idle exit of the embedded
backend (``NEMO_LOCAL_IDLE``) waits on.

Requests in flight count as activity for as long as they run (an SSE message, a slow
upload); health checks do not, or ``nemo-skill local status`` would keep it alive.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ...models.protocol import HEALTH

QUIET_PATHS = (HEALTH.template,)


class Activity:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._in_flight = 0
        self._last = clock()

    def begin(self) -> None:
        with self._lock:
            self._in_flight += 1
            self._last = self._clock()

    def end(self) -> None:
        with self._lock:
            self._in_flight -= 1
            self._last = self._clock()

    def idle_for(self) -> float:
        """Seconds since the last request ended; 0 while one is running."""
        with self._lock:
            return 0.0 if self._in_flight else self._clock() - self._last
