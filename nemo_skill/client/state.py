"""Reading a session's state and saying it in words.

The timeline line comes from :func:`nemo_skill.summary.summarize` (one summary for
the interpreter and the client, in the protocol's format); this module adds the
list of uploaded media.
"""

from __future__ import annotations

from math import gcd
from typing import Any

from ..models import (
    LIBRARY_PREFIX,
    TRACK_AUDIO,
    TRACK_TEXT,
    TRACK_VIDEO,
    Draft,
    MediaInfo,
    SessionState,
    StateData,
)
from ..models.protocol import STATE
from ..summary import summarize
from ._http import HttpClient

__all__ = [
    "describe_media",
    "describe_state",
    "describe_upload",
    "read_state",
    "timeline_settings",
    "timeline_summary",
]


def read_state(http: HttpClient, session_id: str) -> SessionState:
    data = http.call(STATE.method, STATE.path(sid=session_id))
    if isinstance(data, dict) and "state" in data:
        parsed = StateData.model_validate(data)
        parsed.state.warning = parsed.warning  # the local backend fell back to an older version
        return parsed.state
    return SessionState.model_validate(data or {})


def timeline_summary(draft: Draft | None) -> str:
    if draft is None or not draft.renderable:
        return "Timeline is empty: nothing has been made yet."
    return summarize(draft)


def _aspect(width: int, height: int) -> str:
    divisor = gcd(width, height) or 1
    return f"{width // divisor}:{height // divisor}"


def _one_or_mixed(values: list[Any]) -> Any:
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else ("mixed" if distinct else None)


def timeline_settings(draft: Draft | None) -> dict[str, Any] | None:
    """What the timeline is set to, for machines (``state --json``): canvas, length, filter,
    transitions, camera motion, titles and music. None before anything is made."""
    if draft is None or not draft.renderable:
        return None
    video = [seg for track in draft.tracks(TRACK_VIDEO) for seg in track.sg]
    cuts = video[:-1]  # the last segment's transition leads nowhere
    transitions = [seg.m.tr.name for seg in cuts if seg.m.tr is not None and seg.m.tr.d > 0]
    music = [
        {
            "source": seg.src,
            "library": bool(seg.src and seg.src.startswith(LIBRARY_PREFIX)),
            "mood": seg.m.mood,
            "volume": track.m.vol if track.m.vol is not None else seg.m.vol,
        }
        for track in draft.tracks(TRACK_AUDIO)
        for seg in track.sg
    ]
    titles = [
        {"text": seg.m.text or "", "role": seg.m.role, "start_s": seg.st / 1000, "end_s": seg.end / 1000}
        for track in draft.tracks(TRACK_TEXT)
        for seg in track.sg
    ]
    return {
        "canvas": {
            "width": draft.m.w,
            "height": draft.m.h,
            "fps": draft.m.fps,
            "aspect": _aspect(draft.m.w, draft.m.h),
        },
        "duration_s": draft.d / 1000 if draft.d else max((seg.end for seg in video), default=0) / 1000,
        "segments": len(video),
        "filter": _one_or_mixed([seg.m.filter or "none" for seg in video]),
        "fit": _one_or_mixed([seg.m.fit or "cover" for seg in video]),
        "transitions": {
            "names": list(dict.fromkeys(transitions)),
            "count": len(transitions),
            "duration_ms": _one_or_mixed(
                [seg.m.tr.d for seg in cuts if seg.m.tr is not None and seg.m.tr.d > 0]
            ),
        },
        "motion": _one_or_mixed(
            [(seg.m.kb.dir if seg.m.kb.on else "none") if seg.m.kb is not None else "none" for seg in video]
        ),
        "titles": titles,
        "music": music,
    }


def _one_media(info: MediaInfo) -> str:
    size = f" {info.width}x{info.height}" if info.width and info.height else ""
    length = f", {info.duration:g} s" if info.duration else ""
    return f"{info.filename} ({info.file_type}{size}{length})"


def describe_media(media: list[MediaInfo]) -> str:
    if not media:
        return "Media: none uploaded yet."
    return f"Media ({len(media)}): " + ", ".join(_one_media(info) for info in media)


def describe_upload(media: list[MediaInfo]) -> str:
    return f"Uploaded {len(media)} file(s). {describe_media(media)}"


def describe_state(state: SessionState) -> str:
    text = f"{timeline_summary(state.draft)}\n{describe_media(state.video_infos)}"
    return f"Warning: {state.warning}.\n{text}" if state.warning else text
