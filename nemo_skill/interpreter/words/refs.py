"""The grammar of references to photos and clips: "the third photo", "photos 2 and 5", "第三张",
"倒数第二张", "the last one", "clip 2", "photos 2-4", and "the photo" (which one?).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...models.draft import MAX_SEGMENTS

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
_ORD = r"(?:\d+(?:st|nd|rd|th)|" + "|".join(_ORDINAL_WORDS) + r")"
_POS = rf"(?:(?:{_ORD})[- ](?:to[- ])?last|last|{_ORD})"
_PHOTO = r"(?:photo(?:graph)?|picture|pic|image|slide)"
_CLIP = r"(?:clip|video|footage)"
_ANY = r"(?:shot|one|item|segment)"
_NOUN = rf"(?:{_PHOTO}|{_CLIP}|{_ANY})s?"
# "remove photo 3, 6 seconds per photo": a number with a unit is a length, not a photo.
_NOT_A_LENGTH = r"(?!\d|\.\d|\s*-?\s*(?:seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?|ms\b|%|秒|分钟|小时))"
_LIST_SEP = r"\s*(?:,|and|&|or|to|through|-|–)\s*"

# "swap the first two", "remove the last 3": the noun left out (not before a length or
# another thing that can be counted: "the first 2 seconds", "the last two transitions").
_COUNTED_ELSE = (
    r"(?!\s*-?\s*(?:seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?|ms\b|%|秒|分钟|小时|transitions?|fades?"
    r"|songs?|tracks?|beats?|words?|lines?|letters?|frames?|titles?|captions?|times?|more|of\b))"
)

# How people say "but not these" ("all photos except 1 and 2", "apart from 3"): after them
# the noun said before is understood. The lexicon tags the same words.
EXCEPT_EN = ("except", "except for", "but not", "apart from", "other than", "excluding", "besides")
_AFTER_EXCEPT = "|".join(rf"(?<=\b{phrase}\s)" for phrase in EXCEPT_EN)  # lookbehinds: one per width

REF_EN = (
    rf"(?:the\s+)?(?P<fl>first|last)\s+(?P<cnt>\d+)\s+(?P<n4>{_NOUN})"
    rf"|(?:the\s+)?(?P<fl5>first|last)\s+(?P<cnt5>\d+)(?![\d.]){_COUNTED_ELSE}\b"
    rf"|(?:the\s+)?(?:(?:venue|video)\s+)?(?P<n1>{_NOUN})\s+(?:number\s+|no\.?\s*|#\s*)?"
    # "photos 2 and 5", also with the noun again: "photo 2 and photo 5"
    rf"(?P<l1>\d+{_NOT_A_LENGTH}(?:{_LIST_SEP}(?:(?:the\s+)?{_NOUN}\s+(?:number\s+|no\.?\s*|#\s*)?)?\d+{_NOT_A_LENGTH})*)\b"
    # Not after a number: "a 6 second video" is a length, not the second clip.
    rf"|(?<!\d\s)(?<!\d-)(?<!\d)(?:the\s+)?(?P<l2>{_POS}(?:\s+{_NOUN})?(?:\s*(?:,|and|&|or)\s*(?:the\s+)?{_POS}(?:\s+{_NOUN})?)*)\s+(?P<n2>{_NOUN})"
    # "the photo" (which one?), "the venue clip"; "a video" and "the video" are the whole video.
    rf"|(?:the|this|that)\s+(?:(?:venue|wedding|party|ceremony)\s+(?P<n3v>video|clip|footage)|(?P<n3>{_PHOTO}|clip|footage|shot))\b"
    # "all photos except 1 and 2": after "except" the noun said before is understood.
    rf"|(?:{_AFTER_EXCEPT})"
    rf"(?P<l3>\d+{_NOT_A_LENGTH}(?:{_LIST_SEP}\d+{_NOT_A_LENGTH})*)\b"
)
_ZH_POS = r"(?:倒数)?第\s*\d+"
_ZH_UNIT = r"(?:张|个|段|幅)?(?:照片|图片|相片|图|视频|片段)?"
_ZH_NOUN = r"(?P<zq>张|个|段|幅)?\s*(?P<zn>照片|图片|相片|图|视频|片段|短片)?"
REF_ZH = (
    r"(?P<zfl>前|后|最后)\s*(?P<zcnt>\d+)\s*(?P<zfq>张|个|段|幅)\s*(?P<zfn>照片|图片|视频|片段)?"
    # "第2和第5张", also with the unit again: "第2张和第5张"
    rf"|(?P<zl>{_ZH_POS}(?:{_ZH_UNIT}\s*(?:、|,|和|与|跟|及|到|至|-|~)\s*(?:倒数)?第?\s*\d+{_NOT_A_LENGTH})*)\s*{_ZH_NOUN}"
    r"|最后\s*(?:1|那)?\s*(?P<zlq>张|个|段|幅)\s*(?P<zln>照片|图片|视频|片段)?"
    # A bare 照片/视频 is a noun (the rules decide); with 这/那 it names one item.
    r"|(?:这|那)\s*(?:1\s*)?(?:张|个|段)?\s*(?P<zu>照片|图片|相片|视频|片段)"
)
_REF_NAMED = rf"(?:{REF_EN}|{REF_ZH})"
REF_RE = re.compile(_REF_NAMED)


@dataclass(frozen=True)
class Ref:
    kind: str
    """photo | clip | any"""
    positions: tuple[int, ...]
    """1-based from the start, negative from the end (-1 last); empty: not said which."""

    def from_start(self, count: int) -> tuple[int, ...]:
        """The positions among ``count`` items, all counted from 1 at the start (-1 is ``count``)."""
        return tuple(p if p > 0 else count + p + 1 for p in self.positions)

    def others(self, count: int) -> Ref:
        """The positions among ``count`` items that this reference does not name
        ("everything except the first photo", "the rest")."""
        taken = set(self.from_start(count))
        return Ref(self.kind, tuple(p for p in range(1, count + 1) if p not in taken))


def _kind(noun: str | None) -> str:
    if not noun:
        return "any"
    if re.fullmatch(rf"{_PHOTO}s?|张|幅|照片|图片|相片|图", noun):
        return "photo"
    if re.fullmatch(rf"{_CLIP}s?|段|视频|片段|短片", noun):
        return "clip"
    return "any"


def _ordinal(token: str) -> int:
    token = token.strip()
    from_end = re.fullmatch(rf"({_ORD})[- ](?:to[- ])?last", token)
    if from_end:
        return -_ordinal(from_end.group(1))
    if token == "last":
        return -1
    if token in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[token]
    return int(re.match(r"\d+", token).group(0))  # type: ignore[union-attr]


def _number_list(text: str) -> tuple[int, ...]:
    """ "2, 3 and 5" -> (2, 3, 5); "2-4" / "2 to 4" / "2到4" -> (2, 3, 4)."""
    positions: list[int] = []
    tokens = re.findall(r"\d+|\bto\b|\bthrough\b|-|–|到|至|~", text)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.isdigit():
            is_range = (
                index + 2 < len(tokens) and not tokens[index + 1].isdigit() and tokens[index + 2].isdigit()
            )
            if is_range:
                # No video holds more items: "photos 1 to 99999999" must not build that list.
                low, high = min(int(token), MAX_SEGMENTS), min(int(tokens[index + 2]), MAX_SEGMENTS)
                positions.extend(range(low, high + 1) if low <= high else range(low, high - 1, -1))
                index += 3
                continue
            positions.append(int(token))
        index += 1
    return tuple(positions)


def ref_from_match(match: re.Match[str]) -> Ref:
    groups = match.groupdict()
    if groups.get("fl"):
        count = min(int(groups["cnt"]), MAX_SEGMENTS)
        span = range(1, count + 1) if groups["fl"] == "first" else range(-count, 0)
        return Ref(_kind(_singular(groups["n4"])), tuple(span))
    if groups.get("fl5"):
        count = min(int(groups["cnt5"]), MAX_SEGMENTS)
        return Ref("any", tuple(range(1, count + 1) if groups["fl5"] == "first" else range(-count, 0)))
    if groups.get("zfl"):
        count = min(int(groups["zcnt"]), MAX_SEGMENTS)
        span = range(1, count + 1) if groups["zfl"] == "前" else range(-count, 0)
        return Ref(_kind(groups.get("zfn") or groups.get("zfq")), tuple(span))
    if groups.get("l1"):
        return Ref(_kind(_singular(groups["n1"])), _number_list(groups["l1"]))
    if groups.get("l3"):
        return Ref("any", _number_list(groups["l3"]))
    if groups.get("l2"):
        parts = re.split(r"\s*(?:,|\band\b|&|\bor\b)\s*(?:the\s+)?", groups["l2"])
        parts = [re.sub(rf"\s+{_NOUN}$", "", part) for part in parts]
        return Ref(_kind(_singular(groups["n2"])), tuple(_ordinal(part) for part in parts if part))
    if groups.get("n3") or groups.get("n3v"):
        return Ref(_kind(groups.get("n3") or groups["n3v"]), ())
    if groups.get("zl"):
        return Ref(_kind(groups.get("zn") or groups.get("zq")), _zh_positions(groups["zl"]))
    if groups.get("zlq"):
        return Ref(_kind(groups.get("zln") or groups.get("zlq")), (-1,))
    return Ref(_kind(groups.get("zu")), ())


def _singular(noun: str) -> str:
    return noun[:-1] if noun.endswith("s") else noun


def _zh_positions(text: str) -> tuple[int, ...]:
    if re.search(r"到|至|-|~", text):
        return _number_list(text)
    positions = []
    for item in re.finditer(r"(倒数)?第?\s*(\d+)", text):
        value = int(item.group(2))
        positions.append(-value if item.group(1) else value)
    return tuple(positions)


def parse_ref(text: str) -> Ref | None:
    match = REF_RE.search(text)
    return ref_from_match(match) if match else None
