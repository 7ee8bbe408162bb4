"""Render jobs: one row per (user, client-chosen id); survives restarts."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from .db import Database

PENDING, PROCESSING, COMPLETED, FAILED = "pending", "processing", "completed", "failed"
MAX_ATTEMPTS = 2


@dataclass(frozen=True)
class JobRow:
    user_id: str
    id: str
    session_id: str
    status: str
    progress: float
    quality: str
    draft: dict[str, Any]
    output_file: str | None
    duration: float | None
    size: int | None
    error: str | None
    attempts: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.user_id, self.id)

    @property
    def finished(self) -> bool:
        """Completed or failed: nothing left to run, cancel or watch."""
        return self.status in (COMPLETED, FAILED)


def _job(row: sqlite3.Row) -> JobRow:
    return JobRow(
        user_id=row["user_id"],
        id=row["id"],
        session_id=row["session_id"],
        status=row["status"],
        progress=float(row["progress"]),
        quality=row["quality"],
        draft=json.loads(row["draft_json"]),
        output_file=row["output_file"],
        duration=row["duration"],
        size=row["size"],
        error=row["error"],
        attempts=int(row["attempts"]),
    )


def create_or_get(
    db: Database,
    user_id: str,
    job_id: str,
    session_id: str,
    draft: dict[str, Any],
    quality: str,
    *,
    now: float,
) -> tuple[JobRow, bool]:
    """The job with this id (created now if new); the flag says whether it was created."""
    with db.write() as conn:
        row = conn.execute(
            "SELECT * FROM render_jobs WHERE user_id = ? AND id = ?", (user_id, job_id)
        ).fetchone()
        if row is not None:
            return _job(row), False
        conn.execute(
            "INSERT INTO render_jobs (user_id, id, session_id, status, progress, quality, draft_json, created_at, "
            "updated_at) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?)",
            (user_id, job_id, session_id, quality, json.dumps(draft, ensure_ascii=False), now, now),
        )
        row = conn.execute(
            "SELECT * FROM render_jobs WHERE user_id = ? AND id = ?", (user_id, job_id)
        ).fetchone()
    return _job(row), True


def get(db: Database, user_id: str, job_id: str) -> JobRow | None:
    row = (
        db.read()
        .execute("SELECT * FROM render_jobs WHERE user_id = ? AND id = ?", (user_id, job_id))
        .fetchone()
    )
    return _job(row) if row else None


def completed_for_session(db: Database, session_id: str) -> list[JobRow]:
    rows = (
        db.read()
        .execute(
            "SELECT * FROM render_jobs WHERE session_id = ? AND status = 'completed' ORDER BY updated_at",
            (session_id,),
        )
        .fetchall()
    )
    return [_job(row) for row in rows]


def mark_processing(db: Database, key: tuple[str, str], *, now: float) -> JobRow | None:
    """Claim a pending job for a worker; None if it is no longer pending (another worker, or cancelled)."""
    with db.write() as conn:
        cur = conn.execute(
            "UPDATE render_jobs SET status = 'processing', progress = 0, attempts = attempts + 1, updated_at = ? "
            "WHERE user_id = ? AND id = ? AND status = 'pending'",
            (now, *key),
        )
        if cur.rowcount == 0:
            return None
        row = conn.execute("SELECT * FROM render_jobs WHERE user_id = ? AND id = ?", key).fetchone()
    return _job(row)


def start_attempt(db: Database, key: tuple[str, str], *, now: float) -> JobRow | None:
    """Count one more attempt at an unfinished job sent to a distributed render queue.
    It stays 'pending' until a worker starts on it (mark_running)."""
    with db.write() as conn:
        cur = conn.execute(
            "UPDATE render_jobs SET attempts = attempts + 1, progress = 0, updated_at = ? "
            "WHERE user_id = ? AND id = ? AND status IN ('pending', 'processing')",
            (now, *key),
        )
        if cur.rowcount == 0:
            return None
        row = conn.execute("SELECT * FROM render_jobs WHERE user_id = ? AND id = ?", key).fetchone()
    return _job(row)


def mark_running(db: Database, key: tuple[str, str], *, now: float) -> None:
    with db.write() as conn:
        conn.execute(
            "UPDATE render_jobs SET status = 'processing', updated_at = ? WHERE user_id = ? AND id = ? "
            "AND status = 'pending'",
            (now, *key),
        )


def unfinished(db: Database) -> list[JobRow]:
    """Jobs still pending or processing, oldest first."""
    rows = (
        db.read()
        .execute("SELECT * FROM render_jobs WHERE status IN ('pending', 'processing') ORDER BY created_at")
        .fetchall()
    )
    return [_job(row) for row in rows]


def set_progress(db: Database, key: tuple[str, str], progress: float, *, now: float) -> None:
    with db.write() as conn:
        conn.execute(
            "UPDATE render_jobs SET progress = ?, updated_at = ? WHERE user_id = ? AND id = ? AND status = 'processing'",
            (max(0.0, min(100.0, progress)), now, *key),
        )


def complete(
    db: Database, key: tuple[str, str], output_file: str, duration: float, size: int, *, now: float
) -> None:
    with db.write() as conn:
        conn.execute(
            "UPDATE render_jobs SET status = 'completed', progress = 100, output_file = ?, duration = ?, size = ?, "
            "error = NULL, updated_at = ? WHERE user_id = ? AND id = ? AND status != 'failed'",  # cancelled stays so
            (output_file, duration, size, now, *key),
        )


def fail(db: Database, key: tuple[str, str], error: str, *, now: float) -> None:
    with db.write() as conn:
        conn.execute(
            "UPDATE render_jobs SET status = 'failed', error = ?, updated_at = ? WHERE user_id = ? AND id = ?",
            (error[:1000], now, *key),
        )


def requeue(db: Database, key: tuple[str, str], *, now: float) -> None:
    with db.write() as conn:
        conn.execute(
            "UPDATE render_jobs SET status = 'pending', progress = 0, updated_at = ? WHERE user_id = ? AND id = ?",
            (now, *key),
        )


def recover_after_restart(db: Database, *, now: float) -> list[tuple[str, str]]:
    """Jobs left 'processing' by a server that died: re-run once more, or fail with the reason.

    Returns every job to queue (re-runs plus those that were still pending), oldest first.
    """
    with db.write() as conn:
        for row in conn.execute("SELECT * FROM render_jobs WHERE status = 'processing'").fetchall():
            if int(row["attempts"]) >= MAX_ATTEMPTS:
                conn.execute(
                    "UPDATE render_jobs SET status = 'failed', error = ?, updated_at = ? WHERE user_id = ? AND id = ?",
                    (
                        f"the server stopped during this render {row['attempts']} times; giving up",
                        now,
                        row["user_id"],
                        row["id"],
                    ),
                )
            else:
                conn.execute(
                    "UPDATE render_jobs SET status = 'pending', progress = 0, updated_at = ? WHERE user_id = ? AND id = ?",
                    (now, row["user_id"], row["id"]),
                )
        rows = conn.execute(
            "SELECT user_id, id FROM render_jobs WHERE status = 'pending' ORDER BY created_at"
        ).fetchall()
    return [(row["user_id"], row["id"]) for row in rows]
