"""render(): plan -> frames -> x264 (frames.py), in this process or split over local
processes (chunks.py); the soundtrack made once on the side (soundtrack.py); picture
and sound joined into a hidden file -> atomic rename.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from .._exceptions import Cancelled, InputError, NemoError, RenderError
from ..models.draft import Draft
from . import RenderResult
from .chunks import ChunkJob, MapResolver, local_ranges, render_in_processes
from .encoder import SETTINGS
from .frames import FrameCounter, encode_frames, opencv_on_one_thread
from .media import MediaResolver
from .music import library_track
from .plan import Plan, make_plan
from .soundtrack import Soundtrack, mux

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


def music_files(plan: Plan, cache_dir: Path | None) -> list[Path]:
    files = []
    for item in plan.music:
        if item.ref is not None:
            files.append(item.ref.path)
        else:
            assert item.mood is not None
            files.append(library_track(item.mood, _LIBRARY_SECONDS, cache_dir))
    return files


def render(
    draft: Draft,
    media: MediaResolver,
    out_path: Path,
    *,
    quality: str = "high",
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    cache_dir: Path | None = None,
    processes: int | None = None,
) -> RenderResult:
    with opencv_on_one_thread():
        return _render(draft, media, out_path, quality, progress, cancel, cache_dir, processes)


def _render(
    draft: Draft,
    media: MediaResolver,
    out_path: Path,
    quality: str,
    progress: Callable[[float], None] | None,
    cancel: threading.Event | None,
    cache_dir: Path | None,
    processes: int | None,
) -> RenderResult:
    out_path = out_path.expanduser().absolute()
    check_output(out_path)
    plan = make_plan(draft, media, quality)
    ranges = local_ranges(plan.n_frames, plan.fps, processes)
    cancel = cancel or threading.Event()
    music = music_files(plan, cache_dir)
    if cancel.is_set():
        raise Cancelled("render cancelled")
    part = f".{out_path.stem}.{uuid.uuid4().hex[:8]}"
    tmp = out_path.with_name(f"{part}.part.mp4")
    videos = [out_path.with_name(f"{part}.part-video{i if i else ''}.mp4") for i in range(len(ranges))]
    sound_tmp = out_path.with_name(f"{part}.part-sound.m4a")
    sound: Soundtrack | None = None
    counter = _percent(progress, plan.n_frames)
    try:
        try:
            tmp.touch()
        except OSError as exc:
            raise InputError(f"cannot write in {out_path.parent}: {exc.strerror}") from None
        sound = Soundtrack(plan, music, SETTINGS[quality].audio_bitrate, sound_tmp)
        if len(ranges) == 1:
            encode_frames(
                plan, range(plan.n_frames), videos[0], quality, cancel, _after_first(sound, counter), sound
            )
        else:
            sound.start()
            media_map = MapResolver.of(media, draft.media_ids())
            jobs = [
                ChunkJob(draft.dump(), media_map, quality, first, end, video)
                for (first, end), video in zip(ranges, videos, strict=True)
            ]
            render_in_processes(jobs, cancel, counter, sound.check)
        sound_file = sound.wait(cancel)
        if cancel.is_set():
            raise Cancelled("render cancelled")
        mux(videos, sound_file, tmp)
        if cancel.is_set():
            raise Cancelled("render cancelled")
        os.replace(tmp, out_path)
    except BaseException as exc:
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
        for leftover in (tmp, *videos, sound_tmp):  # tmp is gone already after a success
            with contextlib.suppress(OSError):  # never hide the error that brought us here
                leftover.unlink(missing_ok=True)
    if progress is not None:
        progress(100.0)
    return RenderResult(out_path, plan.n_frames / plan.fps, out_path.stat().st_size, plan.width, plan.height)


def _after_first(sound: Soundtrack, counter: FrameCounter | None) -> FrameCounter:
    """``counter``, and the soundtrack started once x264 has its first frame: until then
    x264 waits and every core goes to the first photo and the title's placement (the
    reference job's first frame came ~0.3 s sooner), while the sound, done within the
    first seconds either way, is needed only at the end."""

    def on_frames(done: int) -> None:
        if done == 1:
            sound.start()
        if counter is not None:
            counter(done)

    return on_frames


def _percent(progress: Callable[[float], None] | None, total: int) -> FrameCounter | None:
    """Frames done -> whole percents up to 99 (100 once the file is in place), each once."""
    if progress is None:
        return None
    last = [-1]

    def counter(done: int) -> None:
        pct = math.floor(99.0 * done / total)
        if pct != last[0]:
            last[0] = pct
            progress(float(pct))

    return counter
