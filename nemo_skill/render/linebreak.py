"""Line breaks a typesetter would choose for a title: at phrase boundaries, balanced.

* Never inside a date ("June 12, 2027", "12 June 2027", "2027年6月12日"), a name pair
  ("Anna & Tom", "Anna and Tom", "李雷和韩梅梅"), or a number with its unit or currency
  ("5 km", "3:00 pm", "$ 120", "30 岁").
* Preferably after a comma, a dash, a colon or their CJK forms; a dash or bullet
  standing between two phrases is dropped where the line breaks there ("Anna & Tom —
  June 12, 2027" -> "Anna & Tom" / "June 12, 2027").
* Not after an article or a preposition ("the", "of", "at").
* Chinese and Japanese break between characters, but no line starts with closing
  punctuation or ends with opening punctuation.
* As few lines as fit, as even in width as the phrases allow.

``break_lines(text, measure, max_width)`` takes any width function, so it is tested
without fonts; text.py hands it the font's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.lower().split())


_CJK = "\u2e80-\u2fff\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CLOSING = "、。，．,.!?！？；;：:）)」』】〉》”’%％〕］}"
_OPENING = "（(「『【〈《“‘〔［{"
# A word, a number with its inner separators, one CJK character, or one punctuation mark.
_TOKEN = re.compile(
    rf"[{_CJK}]|[^\s{_CJK}{re.escape(_CLOSING + _OPENING)}]+|[{re.escape(_CLOSING + _OPENING)}]"
)
_MONTHS = _vocabulary(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "Januar Februar März Mai Juni Juli Oktober Dezember "
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
)
_WEEKDAYS = _vocabulary(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri Sat Sun"
)
_UNITS = _vocabulary(
    "am pm a.m. p.m. h hr hrs min mins s sec secs ms km m cm mm kg g mg lb lbs oz mi ft yd "
    "°c °f ° % k mb gb tb kb mp px fps bpm x years yrs year days day weeks week months month "
    "hours hour minutes minute seconds second people guests km/h mph kph l ml"
)
_CURRENCY = {
    "$",
    "€",
    "£",
    "¥",
    "₹",
    "us$",
    "usd",
    "eur",
    "gbp",
    "chf",
    "cny",
    "rmb",
    "jpy",
    "no.",
    "nr.",
    "#",
}
_CJK_UNITS = set("年月日号號点點時时分秒岁歲周週元块塊人个個天次公里米克斤%％")
_PAIR_WORDS = {"&", "+", "and", "und", "et", "y", "e", "&amp;"}
_CJK_PAIR = set("和与與＆&")
_SEPARATORS = {"—", "–", "-", "|", "·", "•", "/", "~", "～", "｜"}
_WEAK_ENDS = _vocabulary(
    "a an the of to at on in for with by from our my your his her their its and or but "
    "le la les de du des un une à au et der die das den dem ein eine zu im am el los las del y"
)

# Costs of breaking after a token (lower is better); None: never here.
_AFTER_PHRASE = 0.0  # after , ; : or a CJK comma
_AFTER_SEPARATOR = 0.0  # at a dash or bullet between phrases (it is dropped)
_AFTER_STOP = -0.2  # after . ! ? or 。！？: the end of a sentence
_PLAIN = 1.0  # between two words
_CJK_INSIDE = 1.5  # between two CJK characters of a run
_WEAK = 4.0  # after an article or preposition
_BALANCE = 12.0  # weight of uneven lines (squared share of the line width)
_FORCED = 1000.0  # inside a glued group, only when it is wider than the line


@dataclass
class _Token:
    text: str
    space_before: bool
    glue_after: bool = False  # no break between this token and the next
    weak: bool = False  # an article or preposition: a poor place to end a line


def _is_number(s: str) -> bool:
    return bool(re.fullmatch(r"[#№]?\d+([.,:/\-]\d+)*(st|nd|rd|th|er|e|º|ª)?[,.]?", s, re.I))


def _word(s: str) -> str:
    return s.rstrip(",.;:!?").lower()


def _is_capitalised(s: str) -> bool:
    return bool(s) and s[0].isupper()


def _tokens(paragraph: str) -> list[_Token]:
    """Words, numbers and CJK characters, each carrying the punctuation that touches it:
    closing marks join what precedes them, opening marks what follows (so no line can
    start with "，" or end with "「")."""
    out: list[_Token] = []
    opening = ""
    for m in _TOKEN.finditer(paragraph):
        text = m.group()
        space = m.start() > 0 and paragraph[m.start() - 1].isspace()
        if text in _CLOSING and out and not space:
            out[-1].text += text
        elif text in _OPENING:
            if not opening:
                out.append(_Token("", space))  # holds the space; filled by the next token
            opening += text
        elif opening:
            out[-1].text = opening + text
            opening = ""
        else:
            out.append(_Token(text, space))
    if opening:
        out[-1].text = opening
    return out


def _glue(tokens: list[_Token]) -> None:
    """Mark the places a line must not break: inside dates, name pairs, numbers with units,
    and next to punctuation that must stay with its neighbour."""
    n = len(tokens)
    words = [_word(t.text) for t in tokens]

    def join(i: int, j: int) -> None:  # no break anywhere from token i to token j
        for k in range(max(0, i), min(j, n - 1)):
            tokens[k].glue_after = True

    for i, t in enumerate(tokens):
        w = words[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        if w in _WEAK_ENDS:
            t.weak = True
        # Dates: month with its day and year ("June 12, 2027", "12 June 2027", "June 2027").
        if w in _MONTHS:
            j = i
            while j + 1 < n and _is_number(tokens[j + 1].text) and j - i < 2:
                j += 1
            k = i
            while k - 1 >= 0 and _is_number(tokens[k - 1].text) and i - k < 1:
                k -= 1
            if k - 1 >= 0 and words[k - 1] in _WEEKDAYS:
                k -= 1
            join(k, j)
        # A number with its unit, a currency with its amount.
        if _is_number(t.text) and nxt is not None and words[i + 1] in _UNITS:
            join(i, i + 1)
        if w in _CURRENCY and nxt is not None and _is_number(nxt.text):
            join(i, i + 1)
        # Name pairs: "Anna & Tom", "Anna and Tom".
        pair = w in ("&", "+", "&amp;") or (
            0 < i < n - 1 and _is_capitalised(tokens[i - 1].text) and _is_capitalised(tokens[i + 1].text)
        )
        if w in _PAIR_WORDS and 0 < i < n - 1 and pair:
            join(i - 1, i + 1)
            t.weak = False
        # CJK: a number with its counter or date parts ("2027年6月12日", "30岁"), name pairs.
        if t.text.isdigit() and nxt is not None and nxt.text[0] in _CJK_UNITS:
            join(i, i + 1)
        if t.text[0] in "年月" and nxt is not None and nxt.text[0].isdigit():
            join(i, i + 1)
        if t.text in _CJK_PAIR and _CJK_CHAR.match(tokens[i - 1].text[-1:] if i else "") and i < n - 1:
            join(i - 3, i + 3)  # Chinese given names are one to three characters
    for i in range(n - 1):  # a digit run split by the tokenizer ("2027" "年" is split, "20" "27" is not)
        if tokens[i].text.isdigit() and tokens[i + 1].text.isdigit() and not tokens[i + 1].space_before:
            tokens[i].glue_after = True


def _break_cost(tokens: list[_Token], i: int) -> float:
    """The cost of ending a line after token i (the next line starts at i + 1)."""
    t, nxt = tokens[i], tokens[i + 1]
    if t.glue_after:
        return _FORCED
    if t.text in _SEPARATORS or nxt.text in _SEPARATORS:
        return _AFTER_SEPARATOR
    last = t.text[-1]
    if last in ".!?。！？":
        return _AFTER_STOP
    if last in ",;:，、；：":
        return _AFTER_PHRASE
    if t.weak:
        return _WEAK
    if not nxt.space_before and (_CJK_CHAR.match(last) or _CJK_CHAR.match(nxt.text[0])):
        return _CJK_INSIDE
    return _PLAIN


def _line(tokens: list[_Token]) -> str:
    """The tokens as one line, without the separators standing at its ends."""
    while tokens and tokens[0].text in _SEPARATORS:
        tokens = tokens[1:]
    while tokens and tokens[-1].text in _SEPARATORS:
        tokens = tokens[:-1]
    return "".join((" " if t.space_before and k else "") + t.text for k, t in enumerate(tokens))


def _split_wide(word: str, measure: Callable[[str], float], max_width: float) -> list[str]:
    """A single word wider than the line: cut between characters (the last resort)."""
    parts, cur = [], ""
    for ch in word:
        if cur and measure(cur + ch) > max_width:
            parts.append(cur)
            cur = ch
        else:
            cur += ch
    return [*parts, cur] if cur else parts


def _paragraph(text: str, measure: Callable[[str], float], max_width: float) -> list[str]:
    tokens = _tokens(text)
    if not tokens:
        return [""]
    # Words wider than the line are cut first (with glue, so the pieces stay in order).
    fitted: list[_Token] = []
    for t in tokens:
        if measure(t.text) <= max_width:
            fitted.append(t)
            continue
        pieces = _split_wide(t.text, measure, max_width)
        fitted += [_Token(p, t.space_before and k == 0) for k, p in enumerate(pieces)]
    tokens = fitted
    _glue(tokens)
    n = len(tokens)
    width = [[0.0] * (n + 1) for _ in range(n)]  # width[i][j]: tokens i..j-1 as one line
    for i in range(n):
        for j in range(i + 1, n + 1):
            width[i][j] = measure(_line(tokens[i:j]))
            if width[i][j] > max_width and j > i + 1:
                for k in range(j + 1, n + 1):
                    width[i][k] = float("inf")
                break
    # Fewest lines first (breaking inside a glued group only when nothing else fits), then
    # the most even lines with the best break points.
    for strict in (True, False):
        allowed = [True] + [not (strict and tokens[j - 1].glue_after) for j in range(1, n)] + [True]
        fewest: list[float] = [0.0] + [float("inf")] * n
        for j in range(1, n + 1):
            if allowed[j]:
                fewest[j] = min(
                    (fewest[i] + 1 for i in range(j) if allowed[i] and width[i][j] <= max_width),
                    default=float("inf"),
                )
        if fewest[n] < float("inf"):
            break
    lines = int(fewest[n])
    target = sum(measure(_line([t])) for t in tokens) / max(1, lines)
    target = min(max_width, max(target, max(width[i][i + 1] for i in range(n))))
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, -1)}
    for k in range(1, lines + 1):
        for j in range(1, n + 1):
            options = []
            if not allowed[j]:
                continue
            for i in range(j):
                prev = best.get((i, k - 1))
                if prev is None or not allowed[i] or width[i][j] > max_width:
                    continue
                cost = prev[0] + _BALANCE * ((width[i][j] - target) / max_width) ** 2
                if j < n:
                    cost += _break_cost(tokens, j - 1)
                options.append((cost, i))
            if options:
                best[(j, k)] = min(options)
    out, j = [], n
    for k in range(lines, 0, -1):
        i = best[(j, k)][1]
        out.append(_line(tokens[i:j]))
        j = i
    return out[::-1]


def break_lines(text: str, measure: Callable[[str], float], max_width: float) -> list[str]:
    """``text`` as lines no wider than ``max_width`` (as ``measure`` says), broken where a
    typesetter would break them; the text's own newlines are kept."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += _paragraph(paragraph.strip(), measure, max_width)
    return lines
