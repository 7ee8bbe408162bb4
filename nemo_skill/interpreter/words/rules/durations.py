"""Lengths: each duration binds to what it measures, by grammar.

* "N-second video/teaser/reel", "N seconds long", "about half a minute", "时长N秒" ->
  the whole video;
* "N seconds per/each photo", "each photo N seconds", "每张N秒", "N秒一张" -> every photo;
* "photo 3 for N seconds", "show the first photo for N seconds" -> that photo;
* "N-second transitions", "transitions of/lasting N seconds", "N second crossfades",
  "make the transitions N seconds" -> the transitions;
* "show the title for N seconds" -> the title;
* a duration with nothing to measure in its clause ("make it 45s") -> the whole video.
"""

from __future__ import annotations

import re

from ...edits import MAX_TRANSITION_S, MAX_VIDEO_S
from ...ops.base import Said
from ..plan import TEXT_NOUNS, Facts, Plan
from ..tagger import Mention, Words
from .common import scope, verbs
from .length_changes import MOTION_LENGTH, bounded, direction, moment, relative, times
from .transitions import cut_after

_HEADS = ("video", "length", "photo", "transition", *TEXT_NOUNS)
_BETWEEN_KINDS = ("resolution", "shape", "ratio", "platform")
# What may stand between a head and the duration after it: "transitions of 2 seconds",
# "each photo should last 4 seconds", "总时长改为45秒".
_LINK_BACK = re.compile(
    r"^[\s\-:]*(?:(?:should|to|will|must|can|could|be|last|lasts|lasting|run|runs|take|takes|of|for|at|is|are"
    r"|that's|that is|which is|thats|that|which|lasting about|on screen|in total|with"
    r"|about|around|exactly|roughly|only|just|set|changed|change|make|it|them|each|every|on screen|show|shows"
    r"|stay|stays|display|hold|held|down|up|长度|为|是|到|改为|改成|设为|设成|显示|停留|播放|控制在|缩短到|加长到|大约|大概"
    r"|都|每张|每个|各)[\s\-:]*)*$"
)
# What may stand between a duration and the head after it: "a 20-second 1080p video",
# "3 seconds per photo", "2秒的视频".
_LINK_FORWARD = re.compile(
    r"^[\s\-]*(?:(?:long|of|for|the|a|an|each|every|per|total|的|左右|长|个|1)[\s\-]*)*$"
)
_UNKNOWN_WORDS_EN = 3
_UNKNOWN_CHARS_ZH = 6


def _plain(words: Words, start: int, end: int, between: list[Mention]) -> str:
    """The text from start to end without the mentions that may stand there."""
    text = words.text[start:end]
    for m in sorted(between, key=lambda m: m.start, reverse=True):
        text = text[: m.start - start] + " " + text[m.end - start :]
    return text


def _forward(words: Words, dur: Mention) -> tuple[Mention | None, bool]:
    """The head after the duration, and whether only link words stand between."""
    clause = words.clause_of(dur)
    between: list[Mention] = []
    for m in clause.mentions:
        if m.start < dur.end:
            continue
        if _is_head(words, m):
            gap = _plain(words, dur.end, m.start, between)
            if _LINK_FORWARD.match(gap):
                return m, True
            unknown = re.findall(r"[a-z]+", gap) if not words.zh else re.findall(r"[\u4e00-\u9fff]", gap)
            limit = _UNKNOWN_CHARS_ZH if words.zh else _UNKNOWN_WORDS_EN
            return (m, False) if len(unknown) <= limit and "," not in gap else (None, False)
        describes = m.kind == "lex" and m.noun in (None, "filter", "aspect", "resolution")
        if m.kind in _BETWEEN_KINDS or describes or m.kind == "scope":
            between.append(m)
            continue
        return None, False
    return None, False


_OWNED = re.compile(r"(?:\b(?:these|those|my|our|your|the|all|all the|all of the|of)\s+)$")


def _is_head(words: Words, m: Mention) -> bool:
    """Nouns a length can measure. "these photos" is what the video is made of, not
    how long each photo shows: a plain photo noun counts only with "each"/"every"/"per"."""
    if m.kind == "ref":
        return True
    if m.noun not in _HEADS:
        return False
    if m.noun == "photo" and m.kind == "lex":
        clause = words.clause_of(m)
        each = any(x.kind == "scope" and x.value == "each" for x in clause.mentions)
        return each or not _OWNED.search(words.text, max(clause.start, m.start - 16), m.start)
    return True


def _backward(words: Words, dur: Mention) -> Mention | None:
    clause = words.clause_of(dur)
    earlier = [m for m in clause.mentions if m.end <= dur.start]
    between: list[Mention] = []
    for m in reversed(earlier):
        if _is_head(words, m):
            return m if _LINK_BACK.match(_plain(words, m.end, dur.start, between)) else None
        if m.kind in ("verb", "scope") or m.kind in _BETWEEN_KINDS:
            between.append(m)
            continue
        return None
    return None


def _each(words: Words, dur: Mention) -> Mention | None:
    """ "每张3秒", "3秒一张", "3 seconds each": a per-photo scope right by the duration, or
    before it with only link words between ("make each one last 5 seconds")."""
    clause = words.clause_of(dur)
    for m in clause.mentions:
        close = abs(m.start - dur.end) <= 3 or abs(dur.start - m.end) <= 3
        close = close or (m.end <= dur.start and bool(_LINK_BACK.match(words.text[m.end : dur.start])))
        if m.kind == "scope" and m.value == "each" and not m.used and close:
            return m
    return None


TOO_LONG = Said(
    "A video can be at most 30 minutes long, so I used 30 minutes.", "视频最长30分钟，已按30分钟设置。"
)


def _length(plan: Plan, dur: Mention) -> None:
    seconds = dur.value / 1000
    if seconds > MAX_VIDEO_S:
        seconds = MAX_VIDEO_S
        plan.hints.append(TOO_LONG)
    plan.want("set_length", dur, seconds=seconds)


def _bind(words: Words, plan: Plan, facts: Facts, dur: Mention, head: Mention) -> bool:
    seconds = dur.value / 1000
    clause = words.clause_of(dur)
    category = head.noun if head.kind != "ref" else "ref"
    if category == "ref" and any(m.noun == "transition" and m.end <= head.start for m in clause.mentions):
        category = "transition"  # "make the transition after photo 2 two seconds": the photo says which
    if category in ("video", "length"):
        if not bounded(words, facts, plan, dur):
            _length(plan, dur)
    elif category == "ref":
        plan.want("set_photo_duration", dur, verb=("time", "调整时长"), photo=head.value, seconds=seconds)
    elif category == "photo":
        plan.want("set_photo_duration", dur, seconds=seconds)
    elif category == "transition":
        cut = cut_after(words, clause)  # "make the transition after photo 2 two seconds": that one
        plan.want("set_transition", dur, seconds=seconds, **({"after": cut[0]} if cut else {}))
        words.use(*(cut[1] if cut else []))
    elif category in TEXT_NOUNS:
        role = "title" if category == "text" else category
        plan.want("set_title", dur, role=role, seconds=seconds)
    else:
        return False
    words.use(dur, head, scope(words, clause, "each"), *verbs(words, clause, "show", "make"))
    # "trim photo 2 to 3 seconds", "extend the video to 40 seconds": the number says the new
    # length; the verb only which way it went (applied too, it said two lengths).
    words.use(*(m for m in clause.mentions if m.kind == "lex" and "length" in m.senses and not m.used))
    words.mark(min(dur.end, head.end), max(dur.start, head.start))  # the link words between them
    return True


def _carried(words: Words, dur: Mention) -> Mention | None:
    """ "转场用叠化，每个0.5秒", "use dissolve transitions, 2 seconds each": a clause with only
    a length (and "each" or "duration") goes on with the transitions of the clause before,
    when the length is one a transition can have ("转场用溶解，时长30秒" is the video's)."""
    clause = words.clause_of(dur)
    if clause.index == 0 or any(m.noun in ("photo", "video") or m.kind == "ref" for m in clause.mentions):
        return None
    if dur.value > MAX_TRANSITION_S * 1000:
        return None
    before = words.clauses[clause.index - 1]
    if any(
        m.kind in ("duration", "neg") or (m.kind == "verb" and m.value == "remove") for m in before.mentions
    ):
        return None  # the transitions already have their length (or are gone): this is something else
    if re.search(r"总|total|whole|overall|video", words.text[clause.start : clause.end]):
        return None  # "总长45秒": the whole video
    if any(
        m.kind == "scope"
        and m.value == "each"
        and re.search(r"张|photo|picture", words.text[m.start : m.end])
        for m in clause.mentions
    ):
        return None  # "每张2秒" is about the photos
    said = next((m for m in reversed(before.mentions) if m.noun == "transition"), None)
    return None if said is None or said.senses.get("transition") == "none" else said


def _photo_before(words: Words, dur: Mention) -> Mention | None:
    """ "make the first photo longer, like 5 seconds": a clause with only a length right
    after one that makes a named photo longer or shorter gives that photo's new length
    (the "longer" is then said by the number, not applied on top of it)."""
    clause = words.clause_of(dur)
    if clause.index == 0:
        return None
    before = words.clauses[clause.index - 1]
    refs = [m for m in before.mentions if m.kind == "ref" and not m.used and m.value.positions]
    change = [m for m in before.mentions if m.kind == "lex" and not m.used and "length" in m.senses]
    if len(refs) != 1 or not change:
        return None
    words.use(*change, *verbs(words, before, "make", "show"))
    return refs[0]


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    times(words, plan, facts)
    for dur in words.of("duration"):
        direction(words, dur)
        if not dur.used and (relative(words, plan, facts, dur) or moment(words, plan, dur)):
            continue
        forward, tight = _forward(words, dur)
        backward = _backward(words, dur)
        each = _each(words, dur)
        carried = _carried(words, dur)
        if forward is not None and tight:
            head: Mention | None = forward
        elif backward is not None and not (backward.noun == "length" and carried is not None):
            head = backward
        elif carried is not None and (each is not None or backward is not None):
            plan.want("set_transition", dur, seconds=dur.value / 1000)
            words.use(dur, each, backward, *verbs(words, words.clause_of(dur), "make"))
            continue
        elif each is not None:
            plan.want("set_photo_duration", dur, seconds=dur.value / 1000)
            words.use(dur, each, *verbs(words, words.clause_of(dur), "show", "make"))
            continue
        else:
            head = forward
        if head is not None and _bind(words, plan, facts, dur, head):
            continue
        clause = words.clause_of(dur)
        heads = [m for m in clause.mentions if _is_head(words, m) and m.noun not in ("video", "length")]
        photo = _photo_before(words, dur) if not heads else None
        if photo is not None:
            plan.want(
                "set_photo_duration",
                dur,
                verb=("time", "调整时长"),
                photo=photo.value,
                seconds=dur.value / 1000,
            )
            words.use(dur, photo, *verbs(words, clause, "make", "show"))
            continue
        motion = next((m for m in clause.mentions if m.noun == "motion" and not m.used), None)
        if not heads and motion is not None:
            # "make the zoom last 3 seconds": a photo's motion lasts as long as the photo.
            plan.refusals.append(MOTION_LENGTH)
            words.use(dur, motion, *verbs(words, clause, "make", "show"))
            continue
        if not heads:
            # "make it 45s", "一分钟", "35 seconds": a length with nothing else to measure.
            if bounded(words, facts, plan, dur):
                continue
            _length(plan, dur)
            words.use(dur, scope(words, clause, "total"), *verbs(words, clause, "make"))
