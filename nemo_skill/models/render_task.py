"""What the server and the render workers say to each other through Celery (issue 16).

The server sends a :class:`RenderSpec` with every task of a job: a group of chunk
tasks and one sound task, then a join task once they are all done. Workers answer
with a :class:`PartResult` (the task's return value) and report progress as the
task's ``PROGRESS`` state with ``{"frames": n}``. Files are named by storage keys
(paths relative to the shared data dir), never by absolute paths, so an object store
can take the shared folder's place (scale/storage.py).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FileKind = Literal["image", "video", "audio"]
WORK_ROOT = "scale"  # chunk and sound files of unfinished jobs: scale/<render key>/...
MAX_STOPS = 2  # "stopped N times -> failed", the local queue's rule (store.jobs.MAX_ATTEMPTS)


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MediaFile(_Message):
    key: str  # e.g. "media/3f2a....jpg"
    kind: FileKind


class RenderSpec(_Message):
    render_key: str = Field(pattern=r"^[0-9a-f]{16,64}$")  # sha256 of (user id, job id), see scale.keys
    attempt: int = Field(ge=1)  # the server's dispatch count for the job; part of every task id
    prior_stops: int = Field(ge=0)  # times this job was stopped before this dispatch
    draft: dict[str, Any]
    media: dict[str, MediaFile]
    quality: Literal["high", "draft"]
    fps: int = Field(ge=1)
    chunks: list[tuple[int, int]]  # frame ranges [first, end), in order, covering the video
    output_key: str

    @property
    def n_frames(self) -> int:
        return self.chunks[-1][1] if self.chunks else 0

    @property
    def work_prefix(self) -> str:
        return f"{WORK_ROOT}/{self.render_key}"

    def chunk_key(self, index: int) -> str:
        # Named by the frames, not the attempt: a chunk made by an earlier dispatch of the
        # same job is the same file, and is reused.
        first, end = self.chunks[index]
        return f"{self.work_prefix}/video-{first:06d}-{end:06d}.mp4"

    @property
    def sound_key(self) -> str:
        return f"{self.work_prefix}/sound.m4a"

    def task_id(self, part: str) -> str:
        """Deterministic: a restarted server finds its tasks' results without a database column."""
        return f"nemo-{self.render_key[:32]}-{self.attempt}-{part}"

    @property
    def part_names(self) -> list[str]:
        """The group's parts: every chunk, then the sound."""
        return [f"c{i}" for i in range(len(self.chunks))] + ["sound"]


class PartError(_Message):
    kind: str
    message: str
    hint: str | None = None


class PartResult(_Message):
    ok: bool
    frames: int = 0  # chunks: frames in the file
    reused: bool = False  # the file was there already (a redelivered or re-sent task)
    error: PartError | None = None
    timings: dict[str, float] = Field(default_factory=dict)  # seconds: render, audio, download, join, upload
    key: str | None = None  # join: the finished video
    duration: float | None = None
    size: int | None = None
