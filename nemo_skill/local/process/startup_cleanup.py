"""At start-up, before anything runs: leftovers of a server or render worker that died.

A render worker killed with its ffmpeg (an OOM kill, a process-group kill) never gets to
remove its ``*.part*`` files; neither does an upload cut off by a crash. Nothing is
running yet when this is called (the server holds the data dir's lock and has not
started its queue), so every partial file anywhere under the data dir is garbage —
except where render workers of a shared queue (``--queue``) write: they live on across a
server restart, and their own clean-up owns those folders (``skip``).
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("nemo_skill.local")

PARTIAL_MARK = ".part"


def _is_partial(path: Path) -> bool:
    return PARTIAL_MARK in path.name and path.is_file() and not path.is_symlink()


def remove_partial_files(data_dir: Path, *also_emptied: Path, skip: tuple[Path, ...] = ()) -> int:
    """Remove ``*.part*`` files under ``data_dir`` (outside ``skip``) and every file in
    ``also_emptied`` (temp and job folders); returns how many bytes were freed."""
    freed = 0
    doomed = [
        p
        for p in data_dir.rglob(f"*{PARTIAL_MARK}*")
        if _is_partial(p) and not any(folder in p.parents for folder in skip)
    ]
    for folder in also_emptied:
        if folder.is_dir():
            doomed += [p for p in folder.iterdir() if p.is_file() and p not in doomed]
    for path in doomed:
        try:
            size = path.stat().st_size
            path.unlink()
        except OSError:  # gone already, or not ours to remove: nothing to do at start-up
            continue
        freed += size
    if freed:
        log.info("removed %d leftover partial file(s) (%.1f MB)", len(doomed), freed / 1e6)
    return freed
