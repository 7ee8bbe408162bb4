"""Pace: faster/slower (every photo), "make it longer/shorter", and one photo longer
("make photo 3 longer")."""

from __future__ import annotations

from ..plan import Facts, Plan
from ..tagger import Words
from .common import verbs

FASTER = 0.75
PACE = {"faster": FASTER, "fast": FASTER, "slower": 1 / FASTER, "slow": 1 / FASTER}
LENGTH = {"longer": 1 / FASTER, "shorter": FASTER}
ONE_PHOTO = {"longer": 1.5, "shorter": 0.67}


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    for mod in [m for m in words.mentions if m.kind == "lex" and not m.used]:
        head = mod.head
        if head is not None and head.kind == "ref" and mod.senses.get("length") in ONE_PHOTO:
            plan.want("set_photo_duration", mod, verb=("time", "调整时长"), photo=head.value,
                      factor=ONE_PHOTO[mod.senses["length"]])  # fmt: skip
            words.use(mod, head, *verbs(words, words.clause_of(mod), "make", "show"))
            continue
        if head is not None and head.noun not in ("video", "pace", "photo"):
            continue
        factor = PACE.get(mod.senses.get("speed")) or LENGTH.get(mod.senses.get("length"))  # type: ignore[arg-type]
        if factor is None:
            continue
        if plan.wants("set_photo_duration", "set_length"):
            # "a slow slideshow, about a minute": the length said wins; the word was heard.
            words.use(mod)
            continue
        plan.want("set_photo_duration", mod, factor=round(factor, 4))
        words.use(mod, head, *verbs(words, words.clause_of(mod), "make"))
