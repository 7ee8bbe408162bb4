"""Every file a render worker reads or writes goes through :class:`Storage`.

Keys are relative POSIX paths ("media/ab12.jpg", "scale/<render key>/sound.m4a",
"renders/<render key>.mp4"). Today's one implementation, :class:`SharedDir`, is a folder
every machine mounts (NFS or the like, anywhere: keys are relative): reading is opening the file,
publishing is a rename. An object store would download in ``local`` and upload in
``writing``; nothing else in the workers would change.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Protocol

from .._exceptions import ConfigError, InputError


class Storage(Protocol):
    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int: ...

    def local(self, key: str) -> Path:
        """A local file holding ``key``'s bytes, to read (a download for remote stores)."""
        ...

    def writing(self, key: str) -> contextlib.AbstractContextManager[Path]:
        """A local path to write; published under ``key`` at once and whole when the
        block ends without an error, removed when it raises."""
        ...

    def remove_tree(self, prefix: str) -> None: ...

    def list_dir(self, prefix: str) -> list[str]:
        """Names directly under ``prefix`` (none when it does not exist)."""
        ...

    def cache_dir(self) -> Path:
        """A local folder for things made once and reused (the music library's loops)."""
        ...


def _safe(key: str) -> PurePosixPath:
    path = PurePosixPath(key)
    if not key or path.is_absolute() or ".." in path.parts or "\\" in key:
        raise InputError(f"bad storage key {key[:100]!r}")
    return path


class SharedDir:
    """Storage in a folder shared by the server and every worker."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser().absolute()

    @classmethod
    def for_worker(cls, root: Path) -> SharedDir:
        """A worker's view of the server's data dir; refused early if it is not one."""
        store = cls(root)
        if not (store.root / "media").is_dir():
            raise ConfigError(
                f"{store.root} is not the server's data dir (no media folder in it)",
                hint="pass the folder the server uses as --data-dir, as mounted on this machine",
            )
        return store

    def path(self, key: str) -> Path:
        return self.root / _safe(key)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def size(self, key: str) -> int:
        return self.path(key).stat().st_size

    def local(self, key: str) -> Path:
        path = self.path(key)
        if not path.is_file():
            raise InputError(
                f"{key} is missing from the shared data dir", hint="is it mounted on this machine?"
            )
        return path

    @contextlib.contextmanager
    def writing(self, key: str) -> Iterator[Path]:
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        # Hidden, in the same folder: the rename is atomic, and a reader never sees half a file.
        tmp = final.with_name(f".{final.stem}.{uuid.uuid4().hex[:8]}.writing{final.suffix}")
        try:
            yield tmp
            os.replace(tmp, final)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)

    def remove_tree(self, prefix: str) -> None:
        shutil.rmtree(self.path(prefix), ignore_errors=True)

    def cache_dir(self) -> Path:
        return self.root / "cache"

    def list_dir(self, prefix: str) -> list[str]:
        folder = self.path(prefix)
        return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
