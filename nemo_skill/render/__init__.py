"""The renderer: a draft (timeline) and its media -> a finished H.264/AAC MP4.

Import-light: this module pulls in numpy/OpenCV/Pillow only when a render starts, so the
CLI and the backend can import the API for free.

    from nemo_skill.render import DirectoryResolver, render_draft
    render_draft(draft, DirectoryResolver(Path("photos")), Path("out.mp4"))
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..models.media_types import MediaKind, MediaRef
from .media import DirectoryResolver, MediaResolver

if TYPE_CHECKING:
    from ..models.draft import Draft

__all__ = [
    "DirectoryResolver",
    "MediaKind",
    "MediaRef",
    "MediaResolver",
    "RenderResult",
    "render_draft",
    "render_storyboard",
]

Quality = Literal["high", "draft"]


@dataclass(frozen=True)
class RenderResult:
    path: Path
    duration_s: float
    size_bytes: int
    width: int
    height: int


def render_draft(
    draft: Draft,
    media: MediaResolver,
    out_path: Path,
    *,
    quality: Quality = "high",
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    cache_dir: Path | None = None,
    processes: int | None = None,
) -> RenderResult:
    """Render ``draft`` to ``out_path`` (MP4). ``progress`` gets 0..100; setting ``cancel``
    stops the render, removes every temporary file and raises Cancelled. The output path
    is written only when the whole video is done (temp name + rename).

    ``processes`` splits the frames over that many local processes (chunks joined
    frame-exact); None reads NEMO_RENDER_PROCESSES, else one per two cores from four
    cores on, else one."""
    from .renderer import render

    return render(
        draft,
        media,
        Path(out_path),
        quality=quality,
        progress=progress,
        cancel=cancel,
        cache_dir=cache_dir,
        processes=processes,
    )


def render_storyboard(draft: Draft, media: MediaResolver, out_png: Path, *, columns: int = 4) -> Path:
    """A PNG contact sheet: one thumbnail per video segment with its time, transition and text."""
    from .storyboard import storyboard

    return storyboard(draft, media, Path(out_png), columns=columns)
