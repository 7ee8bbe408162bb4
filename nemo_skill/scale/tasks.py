"""What a render worker runs: a chunk of frames, the soundtrack, the join.

Each task does one *part* of a job and is idempotent, keyed by the job's render key and
the part: its output is a file with a fixed key, published whole (storage.py), and a
task that finds it there returns at once. Between the check and the work, a short-lived
lock in Redis (runstate.py) keeps two deliveries of the same part from working at once.

A task never raises for a render problem: it returns a PartResult with the error, which
the server turns into the job's message. What escapes (Redis gone mid-task) is the
queue's trouble, and the server treats it as a stop. Workers never open the server's
database: they read media and write files through the storage, and talk only to Redis.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
from celery import Task, shared_task

from .._exceptions import Cancelled, NemoError, RenderError
from ..models.render_task import MAX_STOPS, PartError, PartResult, RenderSpec
from ..render.chunks import ChunkJob, MapResolver, error_to_dict, render_chunk
from .runstate import RunState, connect
from .storage import SharedDir, Storage

log = logging.getLogger("nemo_skill.worker")

HEARTBEAT_S = 0.5  # progress twice a second; the lock (runstate.LOCK_TTL_S) kept with room to spare
DATA_DIR_CONF = "nemo_data_dir"  # the worker's --data-dir, in the app's configuration

Work = Callable[[Path, threading.Event, Callable[[int], None]], dict[str, float]]
_context: tuple[int, Storage, RunState] | None = None


def _ctx(task: Task) -> tuple[Storage, RunState]:
    """Storage and Redis for this process (pool processes are forked: one client each)."""
    global _context
    if _context is None or _context[0] != os.getpid():
        conf = task.app.conf
        _context = (os.getpid(), SharedDir(Path(conf[DATA_DIR_CONF])), RunState(connect(conf.broker_url)))
    return _context[1], _context[2]


def _failed(exc: BaseException) -> dict[str, Any]:
    return PartResult(ok=False, error=PartError(**error_to_dict(exc))).model_dump()


class _Heartbeat(threading.Thread):
    """Every HEARTBEAT_S: keep the part's lock, notice a cancel, report the frames done."""

    def __init__(self, task: Task, state: RunState, spec: RenderSpec, part: str, token: str) -> None:
        super().__init__(name="nemo-heartbeat", daemon=True)
        self.task, self.state, self.spec, self.part, self.token = task, state, spec, part, token
        self.task_id = task.request.id  # read here: Celery's request is per thread
        self.cancel = threading.Event()
        self.frames = 0
        self._done = threading.Event()

    def count(self, frames: int) -> None:
        self.frames = frames

    def run(self) -> None:
        sent = -1
        while not self._done.wait(HEARTBEAT_S):
            try:
                if not self.state.refresh(self.spec.render_key, self.part, self.token):
                    log.warning(
                        "part %s of %s: lock lost (a stall?); finishing anyway",
                        self.part,
                        self.spec.render_key,
                    )
                if self.state.cancelled(self.spec.render_key):
                    self.cancel.set()
                if self.frames != sent:
                    sent = self.frames
                    self.task.update_state(task_id=self.task_id, state="PROGRESS", meta={"frames": sent})
            except (redis.RedisError, OSError) as exc:  # Redis away: the render goes on, it reports later
                log.debug("heartbeat: %s", exc)
            except Exception:  # never let the heartbeat die: the part would lose its lock and its cancel
                log.exception("heartbeat of part %s", self.part)

    def stop(self) -> None:
        self._done.set()
        self.join(timeout=10)


def _run_part(
    task: Task, raw: dict[str, Any], part: str, out_key: str, frames: int, work: Work
) -> dict[str, Any]:
    spec = RenderSpec.model_validate(raw)
    storage, state = _ctx(task)
    rk = spec.render_key
    worker = task.request.hostname or socket.gethostname()
    token = f"{worker}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    done = PartResult(ok=True, frames=frames, reused=True).model_dump()
    try:
        if state.cancelled(rk):
            raise Cancelled("render cancelled")
        if storage.exists(out_key):
            return done
        while not state.try_lock(rk, part, token):  # another delivery is on it: wait for its file
            time.sleep(0.5)
            if storage.exists(out_key):
                return done
            if state.cancelled(rk):
                raise Cancelled("render cancelled")
        try:
            return _holding_lock(task, spec, state, storage, part, out_key, frames, work, worker, token)
        finally:
            state.unlock(rk, part, token)
    except redis.RedisError:
        raise  # the queue's trouble, not the render's: the server counts it as a stop
    except Exception as exc:
        if not isinstance(exc, NemoError):
            log.exception("part %s of %s failed", part, rk)
        return _failed(exc)


def _holding_lock(
    task: Task,
    spec: RenderSpec,
    state: RunState,
    storage: Storage,
    part: str,
    out_key: str,
    frames: int,
    work: Work,
    worker: str,
    token: str,
) -> dict[str, Any]:
    rk = spec.render_key
    stopped_by = state.begin(rk, part, worker)
    if stopped_by is not None:  # an execution began this part and never finished it
        stops = spec.prior_stops + state.add_stop(rk, stopped_by)
        log.warning("part %s of %s: its worker %s stopped (%d stop(s) so far)", part, rk, stopped_by, stops)
        if stops >= MAX_STOPS:
            state.finish(rk, part)
            raise RenderError(f"the render workers stopped during this render {stops} times; giving up")
    log.info("part %s of %s begun by %s", part, rk, worker)
    try:
        if storage.exists(out_key):  # finished by the holder we waited for
            return PartResult(ok=True, frames=frames, reused=True).model_dump()
        beat = _Heartbeat(task, state, spec, part, token)
        beat.start()
        try:
            with storage.writing(out_key) as tmp:
                timings = work(tmp, beat.cancel, beat.count)
                if beat.cancel.is_set() or state.cancelled(rk):
                    raise Cancelled("render cancelled")
                published = time.perf_counter()
            timings["upload"] = time.perf_counter() - published
        finally:
            beat.stop()
    finally:
        state.finish(rk, part)  # done or failed, not stopped: nobody counts this one
    log.info("part %s of %s done: %s", part, rk, {k: round(v, 2) for k, v in timings.items()})
    return PartResult(ok=True, frames=frames, timings=timings).model_dump()


def _media(spec: RenderSpec, storage: Storage) -> dict[str, dict[str, str]]:
    return {src: {"path": str(storage.local(m.key)), "kind": m.kind} for src, m in spec.media.items()}


@shared_task(bind=True, name="nemo.chunk")
def chunk(self: Task, raw: dict[str, Any], index: int) -> dict[str, Any]:
    """Frames ``spec.chunks[index]``, video only."""
    spec = RenderSpec.model_validate(raw)
    first, end = spec.chunks[index]
    storage, _ = _ctx(self)

    def work(out: Path, cancel: threading.Event, count: Callable[[int], None]) -> dict[str, float]:
        t0 = time.perf_counter()
        media = _media(spec, storage)
        t1 = time.perf_counter()
        render_chunk(ChunkJob(spec.draft, media, spec.quality, first, end, out), cancel, count)
        return {"download": t1 - t0, "render": time.perf_counter() - t1}

    return _run_part(self, raw, f"c{index}", spec.chunk_key(index), end - first, work)


@shared_task(bind=True, name="nemo.sound")
def sound(self: Task, raw: dict[str, Any]) -> dict[str, Any]:
    """The soundtrack of the whole timeline, mixed and loudness-normalised once."""
    spec = RenderSpec.model_validate(raw)
    storage, _ = _ctx(self)

    def work(out: Path, cancel: threading.Event, count: Callable[[int], None]) -> dict[str, float]:
        from ..models.draft import Draft
        from ..render.encoder import SETTINGS
        from ..render.plan import make_plan
        from ..render.renderer import music_files
        from ..render.soundtrack import Soundtrack

        t0 = time.perf_counter()
        plan = make_plan(Draft.model_validate(spec.draft), MapResolver(_media(spec, storage)), spec.quality)
        if plan.n_frames != spec.n_frames:
            raise RenderError(
                f"this worker makes the video {plan.n_frames} frames long, the server {spec.n_frames}",
                hint="run the same nemo-skill version on the server and every worker",
            )
        music = music_files(plan, storage.cache_dir())
        Soundtrack(plan, music, SETTINGS[spec.quality].audio_bitrate, out).start().wait(cancel)
        return {"audio": time.perf_counter() - t0}

    return _run_part(self, raw, "sound", spec.sound_key, 0, work)


@shared_task(bind=True, name="nemo.join")
def join(self: Task, raw: dict[str, Any]) -> dict[str, Any]:
    """The chunks joined in order by stream copy, with the sound: the finished video."""
    spec = RenderSpec.model_validate(raw)
    storage, _ = _ctx(self)

    def work(out: Path, cancel: threading.Event, count: Callable[[int], None]) -> dict[str, float]:
        from ..render.soundtrack import mux

        t0 = time.perf_counter()
        videos = [storage.local(spec.chunk_key(i)) for i in range(len(spec.chunks))]
        sound_file = storage.local(spec.sound_key)
        t1 = time.perf_counter()
        mux(videos, sound_file, out)
        return {"download": t1 - t0, "join": time.perf_counter() - t1}

    result = _run_part(self, raw, "join", spec.output_key, spec.n_frames, work)
    if result["ok"]:
        storage.remove_tree(spec.work_prefix)  # the chunks and the sound are in the video now
        result.update(
            key=spec.output_key, duration=spec.n_frames / spec.fps, size=storage.size(spec.output_key)
        )
    return result
