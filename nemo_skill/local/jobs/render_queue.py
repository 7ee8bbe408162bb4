"""Render jobs behind a small interface (:class:`RenderQueue`) so a distributed queue
can replace the local one; :class:`LocalRenderQueue` runs each render in a subprocess
(:mod:`.render_worker`) from a pool of threads and records progress in the store.

One worker process is kept started and waiting (a spare, ``render_worker --spare``): it
has loaded the renderer before the job arrives, so a render starts ~0.7 s sooner (2
cores), and the next spare starts once a render ends (with one worker thread, never
beside a render)."""

from __future__ import annotations

import logging
import queue
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any, Protocol

from ...render.child import parse
from ..settings import ServerSettings
from ..store import Database
from ..store import jobs as job_store
from ..store import sessions as session_store
from .render_worker import SPARE, JobSpec

log = logging.getLogger("nemo_skill.local")

JobKey = tuple[str, str]  # (user_id, job id)
_STOP = ("", "")
KILL_GRACE_S = 5.0


class RenderQueue(Protocol):
    """What the server needs from a queue; job state itself lives in the store."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def submit(self, key: JobKey) -> None: ...

    def get(self, key: JobKey) -> job_store.JobRow | None: ...

    def cancel(self, key: JobKey) -> bool: ...


class LocalRenderQueue:
    def __init__(self, db: Database, settings: ServerSettings) -> None:
        self.db = db
        self.settings = settings
        self._queue: queue.Queue[JobKey] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._running: dict[JobKey, subprocess.Popen[str]] = {}
        self._cancelled: set[JobKey] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._spare: subprocess.Popen[str] | None = None

    # --- lifecycle -------------------------------------------------------------

    def start(self) -> None:
        """Recover jobs a dead server left behind, then start the workers."""
        for key in job_store.recover_after_restart(self.db, now=self.settings.clock.now()):
            self._queue.put(key)
        self._replenish()
        for number in range(max(1, self.settings.workers)):
            thread = threading.Thread(target=self._work, name=f"render-worker-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop workers; renders cut short go back to 'pending' and resume at the next start."""
        self._stopping.set()
        for _ in self._threads:
            self._queue.put(_STOP)
        with self._lock:
            running = list(self._running.values())
            spare, self._spare = self._spare, None
        if spare is not None:
            running.append(spare)  # it ends at EOF, once it has loaded the renderer
        for process in running:
            _close_stdin(process)  # the worker cancels itself and cleans its temp files
        for process in running:
            try:
                process.wait(timeout=KILL_GRACE_S)
            except subprocess.TimeoutExpired:
                process.kill()
        for thread in self._threads:
            thread.join(timeout=2)

    # --- RenderQueue -----------------------------------------------------------

    def submit(self, key: JobKey) -> None:
        self._queue.put(key)

    def get(self, key: JobKey) -> job_store.JobRow | None:
        return job_store.get(self.db, *key)

    def cancel(self, key: JobKey) -> bool:
        job = self.get(key)
        if job is None or job.finished:
            return False
        with self._lock:
            self._cancelled.add(key)
            process = self._running.get(key)
        if process is not None:
            _close_stdin(process)
        job_store.fail(self.db, key, "cancelled", now=self.settings.clock.now())
        return True

    # --- workers ---------------------------------------------------------------

    def _work(self) -> None:
        while not self._stopping.is_set():
            key = self._queue.get()
            if key == _STOP:
                return
            try:
                self._run_one(key)
            except Exception as exc:  # a bug must not kill the worker thread or leave the job stuck
                log.exception("render job failed unexpectedly")
                job_store.fail(
                    self.db, key, f"internal error: {type(exc).__name__}", now=self.settings.clock.now()
                )
            self._replenish()

    def _run_one(self, key: JobKey) -> None:
        now = self.settings.clock.now
        job = job_store.mark_processing(self.db, key, now=now())
        if job is None:
            return
        try:
            media = {
                src: {"path": str(self.settings.data_dir / relative), "kind": kind}
                for src, (relative, kind) in job_media(self.db, self.settings, job).items()
            }
        except FileNotFoundError as exc:
            job_store.fail(self.db, key, str(exc), now=now())
            return
        out_name = f"{uuid.uuid4().hex}.mp4"
        spec = JobSpec(
            draft=job.draft,
            media=media,
            out_path=self.settings.renders_dir / out_name,
            quality=job.quality,
            cache_dir=self.settings.cache_dir,
        )
        job_file = self.settings.jobs_dir / f"{uuid.uuid4().hex}.json"
        spec.dump(job_file)
        try:
            outcome = self._run_process(key, job_file)
        finally:
            job_file.unlink(missing_ok=True)
        if self._stopping.is_set() and key not in self._cancelled and outcome[0] != "result":
            job_store.requeue(self.db, key, now=now())
            return
        kind, payload = outcome
        if kind == "result":
            path = Path(payload["path"])
            relative = path.relative_to(self.settings.data_dir).as_posix()
            job_store.complete(
                self.db, key, relative, float(payload["duration"]), int(payload["size"]), now=now()
            )
        elif key in self._cancelled:
            job_store.fail(self.db, key, "cancelled", now=now())
        else:
            job_store.fail(self.db, key, str(payload.get("message") or "the render failed"), now=now())

    def _replenish(self) -> None:
        """Start a spare worker unless one is waiting (or the settings say not to)."""
        if not self.settings.spare_worker or self._stopping.is_set():
            return
        with self._lock:
            if self._spare is not None and self._spare.poll() is None:
                return
            try:
                self._spare = _start_worker(SPARE)
            except OSError as exc:  # no spare: each render starts its own process, as without one
                log.warning("could not start a spare render worker: %s", exc)
                self._spare = None

    def _worker_for(self, job_file: Path) -> subprocess.Popen[str]:
        """The spare, handed this job, or a new worker started for it."""
        with self._lock:
            spare, self._spare = self._spare, None
        if spare is not None and spare.poll() is None:
            try:
                assert spare.stdin is not None
                spare.stdin.write(f"{job_file}\n")
                spare.stdin.flush()
                return spare
            except OSError:  # it died while waiting: start one the usual way
                spare.kill()
                spare.wait()
        return _start_worker(str(job_file))

    def _run_process(self, key: JobKey, job_file: Path) -> tuple[str, dict[str, Any]]:
        process = self._worker_for(job_file)
        with self._lock:
            self._running[key] = process
        outcome: tuple[str, dict[str, Any]] = (
            "error",
            {"message": "the render process ended without a result"},
        )
        try:
            assert process.stdout is not None
            for line in process.stdout:
                kind, payload = parse(line)
                if kind == "progress":
                    job_store.set_progress(self.db, key, payload, now=self.settings.clock.now())
                elif kind in ("result", "error"):
                    outcome = (kind, payload)
            code = process.wait()
            if outcome[0] != "result" and code < 0:
                outcome = ("error", {"message": f"the render process was killed by signal {-code}"})
        finally:
            with self._lock:
                self._running.pop(key, None)
            if process.poll() is None:
                process.kill()
                process.wait()
        return outcome


def _start_worker(argument: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "nemo_skill.local.jobs.render_worker", argument],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=None,  # the worker's stderr goes to the server log
        text=True,
        bufsize=1,
    )


def job_media(db: Database, settings: ServerSettings, job: job_store.JobRow) -> dict[str, tuple[str, str]]:
    """The draft's media as (path relative to the data dir, kind); FileNotFoundError when
    one is gone or belongs to another session."""
    from ...models import Draft

    ids = Draft.model_validate(job.draft).media_ids()
    rows = session_store.find_media(db, ids)
    media: dict[str, tuple[str, str]] = {}
    for media_id in ids:
        row = rows.get(media_id)
        if (
            row is None
            or row.session_id != job.session_id
            or not (settings.media_dir / row.file_name).is_file()
        ):
            raise FileNotFoundError(f"media {media_id} is no longer available")
        media[media_id] = (f"{settings.media_dir.name}/{row.file_name}", row.file_type)
    return media


def _close_stdin(process: subprocess.Popen[str]) -> None:
    try:
        if process.stdin is not None:
            process.stdin.close()
    except OSError:
        pass
