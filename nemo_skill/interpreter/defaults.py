"""The interpreter's tastes in one place: what a new video starts with, and what a style
word changes.

:data:`TASTES` is the table an editor would keep: per mood, how long a photo stays, the
transition inside a scene and the one where the scene changes, how the camera moves, and
how the video fades in and out. The builder reads the row of the skill's mood (or of the
style the first message names); the ``set_style`` edit reads :data:`STYLES`, whose rows
point at a taste. :data:`BUILD` holds what does not depend on the mood. docs/draft-format.md
("Taste in the defaults") prints the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models.draft import MOODS, MOTION_AMOUNTS


@dataclass(frozen=True)
class Taste:
    """How one mood is cut: an editor's defaults, never a user's wish (those win)."""

    photo_ms: tuple[int, int, int]
    """A photo's time on screen: (shortest, preferred, longest) when the user names no length."""
    transition: str
    """Between photos of one scene ("none" is a straight cut)."""
    transition_ms: int
    scene_transition: str
    """Where the scene changes (the builder's grouping by light and colour): noticed, not loud."""
    scene_transition_ms: int
    directions: tuple[str, ...]
    """Ken Burns directions, cycled photo by photo."""
    motion: str
    """How much the camera moves: gentle | normal | strong (BUILD.motion_amount)."""
    fade_in_ms: int
    """From black at the start, picture and sound."""
    fade_out_ms: int
    """To black at the end: the picture and the music go down together."""


_GENTLE = ("in", "out")
_EVERY_WAY = ("in", "out", "left", "right", "up", "down")
TASTES: dict[str, Taste] = {
    # Weddings and love stories: long crossfades, a slow breathing zoom, time to look at
    # faces, a slow dip to black between scenes (a white flash between the day's light and
    # the evening's glares; white is for "dreamy").
    "romantic": Taste((3500, 4200, 5000), "fade", 1000, "fadeblack", 1500, _GENTLE, "gentle", 1000, 2500),
    # Slow push-ins (every third photo a slow pull-back, so it never feels mechanical),
    # crossfades, a dip to black where the scene changes.
    "cinematic": Taste((3000, 4000, 5000), "fade", 900, "fadeblack", 1200, ("in", "in", "out"), "gentle", 1200,
                       3000),
    # Social: quick slides on the beat, a punch-in where the scene changes.
    "upbeat": Taste((1500, 2000, 2500), "slideleft", 350, "zoomin", 400, _EVERY_WAY, "normal", 300, 1500),
    "energetic": Taste((1500, 1800, 2500), "none", 0, "slideleft", 300, _EVERY_WAY, "strong", 200, 1200),
    "calm": Taste((3500, 4500, 5500), "fade", 1200, "fadeblack", 1500, _EVERY_WAY[:4], "gentle", 1200, 3000),
    "dreamy": Taste((3500, 4500, 6000), "fade", 1500, "fadewhite", 1500, _GENTLE, "gentle", 1500, 3000),
    "sad": Taste((3500, 4500, 6000), "fade", 1200, "fadeblack", 1500, ("out", "in"), "gentle", 1500, 3000),
    "oldfilm": Taste((3000, 3500, 4500), "fade", 800, "fadeblack", 1000, ("in", "left", "right"), "gentle",
                     1000, 2500),
    "lofi": Taste((2500, 3000, 3500), "fade", 600, "fadeblack", 900, _EVERY_WAY, "gentle", 800, 2000),
}  # fmt: skip
# Library moods without a row of their own are cut like the nearest one.
TASTE_OF_MOOD = {"piano": "calm", "acoustic": "calm", "jazz": "upbeat", "electronic": "energetic"}
DEFAULT_TASTE = "cinematic"


def taste_name(mood: str | None) -> str:
    """The row of ``TASTES`` a mood (or style) is cut by."""
    name = TASTE_OF_MOOD.get(mood or "", mood or "")
    return name if name in TASTES else DEFAULT_TASTE


@dataclass(frozen=True)
class BuildDefaults:
    motion_amount: dict[str, float] = field(
        default_factory=lambda: {"off": 0.0, "gentle": 0.08, "normal": 0.12, "strong": 0.2}
    )
    """The zoom of each of the vocabulary's motion amounts (``models.draft.MOTION_AMOUNTS``)."""
    min_clip_ms: int = 2000
    clip_share: float = 0.4
    """Of the skill's length, what clips may take when there are photos too..."""
    clip_paces: float = 2.5
    """...and at most this many photos' time each (a venue clip is a moment, not the film)."""
    title_ms: int = 3000
    title_card_ms: int = 4000
    text_fade_ms: int = 500
    music_volume: float = 0.35
    music_fade_out_ms: int = 2000
    video_fade_ms: int = 1000
    """A fade in from / out to black when the words give no length."""
    transition_ms: int = 600
    """A transition's length when an edit adds one where there was none."""
    # A total length the user fixes is honoured; outside these a photo is a flash or a
    # wait, and the reply says so and proposes a length at the style's own pace.
    quick_photo_ms: int = 1200
    slow_photo_ms: int = 8000


BUILD = BuildDefaults()


@dataclass(frozen=True)
class Look:
    """What one style word changes besides its taste (TASTES, the row of the same name:
    transitions, and while a video is made its pace, camera and fades); None leaves that
    part as it is."""

    en: str
    zh: str
    filter: str | None = None
    motion: float | None = None
    """Editing: times the current Ken Burns amount."""
    pace: float | None = None
    """Editing: times the photos' durations (a new video takes the taste's pace instead)."""
    music: str | None = None
    """Library mood; never replaces a song the user uploaded unless they ask about the music."""
    music_only: bool = False
    """A mood word: editing, it changes the music alone when it can, the look only when it
    cannot; while a video is made, its taste too."""


STYLES: dict[str, Look] = {
    "cinematic": Look("cinematic", "电影感", motion=0.75, music="cinematic"),
    "oldfilm": Look("old-film", "老电影", filter="vintage", motion=0.75),
    "dreamy": Look("dreamy", "梦幻", filter="warm", motion=0.6, pace=1.25, music="calm"),
    "energetic": Look("energetic", "动感", filter="vivid", motion=1.5, pace=0.75, music="upbeat"),
    "romantic": Look("romantic", "浪漫", filter="warm", motion=0.8, music="romantic", music_only=True),
    "calm": Look("calm", "舒缓", motion=0.75, pace=1.15, music="calm", music_only=True),
    "upbeat": Look("upbeat", "欢快", filter="vivid", pace=0.85, music="upbeat", music_only=True),
    "sad": Look("melancholic", "伤感", filter="cool", pace=1.15, music="sad", music_only=True),
}  # fmt: skip

# How a Chinese reply names each library mood (``models.draft.MOODS``), in the order a
# reply lists them.
MUSIC_MOODS: dict[str, str] = {
    "romantic": "浪漫", "cinematic": "电影感", "upbeat": "欢快", "lofi": "低保真", "calm": "舒缓", "sad": "伤感",
    "piano": "钢琴", "jazz": "爵士", "acoustic": "原声吉他", "electronic": "电子",
}  # fmt: skip

# The renderer's text presets (docs/draft-format.md): height as a fraction of the canvas's
# shorter side. Needed to make a title "bigger" than it is. (Where text sits is the
# renderer's choice unless the user names a place.)
TEXT_PRESET_SIZE = {"title": 0.085, "subtitle": 0.05, "caption": 0.045, "endcard": 0.075}
TEXT_SIZE_STEP = 1.3

assert set(BUILD.motion_amount) == set(MOTION_AMOUNTS) and set(MUSIC_MOODS) == set(MOODS)
