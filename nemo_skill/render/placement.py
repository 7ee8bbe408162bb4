"""Where a text goes, and what is behind it: decided once per text segment.

The frames the text will be on are composed at a small size (short side 288 px, the
same photos, framing, motion and transitions, without any text) at a few moments of its
span. From them:

* **faces**: the boxes the face detector found in each photo (faces.py; the same that
  aim the zoom), carried through the framing and the Ken Burns motion to where they are
  on screen at each moment, grown to cover hair and chin;
* **detail**: the mean gradient magnitude of the luma, an edge/contrast map;
* **light**: the mean luma, for the contrast with the text's colour.

The text's block then takes, inside the title-safe area, the place that covers no face
(when there is one) and the least detail, nearest the role's usual place (titles in
the middle, subtitles at the lower third, captions at the bottom); a narrow block may
also sit to the left or right. A subtitle shown with a title (names and a date) is set
under it, the two placed as one block. A position given in the draft (``m.pos``) is kept.
Where every place touches a head, a smaller size is tried (never one the draft set).
Last, the backdrop: a soft shadow alone where the text stands out against the picture,
a scrim (a feathered dark band) as strong as the contrast needs where the picture
behind is bright or busy.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import cv2
import numpy as np

from .colour import new_frame
from .plan import Plan, TextItem
from .text import Layout, anchor_y, layout, safe_area, style_of

ANALYSIS_SHORT = 288  # px: the short side of the frames analysed
_SAMPLES_PER_S = 2.0
_MIN_SAMPLES, _MAX_SAMPLES = 3, 8
# A face box from the detector spans brows to mouth. Text never covers it (grown by a hair
# for the detector's jitter) if there is any other place; it avoids the rest of the head
# (hair, chin) when it can.
_CORE = 0.08
_GROW_UP, _GROW_DOWN, _GROW_SIDE = 0.5, 0.3, 0.25
_STEPS = 48  # vertical positions tried across the safe area
_NEAR = 2.5  # cost per canvas height of distance from the role's usual place
_SIDE = 0.35  # cost of leaving the centre line for the left or right side
_FACE = 100.0  # cost of covering a face (plus the share of the block over it)
_HEAD = 10.0  # cost per share of the block over the rest of a head
_SPREAD = 5.0  # cost per unit of standard deviation of the light under the block
_MIN_CONTRAST = 3.0  # WCAG's ratio for large text; a shadow alone must reach it...
_BUSY = 1.6  # ...on a background no busier than this share of the frame's average detail
_SCRIM_MIN, _SCRIM_MAX = 0.2, 0.42
_SMALLER = (0.85, 0.72)  # sizes tried while the best place still touches a head
_SHRINK = 0.5  # the cost of each step smaller
_STACK_GAP = 0.3  # between a title and the subtitle under it, in title lines
_TOGETHER_MS = 250.0  # a subtitle starting this close to a title is shown with it


@dataclass(frozen=True)
class Scene:
    """What is behind a text over its time, at the analysis size."""

    scale: float  # analysis pixels per canvas pixel
    faces: list[tuple[float, float, float, float]]  # canvas pixels, as detected (not grown)
    face_mask: np.ndarray  # float32 0/1: the faces, at the analysis size
    head_mask: np.ndarray  # float32 0/1: the faces grown to whole heads
    detail: np.ndarray  # float32 gradient magnitude of luma, 0..1 per pixel
    light: np.ndarray  # float32 luma 0..1


@dataclass(frozen=True)
class Placement:
    x: int  # the text block's top-left on the canvas
    y: int
    align: str  # center, left or right
    scrim: float  # 0: a soft shadow alone; else the scrim's opacity


def _analysis_plan(plan: Plan) -> Plan:
    k = ANALYSIS_SHORT / min(plan.width, plan.height)
    w, h = (max(8, round(n * k / 4) * 4) for n in (plan.width, plan.height))
    return dataclasses.replace(
        plan, width=w, height=h, texts=[], music=[], fade_in=0.0, fade_out=0.0, preview=True
    )


def _grown(
    box: tuple[float, float, float, float], up: float, down: float, side: float
) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    return x0 - side * bw, y0 - up * bh, x1 + side * bw, y1 + down * bh


def _mask(shape: tuple[int, int], boxes: list[tuple[float, float, float, float]]) -> np.ndarray:
    mask = np.zeros(shape, np.float32)
    for x0, y0, x1, y1 in boxes:
        mask[max(0, int(y0)) : max(0, int(np.ceil(y1))), max(0, int(x0)) : max(0, int(np.ceil(x1)))] = 1.0
    return mask


def analyse(plan: Plan, start_ms: float, end_ms: float) -> Scene:
    """Faces, detail and light behind a text shown from ``start_ms`` to ``end_ms``."""
    from .compositor import Compositor  # the compositor makes sprites with this module

    small = _analysis_plan(plan)
    scale = small.width / plan.width
    end = min(end_ms, plan.duration_ms)
    span = max(0.0, end - start_ms)
    n = int(min(_MAX_SAMPLES, max(_MIN_SAMPLES, round(span / 1000 * _SAMPLES_PER_S))))
    times = [start_ms + span * (i + 0.5) / n for i in range(n)]
    detail = np.zeros((small.height, small.width), np.float32)
    light = np.zeros_like(detail)
    faces: list[tuple[float, float, float, float]] = []
    comp = Compositor(small, prefetch=False)
    _, frame = new_frame(small.width, small.height)
    try:
        for t in times:
            comp.compose(t, frame)
            y = (frame.y.astype(np.float32) - 16) / 219
            gx = cv2.Sobel(y, cv2.CV_32F, 1, 0, ksize=3)
            gy = cv2.Sobel(y, cv2.CV_32F, 0, 1, ksize=3)
            detail += cv2.magnitude(gx, gy)
            light += y
            faces += [tuple(c / scale for c in box) for box in comp.visible_faces(t)]  # type: ignore[misc]
    finally:
        comp.close()
    core = [tuple(c * scale for c in _grown(b, _CORE, _CORE, _CORE)) for b in faces]
    heads = [tuple(c * scale for c in _grown(b, _GROW_UP, _GROW_DOWN, _GROW_SIDE)) for b in faces]
    return Scene(
        scale,
        faces,
        _mask(detail.shape, core),  # type: ignore[arg-type]
        _mask(detail.shape, heads),  # type: ignore[arg-type]
        detail / len(times),
        np.clip(light / len(times), 0, 1),
    )


def _box_sums(img: np.ndarray) -> np.ndarray:
    return cv2.integral(img.astype(np.float64))


def _sum(table: np.ndarray, x0: float, y0: float, x1: float, y1: float) -> float:
    h, w = table.shape[0] - 1, table.shape[1] - 1
    a, b = int(min(max(x0, 0), w)), int(min(max(np.ceil(x1), 0), w))
    c, d = int(min(max(y0, 0), h)), int(min(max(np.ceil(y1), 0), h))
    if b <= a or d <= c:
        return 0.0
    return float(table[d, b] - table[c, b] - table[d, a] + table[c, a])


def _relative_luminance(rgb: tuple[float, float, float]) -> float:
    lin = [(c / 255) ** 2.2 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _scrim_for(
    scene: Scene, box: tuple[float, float, float, float], colour: tuple[int, int, int], keep: float
) -> float:
    """0 when a shadow is enough for the text to read, else the scrim's opacity. Judged on
    the brightest tenth of the background (the darkest, behind dark text): text must read
    everywhere along it, not on average."""
    s = scene.scale
    h, w = scene.light.shape
    x0, y0 = max(0, int(box[0] * s)), max(0, int(box[1] * s))
    x1, y1 = min(w, max(x0 + 1, int(np.ceil(box[2] * s)))), min(h, max(y0 + 1, int(np.ceil(box[3] * s))))
    under = scene.light[y0:y1, x0:x1]
    dark_text = _relative_luminance(colour) < 0.2
    light = float(np.percentile(under, 10 if dark_text else 90)) * keep if under.size else 0.0
    busy = (
        float(scene.detail[y0:y1, x0:x1].mean()) / (float(scene.detail.mean()) + 1e-3) if under.size else 0.0
    )
    text = _relative_luminance(colour)
    back = (light**2.2) if light > 0 else 0.0
    hi, lo = (back, text) if dark_text else (text, back)
    contrast = (hi + 0.05) / (lo + 0.05)
    if contrast >= _MIN_CONTRAST and busy <= _BUSY:
        return 0.0
    # The scrim darkens (or, behind dark text, lightens) the background towards its colour.
    if dark_text:
        needed = 1.0 - ((1.0 - back) / max(1e-3, 1.0 - (_MIN_CONTRAST * (text + 0.05) - 0.05)))
    else:
        target = (text + 0.05) / _MIN_CONTRAST - 0.05
        needed = 1.0 - target / back if back > 0 else 0.0
    if busy > _BUSY:
        needed = max(needed, _SCRIM_MIN + 0.1 * min(3.0, busy - _BUSY))
    return float(np.clip(needed, _SCRIM_MIN, _SCRIM_MAX))


def _best_spot(
    scene: Scene, lay: Layout | _Stack, role: str, w: int, h: int
) -> tuple[float, Placement, bool]:
    """The lowest-cost place for the block (no face, little detail, near the role's place),
    its cost, and whether it still touches a head."""
    bw, bh, pad = lay.block_w, lay.block_h, lay.pad
    sx0, sy0, sx1, sy1 = safe_area(w, h)
    s = scene.scale
    faces, heads = _box_sums(scene.face_mask), _box_sums(scene.head_mask)
    detail, light, light2 = _box_sums(scene.detail), _box_sums(scene.light), _box_sums(scene.light**2)
    mean_detail = (
        float(scene.detail[round(sy0 * s) : round(sy1 * s), round(sx0 * s) : round(sx1 * s)].mean()) + 1e-3
    )
    prefer = (anchor_y(style_of(role).pos, bh, w, h) + bh / 2) / h
    xs = [("center", round((w - bw) / 2))]
    if bw <= 0.6 * (sx1 - sx0):
        xs += [("left", sx0), ("right", sx1 - bw)]
    top, bottom = sy0, max(sy0, sy1 - bh)
    best: tuple[float, Placement, bool] | None = None
    for i in range(_STEPS + 1):
        y = round(top + (bottom - top) * i / _STEPS)
        for align, x in xs:
            sprite = ((x - pad) * s, (y - pad) * s, (x + bw + pad) * s, (y + bh + pad) * s)
            covered, head = _sum(faces, *sprite), _sum(heads, *sprite)
            area = max(1.0, (bw + 2 * pad) * (bh + 2 * pad) * s * s)
            block = (x * s, y * s, (x + bw) * s, (y + bh) * s)
            n = max(1.0, bw * bh * s * s)
            cost = _sum(detail, *block) / n / mean_detail
            # Text across a boundary of light and dark reads worst of all: half of it fights.
            spread = max(0.0, _sum(light2, *block) / n - (_sum(light, *block) / n) ** 2) ** 0.5
            cost += _SPREAD * spread
            if covered > 0:
                cost += _FACE * (1.0 + covered / area)
            cost += _HEAD * head / area
            cost += _NEAR * abs((y + bh / 2) / h - prefer) + (_SIDE if align != "center" else 0.0)
            if best is None or cost < best[0] - 1e-9:
                best = (cost, Placement(x, y, align, 0.0), covered > 0 or head > 0)
    assert best is not None
    return best


@dataclass(frozen=True)
class _Stack:
    """A title with its subtitle set under it, measured as one block."""

    top: Layout
    under: Layout

    @property
    def gap(self) -> int:
        return round(_STACK_GAP * self.top.line_h)

    @property
    def block_w(self) -> int:
        return max(self.top.block_w, self.under.block_w)

    @property
    def block_h(self) -> int:
        return self.top.block_h + self.gap + self.under.block_h

    @property
    def pad(self) -> int:
        return max(self.top.pad, self.under.pad)


def _offset_x(spot: Placement, outer: int, inner: int) -> int:
    """Where a line of ``inner`` width starts in a block of ``outer`` width, as aligned."""
    if spot.align == "left":
        return spot.x
    if spot.align == "right":
        return spot.x + outer - inner
    return spot.x + (outer - inner) // 2


def place(scene: Scene, item: TextItem, w: int, h: int, *, keep: float = 1.0) -> tuple[Layout, Placement]:
    """The text's layout, place and backdrop on a w x h canvas. ``keep`` is how much light
    the picture keeps behind it (an end card dims it). Where the role's size leaves no
    clean place, a smaller size is tried, as a designer would (never when the draft sets
    the size or the position)."""
    return _placed(scene, item, None, w, h, keep)[0]


def place_pair(
    scene: Scene, title: TextItem, subtitle: TextItem, w: int, h: int
) -> tuple[tuple[Layout, Placement], tuple[Layout, Placement]]:
    """A title and the subtitle shown with it (names and a date), placed as one block:
    the subtitle under the title, aligned with it."""
    first, second = _placed(scene, title, subtitle, w, h, 1.0)
    return first, second


def _placed(
    scene: Scene, item: TextItem, under: TextItem | None, w: int, h: int, keep: float
) -> list[tuple[Layout, Placement]]:
    lay = layout(item.text, item.role, item.size, w, h)
    if item.pos is not None:
        x, y = round((w - lay.block_w) / 2), anchor_y(item.pos, lay.block_h, w, h)
        box = (x, y, x + lay.block_w, y + lay.block_h)
        return [(lay, Placement(x, y, "center", _scrim_for(scene, box, item.colour, keep)))]
    below = layout(under.text, under.role, under.size, w, h) if under is not None else None
    block: Layout | _Stack = lay if below is None else _Stack(lay, below)
    cost, spot, crowded = _best_spot(scene, block, item.role, w, h)
    for k, scale in enumerate(_SMALLER if item.size is None else (), start=1):
        if not crowded:
            break
        smaller = layout(item.text, item.role, None, w, h, scale=scale)
        trial: Layout | _Stack = smaller if below is None else _Stack(smaller, below)
        c, p, crowded = _best_spot(scene, trial, item.role, w, h)
        if c + _SHRINK * k < cost:
            cost, spot, lay, block = c + _SHRINK * k, p, smaller, trial
    placed: list[tuple[Layout, Placement]] = []
    y = spot.y
    for text_item, text_lay in ((item, lay), (under, below)):
        if text_item is None or text_lay is None:
            continue
        x = _offset_x(spot, block.block_w, text_lay.block_w)
        box = (x, y, x + text_lay.block_w, y + text_lay.block_h)
        placed.append((text_lay, Placement(x, y, spot.align, _scrim_for(scene, box, text_item.colour, keep))))
        y += text_lay.block_h + (block.gap if isinstance(block, _Stack) else 0)
    return placed


def companion(items: list[TextItem], k: int) -> int | None:
    """The subtitle shown with title ``k`` (starting with it, both placed by the renderer),
    which is set under it; None when there is none."""
    title = items[k]
    if title.role != "title" or title.pos is not None:
        return None
    for j, other in enumerate(items):
        together = abs(other.start - title.start) <= _TOGETHER_MS and other.end > title.start
        if j != k and other.role == "subtitle" and other.pos is None and together:
            return j
    return None
