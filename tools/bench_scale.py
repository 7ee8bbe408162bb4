#!/usr/bin/env python3
"""Benchmark the render queue (issue 16): real redis-server, `serve --queue`, N workers.

    python tools/bench_scale.py [--album DIR] [--workers 1,2] [--skip-long] [--keep]

1. Builds the reference album with ../shared/bench/make_album.py (20 photos 4000x3000 and
   music.wav), unless --album points at one already made.
2. Starts redis-server on a free loopback port (no persistence, files in a temp folder)
   and `nemo-skill serve --queue` on a temp data dir.
3. For each worker count (default 1, then 2; each `nemo-skill worker --concurrency 1`):
   renders the reference job (30 s, 1920x1080@30, Ken Burns, a transition between
   every photo, music, a title) and a 3-minute job (120 photos of 1.5 s cycling the
   album) through the HTTP API, timing POST -> completed.
4. Reads every part's own timings back from Celery's results (task ids are derived from
   the job, see models/render_task.py): the chunks' render time, and the serial parts:
   the soundtrack (mixed and normalised once), the join (concat + mux by stream copy),
   and moving files in and out of the shared storage (download/upload).
5. Prints wall time, speed-up, the serial parts, and an Amdahl projection for 8 and 64
   workers (each with its own two cores, like this machine): T(N) = serial +
   ceil(chunks(N) / N) x (one chunk's time), chunks(N) as the server would split.
   docs/scale.md states the assumptions.

On this 2-core machine two workers share the same two cores, so their speed-up here
measures the queue's overhead, not what two machines would give.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tools"), str(REPO / "tests")]
from bench_render import album_or_make, reference_draft  # noqa: E402
from scale_helpers import RedisServer, Worker  # noqa: E402  (the tests' real redis-server and workers)

SKILL_HEADERS = {"X-Skill-Source": "bench", "X-Skill-Version": "1.0.0", "X-Skill-Platform": "unknown"}


def stop_all(
    redis: RedisServer | None, server: subprocess.Popen[bytes] | None, workers: list[Worker]
) -> None:
    for worker in workers:
        worker.stop()
    if server is not None and server.poll() is None:
        server.terminate()
        server.wait(timeout=30)
    if redis is not None:
        redis.kill()


class Client:
    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(timeout=300)
        token = self.http.post(
            f"{url}/api/auth/anonymous-token", headers={"X-Client-Id": os.urandom(8).hex()}
        )
        data = token.json()["data"]
        self.user_id = data["user_id"]
        self.headers = {"Authorization": f"Bearer {data['token']}", **SKILL_HEADERS}
        session = self.http.post(
            f"{url}/api/tasks/me/with-session/nemo_agent", headers=self.headers, json={"task_name": "bench"}
        )
        self.session = session.json()["data"]["session_id"]

    def upload(self, paths: list[Path]) -> dict[str, str]:
        """file name -> media id"""
        ids = {}
        for path in paths:  # one by one: 20 camera photos in one request is a big body
            with path.open("rb") as fh:
                r = self.http.post(
                    f"{self.url}/api/upload-video/nemo_agent/me/{self.session}",
                    headers=self.headers,
                    files=[("files", (path.name, fh, "application/octet-stream"))],
                )
            ids[path.name] = r.json()["data"]["files"][0]["media_id"]
        return ids

    def render(self, job_id: str, draft: dict[str, Any]) -> float:
        body = {"id": job_id, "sessionId": self.session, "draft": draft, "output": {"quality": "high"}}
        t0 = time.perf_counter()
        r = self.http.post(f"{self.url}/api/render/proxy/lambda", headers=self.headers, json=body)
        assert r.status_code == 200, r.text
        while True:
            job = self.http.get(f"{self.url}/api/render/proxy/lambda/{job_id}", headers=self.headers).json()[
                "data"
            ]
            if job["status"] == "completed":
                return time.perf_counter() - t0
            if job["status"] == "failed":
                sys.exit(f"render {job_id} failed: {job.get('error')}")
            time.sleep(0.1)


def parts_of(queue_url: str, user_id: str, job_id: str) -> dict[str, Any]:
    """Every part's result, read back from Celery's result store."""
    import redis

    from nemo_skill.scale.celery_app import make_app
    from nemo_skill.scale.config import QueueConfig, render_key

    app = make_app(QueueConfig(url=queue_url))
    rk = render_key(user_id, job_id)
    found: dict[str, Any] = {}
    for raw_key in redis.Redis.from_url(queue_url).scan_iter(f"celery-task-meta-nemo-{rk[:32]}-*"):
        meta = app.backend.decode_result(redis.Redis.from_url(queue_url).get(raw_key))
        part = raw_key.decode().rsplit("-", 1)[1]
        attempt = int(raw_key.decode().rsplit("-", 2)[1])
        if meta["status"] == "SUCCESS" and attempt >= found.get(part, {}).get("_attempt", 0):
            found[part] = {**meta["result"], "_attempt": attempt}
    return found


def summarise(wall: float, parts: dict[str, Any]) -> dict[str, Any]:
    chunks = [p for name, p in parts.items() if name.startswith("c")]
    t = lambda p, k: float(p.get("timings", {}).get(k, 0.0))  # noqa: E731
    return {
        "wall": wall,
        "chunks": len(chunks),
        "chunk_render": [t(p, "render") for p in chunks],
        "audio": t(parts.get("sound", {}), "audio"),
        "join": t(parts.get("join", {}), "join"),
        "transfer": sum(t(p, "download") + t(p, "upload") for p in parts.values()),
    }


def project(one: dict[str, Any], n_frames: int, fps: int, workers: int) -> float:
    """Amdahl with the server's own split: serial + rounds x one chunk's time."""
    from nemo_skill.render.chunks import queue_chunks

    serial = one["wall"] - sum(one["chunk_render"])  # everything that is not rendering frames
    per_frame = sum(one["chunk_render"]) / n_frames
    count = queue_chunks(n_frames, fps, workers, 30.0)
    longest = math.ceil(n_frames / count)
    rounds = math.ceil(count / workers)
    return serial + rounds * longest * per_frame


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--album", type=Path, help="an album already made by make_album.py")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma separated (default 1,2)")
    ap.add_argument("--skip-long", action="store_true", help="only the 30 s reference job")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    counts = [int(x) for x in args.workers.split(",") if x.strip()]
    work = Path(tempfile.mkdtemp(prefix="nemo-bench-scale-"))
    redis: RedisServer | None = None
    server: subprocess.Popen[bytes] | None = None
    running: list[Worker] = []
    try:
        album = album_or_make(args.album, work)
        photos = sorted(p.name for p in album.glob("photo_*.jpg"))[:20]
        redis = RedisServer(work / "redis").start()
        url = redis.url
        from nemo_skill.local.process.spawn import spawn_server

        data = work / "data"
        server_url, server = spawn_server(data, "--queue", url, log_path=work / "server.log")
        client = Client(server_url)
        ids = client.upload([album / name for name in [*photos, "music.wav"]])

        def with_ids(draft: dict[str, Any]) -> dict[str, Any]:
            text = json.dumps(draft)
            for name, media_id in ids.items():
                text = text.replace(f'"{name}"', f'"{media_id}"')
            return json.loads(text)

        jobs = {"reference 30 s": (with_ids(reference_draft(photos, 1500)), 900)}
        if not args.skip_long:
            many = [photos[i % len(photos)] for i in range(120)]
            jobs["3 minutes"] = (with_ids(reference_draft(many, 1500)), 5400)
        print(f"cores={os.cpu_count()}, 1920x1080@30, workers at --concurrency 1, chunks of at most 30 s")
        results: dict[tuple[str, int], dict[str, Any]] = {}
        for n in counts:
            while len(running) < n:
                log = work / f"worker-{len(running) + 1}.log"
                running.append(Worker(url, data, log, env={}))
                running[-1].start(timeout=120)
            time.sleep(2)  # let the server's worker count (inspect, cached 30 s) see them
            for name, (draft, _) in jobs.items():
                job_id = f"bench_{n}_{len(results)}"
                wall = client.render(job_id, draft)
                res = summarise(wall, parts_of(url, client.user_id, job_id))
                results[(name, n)] = res
                print(
                    f"  {name}, {n} worker(s): {wall:.1f} s wall, {res['chunks']} chunks "
                    f"(render {sum(res['chunk_render']):.1f} s summed), serial: audio {res['audio']:.1f} s, "
                    f"join {res['join']:.2f} s, storage {res['transfer']:.2f} s"
                )
        for name, (_, n_frames) in jobs.items():
            base = results.get((name, counts[0]))
            if base is None:
                continue
            for n in counts[1:]:
                if (name, n) in results:
                    print(
                        f"  {name}: speed-up {counts[0]} -> {n} workers: {base['wall'] / results[(name, n)]['wall']:.2f}x"
                    )
            if counts[0] == 1:
                for n in (8, 64):
                    t = project(base, n_frames, 30, n)
                    print(f"  {name}: Amdahl projection for {n} workers: {t:.1f} s ({base['wall'] / t:.1f}x)")
    finally:
        stop_all(redis, server, running)
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
