"""The interpreter's tastes in one place: what a new video starts with, and what a style
word changes.

The builder reads :data:`BUILD`; the ``set_style`` edit reads :data:`STYLES`. Rules that
refine the defaults (per-mood pacing, beat-synced cuts, end-card holds) plug in here, so
a new taste is a table row, not a new code path.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BuildDefaults:
    soft_transition_ms: int = 700
    scene_transition_ms: int = 1000
    # A scene change deserves a transition people notice; inside a scene the soft one.
    between_scenes: dict[str, str] = field(
        default_factory=lambda: {"fade": "fadeblack", "dissolve": "fadeblack", "fadeblack": "fadewhite"}
    )
    motion_amount: dict[str, float] = field(
        default_factory=lambda: {"off": 0.0, "gentle": 0.08, "normal": 0.12, "strong": 0.2}
    )
    min_photo_ms: int = 1000
    max_photo_ms: int = 10000
    min_clip_ms: int = 2000
    clip_share: float = 0.4
    """Of the length, what clips may take when there are photos too."""
    end_card_ms: int = 3000
    title_ms: int = 3000
    title_card_ms: int = 4000
    text_fade_ms: int = 500
    music_volume: float = 0.35
    music_fade_out_ms: int = 2000
    video_fade_ms: int = 1000
    """A fade in from / out to black when the words give no length."""
    transition_ms: int = 600
    """A transition's length when an edit adds one where there was none."""


BUILD = BuildDefaults()


@dataclass(frozen=True)
class Look:
    """What one style word changes; None leaves that part as it is."""

    en: str
    zh: str
    filter: str | None = None
    transition: str | None = None
    transition_ms: int | None = None
    motion: float | None = None
    """Times the current Ken Burns amount."""
    pace: float | None = None
    """Times the photos' durations (edits only: a new video keeps the skill's length)."""
    music: str | None = None
    """Library mood; never replaces a song the user uploaded unless they ask about the music."""
    music_only: bool = False
    """A mood word: it changes the music alone when it can, the look only when it cannot."""


STYLES: dict[str, Look] = {
    "cinematic": Look("cinematic", "电影感", transition="fade", transition_ms=1000, motion=0.75, music="cinematic"),
    "oldfilm": Look("old-film", "老电影", filter="vintage", transition="fade", transition_ms=800,
                    motion=0.75),
    "dreamy": Look("dreamy", "梦幻", filter="warm", transition="fade", transition_ms=1500, motion=0.6, pace=1.25,
                   music="calm"),
    "energetic": Look("energetic", "动感", filter="vivid", transition_ms=300, motion=1.5, pace=0.75, music="upbeat"),
    "romantic": Look("romantic", "浪漫", filter="warm", transition="fade", transition_ms=1000, motion=0.8,
                     music="romantic", music_only=True),
    "calm": Look("calm", "舒缓", transition="fade", transition_ms=1000, motion=0.75, pace=1.15, music="calm",
                 music_only=True),
    "upbeat": Look("upbeat", "欢快", filter="vivid", transition_ms=400, pace=0.85, music="upbeat", music_only=True),
    "sad": Look("melancholic", "伤感", filter="cool", transition="fade", transition_ms=1000, pace=1.15, music="sad",
                music_only=True),
}  # fmt: skip

# Library music moods and how a Chinese reply names them (the renderer synthesises each).
MUSIC_MOODS: dict[str, str] = {
    "romantic": "浪漫", "cinematic": "电影感", "upbeat": "欢快", "lofi": "低保真", "calm": "舒缓", "sad": "伤感",
    "piano": "钢琴", "jazz": "爵士", "acoustic": "原声吉他", "electronic": "电子",
}  # fmt: skip

# The renderer's text presets (docs/draft-format.md): height as a fraction of the canvas's
# shorter side, and where each role sits. Needed to make a title "bigger" than it is.
TEXT_PRESET_SIZE = {"title": 0.085, "subtitle": 0.05, "caption": 0.045, "endcard": 0.075}
TEXT_PRESET_POS = {"title": "center", "subtitle": "lower-third", "caption": "bottom", "endcard": "center"}
TEXT_SIZE_STEP = 1.3
