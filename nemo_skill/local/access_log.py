"""One stderr line per request: method, path, status, milliseconds.

Never the query string, headers or signed parts of download paths: those can carry
secrets.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("nemo_skill.local.access")
_SIGNED = re.compile(r"^/(media|files)/.+")


def loggable_path(path: str) -> str:
    return _SIGNED.sub(r"/\1/***", path)[:300]


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: dict[str, Any] = {"code": 0}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            log.info(
                "%s %s %s %.0fms",
                scope["method"],
                loggable_path(scope["path"]),
                status["code"] or "-",
                elapsed_ms,
            )
