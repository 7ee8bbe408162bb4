"""Multipart uploads parsed straight from the request stream (python-multipart's
streaming parser): each ``files`` part goes to disk as it arrives, memory stays flat."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header

from ..._exceptions import BadRequest, FileTooLarge, ServerError
from .incoming import IncomingFile, storage_error

FILE_FIELDS = {"files", "file"}
# After a limit is hit the rest of the body is read and dropped (so the client gets the
# 4002 answer instead of a reset connection) but only up to this much.
MAX_DRAIN_BYTES = 256 * 1024 * 1024


class _PartCollector:
    """python-multipart callbacks -> IncomingFile objects (one per ``files`` part)."""

    def __init__(
        self, tmp_dir: Path, limit_bytes: int, on_file: Callable[[IncomingFile], None] | None = None
    ) -> None:
        self.tmp_dir = tmp_dir
        self.limit_bytes = limit_bytes
        self.on_file = on_file
        self.files: list[IncomingFile] = []
        self._current: IncomingFile | None = None
        self._header_field = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field_data,
            "on_header_value": self._header_value_data,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self._headers = {}
        self._current = None

    def _header_field_data(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _header_value_data(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._header_field.lower()] = self._header_value
        self._header_field = b""
        self._header_value = b""

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if name not in FILE_FIELDS or b"filename" not in params:
            return  # other form fields are ignored
        filename = params[b"filename"].decode("utf-8", "replace")
        self._current = IncomingFile.open(self.tmp_dir, filename, self.limit_bytes)
        self.files.append(self._current)

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._current is not None:
            self._current.write(data[start:end])

    def _part_end(self) -> None:
        if self._current is not None:
            done, self._current = self._current, None
            done.close()
            if self.on_file is not None:
                self.on_file(done)

    def discard_all(self) -> None:
        for item in self.files:
            item.discard()


def boundary_of(content_type: str) -> bytes:
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise BadRequest(
            "multipart upload without a boundary in Content-Type", hint="send multipart/form-data"
        )
    return boundary


async def receive_files(
    content_type: str,
    stream: AsyncIterator[bytes],
    tmp_dir: Path,
    limit_bytes: int,
    on_file: Callable[[IncomingFile], None] | None = None,
) -> list[IncomingFile]:
    """Stream every ``files`` part of the body to a temp file; all are removed on any error.
    ``on_file`` is told of each file once it is whole (on the event loop)."""
    collector = _PartCollector(tmp_dir, limit_bytes, on_file)
    parser = MultipartParser(boundary_of(content_type), collector.callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in stream:
            try:
                parser.write(chunk)
            except FileTooLarge:
                collector.discard_all()
                await _drain(stream)
                raise
        parser.finalize()
    except FileTooLarge:
        raise
    except Exception as exc:
        collector.discard_all()
        if isinstance(exc, (BadRequest, ServerError)):
            raise
        full = storage_error(exc) if isinstance(exc, OSError) else None
        if full is not None:
            raise full from None
        raise BadRequest(f"the multipart body could not be parsed ({type(exc).__name__})") from None
    if not collector.files:
        raise BadRequest(
            "the upload has no 'files' part", hint="send one or more files in multipart fields named 'files'"
        )
    return collector.files


async def _drain(stream: AsyncIterator[bytes]) -> None:
    seen = 0
    try:
        async for chunk in stream:
            seen += len(chunk)
            if seen > MAX_DRAIN_BYTES:
                return
    except Exception:  # the client may already have given up; nothing to tell it
        return
