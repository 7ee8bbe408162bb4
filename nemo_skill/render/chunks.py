"""One video split into frame ranges (chunks) rendered side by side, then joined.

A chunk needs nothing but the draft, the media map and its range (frames.py): here the
chunks run in local processes, on Celery workers they run on other machines
(nemo_skill.scale.tasks), the same ``render_chunk`` in both places. Each chunk is
H.264 only, encoded with identical settings from an IDR frame; the soundtrack is made
once for the whole timeline and the pieces are joined by stream copy (soundtrack.mux).

Locally the split is worth it only with cores to spare: a render keeps about two cores
busy (the composer and x264), so on two cores one process is as fast as it gets and
the chunk path would only add the joins. From four cores on, one chunk per two cores.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import select
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .._exceptions import Cancelled, ConfigError, DraftError, InputError, NemoError, RenderError
from .child import parse
from .frames import CancelFlag, FrameCounter, encode_frames, opencv_on_one_thread
from .media import MediaRef, MediaResolver

ENV_PROCESSES = "NEMO_RENDER_PROCESSES"
MIN_CORES = 4  # below this, one process (see the module's docstring)
CORES_PER_CHUNK = 2
MIN_CHUNK_S = 2.0  # shorter automatic chunks cost more in start-up (plan, first photo, x264) than they win
MAX_PROCESSES = 64

Range = tuple[int, int]


def split_frames(n_frames: int, parts: int) -> list[Range]:
    """``parts`` consecutive ranges covering ``[0, n_frames)``, lengths within one frame."""
    parts = max(1, min(parts, n_frames))
    return [(n_frames * i // parts, n_frames * (i + 1) // parts) for i in range(parts)]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def local_processes(requested: int | None = None) -> int | None:
    """Processes for one render on this machine: ``requested``, else NEMO_RENDER_PROCESSES,
    else None (automatic: one per two cores from four cores on, else one)."""
    if requested is None:
        raw = os.environ.get(ENV_PROCESSES, "").strip()
        if not raw or raw == "auto":
            return None
        try:
            requested = int(raw)
        except ValueError:
            raise ConfigError(
                f"{ENV_PROCESSES}={raw[:20]!r} is not a number", hint="use auto or 1-64"
            ) from None
    if not 1 <= requested <= MAX_PROCESSES:
        raise ConfigError(f"render processes {requested} is out of range", hint=f"use 1-{MAX_PROCESSES}")
    return requested


def local_ranges(n_frames: int, fps: int, requested: int | None = None) -> list[Range]:
    """The chunks of a local render. Forced counts are taken as they are (tests split a
    2 s video in three); automatic ones keep chunks at least MIN_CHUNK_S long."""
    forced = local_processes(requested)
    if forced is not None:
        return split_frames(n_frames, forced)
    cores = _cores()
    if cores < MIN_CORES:
        return split_frames(n_frames, 1)
    longest = max(1, math.floor(n_frames / (MIN_CHUNK_S * fps)))
    return split_frames(n_frames, min(cores // CORES_PER_CHUNK, longest))


def queue_chunks(n_frames: int, fps: int, workers: int, longest_s: float) -> int:
    """How many chunks a render queue splits a video into: none longer than ``longest_s``
    (a lost chunk costs at most that much work again), a multiple of the ``workers``'
    task slots so each gets an even share, none shorter than MIN_CHUNK_S (or
    ``longest_s``, when that is shorter)."""
    longest = max(1, round(longest_s * fps))
    count = math.ceil(n_frames / longest)
    if workers > 1:
        count = math.ceil(count / workers) * workers
    shortest = min(longest, max(1, round(MIN_CHUNK_S * fps)))
    return max(1, min(count, n_frames // shortest))


class MapResolver:
    """Media by id from a plain map ``{src: {"path": ..., "kind": ...}}``: what a chunk in
    another process, or on another machine, is told about the draft's files."""

    def __init__(self, media: dict[str, dict[str, str]]) -> None:
        self._media = media

    def resolve(self, src: str) -> MediaRef:
        item = self._media.get(src)
        if item is None:
            raise DraftError(f"the draft refers to unknown media {src}")
        return MediaRef(Path(item["path"]), item["kind"])  # type: ignore[arg-type]

    @classmethod
    def of(cls, media: MediaResolver, srcs: set[str]) -> dict[str, dict[str, str]]:
        """The map for ``srcs``, resolved once by any resolver (which may not pickle)."""
        out: dict[str, dict[str, str]] = {}
        for src in sorted(srcs):
            ref = media.resolve(src)
            out[src] = {"path": str(ref.path), "kind": ref.kind}
        return out


@dataclass(frozen=True)
class ChunkJob:
    """Everything a chunk needs, plain enough to pickle or to send as JSON."""

    draft: dict[str, Any]
    media: dict[str, dict[str, str]]
    quality: str
    first: int
    end: int
    out: Path

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "out": str(self.out)}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ChunkJob:
        return cls(
            draft=raw["draft"],
            media=raw["media"],
            quality=str(raw["quality"]),
            first=int(raw["first"]),
            end=int(raw["end"]),
            out=Path(raw["out"]),
        )


def render_chunk(job: ChunkJob, cancel: CancelFlag, on_frames: FrameCounter | None = None) -> None:
    """Frames ``[job.first, job.end)`` of the draft, video only, into ``job.out``."""
    from ..models.draft import Draft
    from .plan import make_plan

    with opencv_on_one_thread():
        # audio=False: the music is the soundtrack's business, a chunk never opens it.
        plan = make_plan(Draft.model_validate(job.draft), MapResolver(job.media), job.quality, audio=False)
        if not 0 <= job.first < job.end <= plan.n_frames:
            raise RenderError(f"chunk {job.first}-{job.end} is outside the video's {plan.n_frames} frames")
        encode_frames(plan, range(job.first, job.end), job.out, job.quality, cancel, on_frames)


# --- errors across a process or machine boundary -------------------------------------------

_KINDS: dict[str, type[NemoError]] = {
    cls.__name__: cls for cls in (InputError, DraftError, RenderError, Cancelled, ConfigError)
}


def error_to_dict(exc: BaseException) -> dict[str, str | None]:
    """A render error as JSON: its class, its one line and its hint."""
    if isinstance(exc, NemoError):
        return {"kind": type(exc).__name__, "message": exc.message, "hint": exc.hint}
    if isinstance(exc, MemoryError):
        return {"kind": "RenderError", "message": "out of memory while rendering", "hint": None}
    from ..redaction import redact

    message = redact(str(exc).split("\n")[0])[:300]
    return {
        "kind": "RenderError",
        "message": f"internal error: {type(exc).__name__}: {message}",
        "hint": None,
    }


def error_from_dict(data: dict[str, Any]) -> NemoError:
    cls = _KINDS.get(str(data.get("kind")), RenderError)
    hint = data.get("hint")
    return cls(str(data.get("message") or "the render failed"), hint=str(hint) if hint else None)


# --- the local processes ------------------------------------------------------------------

KILL_GRACE_S = 5.0


class _Child:
    """One chunk process: ``python -m nemo_skill.render.chunk_process JOB.json`` (child.py)."""

    def __init__(self, job: ChunkJob, job_file: Path) -> None:
        job_file.write_text(json.dumps(job.to_dict(), ensure_ascii=False), encoding="utf-8")
        self.frames = 0
        self.outcome: tuple[str, Any] | None = None
        self._buffer = b""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "nemo_skill.render.chunk_process", str(job_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,  # a crash's traceback goes where the parent's stderr goes
        )

    def read(self) -> None:
        """Take in what the child has written (call when its stdout is readable)."""
        assert self.proc.stdout is not None
        data = os.read(self.proc.stdout.fileno(), 65536)
        if not data:
            self.proc.wait()
            if self.outcome is None:
                code = self.proc.returncode
                why = f"was killed by signal {-code}" if code < 0 else f"ended with exit code {code}"
                self.outcome = ("error", {"kind": "RenderError", "message": f"a render process {why}"})
            return
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            kind, payload = parse(line.decode("utf-8", "replace"))
            if kind == "progress":
                self.frames = int(payload)
            elif kind in ("result", "error"):
                self.outcome = (kind, payload)

    @property
    def finished(self) -> bool:
        return self.outcome is not None and self.proc.poll() is not None

    def stop(self) -> None:
        """Ask it to cancel (stdin closed); kill it if it has not gone within the grace time."""
        with contextlib.suppress(OSError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=KILL_GRACE_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with contextlib.suppress(OSError):
            if self.proc.stdout is not None:
                self.proc.stdout.close()


def render_in_processes(
    jobs: list[ChunkJob],
    cancel: CancelFlag,
    on_frames: FrameCounter | None = None,
    check: Callable[[], None] | None = None,
) -> None:
    """Render every chunk in a process of its own, all at the same time. ``on_frames``
    gets the frames done over all chunks; ``check`` runs every 0.2 s and may raise (the
    sound). Own processes, not multiprocessing's spawn: that would import the caller's
    ``__main__`` again in every child, and a script without a main guard renders twice."""
    children: list[_Child] = []
    job_files = [job.out.with_name(f"{job.out.name}.job.json") for job in jobs]
    try:
        for job, job_file in zip(jobs, job_files, strict=True):
            children.append(_Child(job, job_file))
        while not all(child.finished for child in children):
            by_fd = {c.proc.stdout.fileno(): c for c in children if c.proc.stdout and not c.finished}
            readable, _, _ = select.select(list(by_fd), [], [], 0.2)
            for fd in readable:
                by_fd[fd].read()
            for child in children:
                if child.outcome is not None and child.outcome[0] == "error":
                    raise error_from_dict(child.outcome[1])
            if on_frames is not None:
                on_frames(sum(child.frames for child in children))
            if check is not None:
                check()
            if cancel.is_set():
                raise Cancelled("render cancelled")
    finally:
        for child in children:
            child.stop()
        for job_file in job_files:
            job_file.unlink(missing_ok=True)
