"""What the attachment rules produce: wishes (typed edits still naming photos the way the
user did), questions, refusals and hints; and the binding of modifiers to their heads.

A modifier ("soft", "gold", "faster") binds to the nearest noun of its clause that one of
its senses can describe: the one right after it ("soft music", "gold title"), else the
one before it ("make the title gold", "转场快一点"). A word that is both a noun and a
modifier ("slide", "zoom") modifies a neighbour that fits ("slide transitions"), and is
a noun otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...models import Draft, MediaInfo
from ..api import SkillRecipe
from ..ops.base import Said
from .refs import Ref
from .tagger import Mention, Words

TEXT_NOUNS = ("title", "subtitle", "caption", "endcard", "text")
# Which heads each sense can describe.
SENSE_HEADS: dict[str, tuple[str, ...]] = {
    "music": ("music",),
    "style": ("video", "pace"),
    "filter": ("video", "photo", "filter"),
    "transition": ("transition",),
    "speed": ("transition", "motion", "pace", "video", "music"),
    "smoother": ("transition", "motion", "music", "volume"),
    "length": ("photo", "transition", "video", *TEXT_NOUNS),
    "size": (*TEXT_NOUNS, "motion"),
    "color": TEXT_NOUNS,
    "position": TEXT_NOUNS,
    "volume": ("music", "volume"),
    "motion": ("motion", "photo"),
    "motion_dir": ("motion", "photo"),
    "motion_off": ("motion", "photo"),
    "fade": ("music", "video"),
}
# Words that may stand between a modifier and the head it comes before.
_MAX_GAP = 24


@dataclass(frozen=True)
class Facts:
    """What the rules may know about the session (read-only)."""

    draft: Draft | None
    media: list[MediaInfo]
    recipe: SkillRecipe
    generating: bool = False

    @property
    def uploaded_song(self) -> str | None:
        return next((info.media_id for info in self.media if info.file_type == "audio"), None)

    @property
    def items(self) -> int:
        """How many photos and clips the video track holds (0 before a draft)."""
        track = self.draft.tracks(0) if self.draft is not None else []
        return len(track[0].sg) if track else 0

    def indexes_of(self, ref: Ref) -> list[int]:
        """Where in the video track (from 0) the items ``ref`` names are, counted as the
        edits count them (ops.targets): "photo 2" among the photos, "clip 1" among the
        clips, "the second one" among all items. Positions past the end are left out."""
        track = self.draft.tracks(0) if self.draft is not None else []
        items = track[0].sg if track else []
        kinds = {info.media_id: info.file_type for info in self.media}
        wanted = {"photo": "image", "clip": "video"}.get(ref.kind)
        pool = [
            i for i, seg in enumerate(items) if wanted is None or kinds.get(seg.src or "", "image") == wanted
        ]
        if not pool and ref.kind == "photo":
            pool = list(range(len(items)))  # "the third photo" in a video of clips only: the third item
        return [pool[p - 1] for p in ref.from_start(len(pool)) if 0 < p <= len(pool)]

    def has_text(self, role: str) -> bool:
        if self.draft is None:
            return False
        return any((seg.m.role or "title") == role for track in self.draft.tracks(7) for seg in track.sg)


@dataclass
class Wish:
    """One edit as the words gave it: ``op`` and fields, where a :class:`Ref` still names
    photos the user's way ("the third photo"); resolved against the draft before applying."""

    op: str
    at: int
    fields: dict[str, Any] = field(default_factory=dict)
    verb: tuple[str, str] = ("change", "修改")
    """What the question says when a Ref needs a choice ("Which photo should I remove?")."""

    @property
    def refs(self) -> dict[str, Ref]:
        return {key: value for key, value in self.fields.items() if isinstance(value, Ref)}


@dataclass
class Plan:
    wishes: list[Wish] = field(default_factory=list)
    meta: set[str] = field(default_factory=set)
    asks: list[Said] = field(default_factory=list)
    refusals: list[Said] = field(default_factory=list)
    hints: list[Said] = field(default_factory=list)
    noted: list[tuple[str, str]] = field(default_factory=list)
    """Understood without an edit ("with transitions" when there are some): (en, zh)."""

    def want(self, op: str, at: int | Mention, /, **fields: Any) -> Wish:
        """A wish for edit ``op`` with ``fields``; ``verb=(en, zh)`` names it in a reply
        (default: change). Taken from ``fields`` so that a rule may pass any mapping of
        the edit's own fields with ``**``."""
        verb: tuple[str, str] = fields.pop("verb", ("change", "修改"))
        wish = Wish(op, at if isinstance(at, int) else at.start, fields, verb)
        self.wishes.append(wish)
        return wish

    def wants(self, *ops: str) -> bool:
        return any(wish.op in ops for wish in self.wishes)


def _fits(mod: Mention, head: Mention) -> bool:
    category = head.noun
    return category is not None and any(category in SENSE_HEADS.get(sense, ()) for sense in mod.senses)


def _modifies_neighbour(words: Words, mention: Mention) -> bool:
    """A noun with senses ("slide", "zoom") modifies an adjacent head it fits."""
    clause = words.clause_of(mention)
    for other in clause.mentions:
        if other is mention or other.noun is None or other.noun == mention.noun or not _fits(mention, other):
            continue
        if len(words.gap(mention, other).strip()) <= 1:
            return True
    return False


def bind_heads(words: Words) -> None:
    """Set ``head`` on every modifier that has one in its clause."""
    for mention in words.mentions:
        if mention.kind != "lex" or not mention.senses:
            continue
        if mention.noun is not None:
            own = mention.noun in {head for sense in mention.senses for head in SENSE_HEADS.get(sense, ())}
            if own or not _modifies_neighbour(words, mention):
                continue
        clause = words.clause_of(mention)
        best: tuple[int, int, Mention] | None = None
        for other in clause.mentions:
            if other is mention or other.noun is None or not _fits(mention, other):
                continue
            if other.kind == "lex" and other.senses and other.noun and _modifies_neighbour(words, other):
                continue  # "slide" in "slide transitions" is not a head
            gap = len(words.gap(mention, other))
            if other.start >= mention.end and gap > _MAX_GAP:
                continue
            rank = (gap, 0 if other.start >= mention.end else 1)
            if best is None or rank < best[:2]:
                best = (*rank, other)
        if best is not None:
            mention.head = best[2]


def headed(
    words: Words, category: str | tuple[str, ...], sense: str, clause_index: int | None = None
) -> list[Mention]:
    """Free modifiers with ``sense`` bound to a head of ``category``."""
    categories = (category,) if isinstance(category, str) else category
    return [
        m
        for m in words.mentions
        if m.kind == "lex"
        and not m.used
        and sense in m.senses
        and (
            (m.head is not None and m.head.noun in categories)
            or (m.head is None and m.noun in categories and m.noun in SENSE_HEADS.get(sense, ()))
        )
        and (clause_index is None or m.clause == clause_index)
    ]


def loose(words: Words, sense: str) -> list[Mention]:
    """Free modifiers with ``sense`` that found no head."""
    return [
        m
        for m in words.mentions
        if m.kind == "lex" and not m.used and sense in m.senses and m.head is None and m.noun is None
    ]
