"""Extractors for the values inside a message: durations, percents, dates, names.

Each works on the normalised text and returns what it found with its span, for the
tagger to turn into mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TAKEN = "\x1f"

_UNIT_S = r"(?:seconds?|secs?|s|秒钟?)"
_UNIT_MIN = r"(?:minutes?|mins?|分钟)"
_UNIT_HOUR = r"(?:hours?|hrs?|小时)"
_NUM = r"(\d+(?:\.\d+)?)"

_COMPOSITE = re.compile(rf"(?<![\d.]){_NUM}\s*-?\s*{_UNIT_MIN}\s*(?:and\s*)?{_NUM}\s*-?\s*{_UNIT_S}(?![a-z])")
_HALF_MIN = re.compile(rf"(?<![\d.]){_NUM}\s*分半(?:钟)?")
_MINUTES = re.compile(rf"(?<![\d.]){_NUM}\s*-?\s*{_UNIT_MIN}(?![a-z])")
_HOURS = re.compile(rf"(?<![\d.]){_NUM}\s*-?\s*{_UNIT_HOUR}(?![a-z])")
# "a film from the 70s", "'80s", "1990s" are decades, not seconds.
_SECONDS = re.compile(rf"(?<![\d.:])(?<!the )(?<!')(?<!’)(?!(?:19|20)\d0s\b){_NUM}\s*-?\s*{_UNIT_S}(?![a-z])")
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
    re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"),  # "9.14.2027", "14.09.2027"
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
    (_HOURS, lambda m: float(m.group(1)) * 3600000),
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
        work = pattern.sub(lambda m: _TAKEN * len(m.group(0)), work)
    return sorted(found, key=lambda item: item.start)


def duration_in(text: str) -> float | None:
    """The first duration inside a short piece of text (ms)."""
    found = scan_durations(text)
    return found[0].value if found else None


def scan_percents(text: str) -> list[Found]:
    return [Found(float(m.group(1) or m.group(2)), *m.span()) for m in _PERCENT.finditer(text)]


@dataclass(frozen=True)
class Written:
    """A value kept as the user wrote it (case and format), with its span in the text."""

    value: str
    start: int
    end: int


def scan_date(text: str, original: str) -> Written | None:
    """The first date, as written in ``original``; its span in ``text``."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        written = pattern.search(original)
        value = written.group(0).strip() if written else match.group(0).strip().title()
        return Written(value, *match.span())
    return None


# "新郎张伟，新娘李娜", "新娘：李娜 新郎：张伟": the couple by their roles.
_ZH_ROLE_NAME = r"(?:是|叫|：|:)?\s*([\u4e00-\u9fff]{2,4}?)(?=[，,、。；;\s]|$|新娘|新郎)"
_ZH_GROOM_BRIDE = re.compile(rf"新郎{_ZH_ROLE_NAME}[，,、；;\s]*新娘{_ZH_ROLE_NAME}")
_ZH_BRIDE_GROOM = re.compile(rf"新娘{_ZH_ROLE_NAME}[，,、；;\s]*新郎{_ZH_ROLE_NAME}")
# Where it takes place: "at the Grand Hotel", "@ Villa Rosa", "地点：希尔顿酒店", "在希尔顿酒店举行".
_VENUE = re.compile(
    r"(?:\bat|@)\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of|de|la|del|on|by|the|[A-Z][\w'’.-]*))*)"
    r"|(?:地点|场地|地址)\s*[：:]?\s*([^，,。；;\s]{2,20})|在([^，,。；;\s]{2,20}?)举行"
)


def scan_venue(text: str, original: str) -> Written | None:
    """Where an event takes place, as written ("the Grand Hotel"); the rules use it only beside
    a couple's names or a date."""
    written = _VENUE.search(original)
    if written is None:
        return None
    value = next(group for group in written.groups() if group)
    at = text.find(written.group(0).lower())
    return Written(value.strip(), at, at + len(written.group(0))) if at >= 0 else None


def scan_names(text: str, original: str) -> Written | None:
    """A couple's names as written: "Anna & Tom", "Anna and Tom", "安娜和汤姆", "新郎张伟，新娘李娜"."""
    for pattern, groom_first in ((_ZH_GROOM_BRIDE, True), (_ZH_BRIDE_GROOM, False)):
        roles = pattern.search(original)
        if roles is not None:
            groom, bride = (
                (roles.group(1), roles.group(2)) if groom_first else (roles.group(2), roles.group(1))
            )
            at = text.find(roles.group(0).lower())
            if at >= 0:
                return Written(f"{groom} & {bride}", at, at + len(roles.group(0)))
    for match in _EN_NAMES.finditer(original):
        first, second = match.group(1), match.group(3)
        if first.lower() in _NOT_NAMES or second.lower() in _NOT_NAMES:
            continue
        written = match.group(0)
        at = text.find(written.lower())
        if at >= 0:
            return Written(written, at, at + len(written))
    if not _ZH_NAME_CUES.search(original):
        return None
    for match in _ZH_PAIR.finditer(original):
        first = _ZH_LEADING_JUNK.sub("", match.group(1))
        second = re.split(r"的|结婚|婚礼", match.group(3))[0]
        if not first or not second or _ZH_NOT_NAMES.search(first + second):
            continue
        written = f"{first}{match.group(2)}{second}"
        at = text.find(written.lower())
        if at >= 0:
            return Written(written, at, at + len(written))
    return None
