"""Transitions: a kind said of the transitions ("slide transitions", "1 second
crossfades", "dissolve between photos", "转场用溶解"), none ("no transitions", "hard
cuts"), faster/slower/smoother, and "with transitions" when there are none yet."""

from __future__ import annotations

from ..plan import Facts, Plan
from ..tagger import Clause, Mention, Words
from .common import negated, scope, verbs

SPEED = {"faster": 0.6, "fast": 0.6, "slower": 1 / 0.6, "slow": 1 / 0.6}
LENGTH = {"longer": 1 / 0.6, "shorter": 0.6}
# Kinds that mean a transition even without the word "transition".
_SELF_EVIDENT = ("fadeblack", "fadewhite", "pixeldissolve")


def _kinds(words: Words, clause: Clause, targets: list[Mention]) -> list[Mention]:
    found = []
    for m in clause.mentions:
        if m.kind != "lex" or "transition" not in m.senses or (m.used and m.noun != "transition"):
            continue
        if (
            m.noun == "transition"
            or (m.head is not None and m.head.noun == "transition")
            or (
                (m.head is None or m.head.noun == "video")
                and m.noun is None
                and (targets or m.senses["transition"] in _SELF_EVIDENT)
            )
        ):
            found.append(m)
    return found


def _has_cuts(facts: Facts) -> bool:
    track = facts.draft.tracks(0)[0] if facts.draft is not None and facts.draft.tracks(0) else None
    if track is None or len(track.sg) < 2:
        return False
    return any(seg.m.tr is not None and seg.m.tr.name != "none" and seg.m.tr.d > 0 for seg in track.sg[:-1])


def _clause(words: Words, plan: Plan, facts: Facts, clause: Clause) -> None:
    nouns = [m for m in clause.mentions if m.noun == "transition"]
    between = scope(words, clause, "between")
    targets = nouns + ([between] if between is not None else [])
    kinds = _kinds(words, clause, targets)
    if not targets and not kinds:
        return
    at = (kinds or targets)[0]
    fields: dict[str, object] = {}
    used: list[Mention | None] = [*kinds, *targets]
    neg = next((n for n in (negated(words, t) for t in [*nouns, *kinds]) if n is not None), None)
    names = [k.senses["transition"] for k in kinds]
    if neg is not None:
        fields["name"] = "none"
        used.append(neg)
    elif "soft" in names:
        timed = any(w.op == "set_transition" and "seconds" in w.fields and clause.start <= w.at < clause.end
                    for w in plan.wishes)  # fmt: skip
        if timed:
            names = ["fade" if n == "soft" else n for n in names]  # "1.2-second soft transitions": soft kinds
        else:
            plan.want("soften_transitions", at)
            names = [n for n in names if n != "soft"]
    if names and "name" not in fields:
        fields["name"] = names[-1]
    for mod in clause.mentions:
        if mod.kind != "lex" or mod.used or mod.head is None or mod.head.noun != "transition":
            continue
        if mod.senses.get("speed") in SPEED:
            fields["factor"] = SPEED[mod.senses["speed"]]
        elif mod.senses.get("length") in LENGTH:
            fields["factor"] = LENGTH[mod.senses["length"]]
        elif mod.senses.get("smoother"):
            plan.want("soften_transitions", mod)
        else:
            continue
        used.append(mod)
    if fields:
        plan.want("set_transition", at, **fields)
    elif not plan.wants("soften_transitions", "set_transition") and not any(n.used for n in nouns):
        # "with transitions": add some where there are none, else nothing to change.
        if _has_cuts(facts):
            plan.noted.append(("transitions", "转场"))
        else:
            plan.want("set_transition", at, name="fade")
    words.use(*used, *verbs(words, clause, "add", "use", "make", "change"))


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    for clause in words.clauses:
        _clause(words, plan, facts, clause)
