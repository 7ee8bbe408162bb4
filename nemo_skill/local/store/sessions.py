"""Sessions, their media and their draft history (every edit is a new version)."""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from .db import Database

log = logging.getLogger("nemo_skill.local")


@dataclass(frozen=True)
class SessionRow:
    id: str
    task_id: str
    user_id: str
    skill: str | None
    language: str


@dataclass(frozen=True)
class MediaRow:
    id: str
    session_id: str
    filename: str
    file_type: str
    hash: str
    ext: str
    size: int
    info: dict[str, Any]

    @property
    def file_name(self) -> str:
        """The name on disk under media/: content hash + extension, never the user's name."""
        return f"{self.hash}.{self.ext}"


@dataclass(frozen=True)
class DraftVersion:
    version: int
    draft: dict[str, Any]
    previous_version: int | None
    skipped: tuple[int, ...] = ()
    """Newer versions that could not be read (corrupt rows) and were passed over for this one."""

    @property
    def warning(self) -> str | None:
        if not self.skipped:
            return None
        shown = ", ".join(str(v) for v in self.skipped)
        return f"version(s) {shown} of this timeline could not be read; showing version {self.version}"


def _readable(raw: str) -> dict[str, Any] | None:
    """The stored draft, or None when the row is corrupt (not JSON, not a draft)."""
    from pydantic import ValidationError

    from ...models import Draft

    try:
        draft = json.loads(raw)
        Draft.model_validate(draft)
    except (ValueError, TypeError, RecursionError, ValidationError):
        return None
    return draft if isinstance(draft, dict) else None


def create_session(
    db: Database, user_id: str, *, task_name: str, language: str, skill: str | None, now: float
) -> SessionRow:
    row = SessionRow(
        id="s_" + uuid.uuid4().hex,
        task_id="t_" + uuid.uuid4().hex[:20],
        user_id=user_id,
        skill=skill,
        language=language,
    )
    with db.write() as conn:
        conn.execute(
            "INSERT INTO sessions (id, task_id, user_id, task_name, skill, language, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (row.id, row.task_id, user_id, task_name, skill, language, now),
        )
    return row


def get_session(db: Database, session_id: str) -> SessionRow | None:
    row = db.read().execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
    return _session(row) if row is not None else None


def _session(row: sqlite3.Row) -> SessionRow:
    return SessionRow(row["id"], row["task_id"], row["user_id"], row["skill"], row["language"])


def _media(row: sqlite3.Row) -> MediaRow:
    return MediaRow(
        id=row["id"],
        session_id=row["session_id"],
        filename=row["filename"],
        file_type=row["file_type"],
        hash=row["hash"],
        ext=row["ext"],
        size=int(row["size"]),
        info=json.loads(row["info_json"]),
    )


def add_media(db: Database, session_id: str, items: list[dict[str, Any]], *, now: float) -> list[MediaRow]:
    """Record uploaded files (already on disk) in upload order; ``items`` hold filename/file_type/hash/ext/size/info."""
    out: list[MediaRow] = []
    with db.write() as conn:
        seq = conn.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM media WHERE session_id = ?", (session_id,)
        ).fetchone()[0]
        for item in items:
            seq += 1
            media_id = "m_" + uuid.uuid4().hex[:24]
            conn.execute(
                "INSERT INTO media (id, session_id, seq, filename, file_type, hash, ext, size, info_json, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    media_id,
                    session_id,
                    seq,
                    item["filename"],
                    item["file_type"],
                    item["hash"],
                    item["ext"],
                    item["size"],
                    json.dumps(item["info"]),
                    now,
                ),
            )
            out.append(
                MediaRow(
                    media_id,
                    session_id,
                    item["filename"],
                    item["file_type"],
                    item["hash"],
                    item["ext"],
                    int(item["size"]),
                    dict(item["info"]),
                )
            )
    return out


def list_media(db: Database, session_id: str) -> list[MediaRow]:
    rows = (
        db.read().execute("SELECT * FROM media WHERE session_id = ? ORDER BY seq", (session_id,)).fetchall()
    )
    return [_media(row) for row in rows]


SQL_BATCH = 500  # well under SQLite's limit on bound variables (999 in older builds)


def find_media(db: Database, media_ids: set[str]) -> dict[str, MediaRow]:
    wanted = sorted(media_ids)
    found: dict[str, MediaRow] = {}
    for start in range(0, len(wanted), SQL_BATCH):
        batch = wanted[start : start + SQL_BATCH]
        marks = ",".join("?" * len(batch))
        rows = db.read().execute(f"SELECT * FROM media WHERE id IN ({marks})", batch).fetchall()
        found.update((row["id"], _media(row)) for row in rows)
    return found


def media_by_hash(db: Database, file_hash: str) -> MediaRow | None:
    row = db.read().execute("SELECT * FROM media WHERE hash = ? LIMIT 1", (file_hash,)).fetchone()
    return _media(row) if row else None


def latest_draft(
    db: Database, session_id: str, conn: sqlite3.Connection | None = None
) -> DraftVersion | None:
    """The newest version that can be read: a corrupt row (a disk fault, a bad write) falls
    back to the version before it, with a warning, instead of failing the session forever."""
    cursor = (conn or db.read()).execute(
        "SELECT version, draft_json, previous_version FROM draft_versions WHERE session_id = ? "
        "ORDER BY version DESC",
        (session_id,),
    )
    skipped: list[int] = []
    for row in cursor:
        draft = _readable(row["draft_json"])
        if draft is not None:
            found = DraftVersion(int(row["version"]), draft, row["previous_version"], tuple(skipped))
            if skipped:
                log.warning("session %s: %s", session_id, found.warning)
            return found
        skipped.append(int(row["version"]))
    if skipped:
        log.warning("session %s: no version of its timeline can be read; it starts empty", session_id)
    return None


def draft_version(db: Database, session_id: str, version: int) -> DraftVersion | None:
    """That version, or None when it does not exist or cannot be read."""
    row = (
        db.read()
        .execute(
            "SELECT version, draft_json, previous_version FROM draft_versions WHERE session_id = ? AND version = ?",
            (session_id, version),
        )
        .fetchone()
    )
    draft = _readable(row["draft_json"]) if row is not None else None
    if row is None or draft is None:
        return None
    return DraftVersion(int(row["version"]), draft, row["previous_version"])


def add_draft_version(
    conn: sqlite3.Connection,
    session_id: str,
    draft: dict[str, Any],
    *,
    previous_version: int | None,
    message: str,
    now: float,
) -> int:
    """Inside the caller's write transaction (so the draft and its charge commit together)."""
    version = conn.execute(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM draft_versions WHERE session_id = ?", (session_id,)
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO draft_versions (session_id, version, draft_json, previous_version, message, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (session_id, version, json.dumps(draft, ensure_ascii=False), previous_version, message[:2000], now),
    )
    return int(version)


def latest_session_of(db: Database, user_id: str) -> SessionRow | None:
    """The user's most recently created session (the studio page continues it after a reload)."""
    row = (
        db.read()
        .execute(
            "SELECT * FROM sessions WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
            (user_id,),
        )
        .fetchone()
    )
    return _session(row) if row is not None else None


def redo_version(db: Database, session_id: str, version: int) -> int | None:
    """The version "redo" brings back from ``version`` (None: nothing to redo)."""
    row = (
        db.read()
        .execute(
            "SELECT redo_version FROM draft_redo WHERE session_id = ? AND version = ?", (session_id, version)
        )
        .fetchone()
    )
    return int(row["redo_version"]) if row is not None else None


def set_redo_version(conn: sqlite3.Connection, session_id: str, version: int, redo: int) -> None:
    """Inside the caller's write transaction, with the version it describes."""
    conn.execute(
        "INSERT OR REPLACE INTO draft_redo (session_id, version, redo_version) VALUES (?, ?, ?)",
        (session_id, version, redo),
    )


@dataclass(frozen=True)
class Versions:
    """Where a session's history stands."""

    version: int
    """The latest version (0 before the first draft)."""
    previous_version: int | None
    """What "undo" returns to."""
    redo_version: int | None
    """What "redo" brings back (None: nothing to redo)."""


def versions(db: Database, session_id: str, latest: DraftVersion | None) -> Versions:
    """The history around ``latest`` (the session's latest version, as the caller read it)."""
    if latest is None:
        return Versions(0, None, None)
    return Versions(latest.version, latest.previous_version, redo_version(db, session_id, latest.version))
