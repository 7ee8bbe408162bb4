"""Inputs and outputs of the MCP tools (``nemo-skill mcp``), shared by the server and
the tests that drive it with the SDK's client.

The JSON input schema of each tool is generated from its ``*Input`` model and its
output schema from its ``*Output`` model. Field descriptions are what the calling
model reads, so they say what to pass, not how it is stored. Plain pydantic: importing
this module does not need the ``mcp`` package.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from .edit_request import MAX_EDITS, AppliedEdit, EditOp, edits_json_schema

__all__ = [
    "ApplyEditsInput",
    "ApplyEditsOutput",
    "CreditsOutput",
    "EditVideoInput",
    "EditVideoOutput",
    "ExportVideoInput",
    "ExportVideoOutput",
    "GetExportInput",
    "GetExportOutput",
    "MediaItem",
    "NoInput",
    "OptionsOutput",
    "TimelineOutput",
    "UploadMediaInput",
    "UploadMediaOutput",
]

# Render ids the protocol hands out are "render_<ms>"; anything else would become part
# of a file name, so only a safe alphabet is accepted.
EXPORT_ID_PATTERN = r"^[A-Za-z0-9_.-]{1,100}$"
MAX_MESSAGE_CHARS = 20_000


class _In(BaseModel):
    # A misspelt argument is an error the model can read, not a silently ignored one.
    model_config = ConfigDict(extra="forbid")


class NoInput(_In):
    """A tool without arguments."""


class MediaItem(BaseModel):
    media_id: str
    filename: str
    file_type: Literal["image", "video", "audio"]
    width: int = 0
    height: int = 0
    duration: float = Field(0.0, description="Seconds; 0 for photos.")


class UploadMediaInput(_In):
    paths: list[str] = Field(
        default_factory=list,
        description="Absolute paths of photos, clips or music on this machine (jpg, png, heic, webp, mp4, mov, mp3, wav, m4a, ...).",
    )
    urls: list[str] = Field(
        default_factory=list, description="http(s) URLs of photos, clips or music to fetch instead."
    )
    new_session: bool = Field(
        False, description="Start a new video (an empty timeline) instead of adding to the current one."
    )

    @model_validator(mode="after")
    def _something(self) -> UploadMediaInput:
        if not self.paths and not self.urls:
            raise ValueError("give at least one entry in 'paths' or 'urls'")
        return self


class UploadMediaOutput(BaseModel):
    media: list[MediaItem] = Field(description="What was stored, in upload order.")
    notices: list[str] = Field(default_factory=list, description="Things to tell the user.")


class EditVideoInput(_In):
    message: str = Field(
        min_length=1,
        max_length=MAX_MESSAGE_CHARS,
        description='What the user wants, in their words (English or Chinese), e.g. "a 20-second 9:16 video with romantic music and the title \\"Anna & Tom\\"".',
    )
    new_session: bool = Field(False, description="Start a new video instead of editing the current one.")


class EditVideoOutput(BaseModel):
    reply: str = Field(description="The editor's answer, for the user.")
    changed: bool = Field(description="Whether the timeline changed.")
    understood: list[str] | None = Field(
        None, description="What was done, in short phrases (null when the backend does not say)."
    )
    not_understood: list[str] | None = Field(
        None, description="Parts of the message that could not be used (null when the backend does not say)."
    )
    summary: str = Field(description="The timeline after the edit, in one line.")
    notices: list[str] = Field(default_factory=list, description="Things to tell the user.")


# The schema is the typed edits' own (a oneOf of the ops, generated from the pydantic
# union); the values are checked by those models when the tool runs, so a bad edit is
# reported the project's way ("edit 3 (set_aspect): aspect: ...") instead of the SDK's.
EditList = Annotated[
    list[dict[str, Any]],
    WithJsonSchema({"type": "array", "items": edits_json_schema(), "minItems": 1, "maxItems": MAX_EDITS}),
]


class ApplyEditsInput(_In):
    edits: EditList = Field(
        description=(
            'The edits, applied in order, all or none, e.g. [{"op": "set_aspect", "aspect": "9:16"}, '
            '{"op": "move_photo", "from": 6, "to": 2}]. Photo positions count from 1 in the video as it '
            "is before these edits (-1 is the last)."
        ),
    )


class ApplyEditsOutput(BaseModel):
    reply: str = Field(description="What the edits did, for the user.")
    changed: bool = Field(description="Whether the timeline changed.")
    applied: list[AppliedEdit] = Field(description="Each edit as applied, with what it did.")
    summary: str = Field(description="The timeline after the edits, in one line.")
    notices: list[str] = Field(default_factory=list, description="Things to tell the user.")


class TimelineOutput(BaseModel):
    summary: str = Field(description="The timeline in one line.")
    draft: dict[str, Any] | None = Field(
        description="The timeline itself (the draft format of docs/draft-format.md), null when empty."
    )
    media: list[MediaItem] = Field(description="Every file uploaded to this video.")
    storyboard: bool = Field(description="Whether a storyboard image follows in the content.")


class ExportVideoInput(_In):
    quality: Literal["draft", "high"] = Field(
        "high", description="'high' for the final 1080p file, 'draft' for a quick low-resolution preview."
    )
    output: str | None = Field(
        None,
        description="Where to save the MP4 on this machine (absolute path); default: the exports folder. Not available over HTTP.",
    )
    force: bool = Field(False, description="Overwrite 'output' if it already exists.")


class ExportVideoOutput(BaseModel):
    id: str = Field(description="The export job's id: pass it to get_export.")
    status: str = Field(description="'pending' or 'processing' right after the start.")
    output: str | None = Field(description="Where the MP4 will be saved once it is ready (null over HTTP).")


class GetExportInput(_In):
    id: str = Field(pattern=EXPORT_ID_PATTERN, description="The id export_video returned.")


class GetExportOutput(BaseModel):
    id: str
    status: Literal["pending", "processing", "completed", "failed"]
    progress: float = Field(description="0-100.")
    path: str | None = Field(None, description="The downloaded MP4 on this machine, once completed.")
    url: str | None = Field(None, description="Where the backend serves the MP4, once completed.")
    error: str | None = Field(None, description="Why the export failed.")


class CreditsOutput(BaseModel):
    available: int = Field(description="Credits that can be spent now.")
    frozen: int = Field(0, description="Credits held by work in progress.")
    total: int


class OptionsOutput(BaseModel):
    aspects: list[str]
    resolutions: list[str]
    transitions: list[str]
    filters: list[str]
    moods: list[str] = Field(description="Music moods of the built-in library.")
    motion: list[str] = Field(description="Camera-motion strengths on photos.")
    motion_directions: list[str]
    text_roles: list[str]
    text_positions: list[str]
    edit_ops: list[EditOp] = Field(description="The ops apply_edits takes, with their arguments.")
