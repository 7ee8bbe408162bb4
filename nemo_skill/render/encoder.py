"""The video's ffmpeg process: raw I420 frames on stdin -> H.264 in MP4 (the sound is
made on the side, soundtrack.py); x264's settings, shared with tools/bench_render.py."""

from __future__ import annotations

import collections
import contextlib
import fcntl
import re
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._exceptions import ConfigError, RenderError
from .pipe import FrameSender

_EXPLAINS = re.compile(
    r"error|invalid|no such|not found|unable|cannot|can't|failed|unknown|unrecognized|not supported|permission|denied|"
    r"no space|does not|could not|mismatch",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class VideoSettings:
    preset: str
    crf: int
    audio_bitrate: str


SETTINGS = {
    # CRF 20 with veryfast: visually clean 1080p at about 2x real time on 2 cores.
    "high": VideoSettings("veryfast", 20, "192k"),
    "draft": VideoSettings("ultrafast", 28, "128k"),
}


def ffmpeg_exe() -> str:
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError) as exc:
        raise ConfigError(
            f"ffmpeg is not available ({exc})", hint="pip install 'nemo-skill[local]'"
        ) from None


_BT709 = ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv"]


def video_input_args(width: int, height: int, fps: int) -> list[str]:
    # The input is tagged too: an untagged input is taken as BT.601 and ffmpeg would
    # "convert" our BT.709 pixels into wrong colours to match the output's tags.
    return [
        "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{width}x{height}", "-r", str(fps), *_BT709,
        "-thread_queue_size", "2", "-i", "pipe:0",
    ]  # fmt: skip


def x264_args(settings: VideoSettings, fps: int) -> list[str]:
    return [
        "-c:v", "libx264", "-profile:v", "high", "-preset", settings.preset, "-crf", str(settings.crf),
        "-pix_fmt", "yuv420p", "-g", str(fps * 4),
        # The frames are BT.709 limited range (see colour.py): say so, or players guess.
        *_BT709,
    ]  # fmt: skip


_GENERIC = re.compile(
    r"terminating thread|task finished|conversion failed|error sending frames|nothing was written|"
    r"could not open encoder before eof|exiting with exit code|error while filtering|error marking filters",
    re.IGNORECASE,
)


def explain(lines: list[str]) -> str:
    """The stderr line that says what went wrong: ffmpeg prints the cause first, then
    a cascade of generic consequences ("Terminating thread ..."), so take the first
    error-like line that is not one of those."""
    cleaned = [ln.strip() for ln in lines if ln.strip()]
    for line in cleaned:
        if _EXPLAINS.search(line) and not _GENERIC.search(line):
            return line
    return cleaned[-1] if cleaned else "no message"


# A 1080p I420 frame is 3 MB; through the default 64 KB pipe that is ~50 wake-ups of
# ffmpeg's reader and of our writer per frame. 1 MB is Linux's default cap for a user.
PIPE_BYTES = 1 << 20


def _widen_pipe(pipe: object) -> None:
    setsize = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setsize is None or not hasattr(pipe, "fileno"):
        return
    with contextlib.suppress(OSError):  # a lower /proc/sys/fs/pipe-max-size: keep the default
        fcntl.fcntl(pipe.fileno(), setsize, PIPE_BYTES)


def start_ffmpeg(cmd: list[str], stdin: int) -> subprocess.Popen[bytes]:
    """ffmpeg with its stderr piped (the caller reads it for the explaining line)."""
    try:
        return subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except OSError as exc:
        raise RenderError(f"could not start ffmpeg: {exc}") from None


class Encoder:
    """Owns the ffmpeg process; stderr is drained by a thread so the pipe never fills."""

    def __init__(self, args: list[str], output: Path, frame_bytes: int = 0) -> None:
        self.output = output
        cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args]
        self.proc = start_ffmpeg(cmd, stdin=subprocess.PIPE)
        _widen_pipe(self.proc.stdin)
        assert self.proc.stdin is not None
        self._sender = FrameSender(self.proc.stdin.fileno(), frame_bytes)
        self._lines: collections.deque[str] = collections.deque(maxlen=200)
        self._reader = threading.Thread(target=self._drain, name="nemo-ffmpeg-stderr", daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for raw in self.proc.stderr:
            self._lines.append(raw.decode("utf-8", "replace").rstrip())

    def _done_reading(self) -> None:
        """Wait for the stderr reader (ffmpeg has exited, so it ends) and close the pipe:
        left to the garbage collector, an open pipe is a file descriptor leaked per render."""
        self._reader.join(timeout=5)
        if self.proc.stderr is not None and not self._reader.is_alive():
            self.proc.stderr.close()

    def _failure(self) -> RenderError:
        self._done_reading()
        return RenderError(f"ffmpeg failed: {explain(list(self._lines))}")

    def write(self, data: memoryview | bytes) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(data)
        except (BrokenPipeError, OSError):
            self.proc.wait()
            raise self._failure() from None

    def send(self, frame: np.ndarray) -> np.ndarray | None:
        """Hand one whole frame (C-contiguous uint8) to ffmpeg, by reference where the OS
        allows: returns the frame that may be overwritten now (this one, an earlier one
        still being read is held back), or None."""
        try:
            return self._sender.send(frame)
        except OSError:
            self.proc.wait()
            raise self._failure() from None

    def finish(self) -> None:
        assert self.proc.stdin is not None
        with contextlib.suppress(BrokenPipeError, OSError):
            self.proc.stdin.close()
        if self.proc.wait() != 0:
            raise self._failure()
        self._done_reading()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait()
        self._done_reading()
