"""One Ken Burns view of an I420 plate, resampled into an I420 frame (or part of one).

Three resamplers give the same bilinear picture (within one code value):

* a pure translation (every pan, see motion.py) uses ``cv2.getRectSubPix``: one set of
  four weights for the whole plane, about 9x cheaper than a general warp;
* a zoom anchored on a pixel corner (motion.py puts a still zoom centre on one) uses
  ``cv2.resize``, which is separable and about 2x cheaper than a warp but always scales
  about its top-left corner: so each quadrant around the anchor is resized on its own,
  mirrored for the three that grow up or left, and mirrored back;
* anything else uses ``cv2.warpAffine``, handed the inverse map so that OpenCV does not
  invert the matrix for each plane.

``box`` restricts the work to a rectangle of the output: a transition that shows only
part of a frame asks for that part alone. A photo's plate is the same for every frame
of its segment, so its mirror images are made once (:class:`Mirrors`) and the three
mirrored quadrants are cut from them instead of being flipped again for every frame.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from .colour import I420
from .motion import chroma_matrix, is_translation


def _anchor(m: np.ndarray, n_src: int, n_out: int, axis: int) -> int | None:
    """The plate pixel corner that ``m`` maps onto the frame's central pixel corner (the
    corner before pixel ``n_out // 2``), when there is one."""
    c = (n_out // 2 - 0.5 - m[axis, 2]) / m[axis, axis] + 0.5
    k = round(c)
    return k if abs(c - k) < 1e-6 and 0 < k < n_src else None


def _quadrant_spans(anchor: int, start: int, stop: int) -> list[tuple[bool, int, int]]:
    """(mirrored, first, last+1) canvas ranges of [start, stop) after and before the anchor."""
    spans = []
    if stop > anchor:
        spans.append((False, max(start, anchor), stop))
    if start < anchor:
        spans.append((True, start, min(stop, anchor)))
    return spans


class MirroredPlane:
    """One plane and its mirror images, each made on first use (flip code -> plane)."""

    def __init__(self, plane: np.ndarray) -> None:
        self.plane = plane
        self._flipped: dict[int, np.ndarray] = {}

    def part(self, rows: slice, cols: slice, code: int) -> np.ndarray:
        """``cv2.flip(plane[rows, cols], code)``, cut from the cached mirror image."""
        flipped = self._flipped.get(code)
        if flipped is None:
            flipped = self._flipped[code] = cv2.flip(self.plane, code)
        h, w = self.plane.shape
        r0, r1, _ = rows.indices(h)
        c0, c1, _ = cols.indices(w)
        if code != 0:  # mirrored left-right
            c0, c1 = w - c1, w - c0
        if code != 1:  # mirrored top-bottom
            r0, r1 = h - r1, h - r0
        return flipped[r0:r1, c0:c1]


class Mirrors:
    """Mirror images of an I420 plate that many frames resample (a photo's segment)."""

    def __init__(self, plate: I420) -> None:
        self.planes = tuple(MirroredPlane(p) for p in plate)


def _anchored(
    src: np.ndarray,
    m: np.ndarray,
    dst: np.ndarray,
    left: int,
    top: int,
    full: tuple[int, int],
    mirror: MirroredPlane | None = None,
) -> bool:
    """The zoom ``m`` (scale 0.5 < s < 1, no shear) by quadrant resizes about its anchor;
    False (and nothing written) when it does not apply."""
    s = float(m[0, 0])
    if not (m[0, 1] == 0.0 and m[1, 0] == 0.0 and m[1, 1] == s and 0.5 < s < 1.0):
        return False  # s < 1: a quadrant's first row and column never need the pixel before the anchor
    (sh, sw), (fw, fh), (h, w) = src.shape, full, dst.shape
    ax, ay = _anchor(m, sw, fw, 0), _anchor(m, sh, fh, 1)
    if ax is None or ay is None:
        return False
    ox, oy = fw // 2, fh // 2  # the canvas corner the anchor lands on
    jobs = []
    for flip_y, y0, y1 in _quadrant_spans(oy, top, top + h):
        reach_y = (y1 - oy) if not flip_y else (oy - y0)
        n_y = math.ceil((reach_y + 1) / s) + 1
        rows = slice(ay, ay + n_y) if not flip_y else slice(max(0, ay - n_y), ay)
        for flip_x, x0, x1 in _quadrant_spans(ox, left, left + w):
            reach_x = (x1 - ox) if not flip_x else (ox - x0)
            n_x = math.ceil((reach_x + 1) / s) + 1
            cols = slice(ax, ax + n_x) if not flip_x else slice(max(0, ax - n_x), ax)
            part = src[rows, cols]
            if round(part.shape[0] * s) < reach_y or round(part.shape[1] * s) < reach_x:
                return False  # the view leaves the plate: let the warp's border rule decide
            # (A part cut short by the plate's edge repeats that edge, as the warp's border does.)
            if all(round(n * s) == n for n in part.shape):
                # cv2.resize copies instead of scaling when the size would not change
                # (a sliver of a nearly 1:1 zoom): take more rows, or let the warp do it.
                more = math.ceil(0.5 / (1.0 - s)) + 1
                rows = slice(ay, ay + more) if not flip_y else slice(max(0, ay - more), ay)
                part = src[rows, cols]
                if round(part.shape[0] * s) == part.shape[0]:
                    return False
            jobs.append((flip_x, flip_y, part, rows, cols, (x0, x1), (y0, y1)))
    for flip_x, flip_y, part, rows, cols, (x0, x1), (y0, y1) in jobs:
        code = (-1 if flip_y else 1) if flip_x else (0 if flip_y else None)
        if code is not None:
            part = mirror.part(rows, cols, code) if mirror is not None else cv2.flip(part, code)
        grown = cv2.resize(part, (0, 0), fx=s, fy=s, interpolation=cv2.INTER_LINEAR)
        # Offsets of the wanted canvas range inside the (mirrored) resize.
        gx = slice(x0 - ox, x1 - ox) if not flip_x else slice(ox - x1, ox - x0)
        gy = slice(y0 - oy, y1 - oy) if not flip_y else slice(oy - y1, oy - y0)
        out = dst[y0 - top : y1 - top, x0 - left : x1 - left]
        if code is None:
            out[...] = grown[gy, gx]
        else:
            cv2.flip(grown[gy, gx], code, dst=out)
    return True


def _plane(
    src: np.ndarray,
    m: np.ndarray,
    dst: np.ndarray,
    left: int,
    top: int,
    full: tuple[int, int],
    mirror: MirroredPlane | None = None,
) -> None:
    """``dst`` = the part of the view ``m`` (plate -> canvas of size ``full``) of ``src``
    whose top-left corner is canvas pixel (left, top)."""
    h, w = dst.shape
    if h == 0 or w == 0:
        return
    if _anchored(src, m, dst, left, top, full, mirror):
        return
    if is_translation(m):
        # getRectSubPix samples src at dst(x, y) = src(x + cx - (w-1)/2, y + cy - (h-1)/2).
        centre = ((w - 1) / 2 + left - m[0, 2], (h - 1) / 2 + top - m[1, 2])
        cv2.getRectSubPix(src, (w, h), centre, patch=dst)
        return
    inv = np.asarray(cv2.invertAffineTransform(m), dtype=np.float64)
    # dst pixel (0, 0) is canvas pixel (left, top): fold that offset into the map.
    inv[:, 2] += inv[:, 0] * left + inv[:, 1] * top
    cv2.warpAffine(
        src,
        inv,
        (w, h),
        dst=dst,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )


Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in luma pixels, all even, end exclusive


def view(src: I420, m: np.ndarray, out: I420, box: Box | None = None, mirrors: Mirrors | None = None) -> None:
    """Write the view ``m`` (a 2x3 plate -> canvas matrix, luma pixels) of ``src`` into ``out``,
    all of it or only ``box``; the rest of ``out`` is left as it was. ``mirrors``, when
    given, must be made from ``src``."""
    h, w = out.y.shape
    x0, y0, x1, y1 = box if box is not None else (0, 0, w, h)
    mc = chroma_matrix(m)
    my, mu, mv = mirrors.planes if mirrors is not None else (None, None, None)
    _plane(src.y, m, out.y[y0:y1, x0:x1], x0, y0, (w, h), my)
    for s, o, mp in ((src.u, out.u, mu), (src.v, out.v, mv)):
        _plane(s, mc, o[y0 // 2 : y1 // 2, x0 // 2 : x1 // 2], x0 // 2, y0 // 2, (w // 2, h // 2), mp)


def _warp_part(src: np.ndarray, inv: np.ndarray, dst: np.ndarray, left: int, top: int) -> None:
    """``dst`` = the general bilinear warp (inverse map ``inv``) of ``src`` at canvas (left, top)."""
    inv = inv.copy()
    inv[:, 2] += inv[:, 0] * left + inv[:, 1] * top
    cv2.warpAffine(
        src, inv, (dst.shape[1], dst.shape[0]), dst=dst,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE,
    )  # fmt: skip


def magnify_centred(src: np.ndarray, z: float, dst: np.ndarray) -> None:
    """``dst`` = ``src`` magnified ``z`` times (z >= 1) about its centre, the same bilinear
    picture as ``cv2.warpAffine`` with edges replicated (within one code value).

    With even sides the centre is a pixel corner, so each quadrant around it is a
    ``cv2.resize`` (mirrored for the three that grow up or left), about 2x cheaper than
    a warp. Magnifying, a quadrant's first row and column would need the pixel before the
    centre, which its resize does not see: those two-pixel-wide seams are warped apart.
    """
    h, w = src.shape
    m = np.array([[z, 0.0, (1 - z) * (w - 1) / 2], [0.0, z, (1 - z) * (h - 1) / 2]], dtype=np.float64)
    inv = cv2.invertAffineTransform(m)
    if z <= 1.0 or h % 2 or w % 2 or h < 8 or w < 8:
        _warp_part(src, inv, dst, 0, 0)
        return
    oy, ox = h // 2, w // 2
    ny, nx = min(oy, math.ceil((oy + 1) / z) + 1), min(ox, math.ceil((ox + 1) / z) + 1)
    if round(ny * z) == ny or round(nx * z) == nx:
        _warp_part(src, inv, dst, 0, 0)  # cv2.resize would copy instead of scaling
        return
    for flip_y in (False, True):
        rows = slice(oy, oy + ny) if not flip_y else slice(oy - ny, oy)
        for flip_x in (False, True):
            cols = slice(ox, ox + nx) if not flip_x else slice(ox - nx, ox)
            code = (-1 if flip_y else 1) if flip_x else (0 if flip_y else None)
            part = src[rows, cols] if code is None else cv2.flip(src[rows, cols], code)
            grown = cv2.resize(part, (0, 0), fx=z, fy=z, interpolation=cv2.INTER_LINEAR)[:oy, :ox]
            out = dst[slice(0, oy) if flip_y else slice(oy, h), slice(0, ox) if flip_x else slice(ox, w)]
            if code is None:
                out[...] = grown
            else:
                cv2.flip(grown, code, dst=out)
    _warp_part(src, inv, dst[oy - 1 : oy + 1], 0, oy - 1)
    _warp_part(src, inv, dst[:, ox - 1 : ox + 1], ox - 1, 0)
