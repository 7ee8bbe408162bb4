"""Schema versions: an ordered list of migration functions and a schema_version table.

A new schema change is a new function appended to MIGRATIONS; never edit an old one,
because databases in the field already ran it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it COMMITs first, which would take the migration out of its transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1_initial(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL DEFAULT 'anonymous',
            created_at REAL NOT NULL
        );
        CREATE TABLE tokens (
            token_hash TEXT PRIMARY KEY,           -- sha256 hex, the token itself is never stored
            user_id TEXT NOT NULL REFERENCES users(id),
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL
        );
        CREATE TABLE client_ids (
            client_id TEXT NOT NULL,
            user_id TEXT NOT NULL REFERENCES users(id),
            issued_at REAL NOT NULL
        );
        CREATE INDEX client_ids_by_id ON client_ids(client_id, issued_at);
        CREATE TABLE credit_entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id TEXT NOT NULL REFERENCES users(id),
            kind TEXT NOT NULL CHECK (kind IN ('grant', 'charge', 'hold', 'release')),
            amount INTEGER NOT NULL CHECK (amount >= 0),
            ref TEXT,
            created_at REAL NOT NULL
        );
        CREATE INDEX credit_entries_by_user ON credit_entries(user_id);
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL,
            user_id TEXT NOT NULL REFERENCES users(id),
            task_name TEXT NOT NULL,
            skill TEXT,
            language TEXT NOT NULL DEFAULT 'en',
            created_at REAL NOT NULL
        );
        CREATE TABLE media (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            seq INTEGER NOT NULL,
            filename TEXT NOT NULL,
            file_type TEXT NOT NULL,
            hash TEXT NOT NULL,
            ext TEXT NOT NULL,
            size INTEGER NOT NULL,
            info_json TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE INDEX media_by_session ON media(session_id, seq);
        CREATE TABLE draft_versions (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            version INTEGER NOT NULL,
            draft_json TEXT NOT NULL,
            previous_version INTEGER,              -- what "undo" returns to (None: nothing)
            message TEXT,
            created_at REAL NOT NULL,
            PRIMARY KEY (session_id, version)
        );
        CREATE TABLE render_jobs (
            user_id TEXT NOT NULL REFERENCES users(id),
            id TEXT NOT NULL,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            status TEXT NOT NULL,
            progress REAL NOT NULL DEFAULT 0,
            quality TEXT NOT NULL,
            draft_json TEXT NOT NULL,
            output_file TEXT,
            duration REAL,
            size INTEGER,
            error TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (user_id, id)
        );
        CREATE INDEX render_jobs_by_status ON render_jobs(status, created_at);
        """,
    )


def _v2_redo(conn: sqlite3.Connection) -> None:
    # What "redo" brings back: set on the versions an undo or a redo made; a new edit's
    # version has no row, which is how a new edit ends what can be redone.
    _run_script(
        conn,
        """
        CREATE TABLE draft_redo (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            version INTEGER NOT NULL,
            redo_version INTEGER NOT NULL,
            PRIMARY KEY (session_id, version)
        );
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1_initial, _v2_redo]


def current_version(conn: sqlite3.Connection) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at REAL NOT NULL)"
    )
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> int:
    """Run the migrations this database has not seen; return the resulting version.

    Called inside a write transaction, so a failed migration leaves the old schema.
    """
    version = current_version(conn)
    if version > len(MIGRATIONS):
        raise RuntimeError(
            f"database schema version {version} is newer than this nemo-skill ({len(MIGRATIONS)}); upgrade nemo-skill"
        )
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        step(conn)
        conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (number, time.time()))
    return len(MIGRATIONS)
