"""Photo decoding: any supported format -> upright RGB, decoded once at the size needed.

JPEGs are decoded at a reduced scale by libjpeg itself (PIL ``draft``), which is what
keeps a 12 MP photo from costing a full decode when a 1080p frame needs a quarter of it.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .._exceptions import InputError

try:  # HEIC/HEIF from phones; the wheel bundles libheif
    import pillow_heif
except ImportError:  # pragma: no cover - the [local] extra installs it
    pass
else:
    pillow_heif.register_heif_opener()

# Decompression bombs: a small file that expands to gigabytes. JPEGs decode at a reduced
# scale so they may be larger; other formats decode at full size, hence the lower limit.
MAX_PIXELS_JPEG = 100_000_000
MAX_PIXELS_OTHER = 50_000_000
# Accept up to 10% upscaling at the most zoomed-in moment rather than a 4x costlier full
# JPEG decode: invisible at the end of a slow zoom, and it halves decode time and memory.
DRAFT_SLACK = 1.10
PREVIEW_SLACK = 1.5  # the draft-quality preview trades sharpness for a 1/8-scale decode
_SWAPS_AXES = {5, 6, 7, 8}


@dataclass(frozen=True)
class PhotoInfo:
    width: int  # upright (after EXIF orientation)
    height: int
    format: str


def _open(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(path)
    except Image.DecompressionBombError as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(found.group(1)) / 1e6:.0f} MP" if found else "too many pixels"
        raise InputError(
            f"photo {path.name} is too large to decode safely ({size}, over the {MAX_PIXELS_OTHER // 1_000_000} MP limit)",
            hint="downscale it (e.g. to 8000 px on the long side) and try again",
        ) from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InputError(
            f"{path.name} is not a readable image ({type(exc).__name__}: {exc})",
            hint="re-export it as JPEG or PNG",
        ) from None


def _orientation(img: Image.Image) -> int:
    try:
        return int(img.getexif().get(0x0112, 1) or 1)
    except Exception:  # a broken EXIF block must not sink a good photo
        return 1


def _check_size(path: Path, img: Image.Image) -> None:
    w, h = img.size
    limit = MAX_PIXELS_JPEG if img.format == "JPEG" else MAX_PIXELS_OTHER
    if w * h > limit:
        raise InputError(
            f"photo {path.name} is {w}x{h} ({w * h / 1e6:.0f} MP), over the {limit // 1_000_000} MP limit",
            hint="downscale it (e.g. to 8000 px on the long side) and try again",
        )


def probe_photo(path: Path) -> PhotoInfo:
    """Read the header only: upright size and format. Refuses bombs before any decoding."""
    img = _open(path)
    with img:
        _check_size(path, img)
        w, h = img.size
        if _orientation(img) in _SWAPS_AXES:
            w, h = h, w
        return PhotoInfo(w, h, img.format or "?")


def _to_rgb(img: Image.Image, bg: tuple[int, int, int]) -> np.ndarray:
    mode = img.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # 16-bit grey: keep the top 8 bits (values are 0..65535 in every one of these modes).
        arr = np.asarray(img, dtype=np.uint32)
        grey = (np.clip(arr, 0, 65535) >> 8).astype(np.uint8)
        return np.repeat(grey[..., None], 3, axis=2)
    if mode == "F":
        grey = np.clip(np.asarray(img, dtype=np.float32), 0, 255).astype(np.uint8)
        return np.repeat(grey[..., None], 3, axis=2)
    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in img.info)
    if has_alpha:
        rgba = img.convert("RGBA")
        backdrop = Image.new("RGBA", rgba.size, (*bg, 255))
        return np.asarray(Image.alpha_composite(backdrop, rgba).convert("RGB"))
    if mode != "RGB":
        img = img.convert("RGB")
    return np.asarray(img)


def load_photo(
    path: Path, scale: float, bg: tuple[int, int, int] = (0, 0, 0), *, slack: float = DRAFT_SLACK
) -> np.ndarray:
    """Decode upright RGB uint8, at least ``scale`` x the upright size (within the slack).

    ``scale`` is the factor the framing needs (e.g. 0.54 for a 4000 px photo on a 2150 px
    plate); JPEGs then decode at 1/2, 1/4 or 1/8 scale when that is still large enough.
    """
    img = _open(path)
    with img:
        _check_size(path, img)
        orientation = _orientation(img)
        if img.format == "JPEG" and scale < 1.0:
            w, h = img.size
            want = (max(1, int(w * scale / slack)), max(1, int(h * scale / slack)))
            img.draft("RGB", want)
        try:
            img.seek(0)  # GIF/animated WEBP: the first frame
            img.load()
            upright = ImageOps.exif_transpose(img) if orientation != 1 else img
            rgb = _to_rgb(upright, bg)
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise InputError(
                f"photo {path.name} could not be decoded: {exc}",
                hint="the file may be truncated or corrupt; upload it again",
            ) from None
    return np.ascontiguousarray(rgb)
