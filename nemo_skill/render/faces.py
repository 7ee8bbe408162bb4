"""Where to look in a photo: the faces when OpenCV's bundled cascade finds some, else the centre.

The cascade XML ships inside opencv-python (``cv2.data.haarcascades``): no download.
``detect_faces`` is a module attribute so tests (and a better detector) can replace it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import cv2
import numpy as np

Box = tuple[int, int, int, int]  # x, y, w, h in the image handed in
# Faces worth framing around span at least 8% of the photo's short side; the cascade's
# smallest window is 24 px, so a short side of 300 px still finds them all. The cascade's
# cost grows with the pixel count: this is the cheapest size that keeps them.
_MIN_FACE = 0.08
_WINDOW = 24
_SHORT_SIDE = round(_WINDOW / _MIN_FACE)
_MAX_LONG = 800  # caps a panorama's cost; its faces must then be a little larger to be found
_lock = threading.Lock()
_cascade: cv2.CascadeClassifier | None = None


def _classifier() -> cv2.CascadeClassifier | None:
    global _cascade
    if _cascade is None:
        folder: str = cv2.data.haarcascades  # type: ignore[attr-defined]  # (missing from OpenCV's stubs)
        path = folder + "haarcascade_frontalface_default.xml"
        clf = cv2.CascadeClassifier(path)
        _cascade = None if clf.empty() else clf
    return _cascade


def load_cascade() -> None:
    """Read the cascade now rather than on the first photo."""
    with _lock:
        _classifier()


def detect_faces(grey: np.ndarray) -> Sequence[Box]:
    """Frontal faces in a greyscale uint8 image."""
    with _lock:  # a CascadeClassifier is not safe to share between threads
        clf = _classifier()
        if clf is None:
            return []
        side = min(grey.shape[:2])
        found = clf.detectMultiScale(
            cv2.equalizeHist(grey),
            scaleFactor=1.2,
            minNeighbors=5,
            minSize=(max(_WINDOW, round(side * _MIN_FACE)),) * 2,
        )
    return [tuple(int(v) for v in box) for box in found]  # type: ignore[misc]


FaceBox = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the width and height


def find_faces(rgb: np.ndarray) -> list[FaceBox]:
    """The frontal faces in an RGB photo, as fractions of its size (found on a grey copy
    whose short side is 300 px: see the numbers above)."""
    h, w = rgb.shape[:2]
    k = min(1.0, _SHORT_SIDE / min(h, w), _MAX_LONG / max(h, w))
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)  # before shrinking: a third of the pixels to average
    if k < 1:
        grey = cv2.resize(grey, (max(1, round(w * k)), max(1, round(h * k))), interpolation=cv2.INTER_AREA)
    sh, sw = grey.shape
    return [(x / sw, y / sh, (x + bw) / sw, (y + bh) / sh) for x, y, bw, bh in detect_faces(grey)]


def focus_of(boxes: Sequence[FaceBox]) -> tuple[float, float] | None:
    """The faces' area-weighted centre (fractions of the photo), a little above the middle
    of each face: eyes, and room for the rest of the head. None without faces."""
    if not boxes:
        return None
    areas = np.array([(x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in boxes], dtype=np.float64)
    xs = np.array([(x0 + x1) / 2 for x0, _, x1, _ in boxes])
    ys = np.array([y0 + (y1 - y0) * 0.4 for _, y0, _, y1 in boxes])
    return float(np.average(xs, weights=areas)), float(np.average(ys, weights=areas))


def focus_point(rgb: np.ndarray) -> tuple[float, float] | None:
    """The faces' area-weighted centre as fractions (0..1) of the width and height, or None."""
    return focus_of(find_faces(rgb))
