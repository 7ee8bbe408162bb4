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
        path = cv2.data.haarcascades + "haarcascade_frontalface_default.xml"
        clf = cv2.CascadeClassifier(path)
        _cascade = None if clf.empty() else clf
    return _cascade


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


def focus_point(rgb: np.ndarray) -> tuple[float, float] | None:
    """The faces' area-weighted centre as fractions (0..1) of the width and height, or None."""
    h, w = rgb.shape[:2]
    k = min(1.0, _SHORT_SIDE / min(h, w), _MAX_LONG / max(h, w))
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)  # before shrinking: a third of the pixels to average
    if k < 1:
        grey = cv2.resize(grey, (max(1, round(w * k)), max(1, round(h * k))), interpolation=cv2.INTER_AREA)
    boxes = detect_faces(grey)
    if not len(boxes):
        return None
    sh, sw = grey.shape
    areas = np.array([bw * bh for _, _, bw, bh in boxes], dtype=np.float64)
    xs = np.array([x + bw / 2 for x, _, bw, _ in boxes]) / sw
    # Aim a little above the face centre: eyes, and room for the rest of the head.
    ys = np.array([y + bh * 0.4 for _, y, _, bh in boxes]) / sh
    return float(np.average(xs, weights=areas)), float(np.average(ys, weights=areas))
