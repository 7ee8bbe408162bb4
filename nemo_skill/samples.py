"""Sample photos the project makes itself, so the first command works on a fresh machine.

Each picture is a small painted landscape (sky gradient, sun or moon, hills, water
reflection, a little film grain), deterministic from its index, with an EXIF capture
time so ordering by date has something to do. Two are portrait, like phone photos.
Needs numpy and Pillow (the ``local`` extra).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

# (sky top, sky bottom, sun, far hills, near hills, water) for each scene.
PALETTES: tuple[tuple[tuple[int, int, int], ...], ...] = (
    (
        (255, 140, 90),
        (255, 214, 150),
        (255, 245, 210),
        (160, 90, 110),
        (90, 50, 80),
        (230, 140, 110),
    ),  # sunset
    (
        (70, 130, 200),
        (190, 225, 250),
        (255, 255, 235),
        (90, 130, 110),
        (40, 80, 60),
        (90, 150, 190),
    ),  # noon lake
    ((20, 24, 60), (90, 70, 140), (240, 240, 255), (40, 40, 80), (15, 15, 35), (50, 50, 100)),  # moonlight
    (
        (250, 190, 200),
        (255, 235, 220),
        (255, 250, 240),
        (200, 150, 170),
        (150, 100, 130),
        (240, 200, 210),
    ),  # blossom
    (
        (120, 180, 220),
        (235, 245, 250),
        (255, 255, 255),
        (150, 160, 170),
        (80, 100, 90),
        (150, 190, 210),
    ),  # alpine
    (
        (255, 170, 60),
        (255, 230, 160),
        (255, 250, 220),
        (200, 120, 60),
        (120, 70, 40),
        (240, 170, 90),
    ),  # desert
)


def _scene(index: int, width: int, height: int) -> object:
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    rng = np.random.default_rng(1000 + index)
    top, bottom, sun, far, near, water = (
        np.array(c, dtype=np.float32) for c in PALETTES[index % len(PALETTES)]
    )
    horizon = int(height * rng.uniform(0.58, 0.68))
    t = np.linspace(0.0, 1.0, horizon, dtype=np.float32)[:, None, None]
    sky = top * (1 - t) + bottom * t
    canvas = np.empty((height, width, 3), dtype=np.float32)
    canvas[:horizon] = sky
    canvas[horizon:] = water
    img = Image.fromarray(canvas.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    sx, sy, r = (
        int(width * rng.uniform(0.25, 0.75)),
        int(horizon * rng.uniform(0.35, 0.7)),
        int(min(width, height) * 0.07),
    )
    draw.ellipse([sx - r, sy - r, sx + r, sy + r], fill=tuple(int(v) for v in sun))
    img = img.filter(ImageFilter.GaussianBlur(r * 0.15))
    draw = ImageDraw.Draw(img)
    for colour, base, rough in ((far, horizon - height * 0.12, 0.08), (near, horizon - height * 0.04, 0.05)):
        xs = np.linspace(0, width, 24)
        ys = base + np.cumsum(rng.normal(0, height * rough / 4, xs.size))
        ys = np.clip(ys, height * 0.25, horizon)
        draw.polygon(
            [(0, horizon), *zip(xs.tolist(), ys.tolist(), strict=True), (width, horizon)],
            fill=tuple(int(v) for v in colour),
        )
    pixels = np.asarray(img, dtype=np.float32)
    # Reflection: the scene above the horizon mirrored, dimmed and blended into the water.
    depth = height - horizon
    mirror = pixels[max(horizon - depth, 0) : horizon][::-1]
    mirror = np.pad(mirror, ((0, depth - mirror.shape[0]), (0, 0), (0, 0)), mode="edge")
    pixels[horizon:] = pixels[horizon:] * 0.45 + mirror * 0.55 * 0.85
    pixels += rng.normal(0, 3.0, pixels.shape[:2])[..., None]
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))


def make_sample_photos(folder: Path, count: int = 6, size: tuple[int, int] = (1600, 1200)) -> list[Path]:
    """Write ``count`` JPEGs into ``folder`` (kept if they already exist) and return their paths."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2026, 6, 12, 16, 0, 0)
    paths: list[Path] = []
    for i in range(count):
        path = folder / f"sample_{i + 1:02d}.jpg"
        paths.append(path)
        if path.exists():
            continue
        w, h = size if i % 3 != 2 else (size[1], size[0])
        image = _scene(i, w, h)
        exif = Image.Exif()
        exif[0x0132] = (start + timedelta(minutes=7 * i)).strftime("%Y:%m:%d %H:%M:%S")  # DateTime
        exif.get_ifd(0x8769)[0x9003] = exif[0x0132]  # DateTimeOriginal
        tmp = path.with_suffix(".tmp")
        image.save(tmp, "JPEG", quality=88, exif=exif)  # type: ignore[attr-defined]
        tmp.replace(path)
    return paths
