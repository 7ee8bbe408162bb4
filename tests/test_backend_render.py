"""Local backend exports: validation, idempotent jobs, real renders, restart recovery."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from backend_helpers import SKILL_HEADERS, Api, jpeg_bytes, tiny_draft
from conftest import LocalServer, start_server
from scale_helpers import child_pids

pytestmark = pytest.mark.slow  # renders, server kills and restarts

RENDER = "/api/render/proxy/lambda"


def _render_body(api: Api, job_id: str, draft: dict[str, Any], quality: str = "high") -> dict[str, Any]:
    return {
        "id": job_id,
        "sessionId": api.session_id,
        "draft": draft,
        "output": {"format": "mp4", "quality": quality},
    }


def _wait(
    api: Api, job_id: str, *, until: tuple[str, ...] = ("completed", "failed"), timeout: float = 90
) -> dict:
    deadline = time.monotonic() + timeout
    seen: dict[str, Any] = {}
    while time.monotonic() < deadline:
        response = api.get(f"{RENDER}/{job_id}")
        assert response.status_code == 200, response.text
        seen = response.json()["data"]
        if seen["status"] in until:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {seen.get('status')} after {timeout} s")


def _photo_session(url: str) -> tuple[Api, str]:
    api = Api.new(url)
    (info,) = api.upload_ok(("p.jpg", jpeg_bytes(320, 180, (30, 120, 200))))
    return api, info["media_id"]


def test_render_completes_and_downloads_without_token(local_server: LocalServer, tmp_path: Path) -> None:
    import av

    api, media_id = _photo_session(local_server.url)
    created = api.post(RENDER, json=_render_body(api, "render_1", tiny_draft(media_id)))
    assert created.status_code == 200, created.text
    assert created.json()["data"] == {"id": "render_1", "status": "pending"}
    job = _wait(api, "render_1")
    assert job["status"] == "completed", job
    assert job["progress"] == 100
    output = job["output"]
    assert output["duration"] == pytest.approx(1.0, abs=0.2) and output["size"] > 0
    video = httpx.get(output["url"])  # no bearer token: the signed path is the credential
    assert video.status_code == 200 and len(video.content) == output["size"]
    out = tmp_path / "out.mp4"
    out.write_bytes(video.content)
    with av.open(str(out)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert (container.streams.video[0].width, container.streams.video[0].height) == (320, 180)
    generated = api.state()["generated_media"]
    assert [g["id"] for g in generated] == ["render_1"]


def test_export_without_skill_headers_is_402(local_server: LocalServer) -> None:
    api, media_id = _photo_session(local_server.url)
    body = _render_body(api, "render_noheaders", tiny_draft(media_id))
    for missing in SKILL_HEADERS:
        headers = {k: v for k, v in api.headers.items() if k != missing}
        response = api.post(RENDER, json=body, headers=headers)
        assert response.status_code == 402, missing
        assert response.json()["code"] == 402 and missing in response.json()["message"]
    assert api.get(f"{RENDER}/render_noheaders").status_code == 404


def test_render_of_empty_draft_is_refused(local_server: LocalServer) -> None:
    api, _ = _photo_session(local_server.url)
    for draft in ({"d": 0, "t": []}, {"d": 1000, "t": [{"tt": 0, "sg": []}]}):
        response = api.post(RENDER, json=_render_body(api, "render_empty", draft))
        assert response.status_code == 400 and "empty" in response.json()["message"]


def test_draft_with_media_of_another_session_is_refused(local_server: LocalServer) -> None:
    owner, their_media = _photo_session(local_server.url)
    thief, _ = _photo_session(local_server.url)
    response = thief.post(RENDER, json=_render_body(thief, "render_steal", tiny_draft(their_media)))
    assert response.status_code == 400
    assert their_media in response.json()["message"] and "not in this session" in response.json()["message"]
    other_session = owner.new_session()
    same_user = owner.post(
        RENDER, json={**_render_body(owner, "render_x", tiny_draft(their_media)), "sessionId": other_session}
    )
    assert same_user.status_code == 400 and their_media in same_user.json()["message"]
    unknown = owner.post(RENDER, json=_render_body(owner, "render_unknown", tiny_draft("m_nope")))
    assert unknown.status_code == 400 and "m_nope" in unknown.json()["message"]


def test_bad_render_bodies_name_the_field(local_server: LocalServer) -> None:
    api, media_id = _photo_session(local_server.url)
    body = _render_body(api, "render_bad", tiny_draft(media_id))
    cases = {
        "sessionId": {k: v for k, v in body.items() if k != "sessionId"},
        "quality": {**body, "output": {"format": "mp4", "quality": "ultra"}},
        "id": {**body, "id": "../../etc"},
        "tt": {**body, "draft": {"t": [{"tt": 3, "sg": []}]}},
    }
    for field, case in cases.items():
        response = api.post(RENDER, json=case)
        assert response.status_code == 400, field
        assert field in response.json()["message"], (field, response.json())
    foreign = api.post(RENDER, json={**body, "sessionId": "s_unknown"})
    assert foreign.status_code == 404 and foreign.json()["code"] == 1002
    unknown_job = api.get(f"{RENDER}/render_never")
    assert unknown_job.status_code == 404


def test_same_render_id_twice_is_the_same_job(local_server: LocalServer) -> None:
    api, media_id = _photo_session(local_server.url)
    body = _render_body(api, "render_twice", tiny_draft(media_id), quality="draft")
    first = api.post(RENDER, json=body)
    second = api.post(RENDER, json=body)
    assert first.status_code == second.status_code == 200
    assert first.json()["data"]["id"] == second.json()["data"]["id"] == "render_twice"
    conn = sqlite3.connect(local_server.data_dir / "nemo-local.sqlite3")
    count = conn.execute("SELECT COUNT(*) FROM render_jobs WHERE id = 'render_twice'").fetchone()[0]
    conn.close()
    assert count == 1
    other = api.new_session()
    clash = api.post(RENDER, json={**body, "sessionId": other})
    assert clash.status_code == 400 and "already used" in clash.json()["message"]


def test_killed_server_leaves_no_job_stuck(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    server = start_server(data_dir)
    api, media_id = _photo_session(server.url)
    draft = tiny_draft(media_id, seconds=4.0)
    assert api.post(RENDER, json=_render_body(api, "render_crash", draft)).status_code == 200
    job = _wait(api, "render_crash", until=("processing", "completed", "failed"), timeout=60)
    assert job["status"] == "processing", job  # the kill below must hit a running render
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait()
    restarted = start_server(data_dir)
    try:
        api.url = restarted.url
        job = _wait(api, "render_crash", timeout=90)
        assert job["status"] in ("completed", "failed")
        if job["status"] == "failed":
            assert job["error"], "a failed job says why"
        else:
            assert httpx.get(job["output"]["url"]).status_code == 200
            # The render cut off by the kill cleaned up after itself: only the final file is left.
            assert len(list((data_dir / "renders").iterdir())) == 1
        assert not list((data_dir / "jobs").iterdir())
    finally:
        restarted.stop()


def test_sigterm_during_render_requeues_and_resumes(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    server = start_server(data_dir)
    api, media_id = _photo_session(server.url)
    # 40 s of frames (~1-2 s of work): the render must still run when the SIGTERM lands; a 4 s
    # one once finished in the moment between "processing" and the server's shutdown.
    draft = tiny_draft(media_id, seconds=40.0)
    assert api.post(RENDER, json=_render_body(api, "render_term", draft)).status_code == 200
    job = _wait(api, "render_term", until=("processing", "completed", "failed"), timeout=60)
    assert job["status"] == "processing", job
    server.process.terminate()
    assert server.process.wait(timeout=20) in (0, -signal.SIGTERM)
    conn = sqlite3.connect(data_dir / "nemo-local.sqlite3")
    status = conn.execute("SELECT status FROM render_jobs WHERE id = 'render_term'").fetchone()[0]
    conn.close()
    assert status == "pending"  # handed back, not failed and not stuck
    restarted = start_server(data_dir)
    try:
        api.url = restarted.url
        assert _wait(api, "render_term", timeout=90)["status"] == "completed"
    finally:
        restarted.stop()


def _workers_of(pid: int) -> dict[int, str]:
    """The render worker processes the server started: pid -> their argument."""
    found: dict[int, str] = {}
    for child in child_pids(pid):
        try:
            argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"nemo_skill.local.jobs.render_worker" in argv:
            found[child] = argv[argv.index(b"nemo_skill.local.jobs.render_worker") + 1].decode()
    return found


def _spare_of(pid: int, *, other_than: int | None = None, timeout: float = 20) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        spares = [p for p, arg in _workers_of(pid).items() if arg == "--spare" and p != other_than]
        if spares:
            assert len(spares) == 1, f"one spare at a time, not {len(spares)}"
            return spares[0]
        time.sleep(0.05)
    raise AssertionError("the server keeps no spare render worker")


def test_a_spare_worker_has_what_the_first_frame_needs_loaded() -> None:
    """Loaded while it waits, not on the way to the job's first frame: the decoders the
    plan's probes use on first call and the face cascade."""
    code = (
        "import sys; from nemo_skill.local.jobs.render_worker import load_renderer; load_renderer(); "
        "from nemo_skill.render import faces; "
        "print('av' in sys.modules, 'PIL.JpegImagePlugin' in sys.modules, faces._cascade is not None)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "True"]


def test_a_spare_worker_waits_and_takes_the_next_render(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data")
    try:
        spare = _spare_of(server.process.pid)
        api, media_id = _photo_session(server.url)
        assert (
            api.post(RENDER, json=_render_body(api, "render_spare", tiny_draft(media_id))).status_code == 200
        )
        job = _wait(api, "render_spare", until=("processing", "completed", "failed"))
        if job["status"] == "processing":
            # The spare is rendering it: no other worker was started for the job.
            assert _workers_of(server.process.pid).get(spare) == "--spare"
        assert _wait(api, "render_spare")["status"] == "completed"
        assert httpx.get(_wait(api, "render_spare")["output"]["url"]).status_code == 200
        # The spare rendered and ended; a new one waits for the next render.
        assert _spare_of(server.process.pid, other_than=spare) != spare
        assert not Path(f"/proc/{spare}").exists() or b"zombie" in Path(f"/proc/{spare}/status").read_bytes()
    finally:
        pid = server.process.pid
        workers = _workers_of(pid)
        server.stop()
    for worker in workers:  # the spare ends with the server (EOF on its stdin)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{worker}").exists(), "a render worker outlived the server"


def _environ(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(p.decode("utf-8", "replace").split("=", 1) for p in pairs if b"=" in p)


@pytest.mark.parametrize("users_value", [None, "3"])
def test_render_workers_keep_blas_on_one_thread_unless_the_user_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, users_value: str | None
) -> None:
    """numpy's OpenBLAS spins a thread per core after each large product: CPU the encoder
    and the uploads wait for (cli.main.main sets it)."""
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    server = start_server(
        tmp_path / "data", env={"OPENBLAS_NUM_THREADS": users_value} if users_value else None
    )
    try:
        spare = _spare_of(server.process.pid)
        assert _environ(spare).get("OPENBLAS_NUM_THREADS") == (users_value or "1")
    finally:
        server.stop()


def test_a_dead_spare_costs_the_render_nothing(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data")
    try:
        spare = _spare_of(server.process.pid)
        os.kill(spare, signal.SIGKILL)
        api, media_id = _photo_session(server.url)
        assert (
            api.post(RENDER, json=_render_body(api, "render_dead", tiny_draft(media_id))).status_code == 200
        )
        assert _wait(api, "render_dead")["status"] == "completed"
    finally:
        server.stop()


def test_no_spare_worker_keeps_none_and_still_renders(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data", "--no-spare-worker")
    try:
        time.sleep(0.5)
        assert _workers_of(server.process.pid) == {}
        api, media_id = _photo_session(server.url)
        assert (
            api.post(RENDER, json=_render_body(api, "render_cold", tiny_draft(media_id))).status_code == 200
        )
        assert _wait(api, "render_cold")["status"] == "completed"
        time.sleep(0.5)
        assert _workers_of(server.process.pid) == {}, "no spare after the render either"
    finally:
        server.stop()
