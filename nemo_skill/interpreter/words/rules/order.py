"""Photos and clips: remove ("remove the third photo", "倒数第二张删掉"), move ("move the
last photo to the second position", "open with the last photo", "把第三张放到第一张后面"),
swap, shuffle, reverse, sort by date, and "add the new photos"."""

from __future__ import annotations

import re

from ..plan import Facts, Plan
from ..refs import Ref
from ..tagger import Clause, Mention, Words
from .common import ZH_OF_A_PHOTO, negated, scope, verbs
from .look import excepted

_TO_END = re.compile(
    r"^\W*(?:(?:to|at|in|into)\s+)?(?:the\s+)?(?:very\s+)?(?:end|last|back|bottom|finish)\b|^\W*(?:到)?(?:最后|结尾|末尾|后面)"
)
_TO_START = re.compile(
    r"^\W*(?:(?:to|at|in|into)\s+)?(?:the\s+)?(?:very\s+)?(?:start|beginning|front|first|top|begin)\b"
    r"|^\W*(?:到)?(?:开头|最前面?|前面|第1位?)"
)
_ORDINAL_PLACE = re.compile(
    r"^\s*(?:(?:to|at|in|into)\s+)?(?:the\s+)?(?P<n>\d+)(?:st|nd|rd|th)?(?:\s+(?:one|place|position|spot))?\b"
    r"|^\s*(?:(?:to|at|in|into)\s+)?(?:the\s+)?(?P<w>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"(?:\s+(?:one|place|position|spot))?\b"
)
_ORDINAL_WORDS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                  "ninth": 9, "tenth": 10}  # fmt: skip
_AFTER = re.compile(r"\bafter\b|后面|之后|后边")
_BEFORE = re.compile(r"\bbefore\b|前面|之前|前边")
_APPEND = re.compile(
    r"\b(?:add|include|put in|append|use)\b[^.;!?]{0,30}?\b(?:new|other|remaining|rest of the|uploaded|latest|more)\b"
    r"[^.;!?]{0,20}?\b(?:photos|pictures|images|pics|clips|videos|ones|files)\b"
    r"|(?:加上|加入|添加|放进|用上|把)(?:新|刚才?上传|刚发|其他|剩下)的?(?:照片|图片|视频|素材)"
)


def _refs(words: Words, clause: Clause, zh_video_is_clip: bool) -> list[Mention]:
    refs = [m for m in clause.mentions if m.kind == "ref" and not m.used]
    if refs:
        return refs
    for m in clause.mentions:
        # "remove the photo" / "删除照片" (which one?), "把视频放到最后" (the clip).
        if not m.used and m.kind == "lex" and not m.senses and m.noun == "photo":
            m.value = Ref("photo", ())
            return [m]
        if zh_video_is_clip and words.zh and not m.used and m.noun == "video":
            m.value = Ref("clip", ())
            return [m]
    return []


def _swap(words: Words, plan: Plan, clause: Clause, refs: list[Mention], verb: Mention) -> None:
    if len(refs) >= 2:
        a, b = refs[0].value, refs[1].value
        if b.kind == "any" and a.kind != "any":
            b = Ref(a.kind, b.positions)
        if a.kind == "any" and b.kind != "any":
            a = Ref(b.kind, a.positions)
    elif len(refs[0].value.positions) == 2:
        ref = refs[0].value
        a, b = Ref(ref.kind, ref.positions[:1]), Ref(ref.kind, ref.positions[1:])
    else:
        return
    plan.want("swap_photos", verb, verb=("swap", "交换"), a=a, b=b)
    words.use(verb, *refs[:2])


# "move photo 3 to the end again" moves it; "put photo 1 again at the end" copies it.
_MOVED = re.compile(r"\b(?:move|moved|moving|shift|relocate)\b|移动|挪")


def _copying(words: Words, clause: Clause) -> list[Mention]:
    """The words that make a move place a copy: "repeat", "duplicate", or "again"."""
    copy = [m for m in verbs(words, clause, "copy") if not m.used]
    again = [m for m in clause.mentions if m.kind == "again" and not m.used]
    if again and not _MOVED.search(words.text, clause.start, clause.end):
        copy += again
    return copy


def _move(
    words: Words, plan: Plan, clause: Clause, refs: list[Mention], cue: Mention, copying: list[Mention]
) -> bool:
    subject = refs[0]
    slot = next((m for m in clause.mentions if m.kind == "slot" and not m.used), None)
    # "photo 3 should come first": the place follows the verb, not the photo.
    rest = words.text[max(subject.end, cue.end if cue.kind == "verb" else 0) : clause.end]
    fields: dict[str, object] = {}
    used: list[Mention | None] = [cue, subject, slot]
    second = refs[1].value if len(refs) >= 2 else None
    relation = words.gap(subject, refs[1]) + words.text[refs[1].end : clause.end] if len(refs) >= 2 else ""
    placed = not (_AFTER.search(relation) or _BEFORE.search(relation))
    if slot is not None:
        fields["to"] = slot.value
    elif second is not None and placed and len(second.positions) == 1 and second.positions[0] > 0:
        # "make the last photo the second one", "最后1张放到第2张": a place, not a photo.
        fields["to"] = second.positions[0]
        used.append(refs[1])
    elif (place := _ORDINAL_PLACE.match(rest)) and len(refs) == 1:
        # "put the last photo second"
        fields["to"] = int(place.group("n") or _ORDINAL_WORDS[place.group("w")])
    elif len(refs) >= 2 and (
        _AFTER.search(words.gap(subject, refs[1]) + words.text[refs[1].end : clause.end])
    ):
        fields["after"] = refs[1].value
        used.append(refs[1])
    elif len(refs) >= 2 and _BEFORE.search(
        words.gap(subject, refs[1]) + words.text[refs[1].end : clause.end]
    ):
        fields["before"] = refs[1].value
        used.append(refs[1])
    elif (cue.kind == "scope" and cue.value == "end") or _TO_END.search(rest) or scope(words, clause, "end"):
        fields["to"] = "end"
        used.append(scope(words, clause, "end"))
    elif (
        (cue.kind == "scope" and cue.value == "start")
        or _TO_START.search(rest)
        or scope(words, clause, "start")
    ):
        fields["to"] = "start"
        used.append(scope(words, clause, "start"))
    elif copying:
        fields["to"] = "end"  # "repeat photo 1": once more, at the end
    else:
        return False
    if copying:
        fields["copy"] = True
    plan.want("move_photo", cue, verb=("move", "移动"), **{"from": subject.value}, **fields)
    words.use(*used, *copying, *verbs(words, clause, "move", "make", "add", "use", "show"))
    words.mark(subject.end, clause.end)
    return True


# Something named between "remove" and the photo, and the photo after "from"/"on": the
# thing goes, not the photo ("remove the fade from photo 2").
_THING_ON_IT = re.compile(
    r"\b(?!(?:the|a|an|all|every|this|that|these|those)\b)[a-z]{2,}\b.*\b(?:from|on|off|in|of|for|at|during|over|under)\s+$"
)

# "第三张照片上的字幕删掉", "第一张的黑白去掉": something of the photo is what goes.
_ZH_THING_OF_IT = re.compile(rf"{ZH_OF_A_PHOTO}(?![删去不])[\u4e00-\u9fff]")
# "第二张不要字幕": what follows the "no" is the thing, when it is more than a particle.
_ZH_NOT_THE_PHOTO = re.compile(r"\s*(?![了吧啦呢啊吗。，,.!！]|$)[\u4e00-\u9fff]")

# "the second photo, get rid of it", "I don't like photo 2, take it out", "第二张不好看，删掉它".
_PRONOUN = re.compile(r"\b(?:it|them|that one|this one|those|these ones)\b|它|它们|这张|那张")
# Words of dislike that only say why the photo goes ("I don't like the second photo").
_DISLIKE = re.compile(r"\b(?:don'?t|do not) (?:like|love|want)\b|\bhate\b|不喜欢|不好看|不要")


def _removed_by_pronoun(words: Words, plan: Plan, clause: Clause, previous: Clause | None) -> bool:
    """A removal whose photo was named in the clause before and is "it" here."""
    removing = [m for m in verbs(words, clause, "remove") if not m.used]
    if previous is None or not removing:
        return False
    if not _PRONOUN.search(words.text[clause.start : clause.end]):
        return False
    earlier = [m for m in previous.mentions if m.kind == "ref" and not m.used]
    if not earlier:
        return False
    plan.want("remove_photo", earlier[0], verb=("remove", "删除"), photo=earlier[0].value)
    words.use(removing[0], earlier[0])
    dislike = _DISLIKE.search(words.text, previous.start, previous.end)
    if dislike:
        words.use(*(m for m in previous.mentions if m.kind == "neg"))
        words.mark(*dislike.span())
    return True


def _clause(words: Words, plan: Plan, facts: Facts, clause: Clause, previous: Clause | None) -> None:
    swaps = verbs(words, clause, "swap")
    all_refs = [m for m in clause.mentions if m.kind == "ref" and not m.used]
    placing = verbs(words, clause, "make") if len(all_refs) >= 2 else []
    copying = _copying(words, clause)
    moves = (
        verbs(words, clause, "move")
        or placing
        or [m for m in clause.mentions if m.kind == "scope" and m.value in ("start", "end") and not m.used]
        or copying
    )
    refs = _refs(words, clause, zh_video_is_clip=bool(moves))
    if not refs:
        _removed_by_pronoun(words, plan, clause, previous)
        return
    if swaps:
        _swap(words, plan, clause, refs, swaps[0])
        return
    if moves and _move(words, plan, clause, refs, moves[0], copying):
        return
    neg = negated(words, refs[0])
    if neg is not None and (
        _THING_ON_IT.search(words.text[neg.end : refs[0].start])
        or _ZH_THING_OF_IT.match(words.text, refs[0].end, clause.end)
        or (neg.start >= refs[0].end and _ZH_NOT_THE_PHOTO.match(words.text, neg.end, clause.end))
    ):
        return  # "remove the fade from photo 2", "把第三张照片上的字幕删掉": not the photo
    if neg is not None:
        # "remove all photos except photo 2": every photo but the one named goes.
        plan.want("remove_photo", refs[0], verb=("remove", "删除"), photo=excepted(words, facts, refs[0]))
        words.use(neg, *refs[:1])


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    previous: Clause | None = None
    for clause in words.clauses:
        _clause(words, plan, facts, clause, previous)
        previous = clause
    for verb, op in (("shuffle", "shuffle"), ("reverse", "reverse"), ("sort", "sort_by_date")):
        found = [m for m in words.of("verb") if m.value == verb]
        if found:
            plan.want(op, found[0])
            clause = words.clause_of(found[0])
            words.use(*found, *(m for m in words.mentions if m.noun in ("order", "photo") and not m.used))
            words.use(*verbs(words, clause, "move", "make", "use"))
    match = _APPEND.search(words.text)
    if match:
        plan.want("add_new_media", match.start())
        words.use(*(m for m in words.mentions if match.start() <= m.start < match.end()))
        words.mark(*match.span())
