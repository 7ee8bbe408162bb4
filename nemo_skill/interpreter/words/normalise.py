"""Turn a raw message into one canonical form the intent handlers can match.

Order matters: quoted text is lifted out FIRST and replaced by a one-character
placeholder, so nothing inside quotes can ever be read as a command word and the
text is handed back exactly as the user wrote it. Only then is the rest
normalised (NFKC folds full-width digits and punctuation, English is lower-cased,
Chinese and English number words become digits where they count something).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Private-use code points: no regex of ours contains them, and a single character
# per quote keeps spans and digit extractors clean. A user can still type them, so
# they are blanked out of the raw text before any quote is lifted.
PLACEHOLDER_BASE = 0xE000
PLACEHOLDER = r"[\ue000-\ue0ff]"
_PLACEHOLDER_RE = re.compile(PLACEHOLDER)

_QUOTES = re.compile(
    r'"(?P<a>[^"\n]+)"'
    r"|\uff02(?P<b>[^\uff02\n]+)\uff02"
    r"|“(?P<c>[^”\n]+)”"
    r"|「(?P<d>[^」\n]+)」"
    r"|『(?P<e>[^』\n]+)』"
    r"|‘(?P<f>[^’\n]+)’"
    r"|《(?P<g>[^》\n]+)》"
    # A straight single quote only opens after a non-word character, so "don't" and
    # "Anna's" are not quotes.
    r"|(?<!\w)'(?P<h>[^'\n]+?)'(?!\w)"
)

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[a-zA-Z]")

_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_NUM_RUN = re.compile(r"[零〇一二两三四五六七八九十百千]+")
# A Chinese numeral is converted only where it counts or orders something, so
# words such as 一点 ("a bit") or 一下 stay words.
_ZH_NUM_FOLLOW = re.compile(r"(分钟|分半|[秒张个段帧号月日年倍%幅遍条首])")
_ZH_NUM_PRECEDE = ("第", "百分之", "、", "和", "到", "至", "-", "~")

_EN_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "ninety": 90,
}  # fmt: skip
_EN_NUMBER_WORD = re.compile(
    r"\b(twenty|thirty|forty|fifty|sixty|ninety)[- ](one|two|three|four|five|six|seven|eight|nine)\b"
    r"|\b(" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r")\b"
)
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
# "one" stays a word ("the last one") unless it plainly counts a unit.
_EN_ONE = re.compile(
    r"\b(?:one|a)(?=[- ](?:minute|min|photo|picture|fps|percent)s?\b"
    # "a second" is a length unless a thing follows: "a second photo", "a second title".
    r"|[- ](?:second|sec)s?\b(?![- ](?:photo|picture|pic|image|clip|video|one|title|caption|position|place|spot"
    r"|version|time|slide|shot|song|track)s?\b))"
)
_EN_HALF_MINUTE = re.compile(r"\bhalf (?:a|1) minute\b")
_EN_HALF_SECOND = re.compile(r"\bhalf (?:a|1) second\b")
_EN_MINUTE_AND_HALF = re.compile(r"\b(?:a|1) minute and a half\b")


def zh_numeral_value(run: str) -> int | None:
    """Value of a Chinese numeral run: 三 -> 3, 十二 -> 12, 二十五 -> 25, 二〇二七 -> 2027."""
    if not run:
        return None
    if all(ch in _ZH_DIGITS for ch in run) and len(run) > 1:
        # Digit by digit (years such as 二〇二七), the way dates are written.
        return int("".join(str(_ZH_DIGITS[ch]) for ch in run))
    total, current = 0, 0
    for ch in run:
        if ch in _ZH_DIGITS:
            current = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            total += (current or 1) * _ZH_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


_ZH_PERCENT = re.compile(r"百分之([零〇一二两三四五六七八九十百]+)")


# 半分钟 is half a minute; 两个半分钟 two and a half. "做一个半分钟的视频" makes a video of
# half a minute: 个 there counts the video, not minutes.
_ZH_MADE_HALF_MINUTE = re.compile(r"((?:做|制作|生成|剪|弄|来|要|成)\s*)(?:一|1)个半分钟")
_ZH_N_HALF_MINUTES = re.compile(r"([零〇一二两三四五六七八九十\d]+)个半分钟")
_ZH_HALF_MINUTE = re.compile(r"半分钟")


def _zh_halves(text: str) -> str:
    text = _ZH_MADE_HALF_MINUTE.sub(lambda m: f"{m.group(1)}1个30秒", text)

    def minutes(match: re.Match[str]) -> str:
        run = match.group(1)
        value = int(run) if run.isdigit() else zh_numeral_value(run)
        return f"{value * 60 + 30}秒" if value is not None else match.group(0)

    text = _ZH_N_HALF_MINUTES.sub(minutes, text)
    return _ZH_HALF_MINUTE.sub("30秒", text)


def _convert_zh_numerals(text: str) -> str:
    text = _zh_halves(text)
    text = _ZH_PERCENT.sub(lambda m: f"{zh_numeral_value(m.group(1))}%", text)

    def repl(match: re.Match[str]) -> str:
        run = match.group(0)
        before = text[max(0, match.start() - 3) : match.start()]
        after = text[match.end() : match.end() + 2]
        if _ZH_NUM_FOLLOW.match(after) or before.endswith(_ZH_NUM_PRECEDE):
            value = zh_numeral_value(run)
            if value is not None:
                return str(value)
        return run

    return _ZH_NUM_RUN.sub(repl, text)


def _convert_en_numbers(text: str) -> str:
    text = _EN_MINUTE_AND_HALF.sub("90 seconds", text)
    text = _EN_HALF_MINUTE.sub("30 seconds", text)
    text = _EN_HALF_SECOND.sub("0.5 seconds", text)

    def repl(match: re.Match[str]) -> str:
        if match.group(1):
            return str(_EN_NUMBERS[match.group(1)] + _ONES[match.group(2)])
        return str(_EN_NUMBERS[match.group(3)])

    text = _EN_NUMBER_WORD.sub(repl, text)
    return _EN_ONE.sub("1", text)


_OBJECTS_EN = r"(?:the\s+)?(?:background\s+)?(?:music|song|bgm|title|subtitle|captions?|end card|text|transitions|filters?|zoom|motion|fades?)"
_SHARED_VERB_EN = re.compile(
    rf"\b(?P<verb>remove|delete|drop|get rid of|take out|turn off)\s+(?P<a>{_OBJECTS_EN})\s*(?:,|and|&)\s*(?P<b>{_OBJECTS_EN})\b"
    # "remove the filter, fade out to black": a new command, not a second thing to remove.
    r"(?!\s+(?:in|out|to|through|into)\b)"
)
_OBJECTS_ZH = r"(?:背景音乐|音乐|配乐|副标题|标题|字幕|片尾|文字|转场|滤镜|动效)"
_SHARED_VERB_ZH = re.compile(
    rf"(?P<verb>去掉|删除|删掉|不要|移除|关掉)(?P<a>{_OBJECTS_ZH})(?:和|与|跟|、)(?P<b>{_OBJECTS_ZH})"
)


def _share_verbs(text: str) -> str:
    """ "remove the music and the title" -> "remove the music and remove the title"."""
    text = _SHARED_VERB_EN.sub(lambda m: f"{m['verb']} {m['a']} and {m['verb']} {m['b']}", text)
    return _SHARED_VERB_ZH.sub(lambda m: f"{m['verb']}{m['a']},{m['verb']}{m['b']}", text)


@dataclass(frozen=True)
class Normalised:
    raw: str
    text: str
    """Canonical text: quotes replaced by placeholders, lower-case, digits as digits."""
    original: str
    """The raw text with quotes replaced by placeholders but case kept (for names)."""
    quotes: tuple[str, ...]
    lang: str


def placeholder(index: int) -> str:
    return chr(PLACEHOLDER_BASE + index)


def quote_index(ch: str) -> int:
    return ord(ch) - PLACEHOLDER_BASE


def detect_language(text_without_quotes: str, default: str = "en") -> str:
    """Chinese when the unquoted words hold more CJK characters than Latin letters."""
    cjk = len(_CJK.findall(text_without_quotes))
    latin = len(_LATIN.findall(text_without_quotes))
    if cjk == 0 and latin == 0:
        return "zh" if default.lower().startswith("zh") else "en"
    return "zh" if cjk * 2 >= latin else "en"


def normalise(raw: str, default_language: str = "en") -> Normalised:
    quotes: list[str] = []

    def lift(match: re.Match[str]) -> str:
        body = next(group for group in match.groups() if group is not None)
        quotes.append(body)
        return f" {placeholder(len(quotes) - 1)} "

    lifted = _QUOTES.sub(lift, _PLACEHOLDER_RE.sub(" ", raw))
    folded = unicodedata.normalize("NFKC", lifted)
    # NFKC leaves the ideographic full stop and enumeration comma alone; the comma
    # keeps its meaning (a list separator) but the full stop ends a clause.
    folded = folded.replace("。", ". ").replace("～", "~")
    lang = detect_language(folded, default_language)
    text = folded.lower()
    text = _convert_zh_numerals(text)
    text = _convert_en_numbers(text)
    text = _share_verbs(text)
    text = re.sub(r"[ \t]+", " ", text).strip()
    original = re.sub(r"[ \t]+", " ", _convert_zh_numerals(folded)).strip()
    return Normalised(raw=raw, text=text, original=original, quotes=tuple(quotes), lang=lang)
