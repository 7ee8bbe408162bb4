"""A media resolver for ``state --storyboard``: fetch each media file the draft uses
from the backend into a temporary folder, then let the renderer draw the sheet.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .._exceptions import DraftError, InputError
from ..models import MediaInfo, SessionState
from ._http import HttpClient

if TYPE_CHECKING:
    from ..render.media import MediaRef

__all__ = ["DownloadingResolver", "draw_storyboard", "local_name"]


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
        from ..render.media import MediaRef

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


def draw_storyboard(http: HttpClient, state: SessionState, out_png: Path) -> Path:
    """Draw the session's timeline as a PNG contact sheet (needs the [local] extra's renderer)."""
    import tempfile

    from ..local.embedded import require_local_extra

    if state.draft is None or not state.draft.renderable:
        raise DraftError("nothing to draw yet: the timeline is empty")
    out_png = out_png.expanduser()
    if not out_png.parent.is_dir():
        raise InputError(
            f"folder {out_png.parent} does not exist", hint="create it first, or pick another path"
        )
    require_local_extra()  # the renderer draws the sheet: one clear line when it is not installed
    from ..render import render_storyboard

    with tempfile.TemporaryDirectory(prefix="nemo-storyboard-") as tmp:
        resolver = DownloadingResolver(http, state.video_infos, Path(tmp))
        return render_storyboard(state.draft, resolver, out_png)
