"""Which backend to talk to: ``NEMO_API_BASE`` = ``local`` (default), ``cloud`` or a URL.

``local`` is the embedded backend on loopback, which the caller starts (or reuses):
the runtime hands in the starter, the client does not know the backend's code. The key
under which tokens and sessions are remembered stays ``local`` even though its port
changes between starts, because its data folder (and so its users and sessions) persists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import config

__all__ = ["ApiBase", "is_loopback", "resolve_api_base"]


@dataclass(frozen=True)
class ApiBase:
    url: str
    key: str
    """``local`` or the configured URL: what tokens and sessions are filed under."""
    web_url: str
    """Where a user registers or tops up (the local backend names its own in 2001 answers)."""


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def resolve_api_base(setting: str | None, *, start_local: Callable[[], str]) -> ApiBase:
    """The backend to use; ``setting`` overrides ``NEMO_API_BASE``. ``start_local`` makes
    sure the local backend runs and returns its URL (called only when it is the one)."""
    raw = config.api_base_setting(setting)
    if raw == config.LOCAL:
        return ApiBase(url=start_local().rstrip("/"), key=config.LOCAL, web_url=config.CLOUD_WEB_URL)
    return ApiBase(url=raw.rstrip("/"), key=raw.rstrip("/"), web_url=config.CLOUD_WEB_URL)
