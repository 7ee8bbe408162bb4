"""Private JSON files under the config folder, written atomically.

A crash mid-write must never leave a half-written token or sessions file, and the
file must never be readable by others, not even for an instant: the temporary file
is created 0600 in the same folder and then renamed over the old one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..config import ensure_private_dir

__all__ = ["file_sha256", "read_json", "write_private_json"]


def read_json(path: Path) -> dict[str, Any] | None:
    """The object in ``path``, or None when it is missing or unreadable (then it is rewritten)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def write_private_json(path: Path, value: dict[str, Any]) -> None:
    ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(value, handle, indent=2, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def file_sha256(path: Path) -> str:
    """sha256 of a file's content, read in 1 MB pieces (what the backend reports as ``hash``)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
