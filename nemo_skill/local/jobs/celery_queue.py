"""Render jobs on Celery workers (``serve --queue``, issue 16): the server's side.

The server alone owns the database and the jobs' rows; workers own nothing but files in
the shared data dir and their tasks' states in Redis. One thread here does all of it:

* sends a job as a Celery group (one task per chunk of frames, one for the soundtrack),
  and, once every part reports success, its join task; task ids are made from the
  job's render key, its attempt and the part, so a restarted server finds them again;
* reads the parts' states from Redis twice a second and writes the protocol's states
  (pending -> processing with progress -> completed or failed) into the store;
* notices a job Redis no longer knows (restarted without its data: the dispatch record
  is gone) and sends it again, and a Redis that stays away: after NEMO_QUEUE_GRACE_S
  its jobs fail with a message rather than hang.

"Stopped N times -> failed" holds per job: each re-send counts, and so does each worker
that stopped mid-part (counted by the workers, runstate.py), against MAX_STOPS.
Exports are free (docs/protocol.md): no credits are charged, so none are refunded either.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

from ...models.render_task import MAX_STOPS, WORK_ROOT, MediaFile, PartResult, RenderSpec
from ...scale.celery_app import make_app
from ...scale.config import QueueConfig, render_key
from ...scale.runstate import RunState, connect
from ...scale.storage import SharedDir
from ..settings import ServerSettings
from ..store import Database
from ..store import jobs as job_store
from .render_queue import JobKey, job_media

log = logging.getLogger("nemo_skill.local")

POLL_S = 0.5
SLOTS_TTL_S = 30.0
INSPECT_TIMEOUT_S = 1.0
VIDEO_SHARE = 95.0  # % of a job's progress its frames make; the join brings the rest


@dataclass
class _Tracked:
    key: JobKey
    spec: RenderSpec
    join_sent: bool = False
    running: bool = False
    progress: float = 0.0  # never shown going back (a chunk started again after a lost worker)


class CeleryRenderQueue:
    def __init__(self, db: Database, settings: ServerSettings) -> None:
        import kombu.exceptions
        import redis

        self.db = db
        self.settings = settings
        self.cfg = QueueConfig.from_url(settings.queue_url)
        self.app = make_app(self.cfg)
        self.state = RunState(connect(self.cfg.url))
        self.storage = SharedDir(settings.data_dir)
        self._queue_errors = (redis.RedisError, kombu.exceptions.OperationalError, OSError)
        self._new: queue.Queue[JobKey] = queue.Queue()
        self._cancels: queue.Queue[JobKey] = queue.Queue()
        self._to_cancel: set[JobKey] = set()
        self._waiting: list[JobKey] = []
        self._tracked: dict[JobKey, _Tracked] = {}
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._down_since: float | None = None
        self._slots: tuple[float, int] = (-SLOTS_TTL_S, 0)

    # --- RenderQueue -------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="render-queue", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching; the workers go on, and the next start picks their results up."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def submit(self, key: JobKey) -> None:
        self._new.put(key)  # sent by the queue's thread: a request never waits for Redis

    def get(self, key: JobKey) -> job_store.JobRow | None:
        return job_store.get(self.db, *key)

    def cancel(self, key: JobKey) -> bool:
        job = self.get(key)
        if job is None or job.finished:
            return False
        job_store.fail(self.db, key, "cancelled", now=self.settings.clock.now())
        self._cancels.put(key)
        return True

    # --- the thread ----------------------------------------------------------------------------

    def _loop(self) -> None:
        self._recover()
        while not self._stopping.is_set():
            try:
                self._step()
                if self._down_since is not None:
                    log.info("render queue at %s answers again", self.cfg.shown)
                    self._down_since = None
            except self._queue_errors as exc:
                self._queue_down(exc)
            except Exception:  # a bug must not stop the thread that every job depends on
                log.exception("render queue: unexpected error")
            self._stopping.wait(POLL_S)

    def _step(self) -> None:
        while not self._new.empty():
            key = self._new.get()
            if key not in self._tracked and key not in self._waiting:
                self._waiting.append(key)
        while not self._cancels.empty():
            self._to_cancel.add(self._cancels.get())
        for key in list(self._to_cancel):
            self._stop_parts(key)
            self._to_cancel.discard(key)
        for key in list(self._waiting):
            self._send(key)
            if key in self._waiting:  # _send may have failed the job (and dropped it) already
                self._waiting.remove(key)
        for tracked in list(self._tracked.values()):
            self._poll(tracked)

    def _recover(self) -> None:
        """After a (re)start: jobs never sent are sent; jobs sent before are watched again
        (their parts went on without us). Work folders of finished jobs are removed."""
        keep: set[str] = set()
        for job in job_store.unfinished(self.db):
            keep.add(render_key(*job.key))
            self._waiting.append(job.key)  # _send tells a job sent before (watched again) from a new one
        for name in self.storage.list_dir(WORK_ROOT):
            if name not in keep:
                self.storage.remove_tree(f"{WORK_ROOT}/{name}")

    # --- sending -------------------------------------------------------------------------------

    def _send(self, key: JobKey) -> None:
        job = self.get(key)
        if job is None or job.status not in (job_store.PENDING, job_store.PROCESSING):
            return
        rk = render_key(*key)
        if job.attempts > 0:
            record = self.state.dispatch_of(rk)
            if record is not None and record.get("attempt") == job.attempts:
                # Sent by an earlier run of the server: watch it, do not send it again.
                spec = self._spec(job, rk, job.attempts, [tuple(c) for c in record["chunks"]])
                if spec is not None:
                    self._tracked[key] = _Tracked(key, spec, running=job.status == job_store.PROCESSING)
                return
            if job.attempts >= MAX_STOPS:
                self._fail(key, rk, f"the render queue lost this render {job.attempts} times; giving up")
                return
            log.warning("render %s: the queue lost it (attempt %d); sending it again", rk[:12], job.attempts)
        spec = self._spec(job, rk, job.attempts + 1, None)
        if spec is None:
            return
        self.state.record_dispatch(rk, spec.attempt, spec.chunks)
        from celery import group

        raw = spec.model_dump()
        # The sound first: it is the one part every chunk's join waits for whatever the split.
        parts = [self.app.signature("nemo.sound", args=(raw,)).set(task_id=spec.task_id("sound"))]
        parts += [
            self.app.signature("nemo.chunk", args=(raw, i)).set(task_id=spec.task_id(f"c{i}"))
            for i in range(len(spec.chunks))
        ]
        group(parts).apply_async()
        job_store.start_attempt(self.db, key, now=self.settings.clock.now())
        self._tracked[key] = _Tracked(key, spec)
        log.info(
            "render %s: sent as %d chunk(s) and the sound (attempt %d)",
            rk[:12],
            len(spec.chunks),
            spec.attempt,
        )

    def _spec(
        self, job: job_store.JobRow, rk: str, attempt: int, chunks: list[tuple[int, int]] | None
    ) -> RenderSpec | None:
        from ...models import Draft
        from ...render.chunks import queue_chunks, split_frames
        from ...render.plan import frame_count

        try:
            media = job_media(self.db, self.settings, job)
        except FileNotFoundError as exc:
            self._fail(job.key, rk, str(exc))
            return None
        n_frames, fps = frame_count(Draft.model_validate(job.draft), job.quality)
        if chunks is None:
            chunks = split_frames(
                n_frames, queue_chunks(n_frames, fps, self._slot_count(), self.settings.chunk_s)
            )
        return RenderSpec(
            render_key=rk,
            attempt=attempt,
            prior_stops=attempt - 1,
            draft=job.draft,
            media={src: MediaFile(key=k, kind=kind) for src, (k, kind) in media.items()},
            quality=job.quality,
            fps=fps,
            chunks=chunks,
            output_key=f"{self.settings.renders_dir.name}/{rk}.mp4",
        )

    def _slot_count(self) -> int:
        """Task slots over all live workers (cached): chunks come in multiples of it."""
        at, slots = self._slots
        if time.monotonic() - at < SLOTS_TTL_S:
            return slots
        try:
            stats = self.app.control.inspect(timeout=INSPECT_TIMEOUT_S).stats() or {}
            slots = sum(int((s.get("pool") or {}).get("max-concurrency", 1)) for s in stats.values())
        except self._queue_errors:
            raise
        except Exception as exc:  # an odd reply: split by length alone
            log.debug("inspect stats: %s", exc)
            slots = 0
        self._slots = (time.monotonic(), slots)
        return slots

    # --- watching ------------------------------------------------------------------------------

    def _metas(self, ids: list[str]) -> list[dict[str, Any] | None]:
        backend = self.app.backend
        raws = backend.mget([backend.get_key_for_task(task_id) for task_id in ids])
        return [backend.decode_result(raw) if raw else None for raw in raws]

    def _poll(self, t: _Tracked) -> None:
        spec, rk = t.spec, t.spec.render_key
        job = self.get(t.key)
        if job is None or job.finished:
            self._tracked.pop(t.key, None)
            return
        record = self.state.dispatch_of(rk)
        if record is None or record.get("attempt") != spec.attempt:
            self._tracked.pop(t.key, None)
            self._waiting.append(t.key)  # lost by Redis: _send counts it and sends it again
            return
        names = spec.part_names
        metas = self._metas([spec.task_id(name) for name in [*names, "join"]])
        frames = done = 0
        running = t.running
        for name, meta in zip(names, metas, strict=False):
            status = meta["status"] if meta else "PENDING"
            if status == "SUCCESS":
                result = PartResult.model_validate(meta["result"])  # type: ignore[index]
                if not result.ok:
                    self._fail(t.key, rk, _message(result))
                    return
                frames += result.frames
                done += 1
                running = True
            elif status == "PROGRESS":
                frames += int((meta["result"] or {}).get("frames", 0))  # type: ignore[index]
                running = True
            elif status == "STARTED":
                running = True
            elif status == "FAILURE":
                self._stopped(t, f"part {name} failed on a worker: {meta['result']!r}"[:300])  # type: ignore[index]
                return
        now = self.settings.clock.now()
        if running and not t.running:
            job_store.mark_running(self.db, t.key, now=now)
            t.running = True
        progress = VIDEO_SHARE * frames / max(1, spec.n_frames)
        if progress > t.progress:
            t.progress = progress
            job_store.set_progress(self.db, t.key, progress, now=now)
        if done < len(names):
            return
        join = metas[-1]
        status = join["status"] if join else "PENDING"
        if status == "SUCCESS":
            result = PartResult.model_validate(join["result"])  # type: ignore[index]
            if not result.ok or result.key is None:
                self._fail(t.key, rk, _message(result))
                return
            job_store.complete(
                self.db, t.key, result.key, float(result.duration or 0), int(result.size or 0), now=now
            )
            self.state.forget(rk)
            self._tracked.pop(t.key, None)
            log.info("render %s: completed (attempt %d)", rk[:12], spec.attempt)
        elif status == "FAILURE":
            self._stopped(t, f"the join failed on a worker: {join['result']!r}"[:300])  # type: ignore[index]
        elif not t.join_sent:
            self.app.signature("nemo.join", args=(spec.model_dump(),)).set(
                task_id=spec.task_id("join")
            ).apply_async()
            t.join_sent = True

    def _stopped(self, t: _Tracked, why: str) -> None:
        """A part ended in an exception (the queue's trouble, not the render's): send again."""
        log.warning("render %s: %s", t.spec.render_key[:12], why)
        self._tracked.pop(t.key, None)
        self.state.forget(t.spec.render_key)
        self._waiting.append(t.key)

    def _fail(self, key: JobKey, rk: str, message: str) -> None:
        self._tracked.pop(key, None)
        try:
            self._stop_parts(key)  # the other parts stop too; their files go first
        except self._queue_errors:
            self._to_cancel.add(key)  # the flag once Redis answers again
            self.storage.remove_tree(f"{WORK_ROOT}/{rk}")
        job_store.fail(self.db, key, message, now=self.settings.clock.now())
        log.info("render %s: failed: %s", rk[:12], message)

    def _stop_parts(self, key: JobKey) -> None:
        """Every part of a cancelled or failed job stops within a second (they poll the flag)."""
        rk = render_key(*key)
        self._tracked.pop(key, None)
        if key in self._waiting:
            self._waiting.remove(key)
        self.state.cancel(rk)
        self.storage.remove_tree(f"{WORK_ROOT}/{rk}")
        self.state.forget(rk)

    def _queue_down(self, exc: BaseException) -> None:
        now = time.monotonic()
        reason = str(exc).split("\n")[0][:200] or type(exc).__name__
        if self._down_since is None:
            self._down_since = now
            log.warning("render queue at %s does not answer (%s); retrying", self.cfg.shown, reason)
            return
        if now - self._down_since < self.cfg.grace_s:
            return
        message = f"lost contact with the render queue at {self.cfg.shown} for {int(now - self._down_since)} s ({reason})"
        for key in [*self._tracked, *self._waiting]:
            job_store.fail(self.db, key, message, now=self.settings.clock.now())
            self._to_cancel.add(key)
        self._tracked.clear()
        self._waiting.clear()


def _message(result: PartResult) -> str:
    if result.error is None:
        return "the render failed on a worker"
    return f"{result.error.message} ({result.error.hint})" if result.error.hint else result.error.message
