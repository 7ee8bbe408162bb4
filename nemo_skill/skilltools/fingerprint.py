"""Content fingerprints of skill folders, and the record an install leaves behind.

An installed copy carries ``.nemo-skill.json``: what was installed, from where, and
the sha256 of every file as installed. Comparing that with the folder tells whether
someone edited the copy (so an install must not overwrite it without ``--force``);
comparing the recorded source digest with the source folder tells whether the copy
is out of date.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ..files import file_sha256 as _file_sha256
from ..manifest import VARIANT_FILE
from ..platform import INSTALL_RECORD

RECORD_FILE = INSTALL_RECORD
# Never part of a skill's content: our own record, the variant a bundled skill is rendered
# from, and platform/OS litter.
IGNORED_NAMES = frozenset({RECORD_FILE, VARIANT_FILE, "__pycache__", ".DS_Store", "Thumbs.db"})


def folder_digest(folder: Path) -> str:
    """sha256 over every file's relative path and content (symlinks by their target text)."""
    outer = hashlib.sha256()
    for rel, path in _walk(folder):
        outer.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        if path.is_symlink():
            outer.update(b"L" + os.readlink(path).encode("utf-8", "surrogateescape"))
        else:
            outer.update(b"F" + _file_sha256(path).encode("ascii"))
        outer.update(b"\n")
    return outer.hexdigest()


def _walk(folder: Path) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_NAMES)
        base = Path(dirpath)
        for name in filenames:
            if name in IGNORED_NAMES:
                continue
            path = base / name
            found.append((path.relative_to(folder).as_posix(), path))
        # Symlinked folders are listed as dirnames but not followed: hash them as links.
        for name in list(dirnames):
            if (base / name).is_symlink():
                found.append(((base / name).relative_to(folder).as_posix(), base / name))
    return sorted(found)


@dataclass(frozen=True)
class InstallRecord:
    """What ``skills install`` wrote; stored as JSON in the installed folder."""

    name: str
    version: str
    platform: str
    source: str
    source_digest: str
    digest: str
    python: str
    installed_at: str
    runtime_version: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"


def read_record(folder: Path) -> InstallRecord | None:
    """The install record, or None when absent or unreadable (the copy is not ours)."""
    try:
        data = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
        return InstallRecord(**data)
    except (OSError, ValueError, TypeError):
        return None


def write_record(folder: Path, record: InstallRecord) -> None:
    (folder / RECORD_FILE).write_text(record.to_json(), encoding="utf-8")


def is_modified(folder: Path, record: InstallRecord) -> bool:
    """True when the installed files no longer match what was installed."""
    return folder_digest(folder) != record.digest
