"""Received files -> probed media on disk under media/<sha256>.<ext> (never the user's name).

All files of one request are probed before any is kept, so a request with one bad
file stores nothing. A multipart upload probes each file as soon as it has arrived
(:class:`ProbeAhead`), in a worker thread while the next one streams in: probing is
about half of an upload's time on the server (the reference album's 20 photos: ~1 s).
URL uploads go through the same :class:`ProbeAhead`, their files probed side by side
once all are downloaded.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from ..._exceptions import UnsupportedFileType
from ...models.media_types import accepted_hint, sniff
from .beats import beat_info
from .incoming import IncomingFile
from .probe import probe


def inspect(item: IncomingFile) -> dict[str, Any]:
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


class ProbeAhead:
    """Probes files in worker threads as they arrive; :meth:`records` waits for all of them."""

    def __init__(self) -> None:
        self._probes: dict[int, asyncio.Future[dict[str, Any]]] = {}

    def start(self, item: IncomingFile) -> None:
        """Called on the event loop once ``item`` is whole."""
        self._probes[id(item)] = asyncio.get_running_loop().run_in_executor(None, inspect, item)

    async def settle(self) -> None:
        """Wait for the probes started (the upload failed: their answers do not matter)."""
        await asyncio.gather(*self._probes.values(), return_exceptions=True)

    async def records(self, items: list[IncomingFile]) -> list[dict[str, Any]]:
        """Every file's record, in order; on the first failure (in file order) every file
        is discarded and that failure raised."""
        try:
            for item in items:
                # Not probed yet: a URL's download, or a body that ended inside a part.
                if id(item) not in self._probes:
                    item.close()
                    self.start(item)
        except BaseException:  # the last bytes could not be written (a full disk)
            await self.settle()
            for item in items:
                item.discard()
            raise
        results = await asyncio.gather(*(self._probes[id(item)] for item in items), return_exceptions=True)
        failed = next((r for r in results if isinstance(r, BaseException)), None)
        if failed is not None:
            for item in items:
                item.discard()
            raise failed
        return [r for r in results if not isinstance(r, BaseException)]


def keep(items: list[IncomingFile], records: list[dict[str, Any]], media_dir: Path) -> list[dict[str, Any]]:
    """Move probed files into the content-addressed media folder (a copy already there stays)."""
    for item, record in zip(items, records, strict=True):
        final = media_dir / f"{record['hash']}.{record['ext']}"
        if final.exists():
            item.discard()  # same content uploaded before: one copy on disk
        else:
            os.replace(item.tmp_path, final)
    return records
