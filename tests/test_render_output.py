"""The finished file: codecs, profile, duration, loudness, faststart, draft preview, CLI."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from test_render_util import draft, ffmpeg_children, frames, luma, nices, textured, write_wav

from nemo_skill.render import DirectoryResolver, RenderResult, render_draft, render_storyboard
from nemo_skill.render.encoder import ffmpeg_exe

pytestmark = pytest.mark.slow  # renders


@pytest.fixture(scope="module")
def album(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("album")
    for i in range(3):
        textured(480, 320 if i != 1 else 560, seed=i).save(root / f"p{i}.jpg", quality=90)
    write_wav(root / "song.wav", 4.0)
    return root


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def rendered(album: Path, cache: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RenderResult]:
    out = tmp_path_factory.mktemp("out") / "video.mp4"
    d = draft(["p0", "p1.jpg", "p2"], seg_ms=600, music="song.wav",
              texts=[{"st": 0, "d": 1000, "m": {"text": "Urban Dreams"}}])  # fmt: skip
    seen: list[float] = []
    result = render_draft(d, DirectoryResolver(album), out, cache_dir=cache, progress=seen.append)
    assert seen[-1] == 100.0 and seen == sorted(seen)
    return out, result


def test_high_quality_is_h264_high_yuv420p_with_aac_48k_stereo(rendered: tuple[Path, RenderResult]) -> None:
    out, result = rendered
    with av.open(str(out)) as c:
        v, a = c.streams.video[0], c.streams.audio[0]
        assert v.codec_context.name == "h264"
        assert v.codec_context.profile == "High"
        assert v.codec_context.pix_fmt == "yuv420p"
        assert (v.codec_context.width, v.codec_context.height) == (320, 180)
        assert a.codec_context.name == "aac"
        assert a.codec_context.sample_rate == 48000
        assert a.codec_context.channels == 2
    assert result.size_bytes == out.stat().st_size > 0
    head = out.read_bytes()[:200_000]
    assert 0 <= head.find(b"moov") < head.find(b"mdat"), "+faststart puts the index first"


def test_duration_matches_the_draft(rendered: tuple[Path, RenderResult]) -> None:
    out, result = rendered
    assert result.duration_s == pytest.approx(1.8, abs=0.07)
    assert len(frames(out)) == 27  # 1.8 s at 15 fps
    with av.open(str(out)) as c:
        a = c.streams.audio[0]
        assert float(a.duration * a.time_base) == pytest.approx(1.8, abs=0.08)


def test_loudness_is_normalised_near_minus_16_lufs(album: Path, cache: Path, tmp_path: Path) -> None:
    quiet = write_wav(
        tmp_path / "quiet.wav", 4.0, freq=440
    )  # about -13 dBFS peak; far from -16 LUFS after gain
    import shutil

    shutil.copy(quiet, album / "quiet.wav")
    out = tmp_path / "loud.mp4"
    d = draft(["p0", "p2"], seg_ms=2000, tr=None, kb={"on": False}, music="quiet.wav", fps=10)
    d.t[1].sg[0].m.vol = 0.1  # far too quiet on purpose
    render_draft(d, DirectoryResolver(album), out, cache_dir=cache)
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(out), "-map", "0:a",
                           "-af", "ebur128=framelog=quiet", "-f", "null", "-"], capture_output=True, text=True)  # fmt: skip
    lufs = float(re.findall(r"I:\s+(-?[\d.]+) LUFS", proc.stderr)[-1])
    assert lufs == pytest.approx(-16.0, abs=2.0)


def test_draft_quality_is_a_small_fast_preview(album: Path, cache: Path, tmp_path: Path) -> None:
    d = draft(["p0", "p1"], w=1920, h=1080, fps=30, seg_ms=700)
    result = render_draft(d, DirectoryResolver(album), tmp_path / "p.mp4", quality="draft", cache_dir=cache)
    assert (result.width, result.height) == (640, 360)
    with av.open(str(result.path)) as c:
        assert c.streams.video[0].average_rate == 15


def test_library_music_is_used_and_audible(album: Path, cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "lib.mp4"
    render_draft(
        draft(["p0"], seg_ms=1500, music="library:calm"), DirectoryResolver(album), out, cache_dir=cache
    )
    assert list((cache / "music").glob("calm-*.wav"))
    with av.open(str(out)) as c:
        pcm = np.concatenate([f.to_ndarray().ravel() for f in c.decode(audio=0)])
    assert float(np.sqrt(np.mean(pcm[len(pcm) // 3 :] ** 2))) > 0.02


def test_text_only_draft_renders_over_the_background(tmp_path: Path, cache: Path) -> None:
    from nemo_skill.models.draft import Draft

    d = Draft.model_validate({"m": {"w": 320, "h": 180, "fps": 10, "bg": "#203040"},
                              "t": [{"tt": 7, "sg": [{"st": 0, "d": 1000, "m": {"text": "Hello", "fade": 0}}]}]})  # fmt: skip
    render_draft(d, DirectoryResolver(tmp_path), tmp_path / "t.mp4", cache_dir=cache)
    mid = frames(tmp_path / "t.mp4")[5]
    y = luma(mid)
    assert y[70:110, 100:220].max() > 200, "white title in the middle"
    assert abs(float(np.median(y)) - 43) < 8, "the draft's background colour elsewhere"


def test_storyboard_has_a_thumbnail_per_segment(album: Path, tmp_path: Path) -> None:
    from PIL import Image

    png = render_storyboard(
        draft(["p0", "p1", "p2"]), DirectoryResolver(album), tmp_path / "sb.png", columns=2
    )
    img = np.asarray(Image.open(png).convert("RGB"))
    assert img.shape[1] == 2 * (320 + 12) + 12  # two columns of 320 px thumbnails
    assert img.shape[0] > 2 * 180  # two rows
    assert img[40:200, 12:332].std() > 10, "a real picture, not a flat tile"


def test_cli_renders_and_reports(album: Path, tmp_path: Path) -> None:
    d = draft(["p0", "p1"], seg_ms=500)
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"draft": d.dump()}))
    out = tmp_path / "cli.mp4"
    proc = subprocess.run([sys.executable, "-m", "nemo_skill", "render", str(path), "--media", str(album),
                           "-o", str(out), "--json"], capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    assert info["ok"] and Path(info["path"]) == out and out.stat().st_size > 0
    bad = subprocess.run([sys.executable, "-m", "nemo_skill", "render", str(path), "--media", str(tmp_path),
                          "-o", str(tmp_path / "x.mp4")], capture_output=True, text=True, timeout=60)  # fmt: skip
    assert bad.returncode == 1
    assert bad.stderr.strip().startswith("error:") and "unknown media p0" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.mp4").exists()


@pytest.mark.parametrize("module", ["nemo_skill.cli.cmd_render", "nemo_skill.render"])
def test_import_is_light(module: str) -> None:
    code = (
        f"import sys, {module}; print(sorted(m for m in ('numpy', 'cv2', 'av', 'PIL') if m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="F_GETPIPE_SZ is Linux-only")
def test_frames_go_through_a_wide_pipe(tmp_path: Path) -> None:
    """A 1080p frame through the default 64 KB pipe costs ~50 wake-ups of each side."""
    import fcntl

    from nemo_skill.render.encoder import PIPE_BYTES, Encoder

    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    args = ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "16x16", "-i", "pipe:0", "-f", "null", "-"]
    enc = Encoder(args, tmp_path / "x.mp4")
    try:
        assert enc.proc.stdin is not None
        size = fcntl.fcntl(enc.proc.stdin.fileno(), 1032)  # F_GETPIPE_SZ
        assert size >= min(PIPE_BYTES, limit)
        enc.write(memoryview(np.zeros(16 * 16 * 3 // 2 * 3, np.uint8)))
        enc.finish()
    finally:
        enc.kill()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="vmsplice is Linux-only")
def test_frames_sent_by_reference_arrive_intact_though_reused_at_once() -> None:
    """A frame handed back by FrameSender is overwritten at once, while a slow reader is still
    reading the pipe: every frame must still arrive exactly as it was sent."""
    import fcntl
    import threading
    import time

    from nemo_skill.render.pipe import FrameSender

    r, w = os.pipe()
    try:
        capacity = fcntl.fcntl(w, 1032)  # F_GETPIPE_SZ
        frame_bytes, n_frames = capacity + 4096 * 3 + 100, 12
        received = bytearray()

        def read_slowly() -> None:
            while chunk := os.read(r, 8192):
                received.extend(chunk)
                time.sleep(0.0005)

        reader = threading.Thread(target=read_slowly)
        reader.start()
        sender = FrameSender(w, frame_bytes)
        assert sender.by_reference
        free = [np.empty(frame_bytes, np.uint8) for _ in range(2)]
        for n in range(n_frames):
            frame = free.pop()
            frame[:] = n + 1
            back = sender.send(frame)
            if back is not None:
                back[:] = 255  # reused at once: must not reach the reader
                free.append(back)
        assert len(free) == 1  # the last frame is held for the reader
        os.close(w)
        w = -1
        reader.join(timeout=30)
        assert sender.release() is not None
        expected = b"".join(bytes([n + 1]) * frame_bytes for n in range(n_frames))
        assert bytes(received) == expected
    finally:
        for fd in (r, w):
            if fd >= 0:
                os.close(fd)


def test_frames_smaller_than_the_pipe_are_copied() -> None:
    """A pipe wider than a frame could still hold older frames' pages: those are written."""

    from nemo_skill.render.pipe import FrameSender

    r, w = os.pipe()
    try:
        sender = FrameSender(w, 16)
        frame = np.arange(16, dtype=np.uint8)
        assert not sender.by_reference
        assert sender.send(frame) is frame
        assert os.read(r, 64) == bytes(range(16))
    finally:
        os.close(r)
        os.close(w)


def test_opencv_runs_on_one_thread_during_a_render_and_is_restored_after() -> None:
    import cv2

    from nemo_skill.render.frames import opencv_on_one_thread

    before = cv2.getNumThreads()
    with opencv_on_one_thread():
        assert cv2.getNumThreads() == 1
    assert cv2.getNumThreads() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_composing_and_sound_give_way_to_x264_which_keeps_its_priority(album: Path, tmp_path: Path) -> None:
    from nemo_skill.render.priority import lowered

    own, low = os.getpriority(os.PRIO_PROCESS, os.getpid()), lowered()
    assert low > own or own == 19
    threads: set[int] = set()
    ffmpegs: dict[str, set[int]] = {}

    def look(_pct: float) -> None:  # called on the caller's thread while frames flow
        threads.update(nices(os.getpid()))
        ffmpegs.update(ffmpeg_children())

    d = draft(["p0", "p1.jpg", "p2"], seg_ms=600, music="song.wav")
    render_draft(d, DirectoryResolver(album), tmp_path / "v.mp4", progress=look)
    assert low in threads  # the composer (and the photo prefetch)
    assert own in threads  # the caller's thread is left alone
    assert [each for cmd, each in ffmpegs.items() if "libx264" in cmd] == [{own}]
    # The soundtrack may be done before the first frame; when seen, all its threads were lowered.
    assert all(each == {low} for cmd, each in ffmpegs.items() if "libx264" not in cmd)
    assert os.getpriority(os.PRIO_PROCESS, os.getpid()) == own
    assert ffmpeg_children() == {}, "every ffmpeg has been waited for"


@pytest.fixture
def frames_sent(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Grows by one for each frame handed to x264 from now on."""
    from nemo_skill.render import frames as frames_mod

    sent: list[int] = []
    send = frames_mod.Encoder.send

    def counting_send(self: frames_mod.Encoder, frame: np.ndarray) -> np.ndarray | None:
        sent.append(1)
        return send(self, frame)

    monkeypatch.setattr(frames_mod.Encoder, "send", counting_send)
    return sent


def test_the_sound_is_started_once_x264_has_its_first_frame(
    album: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames_sent: list[int]
) -> None:
    from nemo_skill.render.soundtrack import Soundtrack

    sends_at_start: list[int] = []
    start = Soundtrack.start

    def noting_start(self: Soundtrack) -> Soundtrack:
        sends_at_start.append(len(frames_sent))
        return start(self)

    monkeypatch.setattr(Soundtrack, "start", noting_start)
    out = tmp_path / "v.mp4"
    render_draft(draft(["p0.jpg", "p1.jpg"], music="song.wav"), DirectoryResolver(album), out)
    assert sends_at_start == [1]
    with av.open(str(out)) as c:
        assert c.streams.audio[0].duration * c.streams.audio[0].time_base > 1.0


def test_freed_photo_memory_is_handed_back_once_when_the_render_ends(
    album: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames_sent: list[int]
) -> None:
    from nemo_skill.render import frames as frames_mod

    trims: list[int] = []
    monkeypatch.setattr(frames_mod, "release_freed_memory", lambda: trims.append(len(frames_sent)))
    render_draft(draft(["p0.jpg", "p1.jpg", "p2.jpg"]), DirectoryResolver(album), tmp_path / "v.mp4")
    assert trims == [len(frames_sent)] and len(frames_sent) > 20  # not once per photo: their pages are reused


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="POSIX priorities")
def test_a_helper_process_is_niced() -> None:
    from nemo_skill.render.priority import lower_process, lowered

    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lower_process(proc.pid)
        assert os.getpriority(os.PRIO_PROCESS, proc.pid) == lowered()
        lower_process(proc.pid)  # twice: not lowered again
        assert os.getpriority(os.PRIO_PROCESS, proc.pid) == lowered()
    finally:
        proc.kill()
        proc.wait()


def test_storyboard_labels_stay_in_their_tile_and_apart(album: Path, tmp_path: Path) -> None:
    from PIL import Image, ImageFont

    from nemo_skill.render import fonts, storyboard

    long = album / ("a_very_long_file_name_from_a_phone_camera_" * 3 + ".jpg")
    long.write_bytes((album / "p0.jpg").read_bytes())
    d = draft([long.name, "p1", "p2"], w=180, h=320, tr="smoothleft", tr_ms=300, kb={"dir": "in"},
              extra_meta={"filter": "vintage"},
              texts=[{"st": 0, "d": 1800, "m": {"text": "A caption long enough to be shortened " * 3}}])  # fmt: skip
    png = render_storyboard(d, DirectoryResolver(album), tmp_path / "sb.png", columns=3)
    sheet = np.asarray(Image.open(png).convert("RGB")).astype(int)
    tw, th = 180, 320  # 9:16 thumbnails are 320 px tall
    font = ImageFont.truetype(str(fonts.font_path(False)), 13)
    for n in range(3):
        x = 12 + n * (tw + 12)
        labels = storyboard.caption_labels(
            storyboard._tiles(storyboard.make_plan(d, DirectoryResolver(album), audio=False))[n][1],
            font,
            x,
            34 + th + 4,
            tw,
        )
        assert len(labels) == 3 and labels[2][0].endswith("…"), "the long caption is shortened"
        assert labels[0][0].endswith("…") == (n == 0), "and only the long file name"
        boxes = [box for _, _, box in labels]
        for x0, _, x1, _ in boxes:
            assert x <= x0 and x1 <= x + tw, "inside the tile"
        for (_, _, _, bottom), (_, top, _, _) in itertools.pairwise(boxes):
            assert bottom <= top, "no two lines touch"
    # On the sheet: the gaps between the tiles hold nothing but the background.
    bg = np.array([24, 24, 28])
    for n in range(1, 3):
        gap = sheet[34:, 12 + n * (tw + 12) - 12 + 1 : 12 + n * (tw + 12) - 1]
        assert np.abs(gap - bg).max() < 3, f"ink in the gap before tile {n + 1}"
