"""``/mcp`` on ``nemo-skill serve``: the same tools over streamable HTTP, behind the
bearer-token check every other endpoint of the local backend makes.

A request without a valid token is refused before the MCP app sees it, with the
protocol's 1001 envelope (HTTP 401). Tools then act as that token's user, through a
runtime that talks to this same server (:class:`nemo_skill.mcp_server.access.ServedAccess`).
"""

from __future__ import annotations

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
    """The route to add to the app and the lifespan piece that runs the SDK's session manager."""

    def __init__(self, ctx: AppContext) -> None:
        from ...mcp_server.access import ServedAccess
        from ...mcp_server.server import build_server

        self._ctx = ctx
        self._server = build_server(ServedAccess())
        # streamable_http_app() creates the session manager; its own lifespan never runs
        # when mounted, so ours enters the manager (see running()).
        self._app = self._server.streamable_http_app(streamable_http_path=MCP_PATH)
        # An object, not a function: Starlette then calls it as a plain ASGI app.
        self.route = Route(MCP_PATH, endpoint=self, methods=["GET", "POST", "DELETE"])

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        async with self._server.session_manager.run():
            yield

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
        await self._app(scope, receive, send)


def served_mcp(ctx: AppContext) -> ServedMCP | None:
    """The ``/mcp`` endpoint, or None when the ``mcp`` package is not installed."""
    from ...extras import mcp_available

    return ServedMCP(ctx) if mcp_available() else None
