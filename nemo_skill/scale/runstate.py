"""The few Redis keys beside Celery's own: what lets a job survive lost workers, a
restarted server and a restarted Redis without ever running a part twice at once.

* ``dispatch`` (server): the job's current dispatch ``{"attempt", "chunks"}``. A
  restarted server rebuilds its task ids from it; when it is gone, Redis lost the job
  (restarted without persistence) and the server sends it again.
* ``cancel`` (server): set when a job is cancelled or failed; every part polls it.
* ``lock:<part>`` (workers): held, with a short expiry refreshed every second, by the
  one execution working on a part. A second delivery of the same task (a redelivered
  message, a re-sent job) waits for the holder instead of doing the work twice.
* ``started:<part>`` (workers): the worker that began a part and has not finished it.
  Found by the next execution, it means that worker stopped (killed, lost): its name
  goes into ``stops``, and a job stopped MAX_STOPS times fails instead of looping.

Every key expires after a week, so an abandoned job leaves nothing behind for good.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .._exceptions import BackendUnavailable

if TYPE_CHECKING:
    import redis

    from .config import QueueConfig

PREFIX = "nemo:job:"
TTL_S = 7 * 24 * 3600
LOCK_TTL_S = 6  # a holder refreshes every second; a dead one frees the part this soon


def connect(url: str) -> redis.Redis:
    import redis

    # Timeouts: a Redis that vanished without closing the connection must not hang a
    # server thread or a worker's heartbeat forever.
    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=3, health_check_interval=10)


def check_reachable(cfg: QueueConfig) -> None:
    """Fail at start, in one line, rather than retry forever on a wrong address."""
    import redis

    try:
        connect(cfg.url).ping()
    except (redis.RedisError, OSError) as exc:
        reason = str(exc).split("\n")[0][:200] or type(exc).__name__
        raise BackendUnavailable(
            f"cannot reach the render queue at {cfg.shown}: {reason}", hint="is redis-server running there?"
        ) from None


class RunState:
    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    @staticmethod
    def _key(render_key: str, *rest: str) -> str:
        return ":".join((PREFIX + render_key, *rest))

    # --- server ---------------------------------------------------------------------------

    def record_dispatch(self, render_key: str, attempt: int, chunks: list[tuple[int, int]]) -> None:
        payload = json.dumps({"attempt": attempt, "chunks": chunks})
        self.r.set(self._key(render_key, "dispatch"), payload, ex=TTL_S)

    def dispatch_of(self, render_key: str) -> dict[str, Any] | None:
        raw = self.r.get(self._key(render_key, "dispatch"))
        if raw is None:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        return data if isinstance(data, dict) and "attempt" in data and "chunks" in data else None

    def forget(self, render_key: str) -> None:
        self.r.delete(self._key(render_key, "dispatch"), self._key(render_key, "stops"))

    def cancel(self, render_key: str) -> None:
        self.r.set(self._key(render_key, "cancel"), "1", ex=TTL_S)

    def cancelled(self, render_key: str) -> bool:
        return bool(self.r.exists(self._key(render_key, "cancel")))

    # --- workers --------------------------------------------------------------------------

    def try_lock(self, render_key: str, part: str, token: str) -> bool:
        return bool(self.r.set(self._key(render_key, "lock", part), token, nx=True, ex=LOCK_TTL_S))

    def refresh(self, render_key: str, part: str, token: str) -> bool:
        """Keep holding the part; False when another execution holds it now."""
        key = self._key(render_key, "lock", part)
        if self.r.get(key) not in (token, token.encode()):
            return False
        self.r.expire(key, LOCK_TTL_S)
        return True

    def unlock(self, render_key: str, part: str, token: str) -> None:
        key = self._key(render_key, "lock", part)
        if self.r.get(key) in (token, token.encode()):
            self.r.delete(key)

    def begin(self, render_key: str, part: str, worker: str) -> str | None:
        """Mark the part begun by ``worker``; the worker that began it before and never
        finished (it stopped), or None."""
        key = self._key(render_key, "started", part)
        before = self.r.set(key, worker, ex=TTL_S, get=True)
        if before is None:
            return None
        return before.decode() if isinstance(before, bytes) else str(before)

    def finish(self, render_key: str, part: str) -> None:
        self.r.delete(self._key(render_key, "started", part))

    def add_stop(self, render_key: str, worker: str) -> int:
        """Count ``worker`` as having stopped during this job; how many did so far."""
        key = self._key(render_key, "stops")
        pipe = self.r.pipeline()
        pipe.sadd(key, worker)
        pipe.expire(key, TTL_S)
        pipe.scard(key)
        return int(pipe.execute()[-1])
