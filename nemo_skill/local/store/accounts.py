"""Users, bearer tokens (stored as sha256), client ids and the credits ledger.

Balance is derived from the ledger: total granted - charged - held + released.
Every change that reads the balance and then writes runs in one BEGIN IMMEDIATE
transaction, so two concurrent charges cannot both spend the last credits.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import uuid
from dataclasses import dataclass, field

from .db import Database


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    # The "nemo_" prefix lets nemo_skill.redaction.redact() recognise it anywhere.
    return "nemo_" + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Balance:
    available: int
    frozen: int
    spent: int
    granted: int

    @property
    def total(self) -> int:
        """What the user owns right now: available plus what a running message holds."""
        return self.available + self.frozen


@dataclass(frozen=True)
class IssuedToken:
    token: str = field(repr=False)
    user_id: str
    expires_at: float
    credits: int


def issue_anonymous_token(
    db: Database, client_id: str, *, now: float, ttl_s: float, credits: int
) -> IssuedToken | None:
    """A new anonymous user + token + grant; None when this client id got one within ``ttl_s``."""
    with db.write() as conn:
        recent = conn.execute(
            "SELECT 1 FROM client_ids WHERE client_id = ? AND issued_at > ? LIMIT 1", (client_id, now - ttl_s)
        ).fetchone()
        if recent:
            return None
        user_id = "u_" + uuid.uuid4().hex[:20]
        token = new_token()
        conn.execute("INSERT INTO users (id, kind, created_at) VALUES (?, 'anonymous', ?)", (user_id, now))
        conn.execute(
            "INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            (hash_token(token), user_id, now, now + ttl_s),
        )
        conn.execute(
            "INSERT INTO client_ids (client_id, user_id, issued_at) VALUES (?, ?, ?)",
            (client_id, user_id, now),
        )
        conn.execute(
            "INSERT INTO credit_entries (user_id, kind, amount, ref, created_at) VALUES (?, 'grant', ?, 'anonymous', ?)",
            (user_id, credits, now),
        )
    return IssuedToken(token=token, user_id=user_id, expires_at=now + ttl_s, credits=credits)


def user_for_token(db: Database, token: str, *, now: float) -> str | None:
    """The user a live token belongs to, or None (unknown or expired: the caller says which is not leaked)."""
    row = (
        db.read()
        .execute("SELECT user_id, expires_at FROM tokens WHERE token_hash = ?", (hash_token(token),))
        .fetchone()
    )
    if row is None or row["expires_at"] <= now:
        return None
    return str(row["user_id"])


def _balance(conn: sqlite3.Connection, user_id: str) -> Balance:
    rows = conn.execute(
        "SELECT kind, COALESCE(SUM(amount), 0) AS n FROM credit_entries WHERE user_id = ? GROUP BY kind",
        (user_id,),
    ).fetchall()
    sums = {row["kind"]: int(row["n"]) for row in rows}
    frozen = sums.get("hold", 0) - sums.get("release", 0)
    spent = sums.get("charge", 0)
    granted = sums.get("grant", 0)
    return Balance(available=granted - spent - frozen, frozen=frozen, spent=spent, granted=granted)


def balance(db: Database, user_id: str) -> Balance:
    return _balance(db.read(), user_id)


def top_up(db: Database, user_id: str, to: int, *, now: float) -> int:
    """Grant what brings ``available`` back to ``to`` (a machine's own backend); returns the grant."""
    with db.write() as conn:
        missing = to - _balance(conn, user_id).available
        if missing > 0:
            conn.execute(
                "INSERT INTO credit_entries (user_id, kind, amount, ref, created_at) VALUES (?, 'grant', ?, 'top-up', ?)",
                (user_id, missing, now),
            )
    return max(0, missing)


def hold(db: Database, user_id: str, ref: str, wanted: int, *, now: float) -> int:
    """Freeze up to ``wanted`` credits for a running message; returns how many were held (0: none left)."""
    with db.write() as conn:
        amount = max(0, min(wanted, _balance(conn, user_id).available))
        if amount:
            conn.execute(
                "INSERT INTO credit_entries (user_id, kind, amount, ref, created_at) VALUES (?, 'hold', ?, ?, ?)",
                (user_id, amount, ref, now),
            )
    return amount


def _release(conn: sqlite3.Connection, user_id: str, ref: str, now: float) -> None:
    held = conn.execute(
        "SELECT COALESCE(SUM(CASE kind WHEN 'hold' THEN amount ELSE -amount END), 0) FROM credit_entries "
        "WHERE user_id = ? AND ref = ? AND kind IN ('hold', 'release')",
        (user_id, ref),
    ).fetchone()[0]
    if held > 0:
        conn.execute(
            "INSERT INTO credit_entries (user_id, kind, amount, ref, created_at) VALUES (?, 'release', ?, ?, ?)",
            (user_id, held, ref, now),
        )


def release(db: Database, user_id: str, ref: str, *, now: float) -> None:
    with db.write() as conn:
        _release(conn, user_id, ref, now)


def settle(conn: sqlite3.Connection, user_id: str, ref: str, cost: int, *, now: float) -> bool:
    """Inside the caller's write transaction: release the hold, then charge ``cost`` if affordable.

    Returns False (and charges nothing) when the balance cannot pay; the caller rolls back
    or stores nothing.
    """
    _release(conn, user_id, ref, now)
    if cost <= 0:
        return True
    if _balance(conn, user_id).available < cost:
        return False
    conn.execute(
        "INSERT INTO credit_entries (user_id, kind, amount, ref, created_at) VALUES (?, 'charge', ?, ?, ?)",
        (user_id, cost, ref, now),
    )
    return True


def release_stale_holds(db: Database, *, now: float) -> int:
    """At start-up: holds of messages that were running when the server died are returned."""
    with db.write() as conn:
        rows = conn.execute(
            "SELECT user_id, ref FROM credit_entries WHERE kind IN ('hold', 'release') GROUP BY user_id, ref "
            "HAVING SUM(CASE kind WHEN 'hold' THEN amount ELSE -amount END) > 0"
        ).fetchall()
        for row in rows:
            _release(conn, row["user_id"], row["ref"], now)
    return len(rows)
