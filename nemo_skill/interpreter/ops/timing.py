"""Timing edits: the video's length, how long photos show (all, some, or the pace), and
whether the cuts follow the music's beat."""

from __future__ import annotations

from ...models import Draft, Segment
from .. import rhythm
from ..defaults import BUILD, TASTES, taste_name
from ..edits import MAX_ITEM_S, MIN_ITEM_S, BeatSync, SetLength, SetPhotoDuration
from ..timeline import retime, video_track
from .base import CannotDo, Env, Said, applies, seconds_en, seconds_zh
from .music import background
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
    env.length_fixed = True
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
    return said.stating(draft.d, "", "").then(note, _pace_advice(draft, photos, env))


def _pace_advice(draft: Draft, photos: list[Segment], env: Env) -> Said | None:
    """A length that leaves each photo a flash (< 1.2 s) or a wait (> 8 s): say so, and
    propose the length at the style's own pace. The length asked for is kept."""
    if not photos:
        return None
    each = sum(seg.d for seg in photos) / len(photos)
    if BUILD.quick_photo_ms <= each <= BUILD.slow_photo_ms:
        return None
    track = video_track(draft)
    taste = TASTES[taste_name(track.m.style if track else None)]
    pace = taste.photo_ms[1]
    proposed = round((draft.d - sum(seg.d for seg in photos) + pace * len(photos)) / 1000)
    count = len(photos)
    if each < BUILD.quick_photo_ms:
        return Said(
            f"That leaves each of the {count} photos only {seconds_en(each)}, too quick to take in; "
            f'say "make it {proposed} seconds" for about {seconds_en(pace)} each, or remove some photos.',
            f"这样{count}张照片每张只有{seconds_zh(each)}，太快了看不清；"
            f"可以说“改成{proposed}秒”（每张约{seconds_zh(pace)}），或者删掉几张照片。",
            advice=True,
        )
    return Said(
        f"That keeps each of the {count} photos on screen for {seconds_en(each)}, long for a still picture; "
        f'say "make it {proposed} seconds" for about {seconds_en(pace)} each, or add more photos.',
        f"这样{count}张照片每张要停留{seconds_zh(each)}，静态照片显得太久；"
        f"可以说“改成{proposed}秒”（每张约{seconds_zh(pace)}），或者再加几张照片。",
        advice=True,
    )


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
    env.durations_fixed = env.durations_fixed or edit.seconds is not None
    freed = _free_from_beat(draft) if edit.seconds is not None else None
    if freed is not None:
        notes.append(freed)
    # A pace or one photo longer: back on the beat before the sentence says the lengths
    # (the photos not named keep theirs, so the video's length follows).
    env.on_beat(draft, keep_total=False)
    total_en, total_zh = seconds_en(draft.d), seconds_zh(draft.d)
    if edit.photo is not None:
        each_en = seconds_en(chosen[0].d) if len({seg.d for seg in chosen}) == 1 else "longer"
        each_zh = seconds_zh(chosen[0].d) if len({seg.d for seg in chosen}) == 1 else "更久"
        shown_en = f"{label_en.capitalize()} {'shows' if len(chosen) == 1 else 'show'} for {each_en}"
        shown_zh = f"{label_zh}显示{each_zh}"
    elif edit.seconds is not None:
        shown_en = f"Each photo shows for {seconds_en(chosen[0].d)}"
        shown_zh = f"每张照片显示{seconds_zh(chosen[0].d)}"
    elif (edit.factor or 1) < 1:
        shown_en, shown_zh = "The pace is faster", "节奏加快了"
    else:
        shown_en, shown_zh = "The pace is slower", "节奏放慢了"
    said = Said(f"{shown_en}; the video is {total_en} long.", f"{shown_zh}，视频总长{total_zh}。")
    return said.stating(draft.d, f"{shown_en}.", f"{shown_zh}。").then(*notes)


def _free_from_beat(draft: Draft) -> Said | None:
    """Durations the user gave in seconds are kept to the millisecond: the cuts stop
    following the beat (and the reply says how to bring it back)."""
    track = video_track(draft)
    if track is None or not track.m.beats:
        return None
    track.m.beats = False
    return Said(
        'The cuts no longer follow the beat, so every photo keeps the time you gave it (say "cut to the beat" '
        "to bring that back).",
        "转场不再卡节拍，照片按你给的时长显示（想恢复可以说“卡点”）。",
    )


@applies("beat_sync")
def beat_sync(draft: Draft, edit: BeatSync, env: Env) -> Said:
    track = video_track(draft)
    if track is None or not track.sg:
        raise CannotDo("There is nothing on the timeline to cut yet.", "时间线上还没有内容。")
    if not edit.on:
        if not track.m.beats:
            return Said("The cuts already ignore the beat.", "转场本来就没有卡节拍。", noop=True)
        track.m.beats = False
        return Said("The cuts no longer follow the beat of the music.", "转场不再卡音乐的节拍。")
    if background(draft) is None:
        raise CannotDo(
            'There is no music to cut to yet; add some first, for example "add upbeat music".',
            "还没有音乐可以卡点，请先加音乐，例如“加欢快的音乐”。",
        )
    already = bool(track.m.beats)
    track.m.beats = True
    found = rhythm.grid(draft, env.media.get, draft.d + 1)
    if found is None:
        return Said(
            "I can't find a steady beat in this music, so the cuts stay where they are.",
            "这段音乐听不出稳定的节拍，转场位置保持不变。",
            noop=already,
        )
    tempo = f"{found.tempo_bpm:.0f}"
    if already:
        return Said(
            f"The cuts already land on the beat ({tempo} BPM).",
            f"转场已经卡在节拍上了（每分钟{tempo}拍）。",
            noop=True,
        )
    return Said(
        f"Every cut lands on a beat of the music ({tempo} BPM).",
        f"每个转场都卡在音乐的节拍上（每分钟{tempo}拍）。",
    )
