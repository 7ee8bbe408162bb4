"""Cuts on the beat: "cut to the beat", "sync to the music", "卡点", "踩点" ask for it;
"ignore the beat", "don't sync to the music", "不要卡点" turn it off."""

from __future__ import annotations

from ..plan import Facts, Plan
from ..tagger import Words
from .common import negated, verbs


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    for mention in words.of("beat")[:1]:
        neg = negated(words, mention)
        on = bool(mention.value) and neg is None
        plan.want("beat_sync", mention, on=on)
        clause = words.clause_of(mention)
        words.use(mention, neg, *verbs(words, clause, "make", "use", "add", "change"))
        words.use(*(m for m in clause.mentions if m.noun == "transition" and not m.senses))
