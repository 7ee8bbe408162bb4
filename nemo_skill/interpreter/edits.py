"""Typed edits: the one way to change a draft.

Whatever asks for a change (a person's words through :func:`~.engine.interpret`, or a
program through :func:`~.apply.apply_edits`) ends up as a list of these models, a
discriminated union on ``op``, applied by one function per op (``ops/``).

Photos and clips are named by ``photo``: an int counts the video track's items (photos
and clips together, as ``nemo-skill state`` lists them) from 1, negative from the end
(-1 is the last); ``among`` makes it count only photos or only clips; a string is a media
id. Positions always refer to the draft as it was before the batch, so
``[remove_photo 1, remove_photo 2]`` removes the first two items, not the first and third.

Limits here are the ones no draft could honour (a 0-second photo, a 3-hour video); limits
that depend on the draft (a transition longer than the photos it joins) are checked when
the edit applies, and clamped there with a sentence that says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from .._exceptions import EditError
from ..models.draft import (
    FILTERS,
    MOODS,
    MOTION_DIRECTIONS,
    TEXT_POSITIONS,
    TEXT_ROLES,
    TRANSITIONS,
    Aspect,
    Resolution,
)
from .defaults import STYLES

MAX_VIDEO_S = 1800.0  # the renderer's limit: 30 minutes
MIN_ITEM_S = 0.3  # shorter than this a photo is a flash, not a picture
MAX_ITEM_S = 600.0
MAX_TRANSITION_S = 5.0  # Transition.d's limit in the draft model
MAX_FADE_S = 10.0
MAX_MUSIC_FADE_S = 30.0
MIN_TEXT_SIZE, MAX_TEXT_SIZE = 0.02, 0.5  # fraction of the canvas height (SegmentMeta.size)
# Named colours the words and the edits accept, as the renderer reads them (#RRGGBB).
COLOURS: dict[str, str] = {
    "white": "#FFFFFF", "black": "#000000", "gold": "#FFD700", "golden": "#FFD700", "yellow": "#FFE600",
    "red": "#E53935", "pink": "#FF80AB", "orange": "#FF9800", "green": "#43A047", "blue": "#1E88E5",
    "navy": "#1A237E", "purple": "#8E24AA", "silver": "#C0C0C0", "grey": "#9E9E9E", "gray": "#9E9E9E",
    "cream": "#FFF5DC", "beige": "#F5F5DC", "brown": "#795548", "teal": "#009688",
}  # fmt: skip
TEXT_SIZES = {"small": 0.04, "medium": 0.07, "large": 0.11, "huge": 0.16}
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")

Role = Literal["title", "subtitle", "caption", "endcard"]
Among = Annotated[
    Literal["items", "photos", "clips"],
    Field(
        description="What a position counts: every item of the video (default), only photos, or only clips."
    ),
]

assert set(Role.__args__) == set(TEXT_ROLES)  # type: ignore[attr-defined]


class _Edit(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    def args(self) -> dict[str, Any]:
        """The edit as JSON-able arguments (what a tool event carries), without ``op``."""
        out = self.model_dump(by_alias=True, exclude_none=True)
        out.pop("op", None)
        return out


def _check_target(value: int | str) -> int | str:
    if isinstance(value, int) and value == 0:
        raise ValueError("positions start at 1 (the first item); -1 is the last")
    if isinstance(value, str) and not value.strip():
        raise ValueError("a media id cannot be empty")
    return value


def _non_empty(value: list[Any]) -> list[Any]:
    if not value:
        raise ValueError("name at least one photo")
    return value


Target = Annotated[
    StrictInt | StrictStr,
    AfterValidator(_check_target),
    Field(description="A position in the video counted from 1 (-1 is the last), or a media id."),
]
"""A 1-based position (negative from the end) or a media id."""
Targets = Target | Annotated[list[Target], AfterValidator(_non_empty)]


# --- canvas -------------------------------------------------------------------------


class SetAspect(_Edit):
    """The frame's shape; the short side keeps its resolution."""

    op: Literal["set_aspect"] = "set_aspect"
    aspect: Aspect


class SetResolution(_Edit):
    """The short side of the frame (1080p: 1920x1080 at 16:9, 1080x1920 at 9:16)."""

    op: Literal["set_resolution"] = "set_resolution"
    resolution: Resolution

    @field_validator("resolution", mode="before")
    @classmethod
    def _aliases(cls, value: Any) -> Any:
        aliases = {"4k": "2160p", "2k": "1440p", "uhd": "2160p", "fhd": "1080p", "hd": "720p"}
        return aliases.get(str(value).lower(), str(value).lower()) if isinstance(value, str) else value


class SetFps(_Edit):
    """Frames per second of the video."""

    op: Literal["set_fps"] = "set_fps"
    fps: int = Field(ge=1, le=120)


# --- timing -------------------------------------------------------------------------


class SetLength(_Edit):
    """The whole video's length; photos share what clips leave."""

    op: Literal["set_length"] = "set_length"
    seconds: float = Field(gt=0, le=MAX_VIDEO_S)


class SetPhotoDuration(_Edit):
    """How long photos show: ``seconds``, or ``factor`` times what they show now (pace).
    Without ``photo``: every photo."""

    op: Literal["set_photo_duration"] = "set_photo_duration"
    photo: Targets | None = None
    among: Among = "items"
    seconds: float | None = Field(default=None, gt=0, le=MAX_ITEM_S)
    factor: float | None = Field(default=None, gt=0, le=10)

    @model_validator(mode="after")
    def _one_amount(self) -> SetPhotoDuration:
        if (self.seconds is None) == (self.factor is None):
            raise ValueError("give either seconds or factor")
        return self


class BeatSync(_Edit):
    """Cuts on the music's beat (``on``) or where the durations put them. Kept on the
    draft (the video track's ``m.beats``): later edits of length or order snap again."""

    op: Literal["beat_sync"] = "beat_sync"
    on: bool = Field(
        default=True,
        description="True: every cut on a beat of the music (again after every later edit); false: where "
        "the durations put them.",
    )


# --- transitions and fades ------------------------------------------------------------


class SetTransition(_Edit):
    """Every transition, or the ones ``after`` the items named: its kind, its length in
    seconds, or its length times a factor."""

    op: Literal["set_transition"] = "set_transition"
    name: str | None = Field(default=None, description=f"The kind: {', '.join(TRANSITIONS)}.")
    seconds: float | None = Field(default=None, ge=0, le=60)
    factor: float | None = Field(default=None, gt=0, le=10)
    after: Targets | None = Field(
        default=None, description="Only the transitions from these items to the next (none: every one)."
    )
    among: Among = "items"

    @field_validator("name")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        if value is not None and value not in TRANSITIONS:
            raise ValueError(f"unknown transition {value!r}; use one of {', '.join(TRANSITIONS)}")
        return value

    @model_validator(mode="after")
    def _something(self) -> SetTransition:
        if self.name is None and self.seconds is None and self.factor is None:
            raise ValueError("give a name, seconds or a factor")
        if self.seconds is not None and self.factor is not None:
            raise ValueError("give seconds or a factor, not both")
        return self


class SoftenTransitions(_Edit):
    """Softer kinds (fades) and a little longer."""

    op: Literal["soften_transitions"] = "soften_transitions"


class FadeIn(_Edit):
    """The whole video fades in from black (0 removes the fade)."""

    op: Literal["fade_in"] = "fade_in"
    seconds: float = Field(default=1.0, ge=0, le=MAX_FADE_S)


class FadeOut(_Edit):
    """The whole video fades out to black at its end (0 removes the fade)."""

    op: Literal["fade_out"] = "fade_out"
    seconds: float = Field(default=1.0, ge=0, le=MAX_FADE_S)


# --- music ----------------------------------------------------------------------------


class SetMusic(_Edit):
    """Background music: a library mood or an uploaded audio file (its media id)."""

    op: Literal["set_music"] = "set_music"
    mood: str | None = Field(default=None, description=f"Library music: {', '.join(MOODS)}.")
    media_id: str | None = Field(default=None, description="The media_id of an uploaded audio file.")
    volume: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _one_source(self) -> SetMusic:
        if (self.mood is None) == (self.media_id is None):
            raise ValueError("give either a mood (library music) or the media_id of an uploaded song")
        return self


class AddMusic(_Edit):
    """Music if there is none: the uploaded song if there is one, else the skill's mood."""

    op: Literal["add_music"] = "add_music"


class RemoveMusic(_Edit):
    """No background music."""

    op: Literal["remove_music"] = "remove_music"


class SetVolume(_Edit):
    """The music's volume (0..1), or the current volume times ``factor``."""

    op: Literal["set_volume"] = "set_volume"
    volume: float | None = Field(default=None, ge=0, le=1)
    factor: float | None = Field(default=None, gt=0, le=10)

    @model_validator(mode="after")
    def _one(self) -> SetVolume:
        if (self.volume is None) == (self.factor is None):
            raise ValueError("give either volume (0..1) or factor")
        return self


class MusicFade(_Edit):
    """The music's own fade in at the start and fade out at the end, in seconds."""

    op: Literal["music_fade"] = "music_fade"
    fade_in: float | None = Field(default=None, ge=0, le=MAX_MUSIC_FADE_S)
    fade_out: float | None = Field(default=None, ge=0, le=MAX_MUSIC_FADE_S)

    @model_validator(mode="after")
    def _one(self) -> MusicFade:
        if self.fade_in is None and self.fade_out is None:
            raise ValueError("give fade_in or fade_out (seconds)")
        return self


# --- text ------------------------------------------------------------------------------


class SetTitle(_Edit):
    """Text on the video (a title unless ``role`` says otherwise): its words, place, colour,
    size (a fraction of the height, or small/medium/large/huge; ``size_step`` +1 bigger,
    -1 smaller) and how long it shows. ``photo`` pins a caption to that photo."""

    op: Literal["set_title"] = "set_title"
    text: str | None = Field(default=None, min_length=1, max_length=300)
    role: Role = "title"
    position: str | None = Field(default=None, description=f"Where: {', '.join(TEXT_POSITIONS)}.")
    color: str | None = Field(default=None, description="#RRGGBB or a name: white, black, gold, pink, ...")
    size: float | str | None = Field(
        default=None,
        description="A fraction of the frame's height (0.02..0.5), or small, medium, large, huge.",
    )
    size_step: int | None = Field(default=None, ge=-5, le=5)
    seconds: float | None = Field(default=None, gt=0, le=MAX_VIDEO_S)
    factor: float | None = Field(default=None, gt=0, le=10)
    photo: Target | None = None
    among: Among = "items"

    @field_validator("position")
    @classmethod
    def _position(cls, value: str | None) -> str | None:
        if value is not None and value not in TEXT_POSITIONS:
            raise ValueError(f"unknown position {value!r}; use one of {', '.join(TEXT_POSITIONS)}")
        return value

    @field_validator("color")
    @classmethod
    def _colour(cls, value: str | None) -> str | None:
        if value is None:
            return None
        named = COLOURS.get(value.strip().lower())
        if named:
            return named
        if _HEX.fullmatch(value.strip()):
            return value.strip().upper()
        raise ValueError(f"unknown colour {value!r}; use #RRGGBB or one of {', '.join(COLOURS)}")

    @field_validator("size")
    @classmethod
    def _size(cls, value: float | str | None) -> float | None:
        if value is None:
            return None
        if isinstance(value, str):
            if value.lower() not in TEXT_SIZES:
                raise ValueError(
                    f"unknown size {value!r}; use a fraction of the height or {', '.join(TEXT_SIZES)}"
                )
            return TEXT_SIZES[value.lower()]
        if not MIN_TEXT_SIZE <= value <= MAX_TEXT_SIZE:
            raise ValueError(f"size is a fraction of the height, {MIN_TEXT_SIZE}..{MAX_TEXT_SIZE}")
        return float(value)


class RemoveTitle(_Edit):
    """Remove the text of one role, or all text when ``role`` is not given; with ``photo``,
    only the caption pinned to that photo."""

    op: Literal["remove_title"] = "remove_title"
    role: Role | None = None
    photo: Target | None = None
    among: Among = "items"

    @model_validator(mode="after")
    def _caption_of_a_photo(self) -> RemoveTitle:
        if self.photo is not None and self.role != "caption":
            raise ValueError("only a caption belongs to a photo (give role caption with photo)")
        return self


# --- look and motion ---------------------------------------------------------------------


class SetFilter(_Edit):
    """A colour look on every photo and clip, or only on those ``photo`` names."""

    op: Literal["set_filter"] = "set_filter"
    name: Literal["none", "bw", "warm", "cool", "vintage", "vivid"]
    photo: Targets | None = None
    among: Among = "items"


assert set(SetFilter.model_fields["name"].annotation.__args__) == set(FILTERS)  # type: ignore[union-attr]


class SetMotion(_Edit):
    """Ken Burns on every photo: on/off, a direction, an ``amount`` (a fraction of the
    frame, 0..0.6) or ``factor`` times the amount it has."""

    op: Literal["set_motion"] = "set_motion"
    on: bool | None = None
    direction: str | None = Field(default=None, description=f"One of {', '.join(MOTION_DIRECTIONS)}.")
    amount: float | None = Field(default=None, ge=0, le=0.6)
    factor: float | None = Field(default=None, gt=0, le=10)

    @field_validator("direction")
    @classmethod
    def _direction(cls, value: str | None) -> str | None:
        if value is not None and value not in MOTION_DIRECTIONS:
            raise ValueError(f"unknown direction {value!r}; use one of {', '.join(MOTION_DIRECTIONS)}")
        return value

    @model_validator(mode="after")
    def _something(self) -> SetMotion:
        if self.on is None and self.direction is None and self.factor is None and self.amount is None:
            raise ValueError("give on, direction, amount or factor")
        if self.amount is not None and self.factor is not None:
            raise ValueError("give amount or factor, not both")
        return self


class SetStyle(_Edit):
    """A look by name (``cinematic``, ``oldfilm``, ``dreamy``, ...): filter, transitions,
    motion, pace and library music together (see defaults.STYLES). ``music``: None lets
    library music follow the style but keeps a song the user uploaded; true replaces even
    that; false leaves the music alone."""

    op: Literal["set_style"] = "set_style"
    name: str = Field(description=f"One of {', '.join(STYLES)}.")
    music: bool | None = None

    @field_validator("name")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in STYLES:
            raise ValueError(f"unknown style {value!r}; use one of {', '.join(STYLES)}")
        return value


# --- order --------------------------------------------------------------------------------


class MovePhoto(_Edit):
    """Move items to a position (1-based, in the new order), "start", "end", or next to another;
    with ``copy``, a copy goes there and the items stay where they are ("photo 1 again at the end")."""

    op: Literal["move_photo"] = "move_photo"
    from_: Targets = Field(alias="from")
    to: int | Literal["start", "end"] | None = Field(
        default=None, description="The position (from 1) in the new order."
    )
    after: Target | None = None
    before: Target | None = None
    among: Among = "items"
    # None rather than False: an edit's arguments leave out what was not said.
    copy_: bool | None = Field(
        default=None, alias="copy", description="true: place a copy; the items stay where they are."
    )

    @model_validator(mode="after")
    def _one_place(self) -> MovePhoto:
        if sum(value is not None for value in (self.to, self.after, self.before)) != 1:
            raise ValueError("give exactly one of to, after, before")
        if isinstance(self.to, int) and self.to < 1:
            raise ValueError("to is a position counted from 1")
        return self


class RemovePhoto(_Edit):
    """Take photos or clips out of the video (the uploads stay in the session)."""

    op: Literal["remove_photo"] = "remove_photo"
    photo: Targets
    among: Among = "items"


class SwapPhotos(_Edit):
    """Two items change places."""

    op: Literal["swap_photos"] = "swap_photos"
    a: Target
    b: Target
    among: Among = "items"


class Shuffle(_Edit):
    """A random order (``seed`` makes it repeatable)."""

    op: Literal["shuffle"] = "shuffle"
    seed: int | None = None


class Reverse(_Edit):
    """The items in the opposite order."""

    op: Literal["reverse"] = "reverse"


class SortByDate(_Edit):
    """The items in the order they were taken (EXIF capture time; undated ones follow in upload order)."""

    op: Literal["sort_by_date"] = "sort_by_date"


class AddNewMedia(_Edit):
    """Uploads that are not in the video yet go at the end, styled like the rest."""

    op: Literal["add_new_media"] = "add_new_media"


# --- whole drafts ---------------------------------------------------------------------------


class Generate(_Edit):
    """Build a new video from every upload with the skill's recipe (the edits after it shape it)."""

    op: Literal["generate"] = "generate"


class Undo(_Edit):
    """Back to the version before the last change (alone in a list; free)."""

    op: Literal["undo"] = "undo"


class Redo(_Edit):
    """Bring back what the last undo took away, until a new edit is made (alone in a list; free)."""

    op: Literal["redo"] = "redo"


Edit = Annotated[
    SetAspect
    | SetResolution
    | SetFps
    | SetLength
    | SetPhotoDuration
    | BeatSync
    | SetTransition
    | SoftenTransitions
    | FadeIn
    | FadeOut
    | SetMusic
    | AddMusic
    | RemoveMusic
    | SetVolume
    | MusicFade
    | SetTitle
    | RemoveTitle
    | SetFilter
    | SetMotion
    | SetStyle
    | MovePhoto
    | RemovePhoto
    | SwapPhotos
    | Shuffle
    | Reverse
    | SortByDate
    | AddNewMedia
    | Generate
    | Undo
    | Redo,
    Field(discriminator="op"),
]
EDIT_ADAPTER: TypeAdapter[Edit] = TypeAdapter(Edit)
EDIT_OPS: tuple[str, ...] = tuple(model.model_fields["op"].default for model in _Edit.__subclasses__())


def _problem(error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"][1:])  # [0] is the op (the union's tag)
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def parse_edits(edits: Sequence[Edit | Mapping[str, Any]]) -> list[Any]:
    """Typed edits from models or dicts; the first bad one raises EditError naming it
    (its 1-based number, its op, the field and what is wrong)."""
    parsed: list[Any] = []
    for number, raw in enumerate(edits, start=1):
        if isinstance(raw, _Edit):
            parsed.append(raw)
            continue
        if not isinstance(raw, Mapping):
            raise EditError(
                f'edit {number} is not an object like {{"op": "set_aspect", "aspect": "9:16"}}', index=number
            )
        op = raw.get("op")
        if not isinstance(op, str) or not op:
            raise EditError(f'edit {number} has no "op" (the kind of edit, e.g. "set_aspect")', index=number)
        if op not in EDIT_OPS:
            raise EditError(
                f"edit {number} ({op[:40]}): unknown op; use one of {', '.join(EDIT_OPS)}",
                index=number,
                op=op[:40],
            )
        try:
            parsed.append(EDIT_ADAPTER.validate_python(dict(raw)))
        except ValidationError as err:
            raise EditError(
                f"edit {number} ({op}): {_problem(err.errors()[0])}", index=number, op=op
            ) from None
    return parsed
