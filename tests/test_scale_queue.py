"""``serve --queue`` with real ``nemo-skill worker``s on a real redis-server (issue 16):
jobs run on workers only, split and joined frame-exact; killed workers, a restarted
server and a restarted or vanished Redis end in a finished job or a clear failure."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from backend_helpers import Api
from conftest import LocalServer, cli, start_server
from scale_helpers import (
    QUEUE_ENV,
    RedisServer,
    Worker,
    child_pids,
    frame_offsets,
    start_worker,
    textured_jpeg,
    tone_wav,
    video_facts,
)

from nemo_skill.local.settings import ANONYMOUS_CREDITS
from nemo_skill.models.draft import Draft
from nemo_skill.render import render_draft
from nemo_skill.render.chunks import MapResolver
from nemo_skill.scale.config import render_key

pytestmark = pytest.mark.slow
RENDER = "/api/render/proxy/lambda"


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.kill()


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    """Workers a test starts go in this list; every one is stopped at the end."""
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


# --- helpers ------------------------------------------------------------------------------------


def _server(data_dir: Path, redis: RedisServer, chunk_s: float = 1.0) -> LocalServer:
    return start_server(data_dir, "--queue", redis.url, "--chunk-seconds", str(chunk_s), env=QUEUE_ENV)


def _session(
    url: str, *, seconds: float, photos: int = 3, w: int = 320, h: int = 180, fps: int = 15
) -> tuple[Api, dict[str, Any]]:
    """A session with photos and a steady tone; a draft with motion, fades and the tone."""
    api = Api.new(url)
    files = [(f"p{i}.jpg", textured_jpeg(480, 320, i)) for i in range(photos)]
    infos = api.upload_ok(*files, ("tone.wav", tone_wav(seconds + 1)))
    images = [f["media_id"] for f in infos if f["file_type"] == "image"]
    music = next(f["media_id"] for f in infos if f["file_type"] == "audio")
    seg = int(seconds * 1000 / photos)
    motion = {"tr": {"name": "fade", "d": 400}, "kb": {"on": True, "dir": "auto", "amount": 0.15}}
    draft = {
        "m": {"w": w, "h": h, "fps": fps},
        "t": [
            {"tt": 0, "sg": [{"src": m, "st": i * seg, "d": seg, "m": motion} for i, m in enumerate(images)]},
            {"tt": 1, "sg": [{"src": music, "st": 0, "d": seg * photos}]},
        ],
    }
    return api, draft


def _export(api: Api, job_id: str, draft: dict[str, Any]) -> None:
    body = {"id": job_id, "sessionId": api.session_id, "draft": draft, "output": {"quality": "high"}}
    response = api.post(RENDER, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["status"] == "pending"


def _job(api: Api, job_id: str) -> dict[str, Any]:
    response = api.get(f"{RENDER}/{job_id}")
    assert response.status_code == 200, response.text
    return dict(response.json()["data"])


def _wait(api: Api, job_id: str, until: Any, timeout: float = 120) -> dict[str, Any]:
    """Poll until ``until(job)``; never more than ``timeout`` (a hang fails the test)."""
    deadline = time.monotonic() + timeout
    job: dict[str, Any] = {}
    while time.monotonic() < deadline:
        job = _job(api, job_id)
        if until(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {job} after {timeout} s")


def _finished(job: dict[str, Any]) -> bool:
    return job["status"] in ("completed", "failed")


def _rendering(job: dict[str, Any]) -> bool:
    return (job["status"] == "processing" and job["progress"] > 0) or _finished(job)


def _mid_chunk(chunks: int) -> Any:
    """Frames of a chunk reported, that chunk not done: a worker killed now is mid-chunk."""
    share = 95 / chunks
    return lambda job: _finished(job) or (0 < job["progress"] < 95 and job["progress"] % share > 0.5)


def _download(job: dict[str, Any], to: Path) -> Path:
    assert job["status"] == "completed", job
    video = httpx.get(job["output"]["url"], timeout=60)
    assert video.status_code == 200
    to.write_bytes(video.content)
    return to


def _reference(data_dir: Path, draft: dict[str, Any], out: Path) -> Path:
    """The same draft rendered here in one process, from the server's media files."""
    d = Draft.model_validate(draft)
    media = {}
    for src in d.media_ids():
        (path,) = [p for p in (data_dir / "media").iterdir() if p.stem == _hash_of(data_dir, src)]
        media[src] = {"path": str(path), "kind": "audio" if path.suffix == ".wav" else "image"}
    render_draft(d, MapResolver(media), out, processes=1, cache_dir=out.parent)
    return out


def _hash_of(data_dir: Path, media_id: str) -> str:
    with sqlite3.connect(f"file:{data_dir / 'nemo-local.sqlite3'}?mode=ro", uri=True) as db:
        return str(db.execute("SELECT hash FROM media WHERE id = ?", (media_id,)).fetchone()[0])


def _attempts(data_dir: Path, api: Api, job_id: str) -> int:
    with sqlite3.connect(f"file:{data_dir / 'nemo-local.sqlite3'}?mode=ro", uri=True) as db:
        row = db.execute(
            "SELECT attempts FROM render_jobs WHERE user_id = ? AND id = ?", (api.user_id, job_id)
        )
        return int(row.fetchone()[0])


def _outputs(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "renders").iterdir())


def _work_left(data_dir: Path) -> list[str]:
    root = data_dir / "scale"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.is_dir() else []


def _check_video(path: Path, seconds: float, fps: int) -> None:
    facts = video_facts(path, loud_from=0.6, loud_to=seconds - 2.1)
    assert facts.frames == round(seconds * fps)
    assert len(facts.pts_steps) == 1, "frames evenly spaced across the joins"
    assert abs(facts.audio_s - facts.video_s) <= 1024 / 48000, "sound as long as the picture"
    assert facts.audio_gaps == 0 and facts.quiet_windows == [], "no gap in the sound at the joins"


_IMPORTS_OF_A_WORKER = "import sys, nemo_skill.scale.tasks; print(sorted(m for m in sys.modules if m.startswith('nemo_skill.local')))"


def _job_under_way(
    tmp_path: Path,
    redis: RedisServer,
    workers: list[Worker],
    job_id: str,
    *,
    seconds: float = 4,
    chunk_s: float = 1.0,
    concurrency: int = 1,
    until: Any = _rendering,
    **size: int,
) -> tuple[LocalServer, Api, dict[str, Any], Worker]:
    """A queue server and one worker, with ``job_id`` exported and rendering frames."""
    server = _server(tmp_path / "data", redis, chunk_s)
    try:
        worker = start_worker(workers, redis, tmp_path / "data", concurrency=concurrency)
        api, draft = _session(server.url, seconds=seconds, **size)
        _export(api, job_id, draft)
        _wait(api, job_id, until)
    except BaseException:
        server.stop()
        raise
    return server, api, draft, worker


def _free_export_charged_nothing(api: Api) -> None:
    assert api.credits() == {"available": ANONYMOUS_CREDITS, "frozen": 0, "total": ANONYMOUS_CREDITS}


# --- tests --------------------------------------------------------------------------------------


def test_jobs_run_on_workers_only_and_workers_never_open_the_database(
    tmp_path: Path, redis_server: RedisServer, workers: list[Worker]
) -> None:
    data = tmp_path / "data"
    server = _server(data, redis_server)
    try:
        api, draft = _session(server.url, seconds=3)
        before = api.credits()
        _export(api, "render_1", draft)
        time.sleep(3)
        job = _job(api, "render_1")
        assert job["status"] == "pending" and job["progress"] == 0, "no worker yet: nothing renders"
        assert child_pids(server.process.pid) == set(), "the server starts no render process of its own"
        worker = start_worker(workers, redis_server, data)
        database = str(data / "nemo-local.sqlite3")
        seen_db: list[str] = []

        def watch() -> None:  # every open file of the worker and its pool, while it renders
            while not _finished(_job(api, "render_1")):
                for pid in {worker.process.pid, *child_pids(worker.process.pid)}:  # type: ignore[union-attr]
                    for fd in Path(f"/proc/{pid}/fd").glob("*"):
                        try:
                            if str(fd.readlink()).startswith(database):
                                seen_db.append(str(fd.readlink()))
                        except OSError:
                            continue
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        job = _wait(api, "render_1", _finished)
        watcher.join()
        assert job["status"] == "completed", job
        assert seen_db == [], "a worker opened the server's database"
        assert child_pids(server.process.pid) == set()
        assert "part c0 of" in worker.log() and "part join of" in worker.log()
        _check_video(_download(job, tmp_path / "out.mp4"), 3.0, 15)
        assert api.credits() == before, "exports are free: nothing charged, nothing to refund"
        assert _work_left(data) == [], "chunks and sound are removed once joined"
    finally:
        server.stop()
    probe = subprocess.run(
        [sys.executable, "-c", _IMPORTS_OF_A_WORKER],
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == "[]", "the worker's code must not import the server's store"


def test_a_long_export_is_split_across_two_workers_and_joined_frame_exact(
    tmp_path: Path, redis_server: RedisServer, workers: list[Worker]
) -> None:
    data = tmp_path / "data"
    server = _server(data, redis_server)
    try:
        one = start_worker(workers, redis_server, data)
        two = start_worker(workers, redis_server, data)
        api, draft = _session(server.url, seconds=6, photos=4)
        _export(api, "render_long", draft)
        progress: list[float] = []
        job = _wait(api, "render_long", lambda j: progress.append(j["progress"]) or _finished(j))
        assert job["status"] == "completed", job
        assert progress == sorted(progress) and len(set(progress)) > 3, "chunk progress adds up, never back"
        chunks_by = [log.count("begun by") for log in (one.log(), two.log())]
        assert all(n >= 1 for n in chunks_by), f"both workers rendered parts: {chunks_by}"
        assert sum(chunks_by) >= 7, "6 chunks of 1 s, the sound and the join"
        out = _download(job, tmp_path / "out.mp4")
        _check_video(out, 6.0, 15)
        facts = video_facts(out)
        assert {0, 15, 30, 45, 60, 75} <= set(facts.keyframes), "each chunk starts on a keyframe"
        reference = _reference(data, draft, tmp_path / "reference.mp4")
        assert set(frame_offsets(out, reference)) == {0}, "every frame where the one-process render has it"
    finally:
        server.stop()


def test_kill_9_of_a_worker_mid_chunk_loses_nothing(
    tmp_path: Path, redis_server: RedisServer, workers: list[Worker]
) -> None:
    data = tmp_path / "data"
    server, api, _, doomed = _job_under_way(
        tmp_path,
        redis_server,
        workers,
        "render_k",
        seconds=8,
        chunk_s=4,
        until=_mid_chunk(2),
        w=1280,
        h=720,
        fps=30,
    )
    try:
        doomed.kill9()
        assert _job(api, "render_k")["status"] == "processing"
        rescuer = start_worker(workers, redis_server, data)
        seen: list[float] = []
        job = _wait(api, "render_k", lambda j: seen.append(j["progress"]) or _finished(j), timeout=180)
        assert job["status"] == "completed", job
        assert seen == sorted(seen), "progress never goes back, though a chunk starts again"
        chunk_share = 95 / 2  # two chunks of 4 s
        assert any(0 < p < 95 and p % chunk_share > 1 for p in seen), f"no progress within a chunk: {seen}"
        assert "stopped (1 stop(s) so far)" in rescuer.log(), "the rescuer took over a part left half done"
        _check_video(_download(job, tmp_path / "out.mp4"), 8.0, 30)
        assert _outputs(data) == [f"{render_key(api.user_id, 'render_k')}.mp4"], "one finished file, once"
        assert _work_left(data) == []
        _free_export_charged_nothing(api)
    finally:
        server.stop()


def test_a_job_whose_workers_stop_twice_fails_with_a_message(
    tmp_path: Path, redis_server: RedisServer, workers: list[Worker]
) -> None:
    data = tmp_path / "data"
    server, api, _, first = _job_under_way(
        tmp_path,
        redis_server,
        workers,
        "render_2",
        seconds=8,
        chunk_s=4,
        until=_mid_chunk(2),
        w=1280,
        h=720,
        fps=30,
    )
    try:
        first.kill9()
        second = start_worker(workers, redis_server, data)
        second.wait_for("stopped (1 stop(s) so far)", timeout=120)
        second.wait_for("begun by", timeout=30)
        second.kill9()
        start_worker(workers, redis_server, data)
        job = _wait(api, "render_2", _finished, timeout=180)
        assert job["status"] == "failed"
        assert job["error"] == "the render workers stopped during this render 2 times; giving up"
        assert _outputs(data) == [] and _work_left(data) == [], "a failed job's parts are removed"
        _free_export_charged_nothing(api)
    finally:
        server.stop()


def _parts_done(log: str) -> int:
    """The chunk and sound parts a worker's log says it finished (the join left out)."""
    return sum(" done: " in line and " part join of " not in line for line in log.splitlines())


def test_a_server_restarted_mid_job_picks_up_the_results(
    tmp_path: Path, redis_server: RedisServer, workers: list[Worker]
) -> None:
    data = tmp_path / "data"
    server, api, _, worker = _job_under_way(tmp_path, redis_server, workers, "render_r")
    server.stop()
    # The server is away; the worker goes on with the chunks (4 of 1 s) and the sound, each
    # once (the join may follow at once or not yet: it is not counted).
    deadline = time.monotonic() + 120
    while _parts_done(worker.log()) < 5 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _parts_done(worker.log()) == 5, worker.log()[-3000:]
    server = _server(data, redis_server)
    try:
        api = Api(url=server.url, token=api.token, user_id=api.user_id, session_id=api.session_id)
        job = _wait(api, "render_r", _finished)
        assert job["status"] == "completed", job
        _check_video(_download(job, tmp_path / "out.mp4"), 4.0, 15)
        assert _attempts(data, api, "render_r") == 1, "picked up, not sent again"
        assert worker.log().count("begun by") == 6, "every part rendered once: 4 chunks, the sound, the join"
    finally:
        server.stop()


def test_redis_restarted_mid_job_the_job_is_sent_again_and_completes(
    tmp_path: Path, redis_server: RedisServer, workers: list[Worker]
) -> None:
    data = tmp_path / "data"
    server, api, _, _ = _job_under_way(tmp_path, redis_server, workers, "render_x")
    try:
        redis_server.restart()  # kill -9; started again empty: the queue and the results are gone
        job = _wait(api, "render_x", _finished, timeout=180)
        assert job["status"] == "completed", job
        assert "the queue lost it (attempt 1); sending it again" in server.log()
        _check_video(_download(job, tmp_path / "out.mp4"), 4.0, 15)
        assert _attempts(data, api, "render_x") == 2
    finally:
        server.stop()


def test_redis_gone_for_good_fails_jobs_with_a_message_and_never_hangs(
    tmp_path: Path, redis_server: RedisServer, workers: list[Worker]
) -> None:
    server, api, draft, _ = _job_under_way(tmp_path, redis_server, workers, "render_g")
    try:
        redis_server.kill()
        lost = f"lost contact with the render queue at {redis_server.url} for"
        job = _wait(api, "render_g", _finished, timeout=60)
        assert job["status"] == "failed" and job["error"].startswith(lost), job
        _export(api, "render_g2", draft)  # sent while Redis is away: fails too, does not hang
        job = _wait(api, "render_g2", _finished, timeout=60)
        assert job["status"] == "failed" and job["error"].startswith(lost), job
    finally:
        server.stop()


def test_cancel_stops_every_chunk_of_a_job(
    tmp_path: Path, redis_server: RedisServer, workers: list[Worker]
) -> None:
    from nemo_skill.local.jobs.celery_queue import CeleryRenderQueue
    from nemo_skill.local.settings import ServerSettings
    from nemo_skill.local.store import Database

    data = tmp_path / "data"
    server, api, _, worker = _job_under_way(
        tmp_path, redis_server, workers, "render_c", seconds=8, concurrency=2, w=1280, h=720, fps=30
    )
    server.stop()  # the queue is driven from here now, with the server's own code
    settings = ServerSettings(data_dir=data, queue_url=redis_server.url)
    queue = CeleryRenderQueue(Database(settings.db_path), settings)
    queue.start()
    try:
        key = (api.user_id, "render_c")
        assert queue.cancel(key) is True
        assert queue.get(key).status == "failed" and queue.get(key).error == "cancelled"  # type: ignore[union-attr]
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and _encoders(worker):
            time.sleep(0.1)
        assert _encoders(worker) == [], "an encoder still runs after the cancel"
        # Parts still queued are taken and dropped, not rendered: wait until the workers
        # have drained them (how long that takes depends on the machine's load).
        deadline = time.monotonic() + 30
        while _work_left(data) and time.monotonic() < deadline:
            assert _encoders(worker) == [] and _outputs(data) == []
            time.sleep(0.2)
        assert _encoders(worker) == [] and _outputs(data) == [] and _work_left(data) == []
        # Celery logs a part's result once the task has returned, which can be a moment after
        # its encoder has gone on a busy machine.
        worker.wait_for("render cancelled", timeout=30)
        assert _outputs(data) == [] and _work_left(data) == [], "nothing written after the cancel"
        assert queue.cancel(key) is False, "a finished job cannot be cancelled again"
    finally:
        queue.stop()


def _encoders(worker: Worker) -> list[int]:
    assert worker.process is not None
    found = []
    for pid in child_pids(worker.process.pid):
        try:
            if "ffmpeg" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                found.append(pid)
        except OSError:
            continue
    return found


def test_queue_settings_are_checked_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEMO_QUEUE", raising=False)
    data = tmp_path / "data"
    (data / "media").mkdir(parents=True)
    cases = [
        (["serve", "--queue", "http://127.0.0.1:1/0"], 1, "is not a Redis URL"),
        (["serve", "--chunk-seconds", "5"], 1, "--chunk-seconds needs --queue"),
        (["worker", "--data-dir", data], 1, "no render queue given"),
        (["worker", "--queue", "redis://:hunter2pw@127.0.0.1:1/0", "--data-dir", data], 2, "cannot reach"),
        (["worker", "--queue", "redis://127.0.0.1:1/x", "--data-dir", data], 1, "names database 'x'"),
        (
            ["worker", "--queue", "redis://127.0.0.1:1/0", "--data-dir", tmp_path],
            1,
            "is not the server's data dir",
        ),
        (
            ["worker", "--queue", "redis://127.0.0.1:1/0", "--data-dir", data, "--concurrency", "0"],
            1,
            "out of range",
        ),
    ]
    for args, code, text in cases:
        result = cli(*args)
        assert result.returncode == code, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], (args, lines)
        assert "hunter2pw" not in result.stderr, "the queue's password is never shown"
    result = cli("serve", "--data-dir", data, "--queue", "redis://127.0.0.1:1/0")
    assert (
        result.returncode == 2 and "cannot reach the render queue at redis://127.0.0.1:1/0" in result.stderr
    )
    monkeypatch.setenv("NEMO_QUEUE", "ftp://127.0.0.1/0")  # the environment is checked like the flag
    result = cli("serve", "--data-dir", data)
    assert result.returncode == 1 and "is not a Redis URL" in result.stderr
    monkeypatch.setenv("NEMO_QUEUE_VISIBILITY_S", "soon")
    result = cli("worker", "--queue", "redis://127.0.0.1:1/0", "--data-dir", data)
    assert result.returncode == 1 and "NEMO_QUEUE_VISIBILITY_S='soon' is not a number" in result.stderr
