"""Canvas edits: aspect ratio, resolution, frame rate."""

from __future__ import annotations

from ...models import Draft
from ...models.draft import RESOLUTIONS
from ..edits import SetAspect, SetFps, SetResolution
from ..timeline import aspect_of, canvas_size, fit_for, short_side_of, video_track
from .base import Env, Said, applies


def _resize(draft: Draft, aspect: str, short: int, env: Env) -> bool:
    """False when the canvas already has that size (then nothing is touched)."""
    canvas = draft.m
    size = canvas_size(aspect, short)
    if (canvas.w, canvas.h) == size:
        return False
    canvas.w, canvas.h = size
    track = video_track(draft)
    for seg in track.sg if track else []:
        if env.kind_of(seg.src) == "image" or seg.m.fit is not None:
            seg.m.fit = fit_for(env.media.get(seg.src or ""), canvas.w, canvas.h)  # type: ignore[assignment]
    return True


def _said(draft: Draft, changed: bool, env: Env) -> Said:
    aspect = aspect_of(draft.m.w, draft.m.h)
    size = f"{draft.m.w}x{draft.m.h}"
    if not changed and env.generating:  # a new video asked at the size it has: not "already"
        return Said(f"It is {size}.", f"画面为{size}。", noop=True)
    if not changed:
        return Said(f"The video is already {aspect} ({size}).", f"画面已经是{aspect}（{size}）。", noop=True)
    return Said(f"The video is {aspect} ({size}).", f"画面设为{aspect}（{size}）。")


@applies("set_aspect")
def set_aspect(draft: Draft, edit: SetAspect, env: Env) -> Said:
    return _said(draft, _resize(draft, edit.aspect, short_side_of(draft.m.w, draft.m.h), env), env)


@applies("set_resolution")
def set_resolution(draft: Draft, edit: SetResolution, env: Env) -> Said:
    return _said(
        draft, _resize(draft, aspect_of(draft.m.w, draft.m.h), RESOLUTIONS[edit.resolution], env), env
    )


@applies("set_fps")
def set_fps(draft: Draft, edit: SetFps, env: Env) -> Said:
    draft.m.fps = edit.fps
    return Said(f"The video plays at {edit.fps} fps.", f"帧率设为每秒{edit.fps}帧。")
