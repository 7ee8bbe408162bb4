"""A message being parsed: normalised text whose matched spans are consumed.

Handlers run one after another; each takes the spans it understood, so a later
handler cannot read the same words again ("fade out the music" is music, and the
transitions handler then no longer sees "fade out").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from .normalise import Normalised, normalise, quote_index

CONSUMED = "\x1f"
# A gap of words inside one clause: never crosses punctuation or consumed text.
GAP = r"[^\x1f.;!?；！？\n]{0,40}?"
_CLAUSE_SPLIT = re.compile(r"[\x1f.,;!?，；！？\n]+|\band\b|\bthen\b|然后|并且|同时")

_PHRASE_SPLIT = re.compile(r"[\x1f.,;!?，；！？\n]+")

Pattern = str | re.Pattern[str]


@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    # The grammar has hundreds of patterns, more than the re module's own cache
    # keeps (512), and the reference grammar is slow to compile: keep them all.
    return re.compile(pattern)


def _compile(pattern: Pattern) -> re.Pattern[str]:
    return pattern if isinstance(pattern, re.Pattern) else _compiled(pattern)


class Message:
    def __init__(self, raw: str, default_language: str = "en") -> None:
        self.norm: Normalised = normalise(raw, default_language)
        self.text: str = self.norm.text
        self.lang: str = self.norm.lang

    @property
    def quotes(self) -> tuple[str, ...]:
        return self.norm.quotes

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def quote(self, placeholder_char: str) -> str:
        return self.norm.quotes[quote_index(placeholder_char)]

    def find(self, pattern: Pattern) -> re.Match[str] | None:
        return _compile(pattern).search(self.text)

    def has(self, pattern: Pattern) -> bool:
        return self.find(pattern) is not None

    def consume(self, match: re.Match[str]) -> None:
        self.consume_span(*match.span())

    def consume_span(self, start: int, end: int) -> None:
        self.text = self.text[:start] + CONSUMED * (end - start) + self.text[end:]

    def take(self, pattern: Pattern) -> re.Match[str] | None:
        match = self.find(pattern)
        if match:
            self.consume(match)
        return match

    def take_all(self, pattern: Pattern) -> list[re.Match[str]]:
        matches = list(_compile(pattern).finditer(self.text))
        for match in matches:
            self.consume(match)
        return matches

    def clauses(self) -> Iterator[str]:
        for clause in _CLAUSE_SPLIT.split(self.text):
            if clause.strip():
                yield clause

    def phrases(self) -> Iterator[str]:
        """Clauses split on punctuation only, so "black and white" stays whole."""
        for phrase in _PHRASE_SPLIT.split(self.text):
            if phrase.strip():
                yield phrase
