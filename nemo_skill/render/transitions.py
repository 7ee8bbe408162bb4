"""Transitions between two I420 frames, named like ffmpeg's xfade.

Each is a per-pixel weight of the incoming frame (a mask) or a plane shift, computed on
the frame buffers directly; the hard cut is ``none``. Progress is smoothstep-eased.

A crossfade (``fade``, and ``dissolve``, the word editors use for the same thing) mixes
luma in linear light: a mix of gamma-encoded code values sags darker than either
picture halfway through (two bright pictures dip by up to a quarter of their light), and
a dark picture hangs on too long over a bright one. ffmpeg's random pixel dissolve,
which reads as TV static and multiplies the bitrate, is only ``pixeldissolve``.
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache

import cv2
import numpy as np

from .._exceptions import DraftError
from ..models.draft import TRANSITIONS
from .colour import I420, fade_towards
from .resample import Box, magnify_centred

# The draft's vocabulary (models.draft), less the two words that are not a blend.
NAMES = tuple(name for name in TRANSITIONS if name not in ("none", "auto"))
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
# Every edge is feathered (a fraction of the axis): a razor edge between a dark and a
# bright photo is a line of pure high frequency, and reads as cheap.
# axis, reverse, edge as a fraction of the frame's shorter side (smooth wipes: of the axis).
_WIPE_EDGE = 0.1
_AXIS_MASKS = {
    "wipeleft": (1, False, _WIPE_EDGE),
    "wiperight": (1, True, _WIPE_EDGE),
    "wipeup": (0, False, _WIPE_EDGE),
    "wipedown": (0, True, _WIPE_EDGE),
    "smoothleft": (1, False, None),
    "smoothright": (1, True, None),
}
_SMOOTH_EDGE = 0.35
# Edges in radius (circles, 1 = the corner) or turns (radial).
_AREA_MASKS = {"circleopen": ("r", True, 0.08), "circleclose": ("r", False, 0.08), "radial": ("a", True, 0.06),
               "pixeldissolve": ("n", True, 0.05)}  # fmt: skip
# Smooth shapes are drawn at a quarter of the luma size and enlarged (they have no detail
# to lose); the radial wipe's mask is also blurred by this fraction of the shorter side, which
# softens the line it starts from (12 o'clock) and its pinched centre.
_AREA_SCALE = 4
_RADIAL_SOFT = 0.03
# A slide shows motion blur as a camera would with a 180-degree shutter: half of each
# frame's travel. Its seam is softened over a fraction of the shorter side, so a dark and
# a bright photo meet in a soft line, not a razor edge, while they move slowly.
_SHUTTER = 0.5
_SEAM = 0.05
CROSSFADES = ("fade", "dissolve")


def _ramp(name: str, p: float, h: int, w: int) -> np.ndarray:
    """The incoming frame's weight along a wipe's axis, for a plane of h x w."""
    axis, reverse, edge = _AXIS_MASKS[name]
    n = w if axis == 1 else h
    v = (np.arange(n, dtype=np.float32) + 0.5) / n
    return _soft_step(1 - v if reverse else v, p, _SMOOTH_EDGE if edge is None else edge * min(h, w) / n)


def _axis_mask(name: str, p: float, h: int, w: int) -> np.ndarray:
    axis = _AXIS_MASKS[name][0]
    ramp = _ramp(name, p, h, w)
    shaped = ramp[None, :] if axis == 1 else ramp[:, None]
    return np.ascontiguousarray(np.broadcast_to(shaped, (h, w)))


def _span(first: int, stop: int, n: int) -> tuple[int, int] | None:
    """[first, stop) grown by one chroma pixel each way (the chroma masks round on their own
    grid), on even luma pixels, inside [0, n); None when empty."""
    if stop <= first:
        return None
    return max(0, (first - 2) // 2 * 2), min(n, -(-(stop + 2) // 2) * 2)


def _box(axis: int, span: tuple[int, int] | None, w: int, h: int) -> Box | None:
    if span is None:
        return None
    return (span[0], 0, span[1], h) if axis == 1 else (0, span[0], w, span[1])


def needs(name: str, p: float, w: int, h: int) -> tuple[Box | None, Box | None]:
    """The parts of the outgoing and incoming frames that ``blend`` reads at ``p``, as luma
    boxes (None: not read at all), so only those are drawn. Shapes blended by a mask are
    read everywhere the mask is not exactly 0 (for b) or 1 (for a)."""
    q = _smoothstep(p)
    full: Box = (0, 0, w, h)
    if name in _AXIS_MASKS:
        axis = _AXIS_MASKS[name][0]
        n = w if axis == 1 else h
        ramp = _ramp(name, q, h, w)
        some_b, some_a = np.flatnonzero(ramp > 0), np.flatnonzero(ramp < 1)
        span_b = _span(int(some_b[0]), int(some_b[-1]) + 1, n) if some_b.size else None
        span_a = _span(int(some_a[0]), int(some_a[-1]) + 1, n) if some_a.size else None
        return _box(axis, span_a, w, h), _box(axis, span_b, w, h)
    if name.startswith("slide"):
        axis = 1 if name in ("slideleft", "slideright") else 0
        n = w if axis == 1 else h
        off = _slide_offset(q, n)
        if name in ("slideleft", "slideup"):
            return _box(axis, _span(off, n, n), w, h), _box(axis, _span(0, off, n), w, h)
        return _box(axis, _span(0, n - off, n), w, h), _box(axis, _span(n - off, n, n), w, h)
    if name in ("circleopen", "circleclose"):
        _, invert, edge = _AREA_MASKS[name]
        boundary = (1 + edge) * (1 - q) - edge / 2
        # Radius (in pixels) beyond which the incoming (open) / outgoing (close) weight is 0.
        reach = (1 - boundary if invert else boundary) + edge / 2
        r = reach * float(np.hypot(w / 2, h / 2)) + 2 * _AREA_SCALE  # + the mask's enlargement
        xs, ys = _span(int(w / 2 - r), int(w / 2 + r) + 1, w), _span(int(h / 2 - r), int(h / 2 + r) + 1, h)
        inner = None if xs is None or ys is None else (xs[0], ys[0], xs[1], ys[1])
        return (full, inner) if invert else (inner, full)
    if name == "zoomin":
        return _zoom_box(_zoom(q), w, h), full
    return full, full


def _zoom(q: float) -> float:
    return 1.0 + 0.6 * q


def _zoom_box(z: float, w: int, h: int) -> Box:
    """The middle of the outgoing frame that its magnification by ``z`` reads, chroma
    planes included (see resample.magnify_centred), with a pixel to spare."""
    if z <= 1.0:
        return (0, 0, w, h)

    def reach(n: int) -> int:
        luma, chroma = math.ceil((n // 2 + 1) / z) + 2, math.ceil((n // 4 + 1) / z) + 2
        return max(luma, 2 * chroma)

    rx, ry = reach(w), reach(h)
    x0, y0 = max(0, (w // 2 - rx) // 2 * 2), max(0, (h // 2 - ry) // 2 * 2)
    return x0, y0, min(w, -(-(w // 2 + rx) // 2) * 2), min(h, -(-(h // 2 + ry) // 2) * 2)


def masks(name: str, p: float, h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """The incoming frame's weight per pixel, at luma (h x w) and chroma resolution."""
    if name in _AXIS_MASKS:
        return _axis_mask(name, p, h, w), _axis_mask(name, p, h // 2, w // 2)
    kind, invert, edge = _AREA_MASKS[name]
    if kind == "n":  # noise has detail at every pixel: made at chroma resolution
        g = _grid(kind, h // 2, w // 2)
        mc = _soft_step(1 - g if invert else g, p, edge)
        return cv2.resize(mc, (w, h), interpolation=cv2.INTER_LINEAR), mc
    small = (max(2, w // _AREA_SCALE), max(2, h // _AREA_SCALE))
    g = _grid(kind, small[1], small[0])
    m = _soft_step(1 - g if invert else g, p, edge)
    if kind == "a":
        m = cv2.GaussianBlur(m, (0, 0), _RADIAL_SOFT * min(small), borderType=cv2.BORDER_REPLICATE)
    mc = cv2.resize(m, (w // 2, h // 2), interpolation=cv2.INTER_LINEAR)
    return cv2.resize(m, (w, h), interpolation=cv2.INTER_LINEAR), mc


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


def _slide_offset(q: float, n: int) -> int:
    return round(q * n / 2) * 2  # even, so the chroma planes move by exactly half


def _smoothstep(p: float) -> float:
    p = min(1.0, max(0.0, p))
    return p * p * (3 - 2 * p)


def _blur_along(frame: I420, axis: int, travel: float, around: int | None = None) -> None:
    """Box-blur in place along ``axis`` over ``travel`` luma pixels: everywhere (motion
    blur), or only in a band of that width around luma position ``around`` (a seam)."""
    k = round(travel)
    if k < 2:
        return
    for plane, scale in ((frame.y, 1), (frame.u, 2), (frame.v, 2)):
        n = max(1, k // scale)
        if n < 2:
            continue
        ksize = (n, 1) if axis == 1 else (1, n)
        if around is None:
            cv2.blur(plane, ksize, dst=plane, borderType=cv2.BORDER_REPLICATE)
            continue
        size, c = plane.shape[axis], around // scale
        lo, hi = max(0, c - n), min(size, c + n)  # the band and the kernel's reach on each side
        if hi - lo < 2:
            continue
        part = plane[:, lo:hi] if axis == 1 else plane[lo:hi]
        blurred = cv2.blur(part, ksize, borderType=cv2.BORDER_REPLICATE)
        a, b = max(lo, c - n // 2) - lo, min(hi, c + n // 2 + 1) - lo
        if axis == 1:
            part[:, a:b] = blurred[:, a:b]
        else:
            part[a:b] = blurred[a:b]


def eased(p: float) -> float:
    """The incoming picture's weight ``p`` (0..1) of the way through a transition."""
    return _smoothstep(p)


# BT.1886, the decoding curve of HD displays: Y' 16..235 -> relative light 0..1.
GAMMA = 2.4
_LEVELS = 65535  # linear light in 16 bits: the darkest step above black survives the trip


@lru_cache(maxsize=1)
def _linear_light() -> np.ndarray:
    return np.clip((np.arange(256, dtype=np.float64) - 16) / 219, 0.0, 1.0) ** GAMMA * _LEVELS


@lru_cache(maxsize=1)
def _root_to_code() -> np.ndarray:
    """The code value (BT.1886) of each of 256 square-root-encoded light levels."""
    root = np.arange(256, dtype=np.float64) / 255
    return np.rint(16 + 219 * (root * root) ** (1 / GAMMA)).astype(np.uint8)


_work = threading.local()


def _work_planes(shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """mix_luma's two 16-bit planes and its float plane, kept by each thread from frame
    to frame: 16 MB fresh from the allocator for every 1080p frame came back as page
    faults that cost twice the arithmetic (~15 ms a frame against ~5 ms)."""
    planes: tuple[np.ndarray, np.ndarray, np.ndarray] | None = getattr(_work, "planes", None)
    if planes is None or planes[0].shape != shape:
        planes = (np.empty(shape, np.uint16), np.empty(shape, np.uint16), np.empty(shape, np.float32))
        _work.planes = planes
    return planes


def mix_luma(pa: np.ndarray, pb: np.ndarray, q: float, po: np.ndarray) -> None:
    """``po`` = the luma of ``(1 - q) * a + q * b`` in linear light. The weights go into
    two per-frame 8 -> 16-bit tables, then an add; the sum goes back through a square
    root (a perceptual 8-bit code: within ~1 code value of the exact curve, 2 in the
    deepest shadows, codes 16-20) and a last table: ~5 ms a 1080p plane, where a mix of
    code values costs ~0.6 ms."""
    light = _linear_light()
    wa = np.rint(light * (1.0 - q)).astype(np.uint16)
    wb = np.rint(light * q).astype(np.uint16)
    la, lb, root = _work_planes(pa.shape)
    cv2.LUT(pa, wa, dst=la)
    cv2.LUT(pb, wb, dst=lb)
    cv2.add(la, lb, dst=la)  # saturates at _LEVELS: never wraps
    np.copyto(root, la)
    cv2.sqrt(root, dst=root)
    cv2.convertScaleAbs(root, dst=po, alpha=255 / np.sqrt(_LEVELS))
    cv2.LUT(po, _root_to_code(), dst=po)


def crossfade(a: I420, b: I420, q: float, out: I420) -> None:
    """An editor's crossfade at weight ``q``: luma mixed in linear light, chroma by the same weight."""
    mix_luma(a.y, b.y, q, out.y)
    for pa, pb, po in ((a.u, b.u, out.u), (a.v, b.v, out.v)):
        cv2.addWeighted(pa, 1.0 - q, pb, q, 0.0, dst=po)


def _blend_along(name: str, q: float, pa: np.ndarray, pb: np.ndarray, po: np.ndarray) -> None:
    """A wipe on one plane: a copy of a where the ramp is 0, of b where it is 1, and a
    weighted blend only across the band in between (the same values a whole-plane
    blendLinear gives, for a fraction of the work)."""
    axis = _AXIS_MASKS[name][0]
    ramp = _ramp(name, q, *pa.shape)

    def part(i0: int, i1: int) -> tuple[slice, ...]:
        return (slice(None), slice(i0, i1)) if axis == 1 else (slice(i0, i1),)

    for where, src in ((ramp <= 0, pa), (ramp >= 1, pb)):
        idx = np.flatnonzero(where)
        if idx.size:  # the ramp is monotonic: a contiguous run at one end
            run = part(int(idx[0]), int(idx[-1]) + 1)
            po[run] = src[run]
    idx = np.flatnonzero((ramp > 0) & (ramp < 1))
    if idx.size:
        band = part(int(idx[0]), int(idx[-1]) + 1)
        r = ramp[idx[0] : idx[-1] + 1]
        weights = np.ascontiguousarray(
            np.broadcast_to(r[None, :] if axis == 1 else r[:, None], po[band].shape)
        )
        cv2.blendLinear(pa[band], pb[band], 1.0 - weights, weights, dst=po[band])


def blend(name: str, a: I420, b: I420, p: float, out: I420, step: float = 0.0) -> None:
    """Write the frame ``p`` (0..1) of the way through transition ``name`` from a to b into out.
    ``step`` is how far ``p`` moves in one frame (slides blur by their speed; 0: no blur)."""
    q = _smoothstep(p)
    if name in CROSSFADES:
        crossfade(a, b, q, out)
    elif name in ("fadeblack", "fadewhite"):
        colour = BLACK if name == "fadeblack" else WHITE
        src, keep = (a, 1.0 - 2 * q) if q < 0.5 else (b, 2 * q - 1.0)
        for ps, po in zip(src, out, strict=True):
            np.copyto(po, ps)
        fade_towards(out, colour, keep)
    elif name == "zoomin":
        # The outgoing photo rushes towards the viewer while the next fades in.
        z = _zoom(q)
        for pa, po in zip(a, out, strict=True):
            magnify_centred(pa, z, po)
        crossfade(out, b, q, out)
    elif name.startswith("slide"):
        axis = 1 if name in ("slideleft", "slideright") else 0
        forward = name in ("slideleft", "slideup")
        n = a.y.shape[axis]
        off = _slide_offset(q, n)
        _shift(a.y, b.y, out.y, off, axis, forward)
        _shift(a.u, b.u, out.u, off // 2, axis, forward)
        _shift(a.v, b.v, out.v, off // 2, axis, forward)
        if 0 < off < n:
            _blur_along(out, axis, _SEAM * min(a.y.shape), around=n - off if forward else off)
        speed = 6 * p * (1 - p) * n * step  # d(offset)/d(frame): smoothstep's slope times the travel
        _blur_along(out, axis, _SHUTTER * speed)
    elif name in _AXIS_MASKS:
        for pa, pb, po in zip(a, b, out, strict=True):
            _blend_along(name, q, pa, pb, po)
    elif name in ("circleopen", "circleclose"):
        _blend_circle(name, a, b, p, q, out)
    else:
        h, w = a.y.shape
        m, mc = masks(name, q, h, w)
        for pa, pb, po, mk in ((a.y, b.y, out.y, m), (a.u, b.u, out.u, mc), (a.v, b.v, out.v, mc)):
            cv2.blendLinear(pa, pb, 1.0 - mk, mk, dst=po)


def _blend_circle(name: str, a: I420, b: I420, p: float, q: float, out: I420) -> None:
    """Outside the circle's box the mask is exactly 0 (open) or 1 (close): a copy of one
    frame there, and the weighted blend only inside the box."""
    h, w = a.y.shape
    box_a, box_b = needs(name, p, w, h)
    inner, outside = (box_b, a) if name == "circleopen" else (box_a, b)
    for ps, po in zip(outside, out, strict=True):
        np.copyto(po, ps)
    if inner is None:
        return
    x0, y0, x1, y1 = inner
    m, mc = masks(name, q, h, w)
    for pa, pb, po, mk, k in ((a.y, b.y, out.y, m, 1), (a.u, b.u, out.u, mc, 2), (a.v, b.v, out.v, mc, 2)):
        box = (slice(y0 // k, y1 // k), slice(x0 // k, x1 // k))
        cv2.blendLinear(pa[box], pb[box], 1.0 - mk[box], mk[box], dst=po[box])
