"""Canvas: "9:16", "square" (always 1:1), "vertical", "for TikTok" (a platform's shape
only when no shape is said: "square for Instagram" is 1:1), resolution, frame rate."""

from __future__ import annotations

from ....models.draft import RESOLUTIONS
from ...ops.base import Said
from ..plan import Facts, Plan
from ..tagger import Mention, Words

_PLAIN = [name for name in RESOLUTIONS if name.endswith("p")]  # 480p ... 2160p, without the aliases


def _with_nouns(words: Words, mention: Mention, *nouns: str) -> list[Mention]:
    """The words that said what it is about: "比例改成4:5", "export in 720p"."""
    clause = words.clause_of(mention)
    return [
        m for m in clause.mentions if m.noun in nouns or (m.kind == "verb" and m.value in ("make", "export"))
    ]


def _made(plan: Plan, said: str) -> str:
    """The size made for the one said: "360p" is below the smallest, so 480p, and the reply
    says so (silently making 1080p is what it once did)."""
    if said in RESOLUTIONS:
        return said
    lines = int(said[:-1])
    smallest, largest = min(_PLAIN, key=RESOLUTIONS.__getitem__), max(_PLAIN, key=RESOLUTIONS.__getitem__)
    made = smallest if lines < RESOLUTIONS[smallest] else largest if lines > RESOLUTIONS[largest] else None
    if made is None:  # between two sizes ("900p"): the nearest
        made = min(_PLAIN, key=lambda name: abs(RESOLUTIONS[name] - lines))
    plan.hints.append(
        Said(
            f"I make videos at {', '.join(_PLAIN[:-1])} or {_PLAIN[-1]}, not {said}, so this one is {made}.",
            f"可选的清晰度有{'、'.join(_PLAIN)}；没有{said}，已改用{made}。",
        )
    )
    return made


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    said = words.of("ratio") + words.of("shape")
    platforms = words.of("platform")
    chosen = said[0] if said else (platforms[0] if platforms else None)
    if chosen is not None:
        plan.want("set_aspect", chosen, aspect=chosen.value)
        words.use(*said, *platforms, *_with_nouns(words, chosen, "aspect"))
    for mention in words.of("resolution")[:1]:
        plan.want("set_resolution", mention, resolution=_made(plan, mention.value))
        words.use(mention, *_with_nouns(words, mention, "resolution"))
    for mention in words.of("fps")[:1]:
        if 1 <= mention.value <= 120:
            plan.want("set_fps", mention, fps=mention.value)
            words.use(mention)
