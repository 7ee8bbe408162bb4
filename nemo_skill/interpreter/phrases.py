"""Short phrases for what an edit does ("20-second video", "每张3秒"): the ``understood``
list a reply carries, in the user's language."""

from __future__ import annotations

from typing import Any

from .defaults import MUSIC_MOODS, STYLES
from .ops.look import NAMES_EN as FILTERS_EN
from .ops.look import NAMES_ZH as FILTERS_ZH
from .ops.motion import DIRECTIONS_EN, DIRECTIONS_ZH
from .ops.text import ROLE_EN, ROLE_ZH
from .ops.transitions import NAMES_EN as TRANSITIONS_EN
from .ops.transitions import NAMES_ZH as TRANSITIONS_ZH

_NOUN = {"items": ("item", "个"), "photos": ("photo", "张"), "clips": ("clip", "段")}


def _num(value: float) -> str:
    return f"{value:g}"


def _which(target: Any, among: str, zh: bool) -> str:
    noun, measure = _NOUN.get(among, _NOUN["items"])
    targets = target if isinstance(target, list) else [target]
    if zh:
        return "、".join(
            f"媒体{t}" if isinstance(t, str) else (f"倒数第{-t}{measure}" if t < 0 else f"第{t}{measure}")
            for t in targets
        )
    if len(targets) == 1 and targets[0] == -1:
        return f"the last {noun}"
    ints = [t for t in targets if isinstance(t, int)]
    if len(ints) == len(targets) > 1 and sorted(ints) == list(range(-len(ints), 0)):
        return f"the last {len(ints)} {noun}s"
    named = [t if isinstance(t, str) else (f"{-t} from the end" if t < 0 else str(t)) for t in targets]
    plural = "s" if len(targets) > 1 else ""
    return f"{noun}{plural} {' and '.join(named)}"


def _title(edit: Any, zh: bool) -> str:
    """One phrase per thing the edit sets ("title at the top, smaller title")."""
    role = ROLE_ZH[edit.role] if zh else ROLE_EN[edit.role]
    parts: list[str] = []
    if edit.text is not None:
        parts.append(f"{role}“{edit.text}”" if zh else f'{role} "{edit.text}"')
    if edit.color is not None:
        parts.append(f"{role}颜色" if zh else f"{role} colour")
    if edit.size_step is not None:
        bigger = edit.size_step > 0
        parts.append(
            f"{role}{'放大' if bigger else '缩小'}" if zh else f"{'bigger' if bigger else 'smaller'} {role}"
        )
    elif edit.size is not None:
        parts.append(f"{role}大小" if zh else f"{role} size")
    if edit.position is not None:
        parts.append(f"{role}位置" if zh else f"{role} position")
    if edit.seconds is not None:
        parts.append(f"{role}{_num(edit.seconds)}秒" if zh else f"{role} for {_num(edit.seconds)} s")
    elif edit.factor is not None:
        parts.append(f"{role}时长" if zh else f"{role} duration")
    return ("、" if zh else ", ").join(parts) or role


def _timing(edit: Any, zh: bool) -> str:
    if edit.photo is None:
        if edit.seconds is not None:
            return f"每张{_num(edit.seconds)}秒" if zh else f"{_num(edit.seconds)} s per photo"
        faster = (edit.factor or 1) < 1
        return ("节奏加快" if faster else "节奏放慢") if zh else ("faster pace" if faster else "slower pace")
    which = _which(edit.photo, edit.among, zh)
    if edit.seconds is not None:
        return f"{which}{_num(edit.seconds)}秒" if zh else f"{which} for {_num(edit.seconds)} s"
    longer = (edit.factor or 1) > 1
    return f"{which}{'更久' if longer else '更短'}" if zh else f"{which} {'longer' if longer else 'shorter'}"


def _transition(edit: Any, zh: bool) -> str:
    said = _transition_kind(edit, zh)
    if edit.after is None:
        return said
    which = _which(edit.after, edit.among, zh)
    return f"{which}之后的{said}" if zh else f"{said} after {which}"


def _transition_kind(edit: Any, zh: bool) -> str:
    if edit.name is not None:
        seconds = f"{_num(edit.seconds)}秒" if zh and edit.seconds else ""
        if zh:
            return f"转场：{TRANSITIONS_ZH.get(edit.name, edit.name)}{seconds}"
        named = TRANSITIONS_EN.get(edit.name, edit.name)
        return f"{_num(edit.seconds)}-second {named}" if edit.seconds and edit.name != "none" else named
    if edit.seconds is not None:
        return f"转场{_num(edit.seconds)}秒" if zh else f"{_num(edit.seconds)}-second transitions"
    quicker = (edit.factor or 1) < 1
    return (
        ("转场更快" if quicker else "转场更慢")
        if zh
        else ("faster transitions" if quicker else "slower transitions")
    )


def _music(edit: Any, zh: bool) -> str:
    if edit.media_id is not None:
        return "你上传的音乐" if zh else "your uploaded song"
    return f"{MUSIC_MOODS.get(edit.mood, edit.mood)}音乐" if zh else f"{edit.mood} music"


def _volume(edit: Any, zh: bool) -> str:
    if edit.volume is not None:
        return f"音量{round(edit.volume * 100)}%" if zh else f"music at {round(edit.volume * 100)}%"
    quieter = (edit.factor or 1) < 1
    return ("音乐调小" if quieter else "音乐调大") if zh else ("quieter music" if quieter else "louder music")


def _motion(edit: Any, zh: bool) -> str:
    if edit.on is False:
        return "照片静止" if zh else "still photos"
    if edit.direction is not None:
        return (DIRECTIONS_ZH.get(edit.direction, edit.direction) if zh
                else f"photos that {DIRECTIONS_EN.get(edit.direction, edit.direction)}")  # fmt: skip
    if edit.factor is not None:
        slower = edit.factor < 1
        return (
            ("动效更慢" if slower else "动效更强")
            if zh
            else ("subtler motion" if slower else "stronger motion")
        )
    return "照片动效" if zh else "photo motion"


def _move(edit: Any, zh: bool) -> str:
    which = _which(edit.from_, edit.among, zh)
    if edit.to in ("start", "end"):
        where = ("开头" if edit.to == "start" else "最后") if zh else f"to the {edit.to}"
    elif edit.to is not None:
        where = f"第{edit.to}位" if zh else f"to place {edit.to}"
    else:
        other = _which(edit.after if edit.after is not None else edit.before, edit.among, zh)
        where = (
            (f"{other}{'之后' if edit.after is not None else '之前'}")
            if zh
            else (f"{'after' if edit.after is not None else 'before'} {other}")
        )
    if edit.copy_:
        return f"把{which}复制到{where}" if zh else f"copy {which} {where}"
    return f"把{which}移到{where}" if zh else f"move {which} {where}"


_FIXED = {
    "soften_transitions": ("softer transitions", "转场更柔和"),
    "add_music": ("background music", "背景音乐"),
    "remove_music": ("no music", "去掉音乐"),
    "shuffle": ("shuffled order", "随机顺序"),
    "reverse": ("reverse order", "倒序"),
    "sort_by_date": ("sorted by date", "按拍摄时间排序"),
    "add_new_media": ("the new uploads", "加入新素材"),
    "generate": ("a new video", "生成视频"),
    "undo": ("undo", "撤销"),
    "redo": ("redo", "重做"),
}


def phrase(edit: Any, zh: bool) -> str:
    op = edit.op
    if op in _FIXED:
        return _FIXED[op][1 if zh else 0]
    if op == "set_aspect":
        return f"画面{edit.aspect}" if zh else f"{edit.aspect} frame"
    if op == "set_resolution":
        return edit.resolution
    if op == "set_fps":
        return f"每秒{edit.fps}帧" if zh else f"{edit.fps} fps"
    if op == "set_length":
        return f"视频{_num(edit.seconds)}秒" if zh else f"{_num(edit.seconds)}-second video"
    if op == "set_photo_duration":
        return _timing(edit, zh)
    if op == "set_transition":
        return _transition(edit, zh)
    if op in ("fade_in", "fade_out"):
        fade_in = op == "fade_in"
        if zh:
            return "开头淡入" if fade_in else "结尾淡出"
        return "fade in from black" if fade_in else "fade out to black"
    if op == "set_music":
        return _music(edit, zh)
    if op == "set_volume":
        return _volume(edit, zh)
    if op == "music_fade":
        return "音乐淡入淡出" if zh else "music fade"
    if op == "set_title":
        return _title(edit, zh)
    if op == "remove_title":
        role = edit.role
        return (
            (f"去掉{ROLE_ZH[role] if role else '文字'}") if zh else f"no {ROLE_EN[role] if role else 'text'}"
        )
    if op == "set_filter":
        return FILTERS_ZH[edit.name] if zh else FILTERS_EN[edit.name]
    if op == "set_motion":
        return _motion(edit, zh)
    if op == "set_style":
        look = STYLES[edit.name]
        return f"{look.zh}风格" if zh else f"{look.en} look"
    if op == "move_photo":
        return _move(edit, zh)
    if op == "remove_photo":
        which = _which(edit.photo, edit.among, zh)
        return f"删除{which}" if zh else f"remove {which}"
    if op == "swap_photos":
        return (
            f"交换{_which([edit.a, edit.b], edit.among, zh)}"
            if zh
            else f"swap {_which([edit.a, edit.b], edit.among, zh)}"
        )
    return op
