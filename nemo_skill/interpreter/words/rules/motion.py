"""Motion (Ken Burns): off ("no zoom", "keep the photos still"), on, a direction
("zoom in", "pan left", "放大"), and more or less of it ("slower zoom", "动效慢一点")."""

from __future__ import annotations

from ...defaults import BUILD
from ...ops.base import Said
from ..plan import Facts, Plan, loose
from ..tagger import Mention, Words
from .common import negated, turned_on, verbs

FACTOR = {"faster": 1.6, "fast": 1.6, "slower": 0.6, "slow": 0.6}
WHOLE_VIDEO = Said(
    "Zoom and pan are set for the whole video, not for one photo; "
    'say "no zoom" to keep every photo still, or "less zoom" for subtler moves.',
    "缩放和平移只能对整个视频设置，不能只改一张照片；可以说“不要缩放”让所有照片静止，或“缩放少一点”。",
)


def _one_photo(words: Words, plan: Plan, noun: Mention) -> bool:
    """ "no zoom on the first photo": SetMotion has no photo, so the whole video is not
    changed for one photo's sake; the reply says so, and the photo is not read as the
    thing to remove."""
    ref = next((m for m in words.clause_of(noun).mentions if m.kind == "ref" and not m.used), None)
    if ref is None or not ref.value.positions:
        return False
    plan.refusals.append(WHOLE_VIDEO)
    neg = negated(words, noun)
    words.use(noun, ref, neg if neg is not None and neg.kind != "verb" else None)
    return True


def _noun(words: Words, plan: Plan, noun: Mention) -> None:
    clause = words.clause_of(noun)
    if _one_photo(words, plan, noun):
        return
    neg = negated(words, noun)
    if neg is not None:
        plan.want("set_motion", noun, on=False)
        words.use(noun, neg)
        return
    fields: dict[str, object] = {}
    used: list[Mention | None] = [noun]
    if "motion_dir" in noun.senses:
        fields["direction"] = noun.senses["motion_dir"]
    if isinstance(noun.senses.get("motion"), float):
        fields["factor"] = noun.senses["motion"]  # "动得太多": the noun says how much itself
    for mod in clause.mentions:
        if mod.kind != "lex" or mod.used or mod.head is not noun:
            continue
        if mod.senses.get("speed") in FACTOR:
            fields["factor"] = FACTOR[mod.senses["speed"]]
        elif isinstance(mod.senses.get("motion"), float):
            fields["factor"] = mod.senses["motion"]
        elif isinstance(mod.senses.get("motion"), str):
            fields["amount"] = BUILD.motion_amount[mod.senses["motion"]]
        elif isinstance(mod.senses.get("size"), int):
            fields["factor"] = 1.6 if mod.senses["size"] > 0 else 0.6
        elif "motion_off" in mod.senses:
            fields["on"] = False
        else:
            continue
        used.append(mod)
    on = turned_on(words, noun)
    if not fields and (on or verbs(words, clause, "add", "use") or clause.lead == "with"):
        fields["on"] = True
        used.append(on)
    if fields:
        plan.want("set_motion", noun, **fields)
        words.use(*used, *verbs(words, clause, "add", "use", "make"))


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    for noun in [m for m in words.mentions if m.noun == "motion" and not m.used]:
        _noun(words, plan, noun)
    for mod in [m for m in words.mentions if m.kind == "lex" and not m.used and "motion_dir" in m.senses]:
        if mod.head is not None and mod.head.noun == "photo" and mod.head.kind == "lex":
            # "每张照片慢慢放大": every photo zooms in.
            plan.want("set_motion", mod, direction=mod.senses["motion_dir"])
            words.use(mod, mod.head)
    for mod in [m for m in words.mentions if m.kind == "lex" and not m.used and "motion_off" in m.senses]:
        if mod.head is not None and mod.head.noun in ("photo", "motion"):
            plan.want("set_motion", mod, on=False)
            words.use(mod, mod.head, *verbs(words, words.clause_of(mod), "make"))
    if not plan.wishes:
        for mod in loose(words, "motion_dir")[:1]:
            # "放大" on its own: the photos zoom in.
            plan.want("set_motion", mod, direction=mod.senses["motion_dir"])
            words.use(mod)
