"""Frames as planar YUV 4:2:0 (what x264 encodes) and the colour filters.

Frames are composed directly in I420 (BT.709, limited range): half the bytes of RGB
to warp, blend and pipe, and no per-frame colour conversion. RGB only exists while a
photo is prepared, once per segment.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import cv2
import numpy as np

from .._exceptions import DraftError
from ..models.draft import FILTERS

FILTER_NAMES = FILTERS

# BT.709 limited range: Y in 16..235, Cb/Cr in 16..240 (x264's and players' default for HD).
_KR, _KB = 0.2126, 0.0722
_KG = 1.0 - _KR - _KB
_RGB_TO_YUV = np.array(
    [
        [219 / 255 * _KR, 219 / 255 * _KG, 219 / 255 * _KB, 16.0],
        [224 / 255 * -_KR / (2 * (1 - _KB)), 224 / 255 * -_KG / (2 * (1 - _KB)), 224 / 255 * 0.5, 128.0],
        [224 / 255 * 0.5, 224 / 255 * -_KG / (2 * (1 - _KR)), 224 / 255 * -_KB / (2 * (1 - _KR)), 128.0],
    ],
    dtype=np.float64,
)
_YUV_TO_RGB = np.linalg.inv(np.vstack([_RGB_TO_YUV, [0, 0, 0, 1]]))[:3]


class I420(NamedTuple):
    """Three planes: Y (h x w), U and V (h/2 x w/2). Often views into one frame buffer."""

    y: np.ndarray
    u: np.ndarray
    v: np.ndarray


def even(n: float) -> int:
    """Round down to an even integer (4:2:0 needs even sizes), at least 2."""
    return max(2, int(n) // 2 * 2)


def frame_views(buf: np.ndarray, w: int, h: int) -> I420:
    """Plane views into a contiguous I420 buffer of w*h*3/2 bytes (the pipe's layout)."""
    n = w * h
    q = n // 4
    return I420(
        buf[:n].reshape(h, w),
        buf[n : n + q].reshape(h // 2, w // 2),
        buf[n + q : n + 2 * q].reshape(h // 2, w // 2),
    )


def new_frame(w: int, h: int) -> tuple[np.ndarray, I420]:
    buf = np.empty(w * h * 3 // 2, dtype=np.uint8)
    return buf, frame_views(buf, w, h)


def rgb_to_i420(rgb: np.ndarray) -> I420:
    """RGB uint8 (even size) -> I420 planes; chroma is area-averaged, not dropped."""
    h, w = rgb.shape[:2]
    yuv = cv2.transform(rgb, _RGB_TO_YUV)
    y, u, v = cv2.split(yuv)
    half = (w // 2, h // 2)
    return I420(
        y,
        cv2.resize(u, half, interpolation=cv2.INTER_AREA),
        cv2.resize(v, half, interpolation=cv2.INTER_AREA),
    )


def i420_to_rgb(frame: I420) -> np.ndarray:
    h, w = frame.y.shape
    u = cv2.resize(frame.u, (w, h), interpolation=cv2.INTER_LINEAR)
    v = cv2.resize(frame.v, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.transform(cv2.merge([frame.y, u, v]), _YUV_TO_RGB)


def yuv_of(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    vec = _RGB_TO_YUV[:, :3] @ np.array(rgb, dtype=np.float64) + _RGB_TO_YUV[:, 3]
    y, u, v = (round(float(c)) for c in vec)
    return y, u, v


def fill(frame: I420, yuv: tuple[int, int, int]) -> None:
    frame.y[...] = yuv[0]
    frame.u[...] = yuv[1]
    frame.v[...] = yuv[2]


def fade_towards(frame: I420, yuv: tuple[int, int, int], keep: float) -> None:
    """Mix every pixel towards a flat colour in place (fade to black, endcard dimming)."""
    if keep >= 1.0:
        return
    keep = max(0.0, keep)
    for plane, target in zip(frame, yuv, strict=True):
        # convertScaleAbs computes |a*x + b|; with 0 <= keep <= 1 the value is never negative.
        cv2.convertScaleAbs(plane, dst=plane, alpha=keep, beta=target * (1.0 - keep))


# --- colour filters (applied in RGB, once per photo or clip frame) -------------------------

_LUMA = np.array([0.299, 0.587, 0.114])


def _saturation(s: float) -> np.ndarray:
    return (1 - s) * np.tile(_LUMA, (3, 1)) + s * np.eye(3)


def _contrast(c: float, pivot: float = 128.0) -> tuple[np.ndarray, np.ndarray]:
    return c * np.eye(3), np.full(3, pivot * (1 - c))


def _affine(m: np.ndarray, offset: np.ndarray | None = None) -> np.ndarray:
    return np.hstack([m, (np.zeros(3) if offset is None else offset)[:, None]])


@lru_cache(maxsize=8)
def _filter_matrix(name: str) -> np.ndarray | None:
    if name == "none":
        return None
    if name == "bw":
        c, off = _contrast(1.08)
        return _affine(c @ _saturation(0.0), off)
    if name == "warm":
        return _affine(np.diag([1.07, 1.0, 0.88]) @ _saturation(1.05), np.array([6.0, 2.0, -4.0]))
    if name == "cool":
        return _affine(np.diag([0.9, 0.99, 1.08]) @ _saturation(0.97), np.array([-4.0, 0.0, 8.0]))
    if name == "vintage":
        sepia = np.array([[0.393, 0.769, 0.189], [0.349, 0.686, 0.168], [0.272, 0.534, 0.131]])
        mixed = 0.55 * sepia + 0.45 * np.eye(3)
        # Faded blacks and softened whites: the washed-out print look.
        return _affine(0.85 * mixed, np.array([26.0, 20.0, 12.0]))
    if name == "vivid":
        c, off = _contrast(1.08)
        return _affine(c @ _saturation(1.35), off)
    raise DraftError(f"unknown filter {name!r}; use one of {', '.join(FILTER_NAMES)}")


@lru_cache(maxsize=4)
def _vignette(w: int, h: int) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.hypot((xx - w / 2) / (w / 2), (yy - h / 2) / (h / 2)) / np.sqrt(2)
    return (1.0 - 0.35 * np.clip(r - 0.35, 0, None) ** 1.5 / 0.65**1.5)[..., None].astype(np.float32)


def check_filter(name: str) -> str:
    _filter_matrix(name)
    return name


def apply_filter(rgb: np.ndarray, name: str) -> np.ndarray:
    """A colour-graded copy of an RGB uint8 image (or the image itself for ``none``)."""
    matrix = _filter_matrix(name)
    if matrix is None:
        return rgb
    out = cv2.transform(rgb, matrix)
    if name == "vintage":
        h, w = out.shape[:2]
        out = (out.astype(np.float32) * _vignette(w, h)).astype(np.uint8)
    return out
