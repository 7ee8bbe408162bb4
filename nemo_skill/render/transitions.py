"""Transitions between two I420 frames, named like ffmpeg's xfade.

Each is a per-pixel weight of the incoming frame (a mask) or a plane shift, computed on
the frame buffers directly; the hard cut is ``none``. Progress is smoothstep-eased.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

from .._exceptions import DraftError
from .colour import I420, fade_towards

NAMES = (
    "fade",
    "fadeblack",
    "fadewhite",
    "dissolve",
    "wipeleft",
    "wiperight",
    "wipeup",
    "wipedown",
    "slideleft",
    "slideright",
    "slideup",
    "slidedown",
    "circleopen",
    "circleclose",
    "radial",
    "zoomin",
    "smoothleft",
    "smoothright",
)
# "auto": gentle ones, varied so that no two neighbours repeat.
_AUTO_CYCLE = ("fade", "smoothleft", "zoomin", "fade", "circleopen", "smoothright", "slideup")
BLACK = (16, 128, 128)
WHITE = (235, 128, 128)


def resolve_name(name: str, index: int) -> str:
    if name == "auto":
        return _AUTO_CYCLE[index % len(_AUTO_CYCLE)]
    if name != "none" and name not in NAMES:
        raise DraftError(f"unknown transition {name!r}; use none, auto or one of {', '.join(NAMES)}")
    return name


@lru_cache(maxsize=8)
def _grid(kind: str, h: int, w: int) -> np.ndarray:
    """Per-pixel polar coordinates or noise, at chroma resolution, made on first use."""
    rx = (np.arange(w, dtype=np.float32)[None, :] + 0.5 - w / 2) * np.ones((h, 1), dtype=np.float32)
    ry = (np.arange(h, dtype=np.float32)[:, None] + 0.5 - h / 2) * np.ones((1, w), dtype=np.float32)
    if kind == "r":
        # Radius in a square space so circles stay round on any aspect ratio; 1 at the corners.
        return (np.hypot(rx, ry) / float(np.hypot(w / 2, h / 2))).astype(np.float32)
    if kind == "a":
        return ((np.arctan2(rx, -ry) / (2 * np.pi)) % 1.0).astype(np.float32)  # 0 at 12 o'clock, clockwise
    if kind == "n":
        return np.random.default_rng(7).random((h, w), dtype=np.float32)
    raise AssertionError(kind)


def _soft_step(v: np.ndarray, p: float, edge: float) -> np.ndarray:
    """1 where v is past the moving boundary, 0 before it, ramping over ``edge``."""
    boundary = (1 + edge) * (1 - p) - edge / 2
    m = (v - boundary) * (1.0 / edge) + 0.5
    return np.clip(m, 0.0, 1.0, out=m).astype(np.float32, copy=False)


# Wipes move along one axis: the mask is a 1-D ramp, expanded (a memcpy) to the plane.
_AXIS_MASKS = {
    "wipeleft": (1, False, None),
    "wiperight": (1, True, None),
    "wipeup": (0, False, None),
    "wipedown": (0, True, None),
    "smoothleft": (1, False, 0.35),
    "smoothright": (1, True, 0.35),
}
_AREA_MASKS = {"circleopen": ("r", True, 0.04), "circleclose": ("r", False, 0.04), "radial": ("a", True, 0.01),
               "dissolve": ("n", True, 0.05)}  # fmt: skip


def _axis_mask(name: str, p: float, h: int, w: int) -> np.ndarray:
    axis, reverse, edge = _AXIS_MASKS[name]
    n = w if axis == 1 else h
    v = (np.arange(n, dtype=np.float32) + 0.5) / n
    ramp = _soft_step(1 - v if reverse else v, p, edge if edge is not None else 2.5 / n)
    shaped = ramp[None, :] if axis == 1 else ramp[:, None]
    return np.ascontiguousarray(np.broadcast_to(shaped, (h, w)))


def masks(name: str, p: float, h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """The incoming frame's weight per pixel, at luma (h x w) and chroma resolution."""
    if name in _AXIS_MASKS:
        return _axis_mask(name, p, h, w), _axis_mask(name, p, h // 2, w // 2)
    kind, invert, edge = _AREA_MASKS[name]
    # Soft-edged shapes are computed at chroma resolution and upsampled: a quarter of the work.
    g = _grid(kind, h // 2, w // 2)
    mc = _soft_step(1 - g if invert else g, p, edge)
    return cv2.resize(mc, (w, h), interpolation=cv2.INTER_LINEAR), mc


def _shift(a: np.ndarray, b: np.ndarray, out: np.ndarray, off: int, axis: int, forward: bool) -> None:
    """Slides: the outgoing plane moves by ``off`` pixels along ``axis`` and the incoming follows it."""
    n = a.shape[axis]
    off = min(max(off, 0), n)

    def sl(start: int, stop: int) -> tuple[slice, ...]:
        return (slice(start, stop),) if axis == 0 else (slice(None), slice(start, stop))

    if forward:  # towards the start (left / up): the new one enters from the end
        out[sl(0, n - off)] = a[sl(off, n)]
        out[sl(n - off, n)] = b[sl(0, off)]
    else:
        out[sl(off, n)] = a[sl(0, n - off)]
        out[sl(0, off)] = b[sl(n - off, n)]


def _smoothstep(p: float) -> float:
    p = min(1.0, max(0.0, p))
    return p * p * (3 - 2 * p)


def blend(name: str, a: I420, b: I420, p: float, out: I420) -> None:
    """Write the frame ``p`` (0..1) of the way through transition ``name`` from a to b into out."""
    q = _smoothstep(p)
    if name == "fade":
        for pa, pb, po in zip(a, b, out, strict=True):
            cv2.addWeighted(pa, 1.0 - q, pb, q, 0.0, dst=po)
    elif name in ("fadeblack", "fadewhite"):
        colour = BLACK if name == "fadeblack" else WHITE
        src, keep = (a, 1.0 - 2 * q) if q < 0.5 else (b, 2 * q - 1.0)
        for ps, po in zip(src, out, strict=True):
            np.copyto(po, ps)
        fade_towards(out, colour, keep)
    elif name == "zoomin":
        # The outgoing photo rushes towards the viewer while the next fades in.
        h, w = a.y.shape
        z = 1.0 + 0.6 * q
        for pa, pb, po in zip(a, b, out, strict=True):
            ph, pw = pa.shape
            m = np.array([[z, 0, (1 - z) * (pw - 1) / 2], [0, z, (1 - z) * (ph - 1) / 2]], dtype=np.float64)
            cv2.warpAffine(pa, m, (pw, ph), dst=po, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
            cv2.addWeighted(po, 1.0 - q, pb, q, 0.0, dst=po)
    elif name.startswith("slide"):
        axis = 1 if name in ("slideleft", "slideright") else 0
        forward = name in ("slideleft", "slideup")
        n = a.y.shape[axis]
        off = round(q * n / 2) * 2  # even, so the chroma planes move by exactly half
        _shift(a.y, b.y, out.y, off, axis, forward)
        _shift(a.u, b.u, out.u, off // 2, axis, forward)
        _shift(a.v, b.v, out.v, off // 2, axis, forward)
    else:
        h, w = a.y.shape
        m, mc = masks(name, q, h, w)
        for pa, pb, po, mk in ((a.y, b.y, out.y, m), (a.u, b.u, out.u, mc), (a.v, b.v, out.v, mc)):
            cv2.blendLinear(pa, pb, 1.0 - mk, mk, dst=po)
