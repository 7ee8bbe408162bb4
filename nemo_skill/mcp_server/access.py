"""What a tool call works with: a :class:`Runtime` for the right user, and whether it
may touch files on this machine.

* :class:`LocalAccess` (``nemo-skill mcp``, stdio or in-memory): the user's own
  runtime, configured like the CLI (``NEMO_API_BASE``, the stored token, the sessions
  remembered per skill), so the MCP client and ``nemo-skill chat`` share one timeline.
  Paths are the user's own files.
* :class:`ServedAccess` (``/mcp`` of ``nemo-skill serve``): the caller is whoever holds
  the bearer token the request carried (checked before the MCP app runs, see
  :mod:`.http`); the runtime talks to this very server with that token, sessions are
  kept in memory per token, and no path on the server's disk is read or written.

A runtime is made per call (cheap: no network until it is used), so concurrent calls
never share a half-initialised client.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._exceptions import AuthError
from ..client.sessions import MemorySessionStore
from ..models import protocol
from ..runtime import Runtime

log = logging.getLogger("nemo_skill.mcp")

__all__ = ["Call", "ExportBook", "LocalAccess", "ServedAccess"]


@dataclass
class ExportBook:
    """Where each export started by this server should be saved, and a lock per export
    so two ``get_export`` calls never download the same file at once."""

    targets: dict[str, tuple[Path, bool]] = field(default_factory=dict)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def remember(self, export_id: str, target: Path, *, force: bool) -> None:
        with self._guard:
            self.targets[export_id] = (target, force)

    def target(self, export_id: str) -> tuple[Path, bool] | None:
        with self._guard:
            return self.targets.get(export_id)

    def lock(self, export_id: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(export_id, threading.Lock())


@dataclass
class Call:
    runtime: Runtime
    exports: ExportBook
    local_files: bool
    """Whether paths in arguments name files on the caller's machine (False over HTTP)."""


def _notify(text: str) -> None:
    # stdout is the protocol's channel on stdio: notices go to the log (stderr).
    log.info("%s", text)


@dataclass
class LocalAccess:
    skill: str | None = None
    api_base: str | None = None
    exports: ExportBook = field(default_factory=ExportBook)

    @contextmanager
    def open(self, ctx: Any) -> Iterator[Call]:
        with Runtime(self.skill, self.api_base, notify=_notify) as runtime:
            yield Call(runtime, self.exports, local_files=True)


@dataclass
class ServedAccess:
    _stores: dict[str, MemorySessionStore] = field(default_factory=dict)
    _books: dict[str, ExportBook] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def _per_token(self, token: str) -> tuple[MemorySessionStore, ExportBook]:
        key = hashlib.sha256(token.encode()).hexdigest()
        with self._guard:
            return (
                self._stores.setdefault(key, MemorySessionStore()),
                self._books.setdefault(key, ExportBook()),
            )

    @contextmanager
    def open(self, ctx: Any) -> Iterator[Call]:
        from ..client.auth import Token

        request = ctx.request_context.request
        header = request.headers.get(protocol.AUTHORIZATION, "") if request is not None else ""
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("the bearer token is missing", hint="send Authorization: Bearer <token>")
        host, port = request.scope["server"]
        # The address this request came in on reaches this same server.
        shown = f"[{host}]" if ":" in str(host) else host
        sessions, exports = self._per_token(token.strip())
        skill = request.headers.get(protocol.SKILL_SOURCE) or None
        with Runtime(
            skill, f"http://{shown}:{port}", notify=_notify, token=Token(token), sessions=sessions
        ) as runtime:
            yield Call(runtime, exports, local_files=False)
