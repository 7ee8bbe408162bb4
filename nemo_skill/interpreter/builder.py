"""Build a whole draft from the session's media and the skill's recipe.

Photos go in capture order (upload order when a photo has no capture time),
clips keep their upload position, scenes come from the photos' colour and
brightness signatures, and every choice the recipe does not make is varied on
purpose (Ken Burns direction) or fitted (per-photo duration).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import (
    LIBRARY_PREFIX,
    TRACK_TEXT,
    TRACK_VIDEO,
    Canvas,
    Draft,
    KenBurns,
    MediaInfo,
    Segment,
    SegmentMeta,
    Track,
    TrackMeta,
    Transition,
)
from ..models.draft import TRANSITIONS
from .api import SkillRecipe
from .defaults import BUILD
from .ops.music import music_track
from .scenes import group_boundaries
from .timeline import ASPECTS, KB_CYCLE, RESOLUTIONS, canvas_size, fit_for, retime

MOTION_AMOUNT = BUILD.motion_amount


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


def _durations(items: list[MediaInfo], target_ms: int) -> list[tuple[int, int]]:
    """(trim-in, duration) per item: clips trimmed around their middle, photos fill the rest."""
    clips = [info for info in items if info.file_type == "video"]
    photos = len(items) - len(clips)
    clip_budget = (
        target_ms * BUILD.clip_share / len(clips) if clips and photos else target_ms / max(1, len(clips))
    )
    plan: dict[int, tuple[int, int]] = {}
    used = 0
    for info in clips:
        length = int(info.duration * 1000) if info.duration > 0 else BUILD.min_clip_ms
        take = int(min(length, max(BUILD.min_clip_ms, clip_budget)))
        take = min(take, length)
        plan[id(info)] = ((length - take) // 2, take)
        used += take
    per_photo = 0
    if photos:
        per_photo = (
            round(max(BUILD.min_photo_ms, min(BUILD.max_photo_ms, (target_ms - used) / photos)) / 10.0) * 10
        )
    return [plan[id(info)] if info.file_type == "video" else (0, per_photo) for info in items]


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


def build_draft(media: list[MediaInfo], recipe: SkillRecipe) -> Built:
    items = order_visuals(media)
    aspect = recipe.aspect if recipe.aspect in ASPECTS else "16:9"
    w, h = canvas_size(aspect, RESOLUTIONS.get(recipe.resolution.lower(), 1080))
    canvas = Canvas(w=w, h=h, fps=recipe.fps)
    soft = recipe.transition if recipe.transition in TRANSITIONS else "fade"
    between = str(recipe.extra.get("scene_transition") or BUILD.between_scenes.get(soft, "fadeblack"))
    amount = MOTION_AMOUNT.get(recipe.motion, MOTION_AMOUNT["normal"])
    scenes = scene_ids(items)
    segments: list[Segment] = []
    cursor = 0
    photo_number = 0
    for index, (info, (trim_in, length)) in enumerate(
        zip(items, _durations(items, recipe.length_s * 1000), strict=False)
    ):
        meta = SegmentMeta(fit=fit_for(info, w, h), filter="none")  # type: ignore[arg-type]
        if info.file_type == "image":
            meta.kb = KenBurns(
                on=amount > 0, dir=KB_CYCLE[photo_number % len(KB_CYCLE)], amount=amount or 0.08
            )
            photo_number += 1
        else:
            meta.in_ = trim_in
        if index + 1 < len(items):
            change = scenes[index + 1] != scenes[index]
            meta.tr = Transition(
                name=between if change else soft,
                d=BUILD.scene_transition_ms if change else BUILD.soft_transition_ms,
            )
        segments.append(Segment(src=info.media_id, st=cursor, d=length, m=meta))
        cursor += length
    draft = Draft(d=cursor, m=canvas, t=[Track(tt=TRACK_VIDEO, m=TrackMeta(name="Photos"), sg=segments)])
    audio = next((info for info in media if info.file_type == "audio"), None)
    if audio is not None:
        draft.t.append(music_track(audio.media_id, None, cursor))
        music = "your uploaded track"
    else:
        draft.t.append(music_track(f"{LIBRARY_PREFIX}{recipe.mood}", recipe.mood, cursor))
        music = recipe.mood
    if recipe.end_card and cursor > 0:
        length = min(BUILD.end_card_ms, cursor)
        card = Segment(
            st=cursor - length,
            d=length,
            m=SegmentMeta(text=recipe.end_card, role="endcard", pos="center", fade=500),
        )
        draft.t.append(Track(tt=TRACK_TEXT, m=TrackMeta(name="Text"), sg=[card]))
    retime(draft)
    return Built(draft, photo_number, len(items) - photo_number, len(set(scenes)) if items else 0, music)
