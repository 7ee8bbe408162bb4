"""What changed between two drafts, in words.

About a third of edits close the stream without a word; the runtime then compares
the draft before the message with the one after and tells the user this.
"""

from __future__ import annotations

from collections import Counter

from ..models import LIBRARY_PREFIX, TRACK_AUDIO, TRACK_TEXT, TRACK_VIDEO, Draft, Segment

__all__ = ["describe_changes"]


def _seconds(ms: int) -> str:
    return f"{ms / 1000:g} s"


def _video_segments(draft: Draft) -> list[Segment]:
    return [seg for track in draft.tracks(TRACK_VIDEO) for seg in track.sg]


def _music(draft: Draft) -> list[tuple[str, float | None]]:
    out = []
    for track in draft.tracks(TRACK_AUDIO):
        for seg in track.sg:
            src = seg.src or ""
            name = (
                src[len(LIBRARY_PREFIX) :] + " music"
                if src.startswith(LIBRARY_PREFIX)
                else "your music track"
            )
            vol = seg.m.vol if seg.m.vol is not None else track.m.vol
            out.append((name, vol))
    return out


def _texts(draft: Draft) -> list[str]:
    return [seg.m.text or "" for track in draft.tracks(TRACK_TEXT) for seg in track.sg]


def _uniform(values: list[str]) -> str | None:
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else None


def _video_changes(before: Draft, after: Draft) -> list[str]:
    old, new = _video_segments(before), _video_segments(after)
    lines: list[str] = []
    old_srcs, new_srcs = [s.src for s in old], [s.src for s in new]
    if len(new) > len(old):
        lines.append(f"{len(new) - len(old)} photo(s) or clip(s) were added ({len(new)} in all).")
    elif len(new) < len(old):
        lines.append(f"{len(old) - len(new)} photo(s) or clip(s) were removed ({len(new)} left).")
    elif old_srcs != new_srcs and sorted(map(str, old_srcs)) == sorted(map(str, new_srcs)):
        lines.append("The photos are in a new order.")
    if len(old) == len(new) and [s.d for s in old] != [s.d for s in new]:
        durations = sorted({s.d for s in new})
        each = f"{_seconds(durations[0])} each" if len(durations) == 1 else "new lengths"
        lines.append(f"The photos have {each}.")
    old_tr = [s.m.tr.name if s.m.tr else "none" for s in old[:-1]]
    new_tr = [s.m.tr.name if s.m.tr else "none" for s in new[:-1]]
    if new_tr and old_tr != new_tr:
        main = _uniform(new_tr)
        if main == "none":
            lines.append("The transitions are now straight cuts.")
        else:
            lines.append(f"The transitions are now mostly {main}.")
    elif new_tr and [s.m.tr.d if s.m.tr else 0 for s in old[:-1]] != [
        s.m.tr.d if s.m.tr else 0 for s in new[:-1]
    ]:
        lines.append("The transitions have a new speed.")
    old_filters = [s.m.filter or "none" for s in old]
    new_filters = [s.m.filter or "none" for s in new]
    if old_filters != new_filters:
        look = _uniform(new_filters)
        lines.append("The colour filter was removed." if look == "none" else f"The look is now {look}.")
    old_kb = [bool(s.m.kb and s.m.kb.on) for s in old]
    new_kb = [bool(s.m.kb and s.m.kb.on) for s in new]
    if len(old) == len(new) and old_kb != new_kb:
        lines.append("Photo motion is now on." if any(new_kb) else "Photo motion is now off.")
    return lines


def _music_changes(before: Draft, after: Draft) -> list[str]:
    old, new = _music(before), _music(after)
    if old == new:
        return []
    if not new:
        return ["The music was removed."]
    name, vol = new[0]
    volume = f" at {round(vol * 100)}% volume" if vol is not None else ""
    if not old:
        return [f"Added {name}{volume}."]
    if old[0][0] != name:
        return [f"The music is now {name}{volume}."]
    return (
        [f"The music volume is now {round((vol or 0) * 100)}%."]
        if vol != old[0][1]
        else ["The music changed."]
    )


def _text_changes(before: Draft, after: Draft) -> list[str]:
    old, new = _texts(before), _texts(after)
    if old == new:
        return []
    added = [t for t in new if t not in old]
    removed = [t for t in old if t not in new]
    lines = [f'Added the text "{t}".' for t in added]
    lines += [f'Removed the text "{t}".' for t in removed]
    return lines or ["The text on screen changed."]


def describe_changes(before: Draft | None, after: Draft | None) -> str:
    """One short paragraph saying what is different; never empty."""
    if after is None:
        return "The timeline is empty."
    if before is None or not before.renderable:
        if not after.renderable:
            return "Nothing on the timeline changed."
        photos = len(_video_segments(after))
        return f"Made a first cut: {photos} photo(s) or clip(s), {_seconds(after.d)} long."
    lines: list[str] = []
    if (before.m.w, before.m.h) != (after.m.w, after.m.h):
        lines.append(f"The video is now {after.m.w}x{after.m.h} (was {before.m.w}x{before.m.h}).")
    if before.m.fps != after.m.fps:
        lines.append(f"It now plays at {after.m.fps} fps.")
    if before.d != after.d:
        lines.append(f"It is now {_seconds(after.d)} long (was {_seconds(before.d)}).")
    lines += _video_changes(before, after)
    lines += _music_changes(before, after)
    lines += _text_changes(before, after)
    if (before.m.fade_in, before.m.fade_out) != (after.m.fade_in, after.m.fade_out):
        lines.append("The fade at the start or end changed.")
    if not lines and before.dump() != after.dump():
        lines.append("The timeline was adjusted.")
    return " ".join(lines) if lines else "Nothing on the timeline changed."
