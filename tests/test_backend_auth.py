"""Local backend: anonymous tokens, bearer auth, sessions, credits, bad JSON."""

from __future__ import annotations

import sqlite3
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest
from backend_helpers import Api, new_token
from conftest import LocalServer, start_server


@pytest.mark.slow
def test_anonymous_token_has_100_credits_and_lives_7_days(local_server: LocalServer) -> None:
    data = new_token(local_server.url)
    assert data["token"].startswith("nemo_") and data["credits"] == 100
    expires = datetime.strptime(data["expires_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    days = (expires - datetime.now(timezone.utc)).total_seconds() / 86400
    assert 6.99 < days <= 7.0
    api = Api(url=local_server.url, token=data["token"], user_id=data["user_id"])
    assert api.credits() == {"available": 100, "frozen": 0, "total": 100}


def test_missing_client_id_is_400(local_server: LocalServer) -> None:
    response = httpx.post(f"{local_server.url}/api/auth/anonymous-token")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 400 and "X-Client-Id" in body["message"] and body["data"] is None


def test_same_client_id_within_7_days_is_429(local_server: LocalServer) -> None:
    client_id = str(uuid.uuid4())
    new_token(local_server.url, client_id)
    again = httpx.post(f"{local_server.url}/api/auth/anonymous-token", headers={"X-Client-Id": client_id})
    assert again.status_code == 429 and again.json()["code"] == 429


def test_missing_and_bad_tokens_are_1001(local_server: LocalServer) -> None:
    url = f"{local_server.url}/api/credits/balance/simple"
    for headers in (
        {},
        {"Authorization": "Bearer nemo_not-a-real-token-at-all"},
        {"Authorization": "Basic abc"},
    ):
        response = httpx.get(url, headers=headers)
        assert response.status_code == 401, headers
        assert response.json()["code"] == 1001


@pytest.mark.slow
def test_token_expires_after_7_days(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    server = start_server(data_dir)
    try:
        api = Api.new(server.url)
        assert api.credits()["available"] == 100
    finally:
        server.stop()
    # The same data dir, with the server's clock 8 days ahead: the token is dead.
    later = start_server(data_dir, env={"NEMO_LOCAL_CLOCK_OFFSET": str(8 * 86400)})
    try:
        response = httpx.get(
            f"{later.url}/api/credits/balance/simple", headers={"Authorization": f"Bearer {api.token}"}
        )
        assert response.status_code == 401 and response.json()["code"] == 1001
        assert "expired" in response.json()["message"]
    finally:
        later.stop()


def test_tokens_are_stored_hashed(local_server: LocalServer) -> None:
    api = Api.new(local_server.url, session=False)
    raw = b"".join(p.read_bytes() for p in local_server.data_dir.glob("nemo-local.sqlite3*"))
    assert api.token.encode() not in raw
    conn = sqlite3.connect(local_server.data_dir / "nemo-local.sqlite3")
    hashes = [row[0] for row in conn.execute("SELECT token_hash FROM tokens")]
    conn.close()
    assert all(len(h) == 64 for h in hashes) and hashes


def test_session_belongs_to_its_user(local_server: LocalServer) -> None:
    owner = Api.new(local_server.url)
    stranger = Api.new(local_server.url)
    assert owner.state()["draft"] is None
    for path in (f"/api/state/nemo_agent/me/{owner.session_id}/latest",):
        response = stranger.get(path)
        assert response.status_code == 404 and response.json()["code"] == 1002
    unknown = owner.get("/api/state/nemo_agent/me/s_doesnotexist/latest")
    assert unknown.status_code == 404 and unknown.json()["code"] == 1002
    upload = stranger.upload(("a.txt", b"x"), session_id=owner.session_id)
    assert upload.status_code == 404 and upload.json()["code"] == 1002


def test_session_defaults_and_bad_bodies(local_server: LocalServer) -> None:
    api = Api.new(local_server.url, session=False)
    path = "/api/tasks/me/with-session/nemo_agent"
    empty = api.post(path)
    assert empty.status_code == 200 and empty.json()["data"]["user_id"] == api.user_id
    broken = api.post(
        path, content=b'{"task_name": ', headers={**api.headers, "Content-Type": "application/json"}
    )
    assert broken.status_code == 400 and "not valid JSON" in broken.json()["message"]
    wrong_type = api.post(path, json={"task_name": "project", "language": 5})
    assert wrong_type.status_code == 400 and "language" in wrong_type.json()["message"]
    not_object = api.post(path, json=["project"])
    assert not_object.status_code == 400 and "object" in not_object.json()["message"]


def test_unknown_endpoint_is_an_envelope(local_server: LocalServer) -> None:
    response = httpx.get(f"{local_server.url}/api/nope")
    assert response.status_code == 404 and response.json()["code"] == 404


def test_request_log_has_no_tokens(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    api.credits()
    deadline = time.monotonic() + 5  # the access line is written just after the response
    while "GET /api/credits/balance/simple 200" not in local_server.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    log = local_server.log()
    assert "GET /api/credits/balance/simple 200" in log
    assert api.token not in log and "Bearer" not in log
