"""What a file is, judged from its first bytes (never from its name)."""

from __future__ import annotations

from dataclasses import dataclass

SNIFF_BYTES = 64

ACCEPTED_TYPES = "mp4, mov, avi, webm, mkv, jpg, jpeg, png, gif, webp, heic, mp3, wav, m4a, aac"

_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}
_AUDIO_MP4_BRANDS = {b"M4A ", b"M4B ", b"F4A "}


@dataclass(frozen=True)
class Sniffed:
    family: str
    """image | av (video or audio, decided by probing the streams)"""
    ext: str
    """the extension the stored file gets (content-derived)"""


def sniff(head: bytes) -> Sniffed | None:
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image", "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image", "png")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image", "gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image", "webp")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return Sniffed("av", "wav")
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return Sniffed("av", "avi")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return Sniffed("image", "heic")
        if brand in _AUDIO_MP4_BRANDS:
            return Sniffed("av", "m4a")
        if brand == b"qt  ":
            return Sniffed("av", "mov")
        return Sniffed("av", "mp4")
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free"):  # old QuickTime files without ftyp
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
