"""Export: render the session's latest draft, wait for it, download the MP4.

The output path is checked before anything is rendered (missing folder, not
writable, already there without ``--force``), the download goes to a temporary file
beside the target and is renamed into place only when its size matches what the
backend announced, so a broken download never leaves a half file under the real
name. The render id is stored with the session by the caller, so
``export --resume`` can pick up a job the user walked away from.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import httpx

from .._exceptions import BackendUnavailable, InputError, RenderError
from ..files import check_output_path
from ..models import Draft, RenderJob, RenderOutput
from ..models.protocol import RENDER, RENDER_JOB
from ..models.wire import RENDER_STATUSES
from ._http import HttpClient
from .progress import Reporter

__all__ = [
    "default_output",
    "download",
    "new_render_id",
    "parse_render",
    "poll_interval",
    "start_render",
    "wait_for_render",
]

CLOUD_POLL_S = 30.0
LOCAL_POLL_S = 0.5
NEAR_END = 95.0
"""From this progress on, polls come 5x as often: the wait after a render ends averages
half an interval, and a poll is not free (a loopback one costs client and server ~4 ms
of CPU, taken from the render on a busy machine: every 0.2 s over a 30 s render cost
more than the 0.15 s it saved at the end)."""
MAX_WAIT_S = 60 * 60


def default_output(now: float | None = None) -> Path:
    """Where an export goes when no path is given: ``nemo-video-<local time>.mp4`` here."""
    return Path(time.strftime("nemo-video-%Y%m%d-%H%M%S.mp4", time.localtime(now)))


def new_render_id(now_ms: int | None = None) -> str:
    return f"render_{now_ms if now_ms is not None else int(time.time() * 1000)}"


def poll_interval(base_url: str) -> float:
    from .base_url import is_loopback

    return LOCAL_POLL_S if is_loopback(base_url) else CLOUD_POLL_S


def _first(*values: Any) -> Any:
    return next((v for v in values if v not in (None, "")), None)


def parse_render(payload: dict[str, Any], render_id: str) -> RenderJob:
    """Tolerant: status at ``data.status`` or ``status``; URL at ``data.output.url``,
    ``output.url`` or ``data.outputUrl``. A status the protocol does not name is a job
    still running."""
    data: dict[str, Any] = payload["data"] if isinstance(payload.get("data"), dict) else {}
    out_data: dict[str, Any] = data["output"] if isinstance(data.get("output"), dict) else {}
    out_top: dict[str, Any] = payload["output"] if isinstance(payload.get("output"), dict) else {}
    said = str(_first(data.get("status"), payload.get("status")) or "pending").lower()
    status = next((known for known in RENDER_STATUSES if known == said), "processing")
    progress = _first(data.get("progress"), payload.get("progress")) or 0
    size = _first(out_data.get("size"), out_top.get("size"))
    duration = _first(out_data.get("duration"), out_top.get("duration"))
    url = _first(out_data.get("url"), out_top.get("url"), data.get("outputUrl"), payload.get("outputUrl"))
    output = None
    if url is not None or size is not None or duration is not None:
        output = RenderOutput(
            url=url,
            size=int(size) if size is not None else None,
            duration=float(duration) if duration is not None else None,
        )
    return RenderJob(
        id=str(_first(data.get("id"), payload.get("id")) or render_id),
        status=status,
        progress=float(progress),
        output=output,
        error=_first(data.get("error"), payload.get("error")),
    )


def start_render(
    http: HttpClient, session_id: str, draft: Draft, *, quality: str, render_id: str
) -> RenderJob:
    body = {
        "id": render_id,
        "sessionId": session_id,
        "draft": draft.dump(),
        "output": {"format": "mp4", "quality": quality},
    }
    payload = http.call(RENDER.method, RENDER.path(), json=body, whole=True)
    return parse_render(payload if isinstance(payload, dict) else {}, render_id)


def get_render(http: HttpClient, render_id: str) -> RenderJob:
    payload = http.call(RENDER_JOB.method, RENDER_JOB.path(job_id=render_id), whole=True)
    return parse_render(payload if isinstance(payload, dict) else {}, render_id)


def wait_for_render(
    http: HttpClient,
    render_id: str,
    *,
    interval: float,
    progress: Reporter | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    max_wait: float = MAX_WAIT_S,
) -> RenderJob:
    started = clock()
    while True:
        state = get_render(http, render_id)
        if progress is not None:
            progress(f"rendering ({state.status})", state.progress / 100)
        if state.status == "completed":
            if not state.url:
                raise RenderError("the render finished but the backend gave no download URL")
            return state
        if state.status == "failed":
            raise RenderError(f"the render failed: {state.error or 'no reason given'}")
        if clock() - started > max_wait:
            raise RenderError(
                f"the render is still running after {max_wait / 60:g} minutes",
                hint="run 'nemo-skill export --resume' later to pick it up",
            )
        sleep(interval / 5 if state.progress >= NEAR_END else interval)


def download(
    http: HttpClient,
    url: str,
    target: Path,
    *,
    expected_size: int | None,
    force: bool,
    progress: Reporter | None = None,
) -> Path:
    """Stream ``url`` into ``target`` atomically; check the size the backend announced."""
    target = check_output_path(target, force=force)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            written = _stream_into(http, url, handle, expected_size, progress)
        if expected_size is not None and written != expected_size:
            raise RenderError(
                f"the download is {written} bytes but the backend announced {expected_size}",
                hint="run 'nemo-skill export --resume' to download it again",
            )
        if target.exists() and not force:
            raise InputError(f"{target} already exists", hint="pass --force to overwrite it")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        return target
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _stream_into(
    http: HttpClient, url: str, handle: BinaryIO, expected_size: int | None, progress: Reporter | None
) -> int:
    response = http.open_download(url)
    try:
        total = expected_size or int(response.headers.get("content-length") or 0)
        written = 0
        for chunk in response.iter_bytes(1 << 20):
            handle.write(chunk)
            written += len(chunk)
            if progress is not None and total:
                progress("downloading", written / total)
        return written
    except httpx.TransportError:
        raise BackendUnavailable("the download broke off", hint="run 'nemo-skill export --resume'") from None
    finally:
        response.close()
