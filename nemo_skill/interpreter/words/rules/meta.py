"""Requests about the conversation rather than the video: undo, redo, help, the
timeline, greetings, "go ahead", and the wish for a (new) video at all."""

from __future__ import annotations

import functools
import re

from ..lexicon import GENERATE_PATTERNS
from ..plan import Plan
from ..tagger import Words

# What the photos or the video are of, said before the noun: "wedding film", "my holiday
# snaps", "婚礼视频", "旅行短片" (understood as description, changes nothing).
_DESCRIBED = re.compile(r"(?:\b[a-z]+(?:-[a-z]+)?\s+){1,2}$|[\u4e00-\u9fff]{1,4}$")

# What the video is of: "a video of my beach trip", "a reel from this wedding shoot".
_ABOUT = re.compile(
    r"\s+(?:of|from|about|for|showing)\s+(?:my|our|the|this|these|those|a|an|his|her|their)\b[^,.;!?，。；！？]*?"
    r"(?=$|[,.;!?，。；！？]|\s(?:and|with|then|where|but)\b)"
)


@functools.lru_cache(maxsize=1)
def _generate() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in GENERATE_PATTERNS)


def rule(words: Words, plan: Plan) -> None:
    for mention in words.of("meta"):
        plan.meta.add(mention.value)
        words.use(mention)
    for pattern in _generate():
        match = pattern.search(words.text)
        if match:
            plan.meta.add("generate")
            # The verb and the joining words are understood; the mentions inside the
            # match ("a 20-second video") are for the other rules.
            words.mark(*match.span())
            words.use(
                *(m for m in words.mentions if m.kind == "verb" and match.start() <= m.start < match.end())
            )
    for noun in [m for m in words.mentions if m.kind == "lex" and m.noun in ("video", "photo")]:
        about = _ABOUT.match(words.text, noun.end) if noun.noun == "video" else None
        if about:
            words.mark(*about.span())
        described = _DESCRIBED.search(words.text, 0, noun.start)
        if described and not any(m.start < noun.start and m.end > described.start() for m in words.mentions):
            words.mark(*described.span())
    if plan.meta & {"generate", "regenerate", "confirm"}:
        for mention in words.mentions:
            if mention.kind == "lex" and mention.noun in ("video", "photo") and not mention.senses:
                words.use(mention)
