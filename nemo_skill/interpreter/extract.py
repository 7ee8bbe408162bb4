"""Extractors for the values inside a message: durations, percents, dates, names.

Each works on :class:`Message` text (normalised) and consumes what it returns, so
"60-second" is not read again as "60" by a later handler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .message import CONSUMED, Message

_UNIT_S = r"(?:seconds?|secs?|s|秒钟?)"
_UNIT_MIN = r"(?:minutes?|mins?|分钟)"
_NUM = r"(\d+(?:\.\d+)?)"

_COMPOSITE = re.compile(rf"(?<![\d.]){_NUM}\s*-?\s*{_UNIT_MIN}\s*(?:and\s*)?{_NUM}\s*-?\s*{_UNIT_S}(?![a-z])")
_HALF_MIN = re.compile(rf"(?<![\d.]){_NUM}\s*分半(?:钟)?")
_MINUTES = re.compile(rf"(?<![\d.]){_NUM}\s*-?\s*{_UNIT_MIN}(?![a-z])")
_SECONDS = re.compile(rf"(?<![\d.:]){_NUM}\s*-?\s*{_UNIT_S}(?![a-z])")
_CLOCK = re.compile(r"(?<![\d:.])(\d{1,2}):([0-5]\d)(?![\d:])")
_MS = re.compile(rf"(?<![\d.]){_NUM}\s*(?:ms|milliseconds?|毫秒)(?![a-z])")

_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)|百分之\s*(\d+(?:\.\d+)?)")

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+(\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"),
    re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"),
    re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"),
    re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:seconds?|s\b|%))", re.IGNORECASE),
)

# Capitalised words that start commands or name things, never people.
_NOT_NAMES = {
    "add", "make", "use", "put", "set", "change", "remove", "delete", "the", "a", "an", "and", "our", "we",
    "my", "please", "music", "photo", "photos", "video", "title", "save", "date", "with", "for", "from",
    "instagram", "tiktok", "youtube", "reels", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "black", "white", "hello", "hi",
    "turn", "create", "then", "also", "i", "it", "this", "that", "wedding", "invitation",
}  # fmt: skip
_EN_NAMES = re.compile(r"\b([A-Z][a-z]+)\s*(&|\+|\band\b)\s*([A-Z][a-z]+)\b")
_ZH_PAIR = re.compile(r"([\u4e00-\u9fff]{1,4})\s*(和|与|&)\s*([\u4e00-\u9fff]{1,3})")
_ZH_NAME_CUES = re.compile(r"婚|名字|新人|新郎|新娘")
_ZH_LEADING_JUNK = re.compile(r"^.*[是个为给的：:把我们]")
_ZH_NOT_NAMES = re.compile(r"照片|图片|视频|音乐|标题|文字|字幕|片段|黑白|滤镜|转场|日期|名字")


@dataclass(frozen=True)
class Found:
    value: float
    """Milliseconds for durations, 0..100 for percents."""
    start: int
    end: int


_DURATION_PATTERNS: tuple[tuple[re.Pattern[str], object], ...] = (
    (_COMPOSITE, lambda m: float(m.group(1)) * 60000 + float(m.group(2)) * 1000),
    (_HALF_MIN, lambda m: float(m.group(1)) * 60000 + 30000),
    (_MINUTES, lambda m: float(m.group(1)) * 60000),
    (_MS, lambda m: float(m.group(1))),
    (_SECONDS, lambda m: float(m.group(1)) * 1000),
    (_CLOCK, lambda m: int(m.group(1)) * 60000 + int(m.group(2)) * 1000),
)


def scan_durations(text: str) -> list[Found]:
    """Every duration in ``text`` (ms), in the order written; longer forms win."""
    found: list[Found] = []
    work = text
    for pattern, value in _DURATION_PATTERNS:
        for match in pattern.finditer(work):
            found.append(Found(value(match), *match.span()))  # type: ignore[operator]
        work = pattern.sub(lambda m: CONSUMED * len(m.group(0)), work)
    return sorted(found, key=lambda item: item.start)


def take_durations(msg: Message) -> list[Found]:
    found = scan_durations(msg.text)
    for item in found:
        msg.consume_span(item.start, item.end)
    return found


def duration_in(text: str) -> float | None:
    """The first duration inside a short piece of text (ms)."""
    found = scan_durations(text)
    return found[0].value if found else None


def percent_in(text: str) -> float | None:
    match = _PERCENT.search(text)
    return float(match.group(1) or match.group(2)) if match else None


def take_date(msg: Message) -> str | None:
    """The first date, kept as the user wrote it (case and format)."""
    for pattern in _DATE_PATTERNS:
        match = msg.find(pattern)
        if not match:
            continue
        msg.consume(match)
        written = pattern.search(msg.norm.original)
        if written:
            return written.group(0).strip()
        return match.group(0).strip().title()
    return None


def take_names(msg: Message) -> str | None:
    """A couple's names as written: "Anna & Tom", "Anna and Tom", "安娜和汤姆"."""
    original = msg.norm.original
    for match in _EN_NAMES.finditer(original):
        first, joiner, second = match.group(1), match.group(2), match.group(3)
        if first.lower() in _NOT_NAMES or second.lower() in _NOT_NAMES:
            continue
        written = match.group(0)
        msg.take(re.compile(re.escape(written.lower())))
        del joiner
        return written
    if not _ZH_NAME_CUES.search(original):
        return None
    for match in _ZH_PAIR.finditer(original):
        first = _ZH_LEADING_JUNK.sub("", match.group(1))
        second = match.group(3)
        second = re.split(r"的|结婚|婚礼", second)[0]
        if not first or not second or _ZH_NOT_NAMES.search(first + second):
            continue
        written = f"{first}{match.group(2)}{second}"
        msg.take(re.compile(re.escape(written.lower())))
        return written
    return None
