"""Finding media by id (resolvers) and reading what a file holds (probing)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .._exceptions import DraftError, InputError
from ..models.media_types import MediaRef, file_kind


class MediaResolver(Protocol):
    def resolve(self, src: str) -> MediaRef:
        """The file behind a media id; raises DraftError("... unknown media <src>") when there is none."""
        ...


class DirectoryResolver:
    """Media ids are file names in one folder: ``DIR/<src>`` or ``DIR/<src>.<ext>``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise InputError(f"media folder {self.root} does not exist or is not a folder")

    def resolve(self, src: str) -> MediaRef:
        name = Path(src).name  # ids never climb out of the folder
        candidates = [self.root / name]
        if not Path(name).suffix:
            candidates += sorted(self.root.glob(f"{name}.*"))
        for path in candidates:
            if path.is_file():
                kind = file_kind(path)
                if kind is None:
                    raise InputError(f"media {src} ({path.name}) is not an image, video or audio file")
                return MediaRef(path, kind)
        raise DraftError(f"the draft uses unknown media {src}", hint=f"no file named {name} in {self.root}")


@dataclass(frozen=True)
class AVInfo:
    duration_s: float
    has_video: bool
    has_audio: bool
    width: int = 0
    height: int = 0
    rotation: int = 0


def probe_av(path: Path) -> AVInfo:
    """Streams and duration of a clip or an audio file (PyAV reads only the headers)."""
    import av

    try:
        with av.open(str(path)) as container:
            video = container.streams.video[0] if container.streams.video else None
            audio = container.streams.audio[0] if container.streams.audio else None
            duration = 0.0
            if container.duration:
                duration = container.duration / 1_000_000
            elif video is not None and video.duration and video.time_base:
                duration = float(video.duration * video.time_base)
            elif audio is not None and audio.duration and audio.time_base:
                duration = float(audio.duration * audio.time_base)
            w = video.codec_context.width if video is not None else 0
            h = video.codec_context.height if video is not None else 0
            return AVInfo(duration, video is not None, audio is not None, w, h)
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise InputError(
            f"{path.name} is not a readable audio/video file ({exc})", hint="re-encode it as MP4 or WAV"
        ) from None


def check_exists(ref: MediaRef, src: str) -> None:
    if not ref.path.is_file():
        raise InputError(f"media {src} is missing on disk ({ref.path.name})", hint="upload it again")
