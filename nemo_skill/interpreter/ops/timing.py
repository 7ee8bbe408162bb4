"""Timing edits: the video's length, and how long photos show (all, some, or the pace)."""

from __future__ import annotations

from ...models import Draft, Segment
from ..edits import MAX_ITEM_S, MIN_ITEM_S, SetLength, SetPhotoDuration
from ..timeline import retime, video_track
from .base import CannotDo, Env, Said, applies, seconds_en, seconds_zh
from .targets import describe, pick

MIN_MS = round(MIN_ITEM_S * 1000)
MAX_MS = round(MAX_ITEM_S * 1000)
# Clips keep their cut unless they alone would take more than this share of a new length.
CLIP_SHARE_LIMIT = 0.6


def _items(draft: Draft, what_en: str, what_zh: str) -> list[Segment]:
    track = video_track(draft)
    if track is None or not track.sg:
        raise CannotDo(
            f"There is nothing on the timeline to {what_en} yet.", f"时间线上还没有可以{what_zh}的内容。"
        )
    return track.sg


def scale_to(segments: list[Segment], room: int) -> None:
    """Scale durations in proportion so they sum to ``room`` exactly: each is rounded to
    10 ms and the last one takes what the rounding left."""
    current = sum(seg.d for seg in segments)
    factor = room / current
    assigned = 0
    for seg in segments[:-1]:
        seg.d = max(MIN_MS, round(seg.d * factor / 10.0) * 10)
        assigned += seg.d
    segments[-1].d = max(MIN_MS, room - assigned)


@applies("set_length")
def set_length(draft: Draft, edit: SetLength, env: Env) -> Said:
    items = _items(draft, "lengthen", "调整时长")
    pinned = [seg for seg in items if id(seg) in env.pinned]
    loose = [seg for seg in items if id(seg) not in env.pinned] or items
    fixed = sum(seg.d for seg in pinned) if loose is not items else 0
    wanted = round(edit.seconds * 1000)
    shortest = fixed + MIN_MS * len(loose)
    note = None
    if wanted < shortest:
        note = Said(
            f"{seconds_en(wanted)} is too short for {len(items)} items, so I used the shortest that fits.",
            f"{seconds_zh(wanted)}放不下{len(items)}个片段，已用能放下的最短时长。",
        )
        wanted = shortest
    photos = [seg for seg in loose if env.kind_of(seg.src) != "video"]
    clips = [seg for seg in loose if env.kind_of(seg.src) == "video"]
    clip_total = sum(seg.d for seg in clips)
    room = wanted - fixed
    if photos and clip_total <= CLIP_SHARE_LIMIT * room and room - clip_total >= MIN_MS * len(photos):
        scale_to(photos, room - clip_total)
    else:
        scale_to(loose, room)
    retime(draft)
    said = Said(f"The video is {seconds_en(draft.d)} long.", f"视频总长改为{seconds_zh(draft.d)}。")
    return said.then(note)


def _clamp_ms(ms: float) -> tuple[int, Said | None]:
    value = round(ms / 10.0) * 10
    if value < MIN_MS:
        return MIN_MS, Said(
            f"A photo shows for at least {seconds_en(MIN_MS)}, so I used that.",
            f"每张照片至少显示{seconds_zh(MIN_MS)}，已按此设置。",
        )
    if value > MAX_MS:
        return MAX_MS, Said(
            f"A photo shows for at most {seconds_en(MAX_MS)}, so I used that.",
            f"每张照片最多显示{seconds_zh(MAX_MS)}，已按此设置。",
        )
    return int(value), None


@applies("set_photo_duration")
def set_photo_duration(draft: Draft, edit: SetPhotoDuration, env: Env) -> Said:
    items = _items(draft, "time", "调整时长")
    if edit.photo is None:
        chosen = [seg for seg in items if env.kind_of(seg.src) == "image"]
        if not chosen:
            raise CannotDo("There are no photos to time yet.", "还没有可以调整时长的照片。")
    else:
        indexes = pick(draft, edit.photo, edit.among, env)
        chosen = [items[i] for i in indexes]
        label_en, label_zh = describe(draft, indexes, env)
    notes: list[Said] = []
    for seg in chosen:
        wanted = edit.seconds * 1000 if edit.seconds is not None else seg.d * float(edit.factor or 1)
        seg.d, note = _clamp_ms(wanted)
        if note and note not in notes:
            notes.append(note)
        if edit.photo is not None:
            env.pinned.add(id(seg))
    retime(draft)
    total_en, total_zh = seconds_en(draft.d), seconds_zh(draft.d)
    if edit.photo is not None:
        each_en = seconds_en(chosen[0].d) if len({seg.d for seg in chosen}) == 1 else "longer"
        each_zh = seconds_zh(chosen[0].d) if len({seg.d for seg in chosen}) == 1 else "更久"
        said = Said(
            f"{label_en.capitalize()} {'shows' if len(chosen) == 1 else 'show'} for {each_en}; the video is {total_en} long.",
            f"{label_zh}显示{each_zh}，视频总长{total_zh}。",
        )
    elif edit.seconds is not None:
        said = Said(
            f"Each photo shows for {seconds_en(chosen[0].d)}; the video is {total_en} long.",
            f"每张照片显示{seconds_zh(chosen[0].d)}，视频总长{total_zh}。",
        )
    elif (edit.factor or 1) < 1:
        said = Said(f"The pace is faster; the video is {total_en} long.", f"节奏加快了，视频总长{total_zh}。")
    else:
        said = Said(f"The pace is slower; the video is {total_en} long.", f"节奏放慢了，视频总长{total_zh}。")
    return said.then(*notes)
