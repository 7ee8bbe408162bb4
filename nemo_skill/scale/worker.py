"""``nemo-skill worker``: a Celery worker that renders parts of jobs from the queue."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from .celery_app import make_app
from .config import QUEUE_NAME, QueueConfig
from .runstate import check_reachable
from .storage import SharedDir


def default_name() -> str:
    # One name per worker process: "stopped N times" counts stopped workers by name.
    return f"nemo-{os.getpid()}@{socket.gethostname()}"


def run_worker(cfg: QueueConfig, data_dir: Path, concurrency: int, name: str | None, loglevel: str) -> int:
    storage = SharedDir.for_worker(data_dir)
    check_reachable(cfg)
    app = make_app(cfg)
    from . import tasks  # registers the tasks with the app

    app.conf[tasks.DATA_DIR_CONF] = str(storage.root)
    argv = [
        "worker",
        f"--concurrency={concurrency}",
        f"--hostname={name or default_name()}",
        f"--loglevel={loglevel}",
        f"--queues={QUEUE_NAME}",
        # No chatter between workers: each takes tasks from Redis and nothing else.
        "--without-gossip",
        "--without-mingle",
    ]
    app.worker_main(argv)
    return 0
