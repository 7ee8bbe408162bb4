"""A file being received (multipart part or URL download): streamed to a temp file
with a running sha256 and the size limit enforced as bytes arrive."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .._exceptions import FileTooLarge
from .media_sniff import SNIFF_BYTES

_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def safe_filename(raw: str) -> str:
    """The user's file name reduced to a harmless display name (it is never used on disk)."""
    name = _UNSAFE.sub("", raw).replace("\\", "/").rsplit("/", 1)[-1].strip()
    if name in ("", ".", ".."):
        return "upload"
    return name[:200]


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
        self._handle.write(data)
        self.size += len(data)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def discard(self) -> None:
        self.close()
        self.tmp_path.unlink(missing_ok=True)
