"""Transitions: a kind said of the transitions ("slide transitions", "1 second
crossfades", "dissolve between photos", "转场用溶解"), none ("no transitions", "hard
cuts"), faster/slower/smoother, and "with transitions" when there are none yet."""

from __future__ import annotations

import re

from ..plan import Facts, Plan
from ..refs import Ref
from ..tagger import Clause, Mention, Words
from .common import negated, scope, verbs

SPEED = {"faster": 0.6, "fast": 0.6, "slower": 1 / 0.6, "slow": 1 / 0.6}
LENGTH = {"longer": 1 / 0.6, "shorter": 0.6}
# Kinds that mean a transition even without the word "transition".
_SELF_EVIDENT = ("fadeblack", "fadewhite", "pixeldissolve")


_NTH_CUT = re.compile(
    r"\b(?:the\s+)?(?P<n>first|second|third|fourth|fifth|last|final)\s+(?:transition|cut)\b"
)
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -2, "final": -2}
# Said right before the photos: which side of them the transition is on.
_BETWEEN = re.compile(r"\b(?:between|from)\s+$")
_INTO = re.compile(r"\b(?:before|into|leading into|going into|going to)\s+$")
_OUT_OF = re.compile(r"\b(?:after|out of|following)\s+$")
_ZH_SIDES = {"之间": "between", "中间": "between", "之前": "into", "前面": "into", "以前": "into",
             "之后": "after", "后面": "after", "以后": "after"}  # fmt: skip
_ZH_SIDE = re.compile(rf"\s*(?:照片|图片)?\s*({'|'.join(_ZH_SIDES)})(?:的)?")


def _found_cut(words: Words, clause: Clause) -> tuple[Ref, list[Mention], tuple[int, int]] | None:
    nth = _NTH_CUT.search(words.text, clause.start, clause.end)
    if nth is not None:
        inside = [m for m in clause.mentions if nth.start() <= m.start < nth.end() and m.kind == "verb"]
        span = (nth.start(), nth.start("n") + len(nth.group("n")))
        return Ref("any", (_NTH[nth.group("n")],)), inside, span  # "last" is also the verb "last"
    for ref in (m for m in clause.mentions if m.kind == "ref" and m.value.positions):
        said = _side(words, clause, ref)
        after = _cuts_on(said[0], ref.value.positions) if said is not None else None
        if said is not None and after is not None:
            return Ref(ref.value.kind, after), [ref], said[1]
    return None


def _side(words: Words, clause: Clause, ref: Mention) -> tuple[str, tuple[int, int]] | None:
    """Which side of the photos the transition is said to be on, and the words that said it:
    before them in English ("between photos 2 and 3"), after them in Chinese ("第二张之后")."""
    zh_side = _ZH_SIDE.match(words.text, ref.end, clause.end)
    if zh_side is not None:
        return _ZH_SIDES[zh_side.group(1)], zh_side.span()
    lead = words.text[clause.start : ref.start]
    for pattern, side in ((_BETWEEN, "between"), (_INTO, "into"), (_OUT_OF, "after")):
        if pattern.search(lead):
            cue = re.search(r"\S+\s+$", lead)
            assert cue is not None  # the patterns end in a word and spaces
            return side, (clause.start + cue.start(), clause.start + cue.end())
    return None


def _cuts_on(side: str, positions: tuple[int, ...]) -> tuple[int, ...] | None:
    """The items whose transition to the next is meant: between photos 2 and 3 is after 2,
    into photo 3 is after 2, after photo 2 is after 2. None: no such transition."""
    if side == "between":
        if len(positions) < 2:
            return None
        ordered = sorted(positions) if min(positions) > 0 else list(positions)
        return tuple(ordered[:-1])
    if side == "into":
        return tuple(p - 1 for p in positions) if all(p != 1 for p in positions) else None
    return positions


def cut_after(words: Words, clause: Clause) -> tuple[Ref, list[Mention]] | None:
    """The transitions a clause names by the photos around them, as the items they follow,
    with the mentions that said so: "between photos 2 and 3" and "after photo 2" are the cut
    after photo 2, "before the last photo" the one after the photo before it, "the last
    transition" the one after the second-to-last item. None: every transition."""
    found = _found_cut(words, clause)
    return _claimed(words, found) if found is not None else None


def _claimed(words: Words, found: tuple[Ref, list[Mention], tuple[int, int]]) -> tuple[Ref, list[Mention]]:
    """A cut found by _found_cut, its side words marked as read."""
    words.mark(*found[2])
    return found[0], found[1]


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
    found = _found_cut(words, clause)
    kinds = _kinds(words, clause, targets)
    if not targets and found is not None and found[1]:
        # "a wipe between photos 2 and 3": the photos around it say a wipe is a transition.
        kinds = _kinds(words, clause, found[1][:1])
        targets = found[1][:1] if kinds else []
    if not targets and not kinds:
        return
    cut = _claimed(words, found) if found is not None and (kinds or nouns) else None
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
    # "make the transition after photo 2 longer": a word said of those photos is the cut's.
    cut_words = cut[1] if cut is not None else []
    for mod in clause.mentions:
        if mod.kind != "lex" or mod.used or mod.head is None:
            continue
        if mod.head.noun != "transition" and not (nouns and mod.head in cut_words):
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
    if cut is not None and fields:
        fields["after"] = cut[0]
        used += cut[1]
    if fields:
        plan.want("set_transition", at, **fields)
    elif cut is not None:
        # "add a transition after photo 2": a crossfade there (the cut keeps its kind if it has one).
        plan.want("set_transition", at, name="fade", after=cut[0])
        used += cut[1]
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
