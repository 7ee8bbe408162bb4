"""Frames ``[first, end)`` of a plan -> H.264 (video only) in an MP4: the one piece of work
both a whole render and a chunk of one are made of.

Python composes frame n+1 while ffmpeg encodes frame n: numpy/OpenCV release the GIL
and x264 runs in its own process, so both cores stay busy. Frames travel through a
small ring of reusable buffers, so memory stays flat however long the video is.

Any range can be encoded from the plan alone: the compositor draws frame n from its
time (segment, motion, transition, text and fades are functions of t), never from the
frame before it, so a chunk may start anywhere, in the middle of a transition too.
Every range is encoded with the same x264 settings and starts on an IDR frame with
closed GOPs (x264's default), so chunks join by stream copy (soundtrack.mux).
"""

from __future__ import annotations

import ctypes
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import cv2
import numpy as np

from .._exceptions import Cancelled
from .colour import frame_views
from .compositor import Compositor
from .encoder import SETTINGS, Encoder, video_input_args, x264_args
from .plan import Plan
from .priority import yield_to_encoder

if TYPE_CHECKING:
    from .soundtrack import Soundtrack

_libc: ctypes.CDLL | None = None


def release_freed_memory() -> None:
    """Give freed heap pages back to the OS (glibc keeps them for reuse).

    Once, when a render ends, and not after each photo as before: each trim handed back
    the pages the next photo's decode and plate then faulted in again. The make's
    reference draft, six renders each way: 150,000-180,000 page faults and 1.3-1.9 s of
    system time before, 52,000-69,000 and ~0.6 s after; the Python side's CPU 9.5 -> 8.9 s
    (medians). Kept, freed pages are reused: peak RSS +10-15 MB for that job, and flat
    over 200 photos of ten sizes from 1 to 48 MP (254 MB in the first quarter of the
    frames and in the last)."""
    global _libc
    if not sys.platform.startswith("linux"):
        return
    try:
        if _libc is None:
            _libc = ctypes.CDLL("libc.so.6")
        _libc.malloc_trim(0)
    except (OSError, AttributeError):  # musl or another libc: nothing to trim
        pass


# Frame buffers in flight: one being composed, one being written, one still read by
# ffmpeg from the pipe (frames go by reference, see pipe.py), and five queued: the
# slack that lets the composer, which gives way to x264 (priority.py), fall behind for
# a moment without x264 waiting for a frame. 3 MB each at 1080p.
_RING = 8

FrameCounter = Callable[[int], None]
"""Called with the number of frames handed to the encoder so far."""


class CancelFlag(Protocol):
    """A threading.Event, or a multiprocessing one shared with a parent process."""

    def is_set(self) -> bool: ...


class _Producer(threading.Thread):
    """Composes frames into free buffers and hands them over in order."""

    def __init__(self, comp: Compositor, plan: Plan, frames: range, stop: threading.Event) -> None:
        super().__init__(name="nemo-frames", daemon=True)
        self.comp, self.plan, self.frames, self.stop = comp, plan, frames, stop
        size = plan.width * plan.height * 3 // 2
        self.free: queue.Queue[np.ndarray] = queue.Queue()
        for _ in range(_RING):
            self.free.put(np.empty(size, dtype=np.uint8))
        self.ready: queue.Queue[np.ndarray | BaseException | None] = queue.Queue()

    def run(self) -> None:
        yield_to_encoder()
        try:
            if self.frames:
                self.comp.begin(self.comp.time_of(self.frames[0]))
            for n in self.frames:
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
    # Frames only: the sound is made once for the whole timeline (soundtrack.py) and
    # joined at the end.
    return [
        *video_input_args(plan.width, plan.height, plan.fps),
        *x264_args(SETTINGS[quality], plan.fps),
        "-an", "-f", "mp4", str(out),
    ]  # fmt: skip


@contextmanager
def opencv_on_one_thread() -> Iterator[None]:
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


def encode_frames(
    plan: Plan,
    frames: range,
    out: Path,
    quality: str,
    cancel: CancelFlag,
    on_frames: FrameCounter | None = None,
    sound: Soundtrack | None = None,
) -> None:
    """Encode ``frames`` of ``plan`` to ``out``; raises Cancelled once ``cancel`` is set,
    and a failed ``sound`` (made meanwhile by the caller) at once, not at the end."""
    comp = Compositor(plan)
    stop = threading.Event()
    producer = _Producer(comp, plan, frames, stop)
    encoder: Encoder | None = None
    try:
        producer.start()
        encoder = Encoder(_video_args(plan, quality, out), out, plan.width * plan.height * 3 // 2)
        _pump(producer, encoder, sound, on_frames, cancel)
        encoder.finish()
    except BaseException:
        stop.set()
        if encoder is not None:
            encoder.kill()
        raise
    finally:
        stop.set()
        if producer.is_alive():
            producer.join(timeout=10)
        comp.close()
        release_freed_memory()


def _pump(
    producer: _Producer,
    encoder: Encoder,
    sound: Soundtrack | None,
    on_frames: FrameCounter | None,
    cancel: CancelFlag,
) -> None:
    """The caller's thread writes frames to ffmpeg (the write releases the GIL)."""
    done = 0
    while True:
        if cancel.is_set():
            raise Cancelled("render cancelled")
        if sound is not None:
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
        if on_frames is not None:
            on_frames(done)
