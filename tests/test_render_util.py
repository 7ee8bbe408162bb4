"""Helpers shared by the renderer's tests: tiny media made on the fly, decoding, probing."""

from __future__ import annotations

import os
import subprocess
import wave
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from nemo_skill.models.draft import Draft
from nemo_skill.render.encoder import ffmpeg_exe


def textured(w: int, h: int, seed: int, tint: tuple[int, int, int] = (200, 160, 120)) -> Image.Image:
    """A bright photo-like image with detail at every scale (so motion can be measured)."""
    rng = np.random.default_rng(seed)
    small = rng.random((h // 8 + 1, w // 8 + 1, 3)).astype(np.float32)
    big = np.asarray(
        Image.fromarray((small * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC), dtype=np.float32
    )
    fine = rng.random((h, w, 1)).astype(np.float32) * 60
    img = 0.5 * big + 0.5 * np.array(tint, dtype=np.float32) + fine - 30
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))


def _face(
    d: ImageDraw.ImageDraw,
    cx: float,
    cy: float,
    s: float,
    skin: tuple[int, int, int],
    hair: tuple[int, int, int],
) -> None:
    """A face ``s`` high centred at (cx, cy), drawn so that OpenCV's frontal-face cascade
    finds it: dark eyes and brows over lighter cheeks, a nose bridge, a mouth."""
    w, h = 0.78 * s, s
    d.ellipse((cx - w * 0.62, cy - h * 0.68, cx + w * 0.62, cy + h * 0.25), fill=hair)
    d.ellipse((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), fill=skin)
    d.chord((cx - w * 0.55, cy - h * 0.62, cx + w * 0.55, cy - h * 0.05), 180, 360, fill=hair)
    ey, ex, er = cy - 0.06 * h, 0.2 * w, 0.075 * w
    for side in (-1, 1):
        x = cx + side * ex
        d.line(
            (x - 1.3 * er, ey - 0.11 * h, x + 1.3 * er, ey - 0.12 * h),
            fill=(70, 50, 40),
            width=max(1, int(0.035 * h)),
        )
        d.ellipse((x - 1.3 * er, ey - 0.7 * er, x + 1.3 * er, ey + 0.7 * er), fill=(245, 245, 245))
        d.ellipse((x - 0.7 * er, ey - 0.7 * er, x + 0.7 * er, ey + 0.7 * er), fill=(40, 30, 25))
    nose = [(cx, ey + 0.02 * h), (cx - 0.06 * w, cy + 0.17 * h), (cx + 0.06 * w, cy + 0.17 * h)]
    d.polygon(nose, fill=tuple(max(0, c - 25) for c in skin))
    d.chord((cx - 0.16 * w, cy + 0.2 * h, cx + 0.16 * w, cy + 0.34 * h), 0, 180, fill=(150, 60, 60))


def faces_photo(
    w: int, h: int, centres: list[tuple[float, float]], face: float, seed: int = 0
) -> Image.Image:
    """A photo of people: a soft sky, shoulders, and a face (``face`` of the height tall) at
    each centre (fractions of the width and height). No face photo can be fetched offline,
    so they are drawn; the cascade finds them (tests check that it does)."""
    rng = np.random.default_rng(seed)
    sky = np.linspace([120, 160, 200], [235, 222, 200], h, dtype=np.float32)
    img = Image.fromarray(np.repeat(sky[:, None, :], w, axis=1).astype(np.uint8))
    d = ImageDraw.Draw(img)
    s = face * h
    palette = [
        ((224, 180, 150), (60, 40, 30)),
        ((205, 160, 125), (30, 25, 20)),
        ((235, 195, 170), (120, 80, 40)),
    ]
    for k, (fx, fy) in enumerate(centres):  # shoulders first: no one's shoulder over a face
        cx, cy = fx * w, fy * h
        d.ellipse((cx - s * 0.7, cy + s * 0.45, cx + s * 0.7, cy + s * 2.2), fill=(50 + 40 * k, 50, 70))
    for k, (fx, fy) in enumerate(centres):
        skin, hair = palette[k % len(palette)]
        _face(d, fx * w, fy * h, s, skin, hair)
    img = img.filter(ImageFilter.GaussianBlur(max(0.6, h / 600)))
    grain = np.asarray(img, dtype=np.float32) + rng.normal(0, 3, (h, w, 3))
    return Image.fromarray(np.clip(grain, 0, 255).astype(np.uint8))


def write_wav(path: Path, seconds: float, freq: float = 330.0, rate: int = 44100) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    tone = 0.3 * np.sin(2 * np.pi * freq * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))
    stereo = (np.stack([tone, tone], axis=1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(stereo.tobytes())
    return path


def ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


def draft(
    photos: list[str],
    *,
    w: int = 320,
    h: int = 180,
    fps: int = 15,
    seg_ms: int = 600,
    tr: str | None = "fade",
    tr_ms: int = 200,
    kb: dict[str, Any] | None = None,
    fit: str | None = None,
    music: str | None = None,
    texts: list[dict[str, Any]] | None = None,
    extra_meta: dict[str, Any] | None = None,
) -> Draft:
    segs = []
    for i, src in enumerate(photos):
        m: dict[str, Any] = {}
        if tr:
            m["tr"] = {"name": tr, "d": tr_ms}
        if kb is not None:
            m["kb"] = kb
        if fit:
            m["fit"] = fit
        m.update(extra_meta or {})
        segs.append({"src": src, "st": i * seg_ms, "d": seg_ms, "m": m})
    tracks: list[dict[str, Any]] = [{"tt": 0, "sg": segs}]
    total = seg_ms * len(photos)
    if music:
        tracks.append({"tt": 1, "sg": [{"src": music, "st": 0, "d": total}]})
    if texts:
        tracks.append({"tt": 7, "sg": texts})
    return Draft.model_validate({"m": {"w": w, "h": h, "fps": fps}, "t": tracks})


def frames(path: Path) -> list[np.ndarray]:
    """Every decoded frame as RGB uint8 (BT.709, as the renderer tags its output)."""
    import av
    from av.video.reformatter import Colorspace

    with av.open(str(path)) as c:
        return [
            f.reformat(format="rgb24", src_colorspace=Colorspace.ITU709).to_ndarray()
            for f in c.decode(video=0)
        ]


def luma(rgb: np.ndarray) -> np.ndarray:
    return rgb.astype(np.float32) @ np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)


def leftovers(folder: Path) -> list[str]:
    """Temporary render files left in a folder (there must never be any): the renderer's
    are hidden files named after the output."""
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name or p.name.startswith("."))


def _stat_fields(stat_path: Path) -> list[str] | None:
    """/proc stat fields from the 3rd on (the command name may hold spaces); None once gone."""
    try:
        return stat_path.read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None


def nices(pid: int | str) -> set[int]:
    """The nice values of every thread of a process (field 19)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        fields = _stat_fields(task / "stat")
        if fields is not None:
            found.add(int(fields[16]))
    return found


def ffmpeg_children() -> dict[str, set[int]]:
    """The ffmpeg processes this process has started and not yet reaped: command line ->
    the nice values of its threads (found by parent pid: /proc/*/task/*/children is not
    in every kernel)."""
    found: dict[str, set[int]] = {}
    me = str(os.getpid())
    for proc in Path("/proc").glob("[0-9]*"):
        fields = _stat_fields(proc / "stat")
        if fields is None or fields[1] != me:
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (FileNotFoundError, ProcessLookupError):
            continue
        threads = nices(proc.name)
        if "ffmpeg" in cmdline and threads:
            found[cmdline] = threads
    return found
