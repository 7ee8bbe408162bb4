"""One-line timeline summary, shared by the client and the local backend.

Format (docs/protocol.md):
``Timeline (3 tracks): 1. Video: 12 photos (0-30s) 2. BGM: romantic (0-30s, 35%) 3. Title: "Urban Dreams" (0-3s)``

Stdlib and :mod:`nemo_skill.models` only, so the client can import it cheaply.
"""

from __future__ import annotations

from .models import LIBRARY_PREFIX, TRACK_AUDIO, TRACK_TEXT, TRACK_VIDEO, Draft, Segment, Track

ROLE_LABELS = {"title": "Title", "subtitle": "Subtitle", "caption": "Caption", "endcard": "End card"}


def seconds(ms: int) -> str:
    """30000 -> "30", 2500 -> "2.5" (one decimal at most)."""
    return f"{round(ms / 1000, 1):g}"


def _span(segments: list[Segment]) -> str:
    start = min(seg.st for seg in segments)
    end = max(seg.st + seg.d for seg in segments)
    return f"{seconds(start)}-{seconds(end)}s"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _video(track: Track) -> str:
    # A clip carries a trim-in point ("in"); a photo never does.
    clips = sum(1 for seg in track.sg if seg.m.in_ is not None)
    photos = len(track.sg) - clips
    parts = [_plural(photos, "photo")] if photos else []
    if clips:
        parts.append(_plural(clips, "clip"))
    return f"Video: {', '.join(parts) or 'empty'}" + (f" ({_span(track.sg)})" if track.sg else "")


def _audio(track: Track) -> str:
    name = track.m.name or "Audio"
    if not track.sg:
        return f"{name}: empty"
    seg = track.sg[0]
    if seg.m.mood:
        what = seg.m.mood
    elif seg.src and seg.src.startswith(LIBRARY_PREFIX):
        what = seg.src[len(LIBRARY_PREFIX) :]
    else:
        what = "uploaded track"
    volume = track.m.vol if track.m.vol is not None else (seg.m.vol if seg.m.vol is not None else 1.0)
    return f"{name}: {what} ({_span(track.sg)}, {round(volume * 100)}%)"


def _text_item(seg: Segment) -> str:
    return f'"{seg.m.text or ""}" ({_span([seg])})'


def _text(track: Track) -> str:
    if not track.sg:
        return "Text: empty"
    if len(track.sg) == 1:
        seg = track.sg[0]
        return f"{ROLE_LABELS.get(seg.m.role or 'title', 'Text')}: {_text_item(seg)}"
    items = [f"{ROLE_LABELS.get(seg.m.role or 'title', 'Text')} {_text_item(seg)}" for seg in track.sg]
    return "Text: " + ", ".join(items)


def summarize(draft: Draft) -> str:
    """The timeline in one line, tracks numbered in draft order."""
    if not draft.t:
        return "Timeline (0 tracks): empty"
    parts = []
    for number, track in enumerate(draft.t, start=1):
        if track.tt == TRACK_VIDEO:
            body = _video(track)
        elif track.tt == TRACK_AUDIO:
            body = _audio(track)
        elif track.tt == TRACK_TEXT:
            body = _text(track)
        else:
            body = f"Track type {track.tt}: {_plural(len(track.sg), 'item')}"
        parts.append(f"{number}. {body}")
    return f"Timeline ({_plural(len(draft.t), 'track')}): " + " ".join(parts)
