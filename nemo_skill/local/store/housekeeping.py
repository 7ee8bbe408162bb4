"""Queries for the retention rule and the idle exit: which files the store still needs."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .db import Database
from .sessions import SQL_BATCH


@dataclass(frozen=True)
class RenderFile:
    user_id: str
    job_id: str
    output_file: str
    size: int
    finished_at: float


@dataclass(frozen=True)
class MediaFile:
    media_id: str
    session_id: str
    hash: str
    ext: str
    size: int
    created_at: float

    @property
    def file_name(self) -> str:
        return f"{self.hash}.{self.ext}"


def finished_renders(db: Database) -> list[RenderFile]:
    rows = (
        db.read()
        .execute(
            "SELECT user_id, id, output_file, COALESCE(size, 0) AS size, updated_at FROM render_jobs "
            "WHERE status = 'completed' AND output_file IS NOT NULL"
        )
        .fetchall()
    )
    return [
        RenderFile(r["user_id"], r["id"], r["output_file"], int(r["size"]), r["updated_at"]) for r in rows
    ]


def render_outputs(db: Database) -> set[str]:
    """Every output path a job row names (finished or not): those files are not orphans."""
    rows = db.read().execute("SELECT output_file FROM render_jobs WHERE output_file IS NOT NULL").fetchall()
    return {str(r["output_file"]) for r in rows}


def forget_render(db: Database, render: RenderFile, reason: str, *, now: float) -> None:
    """The job stays (its id keeps answering) but says why its video is gone."""
    with db.write() as conn:
        conn.execute(
            "UPDATE render_jobs SET status = 'failed', output_file = NULL, error = ?, updated_at = ? "
            "WHERE user_id = ? AND id = ? AND output_file = ?",
            (reason, now, render.user_id, render.job_id, render.output_file),
        )


def all_media(db: Database) -> list[MediaFile]:
    rows = db.read().execute("SELECT id, session_id, hash, ext, size, created_at FROM media").fetchall()
    return [
        MediaFile(r["id"], r["session_id"], r["hash"], r["ext"], int(r["size"]), r["created_at"])
        for r in rows
    ]


def _sources(draft_json: str) -> set[str] | None:
    """Media ids a stored draft names; None when the row cannot be read (then all count as used)."""
    try:
        draft: Any = json.loads(draft_json)
        return {
            str(seg["src"])
            for track in draft.get("t") or []
            for seg in track.get("sg") or []
            if isinstance(seg, dict) and seg.get("src")
        }
    except (ValueError, TypeError, AttributeError):
        return None


def media_in_use(db: Database) -> tuple[set[str], set[str]]:
    """(media ids the latest draft of their session uses or a queued render needs,
    sessions whose drafts could not be read: all their media counts as used)."""
    conn = db.read()
    used: set[str] = set()
    unreadable: set[str] = set()
    latest = conn.execute(
        "SELECT d.session_id, d.draft_json FROM draft_versions d JOIN "
        "(SELECT session_id, MAX(version) AS v FROM draft_versions GROUP BY session_id) m "
        "ON d.session_id = m.session_id AND d.version = m.v"
    ).fetchall()
    queued = conn.execute(
        "SELECT session_id, draft_json FROM render_jobs WHERE status IN ('pending', 'processing')"
    ).fetchall()
    for row in [*latest, *queued]:
        sources = _sources(row["draft_json"])
        if sources is None:
            unreadable.add(str(row["session_id"]))
        else:
            used |= sources
    return used, unreadable


def delete_media(db: Database, media_ids: Iterable[str]) -> None:
    ids = sorted(media_ids)
    with db.write() as conn:
        for start in range(0, len(ids), SQL_BATCH):
            batch = ids[start : start + SQL_BATCH]
            conn.execute(f"DELETE FROM media WHERE id IN ({','.join('?' * len(batch))})", batch)


def renders_waiting(db: Database) -> bool:
    """A render queued or running: the server is busy even with no request open."""
    row = (
        db.read()
        .execute("SELECT 1 FROM render_jobs WHERE status IN ('pending', 'processing') LIMIT 1")
        .fetchone()
    )
    return row is not None
