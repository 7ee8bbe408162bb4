"""The retention rule: the data dir does not grow without bound.

Removable are finished renders and uploads that no timeline uses any more (not in
their session's latest draft, not in a queued render). They go when older than
``keep_days``, and then the oldest first while together they take more than
``max_mb``; the size rule never touches anything younger than an hour, so a fresh
upload is never taken from under its user. Files no row names (left by a crash) go
after an hour. A removed render keeps its job row, which then says why the video is
gone; an upload shared by several sessions goes only when every session is done with it.

It runs at server start, every hour while the server runs, and on demand
(``nemo-skill local clean``), which works on the data dir directly whether or not a
server is running.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..settings import Retention, ServerSettings
from . import Database
from . import housekeeping as hk

if TYPE_CHECKING:
    from ..context import AppContext

log = logging.getLogger("nemo_skill.local")

RETENTION_EVERY_S = 3600.0
GRACE_S = 3600.0
"""Nothing younger than this is removed by the size rule or as an orphan."""
DAY_S = 86400.0
MB = 1024 * 1024


@dataclass
class _Removable:
    path: Path
    size: int
    age_at: float
    """When it was last wanted (render finished, newest upload of the file)."""
    forget: Callable[[], None]
    kind: str


@dataclass
class CleanReport:
    renders: int = 0
    uploads: int = 0
    orphans: int = 0
    bytes_freed: int = 0
    kept_bytes: int = 0
    """What the rule could still remove later (renders and unused uploads kept)."""
    dry_run: bool = False
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        verb = "would remove" if self.dry_run else "removed"
        return (
            f"{verb} {self.renders} render(s), {self.uploads} unused upload(s) and {self.orphans} "
            f"leftover file(s): {self.bytes_freed / MB:.1f} MB"
        )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _renders(settings: ServerSettings, db: Database, now: float) -> list[_Removable]:
    out = []
    for render in hk.finished_renders(db):
        path = settings.data_dir / render.output_file

        def forget(render: hk.RenderFile = render) -> None:
            hk.forget_render(
                db, render, "the video was removed by the retention rule; export it again", now=now
            )

        out.append(_Removable(path, render.size or _size(path), render.finished_at, forget, "render"))
    return out


def _unused_uploads(settings: ServerSettings, db: Database) -> list[_Removable]:
    used, unreadable = hk.media_in_use(db)
    by_file: dict[str, list[hk.MediaFile]] = {}
    for media in hk.all_media(db):
        by_file.setdefault(media.file_name, []).append(media)
    out = []
    for name, rows in by_file.items():
        if any(m.media_id in used or m.session_id in unreadable for m in rows):
            continue  # some session still needs the file

        def forget(rows: list[hk.MediaFile] = rows) -> None:
            hk.delete_media(db, [m.media_id for m in rows])

        newest = max(m.created_at for m in rows)
        out.append(_Removable(settings.media_dir / name, rows[0].size, newest, forget, "upload"))
    return out


def _orphans(settings: ServerSettings, db: Database, wall_now: float) -> list[Path]:
    """Files under media/ and renders/ that no row names, older than the grace period."""
    known_media = {m.file_name for m in hk.all_media(db)}
    known_renders = {Path(p).name for p in hk.render_outputs(db)}
    found = []
    for folder, known in ((settings.media_dir, known_media), (settings.renders_dir, known_renders)):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            # Hidden and partial files are writes in progress (a render, a queue worker's publish).
            if not path.is_file() or path.name in known or ".part" in path.name or path.name.startswith("."):
                continue
            try:
                if wall_now - path.stat().st_mtime > GRACE_S:
                    found.append(path)
            except OSError:
                continue
    return found


def clean(
    settings: ServerSettings,
    db: Database,
    *,
    now: float | None = None,
    rules: Retention | None = None,
    dry_run: bool = False,
) -> CleanReport:
    """Apply the retention rule once; ``now`` is the store's clock (tests shift it)."""
    now = settings.clock.now() if now is None else now
    rules = rules or settings.retention
    report = CleanReport(dry_run=dry_run)
    candidates = sorted(
        [*_renders(settings, db, now), *_unused_uploads(settings, db)], key=lambda item: item.age_at
    )
    cutoff = now - rules.keep_days * DAY_S if rules.keep_days > 0 else float("-inf")
    doomed = [item for item in candidates if item.age_at < cutoff]
    kept = [item for item in candidates if item.age_at >= cutoff]
    if rules.max_mb > 0:
        total = sum(item.size for item in kept)
        while kept and total > rules.max_mb * MB and kept[0].age_at <= now - GRACE_S:
            item = kept.pop(0)  # oldest first
            doomed.append(item)
            total -= item.size
    report.kept_bytes = sum(item.size for item in kept)
    for item in doomed:
        report.removed.append(f"{item.kind}: {item.path.name}")
        report.bytes_freed += item.size
        if item.kind == "render":
            report.renders += 1
        else:
            report.uploads += 1
        if not dry_run:
            item.forget()  # the row first: a row naming a missing file would be worse
            item.path.unlink(missing_ok=True)
    for path in _orphans(settings, db, time.time()):
        report.orphans += 1
        report.bytes_freed += _size(path)
        report.removed.append(f"leftover: {path.name}")
        if not dry_run:
            path.unlink(missing_ok=True)
    return report


async def clean_in_background(ctx: AppContext, *, every_s: float) -> None:
    """At start and then every ``every_s`` seconds, in a worker thread; failures are logged."""
    while True:
        try:
            report = await asyncio.to_thread(clean, ctx.settings, ctx.db)
            if report.bytes_freed or report.removed:
                log.info("retention: %s", report.summary())
        except Exception:
            log.exception("retention clean-up failed; trying again later")
        await asyncio.sleep(every_s)
