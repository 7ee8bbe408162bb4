"""How long a title or an end card stays: long enough to read.

The reading rule: 1.5 s to find the words, then 0.4 s a word (a Chinese or Japanese
character counts as half a word, about five characters a second). A card is on screen
at full strength for that long; its own fade-in and the video's fade from or to black
come on top, since nobody reads through black. An end card's default words follow the
user's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..models import TRACK_TEXT, Draft, Segment
from .defaults import BUILD
from .timeline import video_track

FIND_MS = 1500
WORD_MS = 400
LONGEST_MS = 12000
BREATH_MS = 300
"""After a card has gone, the picture under it stays a moment before the next cut."""
MIN_PHOTO_MS = 1000
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


def hold_cards(draft: Draft, is_photo: Callable[[Segment], bool], keep_total: bool) -> None:
    """The first photo holds the title and the last one the end card: each card sits on one
    picture, never across a cut (the photo stays until its card has faded, plus half the
    transition and a breath). With ``keep_total`` the photos between give the time back,
    as far as they can while staying a second long."""
    track = video_track(draft)
    if track is None or len(track.sg) < 2:
        return
    items = track.sg
    middle = [seg for seg in items[1:-1] if is_photo(seg)]
    spare = sum(max(0, seg.d - MIN_PHOTO_MS) for seg in middle) if keep_total else None
    roles = {seg.m.role: seg for text in draft.tracks(TRACK_TEXT) for seg in text.sg if seg.m.role}
    extra = 0
    for role, item, cut in (("title", items[0], items[0].m.tr), ("endcard", items[-1], items[-2].m.tr)):
        card = roles.get(role)
        if card is None or not is_photo(item):
            continue
        needed = round((card.d + (cut.d // 2 if cut is not None else 0) + BREATH_MS) / 10.0) * 10
        grow = max(0, needed - item.d) if spare is None else min(max(0, needed - item.d), spare - extra)
        item.d += grow
        extra += grow
    if spare is not None and extra:
        _give_back(middle, extra)


def _give_back(middle: list[Segment], ms: int) -> None:
    """Take ``ms`` from the photos in proportion to what each has above a second, exactly."""
    spare = [max(0, seg.d - MIN_PHOTO_MS) for seg in middle]
    room = sum(spare)
    taken = [ms * part // room for part in spare]
    for index in sorted(range(len(middle)), key=lambda i: -spare[i])[: ms - sum(taken)]:
        taken[index] += 1
    for seg, cut in zip(middle, taken, strict=True):
        seg.d -= cut
