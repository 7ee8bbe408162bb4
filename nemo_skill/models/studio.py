"""Wire shapes of the studio page's own endpoints (``/studio/api/...``).

The page otherwise speaks the protocol's endpoints like any client; these few exist
because a page in a browser cannot hold a bearer token (the session comes from an
HttpOnly cookie).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Wire(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class StudioSkill(_Wire):
    """A skill the page can act as (sent back as the ``X-Skill-*`` headers)."""

    name: str
    version: str
    display_name: str
    emoji: str = ""
    max_file_mb: int
    formats: list[str] = Field(default_factory=list)
    aspect: str = "16:9"
    length_s: int = 30
    mood: str = "cinematic"
    transition: str = "fade"
    prompt: str = ""


class StudioConfig(_Wire):
    """``GET /studio/api/config``: what the page needs to draw its menus."""

    skills: list[StudioSkill]
    default_skill: str
    moods: list[str]
    filters: list[str]
    accept: list[str]
    """File extensions the backend accepts (it still judges each file by its content)."""


class StudioSessionData(_Wire):
    """``POST /studio/api/session``: who the page's cookie belongs to, and where it left off."""

    user_id: str
    credits: int
    session_id: str | None = None
    """The user's most recent editing session, to continue after a reload; None before the first."""
    skill: str | None = None
    new_user: bool = False
