"""The tagger: a message becomes typed mentions with spans, then clauses.

Every pattern (the lexicon's, the value extractors', the reference grammar's) runs over
the normalised text; where matches overlap the longer one wins ("fade to black" over
"fade" and "black"), then the one listed first. Nothing is decided here about what a
mention belongs to: that is the attachment rules' job (``rules/``).

Clauses split the text at punctuation and at joining words ("and", "with", "where",
然后, 和, ...) that are not inside a mention ("black and white", "photos 2 and 5" and
"Anna & Tom" stay whole).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ...models.draft import ASPECTS
from .extract import scan_date, scan_durations, scan_names, scan_percents, scan_venue
from .lexicon import ENTRIES, longest_first
from .normalise import PLACEHOLDER, Normalised, normalise, quote_index
from .refs import REF_RE, ref_from_match


@dataclass(eq=False)
class Mention:
    kind: str
    start: int
    end: int
    value: Any = None
    noun: str | None = None
    """The head category this mention can be ("music", "transition", "video", ...)."""
    senses: dict[str, Any] = field(default_factory=dict)
    """Its readings as a modifier, by the kind of head it describes."""
    rank: int = 0
    used: bool = False
    head: Mention | None = None
    """The noun a modifier was bound to (set by the attachment pass)."""
    clause: int = 0

    def __repr__(self) -> str:
        what = self.noun or self.value
        return f"<{self.kind} {what!r} {self.start}-{self.end}{' used' if self.used else ''}>"


@dataclass
class Clause:
    index: int
    start: int
    end: int
    lead: str
    """The joining word before it ("with", "and", "然后", or "" after punctuation)."""
    mentions: list[Mention]


_RATIO = re.compile(r"(?<![\d:])(?<!\d\.)(\d{1,2})\s*(?::|比|x(?=\d{1,2}\b))\s*(\d{1,2})(?![\d:]|\.\d)")
_RESOLUTION = re.compile(r"(?<![a-z0-9])(\d{3,4}p|4k|2k|uhd|full ?hd|fhd)(?![a-z])|超高清|全高清|高清")
_RESOLUTION_NAMES = {"uhd": "2160p", "4k": "2160p", "2k": "1440p", "fullhd": "1080p", "fhd": "1080p",
                     "超高清": "2160p", "全高清": "1080p", "高清": "1080p"}  # fmt: skip
_FPS = re.compile(r"(?<![\d.])(\d{2,3})\s*(?:fps|frames? (?:per|a) second|帧(?:每秒|/秒)?)")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip
_SLOT = re.compile(
    r"(?:the\s+)?(?P<o>\d+(?:st|nd|rd|th)|" + "|".join(_ORDINALS) + r")\s+(?:position|place|spot|slot)\b"
    r"|\b(?:position|place|spot|slot)\s+(?:number\s+|no\.?\s*|#\s*)?(?P<n>\d+)\b"
    r"|第\s*(?P<z>\d+)\s*(?:个)?\s*(?:位置|位)"
)
_SAID = re.compile(
    r"(?i)(?P<role>sub-?title|title|caption|end ?card|heading|closing (?:text|line|words)"
    r"|(?:text|words|a line|line)\s+(?:at|for)\s+the\s+(?:end|start|beginning))\s*(?:to|as|is|=)?\s*[:：]\s*"
    r"(?P<text>[^,，。.!！?？;；\n\ue000-\ue0ff]+)"
    r"|\b(?:change|rename|set|switch|make)\s+(?:the\s+)?(?P<role2>sub-?title|title|caption|end ?card)\s+(?:to|as)\s+"
    r"(?P<text2>(?!(?:the\s+)?(?:top|bottom|cent(?:er|re)|middle|left|right|lower|upper|gold|golden|white|black|red"
    r"|yellow|pink|blue|green|orange|purple|silver|bigger|smaller|larger|big|small)\b)[^,，。.!！?？;；\n\ue000-\ue0ff]+)"
    r"|\b(?P<call>(?:call(?:ed)?|re-?name(?:d)?|name(?:d)?)\s+(?:it|the video|this(?: video)?)(?:\s+(?:to|as))?"
    r"|titled|entitled|called|named)\s+(?P<ctext>[^,，。.!！?？;；\n\ue000-\ue0ff]+)"
    # "make the title say Bali 2026", "the end card should read See you soon"
    r"|\b(?P<role3>sub-?title|title|caption|end ?card)\s+(?:should\s+|must\s+|will\s+|to\s+|needs? to\s+)?"
    r"(?:say|says|read|reads)\s+(?!(?:too|a bit|bit|very|kind of|wrong|weird|badly|funny|oddly|strange|fine|ok|okay"
    r"|well|like)\b)(?P<text3>[^,，。.!！?？;；\n\ue000-\ue0ff]+)"
    r"|(?P<zrole>副标题|标题|字幕|片尾|(?:在)?(?:结尾|最后|开头)(?:加上|加|放上|放|写上|写|打)?(?:一句话?|一行字?|文字|字幕|字)?)"
    r"\s*(?:改成|改为|换成|是|为|写|叫)?\s*[:：]?\s*"
    r"(?P<ztext>(?<=[:：为成是写叫])(?![金白黑红黄粉橙绿蓝紫银灰]色|顶部|底部|中间|上面|下面|上方|下方|居中|大一|小一|更大|更小)"
    r"[^,，。.!！?？;；\n\ue000-\ue0ff]+)"
)
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_SEPARATORS = re.compile(
    r"[.;!?,，。；！？\n:：]+"
    r"|(?<![a-z])(?:and then|and also|and|then|with|where|but|also|plus|while|so that|as well as)(?![a-z])"
    r"|然后|并且|同时|还有|还要|以及|并|和|跟|带|，"
)
_SAID_ROLES = {"subtitle": "subtitle", "sub-title": "subtitle", "title": "title", "caption": "caption",
               "endcard": "endcard", "end card": "endcard", "heading": "title", "副标题": "subtitle",
               "标题": "title", "字幕": "caption", "片尾": "endcard"}  # fmt: skip


@functools.lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], Any], ...]:
    return tuple((re.compile(longest_first(entry.pattern)), entry) for entry in ENTRIES)


@dataclass
class Words:
    """A tagged message: the normalised text, its mentions in order, its clauses."""

    norm: Normalised
    mentions: list[Mention]
    clauses: list[Clause]
    extra_used: list[tuple[int, int]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.norm.text

    @property
    def zh(self) -> bool:
        return self.norm.lang == "zh"

    def gap(self, a: Mention, b: Mention) -> str:
        """The words between two mentions (in either order)."""
        first, second = (a, b) if a.start <= b.start else (b, a)
        return self.text[first.end : second.start]

    def of(self, kind: str, clause: Clause | None = None, free: bool = True) -> list[Mention]:
        pool = clause.mentions if clause is not None else self.mentions
        return [m for m in pool if m.kind == kind and not (free and m.used)]

    def nouns(self, category: str, clause: Clause | None = None) -> list[Mention]:
        pool = clause.mentions if clause is not None else self.mentions
        return [m for m in pool if m.noun == category]

    def mark(self, start: int, end: int) -> None:
        """Words understood that are not a mention (a verb inside a longer pattern)."""
        self.extra_used.append((start, end))

    def use(self, *mentions: Mention | None) -> None:
        for mention in mentions:
            if mention is not None:
                mention.used = True

    def clause_of(self, mention: Mention) -> Clause:
        return self.clauses[mention.clause]

    def near(self, mention: Mention, kind: str, *, after: bool = True, window: int = 12) -> Mention | None:
        """The nearest free mention of ``kind`` right after (or before) ``mention``, with only
        a few characters between and no clause boundary."""
        clause = self.clause_of(mention)
        pool = [m for m in clause.mentions if m.kind == kind and not m.used and m is not mention]
        if after:
            pool = [m for m in pool if m.start >= mention.end and m.start - mention.end <= window]
            return min(pool, key=lambda m: m.start, default=None)
        pool = [m for m in pool if m.end <= mention.start and mention.start - m.end <= window]
        return max(pool, key=lambda m: m.end, default=None)


def _candidates(norm: Normalised) -> Iterator[Mention]:
    text = norm.text
    rank = 0
    for match in re.finditer(PLACEHOLDER, text):
        yield Mention("quote", *match.span(), value=norm.quotes[quote_index(match.group(0))], rank=rank)
    rank += 1
    yield from _said(norm, rank)
    rank += 1
    names = scan_names(text, norm.original)
    if names is not None:
        yield Mention("names", names.start, names.end, value=names.value, rank=rank)
    date = scan_date(text, norm.original)
    if date is not None:
        yield Mention("date", date.start, date.end, value=date.value, rank=rank)
    venue = scan_venue(text, norm.original)
    if venue is not None:
        yield Mention("venue", venue.start, venue.end, value=venue.value, rank=rank)
    rank += 1
    for match in REF_RE.finditer(text):
        yield Mention("ref", *match.span(), value=ref_from_match(match), noun="photo", rank=rank)
    for match in _SLOT.finditer(text):
        token = match.group("o") or ""
        value = int(
            match.group("n") or match.group("z") or _ORDINALS.get(token) or re.sub(r"\D", "", token) or 0
        )
        if value:
            yield Mention("slot", *match.span(), value=value, rank=rank)
    rank += 1
    for match in _RATIO.finditer(text):
        ratio = f"{int(match.group(1))}:{int(match.group(2))}"
        if ratio in ASPECTS:
            yield Mention("ratio", *match.span(), value=ratio, rank=rank)
    rank += 1
    for found in scan_durations(text):
        yield Mention("duration", found.start, found.end, value=found.value, rank=rank)
    for found in scan_percents(text):
        yield Mention("percent", found.start, found.end, value=found.value, rank=rank)
    for match in _RESOLUTION.finditer(text):
        word = (match.group(1) or match.group(0)).replace(" ", "")
        yield Mention("resolution", *match.span(), value=_RESOLUTION_NAMES.get(word, word), rank=rank)
    for match in _FPS.finditer(text):
        yield Mention("fps", *match.span(), value=int(match.group(1)), rank=rank)
    for pattern, entry in _compiled():
        rank += 1
        for start, end in _overlapping(pattern, text):
            yield Mention(entry.kind, start, end, value=entry.value, noun=entry.noun,
                          senses=entry.senses, rank=rank)  # fmt: skip
    rank += 1
    for match in _NUMBER.finditer(text):
        yield Mention("number", *match.span(), value=float(match.group(0)), rank=rank)


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """Every match, also those starting inside an earlier one: finditer would let "放慢"
    in "缩放慢一点" hide "慢一点", and then "缩放" wins the overlap and the speed is lost.
    Which of overlapping matches counts is :func:`_resolve`'s choice."""
    pos = 0
    while pos < len(text):
        match = pattern.search(text, pos)
        if match is None:
            return
        if match.end() > match.start():
            yield match.span()
        pos = match.start() + 1


def _said(norm: Normalised, rank: int) -> Iterator[Mention]:
    """Unquoted words for the screen: "title: Our Wedding", "call it Summer", "标题：我们结婚啦"."""
    spoken = _SAID.search(norm.text)
    written = _SAID.search(norm.original)
    if not spoken or not written:
        return
    role_word = (
        written.group("role")
        or written.group("role2")
        or written.group("role3")
        or written.group("zrole")
        or "title"
    ).lower()
    role = _SAID_ROLES.get(role_word.replace(" ", ""), _SAID_ROLES.get(role_word, "title"))
    if role_word not in _SAID_ROLES and re.search(r"end|closing|结尾|最后", role_word):
        role = "endcard"  # "text at the end: thanks for watching", "在结尾加一句：谢谢观看"
    value = (
        written.group("text")
        or written.group("text2")
        or written.group("ctext")
        or written.group("text3")
        or written.group("ztext")
        or ""
    ).strip()
    if value:
        yield Mention("said", *spoken.span(), value=(role, value), rank=rank)


def _resolve(candidates: list[Mention]) -> list[Mention]:
    """Longest first, then the earlier listed; a character belongs to one mention."""
    taken: list[tuple[int, int]] = []
    chosen: list[Mention] = []
    for mention in sorted(candidates, key=lambda m: (m.start - m.end, m.rank, m.start)):
        if any(mention.start < end and start < mention.end for start, end in taken):
            continue
        taken.append((mention.start, mention.end))
        chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


def _clauses(text: str, mentions: list[Mention]) -> list[Clause]:
    inside = [(m.start, m.end) for m in mentions]
    spans: list[tuple[int, int, str]] = []
    cursor, lead = 0, ""
    refs = [(m.start, m.end) for m in mentions if m.kind == "ref"]
    for match in _SEPARATORS.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in inside):
            continue
        joins = match.group(0).strip() in ("and", "和", "与", "跟")
        if (
            joins
            and any(0 <= match.start() - end <= 1 for _, end in refs)
            and any(0 <= start - match.end() <= 1 for start, _ in refs)
        ):
            continue  # "第1张和最后1张", "photo 1 and the last photo": one list of photos
        word = match.group(0).strip(" ,.;!?，。；！？:：\n")
        if match.start() > cursor and text[cursor : match.start()].strip():
            spans.append((cursor, match.start(), lead))
            # "with fade transitions and background music": the list goes on after "with".
            lead = "with" if word == "and" and lead == "with" else word
        else:
            lead = word or lead  # ", and": the word counts
        cursor = match.end()
    spans.append((cursor, len(text), lead))
    clauses = [Clause(index, start, end, word, []) for index, (start, end, word) in enumerate(spans)]
    for mention in mentions:
        clause = next((c for c in reversed(clauses) if c.start <= mention.start), clauses[0])
        mention.clause = clause.index
        clause.mentions.append(mention)
    return clauses


def tag(raw: str, language: str = "en") -> Words:
    norm = normalise(raw or "", language)
    mentions = _resolve(list(_candidates(norm)))
    return Words(norm, mentions, _clauses(norm.text, mentions))
