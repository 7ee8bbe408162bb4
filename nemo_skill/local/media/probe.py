"""Probe an uploaded file by decoding it: images with Pillow, clips and audio with PyAV.

Returns the MediaInfo fields the protocol reports (display size after EXIF rotation,
duration, fps, audio presence) plus ``taken_at`` and a colour ``signature`` that the
interpreter uses to order and group photos.
"""

from __future__ import annotations

import colorsys
import contextlib
from datetime import datetime
from pathlib import Path
from typing import Any

from ..._exceptions import UnsupportedFileType
from ...models.media_types import ACCEPTED_EXTENSIONS, Sniffed
from . import png_stream
from .decode_budget import BUDGET

THUMB_SIDE = 64
MAX_SIDE = 65535
# 8K (7680x4320, 8192x4320 DCI) and its portrait form; a larger frame is a bomb, not a clip.
MAX_VIDEO_PIXELS = 36_000_000
MAX_VIDEO_SIDE = 8192
AUDIO_FRAMES = 4
AUDIO_PACKETS = 32

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
        hint=f"send an intact file of a supported type: {', '.join(ACCEPTED_EXTENSIONS)}",
    )


def _scrub(reason: str, path: Path) -> str:
    """A decoder's message without the server's temporary path (it names our disk, not the file)."""
    reason = reason.split("\n")[0].replace(str(path), "the file").replace(path.name, "the file")
    return reason[:120]


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


def _pixel_limit(fmt: str) -> int:
    # The renderer's limits, so nothing accepted here is refused at export.
    from ...render.images import MAX_PIXELS_JPEG, MAX_PIXELS_OTHER

    return MAX_PIXELS_JPEG if fmt == "jpg" else MAX_PIXELS_OTHER


def _too_many_pixels(filename: str, fmt: str, size: str) -> UnsupportedFileType:
    limit = _pixel_limit(fmt) // 1_000_000
    return UnsupportedFileType(
        f"{filename!r} has too many pixels to be a photo ({size}, over {limit} megapixels for "
        f"{fmt.upper()} files)",
        hint=f"resize it to at most {limit} MP (and {MAX_SIDE} px on a side) before uploading",
    )


def _small_copy(image: Any) -> Any:
    """A thumbnail of a decoded image without a full-size RGB copy on the way."""
    from PIL import Image

    if image.mode in ("RGB", "RGBA", "L", "LA"):
        image.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.BOX, reducing_gap=None)
        return image
    # Palette and 16-bit images: sample first, convert the small result.
    scale = min(1.0, 4 * THUMB_SIDE / max(image.size))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    small = image.resize(size, Image.Resampling.NEAREST)
    if small.mode.startswith("I"):  # 16-bit grey: its top 8 bits (convert() would clip at 255)
        import numpy as np

        small = Image.fromarray((np.clip(np.asarray(small, dtype=np.int64), 0, 65535) >> 8).astype(np.uint8))
    return small.convert("RGB")


def _decoded_thumbnail(image: Any, path: Path, sniffed: Sniffed) -> Any:
    """Decode the pixels (so a truncated or corrupt file is refused now, not at render time)
    in bounded memory, and return a small RGB copy for the colour signature."""
    width, height = image.size
    if sniffed.ext == "jpg":
        # libjpeg decodes at up to 1/8 scale: a 100 MP photo costs ~1.5 MP here.
        image.draft("RGB", (256, 256))
        with BUDGET.hold(image.size[0] * image.size[1] / 1e6):
            image.load()
            return image
    if sniffed.ext == "png":
        header = png_stream.read_header(path)
        if header.streamable:
            with BUDGET.hold(png_stream.STRIP_MP):
                return png_stream.stream_thumbnail(path, header, THUMB_SIDE)
    # GIF, WebP, HEIC and rare PNG layouts have no reduced decode: they decode whole, and
    # the budget keeps several of them from doing so at once.
    with BUDGET.hold(width * height / 1e6):
        image.seek(0)
        image.load()
        return _small_copy(image)


def probe_image(path: Path, sniffed: Sniffed, filename: str) -> dict[str, Any]:
    from PIL import Image

    _register_heif()
    Image.MAX_IMAGE_PIXELS = _pixel_limit("jpg")
    try:
        with Image.open(path) as image:
            width, height = image.size
            # Checked from the header, before decoding: Pillow only warns below 2x its limit.
            if width * height > _pixel_limit(sniffed.ext) or max(width, height) > MAX_SIDE:
                raise _too_many_pixels(filename, sniffed.ext, f"{width}x{height}")
            # A PNG's getexif() decodes the whole image to look for a late eXIf chunk: only
            # the EXIF found before the pixels counts.
            exif = image.getexif() if sniffed.ext != "png" or "exif" in image.info else Image.Exif()
            orientation = int(exif.get(_ORIENTATION, 1) or 1)
            taken_at = _taken_at(exif)
            signature = _signature(_decoded_thumbnail(image, path, sniffed))
    except Image.DecompressionBombError:
        raise _too_many_pixels(filename, sniffed.ext, "far too many") from None
    except png_stream.PngError as exc:
        raise _unreadable(filename, "an image", str(exc)) from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise _unreadable(filename, "an image", _scrub(str(exc), path)) from None
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


def _too_large_frame(filename: str, width: int, height: int) -> UnsupportedFileType:
    return UnsupportedFileType(
        f"{filename!r} has video frames of {width}x{height}, larger than this backend decodes "
        f"(at most {MAX_VIDEO_PIXELS // 1_000_000} MP, {MAX_VIDEO_SIDE} px on a side: 8K)",
        hint="convert the clip to 4K or smaller",
    )


def _check_audio(container: Any, stream: Any, filename: str) -> None:
    """Decode the first few packets: garbage behind a valid sync word fails now, not at render."""
    import av

    decoded = errors = packets = 0
    _rewind(container)
    for packet in container.demux(stream):
        if packet.size == 0:
            continue
        packets += 1
        try:
            decoded += len(packet.decode())
        except av.error.FFmpegError:
            errors += 1
        if decoded >= AUDIO_FRAMES or packets >= AUDIO_PACKETS:
            break
    if decoded == 0 or errors > decoded:
        raise _unreadable(filename, "a clip or audio file", "its audio does not decode")


def _rewind(container: Any) -> None:
    import av

    # Not seekable (a raw stream): read on from where the stream-info probe stopped.
    with contextlib.suppress(av.error.FFmpegError):
        container.seek(0)


def _first_frame(container: Any, stream: Any, filename: str) -> None:
    """Decode one frame, holding its pixels in the decode budget; ``max_pixels`` makes the
    decoder refuse a frame larger than the header said (a header that lies)."""
    width, height = int(stream.codec_context.width or 0), int(stream.codec_context.height or 0)
    stream.codec_context.options = {"max_pixels": str(MAX_VIDEO_PIXELS)}
    stream.codec_context.thread_count = 1  # one frame in flight, not one per core
    with BUDGET.hold(max(width * height, 1) / 1e6):
        if next(container.decode(stream), None) is None:
            raise _unreadable(filename, "a clip or audio file", "no video frame decodes")


def probe_av(path: Path, sniffed: Sniffed, filename: str) -> dict[str, Any]:
    import av

    try:
        # skip_frame=all: the stream-info probe reads headers and decodes no picture, so the
        # frame size is known (and refused) before a single frame is held in memory.
        with av.open(str(path), options={"skip_frame": "all"}) as container:
            videos = [
                s for s in container.streams.video if not (s.disposition & av.stream.Disposition.attached_pic)
            ]
            audios = list(container.streams.audio)
            if not videos and not audios:
                raise _unreadable(filename, "a clip or audio file", "no video or audio stream")
            duration = _duration(container, videos[0] if videos else audios[0])
            if audios:
                _check_audio(container, audios[0], filename)
            if not videos:
                return {
                    "file_type": "audio",
                    "width": 0,
                    "height": 0,
                    "duration": round(duration, 3),
                    "fps": 0.0,
                    "has_audio": True,
                }
            stream = videos[0]
            width, height = int(stream.codec_context.width or 0), int(stream.codec_context.height or 0)
            if width * height > MAX_VIDEO_PIXELS or max(width, height) > MAX_VIDEO_SIDE:
                raise _too_large_frame(filename, width, height)
            rate = stream.average_rate or stream.guessed_rate
            _rewind(container)
            _first_frame(container, stream, filename)
            return {
                "file_type": "video",
                "width": width,
                "height": height,
                "duration": round(duration, 3),
                "fps": round(float(rate), 3) if rate else 0.0,
                "has_audio": bool(audios),
            }
    except UnsupportedFileType:
        raise
    except (av.error.FFmpegError, OSError, ValueError, StopIteration) as exc:
        raise _unreadable(filename, "a clip or audio file", _scrub(str(exc), path)) from None


def _duration(container: Any, stream: Any) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration) / 1_000_000
    return 0.0


def load_decoders() -> None:
    """Import what probing needs (Pillow and its HEIF plugin, PyAV, the renderer's limits,
    the beat tracker): ~0.2 s that the first upload would otherwise wait for."""
    import av  # noqa: F401
    from PIL import Image, JpegImagePlugin, PngImagePlugin  # noqa: F401

    from ...render import beats, images  # noqa: F401

    _register_heif()


def probe(path: Path, sniffed: Sniffed, filename: str) -> dict[str, Any]:
    if sniffed.kind == "image":
        return probe_image(path, sniffed, filename)
    return probe_av(path, sniffed, filename)
