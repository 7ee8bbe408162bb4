"""Transitions between photos (kind, speed) and the fade in/out of the whole video."""

from __future__ import annotations

import re
from typing import Any

from ...models import Draft, Transition
from ..extract import duration_in
from ..message import Message
from ..ops import CannotDo, Env, Op, Said, operation, seconds_en, seconds_zh
from ..timeline import retime, video_track
from ..words import DURATION
from . import ParseState

_NOUN = r"(?:\btransitions?\b|\b(?:hard|straight|jump|plain) cuts?\b|\bbetween (?:the )?(?:photos|pictures|shots|slides)\b|转场|过渡|切换)"
# Kinds that only mean a transition when the transition noun is in the clause.
_KINDS_WITH_NOUN: tuple[tuple[str, str], ...] = (
    (r"\bslides?\s+(?:to the\s+)?left\b|向左滑", "slideleft"),
    (r"\bslides?\s+(?:to the\s+)?right\b|向右滑", "slideright"),
    (r"\bslides?\s+up\b|向上滑", "slideup"),
    (r"\bslides?\s+down\b|向下滑", "slidedown"),
    (r"\bslid(?:e|es|ing)\b|滑动|滑入|推移", "slideleft"),
    (r"\bwipes?\b|擦除", "wipeleft"),
    (r"\bzoom(?:ing)?\b|缩放", "zoomin"),
    (r"\bcircles?\b|圆形", "circleopen"),
    (r"\bradial\b|径向", "radial"),
    (r"\bsmooth\s+(?:slide\s+)?left\b", "smoothleft"),
    (r"\bsmooth\s+(?:slide\s+)?right\b", "smoothright"),
    (r"\bfades?\b|淡入淡出|渐变", "fade"),
    (
        r"\b(?:none|no|without|remove|delete|hard|straight|plain|simple|jump)\b|不要|去掉|取消|直接切|硬切",
        "none",
    ),
)
# Kinds that are transitions wherever they appear.
_KINDS_ALONE: tuple[tuple[str, str], ...] = (
    (r"\b(?:fade|dip)(?:s)?\s+(?:to|through)\s+black\b|黑场", "fadeblack"),
    (r"\b(?:fade|dip)(?:s)?\s+(?:to|through)\s+white\b|\bflash(?:es)?\b|白场|闪白", "fadewhite"),
    (r"\b(?:cross-?fades?|cross-?dissolves?|dissolves?)\b|溶解|叠化|交叉淡化", "dissolve"),
)
_SMOOTHER = (
    r"\b(?:smoother|softer|more subtle|gentler|more gentle|less abrupt|nicer)\b|更?(?:平滑|柔和|顺滑|自然)"
)
_FASTER = r"\b(?:faster|quicker|shorter|snappier|speed up)\b|快一?点|短一?点|更快|更短"
_SLOWER = r"\b(?:slower|longer|slow down)\b|慢一?点|长一?点|更慢|更长"
_FADE_IN = r"\bfade(?:s)?\s*(?:-\s*)?in\b(?:\s+from\s+black)?|\bfade\s+up\s+from\s+black\b|淡入"
_FADE_OUT = r"\bfade(?:s)?\s*(?:-\s*)?out\b(?:\s+to\s+black)?|淡出"
_FADE_BOTH = r"\bfade\s+in\s+and\s+(?:fade\s+)?out\b|淡入淡出"
_NOT_VIDEO = r"音乐|歌|music|song|audio|track|title|text|标题|文字|转场|transition"
_NO_FADE = r"\b(?:no|remove|without|drop|delete)\s+(?:the\s+)?fade"
DEFAULT_FADE_MS = 1000
SMOOTH_MIN_MS = 800
SPEED_FACTOR = 0.6


def parse(msg: Message, state: ParseState) -> list[Op]:
    ops: list[Op] = []
    both = msg.find(_FADE_BOTH)
    if both and not re.search(_NOT_VIDEO, msg.text[max(0, both.start() - 40) : both.end() + 20]):
        msg.consume(both)
        ms = DEFAULT_FADE_MS
        duration = re.compile(DURATION).search(msg.text, both.end(), both.end() + 25)
        if duration:
            ms = int(duration_in(duration.group(0)) or DEFAULT_FADE_MS)
            msg.consume(duration)
        ops.append(Op("set_video_fade", {"fade_in": ms, "fade_out": ms}))
    for clause in list(msg.clauses()):
        # Consuming keeps lengths, so the span found now stays valid.
        offset = msg.text.find(clause)
        if offset >= 0:
            ops.extend(_parse_clause(msg, clause, (offset, offset + len(clause))))
    return ops


def _take_in(msg: Message, clause: tuple[int, int], pattern: str) -> re.Match[str] | None:
    """Find ``pattern`` inside one clause (a span of the message) and consume it."""
    match = re.compile(pattern).search(msg.text, *clause)
    if match:
        msg.consume(match)
    return match


def _parse_clause(msg: Message, clause: str, span: tuple[int, int]) -> list[Op]:
    has_noun = re.search(_NOUN, clause) is not None
    ops: list[Op] = []
    if has_noun:
        ms = None
        duration = re.search(DURATION, clause)
        if duration:
            ms = duration_in(duration.group(0))
        kind = None
        for pattern, name in _KINDS_ALONE + _KINDS_WITH_NOUN:
            if _take_in(msg, span, pattern):
                kind = name
                break
        if kind is None and _take_in(msg, span, _SMOOTHER):
            ops.append(Op("smoother_transitions", {}))
        elif kind is not None:
            ops.append(Op("set_transition", {"name": kind, **({"d": int(ms)} if ms else {})}))
        elif ms:
            ops.append(Op("set_transition_speed", {"d": int(ms)}))
        elif _take_in(msg, span, _FASTER):
            ops.append(Op("set_transition_speed", {"factor": SPEED_FACTOR}))
        elif _take_in(msg, span, _SLOWER):
            ops.append(Op("set_transition_speed", {"factor": round(1 / SPEED_FACTOR, 4)}))
        if ops:
            _take_in(msg, span, _NOUN)
            if duration:
                _take_in(msg, span, re.escape(duration.group(0)))
            return ops
    for pattern, name in _KINDS_ALONE:
        if _take_in(msg, span, pattern):
            return [Op("set_transition", {"name": name})]
    return _parse_video_fade(msg, clause, span)


def _parse_video_fade(msg: Message, clause: str, span: tuple[int, int]) -> list[Op]:
    if re.search(_NOT_VIDEO, clause):
        return []
    duration = re.search(DURATION, clause)
    ms = int(duration_in(duration.group(0)) or DEFAULT_FADE_MS) if duration else DEFAULT_FADE_MS
    if _take_in(msg, span, _NO_FADE):
        return [Op("set_video_fade", {"fade_in": 0, "fade_out": 0})]
    if _take_in(msg, span, _FADE_BOTH):
        return [Op("set_video_fade", {"fade_in": ms, "fade_out": ms})]
    args: dict[str, int] = {}
    if _take_in(msg, span, _FADE_IN):
        args["fade_in"] = ms
    if _take_in(msg, span, _FADE_OUT):
        args["fade_out"] = ms
    if args and duration:
        _take_in(msg, span, re.escape(duration.group(0)))
    return [Op("set_video_fade", args)] if args else []


def _cuts(draft: Draft) -> list[Any]:
    track = video_track(draft)
    if track is None or len(track.sg) < 2:
        raise CannotDo("Transitions need at least two photos or clips.", "至少要有两个片段才能加转场。")
    return track.sg[:-1]


_NAMES_ZH = {
    "none": "无转场（直接切换）", "fade": "淡入淡出", "fadeblack": "黑场过渡", "fadewhite": "白场过渡",
    "dissolve": "溶解", "slideleft": "向左滑动", "slideright": "向右滑动", "slideup": "向上滑动",
    "slidedown": "向下滑动", "wipeleft": "擦除", "zoomin": "缩放", "circleopen": "圆形展开", "radial": "径向",
    "smoothleft": "平滑左移", "smoothright": "平滑右移",
}  # fmt: skip
_NAMES_EN = {
    "none": "straight cuts", "fade": "fades", "fadeblack": "fades through black", "fadewhite": "fades through white",
    "dissolve": "dissolves", "slideleft": "slides to the left", "slideright": "slides to the right",
    "slideup": "slides up", "slidedown": "slides down", "wipeleft": "wipes", "zoomin": "zooms",
    "circleopen": "circle reveals", "radial": "radial wipes", "smoothleft": "smooth slides left",
    "smoothright": "smooth slides right",
}  # fmt: skip


@operation("set_transition")
def set_transition(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    name = str(args["name"])
    for seg in _cuts(draft):
        current = seg.m.tr.d if seg.m.tr else 600
        seg.m.tr = Transition(name=name, d=0 if name == "none" else int(args.get("d", current or 600)))
    retime(draft)
    return Said(
        f"The photos change with {_NAMES_EN.get(name, name)}.",
        f"转场改为{_NAMES_ZH.get(name, name)}。",
    )


@operation("smoother_transitions")
def smoother_transitions(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    for seg in _cuts(draft):
        tr = seg.m.tr
        name = tr.name if tr and tr.name in ("fade", "dissolve", "fadeblack", "fadewhite") else "dissolve"
        seg.m.tr = Transition(name=name, d=max(SMOOTH_MIN_MS, int((tr.d if tr else 0) * 1.5)))
    retime(draft)
    return Said("The transitions are softer and a little longer.", "转场更柔和，也稍长了一些。")


@operation("set_transition_speed")
def set_transition_speed(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    cuts = _cuts(draft)
    for seg in cuts:
        tr = seg.m.tr or Transition(name="fade", d=600)
        if "d" in args:
            tr.d = int(args["d"])
        else:
            tr.d = max(100, min(3000, round(tr.d * float(args["factor"]) / 10.0) * 10))
        seg.m.tr = tr
    retime(draft)
    ms = cuts[0].m.tr.d if cuts[0].m.tr else 0
    return Said(f"Each transition takes {seconds_en(ms)}.", f"每个转场时长{seconds_zh(ms)}。")


@operation("set_video_fade")
def set_video_fade(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    parts_en, parts_zh = [], []
    for key, en, zh in (
        ("fade_in", "fades in from black", "从黑场淡入"),
        ("fade_out", "fades out to black", "淡出到黑场"),
    ):
        if key in args:
            ms = int(args[key])
            setattr(draft.m, key, ms or None)
            if ms:
                parts_en.append(f"{en} over {seconds_en(ms)}")
                parts_zh.append(f"{zh}（{seconds_zh(ms)}）")
    if not parts_en:
        return Said("The video has no fade at the start or end.", "视频开头和结尾不再淡入淡出。")
    return Said(f"The video {' and '.join(parts_en)}.", f"视频{'，'.join(parts_zh)}。")
