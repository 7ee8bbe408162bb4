"""Stored media rows -> the protocol's MediaInfo (with a fresh signed download URL)."""

from __future__ import annotations

from ...models import MediaInfo
from ..context import AppContext
from ..store.sessions import MediaRow


def media_info(ctx: AppContext, row: MediaRow, base_url: str | None) -> MediaInfo:
    info = row.info
    return MediaInfo(
        media_id=row.id,
        filename=row.filename,
        file_type=row.file_type,
        url=ctx.media_url(base_url, row.file_name) if base_url else "",
        duration=float(info.get("duration") or 0.0),
        width=int(info.get("width") or 0),
        height=int(info.get("height") or 0),
        fps=float(info.get("fps") or 0.0),
        hash=row.hash,
        size=row.size,
        has_audio=info.get("has_audio"),
        taken_at=info.get("taken_at"),
        signature=info.get("signature"),
        tempo_bpm=info.get("tempo_bpm"),
        beats=info.get("beats"),
    )
