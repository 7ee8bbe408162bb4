"""Everything `nemo-skill serve` can be told, in one frozen value passed to create_app."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..config import CLOUD_WEB_URL

# Seconds added to the wall clock: tests start a server "8 days later" to expire tokens.
ENV_CLOCK_OFFSET = "NEMO_LOCAL_CLOCK_OFFSET"

DEFAULT_MAX_UPLOAD_MB = 500
DEFAULT_HEARTBEAT_S = 10.0
TOKEN_TTL_S = 7 * 24 * 3600
ANONYMOUS_CREDITS = 100
# The backend the CLI starts for its own user: credits are topped back up to this before
# every message, and tokens live long enough that a session is never lost to expiry.
OWN_MACHINE_CREDITS = 1000
OWN_MACHINE_TOKEN_TTL_S = 10 * 365 * 24 * 3600
DEFAULT_TOKENS_PER_SOURCE = 20
"""Anonymous tokens one source address may get per hour (a shared server's farming guard)."""
DEFAULT_KEEP_DAYS = 7.0
DEFAULT_MAX_DATA_MB = 2048


@dataclass(frozen=True)
class CreditRules:
    """``hosted``: the hosted service's rules (a token brings ``per_token`` credits, and
    2001 when they are spent). ``unlimited``: a machine's own backend, topped up before
    every message, so credits never stop its user (the balance stays a true ledger)."""

    per_token: int = ANONYMOUS_CREDITS
    unlimited: bool = False

    @property
    def token_ttl_s(self) -> float:
        return OWN_MACHINE_TOKEN_TTL_S if self.unlimited else TOKEN_TTL_S

    @classmethod
    def parse(cls, text: str) -> CreditRules:
        """``hosted``, ``unlimited``, or a number of credits per anonymous token (ValueError otherwise)."""
        value = text.strip().lower()
        if value == "hosted":
            return cls()
        if value == "unlimited":
            return cls(per_token=OWN_MACHINE_CREDITS, unlimited=True)
        amount = int(value)
        if not 0 <= amount <= 1_000_000:
            raise ValueError(value)
        return cls(per_token=amount)


@dataclass(frozen=True)
class Retention:
    """Finished renders and uploads no timeline uses are removed after ``keep_days``, and
    the oldest first while they take more than ``max_mb`` (0 turns a rule off)."""

    keep_days: float = DEFAULT_KEEP_DAYS
    max_mb: float = DEFAULT_MAX_DATA_MB


@dataclass(frozen=True)
class Clock:
    """Wall-clock seconds, shifted by ``offset_s`` (injectable so expiry can be tested)."""

    offset_s: float = 0.0

    def now(self) -> float:
        return time.time() + self.offset_s

    @classmethod
    def from_env(cls) -> Clock:
        raw = os.environ.get(ENV_CLOCK_OFFSET, "").strip()
        try:
            return cls(float(raw)) if raw else cls()
        except ValueError:
            return cls()


@dataclass(frozen=True)
class ServerSettings:
    data_dir: Path
    workers: int = 1
    spare_worker: bool = True
    """Keep one render process started and waiting (~75 MB), so a render starts at once."""
    max_upload_mb: int | None = None
    """Overrides every skill's limit when set (tests use a small one)."""
    allow_private_urls: bool = False
    heartbeat_s: float = DEFAULT_HEARTBEAT_S
    web_url: str = CLOUD_WEB_URL
    url_timeout_s: float = 60.0
    clock: Clock = field(default_factory=Clock.from_env)
    queue_url: str | None = None
    """redis://... : renders go to Celery workers (nemo_skill.scale) instead of local processes."""
    chunk_s: float = 30.0
    """With a queue: the longest chunk of a split render, in seconds of video."""
    credits: CreditRules = field(default_factory=CreditRules)
    tokens_per_source: int = DEFAULT_TOKENS_PER_SOURCE
    """Anonymous tokens per source address per hour; 0: no limit."""
    idle_exit_s: float = 0.0
    """Stop after this many seconds without a request (embedded mode); 0: never."""
    retention: Retention = field(default_factory=Retention)
    public_url: str | None = None
    """The base of signed links when the server sits behind a proxy; else the address it was reached on."""

    @property
    def db_path(self) -> Path:
        return self.data_dir / "nemo-local.sqlite3"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def renders_dir(self) -> Path:
        return self.data_dir / "renders"

    @property
    def tmp_dir(self) -> Path:
        return self.data_dir / "tmp"

    @property
    def jobs_dir(self) -> Path:
        return self.data_dir / "jobs"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    def ensure_dirs(self) -> None:
        for path in (
            self.data_dir,
            self.media_dir,
            self.renders_dir,
            self.tmp_dir,
            self.jobs_dir,
            self.cache_dir,
        ):
            path.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # a folder we do not own: leave its mode alone
            self.data_dir.chmod(0o700)
