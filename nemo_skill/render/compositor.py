"""Frame n of the video, composed into an I420 buffer.

Holds at most the plates of the segments on screen now plus the next one (prepared in
a background thread while the current one plays), so memory does not grow with the
number of photos.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import faces, placement, resample, text
from .clips import ClipReader
from .colour import I420, apply_filter, fade_towards, fill, new_frame, rgb_to_i420, yuv_of
from .framing import choose_fit, compose_plate, decode_scale, plate_map, plate_size
from .images import DRAFT_SLACK, PREVIEW_SLACK, load_photo
from .motion import view_matrix
from .plan import Plan, TextItem, Visual
from .priority import yield_to_encoder
from .transitions import BLACK, blend, eased, needs

_ENDCARD_DIM = 0.5  # how far an end card darkens the picture behind it


@dataclass
class Prepared:
    visual: Visual
    plate: I420 | None  # photos: the whole plate, in I420
    size: tuple[int, int]  # plate width, height
    focus: tuple[float, float]
    clip: ClipReader | None = None
    mirrors: resample.Mirrors | None = None  # photos: the plate's mirror images, made on first use
    faces: tuple[tuple[float, float, float, float], ...] = ()  # x0, y0, x1, y1 in plate pixels

    def close(self) -> None:
        if self.clip is not None:
            self.clip.close()


_focus_cache: OrderedDict[tuple[str, int, int, int, int], list[faces.FaceBox]] = OrderedDict()
_focus_lock = threading.Lock()


def _faces(path: Path, rgb: np.ndarray) -> list[faces.FaceBox]:
    """Faces are looked for once per file and decoded size: a preview then the final render
    (or a storyboard) of the same photos reuse the answer. The size is in the key so that
    a photo is always framed from the same pixels, whichever decode happened first."""
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size, *rgb.shape[:2])
    with _focus_lock:
        if key in _focus_cache:
            _focus_cache.move_to_end(key)
            return _focus_cache[key]
    found = faces.find_faces(rgb)
    with _focus_lock:
        _focus_cache[key] = found
        while len(_focus_cache) > 4096:
            _focus_cache.popitem(last=False)
    return found


def prepare(v: Visual, canvas: tuple[int, int], bg: tuple[int, int, int], preview: bool = False) -> Prepared:
    """Decode and frame one segment's photo (or open its clip): the only per-photo heavy work."""
    w, h = canvas
    pw, ph = plate_size(w, h, v.motion.margin)
    if v.ref.kind == "video":
        reader = ClipReader(v.ref.path, v.in_ms / 1000, (pw, ph), v.fit, v.filter, bg)
        return Prepared(v, None, (pw, ph), (pw / 2, ph / 2), reader)
    assert v.photo is not None
    fit = choose_fit(v.fit, v.photo.width, v.photo.height, w, h)
    scale = decode_scale(fit, v.photo.width, v.photo.height, pw, ph)
    rgb = load_photo(v.ref.path, scale, bg, slack=PREVIEW_SLACK if preview else DRAFT_SLACK)
    boxes = _faces(v.ref.path, rgb)
    focus = faces.focus_of(boxes)
    ih, iw = rgb.shape[:2]
    k, dx, dy = plate_map(iw, ih, fit, pw, ph, focus)
    on_plate = tuple(
        (x0 * iw * k + dx, y0 * ih * k + dy, x1 * iw * k + dx, y1 * ih * k + dy) for x0, y0, x1, y1 in boxes
    )
    plate, focus_px = compose_plate(rgb, fit, pw, ph, focus, bg)
    del rgb
    planes = rgb_to_i420(apply_filter(plate, v.filter))
    del plate
    return Prepared(v, planes, (pw, ph), focus_px, mirrors=resample.Mirrors(planes), faces=on_plate)


class Compositor:
    def __init__(self, plan: Plan, *, prefetch: bool = True) -> None:
        self.plan = plan
        self.size = (plan.width, plan.height)
        self.bg_yuv = yuv_of(plan.bg)
        self._starts = [v.start for v in plan.visuals]
        self._ready: dict[int, Prepared] = {}
        self._futures: dict[int, Future[Prepared]] = {}
        self._pool = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="nemo-prepare", initializer=yield_to_encoder)
            if prefetch
            else None
        )
        self._scratch = [new_frame(*self.size)[1] for _ in range(2)]
        self._sprites: dict[int, text.Sprite] = {}
        self._placements: dict[int, tuple[text.Layout, placement.Placement]] = {}

    def begin(self, t: float) -> None:
        """Ready what the first frame rendered (at ``t``) needs, two things at once: its
        photo on the prefetch thread and, meanwhile on this one, where its texts go (placing
        them composes small copies of the frames under them). x264 waits for that frame."""
        if not self.plan.visuals:
            return
        self._prefetch(self._index(t))
        for k, item in enumerate(self.plan.texts):
            if item.start <= t < item.end:
                self._placed(k, item)

    # --- segments ------------------------------------------------------------------------
    def _index(self, t: float) -> int:
        return max(0, bisect.bisect_right(self._starts, t) - 1)

    def _get(self, i: int) -> Prepared:
        if i not in self._ready:
            fut = self._futures.pop(i, None)
            self._ready[i] = fut.result() if fut is not None else self._prepare(i)
        self._prefetch(i + 1)
        return self._ready[i]

    def _prefetch(self, i: int) -> None:
        """Start preparing segment ``i`` on the prefetch thread, unless it is ready or under way."""
        if (
            self._pool is not None
            and i < len(self.plan.visuals)
            and i not in self._ready
            and i not in self._futures
        ):
            self._futures[i] = self._pool.submit(self._prepare, i)

    def _prepare(self, i: int) -> Prepared:
        return prepare(self.plan.visuals[i], self.size, self.plan.bg, self.plan.preview)

    def _evict(self, t: float) -> None:
        gone = [i for i, p in self._ready.items() if p.visual.vis_end < t]
        for i in gone:
            self._ready.pop(i).close()

    def visible_faces(self, t: float) -> list[tuple[float, float, float, float]]:
        """The faces on screen at ``t`` (after compose(t)), as x0, y0, x1, y1 canvas pixels:
        those of every photo visible then, a transition's both."""
        found = []
        for prep in self._ready.values():
            v = prep.visual
            if not prep.faces or not v.vis_start <= t < v.vis_end:
                continue
            p = (t - v.vis_start) / max(1e-6, v.vis_end - v.vis_start)
            m = view_matrix(v.motion, p, prep.size, self.size, prep.focus)
            for x0, y0, x1, y1 in prep.faces:
                xs = (m[0, 0] * x0 + m[0, 2], m[0, 0] * x1 + m[0, 2])
                ys = (m[1, 1] * y0 + m[1, 2], m[1, 1] * y1 + m[1, 2])
                found.append((min(xs), min(ys), max(xs), max(ys)))
        return found

    def _render_visual(self, i: int, t: float, scratch: I420, box: resample.Box | None = None) -> I420:
        """Segment i's picture at t (all of it, or the part in ``box``), in ``scratch`` or
        the plate itself when it needs no resampling."""
        prep = self._get(i)
        v = prep.visual
        span = max(1e-6, v.vis_end - v.vis_start)
        p = (t - v.vis_start) / span
        mirrors = None
        if prep.clip is not None:
            source = prep.clip.frame_at(v.in_ms / 1000 + max(0.0, t - v.vis_start) / 1000)
        else:
            assert prep.plate is not None
            source, mirrors = prep.plate, prep.mirrors
        if v.motion.direction == "none" and prep.size == self.size:
            return source
        m = view_matrix(v.motion, p, prep.size, self.size, prep.focus)
        resample.view(source, m, scratch, box, mirrors)
        return scratch

    def _pictures(self, t: float, out: I420) -> None:
        visuals = self.plan.visuals
        if not visuals or t >= visuals[-1].end:
            fill(out, self.bg_yuv)
            return
        i = self._index(t)
        cur = visuals[i]
        pair: tuple[int, int, float, str, float] | None = None  # a, b, progress, name, length ms
        if cur.tr_out > 0 and i + 1 < len(visuals) and t >= cur.end - cur.tr_out / 2:
            pair = (i, i + 1, (t - (cur.end - cur.tr_out / 2)) / cur.tr_out, cur.tr_name, cur.tr_out)
        elif cur.tr_in > 0 and i > 0 and t < cur.start + cur.tr_in / 2:
            prev = visuals[i - 1]
            pair = (i - 1, i, (t - (cur.start - cur.tr_in / 2)) / cur.tr_in, prev.tr_name, cur.tr_in)
        if pair is None:
            src = self._render_visual(i, t, out)
            if src is not out:
                for s, o in zip(src, out, strict=True):
                    np.copyto(o, s)
            return
        # Only the parts the transition shows are drawn (a slide shows half of each, ...);
        # blend never reads the rest, or reads it with a weight of exactly 0.
        box_a, box_b = needs(pair[3], pair[2], *self.size)
        a = self._render_visual(pair[0], t, self._scratch[0], box_a) if box_a else self._scratch[0]
        b = self._render_visual(pair[1], t, self._scratch[1], box_b) if box_b else self._scratch[1]
        blend(pair[3], a, b, pair[2], out, step=1000.0 / self.plan.fps / pair[4])

    # --- text and fades ---------------------------------------------------------------------
    def _sprite(self, k: int, item: TextItem) -> text.Sprite:
        sprite = self._sprites.get(k)
        if sprite is None:
            w, h = self.size
            lay, where = self._placed(k, item)
            sprite = text.make_sprite(
                lay, item.colour, where.x, where.y, w, h, align=where.align, scrim=where.scrim
            )
            self._sprites[k] = sprite
        return sprite

    def _placed(self, k: int, item: TextItem) -> tuple[text.Layout, placement.Placement]:
        """Where text ``k`` goes, how large and what backs it: decided once, from the frames
        it is on. A title and the subtitle shown with it are placed together."""
        found = self._placements.get(k)
        if found is not None:
            return found
        w, h = self.size
        items = self.plan.texts
        title = k if placement.companion(items, k) is not None else None
        if title is None:
            title = next((t for t in range(len(items)) if placement.companion(items, t) == k), None)
        sub = placement.companion(items, title) if title is not None else None
        if title is not None and sub is not None:
            scene = placement.analyse(self.plan, items[title].start, items[title].end)
            self._placements[title], self._placements[sub] = placement.place_pair(
                scene, items[title], items[sub], w, h
            )
            return self._placements[k]
        scene = placement.analyse(self.plan, item.start, item.end)
        keep = 1.0 - _ENDCARD_DIM if item.role == "endcard" else 1.0
        self._placements[k] = placement.place(scene, item, w, h, keep=keep)
        return self._placements[k]

    def _texts(self, t: float, out: I420) -> None:
        for k, item in enumerate(self.plan.texts):
            if not item.start <= t < item.end:
                self._sprites.pop(k, None)
                continue
            fade = min(item.fade, (item.end - item.start) / 2)
            # Text that stays to the end of a video fading to black goes down with the picture.
            holds = self.plan.fade_out > 0 and item.end >= self.plan.duration_ms
            fade_out = float("inf") if holds or fade <= 0 else (item.end - t) / fade
            opacity = 1.0 if fade <= 0 else min(1.0, (t - item.start) / fade, fade_out)
            if item.role == "endcard":
                fade_towards(out, BLACK, 1.0 - _ENDCARD_DIM * opacity)
            text.overlay(out, self._sprite(k, item), opacity)

    def _canvas_fade(self, t: float, out: I420) -> None:
        """From black and to black, eased: the first frame and the last frame are black."""
        keep = 1.0
        if self.plan.fade_in > 0:
            keep = min(keep, t / self.plan.fade_in)
        if self.plan.fade_out > 0:
            last = self.time_of(self.plan.n_frames - 1)
            keep = min(keep, (last - t) / self.plan.fade_out)
        if keep < 1.0:
            fade_towards(out, BLACK, eased(max(0.0, keep)))

    def time_of(self, n: int) -> float:
        return n * 1000.0 / self.plan.fps

    def compose(self, t: float, out: I420) -> None:
        """The picture at ``t`` ms, written into ``out``."""
        self._pictures(t, out)
        self._texts(t, out)
        self._canvas_fade(t, out)
        self._evict(t)

    def close(self) -> None:
        if self._pool is not None:
            for fut in self._futures.values():
                fut.cancel()
            self._pool.shutdown(wait=True, cancel_futures=True)
        for prep in self._ready.values():
            prep.close()
        self._ready.clear()
        for fut in self._futures.values():
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                fut.result().close()
        self._futures.clear()
