"""The interpreter's contract with the local backend.

The backend hands a message plus the session's context to
:func:`nemo_skill.interpreter.interpret` and gets back what to store, what to
stream and what to charge. The interpreter never touches the database or the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..models import Draft, MediaInfo


@dataclass(frozen=True)
class SkillRecipe:
    """A skill's defaults, read from its manifest (``metadata.nemo.defaults``)."""

    name: str = "unknown"
    aspect: str = "16:9"
    resolution: str = "1080p"
    fps: int = 30
    length_s: int = 30
    mood: str = "cinematic"
    transition: str = "fade"
    motion: str = "gentle"  # gentle | normal | strong | off
    title_card: bool = False
    end_card: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InterpretContext:
    draft: Draft | None
    """The session's latest draft, or None before the first generation."""
    media: list[MediaInfo]
    """The session's uploaded media, in upload order."""
    recipe: SkillRecipe = field(default_factory=SkillRecipe)
    previous_draft: Draft | None = None
    """The version before ``draft`` (what "undo" returns to), if any."""
    next_draft: Draft | None = None
    """The version the last undo undid (what "redo" brings back), if no edit came since."""
    language: str = "en"


@dataclass(frozen=True)
class ToolEvent:
    """One ``tool_call`` + ``tool_result`` pair streamed over SSE (never shown to users)."""

    name: str
    args: dict[str, Any]
    result: dict[str, Any]


@dataclass(frozen=True)
class Interpretation:
    reply: str
    """Words for the user: complete sentences, plain language."""
    draft: Draft | None = None
    """The new version to store, or None when nothing changed."""
    cost: int = 0
    """Credits to charge: 0 when nothing changed, 1 per edit, 5 per full generation."""
    events: list[ToolEvent] = field(default_factory=list)
    undo: bool = False
    """True when ``draft`` is the version before the latest (the store walks back)."""
    redo: bool = False
    """True when ``draft`` is the version the last undo undid (the store walks forward)."""
    question: bool = False
    """True when the reply asks the user to choose (ambiguous request)."""
    understood: list[str] = field(default_factory=list)
    """Short phrases, in the user's language, for what was understood and done."""
    not_understood: list[str] = field(default_factory=list)
    """The fragments of the user's words that were not understood."""
