"""``nemo-skill serve``: run the local backend (the NemoVideo protocol on loopback)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Subparsers

EPILOG = """\
examples:
  nemo-skill serve                          # 127.0.0.1:8765, data in the user data folder
  nemo-skill serve --port 0                 # a free port; the ready line says which
  nemo-skill serve --data-dir /tmp/nemo --workers 2
  NEMO_API_BASE=http://127.0.0.1:8765 nemo-skill chat "make a video" --attach a.jpg

  nemo-skill serve --queue redis://127.0.0.1:6379/0   # renders on `nemo-skill worker`s (see README)

When ready it prints one line on stdout:  Serving on http://127.0.0.1:PORT
Ctrl-C (SIGINT) or SIGTERM stops it cleanly; unfinished renders resume at the next start.
'nemo-skill local status|stop|clean --data-dir DIR' reports on, stops or cleans it.

Credits follow the hosted service's rules by default (100 per anonymous token, tokens
live 7 days, no credits left is code 2001), since a shared server needs them;
--credits unlimited is what the CLI's own embedded backend runs with.
Needs the [local] extra:  pip install 'nemo-skill[local]'
"""


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the local backend on 127.0.0.1",
        description="Serve the NemoVideo protocol locally: tokens, credits, sessions, uploads, messages, renders.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="database, media and renders (default: user data folder)"
    )
    parser.add_argument("--workers", type=int, default=1, help="renders run at the same time (default 1)")
    parser.add_argument(
        "--no-spare-worker",
        action="store_true",
        help="do not keep a render process started and waiting (saves ~75 MB; each render then starts ~0.7 s later)",
    )
    parser.add_argument(
        "--max-upload-mb", type=int, default=None, help="per-file upload limit, overriding every skill's"
    )
    parser.add_argument(
        "--allow-private-urls",
        action="store_true",
        help="let URL uploads fetch from loopback/private addresses (off by default: SSRF protection)",
    )
    parser.add_argument(
        "--heartbeat-s",
        type=float,
        default=None,
        help="seconds between SSE heartbeats while working (default 10)",
    )
    parser.add_argument(
        "--queue",
        default=None,
        metavar="redis://HOST:PORT/DB",
        help="send renders to Celery workers through this Redis (default: $NEMO_QUEUE; unset: render here)",
    )
    parser.add_argument(
        "--chunk-seconds",
        type=float,
        default=None,
        help="with --queue: the longest chunk a video is split into, in seconds of video (default 30)",
    )
    parser.add_argument(
        "--credits",
        default="hosted",
        metavar="RULES",
        help="hosted (default: 100 credits per anonymous token, 2001 when spent), unlimited "
        "(topped up before every message: one's own machine), or N credits per token",
    )
    parser.add_argument(
        "--tokens-per-ip",
        type=int,
        default=None,
        metavar="N",
        help="anonymous tokens one source address may get per hour (default 20; 0: no limit)",
    )
    parser.add_argument(
        "--url-timeout-s", type=float, default=60.0, help="wall-clock limit of one URL download (default 60)"
    )
    parser.add_argument(
        "--idle-exit-s",
        type=float,
        default=0.0,
        metavar="S",
        help="stop after S seconds without requests (default 0: never; embedded mode uses NEMO_LOCAL_IDLE)",
    )
    parser.add_argument(
        "--keep-days",
        type=float,
        default=None,
        help="remove finished renders and unused uploads older than this (default 7; 0: keep)",
    )
    parser.add_argument(
        "--max-data-mb",
        type=float,
        default=None,
        help="remove the oldest renders and unused uploads while they take more (default 2048; 0: no cap)",
    )
    parser.add_argument(
        "--public-url", default=None, help="base URL of signed links when serving behind a proxy"
    )
    parser.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    from .._exceptions import ConfigError
    from ..extras import require_local_extra

    require_local_extra()
    from ..config import data_home
    from ..local.process.server import serve
    from ..local.settings import (
        DEFAULT_HEARTBEAT_S,
        DEFAULT_TOKENS_PER_SOURCE,
        CreditRules,
        Retention,
        ServerSettings,
    )

    if not 0 <= args.port <= 65535:
        raise ConfigError(f"--port {args.port} is not a port number", hint="use 0-65535 (0 picks a free one)")
    if args.workers < 1 or args.workers > 16:
        raise ConfigError(f"--workers {args.workers} is out of range", hint="use 1-16")
    if args.max_upload_mb is not None and args.max_upload_mb < 1:
        raise ConfigError("--max-upload-mb must be at least 1")
    heartbeat = args.heartbeat_s if args.heartbeat_s is not None else DEFAULT_HEARTBEAT_S
    if not 0.05 <= heartbeat <= 15:
        raise ConfigError(
            "--heartbeat-s must be between 0.05 and 15 (the protocol wants one at least every 15 s)"
        )
    queue_url, chunk_s = _queue_options(args)
    try:
        credits = CreditRules.parse(args.credits)
    except ValueError:
        raise ConfigError(
            f"--credits {args.credits!r} is not hosted, unlimited or a number of credits",
            hint="e.g. --credits unlimited, or --credits 500",
        ) from None
    if not 1 <= args.url_timeout_s <= 3600:
        raise ConfigError("--url-timeout-s must be between 1 and 3600")
    if args.idle_exit_s < 0 or (args.tokens_per_ip is not None and args.tokens_per_ip < 0):
        raise ConfigError("--idle-exit-s and --tokens-per-ip cannot be negative")
    defaults = Retention()
    retention = Retention(
        keep_days=defaults.keep_days if args.keep_days is None else args.keep_days,
        max_mb=defaults.max_mb if args.max_data_mb is None else args.max_data_mb,
    )
    if retention.keep_days < 0 or retention.max_mb < 0:
        raise ConfigError("--keep-days and --max-data-mb cannot be negative", hint="0 turns a rule off")
    settings = ServerSettings(
        data_dir=(args.data_dir or data_home()).expanduser().resolve(),
        workers=args.workers,
        spare_worker=not args.no_spare_worker,
        max_upload_mb=args.max_upload_mb,
        allow_private_urls=args.allow_private_urls,
        heartbeat_s=heartbeat,
        queue_url=queue_url,
        chunk_s=chunk_s,
        url_timeout_s=args.url_timeout_s,
        credits=credits,
        tokens_per_source=DEFAULT_TOKENS_PER_SOURCE if args.tokens_per_ip is None else args.tokens_per_ip,
        idle_exit_s=args.idle_exit_s,
        retention=retention,
        public_url=args.public_url.rstrip("/") if args.public_url else None,
    )
    return serve(settings, args.host, args.port)


def _queue_options(args: argparse.Namespace) -> tuple[str | None, float]:
    """--queue (or NEMO_QUEUE), checked now so a wrong address is one line at start."""
    import os

    from .._exceptions import ConfigError
    from ..scale.config import DEFAULT_CHUNK_S, ENV_QUEUE, QueueConfig

    chunk_s = DEFAULT_CHUNK_S if args.chunk_seconds is None else args.chunk_seconds
    if not 0.1 <= chunk_s <= 3600:
        raise ConfigError("--chunk-seconds must be between 0.1 and 3600")
    url = args.queue if args.queue is not None else os.environ.get(ENV_QUEUE, "").strip() or None
    if url is None:
        if args.chunk_seconds is not None:
            raise ConfigError(
                "--chunk-seconds needs --queue", hint="local renders split by cores on their own"
            )
        return None, chunk_s
    from ..scale.celery_app import require_scale_extra
    from ..scale.runstate import check_reachable

    require_scale_extra()
    cfg = QueueConfig.from_url(url)
    check_reachable(cfg)
    return cfg.url, chunk_s
