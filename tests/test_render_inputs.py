"""Every kind of input, good and bad: each bad one fails with a clear error and leaves no file."""

from __future__ import annotations

import os
import struct
import sys
import threading
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from test_render_util import draft, ffmpeg, ffmpeg_children, frames, leftovers, textured, write_wav

from nemo_skill import Cancelled, DraftError, InputError, RenderError
from nemo_skill.models.draft import Draft
from nemo_skill.render import DirectoryResolver, MediaRef, faces, render_draft
from nemo_skill.render import encoder as encoder_mod
from nemo_skill.render.images import load_photo

pytestmark = pytest.mark.slow  # renders


def _render(folder: Path, d: Draft, name: str = "out.mp4") -> Path:
    out = folder / name
    render_draft(d, DirectoryResolver(folder), out)
    return out


def _refused(folder: Path, d: Draft, exc: type[Exception], match: str) -> None:
    out = folder / "out.mp4"
    with pytest.raises(exc, match=match):
        render_draft(d, DirectoryResolver(folder), out)
    assert not out.exists(), "no partial file at the output path"
    assert leftovers(folder) == [], "no temporary files left behind"


def test_corrupt_image_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(3000))
    _refused(tmp_path, draft(["bad.jpg"]), InputError, r"bad\.jpg")


def test_truncated_image_is_refused(tmp_path: Path) -> None:
    textured(640, 480, seed=1).save(tmp_path / "full.jpg", quality=95)
    data = (tmp_path / "full.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 2])
    _refused(tmp_path, draft(["cut.jpg"]), InputError, r"photo cut\.jpg could not be decoded.*truncated")


def test_one_pixel_image_renders_as_its_colour(tmp_path: Path) -> None:
    Image.new("RGB", (1, 1), (200, 40, 40)).save(tmp_path / "dot.png")
    out = _render(tmp_path, draft(["dot.png"], seg_ms=400, tr=None))
    mid = (
        frames(out)[3][60:120, 130:190].reshape(-1, 3).mean(axis=0)
    )  # the default blur fit: the pixel, centred
    assert np.allclose(mid, (200, 40, 40), atol=8)


def _huge_png(path: Path, w: int, h: int) -> None:
    """A valid 8-bit grey PNG written row by row: 400 MB of pixels in a few hundred KB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    comp = zlib.compressobj(9)
    row = bytes(w + 1)
    body = b"".join(comp.compress(row) for _ in range(h)) + comp.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", body) + chunk(b"IEND", b""))  # fmt: skip


def test_20000px_png_is_refused_before_decoding(tmp_path: Path) -> None:
    _huge_png(tmp_path / "huge.png", 20000, 20000)
    _refused(tmp_path, draft(["huge.png"]), InputError, r"huge\.png .*400 MP.*over the 50 MP limit")


def test_video_without_a_video_stream_is_refused(tmp_path: Path) -> None:
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", str(tmp_path / "voice.mp4"))
    _refused(tmp_path, draft(["voice.mp4"]), InputError, r"voice.mp4 .*has no video stream")


def test_audio_shorter_than_a_second_is_looped(tmp_path: Path) -> None:
    import av

    textured(320, 180, seed=2).save(tmp_path / "a.jpg")
    write_wav(tmp_path / "blip.wav", 0.4)
    out = _render(tmp_path, draft(["a"], seg_ms=2000, tr=None, music="blip.wav"))
    with av.open(str(out)) as c:
        pcm = np.concatenate([f.to_ndarray()[0] for f in c.decode(audio=0)])
    assert len(pcm) / 48000 == pytest.approx(2.0, abs=0.06)
    second = pcm[int(0.9 * 48000) : int(1.3 * 48000)]
    assert np.sqrt(np.mean(second**2)) > 0.05, "still playing after the 0.4 s file ended: looped"


def test_text_of_2000_characters_is_refused(tmp_path: Path) -> None:
    textured(320, 180, seed=2).save(tmp_path / "a.jpg")
    d = draft(["a"], texts=[{"st": 0, "d": 600, "m": {"text": "words" + " word" * 399}}])
    _refused(tmp_path, d, DraftError, r"text segment 1 has 2000 characters; the limit is 300")


def test_4k_longer_than_the_limit_is_refused_before_anything_is_opened(tmp_path: Path) -> None:
    d = draft(["not-even-there"] * 31, w=3840, h=2160, seg_ms=60_000)
    _refused(tmp_path, d, DraftError, r"video would be 31.0 minutes long; the limit is 30 minutes")
    d = draft(["not-even-there"] * 11, w=3840, h=2160, seg_ms=60_000)
    _refused(tmp_path, d, DraftError, r"3840x2160 \(4K\) video may be at most 10 minutes")


def test_missing_media_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, draft(["ghost.jpg"]), DraftError, r"unknown media ghost\.jpg")

    class Stale:  # a backend store whose file vanished from disk
        def resolve(self, src: str) -> MediaRef:
            return MediaRef(tmp_path / "deleted.jpg", "image")

    with pytest.raises(InputError, match=r"media ghost is missing on disk"):
        render_draft(draft(["ghost"]), Stale(), tmp_path / "out.mp4")
    assert not (tmp_path / "out.mp4").exists()


def test_unwritable_output_folder_is_refused(tmp_path: Path) -> None:
    textured(320, 180, seed=2).save(tmp_path / "a.jpg")
    with pytest.raises(InputError, match="does not exist"):
        render_draft(draft(["a"]), DirectoryResolver(tmp_path), tmp_path / "nope" / "out.mp4")
    # /proc refuses new files even for root, where chmod would not stop us.
    with pytest.raises(InputError, match=r"not writable|cannot write"):
        render_draft(draft(["a"]), DirectoryResolver(tmp_path), Path("/proc/self/out.mp4"))
    if os.geteuid() != 0:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        with pytest.raises(InputError, match="not writable"):
            render_draft(draft(["a"]), DirectoryResolver(tmp_path), ro / "out.mp4")


def test_ffmpeg_failure_names_the_stderr_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    textured(320, 180, seed=2).save(tmp_path / "a.jpg")
    monkeypatch.setitem(encoder_mod.SETTINGS, "high", encoder_mod.VideoSettings("warp-speed", 20, "192k"))
    _refused(tmp_path, draft(["a"]), RenderError, r"ffmpeg failed: .*invalid preset 'warp-speed'")


def test_a_sound_failure_names_the_stderr_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nemo_skill.render.soundtrack as soundtrack_mod

    textured(320, 180, seed=2).save(tmp_path / "a.jpg")
    write_wav(tmp_path / "song.wav", 2.0)
    real = soundtrack_mod.build_audio

    def broken(*args: object, **kwargs: object) -> object:
        g = real(*args, **kwargs)
        g.graph = g.graph.replace("alimiter=", "alimitless=")
        return g

    monkeypatch.setattr(soundtrack_mod, "build_audio", broken)
    _refused(tmp_path, draft(["a"], music="song.wav"), RenderError, r"while making the sound: .*alimitless")


def test_a_sound_failure_stops_the_render_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not after the last frame: a long render would waste its whole time."""
    import nemo_skill.render.soundtrack as soundtrack_mod

    for i in range(3):
        textured(320, 180, seed=i).save(tmp_path / f"s{i}.jpg")
    write_wav(tmp_path / "song.wav", 2.0)

    def fails(*_args: object) -> list[str]:
        raise RenderError("ffmpeg failed while measuring the sound: song.wav: Invalid data")

    monkeypatch.setattr(soundtrack_mod, "measure_command", fails)
    seen: list[float] = [0.0]
    out = tmp_path / "out.mp4"
    with pytest.raises(RenderError, match="while measuring the sound"):
        render_draft(draft(["s0", "s1", "s2"], seg_ms=4000, fps=25, music="song.wav"), DirectoryResolver(tmp_path),
                     out, progress=seen.append)  # fmt: skip
    assert max(seen) < 50, "stopped while the frames were still being made"
    assert not out.exists() and leftovers(tmp_path) == []


def test_cancel_stops_and_cleans_up(tmp_path: Path) -> None:
    for i in range(3):
        textured(320, 180, seed=i).save(tmp_path / f"c{i}.jpg")
    cancel = threading.Event()

    def progress(pct: float) -> None:
        if pct >= 20:
            cancel.set()

    out = tmp_path / "out.mp4"
    with pytest.raises(Cancelled):
        render_draft(draft(["c0", "c1", "c2"], seg_ms=1500, fps=25), DirectoryResolver(tmp_path), out,
                     progress=progress, cancel=cancel)  # fmt: skip
    assert not out.exists() and leftovers(tmp_path) == []
    if sys.platform.startswith("linux"):
        assert ffmpeg_children() == {}, "the video's and the sound's ffmpeg are stopped and reaped"


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    upright = np.zeros((180, 320, 3), np.uint8)
    upright[:90] = (220, 30, 30)  # red sky on top
    upright[90:] = (30, 30, 220)
    stored = Image.fromarray(upright).transpose(Image.Transpose.ROTATE_90)  # sideways, as phones store it
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(tmp_path / "phone.jpg", exif=exif, quality=95)
    out = _render(tmp_path, draft(["phone.jpg"], seg_ms=400, tr=None, kb={"on": False}, fit="cover"))
    f = frames(out)[2]
    assert f[20:70, :, 0].mean() > 150 and f[20:70, :, 2].mean() < 80, "red on top"
    assert f[110:160, :, 2].mean() > 150, "blue below"


def test_png_16_bit_alpha_webp_gif_and_heic_decode(tmp_path: Path) -> None:
    import cv2

    grey16 = np.full((40, 60), 51400, np.uint16)  # 51400/65535 = 0.784 -> 200
    cv2.imwrite(str(tmp_path / "g16.png"), grey16)
    assert load_photo(tmp_path / "g16.png", 1.0)[0, 0].tolist() == [200, 200, 200]
    rgba = np.zeros((40, 60, 4), np.uint8)
    rgba[:, :30] = (0, 255, 0, 255)  # left half opaque green, right half transparent
    Image.fromarray(rgba, "RGBA").save(tmp_path / "alpha.png")
    px = load_photo(tmp_path / "alpha.png", 1.0, bg=(10, 20, 30))
    assert px[5, 5].tolist() == [0, 255, 0] and px[5, 50].tolist() == [10, 20, 30]
    Image.new("RGB", (60, 40), (250, 128, 0)).save(tmp_path / "x.webp", quality=95)
    assert np.allclose(load_photo(tmp_path / "x.webp", 1.0)[20, 30], (250, 128, 0), atol=6)
    frames_ = [Image.new("P", (30, 20), c) for c in (1, 2)]
    frames_[0].putpalette([0, 0, 0, 255, 0, 0, 0, 0, 255] + [0] * 759)
    frames_[0].save(tmp_path / "anim.gif", save_all=True, append_images=frames_[1:])
    assert load_photo(tmp_path / "anim.gif", 1.0)[10, 10].tolist() == [255, 0, 0], "first frame"
    import pillow_heif

    try:
        pillow_heif.from_pillow(Image.new("RGB", (64, 48), (30, 200, 90))).save(
            tmp_path / "p.heic", quality=90
        )
    except Exception as exc:  # an encoder-less libheif build can read but not write
        pytest.skip(f"cannot write a HEIC sample here: {exc}")
    assert np.allclose(load_photo(tmp_path / "p.heic", 1.0)[24, 32], (30, 200, 90), atol=12)


def test_faces_keep_portrait_framing_on_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """OpenCV's cascade does not fire on drawn shapes and no face photo can be fetched offline,
    so the detector is replaced; what is tested is the focus-point plumbing into the crop."""
    img = np.full((720, 1280, 3), 90, np.uint8)
    img[300:420, 1100:1220] = (20, 230, 20)  # the "face", far right
    Image.fromarray(img).save(tmp_path / "group.png")
    d = draft(["group.png"], w=180, h=320, seg_ms=400, tr=None, kb={"on": False}, fit="cover")
    centred = frames(_render(tmp_path, d, "centre.mp4"))[2]
    assert centred[..., 1].max() < 150, "centre crop of a landscape photo misses the right edge"

    def fake(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
        h, w = grey.shape
        return [(int(w * 1100 / 1280), int(h * 300 / 720), int(w * 120 / 1280), int(h * 120 / 720))]

    monkeypatch.setattr(faces, "detect_faces", fake)
    from nemo_skill.render import compositor

    compositor._focus_cache.clear()
    framed = frames(_render(tmp_path, d, "face.mp4"))[2]
    green = (framed[..., 1] > 180) & (framed[..., 0] < 90)
    assert green.sum() > 500, "the face is in the portrait frame"
    compositor._focus_cache.clear()


def test_bundled_face_cascade_loads_and_finds_nothing_in_noise() -> None:
    rng = np.random.default_rng(0)
    assert faces._classifier() is not None
    assert faces.focus_point(rng.integers(0, 255, (240, 320, 3), dtype=np.uint8)) is None


def test_video_clip_is_trimmed_fitted_and_heard(tmp_path: Path) -> None:
    import av

    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=240x320:rate=25:duration=3", "-f", "lavfi",
           "-i", "sine=frequency=300:duration=3", "-c:v", "libx264", "-pix_fmt", "yuv420p",
           "-c:a", "aac", "-shortest", str(tmp_path / "clip.mp4"))  # fmt: skip
    textured(320, 180, seed=1).save(tmp_path / "a.jpg")
    d = draft(["a", "clip.mp4"], seg_ms=1000, tr=None)
    d.t[0].sg[1].m.in_ = 1000
    out = _render(tmp_path, d)
    fr = frames(out)
    assert len(fr) == 30
    assert float(np.std(fr[20].astype(float) - fr[27].astype(float))) > 3, "the clip moves"
    assert fr[22][:, :40].std() < fr[22][:, 120:200].std(), "portrait clip: blurred sides, sharp centre"
    with av.open(str(out)) as c:
        pcm = np.concatenate([f.to_ndarray()[0] for f in c.decode(audio=0)])
    assert np.sqrt(np.mean(pcm[:40000] ** 2)) < 0.01 < np.sqrt(np.mean(pcm[55000:90000] ** 2)), (
        "clip sound where it plays"
    )
    d.t[0].sg[1].m.mute = True
    muted = _render(tmp_path, d, "muted.mp4")
    with av.open(str(muted)) as c:
        pcm = np.concatenate([f.to_ndarray()[0] for f in c.decode(audio=0)])
    assert np.abs(pcm).max() < 0.01
