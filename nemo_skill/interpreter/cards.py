"""How long a title or an end card stays: long enough to read.

The reading rule: 1.5 s to find the words, then 0.4 s a word (a Chinese or Japanese
character counts as half a word, about five characters a second). A card is on screen
at full strength for that long; its own fade-in and the video's fade from or to black
come on top, since nobody reads through black. An end card's default words follow the
user's language.
"""

from __future__ import annotations

import re

from ..models import Draft
from .defaults import BUILD
from .timeline import video_track

FIND_MS = 1500
WORD_MS = 400
LONGEST_MS = 12000
# A word: what stands between spaces with a letter or digit in it ("9:16" and "June 12,"
# are one each, "&" none); CJK characters are counted on their own.
_WORD = re.compile(
    r"[^\s\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]*[^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]\S*"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

# A skill's end card in Chinese: the same wish in the words a Chinese card would use.
END_CARD_ZH = {
    "save the date": "期待您的光临",
    "the end": "谢谢观看",
    "thank you": "谢谢观看",
    "thanks for watching": "谢谢观看",
    "see you there": "期待与您相见",
}
DEFAULT_END_CARD = ("The End", "谢谢观看")


def reading_ms(text: str) -> int:
    """The time to read ``text`` once (the rule above)."""
    words = len(_WORD.findall(text)) + len(_CJK.findall(text)) / 2
    return min(LONGEST_MS, round(FIND_MS + WORD_MS * words))


def title_ms(text: str, at_least: int, fade_in_ms: int) -> int:
    """A title or subtitle at the start, over the video's fade from black."""
    return max(at_least, reading_ms(text) + BUILD.text_fade_ms + fade_in_ms)


def end_card_ms(text: str, fade_out_ms: int) -> int:
    """An end card: read at full strength, then down to black with the picture."""
    return reading_ms(text) + BUILD.text_fade_ms + fade_out_ms


def end_card_text(wanted: str | None, zh: bool) -> str:
    """The skill's end card in the user's language (or the default one)."""
    if wanted is None:
        return DEFAULT_END_CARD[1] if zh else DEFAULT_END_CARD[0]
    if zh and not _CJK.search(wanted):
        return END_CARD_ZH.get(wanted.strip().lower(), wanted)
    return wanted


def hold_last_photo(draft: Draft, card_ms: int) -> None:
    """The last photo stays until the end card is read: the card sits on one picture,
    not across a cut."""
    track = video_track(draft)
    if track is None or not track.sg:
        return
    last = track.sg[-1]
    before = track.sg[-2].m.tr if len(track.sg) > 1 else None
    needed = card_ms + (before.d // 2 if before is not None else 0) + 300
    last.d = max(last.d, round(needed / 10.0) * 10)
