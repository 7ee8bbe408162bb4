"""Text on the video: title, subtitle, caption, end card; names and dates;
position, duration, removal. Quoted text is used exactly as written."""

from __future__ import annotations

import re
from typing import Any

from ...models import TRACK_TEXT, Draft, Segment, SegmentMeta
from ..extract import duration_in, take_date, take_names
from ..message import Message
from ..normalise import PLACEHOLDER
from ..ops import CannotDo, Clarify, Env, Op, Said, operation
from ..refs import REF_RE, Ref, ref_from_match, resolve
from ..timeline import retime, text_segments, text_track, video_track
from ..words import DURATION, GAP, REMOVE_EN, REMOVE_ZH
from . import ParseState

_ROLE_CUES: tuple[tuple[str, str], ...] = (
    ("subtitle", r"\bsub-?titles?\b|\bsubheading\b|\btagline\b|副标题"),
    ("endcard", r"\bend(?:ing)?\s*(?:card|screen|title|slide|text)\b|\bclosing\s+(?:card|title|text)\b|\boutro\b"
     r"|\b(?:end|finish|close)\s+(?:it\s+|the video\s+)?with\b|\bat the end\b|片尾|结尾|结束语|结束卡|最后写"),
    ("caption", r"\bcaptions?\b|\blabel\b|字幕|说明|配文"),
    ("title", r"\btitle[ds]?\b|\bheading\b|\bheadline\b|\bname (?:it|the video)\b|\bcall (?:it|the video)\b|\bcalled\b"
     r"|\btitle card\b|\bopening (?:card|text)\b|标题|片头|题目|叫做|命名"),
)  # fmt: skip
# Words that say "put this text on the video" without saying where: a title.
_GENERIC_CUE = r"\btext\b|\bwords?\b|\bwrite\b|\bsays?\b|\bsaying\b|\badd\b|文字|写|加上|添加"
ROLE_NOUN = r"(?:sub-?title|title card|title|heading|end ?card|ending card|closing card|end screen|outro|captions?|text|words|副标题|标题|字幕|片尾|文字)"
ROLE_EN = {"title": "title", "subtitle": "subtitle", "caption": "caption", "endcard": "end card"}
ROLE_ZH = {"title": "标题", "subtitle": "副标题", "caption": "字幕", "endcard": "片尾卡片"}
_POSITIONS = (
    (r"\blower third\b|下三分之一", "lower-third"),
    (r"\bupper third\b|上三分之一", "upper-third"),
    (r"\btop\b|\bupper\b|顶部|上方|上面|顶端", "top"),
    (r"\bbottom\b|\blower\b|底部|下方|下面|底端", "bottom"),
    (r"\bcent(?:er|re)\b|\bmiddle\b|中间|居中|正中", "center"),
)
_LONGER = r"\blonger\b|长一?点|久一?点"
_SHORTER = r"\bshorter\b|短一?点"
TITLE_MS = 3000
TITLE_CARD_MS = 4000
END_CARD_MS = 3000
TEXT_FADE_MS = 500
DEFAULT_END_CARD = ("The End", "谢谢观看")


def _role_of(noun: str) -> str | None:
    noun = noun.strip()
    if re.fullmatch(r"sub-?title|副标题", noun):
        return "subtitle"
    if re.fullmatch(r"end ?card|ending card|closing card|end screen|outro|片尾", noun):
        return "endcard"
    if re.fullmatch(r"captions?|字幕", noun):
        return "caption"
    if re.fullmatch(r"title card|title|heading|标题", noun):
        return "title"
    return None


def _cue_role(window_before: str, window_after: str) -> str | None:
    """The role a quote plays: the nearest role word before it ("add an end card
    that says "X"" is an end card), else one after it ("X" as the subtitle),
    else a generic "add"/"text" makes it a title. None: not text for the video."""
    nearest: tuple[int, str] | None = None
    for role, pattern in _ROLE_CUES:
        for match in re.finditer(pattern, window_before):
            if nearest is None or match.end() > nearest[0]:
                nearest = (match.end(), role)
    if nearest:
        return nearest[1]
    # After the quote, the nearest role word too: in '"X" on the title card and end
    # with the venue clip' the quote is the title, not the end card.
    following = [
        (match.start(), role) for role, pattern in _ROLE_CUES if (match := re.search(pattern, window_after))
    ]
    if following:
        return min(following)[1]
    if re.search(_GENERIC_CUE, window_before) or re.search(_GENERIC_CUE, window_after):
        return "title"
    return None


def _clause_window(text: str, index: int) -> tuple[str, str]:
    start = max(0, index - 60)
    before = re.split(r"[.;!?。；！？\x1f]", text[start:index])[-1]
    after = re.split(r"[.;!?。；！？\x1f,，]", text[index + 1 : index + 40])[0]
    return before, after


_UNQUOTED = re.compile(
    r"(?i)\b(?P<role>sub-?title|title|caption|end ?card)\s*[:：]\s*(?P<text>[^,，。.!！?？;；\n\ue000-\ue0ff\x1f]+)"
    r"|\b(?P<call>call it|name it|titled)\s+(?P<ctext>[^,，。.!！?？;；\n\ue000-\ue0ff\x1f]+)"
    r"|(?P<zrole>副标题|标题|字幕|片尾)\s*(?:改成|改为|换成|是|为|写)\s*[:：]?\s*(?P<ztext>[^,，。.!！?？;；\n\ue000-\ue0ff\x1f]+)"
)


def _unquoted(msg: Message) -> list[Op]:
    """'title: Our Wedding', 'call it Summer', '标题改成我们的婚礼': the words up to the clause end."""
    written = _UNQUOTED.search(msg.norm.original)
    spoken = _UNQUOTED.search(msg.text)
    if not written or not spoken:
        return []
    role = _role_of((written.group("role") or written.group("zrole") or "title").lower()) or "title"
    value = (written.group("text") or written.group("ctext") or written.group("ztext") or "").strip()
    if not value:
        return []
    msg.consume(spoken)
    return [Op("set_text", {"role": role, "text": value})]


def parse(msg: Message, state: ParseState) -> list[Op]:
    ops = _quoted(msg)
    if not ops:
        ops = _unquoted(msg)
    ops += _names_and_date(msg, state, taken_roles={op.args.get("role") for op in ops})
    ops += _removals(msg)
    ops += _position_and_duration(msg)
    ops += _unquoted_cards(msg, state, taken_roles={op.args.get("role") for op in ops})
    return ops


def _quoted(msg: Message) -> list[Op]:
    ops: list[Op] = []
    for match in list(re.finditer(PLACEHOLDER, msg.text)):
        before, after = _clause_window(msg.text, match.start())
        role = _cue_role(before, after)
        if role is None:
            continue
        args: dict[str, Any] = {"role": role, "text": msg.quote(match.group(0))}
        if role == "caption":
            ref = REF_RE.search(after) or REF_RE.search(before)
            if ref:
                args["ref"] = ref_from_match(ref).as_args()
        ops.append(Op("set_text", args))
        # The cue words around the quote belong to this edit too.
        start = match.start() - len(before)
        end = match.end() + len(after)
        cue_span = re.search(rf"{ROLE_NOUN}|\b(?:end|finish) with\b|{REF_RE.pattern}", msg.text[start:end])
        msg.consume(match)
        if cue_span:
            msg.consume_span(start + cue_span.start(), start + cue_span.end())
        msg.take(
            r"\b(?:add|put|write|change|set|rename|call|name)\b(?=[\s\x1f]*(?:the\s+|a\s+|an\s+)?[\x1f])"
        )
    return ops


def _names_and_date(msg: Message, state: ParseState, taken_roles: set[Any]) -> list[Op]:
    ops: list[Op] = []
    names = take_names(msg)
    date = take_date(msg)
    if names and "title" not in taken_roles:
        ops.append(Op("set_text", {"role": "title", "text": names}))
    if date and "subtitle" not in taken_roles:
        role = "subtitle" if (names or "title" in taken_roles or _has_title(state)) else "title"
        ops.append(Op("set_text", {"role": role, "text": date}))
    if ops:
        msg.take(
            r"\b(?:our|the|their|with)?\s*(?:names?|date)\b(?:\s*(?:and|,)\s*(?:the\s+)?(?:names?|date))?|名字|日期"
        )
    return ops


def _has_title(state: ParseState) -> bool:
    return state.draft is not None and any(seg.m.role == "title" for seg in text_segments(state.draft))


def _removals(msg: Message) -> list[Op]:
    ops: list[Op] = []
    patterns = (
        rf"{REMOVE_EN}\s+(?:the\s+|all\s+(?:the\s+)?|any\s+)?(?P<noun>{ROLE_NOUN})",
        rf"\bno\s+(?P<noun>{ROLE_NOUN})\b",
        rf"{REMOVE_ZH}\s*(?:所有的?|全部的?)?(?P<noun>{ROLE_NOUN})",
    )
    for pattern in patterns:
        for match in msg.take_all(pattern):
            ops.append(Op("remove_text", {"role": _role_of(match.group("noun"))}))
    return ops


def _position_and_duration(msg: Message) -> list[Op]:
    ops: list[Op] = []
    for clause in list(msg.clauses()):
        noun = re.search(ROLE_NOUN, clause)
        if not noun:
            continue
        role = _role_of(noun.group(0))
        offset = msg.text.find(clause)
        for pattern, pos in _POSITIONS:
            if re.search(rf"{ROLE_NOUN}{GAP}(?:{pattern})|(?:{pattern}){GAP}{ROLE_NOUN}", clause):
                ops.append(Op("set_text_position", {"role": role, "pos": pos}))
                msg.consume_span(offset, offset + len(clause))
                break
        else:
            duration = re.search(DURATION, clause)
            if duration:
                ops.append(
                    Op("set_text_duration", {"role": role, "ms": int(duration_in(duration.group(0)) or 0)})
                )
            elif re.search(_LONGER, clause):
                ops.append(Op("set_text_duration", {"role": role, "factor": 1.5}))
            elif re.search(_SHORTER, clause):
                ops.append(Op("set_text_duration", {"role": role, "factor": 0.67}))
            else:
                continue
            msg.consume_span(offset, offset + len(clause))
    return ops


def _unquoted_cards(msg: Message, state: ParseState, taken_roles: set[Any]) -> list[Op]:
    ops: list[Op] = []
    if "endcard" not in taken_roles and msg.take(
        r"\b(?:add|put|with|include|want|need)\b"
        + GAP
        + r"\b(?:end ?card|ending card|closing card|end screen|outro)\b"
        r"|(?:加上?|添加|要)(?:一个)?(?:片尾|结尾卡片?|结束卡)"
    ):
        ops.append(Op("set_text", {"role": "endcard", "text": None}))
    wanted = msg.find(
        r"\b(?:add|put|want|need|give it)\b\s+(?:a|an|the|some)?\s*(?P<noun>sub-?title|title|heading|captions?)\b(?!\s*card)"
        r"|(?:加上?|添加|要)(?:一个|个|点)?(?P<znoun>副标题|标题|字幕)"
    )
    if wanted:
        role = _role_of(wanted.group("noun") or wanted.group("znoun")) or "title"
        if role not in taken_roles:
            msg.consume(wanted)
            ops.append(Op("set_text", {"role": role, "text": None}))
    return ops


def _role_segments(draft: Draft, role: str | None) -> list[Segment]:
    return [seg for seg in text_segments(draft) if role is None or (seg.m.role or "title") == role]


@operation("set_text")
def set_text(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    role = str(args["role"])
    text = args.get("text")
    if text is None and role == "endcard":
        text = env.recipe.end_card or (DEFAULT_END_CARD[1] if env.lang == "zh" else DEFAULT_END_CARD[0])
    if text is None:
        raise Clarify(
            f'What should the {ROLE_EN[role]} say? Put the words in quotes, for example: add the {ROLE_EN[role]} "Our Summer".',
            f"{ROLE_ZH[role]}要写什么？请把文字放在引号里，例如：加{ROLE_ZH[role]}“我们的夏天”。",
        )
    anchor: str | None = None
    if role == "caption" and args.get("ref"):
        index = resolve(draft, Ref.from_args(args["ref"]), env, "caption", "加字幕")[0]
        track = video_track(draft)
        assert track is not None
        anchor = track.sg[index].src
    existing = [
        seg
        for seg in _role_segments(draft, role)
        if role != "caption" or getattr(seg.m, "at", None) == anchor
    ]
    if existing:
        existing[0].m.text = str(text)
    else:
        track = text_track(draft, create=True)
        assert track is not None
        track.sg.append(_new_segment(role, str(text), anchor, draft, env))
    retime(draft)
    for track in draft.tracks(TRACK_TEXT):
        # Stable: items starting together keep the order they were added in.
        track.sg.sort(key=lambda seg: seg.st)
    return Said(f'The {ROLE_EN[role]} reads "{text}".', f"{ROLE_ZH[role]}为“{text}”。")


def _new_segment(role: str, text: str, anchor: str | None, draft: Draft, env: Env) -> Segment:
    total = max(1, draft.d)
    meta = SegmentMeta(text=text, role=role, fade=TEXT_FADE_MS)
    if role in ("title", "subtitle"):
        titles = _role_segments(draft, "title")
        length = titles[0].d if titles else (TITLE_CARD_MS if env.recipe.title_card else TITLE_MS)
        meta.pos = "center" if role == "title" else "lower-third"
        return Segment(st=0, d=min(total, length), m=meta)
    if role == "endcard":
        meta.pos = "center"
        length = min(total, END_CARD_MS)
        return Segment(st=total - length, d=length, m=meta)
    meta.pos = "bottom"
    if anchor is not None:
        meta.at = anchor  # type: ignore[attr-defined]  # an extra field: captions follow this photo
        return Segment(st=0, d=1, m=meta)
    meta.whole = True  # type: ignore[attr-defined]  # an extra field: spans the whole video
    return Segment(st=0, d=total, m=meta)


def _require(draft: Draft, role: str | None) -> list[Segment]:
    found = _role_segments(draft, role)
    if not found:
        what_en = ROLE_EN[role] if role else "text"
        what_zh = ROLE_ZH[role] if role else "文字"
        raise CannotDo(f"The video has no {what_en} yet.", f"视频里还没有{what_zh}。")
    return found


@operation("set_text_position")
def set_text_position(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    role = args.get("role")
    pos = str(args["pos"])
    for seg in _require(draft, role):
        seg.m.pos = pos
    label_en = ROLE_EN.get(role or "", "text")
    label_zh = ROLE_ZH.get(role or "", "文字")
    where_zh = {
        "top": "顶部",
        "bottom": "底部",
        "center": "中间",
        "lower-third": "下三分之一处",
        "upper-third": "上三分之一处",
    }[pos]
    return Said(f"The {label_en} sits at the {pos.replace('-', ' ')}.", f"{label_zh}放在了{where_zh}。")


@operation("set_text_duration")
def set_text_duration(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    role = args.get("role")
    segments = _require(draft, role)
    for seg in segments:
        ms = int(args["ms"]) if "ms" in args else int(seg.d * float(args["factor"]))
        seg.d = max(500, min(ms, draft.d or ms))
    retime(draft)
    seconds = segments[0].d / 1000
    label_en = ROLE_EN.get(role or "", "text")
    label_zh = ROLE_ZH.get(role or "", "文字")
    return Said(f"The {label_en} shows for {seconds:g} seconds.", f"{label_zh}显示{seconds:g}秒。")


@operation("remove_text")
def remove_text(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    role = args.get("role")
    found = _role_segments(draft, role)
    if not found:
        what_en = ROLE_EN[role] if role else "text"
        what_zh = ROLE_ZH[role] if role else "文字"
        return Said(f"The video has no {what_en} to remove.", f"视频里没有{what_zh}。", noop=True)
    doomed = {id(seg) for seg in found}
    for track in draft.t:
        track.sg = [seg for seg in track.sg if id(seg) not in doomed]
    draft.t = [track for track in draft.t if track.tt != 7 or track.sg]
    if role is None:
        return Said("I removed all the text.", "已删除所有文字。")
    return Said(f"I removed the {ROLE_EN[role]}.", f"已删除{ROLE_ZH[role]}。")
