"""Motion: Ken Burns on/off, slower/faster, direction."""

from __future__ import annotations

from typing import Any

from ...models import Draft, KenBurns
from ..message import Message
from ..ops import CannotDo, Env, Op, Said, operation
from ..timeline import video_track
from ..words import GAP
from . import ParseState

_NOUN = r"(?:ken ?burns|motion|movement|zoom(?:ing)?|pan(?:ning)?|animation|camera move(?:ment)?s?|动效|动画|缩放|运镜|推拉|平移)"
_OFF = (
    rf"\b(?:no|remove|turn off|switch off|disable|stop|without|drop|kill|get rid of)\b\s+(?:the\s+|all\s+)?{_NOUN}",
    rf"{_NOUN}\s+off\b",
    r"\b(?:keep|make)\s+(?:the\s+)?(?:photos|pictures|images|it)\s+(?:still|static)\b|\bstatic photos\b",
    rf"(?:去掉|关闭|关掉|取消|不要|停止){_NOUN}|照片(?:保持)?静止|静态照片",
)
_ON = (
    rf"\b(?:add|turn on|switch on|enable|use|with)\b\s+(?:some\s+|a\s+)?(?:gentle\s+|subtle\s+|slow\s+)?{_NOUN}",
    rf"{_NOUN}\s+on\b",
    r"\banimate\b\s+(?:the\s+)?(?:photos|pictures|images)",
    rf"(?:加上|加|添加|打开|开启|启用){_NOUN}|让照片动起来",
)
_SLOWER = (
    rf"\b(?:slower|gentler|subtler|more subtle|less|softer|calmer|slow down(?: the)?)\s+{_NOUN}",
    rf"{_NOUN}{GAP}\b(?:slower|gentler|subtler|more subtle|less|softer|calmer|slowly)\b",
    rf"{_NOUN}(?:慢|轻|弱|柔和)(?:一点|一些|点)?|(?:放慢|减弱){_NOUN}",
)
_FASTER = (
    rf"\b(?:faster|stronger|more dramatic|bigger|more|quicker|speed up(?: the)?)\s+{_NOUN}",
    rf"{_NOUN}{GAP}\b(?:faster|stronger|more dramatic|bigger|quicker|more)\b",
    rf"{_NOUN}(?:快|强|明显)(?:一点|一些|点)?|(?:加快|加强){_NOUN}",
)
_DIRECTIONS = (
    (r"\bzoom(?:ing)?\s+in(?:to)?\b|\bpush(?:ing)?\s+in\b|放大|推近", "in"),
    (r"\bzoom(?:ing)?\s+out\b|\bpull(?:ing)?\s+(?:back|out)\b|缩小|拉远", "out"),
    (r"\bpan(?:ning)?\s+(?:to\s+the\s+)?left\b|向左平移|向左移动|左移", "left"),
    (r"\bpan(?:ning)?\s+(?:to\s+the\s+)?right\b|向右平移|向右移动|右移", "right"),
    (r"\bpan(?:ning)?\s+up(?:wards)?\b|\btilt\s+up\b|向上平移|上移", "up"),
    (r"\bpan(?:ning)?\s+down(?:wards)?\b|\btilt\s+down\b|向下平移|下移", "down"),
)
SLOWER_FACTOR = 0.6
FASTER_FACTOR = 1.6
MIN_AMOUNT, MAX_AMOUNT = 0.02, 0.6
DEFAULT_AMOUNT = 0.1


def _first(msg: Message, patterns: tuple[str, ...]) -> bool:
    return any(msg.take(pattern) for pattern in patterns)


def parse(msg: Message, state: ParseState) -> list[Op]:
    ops: list[Op] = []
    if _first(msg, _OFF):
        return [Op("set_motion", {"on": False})]
    for pattern, direction in _DIRECTIONS:
        if msg.take(pattern):
            ops.append(Op("set_motion_direction", {"dir": direction}))
            break
    if _first(msg, _SLOWER):
        ops.append(Op("scale_motion", {"factor": SLOWER_FACTOR}))
    elif _first(msg, _FASTER):
        ops.append(Op("scale_motion", {"factor": FASTER_FACTOR}))
    elif not ops and _first(msg, _ON):
        ops.append(Op("set_motion", {"on": True}))
    return ops


def _photos(draft: Draft, env: Env) -> list[Any]:
    track = video_track(draft)
    photos = [seg for seg in (track.sg if track else []) if env.kind_of(seg.src) == "image"]
    if not photos:
        raise CannotDo("There are no photos to move yet.", "还没有可以加动效的照片。")
    return photos


@operation("set_motion")
def set_motion(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    on = bool(args["on"])
    for seg in _photos(draft, env):
        kb = seg.m.kb or KenBurns(amount=DEFAULT_AMOUNT)
        kb.on = on
        seg.m.kb = kb
    if on:
        return Said("The photos move gently (Ken Burns).", "照片加上了缓慢的推拉动效。")
    return Said("The photos stay still, with no zoom or pan.", "照片不再缩放或平移，保持静止。")


@operation("scale_motion")
def scale_motion(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    factor = float(args["factor"])
    for seg in _photos(draft, env):
        kb = seg.m.kb or KenBurns(amount=DEFAULT_AMOUNT)
        kb.on = True
        kb.amount = round(min(MAX_AMOUNT, max(MIN_AMOUNT, kb.amount * factor)), 3)
        seg.m.kb = kb
    if factor < 1:
        return Said("The zoom and pan are slower and subtler.", "照片的缩放和平移更慢、更轻柔了。")
    return Said("The zoom and pan are faster and stronger.", "照片的缩放和平移更快、更明显了。")


_DIR_EN = {
    "in": "zooms in",
    "out": "zooms out",
    "left": "pans left",
    "right": "pans right",
    "up": "pans up",
    "down": "pans down",
}
_DIR_ZH = {
    "in": "放大推近",
    "out": "缩小拉远",
    "left": "向左平移",
    "right": "向右平移",
    "up": "向上平移",
    "down": "向下平移",
}


@operation("set_motion_direction")
def set_motion_direction(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    direction = str(args["dir"])
    for seg in _photos(draft, env):
        kb = seg.m.kb or KenBurns(amount=DEFAULT_AMOUNT)
        kb.on = True
        kb.dir = direction
        seg.m.kb = kb
    return Said(f"Every photo slowly {_DIR_EN[direction]}.", f"每张照片都改为{_DIR_ZH[direction]}。")
