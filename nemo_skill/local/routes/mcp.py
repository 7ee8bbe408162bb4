"""``/mcp`` on ``nemo-skill serve``: the same tools over streamable HTTP, behind the
bearer-token check every other endpoint of the local backend makes.

A request without a valid token is refused before the MCP app sees it, with the
protocol's 1001 envelope (HTTP 401). Tools then act as that token's user, through a
runtime that talks to this same server (:class:`nemo_skill.mcp_server.access.ServedAccess`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from ..._exceptions import AuthError
from ...models import protocol

if TYPE_CHECKING:
    from ..context import AppContext

MCP_PATH = "/mcp"


class ServedMCP:
    """The route to add to the app and the lifespan piece that runs the SDK's session manager.

    The MCP server is built on the first authenticated ``/mcp`` request, not at startup:
    importing the SDK is about two thirds of the backend's start (~1 s on 2 cores), and
    most backends (every embedded one behind ``make``) never see an MCP client."""

    def __init__(self, ctx: AppContext) -> None:
        self._ctx = ctx
        self._app: Any = None
        self._building = asyncio.Lock()
        self._stopping = asyncio.Event()
        self._holder: asyncio.Task[None] | None = None
        # An object, not a function: Starlette then calls it as a plain ASGI app.
        self.route = Route(MCP_PATH, endpoint=self, methods=["GET", "POST", "DELETE"])

    async def _built(self) -> Any:
        """The SDK's ASGI app, built once; its session manager then runs in a task of its
        own until the backend stops (the manager's task group must be entered and left
        by one task, and a request's task ends with the request)."""
        async with self._building:
            if self._app is None:
                server = await asyncio.to_thread(_build_server)
                # streamable_http_app() creates the session manager; its own lifespan never
                # runs when mounted, so _hold() enters the manager.
                app = server.streamable_http_app(streamable_http_path=MCP_PATH)
                entered = asyncio.Event()
                holder = asyncio.create_task(self._hold(server, entered))
                await entered.wait()
                if holder.done():  # the manager did not start: this request fails, the next retries
                    holder.result()
                    raise RuntimeError("the MCP session manager stopped at once")
                self._holder, self._app = holder, app
        return self._app

    async def _hold(self, server: Any, entered: asyncio.Event) -> None:
        try:
            async with server.session_manager.run():
                entered.set()
                await self._stopping.wait()
        finally:
            entered.set()  # also when run() failed: the request waiting on it must not hang

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            self._stopping.set()
            if self._holder is not None:
                await self._holder

    def _user_of(self, scope: Scope) -> str | None:
        from ..store import accounts

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        scheme, _, token = headers.get(protocol.AUTHORIZATION.lower(), "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return accounts.user_for_token(self._ctx.db, token.strip(), now=self._ctx.now())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._user_of(scope) is None:
            from .envelope import error_response

            response: Any = error_response(
                AuthError(
                    "a valid bearer token is required for /mcp",
                    hint="get one from POST /api/auth/anonymous-token and send Authorization: Bearer <token>",
                    http_status=401,
                )
            )
            response.headers["WWW-Authenticate"] = "Bearer"
            await response(scope, receive, send)
            return
        await (await self._built())(scope, receive, send)


def _build_server() -> Any:
    from ...mcp_server.access import ServedAccess
    from ...mcp_server.server import build_server

    return build_server(ServedAccess())


def served_mcp(ctx: AppContext) -> ServedMCP | None:
    """The ``/mcp`` endpoint, or None when the ``mcp`` package is not installed."""
    from ...extras import mcp_available

    return ServedMCP(ctx) if mcp_available() else None
