"""``nemo-skill worker``: render parts of jobs that a ``serve --queue`` server sends.

Stdlib-only at import time: Celery and the renderer load when it runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Subparsers

HELP = "run a render worker for a server started with --queue"
EPILOG = """\
examples:
  nemo-skill serve  --queue redis://10.0.0.5:6379/0 --data-dir /mnt/nemo --host 0.0.0.0
  nemo-skill worker --queue redis://10.0.0.5:6379/0 --data-dir /mnt/nemo --concurrency 2

--data-dir is the server's data dir, shared (NFS or the like; each machine may mount
it at its own path: tasks name files relative to it). A worker renders chunks of frames, the soundtrack and the final join;
it never opens the server's database. Each concurrent task keeps about two cores busy:
--concurrency = cores / 2 is a good start. Ctrl-C or SIGTERM finishes the running tasks
first; a worker killed outright loses nothing (its tasks go to another worker after
NEMO_QUEUE_VISIBILITY_S). Needs the [scale] extra:  pip install 'nemo-skill[scale]'
"""


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "worker",
        help=HELP,
        description=HELP,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--queue", default=None, help="redis://HOST:PORT/DB (default: $NEMO_QUEUE)")
    parser.add_argument("--data-dir", type=Path, required=True, help="the server's data dir, shared")
    parser.add_argument("--concurrency", type=int, default=1, help="tasks at the same time (default 1)")
    parser.add_argument("--name", default=None, help="the worker's name (default nemo-PID@HOST)")
    parser.add_argument(
        "--loglevel", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="default INFO"
    )
    parser.set_defaults(handler=_worker)


def _worker(args: argparse.Namespace) -> int:
    from .._exceptions import ConfigError
    from ..scale.celery_app import require_scale_extra
    from ..scale.config import QueueConfig

    require_scale_extra()
    if not 1 <= args.concurrency <= 64:
        raise ConfigError(f"--concurrency {args.concurrency} is out of range", hint="use 1-64")
    cfg = QueueConfig.from_url(args.queue)
    from ..scale.worker import run_worker

    return run_worker(cfg, args.data_dir, args.concurrency, args.name, args.loglevel)
