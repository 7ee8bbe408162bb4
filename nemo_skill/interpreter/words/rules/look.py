"""Look: colour filters (the whole video, or the photos named), "back to colour", and
styles ("cinematic", "like an old film", "dreamy", "energetic", a mood said of the
video) that change filter, transitions, motion and pace together."""

from __future__ import annotations

import re

from ...ops.base import Said
from ...ops.look import NAMES_EN, NAMES_ZH
from ..plan import Facts, Plan
from ..refs import Ref
from ..tagger import Mention, Words
from .common import negated, verbs

_REST = re.compile(
    r"\b(?:the rest|the others|all the others|the other (?:photos|pictures|ones)|everything else)\b|其他的?|其余的?|剩下的"
)


NO_BRIGHTNESS = Said(
    "I can't change brightness or exposure: the video has no such setting. What I can change is the colour look: "
    'warm, cool, vivid, vintage or black and white (say "warmer" or "more vivid").',
    "亮度和曝光无法调整：视频没有这项设置。可以调整的是色调：暖色、冷色、鲜艳、复古或黑白（例如说“暖一点”或“更鲜艳”）。",
)
NO_SATURATION = Said(
    'I can\'t set the saturation itself. I can take a filter off for natural colours (say "natural colours") '
    "or make the video black and white.",
    "无法单独调整饱和度。可以去掉滤镜恢复原色（说“原色”），或改成黑白。",
)
CANNOT = {"brightness": NO_BRIGHTNESS, "saturation": NO_SATURATION}


def _rest(words: Words, plan: Plan, facts: Facts, clause_start: int, clause_end: int) -> Ref | None:
    """ "photos 2 and 3 black and white, the rest warm": the photos not named before."""
    if not _REST.search(words.text, clause_start, clause_end) or facts.draft is None:
        return None
    named = next(
        (w.fields["photo"] for w in reversed(plan.wishes) if isinstance(w.fields.get("photo"), Ref)), None
    )
    if named is None or not named.positions or facts.items == 0:
        return None
    return named.others(facts.items)


def excepted(words: Words, facts: Facts, ref: Mention) -> Ref:
    """The photos ``ref`` names, or all the others when "except" comes before it in its
    clause ("everything black and white except the first photo")."""
    clause = words.clause_of(ref)
    but = next((m for m in clause.mentions if m.kind == "except" and m.end <= ref.start), None)
    if but is None or facts.items == 0 or not ref.value.positions:
        return ref.value
    words.use(but)
    return ref.value.others(facts.items)


def _carrying(facts: Facts, name: str, ref: Ref | None) -> Ref | None:
    """The items (of those ``ref`` names, else all) that have the filter ``name`` now, or
    None before there is a video."""
    track = facts.draft.tracks(0) if facts.draft is not None else []
    if not track:
        return None
    items = track[0].sg
    chosen = facts.indexes_of(ref) if ref is not None and ref.positions else range(len(items))
    return Ref("any", tuple(i + 1 for i in chosen if items[i].m.filter == name))


def _unfilter(
    words: Words, plan: Plan, facts: Facts, mod: Mention, neg: Mention, ref: Mention | None
) -> None:
    """ "no black and white on photo 1", "remove the sepia": those photos back to their
    colours, where they have that look (once it put black and white on photo 1)."""
    name = mod.senses["filter"]
    having = _carrying(facts, name, ref.value if ref is not None else None)
    if having is not None and not having.positions:
        where = "That photo has" if ref is not None else "The video has"
        where_zh = "这张照片" if ref is not None else "视频"
        plan.hints.append(
            Said(
                f"{where} no {NAMES_EN[name].removeprefix('a ')} to take off.",
                f"{where_zh}没有{NAMES_ZH[name]}效果，无需去掉。",
            )
        )
    else:
        target = having if having is not None else ref.value if ref is not None else None
        plan.want("set_filter", mod, name="none", **({"photo": target} if target is not None else {}))
    clause = words.clause_of(mod)
    words.use(mod, neg, ref, *verbs(words, clause, "make", "use", "change"))
    words.use(*(m for m in clause.mentions if m.noun == "filter"))  # "no vintage look": the look is this one


def _filters(words: Words, plan: Plan, facts: Facts) -> None:
    for mod in [m for m in words.mentions if m.kind == "lex" and not m.used and "filter" in m.senses]:
        if "style" in mod.senses:
            continue
        head = mod.head
        if head is not None and head.noun not in ("video", "photo", "filter"):
            continue
        fields: dict[str, object] = {"name": mod.senses["filter"]}
        clause = words.clause_of(mod)
        ref = head if head is not None and head.kind == "ref" else None
        if ref is None:
            ref = next((m for m in clause.mentions if m.kind == "ref" and not m.used), None)
        neg = negated(words, mod)
        if neg is not None and fields["name"] != "none" and not facts.generating:
            _unfilter(words, plan, facts, mod, neg, ref)
            continue
        rest = _rest(words, plan, facts, clause.start, clause.end) if ref is None else None
        if ref is not None:
            fields["photo"] = excepted(words, facts, ref)
        elif rest is not None and rest.positions:
            fields["photo"] = rest
            words.mark(clause.start, clause.end)
        plan.want("set_filter", mod, **fields)
        words.use(mod, head, ref, *verbs(words, clause, "make", "use", "add", "change"))
        words.use(*(m for m in clause.mentions if m.noun == "filter" and negated(words, m) is None))
    for noun in [m for m in words.mentions if m.noun == "filter" and not m.used]:
        neg = negated(words, noun)
        if neg is not None:
            # "no filter on photo 2": that photo back to its colours (not photo 2 removed).
            ref = next((m for m in words.clause_of(noun).mentions if m.kind == "ref" and not m.used), None)
            fields = {"photo": ref.value} if ref is not None and ref.value.positions else {}
            plan.want("set_filter", noun, name="none", **fields)
            words.use(noun, neg, ref if fields else None)


def _styles(words: Words, plan: Plan) -> None:
    music_spoken = plan.wants("set_music", "remove_music")
    done: set[str] = set()
    said = [m for m in words.mentions if m.kind == "lex" and not m.used and "style" in m.senses]
    for mod in said:
        if mod.head is not None and mod.head.noun not in ("video", "filter", "pace"):
            continue
        if _adjective(mod) and any(_named_style(other) for other in said):
            words.use(mod)  # "a soft romantic video": "soft" describes the style named
            continue
        if _adjective(mod) and any(
            m.noun not in (None, "video", "pace", "filter") for m in words.clause_of(mod).mentions
        ):
            continue  # "soft" is the calm style only when said of nothing else ("the title subtle")
        name = mod.senses["style"]
        if name not in done:
            plan.want("set_style", mod, name=name, **({"music": False} if music_spoken else {}))
            done.add(name)
        words.use(mod, mod.head, *verbs(words, words.clause_of(mod), "make", "use"))


def _adjective(mod: Mention) -> bool:
    """A style word that also describes transitions or motion ("soft", "gentle")."""
    return "transition" in mod.senses or "motion" in mod.senses


def _named_style(mod: Mention) -> bool:
    return not _adjective(mod) and (mod.head is None or mod.head.noun in ("video", "filter", "pace"))


def _brightness(words: Words, plan: Plan) -> None:
    """ "a little brighter", "太暗了": no draft field holds brightness, and no filter is a
    brightness change (warm or vivid would change the colours, not the light), so the
    reply says so and names what can change instead of pretending."""
    said = words.of("light")
    for value in dict.fromkeys(m.value for m in said):
        plan.refusals.append(CANNOT[value])
    if said:
        clause = words.clause_of(said[0])
        words.use(*said, *verbs(words, clause, "make", "change"))
        words.use(*(m for m in clause.mentions if m.kind == "scope" and m.value == "whole"))


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    _filters(words, plan, facts)
    _styles(words, plan)
    _brightness(words, plan)
