"""Transitions between photos (kind, length) and the fade in/out of the whole video."""

from __future__ import annotations

from ...models import Draft, KenBurns, Segment, Transition
from ..defaults import BUILD
from ..edits import MAX_TRANSITION_S, FadeIn, FadeOut, SetTransition, SoftenTransitions
from ..timeline import retime, video_track
from .base import CannotDo, Env, Said, applies, seconds_en, seconds_zh
from .targets import describe, pick

SOFT_KINDS = ("fade", "dissolve", "fadeblack", "fadewhite")
SOFT_MIN_MS = 800
SOFT_FACTOR = 1.5
MIN_MS, MAX_MS = 100, 3000  # what "faster"/"slower" transitions stay between

NAMES_ZH = {
    "none": "无转场（直接切换）", "fade": "淡入淡出", "fadeblack": "黑场过渡", "fadewhite": "白场过渡",
    "dissolve": "溶解", "pixeldissolve": "像素溶解", "slideleft": "向左滑动", "slideright": "向右滑动",
    "slideup": "向上滑动", "slidedown": "向下滑动", "wipeleft": "向左擦除", "wiperight": "向右擦除",
    "wipeup": "向上擦除", "wipedown": "向下擦除", "zoomin": "缩放", "circleopen": "圆形展开",
    "circleclose": "圆形收拢", "radial": "径向", "smoothleft": "平滑左移", "smoothright": "平滑右移",
    "auto": "自动变化的转场",
}  # fmt: skip
# Each kind in English: many of them ("The photos change with wipes to the left") and one
# ("After photo 2 the video changes with a wipe to the left").
_KINDS_EN = {
    "none": ("straight cuts", "a straight cut"),
    "fade": ("crossfades", "a crossfade"),
    "fadeblack": ("fades through black", "a fade through black"),
    "fadewhite": ("fades through white", "a fade through white"),
    "dissolve": ("dissolves", "a dissolve"),
    "pixeldissolve": ("pixel dissolves", "a pixel dissolve"),
    "slideleft": ("slides to the left", "a slide to the left"),
    "slideright": ("slides to the right", "a slide to the right"),
    "slideup": ("slides up", "a slide up"),
    "slidedown": ("slides down", "a slide down"),
    "wipeleft": ("wipes to the left", "a wipe to the left"),
    "wiperight": ("wipes to the right", "a wipe to the right"),
    "wipeup": ("wipes up", "a wipe up"),
    "wipedown": ("wipes down", "a wipe down"),
    "zoomin": ("zooms", "a zoom"),
    "circleopen": ("circle reveals", "a circle reveal"),
    "circleclose": ("closing circles", "a closing circle"),
    "radial": ("radial wipes", "a radial wipe"),
    "smoothleft": ("smooth slides left", "a smooth slide left"),
    "smoothright": ("smooth slides right", "a smooth slide right"),
    "auto": ("varied gentle transitions", "a gentle transition"),
}
NAMES_EN = {kind: plural for kind, (plural, _) in _KINDS_EN.items()}
ONE_EN = {kind: single for kind, (_, single) in _KINDS_EN.items()}


def _one_item(draft: Draft, env: Env) -> Said | None:
    """With a single photo there is nothing to join: it moves instead (never an error)."""
    track = video_track(draft)
    if track is None or not track.sg:
        raise CannotDo("Transitions need photos or clips first.", "要先有照片或视频才能加转场。")
    if len(track.sg) > 1:
        return None
    seg = track.sg[0]
    if env.kind_of(seg.src) == "image":
        kb = seg.m.kb or KenBurns(amount=BUILD.motion_amount["gentle"])
        kb.on = True
        seg.m.kb = kb
    return Said(
        "With one photo there is nothing to transition between, so it moves gently instead.",
        "只有一张照片，不需要转场，照片会缓慢移动。",
        noop=True,
    )


def _cuts(draft: Draft) -> list[Segment]:
    track = video_track(draft)
    assert track is not None
    return track.sg[:-1]


def _chosen_cuts(draft: Draft, edit: SetTransition, env: Env) -> tuple[list[Segment], tuple[str, str] | None]:
    """The items whose transition to the next changes, and how the reply names them."""
    if edit.after is None:
        return _cuts(draft), None
    track = video_track(draft)
    assert track is not None
    indexes = pick(draft, edit.after, edit.among, env)
    label = describe(draft, indexes, env)
    if len(track.sg) - 1 in indexes:
        raise CannotDo(
            f"{label[0].capitalize()} is the end of the video, so no transition comes after it.",
            f"{label[1]}是视频的最后一个，后面没有转场。",
        )
    return [track.sg[i] for i in indexes], label


def _length_note(asked_ms: int, cuts: list[Segment], over_max: bool) -> Said | None:
    """Say so when a transition could not be as long as asked: the photos it joins were
    shorter, or no transition may be that long."""
    lengths = [seg.m.tr.d for seg in cuts if seg.m.tr is not None] or [asked_ms]
    shortest, longest = min(lengths), max(lengths)
    if shortest < asked_ms - 10 and longest >= asked_ms - 10:
        return Said(
            f"Between shorter photos they take {seconds_en(shortest)}, the most those photos allow.",
            f"较短的照片之间转场为{seconds_zh(shortest)}，这些照片最多允许这么长。",
        )
    if shortest < asked_ms - 10:
        return Said("That is the most these photos allow.", "这些照片最多允许这么长。")
    if over_max:
        return Said("That is the longest a transition can be.", "转场最长只能这么长。")
    return None


def _lengths(cuts: list[Segment], edit: SetTransition, asked: int | None) -> None:
    for seg in cuts:
        current = seg.m.tr
        name = edit.name or (current.name if current else "fade")
        if name == "none":
            length = 0
        elif asked is not None:
            length = asked
        elif edit.factor is not None:
            old = current.d if current and current.d else BUILD.transition_ms
            length = max(MIN_MS, min(MAX_MS, round(old * edit.factor / 10.0) * 10))
        else:
            length = (current.d if current else 0) or BUILD.transition_ms
        if edit.name is None and current is not None and current.name == "none" and length:
            name = "fade"  # a length for cuts that had none: they become crossfades
        seg.m.tr = Transition(name=name, d=length)


@applies("set_transition")
def set_transition(draft: Draft, edit: SetTransition, env: Env) -> Said:
    single = _one_item(draft, env)
    if single is not None:
        return single
    asked = round(edit.seconds * 1000) if edit.seconds is not None else None
    over_max = asked is not None and asked > MAX_TRANSITION_S * 1000
    if asked is not None:
        asked = min(asked, round(MAX_TRANSITION_S * 1000))
    cuts, named = _chosen_cuts(draft, edit, env)
    _lengths(cuts, edit, asked)
    retime(draft)
    longest = max((seg.m.tr.d for seg in cuts if seg.m.tr is not None), default=0)
    if named is not None:
        said = _after_said(cuts, named, longest)
        return said.then(_length_note(asked, cuts, over_max)) if asked is not None else said
    each = Said(f"Each transition takes {seconds_en(longest)}.", f"每个转场时长{seconds_zh(longest)}。")
    if edit.name is not None:
        name = edit.name
        said = Said(
            f"The photos change with {NAMES_EN.get(name, name)}.", f"转场改为{NAMES_ZH.get(name, name)}。"
        )
        if asked is not None and name != "none":
            said = said.then(Said(f"Each takes {seconds_en(longest)}.", f"每个转场{seconds_zh(longest)}。"))
    else:
        said = each
    return said.then(_length_note(asked, cuts, over_max)) if asked is not None else said


def _after_said(cuts: list[Segment], named: tuple[str, str], longest: int) -> Said:
    """ "After photo 2 the video changes with a wipe to the left (0.9 seconds)." """
    kinds = {seg.m.tr.name if seg.m.tr else "none" for seg in cuts}
    kind = kinds.pop() if len(kinds) == 1 else None
    what_en = ONE_EN.get(kind, kind) if kind is not None else "its own transition"
    what_zh = NAMES_ZH.get(kind, kind) if kind is not None else "原来的转场"
    timed_en = f" ({seconds_en(longest)})" if longest and kind != "none" else ""
    timed_zh = f"（{seconds_zh(longest)}）" if longest and kind != "none" else ""
    return Said(
        f"After {named[0]} the video changes with {what_en}{timed_en}.",
        f"{named[1]}之后的转场改为{what_zh}{timed_zh}。",
    )


@applies("soften_transitions")
def soften_transitions(draft: Draft, edit: SoftenTransitions, env: Env) -> Said:
    single = _one_item(draft, env)
    if single is not None:
        return single
    cuts = _cuts(draft)
    soft = all(seg.m.tr and seg.m.tr.name in SOFT_KINDS and seg.m.tr.d >= SOFT_MIN_MS for seg in cuts)
    if env.generating and soft:
        # "with soft transitions" said of a video the taste already cuts softly: as it is
        # (understood; the video's own sentence says the rest).
        return Said("The transitions are soft and slow.", "转场柔和舒缓。")
    for seg in cuts:
        tr = seg.m.tr
        name = tr.name if tr and tr.name in SOFT_KINDS else "fade"
        seg.m.tr = Transition(name=name, d=max(SOFT_MIN_MS, int((tr.d if tr else 0) * SOFT_FACTOR)))
    retime(draft)
    return Said("The transitions are softer and a little longer.", "转场更柔和，也稍长了一些。")


def _video_fade(draft: Draft, key: str, seconds: float) -> Said:
    ms = round(seconds * 1000)
    setattr(draft.m, key, ms or None)
    if key == "fade_in":
        if not ms:
            return Said("The video starts without a fade.", "视频开头不再淡入。")
        return Said(
            f"The video fades in from black over {seconds_en(ms)}.", f"视频从黑场淡入（{seconds_zh(ms)}）。"
        )
    if not ms:
        return Said("The video ends without a fade.", "视频结尾不再淡出。")
    return Said(
        f"The video fades out to black over {seconds_en(ms)}.", f"视频结尾淡出到黑场（{seconds_zh(ms)}）。"
    )


@applies("fade_in")
def fade_in(draft: Draft, edit: FadeIn, env: Env) -> Said:
    return _video_fade(draft, "fade_in", edit.seconds)


@applies("fade_out")
def fade_out(draft: Draft, edit: FadeOut, env: Env) -> Said:
    return _video_fade(draft, "fade_out", edit.seconds)
