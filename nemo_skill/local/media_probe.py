"""Probe an uploaded file by decoding it: images with Pillow, clips and audio with PyAV.

Returns the MediaInfo fields the protocol reports (display size after EXIF rotation,
duration, fps, audio presence) plus ``taken_at`` and a colour ``signature`` that the
interpreter uses to order and group photos.
"""

from __future__ import annotations

import colorsys
from datetime import datetime
from pathlib import Path
from typing import Any

from .._exceptions import UnsupportedFileType
from .media_sniff import ACCEPTED_TYPES, Sniffed

_ROTATED_ORIENTATIONS = {5, 6, 7, 8}
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 36867
_DATETIME = 306
_ORIENTATION = 274

_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
        except ImportError:  # HEIC then fails to decode with a clear 4001
            pass
        _heif_registered = True


def _unreadable(filename: str, what: str, reason: str) -> UnsupportedFileType:
    return UnsupportedFileType(
        f"{filename!r} could not be read as {what} ({reason})",
        hint=f"send an intact file of a supported type: {ACCEPTED_TYPES}",
    )


def _taken_at(exif: Any) -> str | None:
    raw = None
    try:
        raw = exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    except Exception:  # malformed EXIF is common and never fatal
        return None
    if not raw:
        return None
    try:
        return datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S").isoformat()
    except ValueError:
        return None


def _signature(image: Any) -> list[float]:
    """Mean hue (as cos/sin), saturation, value, luminance and its spread of a 16x16 thumbnail, 0..1."""
    import numpy as np

    small = image.convert("RGB").resize((16, 16))
    rgb = np.asarray(small, dtype=np.float32).reshape(-1, 3) / 255.0
    hsv = np.array([colorsys.rgb_to_hsv(*px) for px in rgb], dtype=np.float32)
    angle = hsv[:, 0] * 2 * np.pi
    weight = hsv[:, 1] + 1e-6  # grey pixels say nothing about hue
    hue_cos = float((np.cos(angle) * weight).sum() / weight.sum())
    hue_sin = float((np.sin(angle) * weight).sum() / weight.sum())
    luma = rgb @ np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)
    values = [
        (hue_cos + 1) / 2,
        (hue_sin + 1) / 2,
        float(hsv[:, 1].mean()),
        float(hsv[:, 2].mean()),
        float(luma.mean()),
        float(luma.std()),
    ]
    return [round(v, 4) for v in values]


def probe_image(path: Path, sniffed: Sniffed, filename: str) -> dict[str, Any]:
    from PIL import Image

    # The renderer's limits, so nothing accepted here is refused at export.
    from ..render.images import MAX_PIXELS_JPEG, MAX_PIXELS_OTHER

    _register_heif()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS_JPEG
    limit = MAX_PIXELS_JPEG
    try:
        with Image.open(path) as image:
            width, height = image.size
            limit = MAX_PIXELS_JPEG if image.format == "JPEG" else MAX_PIXELS_OTHER
            if width * height > limit:  # checked before decoding: Pillow only warns below 2x its limit
                raise Image.DecompressionBombError(f"{width}x{height}")
            exif = image.getexif()
            orientation = int(exif.get(_ORIENTATION, 1) or 1)
            taken_at = _taken_at(exif)
            # Decode fully (at reduced scale for JPEG) so truncated files are caught now, not at render.
            image.draft("RGB", (256, 256))
            image.load()
            signature = _signature(image)
    except Image.DecompressionBombError:
        raise UnsupportedFileType(
            f"{filename!r} has too many pixels to be a photo (over {limit // 1_000_000} megapixels)",
            hint=f"resize it before uploading (JPEG photos may have up to {MAX_PIXELS_JPEG // 1_000_000} MP)",
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise _unreadable(filename, "an image", str(exc).split("\n")[0][:120]) from None
    if orientation in _ROTATED_ORIENTATIONS:
        width, height = height, width
    return {
        "file_type": "image",
        "width": width,
        "height": height,
        "duration": 0.0,
        "fps": 0.0,
        "taken_at": taken_at,
        "signature": signature,
    }


def probe_av(path: Path, sniffed: Sniffed, filename: str) -> dict[str, Any]:
    import av

    try:
        with av.open(str(path)) as container:
            videos = [
                s for s in container.streams.video if not (s.disposition & av.stream.Disposition.attached_pic)
            ]
            audios = list(container.streams.audio)
            if not videos and not audios:
                raise _unreadable(filename, "a clip or audio file", "no video or audio stream")
            duration = _duration(container, videos[0] if videos else audios[0])
            if videos:
                stream = videos[0]
                # Decode one frame: a header with broken data must fail here, not at render time.
                next(container.decode(stream), None)
                rate = stream.average_rate or stream.guessed_rate
                return {
                    "file_type": "video",
                    "width": int(stream.codec_context.width or 0),
                    "height": int(stream.codec_context.height or 0),
                    "duration": round(duration, 3),
                    "fps": round(float(rate), 3) if rate else 0.0,
                    "has_audio": bool(audios),
                }
            return {
                "file_type": "audio",
                "width": 0,
                "height": 0,
                "duration": round(duration, 3),
                "fps": 0.0,
                "has_audio": True,
            }
    except UnsupportedFileType:
        raise
    except (av.error.FFmpegError, OSError, ValueError, StopIteration) as exc:
        raise _unreadable(filename, "a clip or audio file", str(exc).split("\n")[0][:120]) from None


def _duration(container: Any, stream: Any) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration) / 1_000_000
    return 0.0


def probe(path: Path, sniffed: Sniffed, filename: str) -> dict[str, Any]:
    if sniffed.family == "image":
        return probe_image(path, sniffed, filename)
    return probe_av(path, sniffed, filename)
