"""Canvas: "9:16", "square" (always 1:1), "vertical", "for TikTok" (a platform's shape
only when no shape is said: "square for Instagram" is 1:1), resolution, frame rate."""

from __future__ import annotations

from ..plan import Facts, Plan
from ..tagger import Mention, Words


def _with_nouns(words: Words, mention: Mention, *nouns: str) -> list[Mention]:
    """The words that said what it is about: "比例改成4:5", "export in 720p"."""
    clause = words.clause_of(mention)
    return [
        m for m in clause.mentions if m.noun in nouns or (m.kind == "verb" and m.value in ("make", "export"))
    ]


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    said = words.of("ratio") + words.of("shape")
    platforms = words.of("platform")
    chosen = said[0] if said else (platforms[0] if platforms else None)
    if chosen is not None:
        plan.want("set_aspect", chosen, aspect=chosen.value)
        words.use(*said, *platforms, *_with_nouns(words, chosen, "aspect"))
    for mention in words.of("resolution")[:1]:
        plan.want("set_resolution", mention, resolution=mention.value)
        words.use(mention, *_with_nouns(words, mention, "resolution"))
    for mention in words.of("fps")[:1]:
        if 1 <= mention.value <= 120:
            plan.want("set_fps", mention, fps=mention.value)
            words.use(mention)
