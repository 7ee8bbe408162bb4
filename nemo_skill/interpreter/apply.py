"""Applying typed edits to a draft: one batch at a time, every value checked first.

:func:`apply_edits` is the programs' door (all or none: a bad edit raises
:class:`~nemo_skill._exceptions.EditError` naming it, and nothing changes). The words
path (:mod:`.engine`) uses the same :class:`Batch`, but keeps going past an edit that
cannot be done, so a compound request applies every part it can.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from .._exceptions import EditError
from ..models import Draft
from . import (
    cards,
    ops,  # noqa: F401  (registers every apply function)
)
from .api import Interpretation, InterpretContext, ToolEvent
from .builder import Built, build_draft
from .edits import Edit, Generate, Redo, Undo, parse_edits
from .ops.base import CannotDo, Clarify, Env, Said, apply_function
from .phrases import phrase
from .replies import NOTHING_TO_REDO, NOTHING_TO_UNDO, REDONE, UNDONE, generated, join, say
from .timeline import copy_of, retime

GENERATION_COST = 5
EDIT_COST = 1


@dataclass(frozen=True)
class Outcome:
    edit: Any
    said: Said
    changed: bool


def make_env(ctx: InterpretContext, lang: str) -> Env:
    return Env(
        media={info.media_id: info for info in ctx.media},
        media_order=list(ctx.media),
        recipe=ctx.recipe,
        lang=lang,
    )


class Batch:
    """Edits applied one after another to one working copy; each checks before it changes."""

    def __init__(self, draft: Draft, env: Env) -> None:
        self.draft = draft
        self.env = env
        env.take_snapshot(draft)
        self.outcomes: list[Outcome] = []
        self.events: list[ToolEvent] = []
        self._dumped = draft.dump()

    def apply(self, edit: Any) -> Outcome:
        """Apply one edit; CannotDo/Clarify propagate with the draft unchanged."""
        said = apply_function(edit.op)(self.draft, edit, self.env)
        after = self.draft.dump()
        changed = after != self._dumped
        self._dumped = after
        outcome = Outcome(edit, said, changed)
        self.outcomes.append(outcome)
        self.events.append(
            ToolEvent(edit.op, edit.args(), {"ok": True, "changed": changed, "message": said.en})
        )
        return outcome

    def finish(self) -> None:
        """What every batch ends with. A new video's first photo holds its title and its
        last one the end card (unless the words timed the photos); then the cuts go back
        on the beat (when the draft follows it), wherever the edits moved them. The length
        stays what the edits made it (a new video's, what its pace made it, give or take a beat)."""
        env = self.env
        if env.generating and not env.durations_fixed:
            cards.hold_cards(self.draft, lambda seg: env.kind_of(seg.src) == "image", env.length_fixed)
            retime(self.draft)
        # A new video whose length nobody fixed keeps its last photo's time instead.
        env.on_beat(self.draft, keep_total=env.length_fixed or not env.generating)
        self._dumped = self.draft.dump()

    def validated(self) -> Draft:
        """The draft as the model reads it back: every value within its limits."""
        return Draft.model_validate(self._dumped)


def _history(edit: Any, ctx: InterpretContext, zh: bool) -> Interpretation:
    if isinstance(edit, Undo):
        target, flag, done, none = ctx.previous_draft, "undo", UNDONE, NOTHING_TO_UNDO
    else:
        target, flag, done, none = ctx.next_draft, "redo", REDONE, NOTHING_TO_REDO
    if target is None:
        raise EditError(f"edit 1 ({flag}): {say(False, none)}", index=1, op=flag)
    restored = copy_of(target)
    return Interpretation(
        reply=say(zh, done),
        draft=restored,
        cost=0,
        undo=flag == "undo",
        redo=flag == "redo",
        events=[ToolEvent(flag, {}, {"ok": True, "duration_ms": restored.d})],
        understood=[phrase(edit, zh)],
    )


def generation_event(built: Built, ctx: InterpretContext) -> ToolEvent:
    return ToolEvent(
        "generate_draft",
        {"recipe": ctx.recipe.name, "photos": built.photos, "clips": built.clips},
        {"ok": True, "duration_ms": built.draft.d, "scenes": built.scenes, "music": built.music},
    )


def apply_edits(edits: Sequence[Edit | Mapping[str, Any]], ctx: InterpretContext) -> Interpretation:
    """Apply typed edits in order, all or none.

    Raises EditError (naming the edit: "edit 2 (remove_photo): ...") when an edit is
    malformed or cannot apply to this draft; then nothing changed. ``undo`` and
    ``redo`` stand alone; ``generate`` may only come first.
    """
    parsed = parse_edits(edits)
    zh = ctx.language.lower().startswith("zh")
    lang = "zh" if zh else "en"
    if not parsed:
        raise EditError("no edits given")
    history = [number for number, edit in enumerate(parsed, start=1) if isinstance(edit, Undo | Redo)]
    if history:
        first = parsed[history[0] - 1]
        if len(parsed) > 1:
            raise EditError(
                f"edit {history[0]} ({first.op}) stands alone: send it without other edits",
                index=history[0],
                op=first.op,
            )
        return _history(first, ctx, zh)
    late = [
        number for number, edit in enumerate(parsed, start=1) if isinstance(edit, Generate) and number > 1
    ]
    if late:
        raise EditError(
            f"edit {late[0]} (generate): generate may only be the first edit", index=late[0], op="generate"
        )
    built = None
    if isinstance(parsed[0], Generate):
        if not any(info.file_type in ("image", "video") for info in ctx.media):
            raise EditError(
                "edit 1 (generate): there are no photos or clips in this session yet", index=1, op="generate"
            )
        built = build_draft(ctx.media, ctx.recipe, zh)
        working = built.draft
        parsed = parsed[1:]
    elif ctx.draft is None:
        raise EditError('there is no video yet: start the list with {"op": "generate"}')
    else:
        working = copy_of(ctx.draft)
    env = make_env(ctx, lang)
    env.generating = built is not None
    batch = Batch(working, env)
    events = [generation_event(built, ctx)] if built else []
    offset = 2 if built is not None else 1
    for number, edit in enumerate(parsed, start=offset):
        try:
            batch.apply(edit)
        except (CannotDo, Clarify) as refusal:
            raise EditError(
                f"edit {number} ({edit.op}): {refusal.said.en}", index=number, op=edit.op
            ) from None
    batch.finish()
    try:
        final = batch.validated()
    except ValidationError as err:
        raise EditError(f"the edits produce an invalid timeline: {err.errors()[0]['msg']}") from None
    lines = [outcome.said.pick(lang) for outcome in batch.outcomes if outcome.changed or outcome.said.noop]
    if built is not None:
        lines.insert(0, generated(final, built.photos, built.clips, built.scenes, zh))
    changed = built is not None or (ctx.draft is not None and final.dump() != ctx.draft.dump())
    return Interpretation(
        reply=join(zh, lines) or say(zh, ("Nothing needed to change.", "无需修改。")),
        draft=final if changed else None,
        cost=(GENERATION_COST if built is not None else EDIT_COST) if changed else 0,
        events=events + batch.events,
        understood=[phrase(outcome.edit, zh) for outcome in batch.outcomes],
    )
