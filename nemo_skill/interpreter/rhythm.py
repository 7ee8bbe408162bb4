"""Cuts on the beat: where the music's beats fall on the timeline, and the cuts moved onto them.

The beats come from what is already known, never from the sound itself (the interpreter
reads no files): a library track (``library:<mood>``) is composed on a grid the renderer
reports (render/beats.py, ``library_beats``); an uploaded song carries the tempo and beat
times the backend found once at upload (``MediaInfo.beats``). A song shorter than the video
loops, and so do its beats.

The video track's ``m.beats`` says whether cuts follow the beat. When it is true, every
batch of edits ends with :func:`snap`: each cut (the end of every item but the last) goes
to the beat nearest to where the durations put it, so the pace stays what it was, and
each item lasts at least one beat. A cut already on a beat stays put (to the
millisecond), so snapping twice changes nothing and an item nobody touched keeps its
length. The video's end is not a cut: the length stays exact (what the reply said, what
the user fixed), and the last item takes up the difference.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .._exceptions import DraftError
from ..models import LIBRARY_PREFIX, Draft, MediaInfo, Segment
from .timeline import audio_tracks, retime, video_track

ON_BEAT_MS = 2.0
"""A cut this close to a beat is on it (durations are whole milliseconds, beats are not)."""
MIN_ITEM_MS = 300
SHORTEST_TAIL_MS = 1000


@dataclass(frozen=True)
class Grid:
    """Beat times on the timeline (ms, increasing) and the tempo they were found at."""

    beats: tuple[float, ...]
    tempo_bpm: float

    def nearest(self, t: float, after: float) -> float | None:
        """The beat nearest ``t`` among those later than ``after``."""
        i = bisect.bisect_right(self.beats, after)
        if i >= len(self.beats):
            return None
        j = bisect.bisect_left(self.beats, t, lo=i)
        near = [self.beats[k] for k in (j - 1, j) if i <= k < len(self.beats)]
        return min(near, key=lambda b: abs(b - t)) if near else None

    def latest(self, before: float, after: float) -> float | None:
        """The last beat earlier than ``before`` and later than ``after``."""
        i = bisect.bisect_left(self.beats, before) - 1
        return self.beats[i] if i >= 0 and self.beats[i] > after else None


@lru_cache(maxsize=16)
def _library_period_ms(mood: str) -> float | None:
    try:
        from ..render.music import beat_period
    except ImportError:  # the renderer's extra is not installed: no grid to follow
        return None
    try:
        return beat_period(mood) * 1000.0
    except DraftError:  # an unknown mood: the renderer refuses it at export, not here
        return None


def _repeat(beats: list[float], period: float, offset: float, until: float) -> tuple[float, ...]:
    """``beats`` (ms within one loop of ``period``) placed from ``offset`` and looped to ``until``."""
    out: list[float] = []
    start = offset
    while start < until and period > 0:
        out.extend(start + b for b in beats if b < period and start + b < until)
        start += period
    return tuple(out)


def _carried_on(beats: list[float], period: float, until: float) -> list[float]:
    """The beats found, then on at their own pace to ``until`` (the backend analyses the
    first minutes of a long song; the tracker leaves out a fading outro). The pace is the
    found beats' mean step, finer than the rounded tempo."""
    out = list(beats)
    if len(out) > 1:
        period = (out[-1] - out[0]) / (len(out) - 1)
    while out and period > 0 and out[-1] + period < until:
        out.append(out[-1] + period)
    return out


def grid(draft: Draft, media: Callable[[str], MediaInfo | None], until_ms: float) -> Grid | None:
    """The beats of the background music on the timeline up to ``until_ms``; None when
    there is no music or its beat is not known."""
    for track in audio_tracks(draft):
        for seg in track.sg[:1]:
            src = seg.src or ""
            if src.startswith(LIBRARY_PREFIX):
                period = _library_period_ms(src[len(LIBRARY_PREFIX) :])
                if not period:
                    return None
                count = int((until_ms - seg.st) // period) + 1
                return Grid(tuple(seg.st + k * period for k in range(count)), round(60000 / period, 2))
            info = media(src)
            if info is None or not info.beats or not info.tempo_bpm:
                return None
            length = info.duration * 1000.0 if seg.m.loop is not False and info.duration > 0 else until_ms
            beats = _carried_on([b * 1000.0 for b in info.beats], 60000.0 / info.tempo_bpm, length)
            return Grid(_repeat(beats, length, seg.st, until_ms), info.tempo_bpm)
    return None


def syncs(draft: Draft) -> bool:
    track = video_track(draft)
    return bool(track is not None and track.m.beats)


def _cuts(
    items: list[Segment], beats: Grid, total: int, room: Callable[[Segment], float | None] | None
) -> list[int] | None:
    """Where each cut goes: the beat nearest to where the durations put it (the sum of
    those before, from the first cut on, so rounding never drifts), later than the cut before by at least
    MIN_ITEM_MS, within a clip's footage, leaving the last item a second before ``total``.
    None when the beats cannot hold the items."""
    cuts: list[int] = []
    cut, wanted = 0, 0
    for number, seg in enumerate(items[:-1], start=2):
        wanted += seg.d
        floor = cut + MIN_ITEM_MS - 1
        beat = beats.nearest(wanted, after=floor)
        if number == 2 and len(items) > 2:
            # The first cut: rather the beat after, so the first photo (the title's) does not shrink.
            beat = beats.nearest(wanted, after=max(floor, wanted - ON_BEAT_MS)) or beat
        elif number == len(items):
            # The last cut: rather the beat before, so the last item (the end card's) does
            # not shrink, unless the item before would lose more than a quarter.
            before = beats.latest(wanted + ON_BEAT_MS, after=floor)
            if before is not None and before - cut >= 0.75 * seg.d:
                beat = before
        longest = room(seg) if room is not None else None
        if beat is not None and longest is not None and beat - cut > longest:
            beat = beats.latest(cut + longest + 1, after=floor)
        if beat is None:
            return None
        at = wanted if abs(beat - wanted) <= ON_BEAT_MS else round(beat)
        cuts.append(max(at, cut + 1))
        cut = cuts[-1]
        if number == 2:
            wanted = cut  # what the first cut moved, the others move too: no item pays for it
    tail = min(SHORTEST_TAIL_MS, items[-1].d)
    return cuts if total - cuts[-1] >= tail else None


def _halved(beats: Grid) -> Grid:
    """Eighth notes: the beats and the points halfway between them."""
    halves = [(a + b) / 2 for a, b in itertools.pairwise(beats.beats)]
    return Grid(tuple(sorted((*beats.beats, *halves))), beats.tempo_bpm)


def snap(
    draft: Draft,
    media: Callable[[str], MediaInfo | None],
    keep_total: bool = True,
    room: Callable[[Segment], float | None] | None = None,
) -> Grid | None:
    """Move every cut onto a beat (see the module's docstring). Photos quicker than the
    beat cut on the off-beats too; when even those cannot hold them, nothing moves.
    ``keep_total``: the video keeps its length (the last item takes up the difference);
    otherwise the last item keeps its own (one photo made longer leaves the others as
    they were). ``room(seg)`` is the most an item may last (a clip's footage), None for
    no limit. Returns the grid the cuts are on, None when they did not move."""
    track = video_track(draft)
    if track is None or len(track.sg) < 2:
        return None
    items = track.sg
    total = sum(seg.d for seg in items)
    beats = grid(draft, media, total + 60000)
    if beats is None or len(beats.beats) < 2:
        return None
    cuts = _cuts(items, beats, total, room)
    for _ in range(2):
        if cuts is not None:
            break
        beats = _halved(beats)
        cuts = _cuts(items, beats, total, room)
    if cuts is None:
        return None
    tail = items[-1].d
    previous = 0
    for seg, at in zip(items, cuts, strict=False):
        seg.d = at - previous
        previous = at
    items[-1].d = total - previous if keep_total else tail
    retime(draft)
    return beats
