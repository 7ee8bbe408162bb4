"""A file being received (multipart part or URL download): streamed to a temp file
with a running sha256 and the size limit enforced as bytes arrive."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..._exceptions import FileTooLarge, ServerError
from ...models.media_types import SNIFF_BYTES

_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
MAX_NAME_CHARS = 200
MAX_EXTENSION_CHARS = 10
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _visible(name: str) -> str:
    # Format characters (U+202E right-to-left override, zero-width spaces, U+FEFF...) make
    # "gpj.exe" look like "exe.jpg": a display name keeps only what it shows.
    return "".join(ch for ch in name if unicodedata.category(ch) not in ("Cf", "Cc", "Cs", "Co"))


def safe_filename(raw: str) -> str:
    """The user's file name reduced to a harmless display name (it is never used on disk)."""
    name = _visible(_UNSAFE.sub("", raw)).replace("\\", "/").rsplit("/", 1)[-1].strip()
    if name in ("", ".", ".."):
        return "upload"
    if len(name) <= MAX_NAME_CHARS:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and stem and len(ext) <= MAX_EXTENSION_CHARS:  # shorten the stem, keep ".jpg"
        return f"{stem[: MAX_NAME_CHARS - len(ext) - 1]}.{ext}"
    return name[:MAX_NAME_CHARS]


def storage_error(exc: OSError) -> ServerError | None:
    """A write that failed because the server's disk is full (or a file-size limit): a clear
    507 for the user instead of a parse error; None for other OS errors."""
    if exc.errno not in _DISK_FULL:
        return None
    return ServerError(
        "the server has no room to store this upload (its disk is full, or a file-size limit was hit)",
        code=507,
        http_status=507,
        hint="try again later; whoever runs the server must free some space",
    )


def limit_error(filename: str, limit_bytes: int) -> FileTooLarge:
    return FileTooLarge(
        f"{filename!r} is larger than the {limit_bytes // (1024 * 1024)} MB limit",
        hint="compress or trim it, or send a shorter clip",
        data={"limit_mb": limit_bytes // (1024 * 1024)},
    )


@dataclass
class IncomingFile:
    filename: str
    tmp_path: Path
    limit_bytes: int
    size: int = 0
    head: bytes = b""
    _hash: hashlib._Hash = field(default_factory=hashlib.sha256, repr=False)
    _handle: BinaryIO | None = field(default=None, repr=False)

    @classmethod
    def open(cls, tmp_dir: Path, filename: str, limit_bytes: int) -> IncomingFile:
        path = tmp_dir / f"upload-{secrets.token_hex(12)}.part"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        return cls(
            filename=safe_filename(filename),
            tmp_path=path,
            limit_bytes=limit_bytes,
            _handle=os.fdopen(fd, "wb"),
        )

    def write(self, data: bytes) -> None:
        if not data:
            return
        if self.size + len(data) > self.limit_bytes:
            raise limit_error(self.filename, self.limit_bytes)
        if len(self.head) < SNIFF_BYTES:
            self.head += data[: SNIFF_BYTES - len(self.head)]
        self._hash.update(data)
        assert self._handle is not None
        try:
            self._handle.write(data)
        except OSError as exc:
            raise storage_error(exc) or exc from None
        self.size += len(data)

    def close(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            try:
                handle.close()  # the last buffered bytes are written here
            except OSError as exc:
                raise storage_error(exc) or exc from None

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def discard(self) -> None:
        with contextlib.suppress(OSError, ServerError):  # a write error was reported already
            self.close()
        self.tmp_path.unlink(missing_ok=True)
