"""Text on the video: title, subtitle, caption, end card; their words, place, colour,
size and time on screen; removal."""

from __future__ import annotations

from ...models import TRACK_TEXT, Draft, Segment, SegmentMeta
from .. import cards
from ..defaults import BUILD, TEXT_PRESET_SIZE, TEXT_SIZE_STEP
from ..edits import MAX_TEXT_SIZE, MIN_TEXT_SIZE, RemoveTitle, SetTitle
from ..timeline import retime, text_segments, text_track, video_track
from .base import CannotDo, Clarify, Env, Said, applies, seconds_en, seconds_zh
from .targets import describe, pick

ROLE_EN = {"title": "title", "subtitle": "subtitle", "caption": "caption", "endcard": "end card"}
ROLE_ZH = {"title": "标题", "subtitle": "副标题", "caption": "字幕", "endcard": "片尾卡片"}
POSITION_ZH = {"top": "顶部", "bottom": "底部", "center": "中间", "lower-third": "下三分之一处",
               "upper-third": "上三分之一处"}  # fmt: skip
MIN_TEXT_MS = 500
COLOUR_NAMES = {"#FFFFFF": ("white", "白色"), "#000000": ("black", "黑色"), "#FFD700": ("gold", "金色"),
                "#FFE600": ("yellow", "黄色"), "#E53935": ("red", "红色"), "#FF80AB": ("pink", "粉色"),
                "#FF9800": ("orange", "橙色"), "#43A047": ("green", "绿色"), "#1E88E5": ("blue", "蓝色"),
                "#8E24AA": ("purple", "紫色"), "#C0C0C0": ("silver", "银色")}  # fmt: skip


def role_segments(draft: Draft, role: str | None) -> list[Segment]:
    return [seg for seg in text_segments(draft) if role is None or (seg.m.role or "title") == role]


def _new_segment(role: str, text: str, anchor: str | None, draft: Draft, env: Env) -> Segment:
    """A new text segment. No ``pos``: the renderer places it where it covers no face and
    the least detail; a position is set only when the user asks for one."""
    total = max(1, draft.d)
    meta = SegmentMeta(text=text, role=role, fade=BUILD.text_fade_ms)
    if role in ("title", "subtitle"):
        titles = role_segments(draft, "title")
        least = BUILD.title_card_ms if env.recipe.title_card else BUILD.title_ms
        length = titles[0].d if titles else cards.title_ms(text, least, draft.m.fade_in or 0)
        return Segment(st=0, d=min(total, length), m=meta)
    if role == "endcard":
        length = min(total, cards.end_card_ms(text, draft.m.fade_out or 0))
        return Segment(st=total - length, d=length, m=meta)
    if anchor is not None:
        meta.at = anchor  # type: ignore[attr-defined]  # an extra field: captions follow this photo
        return Segment(st=0, d=1, m=meta)
    meta.whole = True  # type: ignore[attr-defined]  # an extra field: spans the whole video
    return Segment(st=0, d=total, m=meta)


def _reread(seg: Segment, role: str, draft: Draft) -> None:
    """New words on a title or an end card: long enough to read them."""
    if role == "endcard":
        seg.d = max(seg.d, min(draft.d or seg.d, cards.end_card_ms(seg.m.text or "", draft.m.fade_out or 0)))
    elif role == "title":
        seg.d = max(
            seg.d, min(draft.d or seg.d, cards.title_ms(seg.m.text or "", seg.d, draft.m.fade_in or 0))
        )


def _size_now(seg: Segment, role: str, draft: Draft) -> float:
    """The text height as a fraction of the canvas height, preset or set."""
    if seg.m.size:
        return float(seg.m.size)
    return TEXT_PRESET_SIZE[role] * min(draft.m.w, draft.m.h) / draft.m.h


def _anchor(draft: Draft, edit: SetTitle, env: Env) -> str | None:
    if edit.role != "caption" or edit.photo is None:
        return None
    index = pick(draft, edit.photo, edit.among, env)[0]
    track = video_track(draft)
    assert track is not None
    return track.sg[index].src


def _targets(draft: Draft, edit: SetTitle, anchor: str | None, env: Env) -> list[Segment]:
    """The segments to change, creating one when the edit gives its words."""
    role = edit.role
    existing = [
        seg for seg in role_segments(draft, role) if role != "caption" or getattr(seg.m, "at", None) == anchor
    ]
    if existing and (edit.text is not None or _styling(edit)):
        if edit.text is not None:
            existing[0].m.text = edit.text
            _reread(existing[0], role, draft)
        return existing[:1] if edit.text is not None else existing
    text = edit.text
    if text is None and role == "endcard" and not _styling(edit):
        text = cards.end_card_text(env.recipe.end_card, env.lang == "zh")
    if text is None:
        if _styling(edit):
            raise CannotDo(
                f'The video has no {ROLE_EN[role]} yet; say what it should read, for example: add the {ROLE_EN[role]} "Our Summer".',
                f"视频里还没有{ROLE_ZH[role]}，请告诉我要写什么，例如：加{ROLE_ZH[role]}“我们的夏天”。",
            )
        raise Clarify(
            f'What should the {ROLE_EN[role]} say? Put the words in quotes, for example: add the {ROLE_EN[role]} "Our Summer".',
            f"{ROLE_ZH[role]}要写什么？请把文字放在引号里，例如：加{ROLE_ZH[role]}“我们的夏天”。",
        )
    track = text_track(draft, create=True)
    assert track is not None
    seg = _new_segment(role, text, anchor, draft, env)
    track.sg.append(seg)
    return [seg]


def _styling(edit: SetTitle) -> bool:
    return any(
        value is not None
        for value in (edit.position, edit.color, edit.size, edit.size_step, edit.seconds, edit.factor)
    )


@applies("set_title")
def set_title(draft: Draft, edit: SetTitle, env: Env) -> Said:
    role = edit.role
    anchor = _anchor(draft, edit, env)
    segments = _targets(draft, edit, anchor, env)
    label_en, label_zh = ROLE_EN[role], ROLE_ZH[role]
    parts: list[Said] = []
    if edit.text is not None:
        parts.append(Said(f'The {label_en} reads "{edit.text}".', f"{label_zh}为“{edit.text}”。"))
    if edit.position is not None:
        for seg in segments:
            seg.m.pos = edit.position
        where = edit.position.replace("-", " ")
        parts.append(
            Said(f"The {label_en} sits at the {where}.", f"{label_zh}放在了{POSITION_ZH[edit.position]}。")
        )
    if edit.color is not None:
        for seg in segments:
            seg.m.color = edit.color
        name_en, name_zh = COLOUR_NAMES.get(edit.color, (edit.color, edit.color))
        parts.append(Said(f"The {label_en} is {name_en}.", f"{label_zh}改为{name_zh}。"))
    if edit.size is not None or edit.size_step is not None:
        parts.append(_resize(draft, segments, edit, role))
    if edit.seconds is not None or edit.factor is not None:
        for seg in segments:
            ms = (
                round(edit.seconds * 1000)
                if edit.seconds is not None
                else round(seg.d * float(edit.factor or 1))
            )
            seg.d = max(MIN_TEXT_MS, min(ms, draft.d or ms))
        shown = segments[0].d
        parts.append(
            Said(f"The {label_en} shows for {seconds_en(shown)}.", f"{label_zh}显示{seconds_zh(shown)}。")
        )
    retime(draft)
    for track in draft.tracks(TRACK_TEXT):
        # Stable: items starting together keep the order they were added in.
        track.sg.sort(key=lambda seg: seg.st)
    if not parts:
        return Said(f"The {label_en} is already there.", f"{label_zh}已经有了。", noop=True)
    return parts[0].then(*parts[1:])


def _resize(draft: Draft, segments: list[Segment], edit: SetTitle, role: str) -> Said:
    label_en, label_zh = ROLE_EN[role], ROLE_ZH[role]
    limited = False
    for seg in segments:
        if edit.size is not None:
            size = float(edit.size)
        else:
            size = _size_now(seg, role, draft) * TEXT_SIZE_STEP ** int(edit.size_step or 0)
        clamped = max(MIN_TEXT_SIZE, min(MAX_TEXT_SIZE, size))
        limited = limited or clamped != size
        seg.m.size = round(clamped, 4)
    if edit.size_step and not limited:
        bigger = edit.size_step > 0
        return Said(
            f"The {label_en} is {'bigger' if bigger else 'smaller'}.",
            f"{label_zh}{'放大' if bigger else '缩小'}了。",
        )
    if limited:
        return Said(
            f"The {label_en} is as {'big' if (edit.size_step or 0) > 0 else 'small'} as it can be.",
            f"{label_zh}已经是{'最大' if (edit.size_step or 0) > 0 else '最小'}了。",
        )
    return Said(f"The {label_en} size is set.", f"{label_zh}大小已设置。")


@applies("remove_title")
def remove_title(draft: Draft, edit: RemoveTitle, env: Env) -> Said:
    role = edit.role
    found = role_segments(draft, role)
    on = None
    if edit.photo is not None:
        index = pick(draft, edit.photo, edit.among, env)[0]
        anchor = video_track(draft).sg[index].src  # type: ignore[union-attr]  # pick found the track
        on = describe(draft, [index], env)
        found = [seg for seg in found if getattr(seg.m, "at", None) == anchor]
    if not found:
        what_en = ROLE_EN[role] if role else "text"
        what_zh = ROLE_ZH[role] if role else "文字"
        if on is not None:
            return Said(
                f"{on[0].capitalize()} has no {what_en} to remove.", f"{on[1]}没有{what_zh}。", noop=True
            )
        return Said(f"The video has no {what_en} to remove.", f"视频里没有{what_zh}。", noop=True)
    doomed = {id(seg) for seg in found}
    for track in draft.t:
        track.sg = [seg for seg in track.sg if id(seg) not in doomed]
    draft.t = [track for track in draft.t if track.tt != TRACK_TEXT or track.sg]
    if role is None:
        return Said("I removed all the text.", "已删除所有文字。")
    if on is not None:
        return Said(f"I removed the {ROLE_EN[role]} on {on[0]}.", f"已删除{on[1]}上的{ROLE_ZH[role]}。")
    return Said(f"I removed the {ROLE_EN[role]}.", f"已删除{ROLE_ZH[role]}。")
