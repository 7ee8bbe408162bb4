"""The soundtrack, made on the side while the frames are encoded.

Two short ffmpeg runs on a thread of their own: one measures the mix's loudness, the
next mixes it at the gain that brings it to -16 LUFS and encodes it to AAC (audio.py
builds both graphs). The video's ffmpeg encodes frames only, and a last ``-c copy``
run puts the two streams in the finished file.

Why not one ffmpeg for both, as before: its AAC encoder and filters cost ~1.3 CPU-s
for a 30 s video, taken from x264 at x264's own priority; and x264 could not start
before the loudness was measured. Here both runs are niced (priority.py), so they
mostly fill x264's idle moments, and x264 starts at once. The final copy is one more
pass over a file of a few MB: 0.05 s for the 30 s reference job.
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

from .._exceptions import Cancelled, RenderError
from .audio import build_audio, gain_from_report, measure_command
from .encoder import explain, ffmpeg_exe, start_ffmpeg
from .plan import Plan
from .priority import lower_process, yield_to_encoder


class Soundtrack:
    """Makes ``out`` (AAC in MP4) for ``plan`` on a background thread: start(), then wait()."""

    def __init__(self, plan: Plan, music: list[Path], bitrate: str, out: Path) -> None:
        self.plan, self.music, self.bitrate, self.out = plan, music, bitrate, out
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._stopped = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="nemo-sound", daemon=True)

    def start(self) -> Soundtrack:
        self._thread.start()
        return self

    def check(self) -> None:
        """Raises at once if the sound has failed: a long render stops then, not at its end."""
        if self._error is not None:
            raise self._error

    def wait(self, cancel: threading.Event) -> Path:
        """The finished file; raises what stopped it, or Cancelled once ``cancel`` is set."""
        while self._thread.is_alive():
            if cancel.is_set():
                raise Cancelled("render cancelled")
            self._thread.join(timeout=0.2)
        self.check()
        return self.out

    def kill(self) -> None:
        with self._lock:
            self._stopped = True
            if self._proc is not None and self._proc.poll() is None:
                self._proc.kill()
        if self._thread.ident is not None:  # a render that failed before its first frame never started it
            self._thread.join(timeout=10)

    def _run(self) -> None:
        yield_to_encoder()  # Linux: the ffmpeg runs started from this thread inherit it
        try:
            ffmpeg = ffmpeg_exe()
            measuring = measure_command(ffmpeg, self.plan, self.music)
            gain = (
                0.0 if measuring is None else gain_from_report(self._ffmpeg(measuring, "measuring the sound"))
            )
            g = build_audio(self.plan, self.music, first_input=0, gain_db=gain)
            encoding = [
                ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *g.inputs,
                "-filter_complex", g.graph, "-map", g.label,
                "-c:a", "aac", "-b:a", self.bitrate, "-ar", "48000", "-ac", "2", "-f", "mp4", str(self.out),
            ]  # fmt: skip
            self._ffmpeg(encoding, "making the sound")
        except OSError as exc:
            self._error = RenderError(f"could not make the sound: {exc}")
        except BaseException as exc:  # NemoError or a bug: raised as it is in the caller's thread
            self._error = exc

    def _ffmpeg(self, cmd: list[str], doing: str) -> str:
        """Runs ffmpeg at lower priority; its stderr (ebur128 writes its summary there)."""
        with self._lock:
            if self._stopped:
                raise Cancelled("render cancelled")
            self._proc = start_ffmpeg(cmd, stdin=subprocess.DEVNULL)
            lower_process(self._proc.pid)
        _, err = self._proc.communicate()
        text = err.decode("utf-8", "replace")
        if self._proc.returncode != 0:
            if self._stopped:
                raise Cancelled("render cancelled")
            raise RenderError(f"ffmpeg failed while {doing}: {explain(text.splitlines())}")
        return text


def _concat_list(videos: list[Path], listing: Path) -> None:
    # The concat demuxer's quoting: inside '...', a quote is written '\''.
    lines = ["ffconcat version 1.0"]
    lines += ["file '" + str(v.absolute()).replace("'", "'\\''") + "'" for v in videos]
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")


def mux(videos: list[Path], sound: Path, out: Path) -> None:
    """``out`` = the video's frames (one file, or chunks joined in order by the concat
    demuxer) and the sound, copied as they are (no re-encoding), with the index at the
    front so players can start before the download ends."""
    listing = out.with_name(f"{out.name}.concat.txt")
    if len(videos) == 1:
        picture = ["-i", str(videos[0])]
    else:
        _concat_list(videos, listing)
        picture = ["-f", "concat", "-safe", "0", "-i", str(listing)]
    cmd = [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        *picture, "-i", str(sound), "-map", "0:v:0", "-map", "1:a:0", "-c", "copy",
        "-movflags", "+faststart", "-f", "mp4", str(out),
    ]  # fmt: skip
    try:
        proc = subprocess.run(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
    finally:
        listing.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RenderError(
            f"ffmpeg failed while joining sound and picture: {explain(proc.stderr.decode('utf-8', 'replace').splitlines())}"
        )
