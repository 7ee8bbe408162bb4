"""Edit operations: a name, JSON-able args, and a function that applies them.

Handlers only *describe* edits (``Op``); this module applies them to the working
copy of the draft and says, in both languages, what changed. Keeping the two
apart means every edit is one ``ToolEvent`` with exactly the args that made it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .._exceptions import UserError
from ..models import Draft, MediaInfo
from .api import SkillRecipe


@dataclass(frozen=True)
class Said:
    """What an edit did, in English and Chinese (the reply picks one)."""

    en: str
    zh: str
    noop: bool = False
    """True when the edit found nothing to do and the words explain why."""


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
    """What edits may read besides the draft: the session's media and recipe."""

    media: dict[str, MediaInfo]
    media_order: list[MediaInfo]
    recipe: SkillRecipe
    lang: str = "en"

    def kind_of(self, src: str | None) -> str:
        info = self.media.get(src or "")
        return info.file_type if info else "image"


@dataclass(frozen=True)
class Op:
    name: str
    args: dict[str, Any] = field(default_factory=dict)


OpFunction = Callable[[Draft, dict[str, Any], Env], Said]
_REGISTRY: dict[str, OpFunction] = {}


def operation(name: str) -> Callable[[OpFunction], OpFunction]:
    def register(fn: OpFunction) -> OpFunction:
        if name in _REGISTRY:
            raise RuntimeError(f"operation {name!r} is registered twice")
        _REGISTRY[name] = fn
        return fn

    return register


def apply_op(draft: Draft, op: Op, env: Env) -> Said:
    try:
        fn = _REGISTRY[op.name]
    except KeyError:
        raise RuntimeError(f"no operation named {op.name!r}") from None
    return fn(draft, op.args, env)


def pick(said: Said, lang: str) -> str:
    return said.zh if lang == "zh" else said.en


def seconds_en(ms: float) -> str:
    """2500 -> "2.5 seconds", 1000 -> "1 second"."""
    value = round(ms / 1000, 1)
    return f"{value:g} second" + ("" if value == 1 else "s")


def seconds_zh(ms: float) -> str:
    return f"{round(ms / 1000, 1):g}秒"
