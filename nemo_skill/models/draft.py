"""The draft (timeline): one declarative spec, rendered by one function.

Short keys follow the protocol (``t`` tracks, ``tt`` track type, ``sg`` segments,
``st`` start ms, ``d`` duration ms, ``m`` metadata). Every model keeps unknown
fields (``extra="allow"``) because the protocol says an edit must never drop
what it does not understand. The full format is documented in docs/draft-format.md.

Timing rule for the video track: segments are laid end to end (``st`` of one is
``st + d`` of the one before). A transition ``m.tr`` of ``d`` ms on segment *i*
is centred on its end: it runs from ``end_i - d/2`` to ``end_i + d/2`` while
both photos are on screen, so the total length is the sum of the durations.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

TRACK_VIDEO = 0
TRACK_AUDIO = 1
TRACK_TEXT = 7

# --- the words a draft, an edit and a skill's defaults may use -----------------------------
# One vocabulary for the interpreter, the renderer, typed edits, skills validate and the
# MCP tool list_options; what a word does (sizes, tastes, sounds) stays with its user.

FitMode = Literal["cover", "contain", "blur"]
FILTERS = ("none", "bw", "warm", "cool", "vintage", "vivid")
TRANSITIONS = (
    "none",
    "fade",
    "fadeblack",
    "fadewhite",
    "dissolve",
    "pixeldissolve",
    "wipeleft",
    "wiperight",
    "wipeup",
    "wipedown",
    "slideleft",
    "slideright",
    "slideup",
    "slidedown",
    "circleopen",
    "circleclose",
    "radial",
    "zoomin",
    "smoothleft",
    "smoothright",
    "auto",
)
MOTION_DIRECTIONS = ("auto", "in", "out", "left", "right", "up", "down")
MOTION_AMOUNTS = ("off", "gentle", "normal", "strong")
"""How far photos move (the interpreter's tastes give each its zoom)."""
Aspect = Literal["16:9", "9:16", "1:1", "4:5", "5:4", "4:3", "3:4", "21:9"]
ASPECTS: dict[str, tuple[int, int]] = {
    "16:9": (16, 9),
    "9:16": (9, 16),
    "1:1": (1, 1),
    "4:5": (4, 5),
    "5:4": (5, 4),
    "4:3": (4, 3),
    "3:4": (3, 4),
    "21:9": (21, 9),
}
Resolution = Literal["480p", "720p", "1080p", "1440p", "2160p"]
RESOLUTIONS: dict[str, int] = {
    "480p": 480, "720p": 720, "1080p": 1080, "1440p": 1440, "2k": 1440, "4k": 2160, "2160p": 2160,
}  # fmt: skip
"""Names of a canvas's shorter side, aliases (2k, 4k) included; a typed edit takes the plain ones."""
MOODS = ("romantic", "cinematic", "upbeat", "calm", "lofi", "sad", "piano", "jazz", "acoustic", "electronic")
"""The built-in music library (``library:<mood>``): the renderer composes each."""
assert set(get_args(Aspect)) == set(ASPECTS) and set(get_args(Resolution)) <= set(RESOLUTIONS)
MAX_SEGMENTS = 2000
"""The most photos and clips a video renders (the renderer refuses more)."""
TEXT_ROLES = ("title", "subtitle", "caption", "endcard")
TEXT_POSITIONS = ("center", "top", "bottom", "lower-third", "upper-third")
LIBRARY_PREFIX = "library:"


class _Open(BaseModel):
    """Keeps fields it does not know, and writes only what was set (short drafts)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Transition(_Open):
    name: str = "fade"
    d: int = Field(default=500, ge=0, le=5000, description="duration in ms, centred on the cut")


class KenBurns(_Open):
    on: bool = True
    dir: str = "auto"
    amount: float = Field(
        default=0.12, ge=0.0, le=0.6, description="zoom or travel as a fraction of the frame"
    )


class SegmentMeta(_Open):
    # video track
    tr: Transition | None = None
    fit: FitMode | None = None
    filter: str | None = None
    kb: KenBurns | None = None
    in_: int | None = Field(default=None, alias="in", ge=0, description="clip trim-in, ms")
    mute: bool | None = None
    vol: float | None = Field(default=None, ge=0.0, le=2.0)
    scene: int | None = Field(default=None, ge=0, description="the builder's scene group (informational)")
    # audio track
    fade_in: int | None = Field(default=None, ge=0)
    fade_out: int | None = Field(default=None, ge=0)
    loop: bool | None = None
    mood: str | None = None
    # text track
    text: str | None = None
    role: str | None = None
    pos: str | None = None
    fade: int | None = Field(default=None, ge=0)
    color: str | None = None
    size: float | None = Field(
        default=None, gt=0, le=0.5, description="text height as a fraction of the canvas height"
    )


class Segment(_Open):
    src: str | None = None
    st: int = Field(default=0, ge=0)
    d: int = Field(ge=1)
    m: SegmentMeta = Field(default_factory=SegmentMeta)

    @property
    def end(self) -> int:
        return self.st + self.d


class TrackMeta(_Open):
    name: str | None = None
    vol: float | None = Field(default=None, ge=0.0, le=2.0)
    # video track: the interpreter's, kept across edits (the renderer ignores them)
    beats: bool | None = Field(default=None, description="cuts land on the music's beats")
    style: str | None = Field(default=None, description="the look the pace and transitions follow")


class Track(_Open):
    tt: int
    m: TrackMeta = Field(default_factory=TrackMeta)
    sg: list[Segment] = Field(default_factory=list)

    @field_validator("tt")
    @classmethod
    def _known_type(cls, v: int) -> int:
        if v not in (TRACK_VIDEO, TRACK_AUDIO, TRACK_TEXT):
            raise ValueError(f"track type tt={v} is not one of 0 (video), 1 (audio), 7 (text)")
        return v


class Canvas(_Open):
    w: int = Field(default=1920, ge=16, le=7680)
    h: int = Field(default=1080, ge=16, le=7680)
    fps: int = Field(default=30, ge=1, le=120)
    bg: str = "#000000"
    fade_in: int | None = Field(default=None, ge=0, description="whole video from black, ms")
    fade_out: int | None = Field(default=None, ge=0, description="whole video to black, ms")


class Draft(_Open):
    d: int = Field(default=0, ge=0)
    m: Canvas = Field(default_factory=Canvas)
    t: list[Track] = Field(default_factory=list)

    def tracks(self, tt: int) -> list[Track]:
        return [track for track in self.t if track.tt == tt]

    def media_ids(self) -> set[str]:
        """Uploaded media the draft refers to (library music excluded)."""
        return {
            seg.src
            for track in self.t
            for seg in track.sg
            if seg.src and not seg.src.startswith(LIBRARY_PREFIX)
        }

    @property
    def renderable(self) -> bool:
        return any(track.sg for track in self.t)

    def dump(self) -> dict[str, Any]:
        """The wire form: short keys, aliases (``in``), unset fields left out."""
        return self.model_dump(by_alias=True, exclude_none=True)
