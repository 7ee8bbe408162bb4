"""Small questions the rules ask of a clause."""

from __future__ import annotations

from ..tagger import Clause, Mention, Words

# What stands between a photo and a thing of it in Chinese: "第三张照片上的字幕", "第一张的黑白".
ZH_OF_A_PHOTO = r"\s*(?:照片|图片)?\s*(?:上面?的|里的|的)\s*"


def verbs(words: Words, clause: Clause, *values: str) -> list[Mention]:
    return [m for m in clause.mentions if m.kind == "verb" and m.value in values]


def negated(words: Words, target: Mention) -> Mention | None:
    """A "no"/"remove"/"turn off" that governs ``target`` in its clause: before it, or (in
    Chinese and for "off") after it."""
    clause = words.clause_of(target)
    for m in clause.mentions:
        negative = (
            m.kind == "neg"
            or (m.kind == "verb" and m.value == "remove")
            or (m.kind == "off" and m.value is False)
        )
        if not negative or m is target:
            continue
        if m.end <= target.start or (m.start >= target.end and (words.zh or m.kind == "off")):
            return m
    return None


def turned_on(words: Words, target: Mention) -> Mention | None:
    clause = words.clause_of(target)
    return next((m for m in clause.mentions if m.kind == "off" and m.value is True), None)


def scope(words: Words, clause: Clause, value: str) -> Mention | None:
    return next((m for m in clause.mentions if m.kind == "scope" and m.value == value), None)


def clause_text(words: Words, clause: Clause) -> str:
    return words.text[clause.start : clause.end]
