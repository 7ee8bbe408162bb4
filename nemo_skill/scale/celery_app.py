"""The Celery app both sides build from the same :class:`QueueConfig`: the server only
sends tasks by name and reads their states; ``nemo-skill worker`` runs them."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from .._exceptions import ConfigError
from .config import QUEUE_NAME, QueueConfig

if TYPE_CHECKING:
    from celery import Celery

RESULT_TTL_S = 7 * 24 * 3600  # a client may come back for its render days later


def require_scale_extra() -> None:
    # The queue's client libraries, and what a worker renders with.
    wanted = ("celery", "redis", "numpy", "cv2", "av", "PIL", "imageio_ffmpeg")
    missing = [name for name in wanted if importlib.util.find_spec(name) is None]
    if missing:
        raise ConfigError(
            f"the render queue needs packages that are not installed ({', '.join(missing)})",
            hint="pip install 'nemo-skill[scale]'",
        )


def make_app(cfg: QueueConfig) -> Celery:
    require_scale_extra()
    from celery import Celery

    app = Celery("nemo_skill", broker=cfg.url, backend=cfg.url, set_as_current=False)
    redis_options = {"socket_timeout": 10, "socket_connect_timeout": 5, "health_check_interval": 10}
    app.conf.update(
        # A task is acknowledged only once it has finished: a worker that dies mid-chunk
        # leaves the message to Redis, which hands it to another worker after the
        # visibility timeout (or at once, when only a pool process died).
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # One task at a time per process: a chunk is long, and a prefetched one would
        # wait behind it while another worker sits idle.
        worker_prefetch_multiplier=1,
        broker_transport_options={
            "visibility_timeout": cfg.visibility_s,
            "unacked_restore_interval": cfg.restore_interval_s,
            "unacked_restore_throttle": 1,
            **redis_options,
        },
        result_backend_transport_options=redis_options,
        # A result the worker could not store while Redis was away is stored once it is back.
        result_backend_always_retry=True,
        result_backend_max_retries=60,
        result_expires=RESULT_TTL_S,
        task_track_started=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_default_queue=QUEUE_NAME,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a worker waits for Redis as long as it takes
        worker_cancel_long_running_tasks_on_connection_loss=False,
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
    )
    return app
