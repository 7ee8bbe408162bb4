"""interpret(): one message + the session's context -> what to store, say and charge.

Pure: no I/O, never raises. The steps: tag the words (``words.tagger``), answer the
requests about the conversation (undo, redo, help, timeline), build a first video when
one is wanted, let the attachment rules turn the words into wishes, resolve the photos
they name, and apply them as typed edits (``apply.Batch``), every part that can be done
(a part that cannot says why, and the rest still applies). The reply says what was
done and, in one sentence, what was not understood.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..models import Draft
from ..summary import summarize
from . import replies
from .api import Interpretation, InterpretContext, ToolEvent
from .apply import EDIT_COST, GENERATION_COST, Batch, _history, generation_event, make_env
from .builder import Built, build_draft
from .edits import EDIT_ADAPTER, Redo, Undo
from .ops.base import CannotDo, Clarify, Said
from .phrases import phrase
from .timeline import copy_of, text_segments, video_track
from .words.coverage import not_understood
from .words.help import help_text, not_understood_help
from .words.plan import Facts, Plan, Wish, bind_heads
from .words.refs import Ref
from .words.rules import RULES, meta
from .words.tagger import Words, tag

# The sentence about a freshly built video already says its length and music.
RESTATED_BY_GENERATION = frozenset({"set_length", "add_music", "set_music", "set_aspect"})
# Edits of one message apply in this order, whatever order they were said in: the
# shape first, the order of photos before their timing, lengths before transitions
# (a transition is clamped to the photos it joins), a style before the explicit
# choices it would otherwise override.
PHASES = {
    "set_aspect": 0, "set_resolution": 0, "set_fps": 0, "set_style": 1, "remove_photo": 2, "move_photo": 2,
    "swap_photos": 2, "shuffle": 2, "reverse": 2, "sort_by_date": 2, "add_new_media": 2, "set_photo_duration": 4,
    "set_length": 5, "set_transition": 7, "soften_transitions": 7, "set_filter": 8, "set_motion": 9,
    "add_music": 10, "set_music": 10, "remove_music": 10, "set_volume": 11, "music_fade": 11, "set_title": 12,
    "remove_title": 12, "fade_in": 13, "fade_out": 13, "beat_sync": 11,
}  # fmt: skip


def _phase(edit: Any) -> int:
    if edit.op == "set_photo_duration" and edit.photo is None:
        return 6  # every photo: after a total length, so the photos' own length wins
    return PHASES.get(edit.op, 14)


@dataclass
class _Outcome:
    lines: list[Said | str] = field(default_factory=list)
    """What the edits said, in the order they applied (sentences are worded once the final
    length is known: see :func:`_worded`)."""
    refusals: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    understood: list[str] = field(default_factory=list)


def interpret(message: str, ctx: InterpretContext) -> Interpretation:
    words = tag(message or "", ctx.language)
    zh = words.zh
    has_visuals = any(info.file_type in ("image", "video") for info in ctx.media)
    if not words.text.strip():
        return Interpretation(reply=help_text(zh, ctx.draft is not None, has_visuals))
    plan = Plan()
    meta.rule(words, plan)
    if plan.meta & {"undo", "redo"}:
        return _history_reply(words, plan, ctx)
    built = _maybe_build(ctx, plan, has_visuals, zh)
    facts = Facts(
        draft=built.draft if built else ctx.draft,
        media=ctx.media,
        recipe=ctx.recipe,
        generating=built is not None,
    )
    bind_heads(words)
    for rule in RULES:
        rule(words, plan, facts)
    leftovers = not_understood(words)
    wants_video = bool(plan.wishes or plan.refusals or plan.asks or plan.noted or plan.hints)
    about_else = bool(plan.meta & {"help", "greeting", "timeline"} or leftovers)
    if built is not None and ctx.draft is None and not (wants_video or plan.meta & {"generate", "confirm"}):
        # A first message about something else ("order me a pizza", "hello"): no video, no charge.
        built = None if about_else else built
    if not plan.wishes and built is None:
        return _no_edit(ctx, plan, zh, has_visuals, leftovers)
    if built is not None:
        working = built.draft
    elif ctx.draft is not None:
        working = copy_of(ctx.draft)
    else:
        return Interpretation(reply=replies.say(zh, replies.NO_VIDEO), not_understood=leftovers)
    return _apply(words, plan, ctx, built, working, leftovers)


def _maybe_build(ctx: InterpretContext, plan: Plan, has_visuals: bool, zh: bool) -> Built | None:
    """A first video for the first message with media, "start over", or "make a video"
    after new photos arrived; otherwise the words edit what exists."""
    if not has_visuals:
        return None
    if ctx.draft is None:
        return build_draft(ctx.media, ctx.recipe, zh)
    new_media = {info.media_id for info in ctx.media if info.file_type != "audio"} - ctx.draft.media_ids()
    if "regenerate" in plan.meta or ("generate" in plan.meta and new_media):
        return build_draft(ctx.media, ctx.recipe, zh)
    return None


def _history_reply(words: Words, plan: Plan, ctx: InterpretContext) -> Interpretation:
    zh = words.zh
    edit = Redo() if "redo" in plan.meta and "undo" not in plan.meta else Undo()
    target = ctx.previous_draft if isinstance(edit, Undo) else ctx.next_draft
    if target is None:
        pair = replies.NOTHING_TO_UNDO if isinstance(edit, Undo) else replies.NOTHING_TO_REDO
        return Interpretation(reply=replies.say(zh, pair))
    return _history(edit, ctx, zh)


def _no_edit(
    ctx: InterpretContext, plan: Plan, zh: bool, has_visuals: bool, leftovers: list[str]
) -> Interpretation:
    said = [item.pick("zh" if zh else "en") for item in plan.refusals + plan.hints]
    if plan.asks:
        return Interpretation(
            reply=" ".join([*said, plan.asks[0].pick("zh" if zh else "en")]).strip(), question=True
        )
    if said:
        return Interpretation(
            reply=replies.join(zh, [*said, replies.say(zh, replies.NOTHING_CHANGED).strip()])
        )
    if "timeline" in plan.meta and ctx.draft is not None:
        reply = f"{replies.say(zh, replies.TIMELINE_LEAD)} {summarize(ctx.draft)}"
        return Interpretation(reply=reply, understood=["时间线" if zh else "the timeline"])
    if plan.meta & {"help", "greeting"} and not leftovers:
        return Interpretation(
            reply=help_text(zh, ctx.draft is not None, has_visuals), understood=["帮助" if zh else "help"]
        )
    if plan.noted and ctx.draft is not None:
        reasons = replies.unchanged(zh, [])
        return Interpretation(reply=reasons, understood=[en if not zh else z for en, z in plan.noted])
    if plan.meta & {"generate", "confirm"} and ctx.draft is not None:
        return Interpretation(
            reply=replies.say(zh, replies.ALREADY_MADE), understood=["视频" if zh else "the video"]
        )
    if (plan.meta & {"generate", "timeline"} or ctx.draft is None) and not leftovers:
        return Interpretation(reply=replies.say(zh, replies.NO_VIDEO))
    return Interpretation(reply=not_understood_help(zh, leftovers), not_understood=leftovers)


def _edit_from(wish: Wish, working: Draft, env: Any) -> Any:
    """The typed edit for a wish: photos named the user's way become positions."""
    fields = dict(wish.fields)
    for key, ref in wish.refs.items():
        among = {"photo": "photos", "clip": "clips"}.get(ref.kind, "items")
        positions = list(ref.positions)
        if not positions:
            positions = [_the_one(working, ref, wish, env)]
        listed = key in ("photo", "from") or (wish.op == "set_transition" and key == "after")
        fields[key] = positions if listed and len(positions) > 1 else positions[0]
        fields["among"] = among
    return EDIT_ADAPTER.validate_python({"op": wish.op, **fields})


_NOUNS = {"photo": ("photo", "张", "照片"), "clip": ("clip", "段", "视频"), "any": ("item", "个", "片段")}


def _the_one(working: Draft, ref: Ref, wish: Wish, env: Any) -> int:
    """ "the photo": fine when there is one, a question when there are several."""
    track = video_track(working)
    items = track.sg if track else []
    wanted = {"photo": "image", "clip": "video"}.get(ref.kind)
    pool = [seg for seg in items if wanted is None or env.kind_of(seg.src) == wanted]
    noun_en, measure, noun_zh = _NOUNS[ref.kind]
    if not pool:
        raise CannotDo(f"There is no {noun_en} in the video yet.", f"视频里还没有{noun_zh}。")
    if len(pool) == 1:
        return 1
    verb_en, verb_zh = wish.verb
    raise Clarify(
        f"Which {noun_en} should I {verb_en}? There are {len(pool)}; "
        f'you can say "the third {noun_en}" or "the last {noun_en}".',
        f"要{verb_zh}哪一{measure}{noun_zh}？一共有{len(pool)}{measure}{noun_zh}，可以说“第三{measure}”或“最后一{measure}”。",
    )


def _refusal_text(error: ValidationError, wish: Wish, zh: bool) -> str:
    detail = error.errors()[0]["msg"].removeprefix("Value error, ")
    if zh:
        return f"无法完成“{wish.op}”：{detail}。"
    return f"I couldn't do that ({wish.op}): {detail}."


# Wishes of one message that say different things of the same target become one edit
# ("1 second crossfades": a kind and a length; "a bigger gold title").
_MERGED = ("set_transition", "set_title", "set_motion")
_EXCLUSIVE = ({"seconds", "factor"},)


def _compatible(first: Wish, second: Wish) -> bool:
    if first.fields.get("role") != second.fields.get("role"):
        return False
    if first.fields.get("after") != second.fields.get("after"):
        return False  # "a wipe after photo 2, and 1-second transitions": two edits, not one
    shared = set(first.fields) & set(second.fields) - {"role"}
    if any(first.fields[key] != second.fields[key] for key in shared):
        return False
    keys = set(first.fields) | set(second.fields)
    return not any(len(keys & group) > 1 for group in _EXCLUSIVE)


def _merge(wishes: list[Wish]) -> list[Wish]:
    merged: list[Wish] = []
    for wish in sorted(wishes, key=lambda wish: wish.at):
        prior = next(
            (w for w in merged if w.op == wish.op and w.op in _MERGED and _compatible(w, wish)), None
        )
        if prior is None:
            merged.append(Wish(wish.op, wish.at, dict(wish.fields), wish.verb))
        else:
            prior.fields.update(wish.fields)
    return merged


def _run(batch: Batch, plan: Plan, working: Draft, zh: bool, built: Built | None) -> _Outcome:
    lang = "zh" if zh else "en"
    out = _Outcome()
    edits: list[Any] = []
    for wish in _merge(plan.wishes):
        try:
            edits.append(_edit_from(wish, working, batch.env))
        except Clarify as ask:
            out.questions.append(ask.said.pick(lang))
        except CannotDo as refusal:
            out.refusals.append(refusal.said.pick(lang))
        except ValidationError as error:
            out.refusals.append(_refusal_text(error, wish, zh))
    for edit in sorted(edits, key=_phase):
        try:
            outcome = batch.apply(edit)
        except Clarify as ask:
            out.questions.append(ask.said.pick(lang))
            continue
        except CannotDo as refusal:
            out.refusals.append(refusal.said.pick(lang))
            continue
        out.understood.append(phrase(edit, zh))
        restated = built is not None and edit.op in RESTATED_BY_GENERATION
        if (outcome.changed or outcome.said.noop) and not restated:
            out.lines.append(outcome.said)
        elif restated:
            out.lines.extend(outcome.said.advised(lang))
    return out


def _apply(
    words: Words, plan: Plan, ctx: InterpretContext, built: Built | None, working: Draft, leftovers: list[str]
) -> Interpretation:
    zh = words.zh
    lang = "zh" if zh else "en"
    env = make_env(ctx, lang)
    env.generating = built is not None
    env.music_spoken = plan.wants("set_music", "remove_music")
    env.motion_spoken = plan.wants("set_motion")
    batch = Batch(working, env)
    out = _run(batch, plan, working, zh, built)
    batch.finish()
    out.refusals[:0] = [said.pick(lang) for said in plan.refusals]
    out.questions[:0] = [said.pick(lang) for said in plan.asks]
    final = _checked(batch, ctx, built)
    events: list[ToolEvent] = ([generation_event(built, ctx)] if built else []) + batch.events
    understood = (["生成视频" if zh else "a new video"] if built else []) + out.understood
    understood += [pair[1] if zh else pair[0] for pair in plan.noted]
    changed = built is not None or (ctx.draft is not None and final.dump() != ctx.draft.dump())
    tail = _tail(zh, out, plan, leftovers)
    if not changed:
        reasons = _worded(out.lines, lang, final.d, states_length=False)
        if out.questions and not reasons:
            return Interpretation(
                reply=replies.join(zh, [*out.refusals, out.questions[0]]), question=True,
                understood=understood, not_understood=leftovers, events=events,
            )  # fmt: skip
        if understood and not out.refusals:
            reply = replies.with_timeline(
                replies.unchanged(zh, reasons + tail), ctx.draft, "timeline" in plan.meta
            )
        else:
            reply = replies.join(zh, [*out.refusals, *tail, replies.say(zh, replies.NOTHING_CHANGED).strip()])
        return Interpretation(
            reply=reply,
            events=events,
            understood=understood,
            not_understood=leftovers,
            question=bool(out.questions),
        )
    lines = _worded(out.lines, lang, final.d, states_length=built is not None)
    if built is not None:
        lines.insert(0, replies.generated(final, built.photos, built.clips, built.scenes, zh))
        titled = any(seg.m.role == "title" for seg in text_segments(final))
        hinted = replies.TITLE_CARD_HINT in [(h.en, h.zh) for h in plan.hints]
        if ctx.recipe.title_card and not titled and not hinted and not out.questions:
            lines.append(replies.say(zh, replies.TITLE_CARD_HINT))
    reply = replies.join(zh, list(dict.fromkeys([*lines, *out.refusals, *tail])))
    return Interpretation(
        reply=replies.with_timeline(reply, final, "timeline" in plan.meta),
        draft=final,
        cost=GENERATION_COST if built is not None else EDIT_COST,
        events=events,
        question=bool(out.questions),
        understood=understood,
        not_understood=leftovers,
    )


def _worded(lines: list[Said | str], lang: str, length_ms: int, *, states_length: bool) -> list[str]:
    """The edits' sentences for the final draft: a length a later edit changed is left out
    ("I removed photo 2; the video is now 20.9 seconds long. The video is 20 seconds long."
    said two), and the true one is said once at the end unless a sentence already says it
    (or the new video's sentence will)."""
    said = [line for line in lines if isinstance(line, Said)]
    stale = any(s.length_ms is not None and s.length_ms != length_ms for s in said)
    told = states_length or any(s.length_ms == length_ms for s in said)
    words = [line if isinstance(line, str) else line.at_length(lang, length_ms) for line in lines]
    if stale and not told:
        words.append(replies.length_now(lang == "zh", length_ms))
    return [w for w in words if w]


def _tail(zh: bool, out: _Outcome, plan: Plan, leftovers: list[str]) -> list[str]:
    """Hints, the not-understood sentence, then the question (a reply asks at most one)."""
    tail = [said.pick("zh" if zh else "en") for said in plan.hints]
    if leftovers:
        tail.append(replies.not_understood(zh, leftovers))
    if out.questions:
        tail.append(out.questions[0])
    return tail


def _checked(batch: Batch, ctx: InterpretContext, built: Built | None) -> Draft:
    """The working draft read back through the model. Every edit checks its values, so
    this holds; should a bug ever break it, the session keeps the version it had."""
    try:
        return batch.validated()
    except ValidationError:
        if built is not None or ctx.draft is None:
            return build_draft(ctx.media, ctx.recipe, ctx.language.lower().startswith("zh")).draft
        return copy_of(ctx.draft)
