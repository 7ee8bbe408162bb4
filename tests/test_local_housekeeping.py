"""The local backend as a good neighbour (issue #13, items 9 and 10): it stops when idle,
can be inspected and stopped, keeps its data dir in check, and never runs its own user
out of credits."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import httpx
import pytest
from backend_helpers import Api, jpeg_bytes, tiny_draft
from conftest import cli, start_server

from nemo_skill.local.process import embedded

DAY_S = 24 * 3600


def _wait_until(predicate, timeout: float, step: float = 0.1) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


@pytest.mark.slow
def test_embedded_backend_stops_after_idle_seconds(nemo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEMO_LOCAL_IDLE", "2")
    url = embedded.ensure_running()
    state = json.loads((nemo_home / "local-backend.json").read_text())
    try:
        assert state["idle_exit_s"] == 2
        # Requests keep it alive: one every 0.5 s for 4 s (twice the idle time) ...
        for _ in range(8):
            assert httpx.post(
                f"{url}/api/auth/anonymous-token", headers={"X-Client-Id": "c"}
            ).status_code in (200, 429)
            time.sleep(0.5)
        assert embedded._alive(state["pid"])
        # ... and without them it stops by itself.
        assert _wait_until(lambda: not embedded._alive(state["pid"]), timeout=20)
        log = (nemo_home / "local-backend" / "server.log").read_text()
        assert "idle exit" in log and "Traceback" not in log
        # The next command simply starts a new one.
        again = embedded.ensure_running()
        assert httpx.get(f"{again}/healthz").status_code == 200
    finally:
        embedded.stop_embedded()


def test_idle_exit_setting_is_checked_and_zero_means_never(monkeypatch: pytest.MonkeyPatch) -> None:
    from nemo_skill import ConfigError

    monkeypatch.delenv("NEMO_LOCAL_IDLE", raising=False)
    assert embedded.embedded_args()[embedded.embedded_args().index("--idle-exit-s") + 1] == "900"
    monkeypatch.setenv("NEMO_LOCAL_IDLE", "0")
    assert embedded.embedded_args()[embedded.embedded_args().index("--idle-exit-s") + 1] == "0"
    monkeypatch.setenv("NEMO_LOCAL_IDLE", "soon")
    with pytest.raises(ConfigError, match="NEMO_LOCAL_IDLE='soon'"):
        embedded.embedded_args()


@pytest.mark.slow
def test_local_status_and_stop_of_the_embedded_backend(nemo_home: Path) -> None:
    done = cli("local", "status")
    assert done.returncode == 0 and "not running" in done.stdout
    try:
        assert cli("credits").returncode == 0  # starts the embedded backend
        done = cli("local", "status", "--json")
        status = json.loads(done.stdout)
        assert done.returncode == 0 and status["running"] and status["embedded"]
        assert status["url"].startswith("http://127.0.0.1:") and status["idle_exit_s"] == 900
        assert status["disk_bytes"]["database"] > 0
        text = cli("local", "status").stdout
        assert "is running at http://127.0.0.1:" in text and "stops by itself after 15 min" in text
        pid = status["pid"]
    finally:
        stopped = cli("local", "stop")
    assert stopped.returncode == 0 and f"Stopped the local backend (pid {pid})" in stopped.stdout
    assert _wait_until(lambda: not embedded._alive(pid), timeout=15)
    assert "not running" in cli("local", "status").stdout
    assert "was not running" in cli("local", "stop").stdout


@pytest.mark.slow
def test_local_status_and_stop_of_a_served_data_dir(tmp_path: Path, nemo_home: Path) -> None:
    server = start_server(tmp_path / "data")
    try:
        status = json.loads(cli("local", "status", "--data-dir", server.data_dir, "--json").stdout)
        assert status["running"] and status["pid"] == server.process.pid and not status["embedded"]
        done = cli("local", "stop", "--data-dir", server.data_dir)
        assert done.returncode == 0 and "Stopped" in done.stdout
        assert server.process.wait(timeout=15) is not None
    finally:
        server.stop()


def _finished_render(api: Api, media_id: str, render_id: str) -> None:
    body = {"id": render_id, "sessionId": api.session_id, "draft": tiny_draft(media_id)}
    assert api.post("/api/render/proxy/lambda", json=body).status_code == 200
    assert _wait_until(
        lambda: api.get(f"/api/render/proxy/lambda/{render_id}").json()["data"]["status"] == "completed",
        timeout=120,
        step=0.2,
    )


@pytest.mark.slow
def test_retention_removes_old_renders_and_unused_uploads(
    tmp_path: Path, nemo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    server = start_server(data, "--credits", "unlimited")  # tokens that outlive the 8 days below
    try:
        api = Api.new(server.url)
        used = api.upload_ok(("a.jpg", jpeg_bytes(64, 48)), ("b.jpg", jpeg_bytes(48, 64, (10, 90, 200))))
        assert not [e for e in api.message("turn these photos into a video") if e["type"] == "error"]
        (unused,) = api.upload_ok(("later.jpg", jpeg_bytes(50, 50, (0, 200, 0))))
        _finished_render(api, used[0]["media_id"], "render_old")
    finally:
        server.stop()
    render_files = list((data / "renders").iterdir())
    assert len(render_files) == 1
    unused_file = data / "media" / f"{unused['hash']}.jpg"
    used_files = [data / "media" / f"{m['hash']}.jpg" for m in used]

    # What the rule would do two hours later with only a size cap: the oldest go first.
    monkeypatch.setenv("NEMO_LOCAL_CLOCK_OFFSET", str(2 * 3600))
    done = cli(
        "local",
        "clean",
        "--data-dir",
        data,
        "--keep-days",
        "0",
        "--max-mb",
        "0.000001",
        "--dry-run",
        "--json",
    )
    monkeypatch.delenv("NEMO_LOCAL_CLOCK_OFFSET")
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["dry_run"] and (report["renders"], report["uploads"]) == (1, 1)
    assert render_files[0].exists() and unused_file.exists()  # a dry run removes nothing

    # Eight days later the server's start-up run removes them by age.
    again = start_server(data, "--credits", "unlimited", env={"NEMO_LOCAL_CLOCK_OFFSET": str(8 * DAY_S)})
    try:
        assert _wait_until(
            lambda: "retention: removed 1 render(s), 1 unused upload(s)" in again.log(), timeout=30
        )
        assert not render_files[0].exists() and not unused_file.exists()
        assert all(path.exists() for path in used_files)  # the timeline still uses these
        api.url = again.url
        job = api.get("/api/render/proxy/lambda/render_old").json()["data"]
        assert job["status"] == "failed" and "retention rule" in job["error"]
        assert [m["filename"] for m in api.state()["video_infos"]] == ["a.jpg", "b.jpg"]
    finally:
        again.stop()


@pytest.mark.slow
def test_own_machine_credits_never_run_out(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data", "--credits", "unlimited")
    try:
        api = Api.new(server.url)
        api.upload_ok(("a.jpg", jpeg_bytes()))
        # As if ~85 edits had spent everything: a real charge in the real ledger.
        with sqlite3.connect(server.data_dir / "nemo-local.sqlite3") as db:
            db.execute(
                "INSERT INTO credit_entries (user_id, kind, amount, ref, created_at) VALUES (?, 'charge', 1000, 'spent', 0)",
                (api.user_id,),
            )
        events = api.message("turn this photo into a video")
        assert not [e for e in events if e["type"] == "error"], events
        credits = api.credits()
        assert credits["unlimited"] is True and credits["available"] == 1000 - 5
    finally:
        server.stop()


@pytest.mark.slow
def test_served_backend_keeps_hosted_rules_unless_told(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data", "--credits", "3")
    try:
        token = httpx.post(f"{server.url}/api/auth/anonymous-token", headers={"X-Client-Id": "one"}).json()
        assert token["data"]["credits"] == 3
        api = Api(url=server.url, token=token["data"]["token"], user_id=token["data"]["user_id"])
        assert api.credits() == {"available": 3, "frozen": 0, "total": 3}  # no "unlimited": hosted-like
    finally:
        server.stop()
    refused = cli("serve", "--port", "0", "--data-dir", tmp_path / "x", "--credits", "lots")
    assert refused.returncode == 1 and "--credits 'lots'" in refused.stderr
