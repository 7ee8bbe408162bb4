"""Timing: total length, seconds per photo, faster/slower pacing."""

from __future__ import annotations

import re
from typing import Any

from ...models import Draft
from ..extract import duration_in, take_durations
from ..message import Message
from ..ops import CannotDo, Env, Op, Said, operation, seconds_en, seconds_zh
from ..refs import REF_RE
from ..timeline import MIN_SEGMENT_MS, retime, video_track
from ..words import DURATION, GAP
from . import ParseState

_PHOTO = r"(?:photo|picture|pic|image|slide|shot)s?"
_PER_PHOTO = (
    rf"(?P<d>{DURATION})\s*(?:each\s+)?(?:per|for each|for every|a|each|on each|on every)\s+{_PHOTO}",
    rf"\b(?:each|every)\s+{_PHOTO}{GAP}(?P<d>{DURATION})",
    rf"{_PHOTO}\s+(?:at|of|for|to|last|lasts)\s+(?P<d>{DURATION})\s*(?:each|apiece)?",
    rf"每(?:张|个|幅)(?:照片|图片|图)?{GAP}(?P<d>{DURATION})",
    rf"(?:照片|图片)(?:每张)?(?:都)?(?:显示|停留|播放)?\s*(?P<d>{DURATION})(?:一张|每张)",
)
_TOTAL = (
    rf"(?P<d>{DURATION})\s*(?:-?\s*long\s*)?(?:[\w-]+\s+){{0,3}}?(?:video|movie|film|reel|slideshow|version|clip|invitation|montage)\b",
    rf"\b(?:make|cut|trim|shorten|extend|lengthen|change|set|keep|bring|want|need|like)\b{GAP}\b(?:to|into|at|under|be|it)\b\s*(?:about|around|exactly|roughly|~)?\s*(?P<d>{DURATION})",
    rf"\b(?:length|duration|total|runtime|run time|long)\b{GAP}(?P<d>{DURATION})",
    rf"(?P<d>{DURATION})\s*(?:long|in total|total|overall)\b",
    rf"(?:总长|总时长|时长|长度|视频|总共|一共|整个视频|全片)(?:度)?(?:改为|改成|设为|设成|缩短到|加长到|控制在|为|是|到|在)?\s*(?P<d>{DURATION})",
    rf"(?:做成|剪成|缩短到|缩短成|加长到|延长到|改成|改为|变成)\s*(?P<d>{DURATION})",
    # "8秒的婚礼邀请视频": a few characters may describe the video before its noun.
    rf"(?P<d>{DURATION})(?:左右)?(?:的|长的)?[\u4e00-\u9fff]{{0,6}}?(?:视频|短片|影片|邀请|请柬)",
    r"^\s*(?:make it\s+)?(?P<d>\d+:[0-5]\d)\s*$",
)
_FASTER = (
    r"\b(?:faster|quicker|snappier|speed (?:it |things )?up|pick up the pace|shorter|more energetic)\b"
    r"|节奏(?:快|紧凑)|快(?:一点|一些|点)|加快|紧凑一点|短一点"
)
_SLOWER = (
    r"\b(?:slower|slow (?:it |things )?down|more relaxed|longer|calmer|take (?:it|more) time)\b"
    r"|节奏(?:慢|舒缓)|慢(?:一点|一些|点)|放慢|长一点"
)
FASTER_FACTOR = 0.75
SLOWER_FACTOR = 1.0 / FASTER_FACTOR


def _take_duration(msg: Message, patterns: tuple[str, ...]) -> float | None:
    for pattern in patterns:
        match = msg.find(pattern)
        if match:
            value = duration_in(match.group("d"))
            if value is None and re.fullmatch(r"\d+:[0-5]\d", match.group("d")):
                minutes, seconds = match.group("d").split(":")
                value = int(minutes) * 60000 + int(seconds) * 1000
            if value:
                msg.consume(match)
                return value
    return None


def parse(msg: Message, state: ParseState) -> list[Op]:
    ops: list[Op] = []
    per_photo = _take_duration(msg, _PER_PHOTO)
    if per_photo:
        ops.append(Op("set_photo_duration", {"ms": int(per_photo)}))
    total = _take_duration(msg, _TOTAL)
    bare = re.fullmatch(rf"\W*(?:about|around|~|大约|大概)?\s*{DURATION}\s*(?:左右|long)?\W*", msg.text)
    if (
        total is None
        and not per_photo
        and (bare or msg.has(r"\b(?:make it|video|long|length)\b|视频|改成|时长|长度"))
    ):
        # "make it 45s": one bare duration left when the rest was understood.
        found = take_durations(msg)
        if len(found) == 1:
            total = found[0].value
    if total:
        ops.append(Op("set_total_length", {"ms": int(total)}))
    # "make photo 3 longer" is about one photo, which pacing (every photo) must not answer.
    if not ops and not REF_RE.search(msg.text):
        if msg.take(_FASTER):
            ops.append(Op("scale_pacing", {"factor": FASTER_FACTOR}))
        elif msg.take(_SLOWER):
            ops.append(Op("scale_pacing", {"factor": round(SLOWER_FACTOR, 4)}))
    return ops


@operation("set_photo_duration")
def set_photo_duration(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    ms = max(MIN_SEGMENT_MS, int(args["ms"]))
    track = video_track(draft)
    photos = [seg for seg in (track.sg if track else []) if env.kind_of(seg.src) == "image"]
    if not photos:
        raise CannotDo("There are no photos to time yet.", "还没有可以调整时长的照片。")
    for seg in photos:
        seg.d = ms
    retime(draft)
    return Said(
        f"Each photo shows for {seconds_en(ms)}; the video is {seconds_en(draft.d)} long.",
        f"每张照片显示{seconds_zh(ms)}，视频总长{seconds_zh(draft.d)}。",
    )


@operation("set_total_length")
def set_total_length(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    target = int(args["ms"])
    track = video_track(draft)
    if track is None or not track.sg:
        raise CannotDo("There is nothing on the timeline to lengthen yet.", "时间线上还没有内容。")
    if target < MIN_SEGMENT_MS * len(track.sg):
        need = MIN_SEGMENT_MS * len(track.sg)
        raise CannotDo(
            f"{seconds_en(target)} is too short for {len(track.sg)} items; the shortest is {seconds_en(need)}.",
            f"{seconds_zh(target)}太短，放不下{len(track.sg)}个片段，最短{seconds_zh(need)}。",
        )
    photos = [seg for seg in track.sg if env.kind_of(seg.src) != "video"]
    clips = [seg for seg in track.sg if env.kind_of(seg.src) == "video"]
    clip_total = sum(seg.d for seg in clips)
    # Clips keep their cut unless they alone would eat most of the new length.
    if photos and clip_total <= 0.6 * target and target - clip_total >= MIN_SEGMENT_MS * len(photos):
        flexible, room = photos, target - clip_total
    else:
        flexible, room = track.sg, target
    _scale_to(flexible, room)
    retime(draft)
    return Said(f"The video is {seconds_en(draft.d)} long.", f"视频总长改为{seconds_zh(draft.d)}。")


def _scale_to(segments: list[Any], room: int) -> None:
    """Scale durations in proportion so they sum to ``room`` exactly."""
    current = sum(seg.d for seg in segments)
    factor = room / current
    assigned = 0
    for seg in segments[:-1]:
        seg.d = max(MIN_SEGMENT_MS, round(seg.d * factor / 10.0) * 10)
        assigned += seg.d
    segments[-1].d = max(MIN_SEGMENT_MS, room - assigned)


@operation("scale_pacing")
def scale_pacing(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    factor = float(args["factor"])
    track = video_track(draft)
    photos = [seg for seg in (track.sg if track else []) if env.kind_of(seg.src) == "image"]
    if not photos:
        raise CannotDo("There are no photos to pace yet.", "还没有可以调整节奏的照片。")
    for seg in photos:
        seg.d = max(MIN_SEGMENT_MS, round(seg.d * factor / 10.0) * 10)
    retime(draft)
    if factor < 1:
        return Said(
            f"The pace is faster; the video is {seconds_en(draft.d)} long.",
            f"节奏加快了，视频总长{seconds_zh(draft.d)}。",
        )
    return Said(
        f"The pace is slower; the video is {seconds_en(draft.d)} long.",
        f"节奏放慢了，视频总长{seconds_zh(draft.d)}。",
    )
