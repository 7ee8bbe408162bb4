"""The ASGI app: routes of protocol.md on Starlette, with the store and render queue
started and stopped by the lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._exceptions import APIError
from ..mcp_server.http import served_mcp
from ..models.edit_request import EDITS_PATH
from . import (
    routes_account,
    routes_edits,
    routes_files,
    routes_render,
    routes_run,
    routes_state,
    routes_studio,
    routes_upload,
)
from .access_log import AccessLog
from .activity import Activity
from .context import AppContext
from .envelope import error_response
from .render_queue import LocalRenderQueue, RenderQueue
from .retention import RETENTION_EVERY_S, clean_in_background
from .settings import ServerSettings
from .signing import Signer, load_or_create_secret
from .source_limit import SourceLimiter
from .startup_cleanup import remove_partial_files
from .store import Database
from .store.accounts import release_stale_holds

log = logging.getLogger("nemo_skill.local")


def build_context(settings: ServerSettings) -> AppContext:
    settings.ensure_dirs()
    # With a shared queue, workers on other machines may be mid-render in these folders.
    shared = (settings.renders_dir, settings.data_dir / "scale") if settings.queue_url else ()
    remove_partial_files(settings.data_dir, settings.tmp_dir, settings.jobs_dir, skip=shared)
    db = Database(settings.db_path)
    released = release_stale_holds(db, now=settings.clock.now())
    if released:
        log.info("returned credits held by %d message(s) interrupted by the last shutdown", released)
    return AppContext(
        settings=settings,
        db=db,
        signer=Signer(load_or_create_secret(settings.data_dir)),
        renders=_render_queue(db, settings),
        token_limiter=SourceLimiter(settings.tokens_per_source) if settings.tokens_per_source else None,
    )


def _render_queue(db: Database, settings: ServerSettings) -> RenderQueue:
    if settings.queue_url is None:
        return LocalRenderQueue(db, settings)
    from .celery_queue import CeleryRenderQueue

    return CeleryRenderQueue(db, settings)


async def _not_found(request: Request, exc: Exception) -> Response:
    return error_response(
        APIError(f"no such endpoint: {request.method} {request.url.path[:100]}", code=404, http_status=404)
    )


async def _method_not_allowed(request: Request, exc: Exception) -> Response:
    return error_response(
        APIError(f"{request.method} is not allowed on {request.url.path[:100]}", code=405, http_status=405)
    )


def create_app(settings: ServerSettings, activity: Activity | None = None) -> AccessLog:
    ctx = build_context(settings)
    mcp = served_mcp(ctx)  # /mcp: the MCP tools over streamable HTTP (None without the mcp package)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        ctx.renders.start()
        # The interpreter compiles its patterns on first use (~130 ms): do it now, off the
        # event loop, so the user's first message does not pay for it.
        warm = asyncio.get_running_loop().run_in_executor(None, _warm_interpreter)
        housekeeping = asyncio.create_task(clean_in_background(ctx, every_s=RETENTION_EVERY_S))
        try:
            async with mcp.running() if mcp is not None else contextlib.nullcontext():
                yield
        finally:
            housekeeping.cancel()
            await warm
            ctx.renders.stop()

    routes = [
        Route("/healthz", routes_account.healthz, methods=["GET"]),
        Route("/api/auth/anonymous-token", routes_account.anonymous_token, methods=["POST"]),
        Route("/api/tasks/me/with-session/nemo_agent", routes_account.create_session, methods=["POST"]),
        Route("/api/credits/balance/simple", routes_account.credits, methods=["GET"]),
        Route("/run_sse", routes_run.run_sse, methods=["POST"]),
        Route("/api/upload-video/nemo_agent/me/{sid}", routes_upload.upload, methods=["POST"]),
        Route("/api/state/nemo_agent/me/{sid}/latest", routes_state.latest_state, methods=["GET"]),
        Route("/api/render/proxy/lambda", routes_render.create_render, methods=["POST"]),
        Route("/api/render/proxy/lambda/{job_id}", routes_render.get_render, methods=["GET"]),
        # Our extension of the protocol (docs/local-backend.md, "Structured edits").
        Route(EDITS_PATH, routes_edits.apply_edits, methods=["POST"]),
        Route("/media/{signed}", routes_files.media_file, methods=["GET", "HEAD"]),
        Route("/files/{signed}", routes_files.render_file, methods=["GET", "HEAD"]),
        *([mcp.route] if mcp is not None else []),
        # The studio page (docs/studio.md): the page, its files, and its two endpoints.
        Route("/studio", routes_studio.page, methods=["GET", "HEAD"]),
        Route("/studio/", routes_studio.page_slash, methods=["GET", "HEAD"]),
        Route("/studio/static/{path:path}", routes_studio.asset, methods=["GET", "HEAD"]),
        Route("/studio/fonts/{weight}", routes_studio.font, methods=["GET", "HEAD"]),
        Route("/studio/api/config", routes_studio.config, methods=["GET"]),
        Route("/studio/api/session", routes_studio.session, methods=["POST"]),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={404: _not_found, 405: _method_not_allowed},
    )
    app.state.ctx = ctx
    return AccessLog(app, activity)


def _warm_interpreter() -> None:
    from ..interpreter import InterpretContext, interpret

    interpret(
        'make it 9:16, 3 seconds per photo, add romantic music and the title "x"', InterpretContext(None, [])
    )
