"""Expected draft properties, each a small named predicate over (before, after).

A check returns None when the property holds, else a short sentence saying what
was seen. ``before`` is the session's draft (None for a first request); ``after``
is the draft the interpreter returned. Nothing here calls the interpreter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import wire
from .wire import Wire

TOTAL_TOLERANCE = 0.01  # a total length the user gives: within 1 %
MS_TOLERANCE = 50  # per-photo and transition seconds: within 50 ms
TITLE_DEFAULT_SIZE = 0.085  # docs/draft-format.md, the title role preset
WHITE = {"white", "#fff", "#ffffff"}
FADE_LIKE = {"fade"}


@dataclass(frozen=True)
class Check:
    what: str
    test: Callable[[Wire | None, Wire], str | None]

    def __call__(self, before: Wire | None, after: Wire) -> str | None:
        return self.test(before, after)


def _need(before: Wire | None) -> Wire:
    if before is None:
        raise ValueError("this check compares with the session's draft: use it on edits only")
    return before


def _close(value: int, target: int, tolerance: float) -> bool:
    return abs(value - target) <= tolerance


# --- length and pace -----------------------------------------------------------------


def total_length(ms: int) -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen, declared = wire.length_ms(after), int(after.get("d", 0))
        if not _close(seen, ms, ms * TOTAL_TOLERANCE):
            return f"the video is {seen} ms long"
        if not _close(declared, ms, ms * TOTAL_TOLERANCE):
            return f"draft.d says {declared} ms"
        return None

    return Check(f"total length {ms} ms (±1%)", test)


def every_photo(ms: int) -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = wire.durations(after)
        return None if seen and all(_close(d, ms, MS_TOLERANCE) for d in seen) else f"durations {seen}"

    return Check(f"every photo {ms} ms", test)


def one_photo(index: int, ms: int) -> Check:
    """Only the photo at ``index`` (0-based, -1 = last) gets ``ms``; the others keep theirs."""

    def test(before: Wire | None, after: Wire) -> str | None:
        old, new = wire.durations(_need(before)), wire.durations(after)
        if len(old) != len(new):
            return f"photo count {len(old)} -> {len(new)}"
        if not _close(new[index], ms, MS_TOLERANCE):
            return f"durations {new}"
        others = [i for i in range(len(new)) if i != index % len(new)]
        if any(not _close(new[i], old[i], MS_TOLERANCE) for i in others):
            return f"other photos changed too: {old} -> {new}"
        return None

    return Check(f"photo #{index if index < 0 else index + 1} alone {ms} ms", test)


def photo_longer(index: int) -> Check:
    def test(before: Wire | None, after: Wire) -> str | None:
        old, new = wire.durations(_need(before)), wire.durations(after)
        if len(old) != len(new):
            return f"photo count {len(old)} -> {len(new)}"
        others = [i for i in range(len(new)) if i != index % len(new)]
        if new[index] <= old[index] or any(new[i] != old[i] for i in others):
            return f"durations {old} -> {new}"
        return None

    return Check(f"photo #{index + 1} longer, the others unchanged", test)


# --- transitions -----------------------------------------------------------------------


def transition_kind(names: frozenset[str]) -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = wire.transitions(after)
        ok = seen and all(tr is not None and tr[0] in names and tr[1] > 0 for tr in seen)
        return None if ok else f"transitions {seen}"

    return Check(f"every cut is one of {sorted(names)}", test)


def no_transitions() -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = wire.transitions(after)
        ok = all(tr is None or tr[0] == "none" or tr[1] == 0 for tr in seen)
        return None if ok else f"transitions {seen}"

    return Check("hard cuts everywhere", test)


def some_transition() -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = wire.transitions(after)
        ok = seen and all(tr is not None and tr[0] != "none" and tr[1] > 0 for tr in seen)
        return None if ok else f"transitions {seen}"

    return Check("a transition at every cut", test)


def transition_ms(ms: int) -> Check:
    """Every cut's ``tr.d`` is ``ms``, or what docs/draft-format.md clamps it to: the shorter of
    the two segments it joins (a transition takes half its length from each side). The older,
    stricter clamp to half the shorter segment is accepted too."""

    def test(_: Wire | None, after: Wire) -> str | None:
        segs = wire.video(after)
        seen = wire.transitions(after)
        if not seen or any(tr is None for tr in seen):
            return f"transitions {seen}"
        for i, tr in enumerate(seen):
            assert tr is not None
            shorter = min(int(segs[i]["d"]), int(segs[i + 1]["d"]))
            allowed = {min(ms, shorter), min(ms, shorter // 2)}
            if not any(_close(tr[1], expected, MS_TOLERANCE) for expected in allowed):
                return f"transitions {seen} (durations {wire.durations(after)})"
        return None

    return Check(f"every transition {ms} ms", test)


def transitions_unchanged() -> Check:
    def test(before: Wire | None, after: Wire) -> str | None:
        old, new = wire.transitions(_need(before)), wire.transitions(after)
        return None if old == new else f"{old} -> {new}"

    return Check("transitions unchanged", test)


def not_all_fadeblack() -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = wire.transitions(after)
        ok = not seen or any(tr is None or tr[0] != "fadeblack" for tr in seen)
        return None if ok else f"every cut became fade-through-black: {seen}"

    return Check("the cuts are not all fade-through-black", test)


def fade_out() -> Check:
    return _canvas_fade("fade_out", "the video fades out to black")


def fade_in() -> Check:
    return _canvas_fade("fade_in", "the video fades in from black")


def _canvas_fade(key: str, what: str) -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        value = after["m"].get(key) or 0
        return None if value > 0 else f"canvas {key} is {after['m'].get(key)!r}"

    return Check(what, test)


# --- canvas ------------------------------------------------------------------------------


def aspect_is(value: str) -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = wire.aspect(after)
        return None if seen == value else f"canvas {after['m'].get('w')}x{after['m'].get('h')} ({seen})"

    return Check(f"aspect {value}", test)


def short_side_is(px: int) -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = wire.short_side(after)
        return None if seen == px else f"canvas {after['m'].get('w')}x{after['m'].get('h')}"

    return Check(f"short side {px} px", test)


# --- music ---------------------------------------------------------------------------------


def music_is(*srcs: str) -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = wire.music_sources(after)
        return None if seen and all(src in srcs for src in seen) else f"music {seen}"

    return Check(f"music {' or '.join(srcs)}", test)


def no_music() -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = wire.music_sources(after)
        return None if not seen else f"music {seen}"

    return Check("no music", test)


def has_music() -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        return None if wire.music_sources(after) else "no audio segment"

    return Check("some music", test)


# --- look --------------------------------------------------------------------------------------


def filter_all(name: str) -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = wire.filters(after)
        return None if seen and all(f == name for f in seen) else f"filters {seen}"

    return Check(f"filter {name} on every photo", test)


def filter_one(index: int, name: str) -> Check:
    def test(before: Wire | None, after: Wire) -> str | None:
        old, new = wire.filters(_need(before)), wire.filters(after)
        expected = list(old)
        expected[index] = name
        return None if new == expected else f"filters {old} -> {new}"

    return Check(f"filter {name} on photo #{index + 1} only", test)


def look_changed() -> Check:
    """A style word: filter, motion, transitions or pace differ from before (photo by photo,
    so a reorder or a removal in the same message does not count as a new look)."""

    def looks(draft: Wire) -> dict[str, tuple[object, ...]]:
        return {
            str(seg.get("src")): (wire.meta(seg).get("filter") or "none", wire.meta(seg).get("kb"), seg["d"])
            for seg in wire.video(draft)
        }

    def test(before: Wire | None, after: Wire) -> str | None:
        old, new = looks(_need(before)), looks(after)
        kept = old.keys() & new.keys()
        if any(old[src] != new[src] for src in kept):
            return None
        if sorted(map(str, wire.transitions(_need(before)))) != sorted(map(str, wire.transitions(after))):
            return None
        return "filter, motion, transitions and pace all unchanged"

    return Check("the look changed", test)


# --- titles ---------------------------------------------------------------------------------------


def title_is(text: str) -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = wire.title_texts(after)
        return None if text in seen else f"titles {seen} (texts {[wire.meta(s) for s in wire.texts(after)]})"

    return Check(f"title {text!r}", test)


def title_bigger() -> Check:
    def test(before: Wire | None, after: Wire) -> str | None:
        old = [wire.meta(seg).get("size") for seg in wire.titles(_need(before))]
        new = [wire.meta(seg).get("size") for seg in wire.titles(after)]
        # The preset is a fraction of the shorter side, an explicit size one of the height.
        preset = TITLE_DEFAULT_SIZE * wire.short_side(after) / int(after["m"].get("h", 1080))
        floor = max((s for s in old if s is not None), default=preset)
        ok = new and all(s is not None and s > floor for s in new)
        return None if ok else f"title sizes {old} -> {new}"

    return Check("the title is bigger", test)


def title_coloured() -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = [wire.meta(seg).get("color") for seg in wire.titles(after)]
        ok = seen and all(c is not None and str(c).lower() not in WHITE for c in seen)
        return None if ok else f"title colours {seen}"

    return Check("the title has a colour other than white", test)


def title_pos(pos: str) -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = [wire.meta(seg).get("pos") for seg in wire.titles(after)]
        return None if seen and all(p == pos for p in seen) else f"title positions {seen}"

    return Check(f"the title at {pos}", test)


# --- order -------------------------------------------------------------------------------------------


def order_is(reorder: Callable[[list[str]], list[str]], what: str) -> Check:
    def test(before: Wire | None, after: Wire) -> str | None:
        expected = reorder(wire.sources(_need(before)))
        seen = wire.sources(after)
        return None if seen == expected else f"order {seen}, expected {expected}"

    return Check(what, test)


def shuffled() -> Check:
    def test(before: Wire | None, after: Wire) -> str | None:
        old, new = wire.sources(_need(before)), wire.sources(after)
        if sorted(old) != sorted(new):
            return f"the photos changed: {old} -> {new}"
        return None if old != new else "the order did not change"

    return Check("the same photos in another order", test)


def all_photos_used(srcs: list[str]) -> Check:
    def test(_: Wire | None, after: Wire) -> str | None:
        seen = wire.sources(after)
        return None if sorted(seen) == sorted(srcs) else f"video sources {seen}"

    return Check("every uploaded photo is in the video", test)


# --- what an edit must leave alone ------------------------------------------------------------------


def _by_photo(draft: Wire, read: Callable[[Wire], object]) -> dict[str, object]:
    """Per photo, not per position: a removal or a new order leaves the others as they were."""
    return {str(seg.get("src")): read(seg) for seg in wire.video(draft)}


def _title_looks(draft: Wire) -> list[tuple[object, ...]]:
    return [
        tuple(wire.meta(seg).get(key) for key in ("text", "size", "color", "pos"))
        for seg in wire.titles(draft)
    ]


def unchanged(area: str) -> Check:
    read: Callable[[Wire], object] = {
        "canvas": lambda d: (d["m"].get("w"), d["m"].get("h")),
        "timing": lambda d: _by_photo(d, lambda seg: seg["d"]),
        "transitions": wire.transitions,
        "music": wire.music_sources,
        "filter": lambda d: _by_photo(d, lambda seg: wire.meta(seg).get("filter") or "none"),
        "order": wire.sources,
        "title": _title_looks,
    }[area]

    def test(before: Wire | None, after: Wire) -> str | None:
        old, new = read(_need(before)), read(after)
        if isinstance(old, dict) and isinstance(new, dict):
            old = {src: value for src, value in old.items() if src in new}  # removed photos aside
        return None if old == new else f"{old} -> {new}"

    return Check(f"{area} unchanged", test)


AREAS = ("canvas", "timing", "transitions", "music", "filter", "order", "title")
