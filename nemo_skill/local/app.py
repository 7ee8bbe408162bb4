"""The ASGI app: routes of docs/protocol.md on Starlette, with the store and render queue
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
from ..models import protocol
from .context import AppContext
from .jobs.render_queue import LocalRenderQueue, RenderQueue
from .media.probe import load_decoders
from .process.access_log import AccessLog
from .process.activity import Activity
from .process.startup_cleanup import remove_partial_files
from .routes import account as routes_account
from .routes import edits as routes_edits
from .routes import files as routes_files
from .routes import render as routes_render
from .routes import run as routes_run
from .routes import state as routes_state
from .routes import upload as routes_upload
from .routes.envelope import error_response
from .routes.mcp import served_mcp
from .routes.request_helpers import Handler
from .settings import ServerSettings
from .signing import Signer, load_or_create_secret
from .source_limit import SourceLimiter
from .store import Database
from .store.accounts import release_stale_holds
from .store.retention import RETENTION_EVERY_S, clean_in_background
from .studio import routes as routes_studio

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
    from .jobs.celery_queue import CeleryRenderQueue

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
        # Off the event loop, once the server is up: what the first upload and the first
        # message would otherwise wait for.
        warm = asyncio.get_running_loop().run_in_executor(None, _warm_up)
        housekeeping = asyncio.create_task(clean_in_background(ctx, every_s=RETENTION_EVERY_S))
        try:
            async with mcp.running() if mcp is not None else contextlib.nullcontext():
                yield
        finally:
            housekeeping.cancel()
            await warm
            ctx.renders.stop()

    routes = [
        _route(protocol.HEALTH, routes_account.healthz),
        _route(protocol.ANONYMOUS_TOKEN, routes_account.anonymous_token),
        _route(protocol.SESSION, routes_account.create_session),
        _route(protocol.CREDITS, routes_account.credits),
        _route(protocol.RUN_SSE, routes_run.run_sse),
        _route(protocol.UPLOAD, routes_upload.upload),
        _route(protocol.STATE, routes_state.latest_state),
        _route(protocol.RENDER, routes_render.create_render),
        _route(protocol.RENDER_JOB, routes_render.get_render),
        # Our extension of the protocol (docs/local-backend.md, "Structured edits").
        _route(protocol.EDITS, routes_edits.apply_edits),
        _route(protocol.MEDIA_FILE, routes_files.media_file, head=True),
        _route(protocol.RENDER_FILE, routes_files.render_file, head=True),
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


def _route(endpoint: protocol.Endpoint, handler: Handler, *, head: bool = False) -> Route:
    return Route(endpoint.template, handler, methods=[endpoint.method, *(["HEAD"] if head else [])])


def _warm_up() -> None:
    """Decoders first (uploads come first), then the interpreter: its import (~0.15 s,
    kept out of the server's start) and its patterns, compiled on first use (~130 ms)."""
    load_decoders()
    from ..interpreter import InterpretContext, interpret

    interpret(
        'make it 9:16, 3 seconds per photo, add romantic music and the title "x"', InterpretContext(None, [])
    )
