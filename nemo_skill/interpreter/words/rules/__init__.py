"""Attachment rules: each reads the tagged words and turns what it understands into
wishes, marking the mentions it used. They run in this order; each is small and tested
on its own (tests/test_interpreter_rules.py)."""

from __future__ import annotations

from collections.abc import Callable

from ..plan import Facts, Plan
from ..tagger import Words
from . import (
    beats,
    canvas,
    durations,
    fades,
    look,
    meta,
    motion,
    music,
    narrowing,
    order,
    pace,
    text,
    transitions,
)

Rule = Callable[[Words, Plan, Facts], None]

RULES: tuple[Rule, ...] = (
    text.rule,
    canvas.rule,
    fades.rule,
    music.timing_rule,
    durations.rule,
    beats.rule,
    transitions.rule,
    music.rule,
    look.rule,
    motion.rule,
    order.rule,
    pace.rule,
    narrowing.rule,
)

__all__ = ["RULES", "Rule", "meta"]
