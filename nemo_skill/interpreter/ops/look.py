"""Look: colour filters (every item or the ones named) and styles (a filter, transitions,
motion, pace and music together, from defaults.STYLES)."""

from __future__ import annotations

from ...models import LIBRARY_PREFIX, Draft, KenBurns, Segment
from .. import styling
from ..defaults import BUILD, STYLES, TASTES, Look, Taste, taste_name
from ..edits import SetFilter, SetStyle
from ..timeline import retime, video_track
from .base import CannotDo, Env, Said, applies
from .music import background, mood_zh, plays_upload, set_source
from .targets import describe, pick

NAMES_EN = {"none": "original colours", "bw": "black and white", "vintage": "a vintage look", "warm": "warm tones",
            "cool": "cool tones", "vivid": "vivid colours"}  # fmt: skip
NAMES_ZH = {
    "none": "原色",
    "bw": "黑白",
    "vintage": "复古",
    "warm": "暖色调",
    "cool": "冷色调",
    "vivid": "鲜艳色彩",
}
MOTION_LIMITS = (0.02, 0.6)


@applies("set_filter")
def set_filter(draft: Draft, edit: SetFilter, env: Env) -> Said:
    track = video_track(draft)
    if track is None or not track.sg:
        raise CannotDo("There are no photos to colour yet.", "还没有可以调色的照片。")
    if edit.photo is not None:
        indexes = pick(draft, edit.photo, edit.among, env)
        where_en, where_zh = describe(draft, indexes, env)
    else:
        indexes = list(range(len(track.sg)))
        where_en, where_zh = "every photo and clip", "所有照片和视频"
    for index in indexes:
        track.sg[index].m.filter = edit.name
    return Said(f"I set {where_en} to {NAMES_EN[edit.name]}.", f"已将{where_zh}设为{NAMES_ZH[edit.name]}。")


def _music_follows(draft: Draft, edit: SetStyle, env: Env) -> bool:
    """Library music follows the style; the user's own song only when they asked."""
    if edit.music is False or env.music_spoken or background(draft) is None:
        return False
    return edit.music or not plays_upload(draft, env)


@applies("set_style")
def set_style(draft: Draft, edit: SetStyle, env: Env) -> Said:
    look = STYLES[edit.name]
    track = video_track(draft)
    if track is None or not track.sg:
        raise CannotDo("There are no photos to style yet.", "还没有可以调整风格的照片。")
    music = look.music is not None and _music_follows(draft, edit, env)
    said_en: list[str] = []
    said_zh: list[str] = []
    if music and look.music is not None:
        set_source(draft, f"{LIBRARY_PREFIX}{look.music}", look.music)
        said_en.append(f"{look.music} music")
        said_zh.append(f"{mood_zh(look.music)}音乐")
        if look.music_only and not env.generating:
            return Said(
                f"The background music is {look.music}.", f"背景音乐换成了{mood_zh(look.music)}风格。"
            )
    if look.filter is not None and not (env.generating and look.music_only):
        # A mood word ("a romantic video") sets the feel, not a colour grade on the photos.
        for seg in track.sg:
            seg.m.filter = look.filter
        said_en.append(NAMES_EN[look.filter])
        said_zh.append(NAMES_ZH[look.filter])
    name = taste_name(edit.name)
    taste = TASTES[name]
    track.m.style = name
    if len(track.sg) > 1:
        styling.cut_transitions(track.sg, taste)
        en, zh = _transitions_phrase(taste)
        said_en.append(en)
        said_zh.append(zh)
    photos = [seg for seg in track.sg if env.kind_of(seg.src) == "image"]
    if env.generating:
        _made_with(draft, taste, env, photos, said_en, said_zh)
    else:
        _edited_with(look, env, photos, said_en, said_zh)
    retime(draft)
    kept = look.music is not None and not music and plays_upload(draft, env) and not env.music_spoken
    tail_en = " Your own song keeps playing." if kept else ""
    tail_zh = "你上传的音乐保持不变。" if kept else ""
    a = "an" if look.en[:1] in "aeiou" else "a"
    if not said_en:
        return Said(
            f"The video already has {a} {look.en} look.{tail_en}",
            f"视频已经是{look.zh}风格了。{tail_zh}",
            noop=True,
        )
    listed = said_en[0] if len(said_en) == 1 else ", ".join(said_en[:-1]) + " and " + said_en[-1]
    return Said(
        f"For {a} {look.en} look it has {listed}.{tail_en}",
        f"已调成{look.zh}风格：{'、'.join(said_zh)}。{tail_zh}",
    )


def _transitions_phrase(taste: Taste) -> tuple[str, str]:
    if taste.transition == "none":
        return "straight cuts", "干脆的硬切"
    if taste.transition_ms < 600:
        return "quicker transitions", "更快的转场"
    return "soft, slow transitions", "柔和舒缓的转场"


def _made_with(
    draft: Draft, taste: Taste, env: Env, photos: list[Segment], en: list[str], zh: list[str]
) -> None:
    """A style named while the video is made: its pace, camera and fades (a length or a
    motion the user also said comes after, and wins)."""
    styling.pace(draft, taste, env.recipe, {seg.src or "": env.kind_of(seg.src) for seg in draft.t[0].sg})
    if photos and not env.motion_spoken:
        styling.camera(photos, taste, BUILD.motion_amount[taste.motion])
        calm = taste.motion == "gentle"
        en.append("slow, gentle camera moves" if calm else "livelier camera moves")
        zh.append("缓慢轻柔的镜头运动" if calm else "更有活力的镜头运动")
    styling.endings(draft, taste)


def _edited_with(look: Look, env: Env, photos: list[Segment], en: list[str], zh: list[str]) -> None:
    """A style said of a video that exists: more or less motion, a faster or slower pace."""
    if look.motion is not None and photos and not env.motion_spoken:
        low, high = MOTION_LIMITS
        for seg in photos:
            kb = seg.m.kb or KenBurns(amount=BUILD.motion_amount["normal"])
            kb.on = True
            kb.amount = round(min(high, max(low, kb.amount * look.motion)), 3)
            seg.m.kb = kb
        en.append("calmer camera moves" if look.motion < 1 else "livelier camera moves")
        zh.append("更舒缓的镜头运动" if look.motion < 1 else "更有活力的镜头运动")
    if look.pace is not None and photos:
        for seg in photos:
            seg.d = max(300, round(seg.d * look.pace / 10.0) * 10)
        en.append("a slower pace" if look.pace > 1 else "a faster pace")
        zh.append("更慢的节奏" if look.pace > 1 else "更快的节奏")
