"""Received files -> probed media on disk under media/<sha256>.<ext> (never the user's name).

All files of one request are probed before any is kept, so a request with one bad
file stores nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..._exceptions import UnsupportedFileType
from ...models.media_types import accepted_hint, sniff
from .beats import beat_info
from .incoming import IncomingFile
from .probe import probe


def _inspect(item: IncomingFile) -> dict[str, Any]:
    if item.size == 0:
        raise UnsupportedFileType(
            f"{item.filename!r} is empty (0 bytes)", hint="send the file again; it did not arrive"
        )
    sniffed = sniff(item.head)
    if sniffed is None:
        raise UnsupportedFileType(
            f"{item.filename!r} is not a supported photo, clip or audio file (judged by its content)",
            hint=accepted_hint(),
        )
    info = probe(item.tmp_path, sniffed, item.filename)
    file_type = info.pop("file_type")
    info.update(beat_info(item.tmp_path, file_type, item.filename))
    return {
        "filename": item.filename,
        "file_type": file_type,
        "hash": item.sha256,
        "ext": sniffed.ext,
        "size": item.size,
        "info": info,
    }


def ingest(items: list[IncomingFile], media_dir: Path) -> list[dict[str, Any]]:
    """Probe every file, then move them into the content-addressed media folder."""
    try:
        records = [_inspect(item) for item in items]
    except BaseException:
        for item in items:
            item.discard()
        raise
    for item, record in zip(items, records, strict=True):
        final = media_dir / f"{record['hash']}.{record['ext']}"
        if final.exists():
            item.discard()  # same content uploaded before: one copy on disk
        else:
            os.replace(item.tmp_path, final)
    return records
