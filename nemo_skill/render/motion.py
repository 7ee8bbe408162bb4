"""Ken Burns motion: a float affine view of the plate for every frame.

Subpixel by construction: the matrix is never rounded, ``cv2.warpAffine`` samples the
plate bilinearly, so slow zooms do not judder the way whole-pixel crops do. The zoom is
exponential (equal ratios in equal times look like an even speed) and gently eased.
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
        if d == "in":
            s = s_full * ratio**e
        elif d == "out":
            s = s_full * ratio ** (1.0 - e)
        else:
            s = s_full * ratio
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
