"""Scene grouping: split photos (already in time order) where the look jumps.

Each photo's ``signature`` is a small colour/brightness vector. A new scene starts
where the distance to the previous photo is unusually large: larger than a fixed
floor and than a multiple of the median step, so a shoot with gradual light
changes stays one group while a move from the church to the dark reception splits.
Linear in the number of photos; stdlib only.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from statistics import median

# Below this a change of light or colour is not worth a visible transition; the
# signatures are fractions of 0..1, so 0.12 is a clear jump in brightness or hue.
ABSOLUTE_FLOOR = 0.12
RELATIVE_FACTOR = 2.5


def distance(a: Sequence[float], b: Sequence[float]) -> float:
    """Root-mean-square difference of two signatures (0 when either is missing)."""
    size = min(len(a), len(b))
    if size == 0:
        return 0.0
    return math.sqrt(sum((a[i] - b[i]) ** 2 for i in range(size)) / size)


def group_boundaries(signatures: Sequence[Sequence[float] | None]) -> list[int]:
    """Indices i where photo i starts a new scene (0 is never listed)."""
    steps = [distance(prev, cur) if prev and cur else 0.0 for prev, cur in itertools.pairwise(signatures)]
    if not steps:
        return []
    threshold = max(ABSOLUTE_FLOOR, RELATIVE_FACTOR * median(steps))
    return [i + 1 for i, step in enumerate(steps) if step > threshold]


def group_ids(signatures: Sequence[Sequence[float] | None]) -> list[int]:
    """Scene number of each photo: [0, 0, 0, 1, 1, 2, ...]."""
    starts = set(group_boundaries(signatures))
    ids: list[int] = []
    current = 0
    for index in range(len(signatures)):
        if index in starts:
            current += 1
        ids.append(current)
    return ids
