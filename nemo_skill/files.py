"""Files the runtime reads and writes, checked and written one way everywhere.

* Private JSON under the config folder (token, sessions), written atomically: a crash
  mid-write never leaves a half-written file, and the file is never readable by others,
  not even for an instant (the temporary file is created 0600 in the same folder and
  then renamed over the old one).
* A file's sha256 (uploads resumed by content, skill fingerprints).
* Where a result may go (an exported MP4, a rendered video, a storyboard): checked
  before any work starts, so a bad ``-o`` costs nothing.
* Whether an input names a file or an http(s) URL (light to import: ``make`` asks before
  its other imports).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ._exceptions import InputError
from .config import ensure_private_dir

__all__ = ["check_output_path", "file_sha256", "read_json", "write_private_json"]


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


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


def check_output_path(path: Path, *, force: bool, suffix: str | None = ".mp4") -> Path:
    """The target, made absolute, or the reason it cannot be written (before any work).

    A name without an extension gets ``suffix``; the folder must exist and take a new
    file; an existing file is replaced only with ``force``."""
    target = Path(path).expanduser().absolute()
    if suffix is not None and not target.suffix:
        target = target.with_name(target.name + suffix)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise InputError(f"folder {folder} does not exist", hint="create it first, or pick another -o path")
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder", hint="pick another -o path")
    _probe_writable(folder)
    if target.is_dir():
        raise InputError(f"{target} is a folder", hint="give a file name, e.g. -o video.mp4")
    if target.exists() and not force:
        raise InputError(
            f"{target} already exists", hint="pass --force to overwrite it, or pick another -o path"
        )
    return target


def _probe_writable(folder: Path) -> None:
    """Create and remove a file: permission bits lie (root, ACLs, read-only mounts), trying does not."""
    try:
        fd, name = tempfile.mkstemp(prefix=".nemo-write-test-", dir=folder)
    except OSError as exc:
        raise InputError(
            f"cannot write into {folder} ({exc.strerror or 'not writable'})", hint="pick another -o path"
        ) from None
    os.close(fd)
    os.unlink(name)
