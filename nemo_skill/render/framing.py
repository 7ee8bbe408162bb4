"""Fitting a photo (or clip frame) to the canvas: cover, contain, blur.

A segment's photo becomes a *plate*: an RGB image with the canvas's aspect ratio and a
margin for Ken Burns motion, its colour filter applied, then converted to I420 once.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

FIT_MODES = ("cover", "contain", "blur")
_BLUR_DARKEN = 0.55


def _orientation(w: float, h: float) -> str:
    if w > h * 1.1:
        return "landscape"
    if h > w * 1.1:
        return "portrait"
    return "square"


def choose_fit(fit: str | None, iw: int, ih: int, cw: int, ch: int) -> str:
    """The draft's fit, or the default: ``blur`` when the photo's orientation differs from the canvas."""
    if fit:
        return fit
    return "blur" if _orientation(iw, ih) != _orientation(cw, ch) else "cover"


def _up4(n: float) -> int:
    return -(-math.ceil(n) // 4) * 4


def _overshoot(w: int, h: int, pw: int, ph: int) -> float:
    """How far (plate px) the most zoomed-out view, the whole plate fitted, spills past it."""
    s = min(w / pw, h / ph)
    return max(w / s - pw, h / s - ph)


def plate_size(w: int, h: int, margin: float) -> tuple[int, int]:
    """Canvas size grown by the motion margin, in multiples of 4 (4:2:0, and so that a
    zoom's centre can sit on a pixel corner of the chroma planes too: see motion.py), with
    the aspect ratio closest to the canvas's among the nearest candidates."""
    if margin <= 0:
        return w, h
    pw, ph = _up4(w * (1 + margin)), _up4(h * (1 + margin))
    return min(((pw, ph), (pw + 4, ph), (pw, ph + 4)), key=lambda c: _overshoot(w, h, *c))


def decode_scale(fit: str, iw: int, ih: int, pw: int, ph: int) -> float:
    """How large the photo must be decoded, as a fraction of its upright size."""
    if fit == "cover":
        return max(pw / iw, ph / ih)
    return min(pw / iw, ph / ih)


def _resize(img: np.ndarray, w: int, h: int) -> np.ndarray:
    if w <= img.shape[1] and h <= img.shape[0]:
        interp = cv2.INTER_AREA
    elif w <= img.shape[1] * 1.25:
        interp = (
            cv2.INTER_LINEAR
        )  # a slight enlargement (a JPEG decoded at 1/2 scale): bicubic is 3x dearer for nothing
    else:
        interp = cv2.INTER_CUBIC
    return cv2.resize(img, (max(1, w), max(1, h)), interpolation=interp)


# plate pixels = photo pixels * scale + (dx, dy): where a point of the photo lands on the plate.
PlateMap = tuple[float, float, float]


def _cover_crop(
    iw: int, ih: int, pw: int, ph: int, focus: tuple[float, float]
) -> tuple[int, int, float, float]:
    """The crop (x, y, w, h in photo pixels) with the plate's aspect, centred on the focus point
    and pushed back inside the photo."""
    aspect = pw / ph
    cw = min(float(iw), ih * aspect)
    ch = cw / aspect
    x0 = min(max(focus[0] * iw - cw / 2, 0.0), iw - cw)
    y0 = min(max(focus[1] * ih - ch / 2, 0.0), ih - ch)
    return int(x0), int(y0), cw, ch


def _cover(rgb: np.ndarray, pw: int, ph: int, focus: tuple[float, float]) -> np.ndarray:
    ih, iw = rgb.shape[:2]
    xi, yi, cw, ch = _cover_crop(iw, ih, pw, ph, focus)
    crop = rgb[yi : yi + max(1, round(ch)), xi : xi + max(1, round(cw))]
    return _resize(crop, pw, ph)


def _contain_box(iw: int, ih: int, pw: int, ph: int) -> tuple[int, int, int, int]:
    k = min(pw / iw, ph / ih)
    w, h = max(1, round(iw * k)), max(1, round(ih * k))
    return (pw - w) // 2, (ph - h) // 2, w, h


def plate_map(iw: int, ih: int, fit: str, pw: int, ph: int, focus: tuple[float, float] | None) -> PlateMap:
    """Where the photo's pixels land on its plate (compose_plate's geometry)."""
    f = focus or (0.5, 0.5)
    if fit == "cover":
        xi, yi, cw, _ = _cover_crop(iw, ih, pw, ph, f)
        k = pw / cw
        return k, -xi * k, -yi * k
    x, y, w, _ = _contain_box(iw, ih, pw, ph)
    return w / iw, float(x), float(y)


def compose_plate(
    rgb: np.ndarray,
    fit: str,
    pw: int,
    ph: int,
    focus: tuple[float, float] | None,
    bg: tuple[int, int, int],
) -> tuple[np.ndarray, tuple[float, float]]:
    """The plate (pw x ph RGB) and the focus point in plate pixels."""
    f = focus or (0.5, 0.5)
    ih, iw = rgb.shape[:2]
    k, dx, dy = plate_map(iw, ih, fit, pw, ph, f)
    focus_px = (f[0] * iw * k + dx, f[1] * ih * k + dy)
    if fit == "cover":
        return _cover(rgb, pw, ph, f), focus_px
    x, y, w, h = _contain_box(iw, ih, pw, ph)
    if fit == "blur":
        # A blurred, darkened cover of the photo itself fills the bars: no black, no stretch.
        small = _cover(rgb, max(2, pw // 8), max(2, ph // 8), f)
        small = cv2.GaussianBlur(small, (0, 0), sigmaX=max(1.0, pw / 8 * 0.025))
        plate = cv2.resize(small, (pw, ph), interpolation=cv2.INTER_LINEAR)
        cv2.convertScaleAbs(plate, dst=plate, alpha=_BLUR_DARKEN)
    else:
        plate = np.empty((ph, pw, 3), dtype=np.uint8)
        plate[...] = bg
    plate[y : y + h, x : x + w] = _resize(rgb, w, h)
    return plate, focus_px
