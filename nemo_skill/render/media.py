"""Finding media by id (resolvers) and reading what a file holds (probing)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from .._exceptions import DraftError, InputError

MediaKind = Literal["image", "video", "audio"]

IMAGE_EXTS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".bmp", ".tif", ".tiff"}
VIDEO_EXTS = {".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi"}
AUDIO_EXTS = {".mp3", ".wav", ".m4a", ".aac", ".ogg", ".flac", ".opus"}


@dataclass(frozen=True)
class MediaRef:
    path: Path
    kind: MediaKind


class MediaResolver(Protocol):
    def resolve(self, src: str) -> MediaRef:
        """The file behind a media id; raises DraftError("... unknown media <src>") when there is none."""
        ...


def sniff_kind(path: Path) -> MediaKind | None:
    """Judge by the first bytes, falling back on the extension."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"BM")) or head[8:12] == b"WEBP":
        return "image"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heif", b"hevc"):
        return "image"
    if (head.startswith(b"RIFF") and head[8:12] == b"WAVE") or head.startswith((b"ID3", b"fLaC", b"OggS")):
        return "audio"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "video"
    if head[4:8] == b"ftyp" and head[8:11] == b"M4A":
        return "audio"
    ext = path.suffix.lower()
    if ext in IMAGE_EXTS:
        return "image"
    if ext in VIDEO_EXTS:
        return "video"
    if ext in AUDIO_EXTS:
        return "audio"
    return None


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
                kind = sniff_kind(path)
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
