"""What was not understood: the words no rule used, less the words that carry no wish
("please", "the", "video", 把, 的), as short fragments in the user's own words."""

from __future__ import annotations

import re

from .normalise import PLACEHOLDER, quote_index
from .tagger import Mention, Words


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Occasion words ("for our anniversary") say what the photos are, not how to cut them.
FILLER_EN = _words(
    """please pls kindly can could would will you i we me us it its it's this that these those the a an my our your
    to of for in on at into onto by from with and or but then also just now make made do does did get let lets let's
    want wants need needs like love would should be is are was were been being have has some any more most bit little
    lot very so too really thanks thank okay ok hey maybe actually instead again i'd i'm im id there here one ones
    them they their style look looking feel feeling vibe kind sort type version whole all every each both
    same still yet though just only even as how what which where when that who whose up out over about around
    sure yes go ahead use using that's thats it's what's there's here's format crop under underneath behind
    either too also slowly gently softly nicely lovely beautiful nice pretty says say saying reads read
    write written something anything everything u ur pls plz kinda sorta perhaps hmm hm um uh ah oh well lol w
    anniversary birthday wedding honeymoon trip holiday holidays vacation engagement graduation baby kids family
    memorial tribute funeral retirement reunion christmas valentine valentine's easter party celebration
    married marry marrying getting invite invitation invitations save
    memories feels seems seem think guess spend spending"""
)
# Chinese particles, measure words and verbs of wanting that carry no wish by themselves.
FILLER_ZH = frozenset(
    "请帮我给把一下的了吧呢啊呀吗一点些这个那我们要想再就都也还能可以麻烦谢好让用成得地着过下上嗯哦嘛该来去做它是为风格效果感觉像样发出个张"
    "叫调更直接顺便有写慢缓并和首段幅只其他余"
)
FILLER_KINDS = frozenset({"number", "cue", "hedge", "again"})
FILLER_NOUNS = frozenset({"video", "photo"})
FILLER_VERBS = frozenset({"make", "use", "show", "add", "change"})
_TOKEN = re.compile(r"[a-z']+|[\u3400-\u9fff]|\d+(?:\.\d+)?|" + PLACEHOLDER)
_CHUNKS = re.compile(
    r"[.;!?,，。；！？\n:：]+|(?<![a-z])(?:and|then|but|also|plus)(?![a-z])|然后|并且|同时|还有"
)


def _filler_mention(m: Mention) -> bool:
    if m.kind in FILLER_KINDS or (m.kind == "verb" and m.value in FILLER_VERBS):
        return True
    if m.kind == "scope" and m.value in ("whole", "each", "total"):
        return True
    return m.kind == "lex" and m.noun in FILLER_NOUNS and not m.senses


def _understood_mask(words: Words) -> list[bool]:
    mask = [False] * len(words.text)
    for start, end in words.extra_used:
        for i in range(start, end):
            mask[i] = True
    for m in words.mentions:
        if m.used or _filler_mention(m):
            for i in range(m.start, m.end):
                mask[i] = True
    # Inside a marked span an unused mention still counts as not understood.
    for m in words.mentions:
        if not m.used and not _filler_mention(m):
            for i in range(m.start, m.end):
                mask[i] = False
    return mask


def _content(token: str) -> bool:
    if re.fullmatch(PLACEHOLDER, token):
        return True
    if re.fullmatch(r"[\u3400-\u9fff]", token):
        return token not in FILLER_ZH
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return False
    return token not in FILLER_EN


_NUMBER_WORDS = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+|[a-z]+(?:[- ][a-z]+)?)"


def _restore(fragment: str, words: Words) -> str:
    """The fragment as the user wrote it: quotes back in place, its case and its number
    words ("一张", "thirty") as typed when it can be found in the message."""
    fragment = re.sub(PLACEHOLDER, lambda m: f'"{words.norm.quotes[quote_index(m.group(0))]}"', fragment)
    pieces = re.split(r"(\d+(?:\.\d+)?)", fragment)
    pattern = "".join(
        _NUMBER_WORDS if index % 2 else re.sub(r"(?:\\ )+", r"\\s*", re.escape(piece))
        for index, piece in enumerate(pieces)
    )
    found = re.search(pattern, words.norm.raw, re.IGNORECASE) if pattern else None
    return found.group(0) if found else fragment


def not_understood(words: Words) -> list[str]:
    text = words.text
    mask = _understood_mask(words)
    fragments: list[str] = []
    cursor = 0
    bounds = [m.span() for m in _CHUNKS.finditer(text)] + [(len(text), len(text))]
    for start, end in bounds:
        chunk_start, chunk_end = cursor, start
        cursor = end
        tokens = [
            t
            for t in _TOKEN.finditer(text, chunk_start, chunk_end)
            if not all(mask[i] for i in range(*t.span()))
        ]
        content = [t for t in tokens if _content(t.group(0))]
        if not content:
            continue
        # From the first to the last word not understood, fillers at the edges dropped.
        first = next(t for t in tokens if _content(t.group(0)))
        last = [t for t in tokens if _content(t.group(0))][-1]
        fragment = text[first.start() : last.end()].strip()
        if fragment:
            fragments.append(_restore(fragment, words))
    return fragments
