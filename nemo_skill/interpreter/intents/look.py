"""Look: colour filters on every photo and clip, or on the ones named."""

from __future__ import annotations

import re
from typing import Any

from ...models import Draft
from ..message import Message
from ..ops import CannotDo, Env, Op, Said, operation
from ..refs import REF_RE, Ref, describe, ref_from_match, resolve
from ..timeline import video_track
from . import ParseState

_FILTERS: tuple[tuple[str, str], ...] = (
    (r"\b(?:no|remove|without|clear|drop|turn off)\s+(?:the\s+|any\s+)?(?:filters?|effects?|colou?r grad(?:e|ing))\b"
     r"|\b(?:original|natural|normal) colou?rs?\b|去掉滤镜|不要滤镜|取消滤镜|原色|原图|还原颜色|恢复原色", "none"),
    (r"\bblack\s*(?:and|&|n)\s*white\b|\bb\s*[&/]\s*w\b|\bmonochrome\b|\bgr[ae]y\s*scale\b|黑白", "bw"),
    (r"\bvintage\b|\bretro\b|\bold film\b|\bfilm look\b|\bsepia\b|\bnostalgic\b|复古|怀旧|胶片|老照片", "vintage"),
    (r"\bwarm(?:er)?\b|\bgolden\b|暖色|暖调|温暖|暖一?点", "warm"),
    (r"\bcool(?:er)?\b|\bcold(?:er)?\b|\bblue tone\b|冷色|冷调|冷一?点", "cool"),
    (r"\bvivid\b|\bvibrant\b|\bsaturated\b|\bpunchy\b|\bcolou?rful\b|鲜艳|饱和|亮丽", "vivid"),
)  # fmt: skip
NAMES_EN = {"none": "original colours", "bw": "black and white", "vintage": "a vintage look", "warm": "warm tones",
            "cool": "cool tones", "vivid": "vivid colours"}  # fmt: skip
NAMES_ZH = {
    "none": "原色",
    "bw": "黑白",
    "vintage": "复古",
    "warm": "暖色调",
    "cool": "冷色调",
    "vivid": "鲜艳色彩",
}


def parse(msg: Message, state: ParseState) -> list[Op]:
    for clause in list(msg.phrases()):
        for pattern, name in _FILTERS:
            match = re.search(pattern, clause)
            if not match:
                continue
            offset = msg.text.find(clause)
            args: dict[str, Any] = {"name": name}
            ref = REF_RE.search(clause)
            if ref:
                args["ref"] = ref_from_match(ref).as_args()
                msg.consume_span(offset + ref.start(), offset + ref.end())
            msg.consume_span(offset + match.start(), offset + match.end())
            return [Op("set_filter", args)]
    return []


@operation("set_filter")
def set_filter(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    name = str(args["name"])
    track = video_track(draft)
    if track is None or not track.sg:
        raise CannotDo("There are no photos to colour yet.", "还没有可以调色的照片。")
    if args.get("ref"):
        indexes = resolve(draft, Ref.from_args(args["ref"]), env, "change", "调色")
        where_en, where_zh = describe(draft, indexes, env)
    else:
        indexes = list(range(len(track.sg)))
        where_en, where_zh = "every photo and clip", "所有照片和视频"
    for index in indexes:
        track.sg[index].m.filter = name
    return Said(f"I set {where_en} to {NAMES_EN[name]}.", f"已将{where_zh}设为{NAMES_ZH[name]}。")
