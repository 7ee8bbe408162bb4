"""Video clips on the video track: frames decoded in order, fitted like photos, one at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .._exceptions import InputError
from .colour import I420, apply_filter, rgb_to_i420
from .framing import choose_fit, compose_plate

if TYPE_CHECKING:
    from av.video.frame import VideoFrame


_SEEK_AHEAD_S = 1.0


class ClipReader:
    """Frames of one clip at increasing times, fitted to the canvas as I420.

    Holds the decoder and the last frame only; a time past the end repeats the last frame.
    """

    def __init__(
        self,
        path: Path,
        start_s: float,
        size: tuple[int, int],
        fit: str | None,
        filt: str,
        bg: tuple[int, int, int],
    ) -> None:
        import av

        self.path = path
        self.size = size
        self.fit = fit
        self.filter = filt
        self.bg = bg
        try:
            self._container = av.open(str(path))
            stream = self._container.streams.video[0]
        except (av.FFmpegError, OSError, IndexError) as exc:
            raise InputError(f"clip {path.name} could not be opened ({exc})") from None
        stream.thread_type = "AUTO"
        self._stream = stream
        self._start = start_s
        self._frames: Iterator[VideoFrame] = (
            self._seek(start_s) if start_s > 0 else self._container.decode(stream)
        )
        self._pending: VideoFrame | None = None
        self._current: I420 | None = None
        self._ended = False
        self._begun = False

    def _seek(self, t_s: float) -> Iterator[VideoFrame]:
        """Decoding from the keyframe at or before ``t_s``."""
        if self._stream.time_base:
            self._container.seek(int(t_s / self._stream.time_base), stream=self._stream, backward=True)
        return self._container.decode(self._stream)

    def _convert(self, frame: VideoFrame) -> I420:
        rgb: np.ndarray = frame.to_ndarray(format="rgb24")
        rotation = int(getattr(frame, "rotation", 0) or 0) % 360
        if rotation:  # phones store portrait video sideways with a display rotation
            rgb = np.ascontiguousarray(np.rot90(rgb, k=rotation // 90))
        w, h = self.size
        fit = choose_fit(self.fit, rgb.shape[1], rgb.shape[0], w, h)
        plate, _ = compose_plate(rgb, fit, w, h, None, self.bg)
        return rgb_to_i420(apply_filter(plate, self.filter))

    def _next(self) -> VideoFrame | None:
        if self._pending is not None:
            f, self._pending = self._pending, None
            return f
        if self._ended:
            return None
        try:
            return next(self._frames)
        except StopIteration:
            self._ended = True
            return None
        except Exception as exc:  # av.FFmpegError subclasses: a broken stream mid-file
            raise InputError(
                f"clip {self.path.name} could not be decoded at {self._start:.1f}s+ ({exc})"
            ) from None

    def frame_at(self, t_s: float) -> I420:
        """The frame on screen ``t_s`` seconds into the file (not into the segment)."""
        if not self._begun:
            self._begun = True
            # A chunk of a split render may start well into the clip: go there by a
            # keyframe seek instead of decoding every frame since the trim point. The
            # frame picked is the same (the last one at or before t_s).
            if t_s - self._start > _SEEK_AHEAD_S:
                self._frames = self._seek(t_s)
        chosen = None
        while True:
            f = self._next()
            if f is None:
                break
            ft = f.time if f.time is not None else 0.0
            if ft < self._start - 1e-3:  # before the trim point (decoded after a keyframe seek)
                continue
            if ft > t_s + 1e-3 and (chosen is not None or self._current is not None):
                self._pending = f
                break
            chosen = f
        if chosen is not None:
            self._current = self._convert(chosen)
        if self._current is None:
            raise InputError(f"clip {self.path.name} has no frames after {self._start:.1f}s")
        return self._current

    def close(self) -> None:
        self._container.close()
