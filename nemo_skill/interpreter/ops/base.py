"""What every edit's apply function shares: the sentences it says, the two ways it can
decline (ask, or explain why not), the session it may read, and how it finds the photos
an edit names.

An apply function checks before it changes anything: when it raises, the draft is as
it was, so one edit that cannot be done never spoils the others of the same message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from ..._exceptions import UserError
from ...models import Draft, MediaInfo, Segment
from .. import rhythm
from ..api import SkillRecipe
from ..timeline import video_track


@dataclass(frozen=True)
class Said:
    """What an edit did, in English and Chinese (the reply picks one)."""

    en: str
    zh: str
    noop: bool = False
    """True when the edit found nothing to do and the words explain why."""
    advice: bool = False
    """Advice the reply keeps even where it leaves out what the edit did (a new video's
    sentence already says its length, but not that the length makes photos a flash)."""
    kept: tuple[tuple[str, str], ...] = ()
    """The advice sentences among those joined into this one (en, zh)."""
    length_ms: int | None = None
    """The video's length the sentence states, when it states one."""
    brief: tuple[str, str] | None = None
    """The sentence without its length (en, zh): said instead when a later edit of the same
    message changed the length, so one reply never gives two."""

    def pick(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def at_length(self, lang: str, length_ms: int) -> str:
        """The sentence, or its brief form when the length it states is no longer true."""
        if self.length_ms is None or self.brief is None or self.length_ms == length_ms:
            return self.pick(lang)
        return self.brief[1] if lang == "zh" else self.brief[0]

    def stating(self, length_ms: int, en: str, zh: str) -> Said:
        """This sentence, which states ``length_ms``; ``en``/``zh`` say it without."""
        return replace(self, length_ms=length_ms, brief=(en, zh))

    def advised(self, lang: str) -> list[str]:
        """The advice alone, in ``lang``."""
        pairs = ((self.en, self.zh),) if self.advice else self.kept
        return [zh if lang == "zh" else en for en, zh in pairs]

    def then(self, *others: Said | None) -> Said:
        """This sentence followed by others (a clamp's explanation, say)."""
        said = self
        for other in others:
            if other is not None:
                kept = said.kept + (((other.en, other.zh),) if other.advice else other.kept)
                if said.advice:
                    kept = ((said.en, said.zh), *kept)
                brief = None
                if said.brief is not None:
                    brief = (f"{said.brief[0]} {other.en}".strip(), f"{said.brief[1]}{other.zh}")
                said = Said(
                    f"{said.en} {other.en}",
                    f"{said.zh}{other.zh}",
                    said.noop,
                    kept=kept,
                    length_ms=said.length_ms,
                    brief=brief,
                )
        return said


class Clarify(UserError):
    """The request could mean several things: ask one question, change nothing."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.said = Said(en, zh)


class CannotDo(UserError):
    """Understood, but impossible on this draft (photo 12 of 10, no music to remove)."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.said = Said(en, zh)


@dataclass
class Env:
    """What edits may read besides the draft: the session's media and recipe, and the
    video track as it was before this batch (positions name those items)."""

    media: dict[str, MediaInfo]
    media_order: list[MediaInfo]
    recipe: SkillRecipe
    lang: str = "en"
    snapshot: list[Segment] = field(default_factory=list)
    generating: bool = False
    """The batch builds a new video: style words leave the skill's length alone."""
    length_fixed: bool = False
    """The batch sets the video's length: whatever else moves, that length stays."""
    durations_fixed: bool = False
    """The batch gives photos their time in seconds: kept to the millisecond."""
    pinned: set[int] = field(default_factory=set)
    """ids of segments whose duration an edit of this batch set (a new total keeps them)."""
    music_spoken: bool = False
    """The batch also says what music to play, so a style word leaves the music alone."""
    motion_spoken: bool = False
    """The batch also says how the photos move, so a style word leaves the motion alone."""

    def on_beat(self, draft: Draft, keep_total: bool = True) -> None:
        """The cuts back on the music's beat, when the draft follows it (rhythm.snap)."""
        if rhythm.syncs(draft):
            rhythm.snap(draft, self.media.get, keep_total=keep_total, room=self._footage)

    def _footage(self, seg: Segment) -> float | None:
        """A clip's item may last as long as the clip has footage after its trim-in."""
        info = self.media.get(seg.src or "")
        if info is None or info.file_type != "video" or info.duration <= 0:
            return None
        return info.duration * 1000 - (seg.m.in_ or 0)

    def kind_of(self, src: str | None) -> str:
        info = self.media.get(src or "")
        return info.file_type if info else "image"

    def take_snapshot(self, draft: Draft | None) -> None:
        track = video_track(draft) if draft is not None else None
        self.snapshot = list(track.sg) if track else []


Function = Callable[[Draft, Any, Env], Said]
E = TypeVar("E")
_REGISTRY: dict[str, Function] = {}


def applies(op: str) -> Callable[[Callable[[Draft, E, Env], Said]], Callable[[Draft, E, Env], Said]]:
    """Register the function that applies the edits whose ``op`` is ``op``."""

    def register(fn: Callable[[Draft, E, Env], Said]) -> Callable[[Draft, E, Env], Said]:
        if op in _REGISTRY:
            raise RuntimeError(f"edit {op!r} has two apply functions")
        _REGISTRY[op] = fn
        return fn

    return register


def apply_function(op: str) -> Function:
    try:
        return _REGISTRY[op]
    except KeyError:
        raise RuntimeError(f"no apply function for edit {op!r}") from None


def _seconds(ms: float) -> float:
    # Tenths for lengths people read as a whole ("21.7 seconds"), hundredths below ten.
    return round(ms / 1000, 1 if ms >= 10000 else 2)


def seconds_en(ms: float) -> str:
    """2500 -> "2.5 seconds", 1000 -> "1 second"."""
    value = _seconds(ms)
    return f"{value:g} second" + ("" if value == 1 else "s")


def seconds_zh(ms: float) -> str:
    return f"{_seconds(ms):g}秒"


def join_en(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
