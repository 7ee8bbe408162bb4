"""Hostile and broken input gets a clear 4xx in the protocol's envelope, never a 500, and
faults leave nothing behind (issue #13, items 3-6 and 8)."""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest
from backend_helpers import Api, jpeg_bytes, tiny_draft
from conftest import LocalServer, start_server


def _render(api: Api, body: bytes | dict, **kwargs: object) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {**api.headers, "Content-Type": "application/json"}
    return api.post("/api/render/proxy/lambda", content=content, headers=headers, timeout=120, **kwargs)


def test_url_with_an_impossible_port_is_400(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    response = api.post(
        f"/api/upload-video/nemo_agent/me/{api.session_id}", json={"urls": ["http://example.com:99999/a.jpg"]}
    )
    body = response.json()
    assert response.status_code == 400 and "invalid port" in body["message"]
    assert "example.com:99999/a.jpg" in body["message"]


@pytest.mark.parametrize(
    "path", ["/api/render/proxy/lambda", "/run_sse", "/api/tasks/me/with-session/nemo_agent"]
)
def test_json_nested_100000_deep_is_400(local_server: LocalServer, path: str) -> None:
    api = Api.new(local_server.url)
    deep = b"[" * 100_000 + b"]" * 100_000
    response = api.post(path, content=deep, headers={**api.headers, "Content-Type": "application/json"})
    body = response.json()
    assert response.status_code == 400 and body["code"] == 400
    assert "nested more than 64 levels" in body["message"]


def _render_while_pinging(server: LocalServer, api: Api, body: bytes) -> tuple[httpx.Response, float]:
    """POST a render body; meanwhile, the slowest /healthz answer (the event loop's responsiveness)."""
    result: dict[str, httpx.Response] = {}
    work = threading.Thread(target=lambda: result.setdefault("r", _render(api, body)))
    slowest = 0.0
    with httpx.Client(timeout=30) as client:
        client.get(f"{server.url}/healthz")
        work.start()
        while work.is_alive():
            started = time.monotonic()
            client.get(f"{server.url}/healthz")
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.05)
    return result["r"], slowest


def test_draft_with_260000_media_ids_is_400_without_stalling(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    segments = [{"src": f"m_{i:024x}", "st": i, "d": 1} for i in range(260_000)]
    draft = {"d": 1000, "t": [{"tt": 0, "sg": segments}]}
    body = json.dumps({"id": "render_big", "sessionId": api.session_id, "draft": draft}).encode()
    assert len(body) > 8 * 1024 * 1024
    response, slowest = _render_while_pinging(local_server, api, body)
    assert response.status_code == 400 and "more than 200000 objects" in response.json()["message"]
    assert slowest < 1.0, f"the event loop stalled {slowest:.1f} s"


def test_draft_segments_are_capped_before_validation_and_sql(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    segments = [{"src": f"m_{i:024x}", "st": i, "d": 1} for i in range(6000)]
    draft = {"d": 1000, "t": [{"tt": 0, "sg": segments}]}
    response = _render(api, {"id": "render_many", "sessionId": api.session_id, "draft": draft})
    assert response.status_code == 400 and "6000 segments; at most 5000" in response.json()["message"]
    assert response.json()["data"] == {"field": "draft.t"}


def test_valid_large_draft_is_parsed_off_the_event_loop(local_server: LocalServer) -> None:
    """An 8 MB draft under the caps (unknown fields are kept, so they may be large)."""
    api = Api.new(local_server.url)
    segments = [
        {"src": f"m_{i:024x}", "st": i * 100, "d": 100, "m": {"note": "x" * 1700}} for i in range(4900)
    ]
    body = json.dumps(
        {"id": "render_large", "sessionId": api.session_id, "draft": {"t": [{"tt": 0, "sg": segments}]}}
    ).encode()
    assert len(body) > 8 * 1024 * 1024
    response, slowest = _render_while_pinging(local_server, api, body)
    # Validated, then refused for naming media this session does not have: no SQL error either.
    assert response.status_code == 400 and "not in this session" in response.json()["message"]
    assert slowest < 1.0, f"the event loop stalled {slowest:.1f} s"


def test_garbage_audio_behind_a_sync_word_is_refused_at_upload(local_server: LocalServer) -> None:
    garbage = b"\xff\xf1" + os.urandom(64 * 1024)
    response = Api.new(local_server.url).upload(("song.aac", garbage))
    body = response.json()
    assert response.status_code == 415 and body["code"] == 4001
    assert "'song.aac'" in body["message"] and "audio does not decode" in body["message"]


def test_decoder_errors_do_not_show_server_paths(local_server: LocalServer) -> None:
    broken = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + os.urandom(4096)
    response = Api.new(local_server.url).upload(("clip.mp4", broken))
    message = response.json()["message"]
    assert response.status_code == 415 and "'clip.mp4'" in message
    assert str(local_server.data_dir) not in message and ".part" not in message and "upload-" not in message


def test_png_over_the_limit_names_the_png_limit(local_server: LocalServer) -> None:
    from test_backend_uploads import png_header

    response = Api.new(local_server.url).upload(("huge.png", png_header(15000, 15000)))  # 225 MP
    message = response.json()["message"]
    assert response.status_code == 415 and "over 50 megapixels for PNG files" in message
    assert "100" not in message


def test_display_names_lose_bidi_controls_and_keep_their_extension(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    long_name = "holiday-" + "x" * 300 + ".jpg"
    files = api.upload_ok(("photo\u202egpj.exe.jpg", jpeg_bytes()), (long_name, jpeg_bytes(40, 30)))
    assert files[0]["filename"] == "photogpj.exe.jpg"
    assert len(files[1]["filename"]) == 200 and files[1]["filename"].endswith("x.jpg")


def test_healthz_tells_nothing_about_the_machine(local_server: LocalServer) -> None:
    data = httpx.get(f"{local_server.url}/healthz").json()["data"]
    assert set(data) == {"status", "instance"} and data["status"] == "ok"


def test_signed_links_ignore_the_host_header(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    path = f"/api/upload-video/nemo_agent/me/{api.session_id}"
    response = api.post(
        path,
        files=[("files", ("a.jpg", jpeg_bytes(), "image/jpeg"))],
        headers={**api.headers, "Host": "evil.example"},
    )
    assert response.status_code == 200, response.text
    url = response.json()["data"]["files"][0]["url"]
    assert url.startswith(f"{local_server.url}/media/") and "evil" not in url


@pytest.mark.slow
def test_anonymous_tokens_are_limited_per_source_address(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data", "--tokens-per-ip", "3")
    try:
        answers = [
            httpx.post(f"{server.url}/api/auth/anonymous-token", headers={"X-Client-Id": f"client-{i}"})
            for i in range(4)
        ]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert answers[3].json()["code"] == 429 and "this address" in answers[3].json()["message"]
    finally:
        server.stop()


@pytest.mark.slow
def test_corrupt_draft_row_falls_back_to_the_last_good_version(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data")
    try:
        api = Api.new(server.url)
        api.upload_ok(("a.jpg", jpeg_bytes()), ("b.jpg", jpeg_bytes(60, 40)))
        assert not [e for e in api.message("turn these photos into a video") if e["type"] == "error"]
        good = api.state()["draft"]
        assert not [e for e in api.message("make it 9:16") if e["type"] == "error"]
        with sqlite3.connect(server.data_dir / "nemo-local.sqlite3") as db:  # a disk fault, say
            db.execute(
                "UPDATE draft_versions SET draft_json = '{\"t\": [broken' WHERE session_id = ? AND version = 2",
                (api.session_id,),
            )
        response = api.get(f"/api/state/nemo_agent/me/{api.session_id}/latest")
        data = response.json()["data"]
        assert response.status_code == 200 and data["version"] == 1 and data["state"]["draft"] == good
        assert "version(s) 2" in data["warning"] and "showing version 1" in data["warning"]
        # The session goes on: a new edit builds on the last good version, and its reply says so.
        events = api.message("make it square")
        assert not [e for e in events if e["type"] == "error"]
        said = "".join(e.get("content", "") for e in events if e["type"] == "text")
        assert "version(s) 2 of this timeline could not be read; showing version 1" in said
        assert api.state()["draft"]["m"]["w"] == api.state()["draft"]["m"]["h"]
        assert "could not be read" in server.log()
    finally:
        server.stop()


@pytest.mark.slow
def test_partial_files_of_a_killed_render_are_removed_at_start(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data")
    api = Api.new(server.url)
    (photo,) = api.upload_ok(("a.jpg", jpeg_bytes()))
    assert (
        _render(
            api, {"id": "render_1", "sessionId": api.session_id, "draft": tiny_draft(photo["media_id"])}
        ).status_code
        == 200
    )
    deadline = time.monotonic() + 120
    while api.get("/api/render/proxy/lambda/render_1").json()["data"]["status"] != "completed":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    server.process.kill()  # as if the OOM killer took the server and its render worker
    server.process.wait()
    renders = server.data_dir / "renders"
    leftovers = [
        renders / "0d2c.part.mp4",
        renders / "0d2c.part-video.mp4",
        renders / "0d2c.part-sound.m4a",
        server.data_dir / "cache" / "music.part.wav",
    ]
    for path in leftovers:
        path.write_bytes(b"\x00" * 1024 * 1024)
    kept = {p.name for p in renders.iterdir() if ".part" not in p.name}
    again = start_server(server.data_dir)
    try:
        assert not [p for p in leftovers if p.exists()]
        assert {p.name for p in renders.iterdir()} == kept  # finished renders stay
        assert "leftover partial file" in again.log()
    finally:
        again.stop()


@pytest.mark.slow
def test_a_full_disk_is_a_clear_507(tmp_path: Path) -> None:
    """A real server whose writes fail: started under a file-size limit of 3 MB (what a
    full disk does to a write, without filling a disk)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (3 * 1024 * 1024, hard))
    try:
        server = start_server(tmp_path / "data")  # the child inherits the limit
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    try:
        api = Api.new(server.url)
        response = api.upload(("big.jpg", b"\xff\xd8\xff" + b"\x00" * (4 * 1024 * 1024)))
        body = response.json()
        assert response.status_code == 507 and body["code"] == 507
        assert "no room to store this upload" in body["message"] and "multipart" not in body["message"]
        assert not list((server.data_dir / "tmp").iterdir())
        assert api.upload_ok(("small.jpg", jpeg_bytes()))[0]["file_type"] == "image"  # and it goes on
    finally:
        server.stop()
