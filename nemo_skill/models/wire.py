"""Wire shapes of the NemoVideo protocol (docs/protocol.md), shared by the
client and the local backend so the two cannot drift.

Responses are tolerant (``extra="allow"``): the hosted service may add fields.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .draft import Draft
from .media_types import MediaKind

T = TypeVar("T")

FileType = MediaKind

MAX_MESSAGE_CHARS = 20_000
"""The longest message the local backend takes; the client checks it before uploading anything."""
RenderStatus = Literal["pending", "processing", "completed", "failed"]
RENDER_STATUSES: tuple[RenderStatus, ...] = ("pending", "processing", "completed", "failed")


class _Wire(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Envelope(_Wire, Generic[T]):
    """Every JSON answer. A non-zero ``code`` is an error whatever the HTTP status.

    Read tolerantly: a code that is not an integer counts as none (0: the HTTP status
    decides), a message that is not a string as no message."""

    code: int = 0
    message: str = ""
    data: T | None = None

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> int:
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    @field_validator("message", mode="before")
    @classmethod
    def _message(cls, value: Any) -> str:
        return value if isinstance(value, str) else ""


# --- auth / session / credits ---------------------------------------------------


class TokenData(_Wire):
    """The anonymous-token answer."""

    # A backend may send user_id as a number: it is an id either way.
    model_config = ConfigDict(coerce_numbers_to_str=True)

    token: str = Field(min_length=1, repr=False)
    user_id: str | None = None
    expires_at: str | None = None
    """ISO 8601, UTC."""
    credits: int = 100


class SessionRequest(_Wire):
    task_name: str = "project"
    language: str = "en"


class SessionData(_Wire):
    task_id: str
    session_id: str
    user_id: str


class CreditsData(_Wire):
    available: int
    frozen: int = 0
    total: int
    unlimited: bool = False
    """Our addition: the backend tops credits up (a machine's own local backend)."""


# --- messages (SSE) ----------------------------------------------------------


class MessagePart(_Wire):
    text: str


class NewMessage(_Wire):
    parts: list[MessagePart]


class RunRequest(_Wire):
    app_name: str = "nemo_agent"
    user_id: str = "me"
    session_id: str
    new_message: NewMessage


class SSEEvent(_Wire):
    """One event of ``/run_sse``: text, tool_call, tool_result, heartbeat or error."""

    type: Literal["text", "tool_call", "tool_result", "heartbeat", "error"]
    content: str | None = None
    name: str | None = None
    args: dict[str, Any] | None = None
    result: dict[str, Any] | None = None
    code: int | None = None
    message: str | None = None
    data: dict[str, Any] | None = None
    """With ``error`` events: the envelope's ``data`` (e.g. 2001's ``register_url``, ``user_id``)."""


INTERPRETATION = "interpretation"
"""The name of the last ``tool_result`` of a message on the local backend."""


class MessageUnderstanding(_Wire):
    """What a message was understood to ask (the local backend's last ``tool_result``,
    named ``interpretation``): short phrases of what was done, the user's words that were
    not understood, whether the timeline changed, and whether the reply asks a question."""

    understood: list[str] = Field(default_factory=list)
    not_understood: list[str] = Field(default_factory=list)
    changed: bool = False
    question: bool = False


# --- uploads / state -----------------------------------------------------------


class MediaInfo(_Wire):
    """One uploaded file, as upload and ``video_infos`` report it.

    ``taken_at`` (EXIF capture time, ISO 8601), ``signature`` (a small colour and
    brightness signature for scene grouping), and for audio ``tempo_bpm`` and ``beats``
    (beat times in seconds from the start of the file, found once at upload so cuts can
    land on them; an empty list when the sound has no steady pulse) are this project's
    additions.
    """

    media_id: str
    filename: str
    file_type: FileType
    url: str = ""
    duration: float = 0.0
    width: int = 0
    height: int = 0
    fps: float = 0.0
    hash: str = ""
    size: int = 0
    has_audio: bool | None = None
    taken_at: str | None = None
    signature: list[float] | None = None
    tempo_bpm: float | None = None
    beats: list[float] | None = None


class UploadData(_Wire):
    files: list[MediaInfo]
    session_state_applied: bool = True


class UrlUploadRequest(_Wire):
    urls: list[str] = Field(min_length=1)
    source_type: str = "url"


class CanvasConfig(_Wire):
    width: int = 1920
    height: int = 1080
    fps: int = 30


class SessionState(_Wire):
    draft: Draft | None = None
    video_infos: list[MediaInfo] = Field(default_factory=list)
    generated_media: list[dict[str, Any]] = Field(default_factory=list)
    canvas_config: CanvasConfig = Field(default_factory=CanvasConfig)
    warning: str | None = Field(default=None, exclude=True)
    """Not on the wire here: the client copies :attr:`StateData.warning` in, so what it
    says about the state travels with the state."""


class StateData(_Wire):
    state: SessionState
    warning: str | None = None
    """Our addition: the local backend fell back to an older draft version, and says why."""

    @field_validator("warning", mode="before")
    @classmethod
    def _words_only(cls, value: Any) -> str | None:
        return value if isinstance(value, str) else None  # another backend's note in another shape


# --- render (export) --------------------------------------------------------------


class RenderOutputSpec(_Wire):
    format: Literal["mp4"] = "mp4"
    quality: Literal["high", "draft"] = "high"


class RenderRequest(_Wire):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,80}$")
    session_id: str = Field(alias="sessionId")
    draft: Draft
    output: RenderOutputSpec = Field(default_factory=RenderOutputSpec)


class RenderOutput(_Wire):
    url: str | None = None
    duration: float | None = None
    size: int | None = None


class RenderJob(_Wire):
    id: str
    status: RenderStatus
    progress: float = 0
    """0-100."""
    output: RenderOutput | None = None
    error: str | None = None

    @property
    def done(self) -> bool:
        return self.status in ("completed", "failed")

    @property
    def url(self) -> str | None:
        """Where the finished video is served."""
        return self.output.url if self.output is not None else None

    @property
    def size(self) -> int | None:
        return self.output.size if self.output is not None else None

    @property
    def duration(self) -> float | None:
        return self.output.duration if self.output is not None else None
