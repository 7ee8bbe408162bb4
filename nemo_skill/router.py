"""What to do with what the user said: export, credits, state, upload, or an edit (SSE).

The order of judgement, and why:

1. Quoted passages are removed first: words inside quotes are content the user
   wants on screen ("Download Festival"), never commands.
2. An edit request wins over any routed keyword: in "remove the credits at the end"
   the word "credits" is the object of an edit. An English edit verb counts when it
   stands where a command starts (sentence start, after "please", "can you", "and
   then", ...); in a question ("how many credits does it take to make a video?") only
   a request form ("can you make ...") counts. Chinese verbs count anywhere, except in
   a question without a request form ("生成视频要多少积分？").
   Film credits ("roll credits at the end") are on-screen text: always an edit.
3. Routed keywords and phrasings (routing_table.ROUTES, plus a skill's own keywords),
   except where negated ("don't export yet", "先别导出"): a negated command is not one.
   In a question the free reads (credits, state) are checked before export; otherwise
   the keyword that comes first wins.
4. Files attached with no more than a "here they are": upload. Anything else: SSE.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .routing_table import EDIT_PHRASES, EDIT_VERBS_EN, EDIT_VERBS_ZH, NEGATIONS_EN, NEGATIONS_ZH, ROUTES

Action = Literal["export", "credits", "state", "upload", "sse"]
ACTIONS: tuple[Action, ...] = ("export", "credits", "state", "upload", "sse")


@dataclass(frozen=True)
class Route:
    action: Action
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"action": self.action, "reason": self.reason}


_QUOTES = re.compile(
    r'"[^"]*"|“[^”]*”|‘[^’]*’|「[^」]*」|『[^』]*』|《[^》]*》|«[^»]*»'
    r"|(?<![A-Za-z])'[^']*'(?![A-Za-z])"
)
_CLAUSE_SPLIT = re.compile(r"[.!?;。！？；，、\n]+|,\s*(?:(?:and|then|also|but)\s+)?")
_QUESTION_START = re.compile(
    r"^(?:how|what|what's|whats|which|when|where|why|who|do|does|did|am|is|are|can i|could i|may i|"
    r"should i|have i|has|will i|is it)\b"
)
_ZH_QUESTION = re.compile(r"多少|吗|呢|什么|怎么|几个|[?？]")
_EN_COMMAND_LEAD = (
    r"(?:^|\b(?:please|pls|kindly|can you|could you|would you|will you|you|to|let's|lets|and|then|also|now|just|"
    r"go ahead and|help me|try to)\s+)"
)
_EN_REQUEST_LEAD = r"\b(?:can you|could you|would you|will you|please|pls)\s+(?:\w+\s+)?"
_ZH_REQUEST_LEAD = r"(?:请|帮我|给我|能不能|可不可以|可以|能否|麻烦|我想|我要)"
_ATTACHMENT_FILLER = re.compile(
    r"^(?:here(?:'s| is| are| you go| they are)?|these|this|attached|for you|my (?:photos|pictures|files|clips)|"
    r"photos?|pictures?|files?|here are (?:my|the|some) \w+|这是|这些|给你|发给你|照片|图片|附件)[\s\w,.!]*$"
)


def normalize(text: str) -> str:
    """NFKC (full-width digits and punctuation become ASCII), lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def strip_quotes(text: str) -> str:
    return _QUOTES.sub(" ", text)


@lru_cache(maxsize=1)
def _edit_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    verbs = "|".join(sorted((re.escape(v) for v in EDIT_VERBS_EN), key=len, reverse=True))
    zh = "|".join(sorted((re.escape(v) for v in EDIT_VERBS_ZH), key=len, reverse=True))
    return (
        re.compile(_EN_COMMAND_LEAD + rf"({verbs})\b"),
        re.compile(_EN_REQUEST_LEAD + rf"({verbs})\b"),
        re.compile(rf"({zh})"),
        re.compile(_ZH_REQUEST_LEAD + rf".{{0,4}}?({zh})"),
    )


def _edit_verb(clause: str) -> str | None:
    for phrase in _edit_phrases():
        match = phrase.search(clause)
        if match:
            return match.group(0)
    command, request, zh_any, zh_request = _edit_patterns()
    en_question = bool(_QUESTION_START.match(clause)) or clause.endswith("?")
    zh_question = bool(_ZH_QUESTION.search(clause))
    match = (request if en_question else command).search(clause)
    if match:
        return match.group(1)
    match = (zh_request if zh_question else zh_any).search(clause)
    return match.group(1) if match else None


@lru_cache(maxsize=1)
def _edit_phrases() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in EDIT_PHRASES)


def _negated(clause: str, match: re.Match[str]) -> bool:
    """Whether the routed word at ``match`` is negated ("don't export", "先别导出")."""
    before = clause[max(0, match.start() - 24) : match.start()]
    return bool(
        re.search(NEGATIONS_EN + r"(?:\s+\w+)?\s*$", before) or re.search(NEGATIONS_ZH + r".{0,2}$", before)
    )


@lru_cache(maxsize=64)
def _action_patterns(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, list[re.Pattern[str]]]:
    table: dict[str, list[re.Pattern[str]]] = {
        spec.action: [re.compile(p) for p in spec.patterns] for spec in ROUTES if spec.patterns
    }
    for action, words in extra:
        for word in words:
            w = normalize(word)
            if not w:
                continue
            # Latin keywords match whole words; CJK ones anywhere (no spaces in Chinese).
            pattern = rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w)
            table.setdefault(action, []).append(re.compile(pattern))
    return table


def _first_action(clause: str, table: Mapping[str, list[re.Pattern[str]]]) -> tuple[str, str, int] | None:
    best: tuple[str, str, int] | None = None
    for action, patterns in table.items():
        for pattern in patterns:
            for m in pattern.finditer(clause):
                if _negated(clause, m):
                    continue
                if best is None or m.start() < best[2]:
                    best = (action, m.group(0), m.start())
                break
    return best


def route(
    text: str,
    *,
    has_attachments: bool = False,
    extra_keywords: Mapping[str, Sequence[str]] | None = None,
) -> Route:
    """Decide what to do with ``text`` (and whether files came with it)."""
    norm = normalize(text)
    unquoted = normalize(strip_quotes(norm))
    quoted = unquoted != norm
    clauses = [c.strip() for c in _CLAUSE_SPLIT.split(unquoted) if c.strip()]
    # Keep the question mark visible to the question test of each clause.
    if norm.rstrip().endswith(("?", "？")) and clauses:
        clauses[-1] += "?"

    for clause in clauses:
        verb = _edit_verb(clause)
        if verb:
            where = " (quoted text ignored)" if quoted else ""
            return Route("sse", f"edit request: {verb!r}{where}")

    extra = tuple(sorted((a, tuple(w)) for a, w in (extra_keywords or {}).items() if a in ACTIONS))
    table = _action_patterns(extra)
    for clause in clauses:
        if _QUESTION_START.match(clause) or clause.endswith("?") or _ZH_QUESTION.search(clause):
            # A question asks to *see* something first: credits and state before export.
            for action in ("credits", "state", "export", "upload"):
                hit = _first_action(clause, {action: table.get(action, [])})
                if hit:
                    return Route(action, f"question about {action}: matched {hit[1]!r}")
        else:
            hit = _first_action(clause, table)
            if hit:
                return Route(hit[0], f"matched {hit[1]!r}")  # type: ignore[arg-type]

    if has_attachments:
        if not unquoted or _ATTACHMENT_FILLER.match(unquoted):
            return Route("upload", "files attached with no edit request")
        return Route("sse", "files attached with a request: uploaded, then sent to the editor")
    return Route("sse", "no direct action: sent to the editor")
