"""Uploads: files checked before anything is sent, then streamed from disk.

The protocol's 4001 (type) and 4002 (size) answers are given locally, without a
round trip, from the skill's limit and the accepted types. The type is judged by
the extension AND the first bytes, so a text file renamed ``.jpg`` is refused
here exactly as the backend would. Files go several per request as multipart
``files`` fields; httpx reads each file object in 64 KB chunks, so memory does
not grow with the file size.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .._exceptions import FileTooLarge, InputError, UnsupportedFileType
from ..files import is_url
from ..models import MediaInfo, UploadData, UrlUploadRequest
from ..models.media_types import (
    ACCEPTED_EXTENSIONS,
    SNIFF_BYTES,
    accepted_hint,
    content_fits_extension,
    sniff,
)
from ..models.protocol import UPLOAD
from ._http import HttpClient
from .progress import Reporter

__all__ = [
    "CheckedFile",
    "check_file",
    "check_files",
    "is_url",
    "upload_files",
    "upload_urls",
]

# A request carries at most this many files / bytes, so one failure costs little.
MAX_FILES_PER_REQUEST = 10
MAX_BYTES_PER_REQUEST = 256 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    path: Path
    size: int
    extension: str


def check_file(path: Path | str, *, max_file_mb: int) -> CheckedFile:
    """A file ready to send, or the error the backend would give (before any round trip)."""
    path = Path(path).expanduser()
    shown = str(path)
    if not path.exists():
        raise InputError(f"{shown}: no such file", hint="check the path and try again")
    if path.is_dir():
        raise InputError(
            f"{shown} is a folder, not a file", hint=f"pass the files inside it, e.g. {shown}/*.jpg"
        )
    if not path.is_file():
        raise InputError(f"{shown} is not a regular file")
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
            size = os.fstat(handle.fileno()).st_size
    except PermissionError:
        raise InputError(
            f"{shown} cannot be read (permission denied)", hint="check the file's permissions"
        ) from None
    except OSError as exc:
        raise InputError(f"{shown} cannot be read ({exc.strerror or 'I/O error'})") from None
    extension = path.suffix.lower().lstrip(".")
    if size == 0:
        raise InputError(f"{shown} is empty", hint="pick the real photo, clip or music file")
    if extension not in ACCEPTED_EXTENSIONS:
        raise UnsupportedFileType(
            f"{shown}: .{extension or '(no extension)'} files are not supported",
            code=4001,
            hint=accepted_hint(),
        )
    found = sniff(head)
    if not content_fits_extension(extension, found):
        raise UnsupportedFileType(
            f"{shown} does not contain a {extension.upper()} file (its content is "
            f"{'an unsupported format' if found is None else found.ext.upper()})",
            code=4001,
            hint=accepted_hint(),
        )
    limit = max_file_mb * 1024 * 1024
    if size > limit:
        raise FileTooLarge(
            f"{shown} is {size / 1024 / 1024:.0f} MB, over this skill's {max_file_mb} MB limit",
            code=4002,
            hint=f"compress the file or trim the clip below {max_file_mb} MB, then try again",
        )
    return CheckedFile(path, size, extension)


def check_files(paths: Sequence[Path | str], *, max_file_mb: int) -> list[CheckedFile]:
    if not paths:
        raise InputError("no files given", hint="name at least one photo, clip or music file")
    return [check_file(path, max_file_mb=max_file_mb) for path in paths]


class _ProgressReader:
    """A file object that tells the progress bar how much of it httpx has read."""

    def __init__(self, handle: BinaryIO, on_read: Callable[[int], None]) -> None:
        self._handle, self._on_read = handle, on_read

    def read(self, n: int = -1) -> bytes:
        chunk = self._handle.read(n)
        self._on_read(len(chunk))
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._handle.seek(offset, whence)

    def tell(self) -> int:
        return self._handle.tell()

    def fileno(self) -> int:
        return self._handle.fileno()


def _batches(files: Sequence[CheckedFile]) -> Iterator[list[CheckedFile]]:
    batch: list[CheckedFile] = []
    total = 0
    for item in files:
        if batch and (len(batch) >= MAX_FILES_PER_REQUEST or total + item.size > MAX_BYTES_PER_REQUEST):
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += item.size
    if batch:
        yield batch


def _media(data: Any) -> list[MediaInfo]:
    return UploadData.model_validate(data).files if isinstance(data, dict) else []


def upload_files(
    http: HttpClient,
    session_id: str,
    files: Sequence[CheckedFile],
    *,
    progress: Reporter | None = None,
) -> list[MediaInfo]:
    """Send checked files, several per request. ``progress`` moves with the bytes
    actually streamed and names the file being sent, so a large file shows its own
    progress instead of a bar stuck until its request ends."""
    total = sum(item.size for item in files) or 1
    done = 0
    uploaded: list[MediaInfo] = []

    def reporter_for(name: str) -> Callable[[int], None]:
        def on_read(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress(f"uploading {name}", min(done / total, 1.0))

        return on_read

    for batch in _batches(files):
        start = done
        handles = [item.path.open("rb") for item in batch]
        try:
            fields = [
                (
                    "files",
                    (
                        item.path.name,
                        _ProgressReader(handle, reporter_for(item.path.name)),
                        "application/octet-stream",
                    ),
                )
                for item, handle in zip(batch, handles, strict=True)
            ]
            data = http.call(UPLOAD.method, UPLOAD.path(sid=session_id), files=fields, timeout=600)
        finally:
            for handle in handles:
                handle.close()
        uploaded.extend(_media(data))
        done = start + sum(item.size for item in batch)  # exact again, even if a retry streamed twice
        if progress is not None:
            progress(f"uploaded {len(uploaded)} of {len(files)} file(s)", done / total)
    return uploaded


def upload_urls(http: HttpClient, session_id: str, urls: Sequence[str]) -> list[MediaInfo]:
    for url in urls:
        if not is_url(url):
            raise InputError(f"{url!r} is not an http(s) URL")
    body = UrlUploadRequest(urls=list(urls)).model_dump()
    data = http.call(UPLOAD.method, UPLOAD.path(sid=session_id), json=body, timeout=600)
    return _media(data)
