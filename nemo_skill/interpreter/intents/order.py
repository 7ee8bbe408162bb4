"""Photos and clips: remove, move, swap, reverse, sort by date, clip to the end."""

from __future__ import annotations

import re
from statistics import median
from typing import Any

from ...models import Draft, KenBurns, Segment, SegmentMeta, Transition
from ..message import Message
from ..ops import CannotDo, Env, Op, Said, operation, seconds_en, seconds_zh
from ..refs import REF, REF_RE, Ref, describe, ref_from_match, resolve
from ..timeline import KB_CYCLE, fit_for, retime, video_track
from ..words import GAP, REMOVE_EN, REMOVE_ZH
from . import ParseState

DEFAULT_PHOTO_MS = 3000
DEFAULT_CLIP_MS = 5000

_REMOVE = (
    rf"{REMOVE_EN}\s+(?P<ref>{REF})",
    rf"{REMOVE_ZH}\s*(?P<ref>{REF})",
    rf"把\s*(?P<ref>{REF})\s*(?:删除|删掉|删了|去掉|移除|拿掉|去除)",
    rf"(?P<ref>{REF})\s*(?:不要了|删掉|删除|去掉)",
)
_END = r"(?P<end>end|last|back|bottom|finish|最后|结尾|末尾|后面)"
_START = r"(?P<start>start|beginning|front|first|top|begin|开头|最前|前面|第一)"
_MOVE = (
    rf"\b(?:move|put|place|bring|shift)\s+(?P<ref>{REF}){GAP}\b(?:to|at|in)\s+(?:the\s+)?(?:very\s+)?(?:{_END}|{_START})\b",
    rf"\b(?:move|put|place|bring|shift)\s+(?P<ref>{REF})\s+(?:to\s+)?(?:position|spot|place)\s+(?P<pos>\d+)",
    rf"\b(?:move|put|place)\s+(?P<ref>{REF})\s+(?P<rel>after|before)\s+(?P<other>{REF})",
    rf"把\s*(?P<ref>{REF})\s*(?:移|放|挪|调)(?:到|在)\s*(?P<other>{REF})\s*(?P<rel>后面|之后|后边|前面|之前|前边)",
    rf"把\s*(?P<ref>{REF})\s*(?:移|放|挪|调|换)(?:到|在)\s*(?:{_END}|{_START}|第\s*(?P<pos>\d+)\s*(?:张|个|位)?)",
    rf"\b(?:move|put|place|make)\s+(?P<ref>{REF})\s+(?:{_END})\b(?!\s+\w)",
    rf"\b(?:move|put|place|make)\s+(?P<ref>{REF})\s+(?:{_START})\b(?!\s+\w)",
    rf"\b(?:end|finish) (?:the video )?with\s+(?P<ref>{REF})",
    rf"\b(?:start|open|begin) (?:the video )?with\s+(?P<ref>{REF})",
)
_SWAP = (
    rf"\b(?:swap|switch|exchange|trade)\s+(?:the\s+)?(?:places of\s+)?(?P<a>{REF})\s*(?:and|with|&)\s*(?P<b>{REF})",
    rf"\b(?:swap|switch|exchange)\s+(?P<ab>{REF})",
    rf"(?:交换|调换|互换|对调)\s*(?P<a>{REF})\s*(?:和|与|跟)\s*(?P<b>{REF})",
    rf"把?\s*(?P<a>{REF})\s*(?:和|与|跟)\s*(?P<b>{REF})\s*(?:交换|调换|互换|对调|换一下|换个位置|换位置)",
)
_APPEND = (
    r"\b(?:add|include|put in|append|use)\b"
    + GAP
    + r"\b(?:new|other|remaining|rest of the|uploaded|latest|more)\b"
    + GAP
    + r"\b(?:photos|pictures|images|pics|clips|videos|ones|files)\b"
    r"|(?:加上|加入|添加|放进|用上|把)(?:新|刚才?上传|刚发|其他|剩下)的?(?:照片|图片|视频|素材)"
)
_REVERSE = (
    r"\breverse\b(?:\s+(?:the\s+)?order)?|\bbackwards\b|\bin reverse\b|倒序|反转顺序|顺序反过来|倒过来|反过来"
)
_SORT = (
    r"\b(?:sort|order|arrange|put)\b"
    + GAP
    + r"\b(?:by|in)\s+(?:the\s+)?(?:date|time|capture time|when (?:they were )?taken|chronological order)"
    r"|\bchronologically\b|\bin chronological order\b|按(?:拍摄)?(?:时间|日期)(?:顺序)?(?:排序|排列|排)?"
)


def _ref(match: re.Match[str], group: str) -> Ref:
    inner = REF_RE.search(match.group(group))
    assert inner is not None  # the group is itself a REF match
    return ref_from_match(inner)


def parse(msg: Message, state: ParseState) -> list[Op]:
    ops: list[Op] = []
    for pattern in _SWAP:
        match = msg.take(pattern)
        if match:
            if match.groupdict().get("ab"):
                ref = _ref(match, "ab")
                if len(ref.positions) != 2:
                    continue
                a, b = Ref(ref.kind, ref.positions[:1]), Ref(ref.kind, ref.positions[1:])
            else:
                a, b = _ref(match, "a"), _ref(match, "b")
                if b.kind == "any" and a.kind != "any":
                    b = Ref(a.kind, b.positions)
                if a.kind == "any" and b.kind != "any":
                    a = Ref(b.kind, a.positions)
            ops.append(Op("swap_items", {"a": a.as_args(), "b": b.as_args()}))
            break
    for pattern in _MOVE:
        match = msg.take(pattern)
        if match:
            groups = match.groupdict()
            if groups.get("rel"):
                relation = "after" if groups["rel"] in ("after", "后面", "之后", "后边") else "before"
                to: Any = {relation: _ref(match, "other").as_args()}
            elif groups.get("pos"):
                to = int(groups["pos"])
            elif groups.get("end") or pattern.startswith(r"\b(?:end|finish)"):
                to = "end"
            else:
                to = "start"
            ops.append(Op("move_items", {"ref": _ref(match, "ref").as_args(), "to": to}))
            break
    for pattern in _REMOVE:
        match = msg.take(pattern)
        if match:
            ops.append(Op("remove_items", {"ref": _ref(match, "ref").as_args()}))
            break
    if msg.take(_APPEND):
        ops.append(Op("append_new_media", {}))
    if msg.take(_SORT):
        ops.append(Op("sort_by_date", {}))
    elif msg.take(_REVERSE):
        ops.append(Op("reverse_order", {}))
    return ops


@operation("remove_items")
def remove_items(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    ref = Ref.from_args(args["ref"])
    indexes = resolve(draft, ref, env, "remove", "删除")
    track = video_track(draft)
    assert track is not None
    if len(indexes) >= len(track.sg):
        raise CannotDo(
            "I can't remove everything; at least one photo or clip has to stay.",
            "不能全部删除，至少要保留一张照片或一段视频。",
        )
    label_en, label_zh = describe(draft, indexes, env)
    track.sg = [seg for i, seg in enumerate(track.sg) if i not in set(indexes)]
    retime(draft)
    return Said(
        f"I removed {label_en}; the video is now {seconds_en(draft.d)} long.",
        f"已删除{label_zh}，视频现在长{seconds_zh(draft.d)}。",
    )


@operation("move_items")
def move_items(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    indexes = resolve(draft, Ref.from_args(args["ref"]), env, "move", "移动")
    track = video_track(draft)
    assert track is not None
    moving = [track.sg[i] for i in indexes]
    rest = [seg for i, seg in enumerate(track.sg) if i not in set(indexes)]
    to = args["to"]
    if to == "end":
        position, where_en, where_zh = len(rest), "to the end", "最后"
    elif to == "start":
        position, where_en, where_zh = 0, "to the start", "开头"
    elif isinstance(to, int):
        if not 1 <= to <= len(track.sg):
            raise CannotDo(
                f"Position {to} does not exist; there are {len(track.sg)} items.",
                f"没有第{to}个位置，一共只有{len(track.sg)}个片段。",
            )
        position, where_en, where_zh = min(to - 1, len(rest)), f"to place {to}", f"第{to}个位置"
    else:
        relation, other_args = next(iter(to.items()))
        other = resolve(draft, Ref.from_args(other_args), env, "use as the anchor", "参照")
        anchor = track.sg[other[0]]
        if anchor in moving:
            raise CannotDo("A photo can't be moved next to itself.", "不能把照片移到它自己旁边。")
        position = rest.index(anchor) + (1 if relation == "after" else 0)
        anchor_en, anchor_zh = describe(draft, other[:1], env)
        where_en = f"{relation} {anchor_en}"
        where_zh = f"{anchor_zh}{'之后' if relation == 'after' else '之前'}"
    label_en, label_zh = describe(draft, indexes, env)
    track.sg = rest[:position] + moving + rest[position:]
    retime(draft)
    return Said(f"I moved {label_en} {where_en}.", f"已把{label_zh}移到{where_zh}。")


@operation("swap_items")
def swap_items(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    first = resolve(draft, Ref.from_args(args["a"]), env, "swap", "交换")
    second = resolve(draft, Ref.from_args(args["b"]), env, "swap", "交换")
    track = video_track(draft)
    assert track is not None
    i, j = first[0], second[0]
    if i == j:
        raise CannotDo("Those are the same item, so there is nothing to swap.", "这是同一个片段，无需交换。")
    first_en, first_zh = describe(draft, [i], env)
    second_en, second_zh = describe(draft, [j], env)
    track.sg[i], track.sg[j] = track.sg[j], track.sg[i]
    retime(draft)
    return Said(f"I swapped {first_en} and {second_en}.", f"已交换{first_zh}和{second_zh}。")


@operation("reverse_order")
def reverse_order(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    track = video_track(draft)
    if track is None or not track.sg:
        raise CannotDo("There is nothing to reverse yet.", "还没有可以倒序的内容。")
    track.sg.reverse()
    retime(draft)
    return Said("The photos and clips play in reverse order.", "照片和视频的顺序已倒过来。")


@operation("sort_by_date")
def sort_by_date(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    track = video_track(draft)
    if track is None or not track.sg:
        raise CannotDo("There is nothing to sort yet.", "还没有可以排序的内容。")
    upload_rank = {info.media_id: rank for rank, info in enumerate(env.media_order)}

    def key(item: tuple[int, Any]) -> tuple[bool, str, int, int]:
        index, seg = item
        info = env.media.get(seg.src or "")
        taken = info.taken_at if info and info.taken_at else None
        return (taken is None, taken or "", upload_rank.get(seg.src or "", len(upload_rank)), index)

    dated = sum(1 for seg in track.sg if (info := env.media.get(seg.src or "")) and info.taken_at)
    track.sg = [seg for _, seg in sorted(enumerate(track.sg), key=key)]
    retime(draft)
    if dated == 0:
        return Said(
            "The photos had no capture dates, so they are in upload order.",
            "照片没有拍摄时间，已按上传顺序排列。",
        )
    return Said(
        "The photos and clips are sorted by the time they were taken.", "照片和视频已按拍摄时间排序。"
    )


@operation("append_new_media")
def append_new_media(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    """Uploads that are not in the video yet go at the end, styled like the rest."""
    track = video_track(draft)
    if track is None:
        raise CannotDo("There is no video to add to yet.", "还没有可以添加的视频。")
    used = draft.media_ids()
    fresh = [
        info for info in env.media_order if info.file_type in ("image", "video") and info.media_id not in used
    ]
    if not fresh:
        return Said(
            "All your photos and clips are already in the video.",
            "所有照片和视频都已经在视频里了。",
            noop=True,
        )
    photos = [seg for seg in track.sg if env.kind_of(seg.src) == "image"]
    photo_ms = int(median(seg.d for seg in photos)) if photos else DEFAULT_PHOTO_MS
    model_kb = next((seg.m.kb for seg in photos if seg.m.kb is not None), None)
    cut = next((seg.m.tr for seg in reversed(track.sg) if seg.m.tr is not None), None) or Transition(
        name="fade", d=600
    )
    if track.sg:
        track.sg[-1].m.tr = cut.model_copy()
    for number, info in enumerate(fresh):
        meta = SegmentMeta(
            fit=fit_for(info, draft.m.w, draft.m.h), filter=track.sg[0].m.filter if track.sg else "none"
        )  # type: ignore[arg-type]
        if info.file_type == "image":
            length = photo_ms
            meta.kb = KenBurns(
                on=model_kb.on if model_kb else True,
                dir=KB_CYCLE[(len(photos) + number) % len(KB_CYCLE)],
                amount=model_kb.amount if model_kb else 0.1,
            )
        else:
            length = min(int(info.duration * 1000) or DEFAULT_CLIP_MS, DEFAULT_CLIP_MS)
            meta.in_ = 0
        if number + 1 < len(fresh):
            meta.tr = cut.model_copy()
        track.sg.append(Segment(src=info.media_id, d=max(1, length), m=meta))
    retime(draft)
    return Said(
        f"I added {len(fresh)} new item{'s' if len(fresh) != 1 else ''} at the end; the video is now {seconds_en(draft.d)} long.",
        f"已在结尾加入{len(fresh)}个新素材，视频现在长{seconds_zh(draft.d)}。",
    )
