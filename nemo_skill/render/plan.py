"""From a draft to a render plan: timing resolved, defaults filled, limits checked.

Everything that can make a render fail for a reason the user can fix is checked here,
before any frame buffer is allocated or ffmpeg is started.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from .._exceptions import DraftError, InputError
from ..models.draft import LIBRARY_PREFIX, MAX_SEGMENTS, TRACK_AUDIO, TRACK_TEXT, TRACK_VIDEO, Draft
from . import text as textmod
from .colour import check_filter, even
from .images import PhotoInfo, probe_photo
from .media import AVInfo, MediaRef, MediaResolver, check_exists, probe_av
from .motion import Motion, resolve_motion
from .transitions import resolve_name

MAX_DURATION_MS = 30 * 60 * 1000
MAX_4K_DURATION_MS = 10 * 60 * 1000  # above 1440p the encode runs slower than real time on 2 cores
_FOUR_K_PIXELS = 2560 * 1440
DRAFT_BOX = (640, 360)
DRAFT_FPS = 15
DEFAULT_TEXT_FADE_MS = 400
DEFAULT_MUSIC_FADE_IN_MS = 500
DEFAULT_MUSIC_FADE_OUT_MS = 2000


@dataclass
class Visual:
    """One video-track segment: a photo or a clip, with its place on the timeline."""

    index: int
    src: str
    ref: MediaRef
    start: float  # ms, laid end to end
    end: float
    tr_in: float  # ms of the transition from the previous segment (0 for a cut)
    tr_out: float
    tr_name: str  # the transition into the next segment
    fit: str | None
    filter: str
    motion: Motion
    in_ms: float = 0.0
    mute: bool = False
    vol: float = 1.0
    photo: PhotoInfo | None = None
    clip: AVInfo | None = None

    @property
    def vis_start(self) -> float:
        return self.start - self.tr_in / 2

    @property
    def vis_end(self) -> float:
        return self.end + self.tr_out / 2


@dataclass
class TextItem:
    text: str
    role: str
    pos: str | None
    size: float | None
    colour: tuple[int, int, int]
    start: float
    end: float
    fade: float


@dataclass
class MusicItem:
    src: str
    ref: MediaRef | None  # None for library music, made at render time
    mood: str | None
    start: float
    end: float
    fade_in: float
    fade_out: float
    loop: bool
    vol: float


@dataclass
class Plan:
    width: int
    height: int
    fps: int
    duration_ms: float
    bg: tuple[int, int, int]
    fade_in: float
    fade_out: float
    preview: bool = False  # draft quality: faster, softer decoding
    visuals: list[Visual] = field(default_factory=list)
    texts: list[TextItem] = field(default_factory=list)
    music: list[MusicItem] = field(default_factory=list)

    @property
    def n_frames(self) -> int:
        return _frames(self.duration_ms, self.fps)

    @property
    def end_ms(self) -> float:
        """Where the picture ends: the last frame's end (the sound is cut to it, too)."""
        return self.n_frames * 1000.0 / self.fps


def _frames(duration_ms: float, fps: int) -> int:
    return max(1, round(duration_ms * fps / 1000))


def _canvas(draft: Draft, quality: str) -> tuple[int, int, int]:
    w, h, fps = draft.m.w, draft.m.h, draft.m.fps
    if quality == "draft":
        k = (
            min(DRAFT_BOX[0] / w, DRAFT_BOX[1] / h, 1.0)
            if w >= h
            else min(DRAFT_BOX[1] / w, DRAFT_BOX[0] / h, 1.0)
        )
        w, h, fps = round(w * k), round(h * k), min(fps, DRAFT_FPS)
    return even(w), even(h), fps


def _resolve(media: MediaResolver, src: str) -> MediaRef:
    ref = media.resolve(src)
    check_exists(ref, src)
    return ref


def _visuals(draft: Draft, media: MediaResolver, bg: tuple[int, int, int]) -> list[Visual]:
    segments = [seg for track in draft.tracks(TRACK_VIDEO) for seg in track.sg]
    if len(segments) > MAX_SEGMENTS:
        raise DraftError(f"the draft has {len(segments)} video segments; the limit is {MAX_SEGMENTS}")
    segments.sort(key=lambda s: s.st)
    out: list[Visual] = []
    t = 0.0
    for i, seg in enumerate(segments):
        if not seg.src:
            raise DraftError(f"video segment {i + 1} has no media (src)")
        ref = _resolve(media, seg.src)
        if ref.kind == "audio":
            raise DraftError(f"media {seg.src} is audio; it cannot be shown on the video track")
        m = seg.m
        kb = m.kb
        is_clip = ref.kind == "video"
        # Clips move by themselves: Ken Burns on a clip only when the draft asks for it.
        on = (kb.on if kb is not None else True) and not (is_clip and kb is None)
        motion = resolve_motion(on, kb.dir if kb else "auto", kb.amount if kb else 0.12, i)
        tr = m.tr
        tr_name = resolve_name(tr.name, i) if tr is not None else "none"
        out.append(
            Visual(
                index=i,
                src=seg.src,
                ref=ref,
                start=t,
                end=t + seg.d,
                tr_in=0.0,
                tr_out=float(tr.d) if tr is not None and tr_name != "none" else 0.0,
                tr_name=tr_name,
                fit=m.fit,
                filter=check_filter(m.filter or "none"),
                motion=motion,
                in_ms=float(m.in_ or 0),
                mute=bool(m.mute),
                vol=1.0 if m.vol is None else float(m.vol),
            )
        )
        t += seg.d
    # A transition borrows half its time from each side: never more than either can give.
    for a, b in itertools.pairwise(out):
        a.tr_out = min(a.tr_out, a.end - a.start, b.end - b.start)
        b.tr_in = a.tr_out
    if out:
        out[-1].tr_out = 0.0
    for v in out:
        if v.tr_in / 2 + v.tr_out / 2 > v.end - v.start:
            v.tr_out = max(0.0, 2 * (v.end - v.start) - v.tr_in)
    for a, b in itertools.pairwise(out):
        b.tr_in = a.tr_out
        if a.tr_out <= 0:
            a.tr_name = "none"
    return out


def _role(seg_role: str | None, first: bool, start: float, end: float, total: float) -> str:
    if seg_role:
        if seg_role not in textmod.ROLES:
            raise DraftError(f"unknown text role {seg_role!r}; use one of {', '.join(textmod.ROLES)}")
        return seg_role
    if first and start == 0:
        return "title"
    if total and start > 0 and end >= total:
        return "endcard"
    return "caption"


def _texts(draft: Draft, total_ms: float, w: int, h: int) -> list[TextItem]:
    segments = sorted((seg for track in draft.tracks(TRACK_TEXT) for seg in track.sg), key=lambda s: s.st)
    items = []
    for i, seg in enumerate(segments):
        content = (seg.m.text or "").strip()
        if not content:
            continue
        textmod.check_text(content, i)
        textmod.check_position(seg.m.pos)
        role = _role(seg.m.role, i == 0, seg.st, seg.end, total_ms)
        textmod.check_fits(content, role, seg.m.size, w, h)
        items.append(
            TextItem(
                text=content,
                role=role,
                pos=seg.m.pos,
                size=seg.m.size,
                colour=textmod.parse_colour(seg.m.color),
                start=float(seg.st),
                end=float(seg.end),
                fade=float(DEFAULT_TEXT_FADE_MS if seg.m.fade is None else seg.m.fade),
            )
        )
    return items


def _music(draft: Draft, media: MediaResolver, total_ms: float) -> list[MusicItem]:
    from ..models.draft import MOODS

    items = []
    for track in draft.tracks(TRACK_AUDIO):
        track_vol = 1.0 if track.m.vol is None else float(track.m.vol)
        for seg in track.sg:
            if not seg.src or seg.st >= total_ms:
                continue
            end = min(float(seg.end), total_ms)
            m = seg.m
            ref, mood = None, None
            if seg.src.startswith(LIBRARY_PREFIX):
                mood = seg.src[len(LIBRARY_PREFIX) :] or (m.mood or "")
                if mood not in MOODS:
                    raise DraftError(f"unknown library music {seg.src!r}; moods: {', '.join(MOODS)}")
            else:
                ref = _resolve(media, seg.src)
                info = probe_av(ref.path)
                if not info.has_audio:
                    raise InputError(f"media {seg.src} has no sound to use as music")
            span = end - seg.st
            items.append(
                MusicItem(
                    src=seg.src,
                    ref=ref,
                    mood=mood,
                    start=float(seg.st),
                    end=end,
                    fade_in=min(
                        float(DEFAULT_MUSIC_FADE_IN_MS if m.fade_in is None else m.fade_in), span / 2
                    ),
                    fade_out=min(
                        float(DEFAULT_MUSIC_FADE_OUT_MS if m.fade_out is None else m.fade_out), span / 2
                    ),
                    loop=True if m.loop is None else bool(m.loop),
                    vol=track_vol * (1.0 if m.vol is None else float(m.vol)),
                )
            )
    return items


def _check_limits(w: int, h: int, duration_ms: float) -> None:
    if duration_ms > MAX_DURATION_MS:
        raise DraftError(
            f"the video would be {duration_ms / 60000:.1f} minutes long; the limit is {MAX_DURATION_MS // 60000} minutes",
            hint="shorten segments or split the video into parts",
        )
    if w * h > _FOUR_K_PIXELS and duration_ms > MAX_4K_DURATION_MS:
        raise DraftError(
            f"a {w}x{h} (4K) video may be at most {MAX_4K_DURATION_MS // 60000} minutes long; this one is "
            f"{duration_ms / 60000:.1f} minutes",
            hint="render it at 1080p, or shorten it",
        )


def _timeline_length(draft: Draft) -> float:
    video = sum(seg.d for track in draft.tracks(TRACK_VIDEO) for seg in track.sg)
    texts = max((seg.end for track in draft.tracks(TRACK_TEXT) for seg in track.sg), default=0)
    total = max(video, texts)
    if total == 0:  # music alone: a black video as long as the music
        total = max((seg.end for track in draft.tracks(TRACK_AUDIO) for seg in track.sg), default=0)
    return float(total)


def frame_count(draft: Draft, quality: str = "high") -> tuple[int, int]:
    """(frames, fps) of the video the draft renders to, from the draft alone (no media
    opened): what a render queue splits into chunks before any worker has the files."""
    _, _, fps = _canvas(draft, quality)
    return _frames(_timeline_length(draft), fps), fps


def make_plan(
    draft: Draft, media: MediaResolver, quality: str = "high", *, probe: bool = True, audio: bool = True
) -> Plan:
    """``audio=False`` leaves the music out (the storyboard does not need the files)."""
    if quality not in ("high", "draft"):
        raise DraftError(f"unknown quality {quality!r}; use high or draft")
    if not draft.renderable:
        raise DraftError("the draft is empty: add photos, clips, text or music first")
    total = _timeline_length(draft)
    if total <= 0:
        raise DraftError("the draft has no length: every segment is empty")
    w, h, fps = _canvas(draft, quality)
    # Limits first, on the numbers alone, so a 4-hour 4K draft is refused before anything is opened.
    _check_limits(draft.m.w, draft.m.h, total)
    bg = textmod.parse_colour(draft.m.bg, (0, 0, 0))
    plan = Plan(
        width=w,
        height=h,
        fps=fps,
        duration_ms=total,
        bg=bg,
        fade_in=float(draft.m.fade_in or 0),
        fade_out=float(draft.m.fade_out or 0),
        preview=quality == "draft",
    )
    plan.visuals = _visuals(draft, media, bg)
    plan.texts = _texts(draft, total, w, h)
    plan.music = _music(draft, media, total) if audio else []
    if probe:
        for v in plan.visuals:
            if v.ref.kind == "image":
                v.photo = probe_photo(v.ref.path)
            else:
                v.clip = probe_av(v.ref.path)
                if not v.clip.has_video:
                    raise InputError(
                        f"media {v.src} ({v.ref.path.name}) has no video stream",
                        hint="use it as music instead",
                    )
    if math.isinf(plan.duration_ms):  # pragma: no cover - pydantic bounds make this unreachable
        raise DraftError("the draft has an infinite length")
    return plan
