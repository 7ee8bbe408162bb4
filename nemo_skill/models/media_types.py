"""What a media file is, judged from its first bytes, and which types are accepted.

One sniffer for the three places that judge files: the client before it uploads (so it
refuses locally what the backend would refuse), the local backend when a file arrives
(the stored file's extension comes from its content, never from its name), and the
renderer reading a folder of media (``nemo-skill render --media DIR``), which also reads
a few formats uploads do not take (BMP, FLAC, Ogg). Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "AUDIO_EXTENSIONS",
    "SNIFF_BYTES",
    "MediaKind",
    "MediaRef",
    "Sniffed",
    "accepted_hint",
    "content_fits_extension",
    "file_kind",
    "sniff",
]

MediaKind = Literal["image", "video", "audio"]

SNIFF_BYTES = 64
"""How much of a file's start the sniffer needs (a Matroska header names ``webm`` within it)."""

_ISOBMFF = frozenset({"mp4", "mov", "m4a"})
_MATROSKA = frozenset({"webm", "mkv"})
# The protocol's accepted extensions, in its order, and the content each may hold
# (the sniffed extension): an MP4-family box serves .mp4, .mov and .m4a alike.
_CONTENT_FOR_EXTENSION: dict[str, frozenset[str]] = {
    "mp4": _ISOBMFF,
    "mov": _ISOBMFF,
    "avi": frozenset({"avi"}),
    "webm": _MATROSKA,
    "mkv": _MATROSKA,
    "jpg": frozenset({"jpg"}),
    "jpeg": frozenset({"jpg"}),
    "png": frozenset({"png"}),
    "gif": frozenset({"gif"}),
    "webp": frozenset({"webp"}),
    "heic": frozenset({"heic"}),
    "mp3": frozenset({"mp3"}),
    "wav": frozenset({"wav"}),
    "m4a": _ISOBMFF,
    "aac": frozenset({"aac"}) | _ISOBMFF,
}
ACCEPTED_EXTENSIONS: tuple[str, ...] = tuple(_CONTENT_FOR_EXTENSION)
"""What an upload may be (the protocol's list; anything else is 4001)."""
AUDIO_EXTENSIONS = frozenset({"mp3", "wav", "m4a", "aac"})
"""Accepted extensions that name music: ``make`` uses such a file as the soundtrack."""

_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"heif"}
_AUDIO_MP4_BRANDS = {b"M4A ", b"M4B ", b"F4A "}
_OLD_QUICKTIME_ATOMS = (b"moov", b"mdat", b"wide", b"free")  # QuickTime files without ftyp

# What the renderer reads from a folder besides the accepted types, by content and by name.
_RENDER_EXTENSIONS: dict[MediaKind, frozenset[str]] = {
    "image": frozenset({"jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp", "tif", "tiff"}),
    "video": frozenset({"mp4", "mov", "m4v", "webm", "mkv", "avi"}),
    "audio": frozenset({"mp3", "wav", "m4a", "aac", "ogg", "flac", "opus"}),
}


@dataclass(frozen=True)
class MediaRef:
    """A media file on this machine, as the renderer reads it."""

    path: Path
    kind: MediaKind


@dataclass(frozen=True)
class Sniffed:
    kind: Literal["image", "av"]
    """``av``: video or audio, which only the file's streams can tell."""
    ext: str
    """The extension the content calls for (``jpg``, ``mp4``, ``m4a``, ``mkv``, ...)."""

    @property
    def container(self) -> str:
        """The container format: ``isobmff`` and ``matroska`` name families of extensions."""
        if self.ext in _ISOBMFF:
            return "isobmff"
        if self.ext in _MATROSKA:
            return "matroska"
        return "jpeg" if self.ext == "jpg" else self.ext


def sniff(head: bytes) -> Sniffed | None:
    """The accepted type the first bytes announce, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image", "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image", "png")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image", "gif")
    if head[:4] == b"RIFF":
        return {
            b"WEBP": Sniffed("image", "webp"),
            b"WAVE": Sniffed("av", "wav"),
            b"AVI ": Sniffed("av", "avi"),
        }.get(head[8:12])
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return Sniffed("image", "heic")
        if brand in _AUDIO_MP4_BRANDS:
            return Sniffed("av", "m4a")
        return Sniffed("av", "mov" if brand == b"qt  " else "mp4")
    if head[4:8] in _OLD_QUICKTIME_ATOMS:
        return Sniffed("av", "mov")
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return Sniffed("av", "webm" if b"webm" in head else "mkv")
    if head.startswith(b"ID3"):
        return Sniffed("av", "mp3")
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:  # ADTS AAC (layer bits 00)
        return Sniffed("av", "aac")
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:  # MPEG audio frame sync
        return Sniffed("av", "mp3")
    return None


def content_fits_extension(extension: str, found: Sniffed | None) -> bool:
    """Whether a file named ``*.extension`` holding ``found`` is an accepted file of that type."""
    allowed = _CONTENT_FOR_EXTENSION.get(extension.lower())
    return allowed is not None and found is not None and found.ext in allowed


def accepted_hint() -> str:
    return "accepted: " + ", ".join(ACCEPTED_EXTENSIONS)


def file_kind(path: Path) -> MediaKind | None:
    """Image, video or audio, for the renderer: by content where the first bytes tell,
    else by the file's extension (an MP4 box or a Matroska file may hold either)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return None
    found = sniff(head)
    if (found is not None and found.kind == "image") or head.startswith(b"BM"):
        return "image"
    if (found is not None and found.ext in {"wav", "mp3", "aac", "m4a"}) or head.startswith(
        (b"fLaC", b"OggS")
    ):
        return "audio"
    if found is not None and found.ext == "avi":
        return "video"
    extension = path.suffix.lower().lstrip(".")
    return next((kind for kind, names in _RENDER_EXTENSIONS.items() if extension in names), None)
