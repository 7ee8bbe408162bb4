"""Read a draft's wire dict the way a person would look at the video.

Independent of the interpreter: these accessors follow docs/draft-format.md only
(track types 0/1/7, ``m.tr``, ``m.filter``, ``m.role``/``m.text``, canvas ``w``/``h``).
"""

from __future__ import annotations

from math import gcd
from typing import Any

Wire = dict[str, Any]

VIDEO, AUDIO, TEXT = 0, 1, 7


def segments(draft: Wire, tt: int) -> list[Wire]:
    return [seg for track in draft.get("t", []) if track.get("tt") == tt for seg in track.get("sg", [])]


def video(draft: Wire) -> list[Wire]:
    return segments(draft, VIDEO)


def audio(draft: Wire) -> list[Wire]:
    return segments(draft, AUDIO)


def texts(draft: Wire) -> list[Wire]:
    return segments(draft, TEXT)


def meta(seg: Wire) -> Wire:
    return seg.get("m") or {}


def sources(draft: Wire) -> list[str]:
    return [str(seg.get("src")) for seg in video(draft)]


def durations(draft: Wire) -> list[int]:
    return [int(seg["d"]) for seg in video(draft)]


def length_ms(draft: Wire) -> int:
    """What the viewer sees: the sum of the video track's durations."""
    return sum(durations(draft))


def cuts(draft: Wire) -> list[Wire]:
    """The segments whose transition matters: every video segment but the last."""
    return video(draft)[:-1]


def transition(seg: Wire) -> Wire | None:
    tr = meta(seg).get("tr")
    return tr if isinstance(tr, dict) else None


def transitions(draft: Wire) -> list[tuple[str, int] | None]:
    """(name, d) per cut, None for a plain cut without ``tr``."""
    out: list[tuple[str, int] | None] = []
    for seg in cuts(draft):
        tr = transition(seg)
        out.append(None if tr is None else (str(tr.get("name", "fade")), int(tr.get("d", 500))))
    return out


def aspect(draft: Wire) -> str:
    w, h = int(draft["m"].get("w", 1920)), int(draft["m"].get("h", 1080))
    k = gcd(w, h)
    return f"{w // k}:{h // k}"


def short_side(draft: Wire) -> int:
    return min(int(draft["m"].get("w", 1920)), int(draft["m"].get("h", 1080)))


def filters(draft: Wire) -> list[str]:
    return [str(meta(seg).get("filter") or "none") for seg in video(draft)]


def music_sources(draft: Wire) -> list[str]:
    return [str(seg.get("src")) for seg in audio(draft)]


def titles(draft: Wire) -> list[Wire]:
    return [seg for seg in texts(draft) if meta(seg).get("role") == "title"]


def title_texts(draft: Wire) -> list[str]:
    return [str(meta(seg).get("text", "")) for seg in titles(draft)]
