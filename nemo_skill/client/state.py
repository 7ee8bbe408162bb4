"""Reading a session's state and saying it in words.

The timeline line comes from :func:`nemo_skill.summary.summarize` (one summary for
the interpreter and the client, in the protocol's format); this module adds the
list of uploaded media.
"""

from __future__ import annotations

from ..models import Draft, MediaInfo, SessionState, StateData
from ..summary import summarize
from ._http import HttpClient

__all__ = ["describe_media", "describe_state", "read_state", "timeline_summary"]


def read_state(http: HttpClient, session_id: str) -> SessionState:
    data = http.call("GET", f"/api/state/nemo_agent/me/{session_id}/latest")
    if isinstance(data, dict) and "state" in data:
        return StateData.model_validate(data).state
    return SessionState.model_validate(data or {})


def timeline_summary(draft: Draft | None) -> str:
    if draft is None or not draft.renderable:
        return "Timeline is empty: nothing has been made yet."
    return summarize(draft)


def _one_media(info: MediaInfo) -> str:
    size = f" {info.width}x{info.height}" if info.width and info.height else ""
    length = f", {info.duration:g} s" if info.duration else ""
    return f"{info.filename} ({info.file_type}{size}{length})"


def describe_media(media: list[MediaInfo]) -> str:
    if not media:
        return "Media: none uploaded yet."
    return f"Media ({len(media)}): " + ", ".join(_one_media(info) for info in media)


def describe_state(state: SessionState) -> str:
    return f"{timeline_summary(state.draft)}\n{describe_media(state.video_infos)}"
