"""Canvas: aspect ratio, resolution, frame rate."""

from __future__ import annotations

import re
from typing import Any

from ...models import Draft
from ..message import Message
from ..ops import Env, Op, Said, operation
from ..timeline import ASPECTS, RESOLUTIONS, aspect_of, canvas_size, fit_for, short_side_of, video_track
from . import ParseState

_RATIO = re.compile(r"(?<![\d:.])(\d{1,2})\s*(?::|比|x(?=\d{1,2}\b))\s*(\d{1,2})(?![\d:.])")
_NOT_PHOTO = r"(?!\s*(?:photo|picture|pic|image|shot|portrait))"
_ASPECT_WORDS: tuple[tuple[str, str], ...] = (
    (
        r"\b(?:instagram|insta|ig)\s+(?:reels?|stor(?:y|ies))\b|\btik\s?tok\b|\bdouyin\b|\b(?:youtube\s+)?shorts\b|抖音|快手|视频号|小红书",
        "9:16",
    ),
    (r"\b(?:instagram|insta|ig)(?:\s+(?:post|feed))?\b", "4:5"),
    (r"\byoutube\b|\bbilibili\b|b站|\btv\b", "16:9"),
    (rf"\b(?:vertical|portrait)\b{_NOT_PHOTO}|竖屏|竖版|竖向|竖的|手机屏", "9:16"),
    (rf"\b(?:horizontal|landscape|widescreen|wide screen)\b{_NOT_PHOTO}|横屏|横版|横向|宽屏", "16:9"),
    (rf"\bsquare\b{_NOT_PHOTO}|正方形|方形|方屏", "1:1"),
)
# Not \b: in "的480p视频" the CJK neighbour is a word character too.
_RESOLUTION = re.compile(
    r"(?<![a-z0-9])(480p|720p|1080p|1440p|2160p|4k|2k|uhd|full ?hd|fhd)(?![a-z0-9])|超高清|全高清"
)
_FPS = re.compile(r"(?<![\d.])(\d{2,3})\s*(?:fps|frames? (?:per|a) second|帧(?:每秒|/秒)?)")


def parse(msg: Message, state: ParseState) -> list[Op]:
    args: dict[str, Any] = {}
    match = msg.find(_RATIO)
    while match:
        ratio = f"{int(match.group(1))}:{int(match.group(2))}"
        if ratio in ASPECTS:
            args["aspect"] = ratio
            msg.consume(match)
            break
        match = _RATIO.search(msg.text, match.end())
    if "aspect" not in args:
        for pattern, aspect in _ASPECT_WORDS:
            if msg.take(pattern):
                args["aspect"] = aspect
                break
    resolution = msg.take(_RESOLUTION)
    if resolution:
        word = (resolution.group(1) or resolution.group(0)).replace(" ", "")
        args["resolution"] = {
            "uhd": "4k",
            "fullhd": "1080p",
            "fhd": "1080p",
            "超高清": "4k",
            "全高清": "1080p",
        }.get(word, word)
    fps = msg.take(_FPS)
    if fps:
        args["fps"] = int(fps.group(1))
    return [Op("set_canvas", args)] if args else []


@operation("set_canvas")
def set_canvas(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    canvas = draft.m
    aspect = args.get("aspect") or aspect_of(canvas.w, canvas.h)
    short = RESOLUTIONS.get(str(args.get("resolution", "")).lower()) or short_side_of(canvas.w, canvas.h)
    canvas.w, canvas.h = canvas_size(aspect, short)
    if "fps" in args:
        canvas.fps = max(1, min(120, int(args["fps"])))
    track = video_track(draft)
    for seg in track.sg if track else []:
        if env.kind_of(seg.src) == "image" or seg.m.fit is not None:
            seg.m.fit = fit_for(env.media.get(seg.src or ""), canvas.w, canvas.h)  # type: ignore[assignment]
    size = f"{canvas.w}x{canvas.h}"
    fps_en = f" at {canvas.fps} fps" if "fps" in args else ""
    fps_zh = f"，{canvas.fps}帧每秒" if "fps" in args else ""
    return Said(f"The video is {aspect} ({size}){fps_en}.", f"画面设为{aspect}（{size}）{fps_zh}。")
