"""Lengths said other than as a length: a bound ("under a minute"), a direction ("down
to 15 seconds"), a change ("5 seconds longer", "add 5 seconds"), a multiple ("2x faster",
"快一倍"), a moment ("the first 5 seconds", which no edit can hold) and a motion's length.
Each once set the video's length to the seconds said; :mod:`.durations` asks these first."""

from __future__ import annotations

import re

from ...edits import MAX_VIDEO_S
from ...ops.base import Said, seconds_en, seconds_zh
from ..plan import TEXT_NOUNS, Facts, Plan
from ..tagger import Clause, Mention, Words
from .common import scope, verbs

# "keep it under a minute", "no longer than 15 seconds", "at least 40 seconds", "1分钟以内":
# a bound, met already or not.
_AT_MOST = re.compile(
    r"(?:\b(?:under|below|less than|shorter than|no (?:longer|more) than|not (?:longer|more) than|at most|max(?:imum)?"
    r"|up to|within)|不超过|最多)\s*$"
)
_AT_LEAST = re.compile(
    r"(?:\b(?:over|above|more than|longer than|at least|no (?:shorter|less) than|not (?:shorter|less) than"
    r"|min(?:imum)?)|不少于|至少)\s*$"
)
_AT_MOST_AFTER = re.compile(r"^\s*(?:以内|之内|以下|或更短)")
_AT_LEAST_AFTER = re.compile(r"^\s*(?:以上|或更长)")


def bounded(words: Words, facts: Facts, plan: Plan, dur: Mention) -> bool:
    """A length said as a bound the video meets already: said so, nothing changed (True).
    One it does not meet is the length to make (False: the caller sets it)."""
    clause = words.clause_of(dur)
    before, after = words.text[clause.start : dur.start], words.text[dur.end : clause.end]
    spans = [
        (found, at_most)
        for found, at_most in (
            (_AT_MOST.search(before), True),
            (_AT_LEAST.search(before), False),
            (_AT_MOST_AFTER.search(after), True),
            (_AT_LEAST_AFTER.search(after), False),
        )
        if found is not None
    ]
    if not spans:
        return False
    found, at_most = spans[0]
    offset = clause.start if found.re in (_AT_MOST, _AT_LEAST) else dur.end
    start, end = offset + found.start(), offset + found.end()
    words.mark(start, end)
    words.use(*(m for m in clause.mentions if start <= m.start < end))  # "no", "longer" in "no longer than"
    current = facts.draft.d if facts.draft is not None else None
    if current is None or (current > dur.value if at_most else current < dur.value):
        return False
    if not facts.generating:  # a new video's own sentence gives its length
        en_way, zh_way = ("under", "以内") if at_most else ("over", "以上")
        plan.hints.append(
            Said(
                f"The video is {seconds_en(current)} long, already {en_way} {seconds_en(dur.value)}.",
                f"视频长{seconds_zh(current)}，已经在{seconds_zh(dur.value)}{zh_way}。",
            )
        )
    words.use(dur, *verbs(words, clause, "make", "show"))
    return True


# "cut it down to 15 seconds", "bring the video down to 12 seconds", "bump photo 3 up to 6
# seconds": the direction only says which way the length goes, the number says where.
_DIRECTION = re.compile(r"(?<![a-z])(?:down|up)(?:\s+to)?\s*$")


def direction(words: Words, dur: Mention) -> None:
    clause = words.clause_of(dur)
    said = _DIRECTION.search(words.text, clause.start, dur.start)
    if said is not None:
        words.mark(*said.span())
        words.use(*(m for m in verbs(words, clause, "move") if words.text[m.start : m.end] == "bring"))


# "make it 5 seconds longer", "add 5 seconds", "cut 3 seconds", "make it longer by 5
# seconds": a change of length, not the length (they once made a 5-second video).
_MORE_AFTER = re.compile(r"\s*(?:longer|more|extra)\b")
_LESS_AFTER = re.compile(r"\s*(?:shorter|less|fewer)\b")
_MORE_BEFORE = re.compile(
    r"(?:\b(?:add|adding|another|plus|(?:extend|extended|lengthen|lengthened)(?:\s+\w+){0,2}\s+by|longer by)"
    r"|再长|再加|加长|延长|多加|增加|多停留|多显示|多放|多)\s*$"
)
_LESS_BEFORE = re.compile(
    r"(?:\b(?:cut|trim|take off|remove|minus|(?:shorten|shortened)(?:\s+\w+){0,2}\s+by|shorter by)"
    r"|缩短|减少|减掉|剪掉|砍掉|少停留|少显示|少)\s*$"
)


def _step(words: Words, dur: Mention) -> tuple[int, tuple[int, int]] | None:
    """+1 or -1 and the words that said it, when the duration is a change of length."""
    clause = words.clause_of(dur)
    for pattern, sign in ((_MORE_AFTER, 1), (_LESS_AFTER, -1)):
        found = pattern.match(words.text, dur.end, clause.end)
        if found is not None:
            return sign, found.span()
    for pattern, sign in ((_MORE_BEFORE, 1), (_LESS_BEFORE, -1)):
        found = pattern.search(words.text, clause.start, dur.start)
        if found is not None:
            return sign, found.span()
    return None


MOTION_LENGTH = Said(
    'The zoom and pan last as long as each photo shows; say "slower zoom" or "faster zoom", or give the photos '
    'a length, for example "4 seconds per photo".',
    "缩放和平移的时长就是每张照片显示的时长；可以说“缩放慢一点”或“快一点”，或者设置每张照片的时长，例如“每张4秒”。",
)
TOO_SHORT_NOW = Said(
    'That would leave nothing of it; say the length you want instead, for example "make it 10 seconds".',
    "那样就没有时长了；请直接说想要的时长，例如“改成10秒”。",
)


def _measured(
    words: Words, facts: Facts, clause: Clause
) -> tuple[str, int, dict[str, object], list[Mention | None]]:
    """What a change of length in ``clause`` changes: the edit, the length it has now, the
    edit's other fields, and the words that named it (a photo, "each", the title; none for
    the whole video)."""
    assert facts.draft is not None
    track = facts.draft.tracks(0)
    items = track[0].sg if track else []
    ref = next(
        (m for m in clause.mentions if m.kind == "ref" and not m.used and len(m.value.positions) == 1), None
    )
    title = next((m for m in clause.mentions if m.noun in TEXT_NOUNS), None)
    named = facts.indexes_of(ref.value) if ref is not None else []
    if ref is not None and named:
        fields: dict[str, object] = {"photo": ref.value, "verb": ("time", "调整时长")}
        return "set_photo_duration", items[named[0]].d, fields, [ref, title]
    each = scope(words, clause, "each")
    if each is not None and items:
        # "2 seconds less per photo": every photo from the typical length it has now.
        return "set_photo_duration", sorted(seg.d for seg in items)[len(items) // 2], {}, [ref, each]
    if title is not None and facts.has_text("title") and title.noun in ("title", "text"):
        current = next(
            seg.d for track in facts.draft.tracks(7) for seg in track.sg if (seg.m.role or "title") == "title"
        )
        return "set_title", current, {"role": "title"}, [ref, title]
    return "set_length", facts.draft.d, {}, []


def relative(words: Words, plan: Plan, facts: Facts, dur: Mention) -> bool:
    """A length said as a change: the new length from the one the draft has (True when done)."""
    step = _step(words, dur)
    if step is None or facts.draft is None or facts.generating:
        return False
    sign, span = step
    clause = words.clause_of(dur)
    op, current, fields, said_of = _measured(words, facts, clause)
    new_ms = current + sign * dur.value
    if new_ms < 100:
        plan.refusals.append(TOO_SHORT_NOW)
    else:
        plan.want(op, dur, seconds=round(new_ms) / 1000, **fields)
    words.mark(*span)
    inside = [m for m in clause.mentions if span[0] <= m.start < span[1]]
    words.use(dur, *said_of, *inside, *verbs(words, clause, "make", "show", "add", "remove"))
    return True


# "the first 5 seconds in black and white", "after 10 seconds", "put the title at 3 seconds":
# a moment or a stretch of the video, which no edit can hold (they once set its length).
_MOMENT = re.compile(
    r"\b(?:the\s+(?:first|last|final|opening|closing)|after|at|until|till|wait|starting|from)\s*$"
)
NO_MOMENTS = Said(
    "I can't tie a change to a moment in seconds: a look or motion covers whole photos, the title opens the "
    'video and a caption follows its photo. Name the photos instead, for example "make the last photo black '
    'and white".',
    "无法按秒数指定某一段：色调和动效作用于整张照片，标题在开头，字幕跟随它的照片。请说是哪几张照片，例如“最后一张改成黑白”。",
)


# "end it at 20 seconds", "stop after 30 seconds": the moment the video ends is its length.
_ENDS_AT = re.compile(
    r"\b(?:end|ends|stop|stops|cut|finish|finishes|wrap up|wraps up)(?:\s+(?:it|the video|everything))?"
    r"\s+(?:at|after)\s*$"
)


def moment(words: Words, plan: Plan, dur: Mention) -> bool:
    clause = words.clause_of(dur)
    if not _MOMENT.search(words.text, clause.start, dur.start):
        return False
    ends = _ENDS_AT.search(words.text, clause.start, dur.start)
    if ends is not None:
        words.mark(*ends.span())
        return False
    if NO_MOMENTS not in plan.refusals:
        plan.refusals.append(NO_MOMENTS)
    words.use(*clause.mentions)  # the whole clause is about that moment: nothing else of it applies
    words.mark(clause.start, clause.end)
    return True


# "2x faster", "twice as long", "half speed", "double the length", "20% shorter", "快一倍":
# the length times a number. Each pattern gives the factor on the video's length.
_WORD_TIMES = {"twice": 2.0, "two times": 2.0, "three times": 3.0, "thrice": 3.0, "half": 0.5, "double": 2.0,
               "triple": 3.0, "halve": 0.5, "一": 2.0, "两": 2.0, "1": 2.0, "2": 2.0}  # fmt: skip
_SHORTENS = ("fast", "faster", "quick", "quicker", "short", "shorter", "speed", "pace", "快")
_TIMES = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?)\s*(?:x|times)\s+(?P<way>faster|quicker|slower|longer|shorter)\b"
    r"|\b(?P<w>twice|two times|three times|thrice|half)\s+as\s+(?P<way2>fast|quick|slow|long|short)\b"
    r"|\b(?P<v>double|triple|halve)\s+(?:the\s+)?(?P<what>length|duration|time|speed|pace)\b"
    r"|\b(?P<h>half|double)\s+(?:the\s+)?speed\b"
    r"|\b(?P<p>\d+(?:\.\d+)?)\s*%\s+(?P<way3>shorter|longer|faster|slower|quicker)\b"
    r"|(?P<zway>快|慢)(?P<zn>一|两|1|2)倍|(?:时长|长度)?(?P<zdouble>翻倍|翻一倍|翻1倍)|(?:缩短|减少|减)(?P<zhalf>一半)"
)


def _factor(found: re.Match[str]) -> float:
    """The factor on the length (2.0: twice as long) that a _TIMES match says."""
    g = found.groupdict()
    if g["n"]:
        n = float(g["n"])
        return 1 / n if g["way"] in _SHORTENS else n
    if g["w"]:
        n = _WORD_TIMES[g["w"]]
        return 1 / n if g["way2"] in _SHORTENS else n
    if g["v"]:
        n = _WORD_TIMES[g["v"]]
        return 1 / n if g["what"] in ("speed", "pace") else n
    if g["h"]:
        return 2.0 if g["h"] == "half" else 0.5
    if g["p"]:
        share = float(g["p"]) / 100
        if g["way3"] == "shorter":
            return max(0.0, 1 - share)
        return 1 / (1 + share) if g["way3"] in _SHORTENS else 1 + share
    if g["zway"]:
        n = _WORD_TIMES[g["zn"]]  # 快一倍: twice as fast
        return 1 / n if g["zway"] == "快" else n
    return 2.0 if g["zdouble"] else 0.5


def times(words: Words, plan: Plan, facts: Facts) -> None:
    """The whole video's length times a factor said ("make it 2x faster"); with a photo named
    the other rules decide (a photo's pace is its length)."""
    if facts.draft is None or facts.generating:
        return
    for found in _TIMES.finditer(words.text):
        inside = [m for m in words.mentions if found.start() <= m.start < found.end()]
        clause = next((c for c in words.clauses if c.start <= found.start() < c.end), None)
        if clause is None or any(m.kind == "ref" for m in clause.mentions) or any(m.used for m in inside):
            continue
        factor = _factor(found)
        seconds = facts.draft.d * factor / 1000
        if seconds <= 0.1 or seconds > MAX_VIDEO_S:
            continue
        plan.want("set_length", found.start(), seconds=round(seconds, 2))
        words.mark(*found.span())
        words.use(*inside, *verbs(words, clause, "make", "change"), scope(words, clause, "whole"))
