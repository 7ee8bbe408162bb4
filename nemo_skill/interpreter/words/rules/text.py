"""Text on the video: quoted words take the role named nearest before them (else after
them, else a title); "title: ...", "called ...", "标题：..."; names and dates; size,
colour, place; removal; "add an end card"."""

from __future__ import annotations

import re

from ...ops.base import Said
from ..plan import TEXT_NOUNS, Facts, Plan, headed
from ..tagger import Mention, Words
from .common import ZH_OF_A_PHOTO, negated, scope, verbs

ROLE_OF = {
    "title": "title",
    "subtitle": "subtitle",
    "caption": "caption",
    "endcard": "endcard",
    "text": "title",
}
_CALLED = re.compile(
    r"(?:\b(?:called|titled|entitled|named|name it|call it|name the video|call the video)|叫做|叫|名为|名叫|题为|命名为)\s*$"
)
_WHOSE_VIDEO = re.compile(r"\s*的")
_OF_VIDEO = re.compile(r"(?:\b(?:for|of|about|starring|featuring)|给|为)\s*$")
_GENERIC = re.compile(r"\b(?:says?|saying|reads?|reading|write|writes|written)\b|写")
TITLE_CARD_HINT = Said(
    'For the title card, tell me the names and the date, for example: "Anna & Tom, June 12, 2027".',
    "标题卡需要名字和日期，例如：“安娜和汤姆，2027年6月12日”。",
)
_LENGTH = {"longer": 1.5, "shorter": 0.67}
_ZH_ON_PHOTO = re.compile(ZH_OF_A_PHOTO)  # "第三张照片上的字幕"
_ON_PHOTO = re.compile(r"\b(?:from|on|off|of|over|for|in)\s+$|(?:上的|上面的)$")


def _role_for_quote(words: Words, quote: Mention) -> tuple[str | None, list[Mention]]:
    clause = words.clause_of(quote)
    earlier = [m for m in clause.mentions if m.end <= quote.start]
    later = [m for m in clause.mentions if m.start >= quote.end]
    nouns_before = [m for m in earlier if m.noun in TEXT_NOUNS]
    # "'hello' on photo 3 at the end", "at the end of photo 3": with a photo named after the
    # words, the end is that photo's (a caption on it), not the video's (an end card).
    photo_after = any(m.kind == "ref" and not m.used and m.value.positions for m in later)
    ending_after = [] if photo_after else [m for m in later if m.kind == "scope" and m.value == "end"]
    if nouns_before:
        noun = nouns_before[-1]
        if noun.noun == "text" and ending_after:
            return "endcard", [noun, ending_after[0]]  # "some text "Thank you" at the end"
        return ROLE_OF[noun.noun], [noun]  # type: ignore[index]
    ending = [m for m in earlier if m.kind == "scope" and m.value == "end"]
    if ending:
        return "endcard", ending[-1:]
    called = _CALLED.search(words.text, clause.start, quote.start)
    if called:
        words.mark(*called.span())
        return "title", []
    of = _OF_VIDEO.search(words.text, clause.start, quote.start)
    if of and any(m.noun == "video" for m in earlier):
        # "an invitation for "Anna & Tom"", "a video of "Our Trip"": the video's title.
        words.mark(*of.span())
        return "title", []
    whose = _WHOSE_VIDEO.match(words.text, quote.end)
    if whose and any(m.noun == "video" and m.start >= quote.end for m in later):
        # "“安娜和汤姆”的婚礼请柬": the video is theirs, and that is its title.
        words.mark(*whose.span())
        return "title", []
    nouns_after = [m for m in later if m.noun in TEXT_NOUNS]
    if nouns_after:
        return ROLE_OF[nouns_after[0].noun], nouns_after[:1]  # type: ignore[index]
    if ending_after:
        return "endcard", ending_after[:1]  # "add "The End" at the end"
    clause_text = words.text[clause.start : clause.end]
    generic = [
        m for m in clause.mentions if (m.kind == "verb" and m.value in ("add", "make", "use", "change"))
    ]
    if clause.index > 0:
        # "at the end, show 'Thanks for watching'": a clause that only says where.
        before = words.clauses[clause.index - 1]
        ending = [m for m in before.mentions if m.kind == "scope" and m.value == "end"]
        if ending and len(before.mentions) == len(ending):
            return "endcard", ending[-1:]
    if generic or _GENERIC.search(clause_text):
        return "title", generic
    return None, []


def _quotes(words: Words, plan: Plan) -> None:
    for quote in words.of("quote"):
        role, cues = _role_for_quote(words, quote)
        clause = words.clause_of(quote)
        ref = next((m for m in clause.mentions if m.kind == "ref" and not m.used and m.value.positions), None)
        if ref is not None and (role is None or (role == "title" and not _titled(cues))):
            # "put "Hello" on the first photo", "the words "Bali 2026" on photo 3": words on
            # the first photo are the title (it shows over the opening); on another photo,
            # a caption pinned to it (a caption is the one text the draft ties to a photo).
            role = "title" if ref.value.positions == (1,) else "caption"
            if role == "title":
                words.use(ref)
        if role is None:
            continue
        fields: dict[str, object] = {"role": role, "text": quote.value}
        if role == "caption" and ref is not None:
            fields["photo"] = ref.value
            words.use(ref)
        plan.want("set_title", quote, **fields)
        words.use(quote, *cues, *verbs(words, clause, "add", "make", "change", "use", "move"))
        words.use(*(m for m in clause.mentions if m.kind == "scope" and m.value in ("start", "end", "whole")))


def _titled(cues: list[Mention]) -> bool:
    """A cue that says "title" itself (not "text", "words" or a verb)."""
    return any(m.noun == "title" for m in cues)


def _said(words: Words, plan: Plan) -> None:
    for mention in words.of("said"):
        role, value = mention.value
        plan.want("set_title", mention, role=role, text=value)
        words.use(mention, *verbs(words, words.clause_of(mention), "add", "make", "change"))


def _names_and_date(words: Words, plan: Plan, facts: Facts) -> None:
    names = words.of("names")
    dates = words.of("date")
    cues = words.of("cue")
    titled = any(w.op == "set_title" and w.fields.get("role") == "title" for w in plan.wishes)
    if names and not titled:
        plan.want("set_title", names[0], role="title", text=names[0].value)
        titled = True
        clause = words.clause_of(names[0])
        first = [m for m in clause.mentions if m.kind == "ref" and not m.used and m.value.positions == (1,)]
        if first:
            # "put our names Anna & Tom on the first photo": the title shows over the opening.
            words.use(*first[:1], *verbs(words, clause, "add", "move", "make"))
    # "..., September 14 2027, at the Grand Hotel": an invitation's place goes with its date.
    venues = words.of("venue") if names or dates else []
    if dates:
        subtitled = any(w.op == "set_title" and w.fields.get("role") == "subtitle" for w in plan.wishes)
        role = "subtitle" if (titled or facts.has_text("title")) else "title"
        named = [m for m in words.clause_of(dates[0]).mentions if m.noun == "subtitle" and not m.used]
        if named and not subtitled:
            role = "subtitle"  # "add the date June 12 2026 as subtitle": the role said wins
            words.use(*named, *verbs(words, words.clause_of(dates[0]), "add", "make"))
        if not (role == "subtitle" and subtitled):
            where = f" · {venues[0].value}" if venues else ""
            plan.want("set_title", dates[0], role=role, text=f"{dates[0].value}{where}")
    elif venues and names:
        plan.want("set_title", venues[0], role="subtitle", text=venues[0].value)
    if cues and not names and not dates and not titled:
        plan.hints.append(TITLE_CARD_HINT)
    words.use(*names[:1], *dates[:1], *venues[:1], *cues)


def _removals(words: Words, plan: Plan) -> None:
    for noun in [m for m in words.mentions if m.noun in TEXT_NOUNS and not m.used]:
        neg = negated(words, noun)
        if neg is None:
            continue
        role = None if noun.noun == "text" else ROLE_OF[noun.noun]  # type: ignore[index]
        clause = words.clause_of(noun)
        # "remove the caption from photo 2": that photo's caption (the photo stays).
        on = next(
            (
                m
                for m in clause.mentions
                if m.kind == "ref"
                and not m.used
                and m.value.positions
                and (
                    (m.start >= noun.end and _ON_PHOTO.search(words.text, noun.end, m.start))
                    or (m.end <= noun.start and _ZH_ON_PHOTO.fullmatch(words.text, m.end, noun.start))
                )
            ),
            None,
        )
        if on is not None and role in ("caption", "title", None):
            plan.want("remove_title", noun, role="caption", photo=on.value)
        else:
            plan.want("remove_title", noun, role=role)
            on = None
        words.use(noun, neg, on, *(m for m in clause.mentions if m.kind == "scope" and m.value == "whole"))


def _styling(words: Words, plan: Plan) -> None:
    for noun in [m for m in words.mentions if m.noun in TEXT_NOUNS]:
        role = ROLE_OF[noun.noun]  # type: ignore[index]
        fields: dict[str, object] = {}
        used: list[Mention] = []
        for mod in headed(words, noun.noun, "size"):  # type: ignore[arg-type]
            if mod.head is noun:
                size = mod.senses["size"]
                fields["size_step" if isinstance(size, int) else "size"] = size
                used.append(mod)
        for sense, key in (("color", "color"), ("position", "position")):
            for mod in headed(words, noun.noun, sense):  # type: ignore[arg-type]
                if mod.head is noun:
                    fields[key] = mod.senses[sense]
                    used.append(mod)
        for mod in headed(words, noun.noun, "length"):  # type: ignore[arg-type]
            # "2 seconds longer": the lengths rule adds the seconds said, not half again.
            counted = any(
                d.end <= mod.start and not words.text[d.end : mod.start].strip() for d in words.of("duration")
            )
            if mod.head is noun and not counted:
                fields["factor"] = _LENGTH[mod.senses["length"]]
                used.append(mod)
        if fields:
            plan.want("set_title", noun, role=role, **fields)
            clause = words.clause_of(noun)
            words.use(noun, *used, *verbs(words, clause, "make", "move", "change", "use"))


_IT = re.compile(r"\b(?:it|them|its)\b|它")
_STYLE_SENSES = ("size", "color", "position")


def _pronouns(words: Words, plan: Plan) -> None:
    """ "move the title to the top and make it a bit smaller": "it" is the text just named."""
    last: Mention | None = None
    for m in words.mentions:
        if m.noun in TEXT_NOUNS:
            last = m
            continue
        free = m.kind == "lex" and not m.used and m.head is None and m.noun is None
        if not free or last is None or last.clause == m.clause:
            continue
        clause = words.clause_of(m)
        sense = next((s for s in _STYLE_SENSES if s in m.senses), None)
        # "make it smaller", or a clause of one word that goes on ("标题改成金色并放大").
        bare = clause.index == last.clause + 1 and not any(x.noun for x in clause.mentions)
        if sense is None or not (_IT.search(words.text, clause.start, clause.end) or bare):
            continue
        value = m.senses[sense]
        key = {
            "size": "size_step" if isinstance(value, int) else "size",
            "color": "color",
            "position": "position",
        }
        plan.want("set_title", m, role=ROLE_OF[last.noun], **{key[sense]: value})  # type: ignore[index]
        words.use(m, *verbs(words, clause, "make", "move", "change"))


def _wanted(words: Words, plan: Plan, facts: Facts) -> None:
    """ "add an end card", "with a title": the role wanted, the words not given."""
    for noun in [m for m in words.mentions if m.noun in TEXT_NOUNS and not m.used]:
        clause = words.clause_of(noun)
        adding = (
            verbs(words, clause, "add")
            or clause.lead == "with"
            or (words.zh and verbs(words, clause, "make"))
        )
        if not adding or noun.noun == "text":
            continue
        role = ROLE_OF[noun.noun]  # type: ignore[index]
        if any(w.op == "set_title" and w.fields.get("role") == role for w in plan.wishes):
            words.use(noun)
            continue
        if role == "title" and facts.recipe.title_card:
            # A skill whose title card holds names and a date: ask for those.
            if TITLE_CARD_HINT not in plan.hints:
                plan.hints.append(TITLE_CARD_HINT)
        else:
            plan.want("set_title", noun, role=role, text=None)
        words.use(noun, *verbs(words, clause, "add"), scope(words, clause, "end"))


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    _quotes(words, plan)
    _said(words, plan)
    _names_and_date(words, plan, facts)
    _removals(words, plan)
    _styling(words, plan)
    _pronouns(words, plan)
    _wanted(words, plan, facts)
