"""The local backend's store on its own: migrations, atomic credits, job recovery."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from nemo_skill.local.store import Database, accounts, jobs
from nemo_skill.local.store import sessions as session_store
from nemo_skill.local.store.migrations import MIGRATIONS


def test_schema_is_versioned_and_migrations_run_once(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    Database(path).close()
    Database(path).close()
    conn = sqlite3.connect(path)
    versions = [row[0] for row in conn.execute("SELECT version FROM schema_version")]
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.execute("INSERT INTO schema_version VALUES (?, 0)", (len(MIGRATIONS) + 1,))
    conn.commit()
    conn.close()
    assert versions == list(range(1, len(MIGRATIONS) + 1))
    assert mode == "wal"
    with pytest.raises(RuntimeError, match="newer"):
        Database(path)


def test_concurrent_charges_never_overspend(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    issued = accounts.issue_anonymous_token(db, "client", now=0, ttl_s=100, credits=12)
    assert issued is not None
    user = issued.user_id
    results: list[bool] = []

    def spend(n: int) -> None:
        ref = f"run{n}"
        held = accounts.hold(db, user, ref, 5, now=1)
        with db.write() as conn:
            results.append(held > 0 and accounts.settle(conn, user, ref, 5, now=1))
        db.close()

    threads = [threading.Thread(target=spend, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    balance = accounts.balance(db, user)
    assert results.count(True) == 2  # 12 credits pay for two 5-credit generations, no more
    assert balance.available == 2 and balance.frozen == 0 and balance.spent == 10


def test_stale_holds_are_returned(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    issued = accounts.issue_anonymous_token(db, "client", now=0, ttl_s=100, credits=100)
    assert issued is not None
    assert accounts.hold(db, issued.user_id, "run-died", 5, now=1) == 5
    assert accounts.balance(db, issued.user_id).frozen == 5
    assert accounts.release_stale_holds(db, now=2) == 1
    assert accounts.balance(db, issued.user_id).available == 100


def test_interrupted_jobs_are_rerun_once_then_failed(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    issued = accounts.issue_anonymous_token(db, "client", now=0, ttl_s=100, credits=100)
    assert issued is not None
    session = session_store.create_session(
        db, issued.user_id, task_name="p", language="en", skill=None, now=0
    )
    job, created = jobs.create_or_get(db, issued.user_id, "r1", session.id, {"t": []}, "high", now=0)
    assert created and job.status == "pending"
    assert jobs.mark_processing(db, job.key, now=1) is not None
    assert jobs.recover_after_restart(db, now=2) == [job.key]  # first crash: re-run
    assert jobs.mark_processing(db, job.key, now=3) is not None
    assert jobs.recover_after_restart(db, now=4) == []  # second crash: give up, with a reason
    final = jobs.get(db, *job.key)
    assert final is not None and final.status == "failed" and "stopped" in (final.error or "")
