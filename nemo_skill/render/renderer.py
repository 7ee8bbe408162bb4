"""render(): plan -> frames (producer thread) -> x264 in ffmpeg; the soundtrack made on
the side (soundtrack.py); both joined into a hidden file -> atomic rename.

Python composes frame n+1 while ffmpeg encodes frame n: numpy/OpenCV release the GIL
and x264 runs in its own process, so both cores stay busy. Frames travel through a
small ring of reusable buffers, so memory stays flat however long the video is.
"""

from __future__ import annotations

import contextlib
import math
import os
import queue
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np

from .._exceptions import Cancelled, InputError, NemoError, RenderError
from ..models.draft import Draft
from . import RenderResult
from .colour import frame_views
from .compositor import Compositor
from .encoder import SETTINGS, Encoder, video_input_args, x264_args
from .media import MediaResolver
from .music import library_track
from .plan import Plan, make_plan
from .priority import yield_to_encoder
from .soundtrack import Soundtrack, mux

# Frame buffers in flight: one being composed, one being written, one still read by
# ffmpeg from the pipe (frames go by reference, see pipe.py), and five queued: the
# slack that lets the composer, which gives way to x264 (priority.py), fall behind for
# a moment without x264 waiting for a frame. 3 MB each at 1080p.
_RING = 8
_LIBRARY_SECONDS = 60  # library loops are a minute long and looped by ffmpeg


def check_output(out_path: Path) -> None:
    """Refuse early (before any work) an output path that cannot be written."""
    parent = out_path.parent
    if out_path.is_dir():
        raise InputError(
            f"output path {out_path} is a folder; give a file name like {out_path / 'video.mp4'}"
        )
    if not parent.is_dir():
        raise InputError(f"output folder {parent} does not exist", hint="create it first")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"output folder {parent} is not writable", hint="choose another folder with -o")


def _music_files(plan: Plan, cache_dir: Path | None) -> list[Path]:
    files = []
    for item in plan.music:
        if item.ref is not None:
            files.append(item.ref.path)
        else:
            assert item.mood is not None
            files.append(library_track(item.mood, _LIBRARY_SECONDS, cache_dir))
    return files


class _Producer(threading.Thread):
    """Composes frames into free buffers and hands them over in order."""

    def __init__(self, comp: Compositor, plan: Plan, stop: threading.Event) -> None:
        super().__init__(name="nemo-frames", daemon=True)
        self.comp, self.plan, self.stop = comp, plan, stop
        size = plan.width * plan.height * 3 // 2
        self.free: queue.Queue[np.ndarray] = queue.Queue()
        for _ in range(_RING):
            self.free.put(np.empty(size, dtype=np.uint8))
        self.ready: queue.Queue[np.ndarray | BaseException | None] = queue.Queue()

    def run(self) -> None:
        yield_to_encoder()
        try:
            for n in range(self.plan.n_frames):
                buf = self._take()
                if buf is None:
                    return
                self.comp.compose(self.comp.time_of(n), frame_views(buf, self.plan.width, self.plan.height))
                self.ready.put(buf)
            self.ready.put(None)
        except BaseException as exc:  # handed to the writer, which raises it in the caller's thread
            self.ready.put(exc)

    def _take(self) -> np.ndarray | None:
        while not self.stop.is_set():
            try:
                return self.free.get(timeout=0.1)
            except queue.Empty:
                continue
        return None


def _video_args(plan: Plan, quality: str, out: Path) -> list[str]:
    # Frames only: the sound is made on the side (soundtrack.py) and joined at the end.
    return [
        *video_input_args(plan.width, plan.height, plan.fps),
        *x264_args(SETTINGS[quality], plan.fps),
        "-an", "-f", "mp4", str(out),
    ]  # fmt: skip


@contextmanager
def _opencv_on_one_thread() -> Iterator[None]:
    """OpenCV off its own thread pool while rendering. Our two threads (composer and
    photo prefetch) and x264's keep both cores busy already; OpenCV splitting each
    resize over the cores on top of that only adds hand-offs and waits: ~1-2 CPU-s per
    30 s of 1080p that x264 would rather have. (Process-wide: an overlapping render
    that ends first turns the pool back on for the other, which only costs it speed.)"""
    previous = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        yield
    finally:
        cv2.setNumThreads(previous)


def render(
    draft: Draft,
    media: MediaResolver,
    out_path: Path,
    *,
    quality: str = "high",
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    cache_dir: Path | None = None,
) -> RenderResult:
    with _opencv_on_one_thread():
        return _render(draft, media, out_path, quality, progress, cancel, cache_dir)


def _render(
    draft: Draft,
    media: MediaResolver,
    out_path: Path,
    quality: str,
    progress: Callable[[float], None] | None,
    cancel: threading.Event | None,
    cache_dir: Path | None,
) -> RenderResult:
    out_path = out_path.expanduser().absolute()
    check_output(out_path)
    plan = make_plan(draft, media, quality)
    cancel = cancel or threading.Event()
    music = _music_files(plan, cache_dir)
    if cancel.is_set():
        raise Cancelled("render cancelled")
    part = f".{out_path.stem}.{uuid.uuid4().hex[:8]}"
    tmp = out_path.with_name(f"{part}.part.mp4")
    video_tmp = out_path.with_name(f"{part}.part-video.mp4")
    sound_tmp = out_path.with_name(f"{part}.part-sound.m4a")
    comp = Compositor(plan)
    stop = threading.Event()
    producer = _Producer(comp, plan, stop)
    encoder: Encoder | None = None
    sound: Soundtrack | None = None
    try:
        try:
            tmp.touch()
        except OSError as exc:
            raise InputError(f"cannot write in {out_path.parent}: {exc.strerror}") from None
        producer.start()
        sound = Soundtrack(plan, music, SETTINGS[quality].audio_bitrate, sound_tmp).start()
        frame_bytes = plan.width * plan.height * 3 // 2
        encoder = Encoder(_video_args(plan, quality, video_tmp), video_tmp, frame_bytes)
        _pump(producer, encoder, sound, plan.n_frames, progress, cancel)
        encoder.finish()
        sound_file = sound.wait(cancel)
        if cancel.is_set():
            raise Cancelled("render cancelled")
        mux(video_tmp, sound_file, tmp)
        if cancel.is_set():
            raise Cancelled("render cancelled")
        os.replace(tmp, out_path)
    except BaseException as exc:
        stop.set()
        if encoder is not None:
            encoder.kill()
        if sound is not None:
            sound.kill()
        if isinstance(exc, (NemoError, KeyboardInterrupt)):
            raise
        if isinstance(exc, MemoryError):
            raise RenderError(
                "out of memory while rendering; try --quality draft or fewer/larger segments"
            ) from None
        raise
    finally:
        stop.set()
        if producer.is_alive():
            producer.join(timeout=10)
        comp.close()
        for leftover in (tmp, video_tmp, sound_tmp):  # tmp is gone already after a success
            with contextlib.suppress(OSError):  # never hide the error that brought us here
                leftover.unlink(missing_ok=True)
    if progress is not None:
        progress(100.0)
    return RenderResult(out_path, plan.n_frames / plan.fps, out_path.stat().st_size, plan.width, plan.height)


def _pump(
    producer: _Producer,
    encoder: Encoder,
    sound: Soundtrack,
    total: int,
    progress: Callable[[float], None] | None,
    cancel: threading.Event,
) -> None:
    """The caller's thread writes frames to ffmpeg (the write releases the GIL)."""
    done = 0
    last = -1
    while True:
        if cancel.is_set():
            raise Cancelled("render cancelled")
        sound.check()
        try:
            item = producer.ready.get(timeout=0.2)
        except queue.Empty:
            continue
        if item is None:
            break
        if isinstance(item, BaseException):
            raise item
        reusable = encoder.send(item)
        if reusable is not None:
            producer.free.put(reusable)
        done += 1
        if progress is not None:
            pct = math.floor(99.0 * done / total)
            if pct != last:
                last = pct
                progress(float(pct))
