"""Motion: Ken Burns on every photo, on/off, direction, and more or less of it."""

from __future__ import annotations

from ...models import Draft, KenBurns, Segment
from ..edits import SetMotion
from ..timeline import video_track
from .base import CannotDo, Env, Said, applies

MIN_AMOUNT, MAX_AMOUNT = 0.02, 0.6
DEFAULT_AMOUNT = 0.1
DIRECTIONS_EN = {"in": "zooms in", "out": "zooms out", "left": "pans left", "right": "pans right", "up": "pans up",
           "down": "pans down", "auto": "moves in a direction of its own"}  # fmt: skip
DIRECTIONS_ZH = {"in": "放大推近", "out": "缩小拉远", "left": "向左平移", "right": "向右平移", "up": "向上平移",
           "down": "向下平移", "auto": "按各自的方向移动"}  # fmt: skip


def _photos(draft: Draft, env: Env) -> list[Segment]:
    track = video_track(draft)
    photos = [seg for seg in (track.sg if track else []) if env.kind_of(seg.src) == "image"]
    if not photos:
        raise CannotDo("There are no photos to move yet.", "还没有可以加动效的照片。")
    return photos


@applies("set_motion")
def set_motion(draft: Draft, edit: SetMotion, env: Env) -> Said:
    photos = _photos(draft, env)
    for seg in photos:
        kb = seg.m.kb or KenBurns(amount=DEFAULT_AMOUNT)
        if edit.on is not None:
            kb.on = edit.on
        if edit.direction is not None:
            kb.on = True
            kb.dir = edit.direction
        if edit.factor is not None:
            kb.on = True
            kb.amount = round(min(MAX_AMOUNT, max(MIN_AMOUNT, kb.amount * edit.factor)), 3)
        if edit.amount is not None:
            kb.on = edit.amount > 0
            kb.amount = round(max(MIN_AMOUNT, edit.amount), 3)
        seg.m.kb = kb
    if edit.on is False:
        return Said("The photos stay still, with no zoom or pan.", "照片不再缩放或平移，保持静止。")
    parts: list[Said] = []
    if edit.direction is not None:
        parts.append(
            Said(
                f"Every photo slowly {DIRECTIONS_EN[edit.direction]}.",
                f"每张照片都改为{DIRECTIONS_ZH[edit.direction]}。",
            )
        )
    if edit.amount is not None:
        parts.append(Said("The photos move gently." if edit.amount <= 0.1 else "The photos move boldly.",
                          "照片的动效更轻柔了。" if edit.amount <= 0.1 else "照片的动效更明显了。"))  # fmt: skip
    if edit.factor is not None:
        if edit.factor < 1:
            parts.append(Said("The zoom and pan are slower and subtler.", "照片的缩放和平移更慢、更轻柔了。"))
        else:
            parts.append(
                Said("The zoom and pan are faster and stronger.", "照片的缩放和平移更快、更明显了。")
            )
    if not parts:
        return Said("The photos move gently (Ken Burns).", "照片加上了缓慢的推拉动效。")
    return parts[0].then(*parts[1:])
