"""Fades: "fade in/out" of the whole video or of the music, "end with a fade to black"
(the video's fade-out, not the transitions), "淡入淡出", with a length if one is said."""

from __future__ import annotations

import re

from ...defaults import BUILD
from ..plan import Facts, Plan
from ..tagger import Mention, Words
from .common import negated, scope

_LINK = re.compile(
    r"^\s*(?:(?:over|for|of|in|lasting|taking|across|about|around|during|the|first|last|final|opening|closing"
    r"|background|music|song|bgm|track|video"
    r"|:|用|持续|背景音乐|音乐)\s*)*$"
)
# "fade out slowly", "a quick fade in": how long, when no length is said.
_SLOW = re.compile(r"\b(?:slow(?:ly)?|gradual(?:ly)?|long(?:er)?|gentle|gently)\b|慢慢|缓缓|缓慢|慢")
_QUICK = re.compile(r"\b(?:quick(?:ly)?|fast|short(?:er)?|brief(?:ly)?)\b|快速|迅速|很快|快")
SLOW_FACTOR, QUICK_FACTOR = 3.0, 0.5
_MUSIC_FADE = re.compile(r"fade\s+(?:the\s+)?(?:background\s+)?(?:music|song|bgm)\s+(?P<way>out|in)\b")


def _length(words: Words, fade: Mention) -> Mention | None:
    after = words.near(fade, "duration", after=True, window=40)
    if after is not None and _LINK.match(words.gap(fade, after)):
        words.mark(fade.end, after.start)  # "over the first 2 seconds": the words between say where
        return after
    before = words.near(fade, "duration", after=False, window=3)
    return before


def _pace(words: Words, start: int, end: int) -> float:
    """How much longer or shorter than the default a fade said "slowly" or "quickly" is."""
    for pattern, factor in ((_SLOW, SLOW_FACTOR), (_QUICK, QUICK_FACTOR)):
        found = pattern.search(words.text, start, end)
        if found:
            # The word describes the fade, so the pace rule must not read it too.
            words.use(*(m for m in words.mentions if m.start < found.end() and found.start() < m.end))
            words.mark(*found.span())
            return factor
    return 1.0


def _plain_fades(words: Words, plan: Plan) -> None:
    """ "add a fade at the end", "no fade at the start": the whole video's fade."""
    for fade in [
        m for m in words.mentions if m.kind == "lex" and not m.used and m.senses == {"transition": "fade"}
    ]:
        clause = words.clause_of(fade)
        if any(m.noun == "transition" for m in clause.mentions) or scope(words, clause, "between"):
            continue
        where = scope(words, clause, "end") or scope(words, clause, "start")
        if where is None:
            continue
        neg = negated(words, fade)
        length = _length(words, fade)
        if neg:
            seconds = 0.0
        elif length:
            seconds = length.value / 1000
        else:
            seconds = BUILD.video_fade_ms / 1000 * _pace(words, clause.start, clause.end)
        plan.want("fade_out" if where.value == "end" else "fade_in", fade, seconds=seconds)
        words.use(fade, where, neg, length)


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    for fade in [m for m in words.mentions if m.kind == "lex" and not m.used and "fade" in m.senses]:
        clause = words.clause_of(fade)
        way = fade.senses["fade"]
        transitions: list[Mention | None] = [m for m in clause.mentions if m.noun == "transition"] or [
            scope(words, clause, "between")
        ]
        if "transition" in fade.senses and any(transitions):
            continue  # "fade to black between photos", "转场用淡入淡出": a kind of transition
        music = next((m for m in clause.mentions if m.noun in ("music", "volume")), None)
        if music is None and re.search(r"\b(?:it|them|that)\b", words.text[fade.start : fade.end]):
            # "make the music louder and fade it out": "it" is what the clause before named.
            before = words.clauses[clause.index - 1].mentions if clause.index else []
            music = next((m for m in before if m.noun in ("music", "volume")), None)
        ending = scope(words, clause, "end")
        if "transition" in fade.senses and way == "out" and ending is None and music is None:
            continue  # "use fade to black": the transitions rule reads it
        length = _length(words, fade)
        neg = negated(words, fade)
        if neg is not None:
            seconds = 0.0
        elif length is not None:
            seconds = length.value / 1000
        else:
            seconds = (BUILD.music_fade_out_ms if music else BUILD.video_fade_ms) / 1000
            seconds *= _pace(words, clause.start, clause.end)
        ways = ("in", "out") if way == "both" else (way,)
        if music is not None:
            plan.want("music_fade", fade, **{f"fade_{w}": seconds for w in ways})
        else:
            for w in ways:
                plan.want(f"fade_{w}", fade, seconds=seconds)
        words.use(fade, length, neg, music, ending, scope(words, clause, "start"))
    _plain_fades(words, plan)
    for match in _MUSIC_FADE.finditer(words.text):
        inside = [m for m in words.mentions if match.start() <= m.start < match.end()]
        if any(m.used for m in inside):
            continue
        # "fade the music out over the last 4 seconds": its length, when one follows.
        length = next(
            (
                m
                for m in words.of("duration")
                if m.start >= match.end() and not m.used and _LINK.match(words.text[match.end() : m.start])
            ),
            None,
        )
        seconds = length.value / 1000 if length is not None else BUILD.music_fade_out_ms / 1000
        plan.want("music_fade", match.start(), **{f"fade_{match.group('way')}": seconds})
        words.use(*inside, length)
        words.mark(match.start(), length.start if length is not None else match.end())
