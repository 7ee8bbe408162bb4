"""Ken Burns motion: a float affine view of the plate for every frame.

Subpixel by construction: the matrix is never rounded, the plate is sampled bilinearly,
so slow zooms do not judder the way whole-pixel crops do. The zoom is exponential
(equal ratios in equal times look like an even speed) and gently eased. A pan shows its
plate at exactly 1:1, so its matrix is a pure (subpixel) translation; a zoom whose centre
stays put is anchored on a pixel corner of the plate and of the frame. resample.py turns
both into resamplers several times cheaper than a general warp, with the same picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._exceptions import DraftError

DIRECTIONS = ("in", "out", "left", "right", "up", "down")
# Auto directions alternate zoom and pan, and the pan's side, so consecutive photos differ.
_AUTO_CYCLE = ("in", "left", "out", "right", "in", "up", "out", "down")


@dataclass(frozen=True)
class Motion:
    direction: str  # one of DIRECTIONS, or "none"
    amount: float  # zoom ratio - 1, or pan travel as a fraction of the frame

    @property
    def margin(self) -> float:
        return 0.0 if self.direction == "none" else self.amount


def resolve_motion(on: bool, direction: str, amount: float, index: int) -> Motion:
    if not on or amount <= 0:
        return Motion("none", 0.0)
    if direction == "auto":
        direction = _AUTO_CYCLE[index % len(_AUTO_CYCLE)]
    if direction not in DIRECTIONS:
        raise DraftError(
            f"unknown Ken Burns direction {direction!r}; use auto or one of {', '.join(DIRECTIONS)}"
        )
    return Motion(direction, amount)


def ease(p: float) -> float:
    """Half linear, half cosine: starts and ends softly yet never stops, so a motion
    that continues through a transition does not visibly halt."""
    p = min(1.0, max(0.0, p))
    return 0.5 * p + 0.5 * (0.5 - 0.5 * math.cos(math.pi * p))


# plate_size() rounds the plate up by a few pixels (to multiples of 4), so a pan lands
# within a few pixels (over the plate's shorter side) of 1:1; below this it is snapped to 1:1.
_SNAP_PX = 8.0


def _pan_scale(s: float, plate: tuple[int, int], canvas: tuple[int, int]) -> float:
    """1.0 when the pan's scale is 1:1 but for the plate's rounding (the plate is built for
    that), else ``s`` unchanged. Invisible (0.3 % of zoom at 1080p, 0.5 % at 360p) and it
    turns the frame into a translation; only when the canvas fits inside the plate at 1:1."""
    pw, ph = plate
    w, h = canvas
    if w <= pw and h <= ph and abs(1.0 - s) * min(pw, ph) < _SNAP_PX:
        return 1.0
    return s


_DRIFT_PX = 2.0  # a zoom centre moving less than this over the whole zoom is held still


def _corner(f: float, n: int, view: float, s_lo: float, s_hi: float) -> int | None:
    """The even pixel corner of one axis (plate length ``n``, frame length ``view``) a zoom
    between scales s_lo and s_hi can stay centred on, near the focus ``f``, or None."""
    lo, hi = view / (2 * s_lo), n - view / (2 * s_lo)  # corners keeping the widest view inside
    # Where view_matrix's clamped centre is at each end of the zoom.
    start = n / 2 if hi <= lo else min(max(f, lo), hi)
    end = min(max(f, view / (2 * s_hi)), n - view / (2 * s_hi))
    if abs(end - start) > _DRIFT_PX:
        return None  # the centre travels towards the focus (a face near an edge): keep that
    if hi <= lo + 1e-6:  # the widest view spans the plate on this axis: the centre it is
        return n // 2 if n % 4 == 0 else None
    for c in sorted(range(int(start) - 2, int(start) + 4), key=lambda c: abs(c - start)):
        if c % 2 == 0 and lo - 1e-6 <= c <= hi + 1e-6:
            return c
    return None


def _zoom_anchor(
    s_lo: float, s_hi: float, plate: tuple[int, int], canvas: tuple[int, int], focus: tuple[float, float]
) -> tuple[int, int] | None:
    """A fixed centre for a zoom, on an even pixel corner of the plate (even so that the
    chroma planes have a corner there too), when the frame is a multiple of 4 and the
    zoom's centre would move under ``_DRIFT_PX``; None otherwise."""
    (pw, ph), (w, h) = plate, canvas
    if w % 4 or h % 4 or s_hi > 1.0:
        return None
    ax = _corner(focus[0], pw, w, s_lo, s_hi)
    ay = _corner(focus[1], ph, h, s_lo, s_hi)
    return None if ax is None or ay is None else (ax, ay)


def is_translation(m: np.ndarray) -> bool:
    """True when ``m`` only moves the picture (scale exactly 1, no shear)."""
    return bool(m[0, 0] == 1.0 and m[1, 1] == 1.0 and m[0, 1] == 0.0 and m[1, 0] == 0.0)


def view_matrix(
    motion: Motion, p: float, plate: tuple[int, int], canvas: tuple[int, int], focus: tuple[float, float]
) -> np.ndarray:
    """2x3 float matrix mapping plate pixels to canvas pixels at progress p (0..1)."""
    pw, ph = plate
    w, h = canvas
    s_full = min(w / pw, h / ph)  # the whole plate in view
    e = ease(p)
    d = motion.direction
    if d == "none":
        s, cx, cy = s_full, pw / 2, ph / 2
    else:
        ratio = 1.0 + motion.amount
        if d in ("in", "out"):
            s = s_full * ratio ** (e if d == "in" else 1.0 - e)
            anchor = _zoom_anchor(s_full, s_full * ratio, plate, canvas, focus)
            if anchor is not None:
                # The plate's pixel corner (ax, ay) stays on the frame's central pixel corner.
                ax, ay = anchor
                return np.array(
                    [[s, 0.0, (w - 1) / 2 - s * (ax - 0.5)], [0.0, s, (h - 1) / 2 - s * (ay - 0.5)]],
                    dtype=np.float64,
                )
        else:
            s = _pan_scale(s_full * ratio, plate, canvas)
        half_w, half_h = w / (2 * s), h / (2 * s)
        lo_x, hi_x, lo_y, hi_y = half_w, pw - half_w, half_h, ph - half_h
        cx = min(max(focus[0], lo_x), hi_x)
        cy = min(max(focus[1], lo_y), hi_y)
        # "left": the camera travels left, so the picture slides right across the screen.
        if d == "left":
            cx = hi_x + (lo_x - hi_x) * e
        elif d == "right":
            cx = lo_x + (hi_x - lo_x) * e
        elif d == "up":
            cy = hi_y + (lo_y - hi_y) * e
        elif d == "down":
            cy = lo_y + (hi_y - lo_y) * e
    return np.array([[s, 0.0, w / 2 - s * cx], [0.0, s, h / 2 - s * cy]], dtype=np.float64)


def chroma_matrix(m: np.ndarray) -> np.ndarray:
    """The same view for half-resolution chroma planes (pixel centres at 2j + 0.5 in luma)."""
    s_x, s_y = m[0, 0], m[1, 1]
    out = m.copy()
    out[0, 2] = (m[0, 2] + 0.5 * s_x - 0.5) / 2
    out[1, 2] = (m[1, 2] + 0.5 * s_y - 0.5) / 2
    return out
