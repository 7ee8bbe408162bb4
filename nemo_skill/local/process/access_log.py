"""One stderr line per request: method, path, status, milliseconds, and the skill
that sent it (``X-Skill-Source@X-Skill-Version/X-Skill-Platform``: attribution is what
those headers are for).

Never the query string, other headers or signed parts of download paths: those can
carry secrets.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ...models import protocol
from .activity import QUIET_PATHS, Activity

log = logging.getLogger("nemo_skill.local.access")
_SIGNED = re.compile(r"^/(media|files)/.+")
# Header values are the client's words: keep a safe alphabet so a log line stays one line.
_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")
_SKILL_HEADERS = tuple(name.lower().encode() for name in protocol.SKILL_HEADERS)  # ASGI: lower-case bytes


def loggable_path(path: str) -> str:
    return _SIGNED.sub(r"/\1/***", path)[:300]


def skill_label(headers: list[tuple[bytes, bytes]]) -> str:
    """``skill=name@version/platform`` from the attribution headers, or ``skill=-``."""
    found = {k.lower(): v for k, v in headers if k.lower() in _SKILL_HEADERS}
    if not found:
        return "skill=-"
    source, version, platform = (
        _UNSAFE.sub("?", found.get(key, b"-").decode("latin-1"))[:64] for key in _SKILL_HEADERS
    )
    return f"skill={source}@{version}/{platform}"


class AccessLog:
    """The outermost layer: logs every request and tells ``activity`` when one runs."""

    def __init__(self, app: ASGIApp, activity: Activity | None = None) -> None:
        self.app = app
        self.activity = activity or Activity()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        counted = scope["path"] not in QUIET_PATHS
        if counted:
            self.activity.begin()
        started = time.perf_counter()
        status: dict[str, Any] = {"code": 0}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            if counted:
                self.activity.end()
            elapsed_ms = (time.perf_counter() - started) * 1000
            log.info(
                "%s %s %s %.0fms %s",
                scope["method"],
                loggable_path(scope["path"]),
                status["code"] or "-",
                elapsed_ms,
                skill_label(scope.get("headers") or []),
            )
