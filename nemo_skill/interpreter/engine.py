"""interpret(): one message + the session's context -> what to store, say and charge.

Pure: no I/O. The steps are fixed: normalise (quotes first), answer the meta
requests (undo, help, timeline), decide whether to build a new draft, let every
intent handler read its words, apply the resulting ops to a deep copy, then
reply in the user's language with what changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from .._exceptions import DraftError
from ..models import Draft
from ..summary import summarize
from . import replies
from .api import Interpretation, InterpretContext, ToolEvent
from .builder import Built, build_draft
from .intents import Handler, ParseState, canvas, look, motion, music, order, text, timing, transitions
from .intents import help as help_intent
from .intents.generate import wants_generation, wants_regeneration
from .intents.undo import wants_undo
from .message import Message
from .ops import CannotDo, Clarify, Env, Op, Said, apply_op, pick
from .timeline import text_segments

# Text first (it owns quoted words, names and dates), then the handlers whose
# phrases contain words other handlers also use ("fade out the music" before
# "fade out", "faster transitions" before "faster").
HANDLERS: tuple[Handler, ...] = (
    text.parse,
    music.parse,
    transitions.parse,
    motion.parse,
    canvas.parse,
    timing.parse,
    order.parse,
    look.parse,
)
# The sentence about a freshly built video already says its length and music.
RESTATED_BY_GENERATION = frozenset({"set_total_length", "add_music", "set_music_mood", "use_uploaded_music"})
GENERATION_COST = 5
EDIT_COST = 1


@dataclass(frozen=True)
class _Meta:
    """What the message asks besides edits."""

    helpful: bool
    show_timeline: bool
    generate: bool
    regenerate: bool


def interpret(message: str, ctx: InterpretContext) -> Interpretation:
    msg = Message(message or "", ctx.language)
    zh = msg.zh
    has_visuals = any(info.file_type in ("image", "video") for info in ctx.media)
    if not msg.text.strip():
        return Interpretation(reply=help_intent.help_text(zh, ctx.draft is not None, has_visuals))
    if wants_undo(msg):
        return _undo(ctx, zh)
    greeted = help_intent.is_greeting(msg)
    meta = _Meta(
        helpful=help_intent.wants_help(msg) or greeted,
        show_timeline=help_intent.wants_timeline(msg),
        regenerate=(regenerate := wants_regeneration(msg)),
        generate=wants_generation(msg) or regenerate,
    )
    env = Env(
        media={info.media_id: info for info in ctx.media},
        media_order=list(ctx.media),
        recipe=ctx.recipe,
        lang=msg.lang,
    )
    built = build_draft(ctx.media, ctx.recipe) if _should_build(ctx, meta, has_visuals) else None
    working = built.draft if built else ctx.draft

    # Handlers only read the draft; the copy is made once there is an edit to apply.
    state = ParseState(draft=working, env=env, generating=built is not None)
    ops: list[Op] = [op for handler in HANDLERS for op in handler(msg, state)]
    if not ops and built is None:
        return _no_edit(ctx, zh, meta, has_visuals)
    if working is None and has_visuals:
        # "hi! make it 9:16" before any video exists: the edits describe the first one.
        built = build_draft(ctx.media, ctx.recipe)
        working = built.draft
    if working is None:
        return Interpretation(reply=replies.say(zh, replies.NO_VIDEO))
    if built is None:
        working = working.model_copy(deep=True)

    events = [_generation_event(built, ctx)] if built else []
    try:
        saids = _apply(working, ops, env, events)
    except Clarify as ask:
        return Interpretation(reply=pick(ask.said, msg.lang), question=True)
    except CannotDo as refusal:
        return Interpretation(reply=pick(refusal.said, msg.lang) + replies.say(zh, replies.NOTHING_CHANGED))

    final = _validated(working)
    if built is None and ctx.draft is not None and final.dump() == ctx.draft.dump():
        reasons = [pick(said, msg.lang) for said, _ in saids if said.noop]
        reply = replies.with_timeline(replies.unchanged(zh, reasons), ctx.draft, meta.show_timeline)
        return Interpretation(reply=reply, events=events)
    lines = [
        pick(said, msg.lang)
        for (said, changed), op in zip(saids, ops, strict=True)
        if changed and not (built is not None and op.name in RESTATED_BY_GENERATION)
    ]
    if built is not None:
        lines.insert(0, replies.generated(final, built.photos, built.clips, built.scenes, zh))
        if ctx.recipe.title_card and not any(seg.m.role == "title" for seg in text_segments(final)):
            lines.append(replies.say(zh, replies.TITLE_CARD_HINT))
    reply = replies.with_timeline(replies.join(zh, lines), final, meta.show_timeline)
    cost = GENERATION_COST if built is not None else EDIT_COST
    return Interpretation(reply=reply, draft=final, cost=cost, events=events)


def _should_build(ctx: InterpretContext, meta: _Meta, has_visuals: bool) -> bool:
    """Build from scratch: the first message with media, "start over", or "make a
    video" after new photos arrived. Otherwise edit what exists."""
    if not has_visuals:
        return False
    if ctx.draft is None:
        return meta.generate or not (meta.helpful or meta.show_timeline)
    new_media = {info.media_id for info in ctx.media if info.file_type != "audio"} - ctx.draft.media_ids()
    return meta.regenerate or (meta.generate and bool(new_media))


def _apply(working: Draft, ops: list[Op], env: Env, events: list[ToolEvent]) -> list[tuple[Said, bool]]:
    """Apply ops in order; one tool event each, saying whether it changed the draft."""
    saids: list[tuple[Said, bool]] = []
    for op in ops:
        before = working.dump()
        said = apply_op(working, op, env)
        changed = working.dump() != before
        saids.append((said, changed))
        events.append(ToolEvent(op.name, dict(op.args), {"ok": True, "changed": changed, "message": said.en}))
    return saids


def _validated(working: Draft) -> Draft:
    try:
        return Draft.model_validate(working.dump())
    except ValidationError as err:
        raise DraftError(f"the edit produced an invalid timeline: {err.errors()[0]['msg']}") from None


def _generation_event(built: Built, ctx: InterpretContext) -> ToolEvent:
    return ToolEvent(
        "generate_draft",
        {"recipe": ctx.recipe.name, "photos": built.photos, "clips": built.clips},
        {"ok": True, "duration_ms": built.draft.d, "scenes": built.scenes, "music": built.music},
    )


def _undo(ctx: InterpretContext, zh: bool) -> Interpretation:
    if ctx.previous_draft is None:
        return Interpretation(reply=replies.say(zh, replies.NOTHING_TO_UNDO))
    restored = ctx.previous_draft.model_copy(deep=True)
    return Interpretation(
        reply=replies.say(zh, replies.UNDONE),
        draft=restored,
        cost=0,
        undo=True,
        events=[ToolEvent("undo", {}, {"ok": True, "duration_ms": restored.d})],
    )


def _no_edit(ctx: InterpretContext, zh: bool, meta: _Meta, has_visuals: bool) -> Interpretation:
    if meta.show_timeline and ctx.draft is not None:
        return Interpretation(reply=f"{replies.say(zh, replies.TIMELINE_LEAD)} {summarize(ctx.draft)}")
    if meta.helpful:
        return Interpretation(reply=help_intent.help_text(zh, ctx.draft is not None, has_visuals))
    if meta.generate and ctx.draft is not None:
        return Interpretation(reply=replies.say(zh, replies.ALREADY_MADE))
    if meta.generate or meta.show_timeline or ctx.draft is None:
        return Interpretation(reply=replies.say(zh, replies.NO_VIDEO))
    return Interpretation(reply=help_intent.not_understood(zh))
