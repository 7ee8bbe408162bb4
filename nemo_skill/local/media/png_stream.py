"""A PNG decoded a strip of rows at a time: every byte checked, memory bounded by the strip.

Pillow decodes a PNG whole, at 4 bytes per pixel: a 140 KB file of 7000x7000 pixels
costs ~200 MB before a thumbnail can be made. Here the chunks are read and their CRCs
checked, the zlib stream is inflated a piece at a time, and every ``STRIP_PIXELS``
worth of rows is un-filtered by Pillow's own PNG row decoder: the strip is handed to it
as a tiny PNG body whose first row is the previous strip's last row, already
un-filtered (filter type 0), so the rows that refer to the row above ("up", "average",
"paeth") decode exactly as in the whole image. Each strip is shrunk into the thumbnail
and dropped.

Covered: non-interlaced PNGs of 8 bits per sample (grey, RGB, palette, grey+alpha,
RGBA), which is what cameras, phones and editors write. Others (interlaced, 16-bit,
1/2/4-bit) return None and the caller decodes them whole, within the decode budget.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

SIGNATURE = b"\x89PNG\r\n\x1a\n"
STRIP_PIXELS = 1_000_000
STRIP_MP = 2.0
"""What a strip costs in the decode budget: the strip and its RGB copy."""
_READ = 64 * 1024
_MAX_CHUNK = 64 * 1024 * 1024  # a non-image chunk (text, ICC profile) larger than this is not a photo
# (bit depth, colour type) -> Pillow mode, samples per pixel
_LAYOUTS = {(8, 0): ("L", 1), (8, 2): ("RGB", 3), (8, 3): ("P", 1), (8, 4): ("LA", 2), (8, 6): ("RGBA", 4)}


class PngError(ValueError):
    """The file is not an intact PNG; the message says what is wrong, without any path."""


@dataclass(frozen=True)
class PngHeader:
    width: int
    height: int
    bit_depth: int
    color_type: int
    interlaced: bool

    @property
    def streamable(self) -> bool:
        return not self.interlaced and (self.bit_depth, self.color_type) in _LAYOUTS


def _chunk_head(handle: BinaryIO) -> tuple[int, bytes]:
    head = handle.read(8)
    if len(head) < 8:
        raise PngError("the file ends before its last chunk (truncated)")
    length, kind = struct.unpack(">I4s", head)
    if length > 0x7FFFFFFF:
        raise PngError("a chunk has an impossible length")
    return length, kind


def _check_crc(handle: BinaryIO, crc: int, kind: bytes) -> None:
    stored = handle.read(4)
    if len(stored) < 4:
        raise PngError("the file ends inside a chunk (truncated)")
    if struct.unpack(">I", stored)[0] != crc & 0xFFFFFFFF:
        raise PngError(f"the {kind.decode('latin-1')} chunk is corrupt (CRC mismatch)")


def _small_chunk(handle: BinaryIO, length: int, kind: bytes) -> bytes:
    if length > _MAX_CHUNK:
        raise PngError(f"the {kind.decode('latin-1')} chunk is implausibly large")
    data = handle.read(length)
    if len(data) < length:
        raise PngError("the file ends inside a chunk (truncated)")
    _check_crc(handle, zlib.crc32(kind + data), kind)
    return data


def read_header(path: Path) -> PngHeader:
    with path.open("rb") as handle:
        if handle.read(8) != SIGNATURE:
            raise PngError("not a PNG signature")
        length, kind = _chunk_head(handle)
        if kind != b"IHDR" or length != 13:
            raise PngError("the first chunk is not a valid IHDR")
        width, height, depth, color, _, _, interlace = struct.unpack(
            ">IIBBBBB", _small_chunk(handle, length, kind)
        )
    if width == 0 or height == 0:
        raise PngError("the image has no pixels")
    return PngHeader(width, height, depth, color, interlace == 1)


class _Thumbnail:
    """Strips shrunk into one small RGB picture as they arrive."""

    def __init__(self, width: int, height: int, max_side: int) -> None:
        from PIL import Image

        scale = min(1.0, max_side / max(width, height))
        self.scale = scale
        self.size = (max(1, round(width * scale)), max(1, round(height * scale)))
        self.image = Image.new("RGB", self.size)

    def add(self, strip: Any, first_row: int, palette: bytes | None) -> None:
        from PIL import Image

        rows = strip.height
        top, bottom = round(first_row * self.scale), round((first_row + rows) * self.scale)
        if bottom <= top:
            return
        if strip.mode == "P" and palette is not None:
            strip.putpalette(palette)
        part = strip.convert("RGB").resize((self.size[0], bottom - top), Image.Resampling.BOX)
        self.image.paste(part, (0, min(top, self.size[1] - 1)))


def stream_thumbnail(path: Path, header: PngHeader, max_side: int = 64) -> Any:
    """Decode every row of a streamable PNG in strips; return an RGB thumbnail (PIL image).

    Raises :class:`PngError` for anything that is not an intact PNG: a CRC mismatch, a
    broken or short zlib stream, an unknown filter type, missing IEND.
    """
    from PIL import Image

    mode, samples = _LAYOUTS[(header.bit_depth, header.color_type)]
    width, height = header.width, header.height
    stride = 1 + width * samples
    rows_per_strip = max(1, STRIP_PIXELS // width)
    thumb = _Thumbnail(width, height, max_side)
    inflate = zlib.decompressobj()
    pending = bytearray()
    state: dict[str, Any] = {"row": 0, "previous": None, "palette": None}

    def decode_rows(count: int) -> None:
        raw = bytes(pending[: count * stride])
        del pending[: count * stride]
        previous = state["previous"]
        body = raw if previous is None else b"\x00" + previous + raw
        total = count + (previous is not None)
        try:
            strip = Image.frombytes(mode, (width, total), zlib.compress(body, 0), "zip", mode)
        except (ValueError, OSError) as exc:
            raise PngError(f"row data is corrupt ({exc})") from None
        own = strip if previous is None else strip.crop((0, 1, width, total))
        thumb.add(own, state["row"], state["palette"])
        state["previous"] = strip.crop((0, total - 1, width, total)).tobytes("raw", mode)
        state["row"] += count

    def feed(data: bytes) -> None:
        while data and state["row"] < height:  # data after the last row is never inflated
            try:
                # Bounded output per call: a few KB of zlib can expand to hundreds of MB.
                pending.extend(inflate.decompress(data, rows_per_strip * stride))
            except zlib.error as exc:
                raise PngError(f"the compressed image data is corrupt ({exc})") from None
            data = inflate.unconsumed_tail
            while len(pending) >= rows_per_strip * stride and state["row"] < height:
                decode_rows(min(rows_per_strip, height - state["row"]))
        if state["row"] >= height:
            pending.clear()

    with path.open("rb") as handle:
        handle.seek(8)
        while True:
            length, kind = _chunk_head(handle)
            if kind == b"IDAT":
                crc = zlib.crc32(kind)
                remaining = length
                while remaining:
                    piece = handle.read(min(remaining, _READ))
                    if not piece:
                        raise PngError("the file ends inside the image data (truncated)")
                    crc = zlib.crc32(piece, crc)
                    remaining -= len(piece)
                    feed(piece)
                _check_crc(handle, crc, kind)
                continue
            data = _small_chunk(handle, length, kind)
            if kind == b"PLTE":
                state["palette"] = data
            elif kind == b"IEND":
                break
    if state["row"] < height:
        try:
            pending.extend(inflate.flush())
        except zlib.error as exc:
            raise PngError(f"the compressed image data is corrupt ({exc})") from None
        left = len(pending) // stride
        if left and state["row"] + left >= height:
            decode_rows(height - state["row"])
        else:
            raise PngError(f"the image data stops after {state['row'] + left} of {height} rows (truncated)")
    if header.color_type == 3 and state["palette"] is None:
        raise PngError("a palette image without a palette")
    return thumb.image
