"""A taste (defaults.TASTES) laid onto a draft: how long each photo stays, which
transition each cut gets (one inside a scene, another where the scene changes), how
the camera moves, and how the video fades in from and out to black with its music.

The builder lays the skill's taste onto a new video; a style word in the first message
("a romantic video") lays its own over it (ops/look.py), through the same functions,
before any length the user said is applied.
"""

from __future__ import annotations

import itertools

from ..models import Draft, KenBurns, MediaInfo, Segment, Transition
from .api import SkillRecipe
from .defaults import BUILD, Taste
from .timeline import audio_tracks, video_track


def clip_takes(clips: list[MediaInfo], photos: int, recipe: SkillRecipe, taste: Taste) -> list[int]:
    """How much of each clip plays (ms): its share of the skill's length, bounded by a
    few photos' time and by the clip itself."""
    if not clips:
        return []
    target = recipe.length_s * 1000
    budget = target * BUILD.clip_share / len(clips) if photos else target / len(clips)
    ceiling = BUILD.clip_paces * taste.photo_ms[1] if photos else budget
    takes: list[int] = []
    for info in clips:
        length = int(info.duration * 1000) if info.duration > 0 else BUILD.min_clip_ms
        takes.append(int(min(length, max(BUILD.min_clip_ms, min(budget, ceiling)))))
    return takes


def photo_ms(photos: int, clip_ms: int, recipe: SkillRecipe, taste: Taste) -> int:
    """Each photo's time when the user named no length: what the skill's length leaves
    them, kept inside the taste's range (so 5 wedding photos are not 12 s each, nor 20
    photos 1.5 s). The length of the video follows from it."""
    if photos <= 0:
        return 0
    shortest, _, longest = taste.photo_ms
    share = (recipe.length_s * 1000 - clip_ms) / photos
    return round(max(shortest, min(longest, share)) / 10.0) * 10


def pace(draft: Draft, taste: Taste, recipe: SkillRecipe, kinds: dict[str, str]) -> None:
    """Every photo at the taste's pace (clips keep their cut)."""
    track = video_track(draft)
    if track is None:
        return
    clips = [seg for seg in track.sg if kinds.get(seg.src or "") == "video"]
    photos = [seg for seg in track.sg if kinds.get(seg.src or "") != "video"]
    each = photo_ms(len(photos), sum(seg.d for seg in clips), recipe, taste)
    for seg in photos:
        seg.d = each


def cut_transitions(segments: list[Segment], taste: Taste, inside: str | None = None) -> None:
    """A transition at every cut: the taste's own inside a scene (or ``inside``, a skill's
    choice), the scene transition where ``m.scene`` changes."""
    soft = inside or taste.transition
    between = taste.scene_transition if taste.scene_transition != soft else "fadeblack"
    for seg, following in itertools.pairwise(segments):
        change = (
            seg.m.scene is not None and following.m.scene is not None and seg.m.scene != following.m.scene
        )
        if change:
            seg.m.tr = Transition(name=between, d=taste.scene_transition_ms)
        else:
            seg.m.tr = Transition(name=soft, d=taste.transition_ms if soft != "none" else 0)
    if segments:
        segments[-1].m.tr = None


def camera(segments: list[Segment], taste: Taste, amount: float) -> None:
    """Ken Burns on each photo segment given: the taste's directions in turn."""
    for number, seg in enumerate(segments):
        seg.m.kb = KenBurns(on=amount > 0, dir=taste.directions[number % len(taste.directions)],
                            amount=amount or BUILD.motion_amount["gentle"])  # fmt: skip


def endings(draft: Draft, taste: Taste) -> None:
    """Fade in from black (short), and out to black with the music: both end on the last frame."""
    draft.m.fade_in = taste.fade_in_ms
    draft.m.fade_out = taste.fade_out_ms
    for track in audio_tracks(draft):
        for seg in track.sg:
            seg.m.fade_out = taste.fade_out_ms
