"""Build a whole draft from the session's media and the skill's recipe.

Photos go in capture order (upload order when a photo has no capture time), clips keep
their upload position, scenes come from the photos' colour and brightness signatures.
The skill's mood picks a taste (defaults.TASTES, laid on by styling.py): each photo's
time, the transition inside a scene and the one where it changes, the camera, the fades
from and to black with the music; an end card held long enough to read (cards.py) in the
user's language. The video track follows the music's beat (``m.beats``): the batch moves
the cuts onto it once the words have been applied (rhythm.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import (
    LIBRARY_PREFIX,
    TRACK_TEXT,
    TRACK_VIDEO,
    Canvas,
    Draft,
    MediaInfo,
    Segment,
    SegmentMeta,
    Track,
    TrackMeta,
)
from ..models.draft import ASPECTS, RESOLUTIONS, TRANSITIONS
from . import cards, styling
from .api import SkillRecipe
from .defaults import BUILD, TASTES, Taste, taste_name
from .ops.music import music_track
from .scenes import group_boundaries
from .timeline import canvas_size, fit_for, retime


@dataclass(frozen=True)
class Built:
    draft: Draft
    photos: int
    clips: int
    scenes: int
    music: str


def order_visuals(media: list[MediaInfo]) -> list[MediaInfo]:
    """Photos by capture time, clips at their upload position among the visuals."""
    visuals = [info for info in media if info.file_type in ("image", "video")]
    photos = [info for info in visuals if info.file_type == "image"]
    rank = {id(info): index for index, info in enumerate(photos)}
    photos.sort(key=lambda info: (info.taken_at is None, info.taken_at or "", rank[id(info)]))
    ordered: list[MediaInfo] = []
    queue = iter(photos)
    for info in visuals:
        ordered.append(info if info.file_type == "video" else next(queue))
    return ordered


def scene_ids(items: list[MediaInfo]) -> list[int]:
    """Scene number per item; a clip is a scene of its own (still to footage is a change)."""
    starts = set(group_boundaries([info.signature if info.file_type == "image" else None for info in items]))
    ids: list[int] = []
    scene = 0
    for index, info in enumerate(items):
        if index and (index in starts or info.file_type == "video" or items[index - 1].file_type == "video"):
            scene += 1
        ids.append(scene)
    return ids


def _segments(
    items: list[MediaInfo], scenes: list[int], recipe: SkillRecipe, taste: Taste, w: int, h: int
) -> list[Segment]:
    """One segment per item, in order, its scene marked: clips trimmed around their
    middle, photos at the taste's pace (transitions and motion come next)."""
    clips = [info for info in items if info.file_type == "video"]
    photos = len(items) - len(clips)
    takes = dict(zip(map(id, clips), styling.clip_takes(clips, photos, recipe, taste), strict=True))
    each = styling.photo_ms(photos, sum(takes.values()), recipe, taste)
    segments: list[Segment] = []
    for info, scene in zip(items, scenes, strict=True):
        meta = SegmentMeta(fit=fit_for(info, w, h), filter="none", scene=scene)
        if info.file_type == "video":
            take = takes[id(info)]
            meta.in_ = (max(take, int(info.duration * 1000)) - take) // 2
            segments.append(Segment(src=info.media_id, d=take, m=meta))
        else:
            segments.append(Segment(src=info.media_id, d=each, m=meta))
    return segments


def build_draft(media: list[MediaInfo], recipe: SkillRecipe, zh: bool = False) -> Built:
    """A first video: the skill's shape and taste (defaults.TASTES), music, fades from
    and to black, a title card's time and an end card held long enough to read, cuts on
    the music's beat (the batch snaps them once the words have been applied)."""
    items = order_visuals(media)
    aspect = recipe.aspect if recipe.aspect in ASPECTS else "16:9"
    w, h = canvas_size(aspect, RESOLUTIONS.get(recipe.resolution.lower(), 1080))
    name = taste_name(recipe.mood)
    taste = TASTES[name]
    scenes = scene_ids(items)
    segments = _segments(items, scenes, recipe, taste, w, h)
    inside = recipe.transition if recipe.transition in TRANSITIONS else None
    styling.cut_transitions(segments, taste, inside=inside)
    amount = BUILD.motion_amount.get(recipe.motion, BUILD.motion_amount["normal"])
    styling.camera([seg for seg, info in zip(segments, items, strict=True) if info.file_type == "image"],
                   taste, amount)  # fmt: skip
    video = Track(tt=TRACK_VIDEO, m=TrackMeta(name="Photos", style=name), sg=segments)
    draft = Draft(d=sum(seg.d for seg in segments), m=Canvas(w=w, h=h, fps=recipe.fps), t=[video])
    audio = next((info for info in media if info.file_type == "audio"), None)
    if audio is not None:
        draft.t.append(music_track(audio.media_id, None, draft.d))
        music = "your uploaded track"
    else:
        draft.t.append(music_track(f"{LIBRARY_PREFIX}{recipe.mood}", recipe.mood, draft.d))
        music = recipe.mood
    video.m.beats = True
    styling.endings(draft, taste)
    if recipe.end_card and segments:
        text = cards.end_card_text(recipe.end_card, zh)
        length = cards.end_card_ms(text, taste.fade_out_ms)
        card = Segment(st=0, d=length, m=SegmentMeta(text=text, role="endcard", fade=BUILD.text_fade_ms))
        draft.t.append(Track(tt=TRACK_TEXT, m=TrackMeta(name="Text"), sg=[card]))
    retime(draft)
    photos = sum(info.file_type == "image" for info in items)
    return Built(draft, photos, len(items) - photos, len(set(scenes)), music)
