"""The render queue's address and timings, shared by ``serve --queue`` and ``worker``."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from .._exceptions import ConfigError
from ..config import env_number

ENV_QUEUE = "NEMO_QUEUE"
ENV_VISIBILITY = "NEMO_QUEUE_VISIBILITY_S"
ENV_GRACE = "NEMO_QUEUE_GRACE_S"

# Redis hands an unacknowledged task to another worker after this long: it must be
# longer than the longest task (a chunk: at most DEFAULT_CHUNK_S of video; the longest
# allowed render, 30 min, in one chunk at 0.3x real time still fits), or a slow task is
# run twice (harmless, tasks are idempotent, but wasted).
DEFAULT_VISIBILITY_S = 2 * 3600.0
# The server fails a job, with a message, when Redis has not answered for this long.
DEFAULT_GRACE_S = 120.0
DEFAULT_CHUNK_S = 30.0  # the longest chunk, in seconds of video
QUEUE_NAME = "nemo-render"


def _seconds(name: str, default: float, low: float, high: float) -> float:
    return env_number(name, default, low=low, high=high, unit="seconds")


@dataclass(frozen=True)
class QueueConfig:
    url: str
    visibility_s: float = DEFAULT_VISIBILITY_S
    grace_s: float = DEFAULT_GRACE_S

    @classmethod
    def from_url(cls, url: str | None) -> QueueConfig:
        """``url`` (or NEMO_QUEUE when None), checked; timings from the environment."""
        url = (url if url is not None else os.environ.get(ENV_QUEUE, "")).strip()
        if not url:
            raise ConfigError(
                "no render queue given", hint=f"pass --queue redis://HOST:PORT/DB or set {ENV_QUEUE}"
            )
        check_url(url)
        return cls(
            url=url,
            visibility_s=_seconds(ENV_VISIBILITY, DEFAULT_VISIBILITY_S, 2, 7 * 24 * 3600),
            grace_s=_seconds(ENV_GRACE, DEFAULT_GRACE_S, 1, 7 * 24 * 3600),
        )

    @property
    def shown(self) -> str:
        """The address without a password, for messages and logs."""
        return shown_url(self.url)

    @property
    def restore_interval_s(self) -> float:
        """How often workers look for tasks whose worker vanished: a few times per timeout."""
        return max(1.0, min(60.0, self.visibility_s / 4))


def check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ConfigError(f"the queue address {shown_url(url)!r} is not a URL") from None
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ConfigError(
            f"the queue address {shown_url(url)!r} is not a Redis URL",
            hint="use redis://HOST:PORT/DB, e.g. redis://127.0.0.1:6379/0",
        )
    if port == 0:
        raise ConfigError(f"the queue address {shown_url(url)!r} has port 0")
    db = parts.path.strip("/")
    if db and not db.isdigit():
        raise ConfigError(f"the queue address {shown_url(url)!r} names database {db!r}; use a number")


def shown_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<unreadable address>"
    if not parts.scheme:
        return "<unreadable address>"
    return f"{parts.scheme}://{host}{port}{parts.path}"


def render_key(user_id: str, job_id: str) -> str:
    """The name a job goes by on the queue and in the shared folder (no user id in it)."""
    return hashlib.sha256(f"{user_id}\0{job_id}".encode()).hexdigest()[:40]
