"""A scope said in a clause of its own narrows the wish beside it: "black and white please,
but only for the first photo", "make it sepia, just on photo 3", "just on photo 3, make it
sepia". Runs after the other rules, so it only picks up photos no rule took."""

from __future__ import annotations

from ..plan import Facts, Plan, Wish
from ..tagger import Clause, Mention, Words
from .look import excepted

# The wishes whose edit takes a ``photo`` (edits.py: SetFilter, SetPhotoDuration).
NARROWED = frozenset({"set_filter", "set_photo_duration"})


def _only_a_ref(clause: Clause) -> Mention | None:
    """The clause's one free photo reference, when nothing else in it is free to mean more."""
    free = [m for m in clause.mentions if not m.used and m.kind not in ("number", "scope", "hedge", "except")]
    if len(free) == 1 and free[0].kind == "ref" and free[0].value.positions:
        return free[0]
    return None


def _wishes_in(plan: Plan, clause: Clause) -> list[Wish]:
    return [
        w
        for w in plan.wishes
        if clause.start <= w.at < clause.end and w.op in NARROWED and "photo" not in w.fields
    ]


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    for clause in words.clauses:
        ref = _only_a_ref(clause)
        if ref is None:
            continue
        # The clause before it first ("..., but only for the first photo"), then the one after.
        neighbours = [
            words.clauses[i] for i in (clause.index - 1, clause.index + 1) if 0 <= i < len(words.clauses)
        ]
        for other in neighbours:
            wishes = _wishes_in(plan, other)
            if wishes:
                photos = excepted(words, facts, ref)
                for wish in wishes:
                    wish.fields["photo"] = photos
                words.use(ref)
                break
