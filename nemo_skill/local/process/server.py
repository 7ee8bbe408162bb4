"""`nemo-skill serve`: uvicorn on a socket we bind ourselves, so ``--port 0`` can print
the real port in the ready line ``Serving on http://HOST:PORT``."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
from collections.abc import Callable

from ..._exceptions import ConfigError
from ..settings import ServerSettings
from .activity import Activity
from .lock import lock_for_server
from .spawn import READY_PREFIX

log = logging.getLogger("nemo_skill.local")


def configure_logging() -> None:
    from ...redaction import RedactingFilter

    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("nemo_skill.local")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False


KEEP_ALIVE_S = 30
"""Seconds an idle keep-alive connection stays open on the server."""


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only when
    # the proto says TCP; without it every keep-alive response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc})",
            hint="pick another --port, or 0 for a free one",
        ) from None
    sock.listen(512)
    sock.setblocking(False)
    return sock


def announce(line: str) -> None:
    """Print the ready line, then point stdout at /dev/null: whoever read the line (the
    embedded starter) may close the pipe, and a later write must not kill the server."""
    try:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


async def watch_idle(
    stop: Callable[[], None], activity: Activity, idle_s: float, busy: Callable[[], bool]
) -> None:
    """Call ``stop`` once no request has run for ``idle_s`` seconds and no render waits."""
    while True:
        await asyncio.sleep(max(0.05, min(5.0, idle_s / 4)))
        if activity.idle_for() >= idle_s and not await asyncio.to_thread(busy):
            log.info("no requests for %g s: stopping (idle exit)", idle_s)
            stop()
            return


async def _serve(server: object, sock: socket.socket, host: str, settings: ServerSettings) -> None:
    import uvicorn

    from ..store.housekeeping import renders_waiting
    from .access_log import AccessLog

    assert isinstance(server, uvicorn.Server)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():
        await asyncio.sleep(0.02)
    idle = None
    if server.started:
        port = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        announce(f"{READY_PREFIX}http://{shown}:{port}")
        app = server.config.app
        if settings.idle_exit_s > 0 and isinstance(app, AccessLog):
            db = app.app.state.ctx.db  # type: ignore[attr-defined]

            def stop() -> None:
                server.should_exit = True

            idle = asyncio.create_task(
                watch_idle(stop, app.activity, settings.idle_exit_s, lambda: renders_waiting(db))
            )
    try:
        await task
    finally:
        if idle is not None:
            idle.cancel()


def serve(settings: ServerSettings, host: str, port: int) -> int:
    import uvicorn

    from ..app import create_app

    try:
        settings.ensure_dirs()
    except OSError as exc:
        raise ConfigError(
            f"cannot use {settings.data_dir} as the data dir ({exc.strerror or exc})",
            hint="pass a writable folder with --data-dir",
        ) from None
    lock = lock_for_server(settings.data_dir)
    try:
        configure_logging()
        sock = bind(host, port)
        app = create_app(settings)
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,  # AccessLog writes our own line, without query strings
            lifespan="on",
            timeout_graceful_shutdown=10,
            server_header=False,
            # Longer than any client's idle expiry (httpx: 5 s): a client that reuses an idle
            # connection the moment the server drops it gets "Server disconnected" (the
            # 200-user soak lost requests to this race at uvicorn's default of 5 s).
            timeout_keep_alive=KEEP_ALIVE_S,
        )
        server = uvicorn.Server(config)
        asyncio.run(_serve(server, sock, host, settings))
        if not server.started:
            raise ConfigError("the local backend failed to start", hint="see the messages above")
    finally:
        lock.release()
    return 0
