"""A media resolver for storyboards (``state --storyboard``): each media file the draft
uses is fetched from the backend into a folder, once, for the renderer to draw the sheet
(:meth:`nemo_skill.runtime.SkillSession.storyboard`).
"""

from __future__ import annotations

import re
from pathlib import Path

from .._exceptions import DraftError
from ..models import MediaInfo
from ..models.media_types import MediaRef
from ._http import HttpClient

__all__ = ["DownloadingResolver", "local_name"]


def local_name(filename: str) -> str:
    """The user's file name, safe to write: the backend sent it, so only its last part,
    without control characters or separators, is used."""
    name = re.sub(r"[\x00-\x1f/\\]", "_", Path(filename.replace("\\", "/")).name).strip(". ")
    return name or "media"


class DownloadingResolver:
    """Resolves a media id to a local copy, downloading it once on first use."""

    def __init__(self, http: HttpClient, media: list[MediaInfo], folder: Path) -> None:
        self._http = http
        self._media = {info.media_id: info for info in media}
        self._folder = folder
        self._cache: dict[str, MediaRef] = {}

    def resolve(self, src: str) -> MediaRef:
        if src in self._cache:
            return self._cache[src]
        info = self._media.get(src)
        if info is None or not info.url:
            raise DraftError(f"the draft uses unknown media {src}", hint="upload it again")
        # A folder per media keeps the user's file name (the storyboard prints it) unique.
        target = self._folder / f"{len(self._cache):04d}" / local_name(info.filename)
        target.parent.mkdir(parents=True, exist_ok=True)
        response = self._http.open_download(info.url)
        try:
            with target.open("wb") as handle:
                for chunk in response.iter_bytes(1 << 20):
                    handle.write(chunk)
        finally:
            response.close()
        ref = MediaRef(target, info.file_type)
        self._cache[src] = ref
        return ref
