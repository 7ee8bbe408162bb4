"""The reliability soak behind ``python tools/load_backend.py --soak`` (issue #13).

Everything stays on 127.0.0.1: the server under test is started here, and so is the file
host its URL uploads fetch from (a threaded http.server in a process of its own, so the
200 users' client work here does not starve it of the GIL; the server runs with
--allow-private-urls for that). Every loop is bounded by the deadline and stops by
itself.
"""

from __future__ import annotations

import asyncio
import http.server
import multiprocessing
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import httpx
from load_backend import _data, photo, sse_message
from throwaway import rss_mb, start, tree_rss_mb

STEPS = ("token", "session", "upload", "url", "url_slow", "message", "state", "export")
SLOW_URL_S = 3.0
EXPORT_EVERY = 5  # one export per this many loops of a user, on average
CREDITS_PER_USER = 100_000  # the soak measures reliability, not running out of credits


class _FileHost(http.server.BaseHTTPRequestHandler):
    """/fast/N.jpg at once; /slow/N.jpg a chunk at a time over ~SLOW_URL_S seconds."""

    photos: ClassVar[list[bytes]] = []

    def do_GET(self) -> None:
        kind, _, name = self.path.strip("/").partition("/")
        body = self.photos[int(name.split(".")[0]) % len(self.photos)]
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if kind != "slow":
                self.wfile.write(body)
                return
            pieces = 12
            step = -(-len(body) // pieces)
            for start_at in range(0, len(body), step):
                self.wfile.write(body[start_at : start_at + step])
                self.wfile.flush()
                time.sleep(SLOW_URL_S / pieces)
        except OSError:
            return

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class _Stats:
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    exports: dict[str, str] = field(default_factory=dict)  # render id -> token
    rss: list[tuple[float, float]] = field(default_factory=list)
    """(server process RSS, whole tree RSS with render workers) per second, MB."""

    async def timed(self, step: str, work: Any) -> Any:
        started = time.perf_counter()
        try:
            result = await work
        except Exception as exc:
            self.errors[step].append(f"{type(exc).__name__}: {exc}"[:300])
            return None
        self.latency[step].append((time.perf_counter() - started) * 1000)
        return result


async def _user(
    client: httpx.AsyncClient,
    url: str,
    host: str,
    n: int,
    deadline: float,
    stats: _Stats,
    photos: list[bytes],
) -> None:
    rng = random.Random(n)
    token = await stats.timed(
        "token",
        client.post(f"{url}/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}),
    )
    if token is None:
        return
    tok = _data(token)
    headers = {
        "Authorization": f"Bearer {tok['token']}",
        "X-Skill-Source": "photographer-video",
        "X-Skill-Version": "1.0.0",
        "X-Skill-Platform": "unknown",
    }
    made = await stats.timed(
        "session", client.post(f"{url}/api/tasks/me/with-session/nemo_agent", headers=headers, json={})
    )
    if made is None:
        return
    sid = _data(made)["session_id"]
    upload_path = f"{url}/api/upload-video/nemo_agent/me/{sid}"
    first_media: str | None = None
    loop = 0
    while time.monotonic() < deadline:
        loop += 1

        async def upload(loop: int = loop) -> str:
            files = [("files", (f"p{loop}.jpg", photos[(n + loop) % len(photos)], "image/jpeg"))]
            return str(
                _data(await client.post(upload_path, headers=headers, files=files))["files"][0]["media_id"]
            )

        media = await stats.timed("upload", upload())
        first_media = first_media or media
        slow = n % 2 == 1  # half the users fetch from the slow source
        source = f"{host}/{'slow' if slow else 'fast'}/{n + loop}.jpg"
        await stats.timed(
            "url_slow" if slow else "url",
            _ok(client.post(upload_path, headers=headers, json={"urls": [source], "source_type": "url"})),
        )
        words = (
            "turn these photos into a video with music"
            if loop == 1
            else rng.choice(
                [
                    "make it 9:16",
                    "slower transitions",
                    "add a warm filter",
                    'add the title "Soak"',
                    "make it 16:9",
                ]
            )
        )
        await stats.timed("message", sse_message(client, url, headers, sid, words))
        await stats.timed(
            "state", _ok(client.get(f"{url}/api/state/nemo_agent/me/{sid}/latest", headers=headers))
        )
        if first_media and rng.randrange(EXPORT_EVERY) == 0:
            render_id = f"render_{n}_{loop}"
            body = {"id": render_id, "sessionId": sid, "draft": _tiny_draft(first_media),
                    "output": {"format": "mp4", "quality": "draft"}}  # fmt: skip
            if await stats.timed(
                "export", _ok(client.post(f"{url}/api/render/proxy/lambda", headers=headers, json=body))
            ):
                stats.exports[render_id] = str(tok["token"])


async def _ok(request: Any) -> bool:
    _data(await request)
    return True


def _tiny_draft(media_id: str) -> dict[str, Any]:
    return {"d": 1000, "m": {"w": 320, "h": 180, "fps": 10},
            "t": [{"tt": 0, "sg": [{"src": media_id, "st": 0, "d": 1000, "m": {"fit": "cover"}}]}]}  # fmt: skip


async def _sample_rss(pid: int, stats: _Stats, until: float) -> None:
    while time.monotonic() < until:
        stats.rss.append((rss_mb(pid), tree_rss_mb(pid)))
        await asyncio.sleep(1.0)


async def _drain_exports(
    client: httpx.AsyncClient, url: str, stats: _Stats, timeout: float
) -> dict[str, str]:
    """Wait for every export; the status each ended with (anything but 'completed' is lost)."""
    ended: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(ended) < len(stats.exports):
        for render_id, token in stats.exports.items():
            if render_id in ended:
                continue
            response = await client.get(
                f"{url}/api/render/proxy/lambda/{render_id}", headers={"Authorization": f"Bearer {token}"}
            )
            status = response.json().get("data", {}).get("status", "missing")
            if status in ("completed", "failed"):
                ended[render_id] = status
        await asyncio.sleep(1.0)
    return {rid: ended.get(rid, "still running") for rid in stats.exports}


def _credit_problems(db_path: Path, url: str, tokens: list[str]) -> list[str]:
    """The ledger, summed in the database, against the API's answer for a sample of users."""
    problems = []
    with sqlite3.connect(db_path) as db:
        for user, held in db.execute(
            "SELECT user_id, SUM(CASE kind WHEN 'hold' THEN amount WHEN 'release' THEN -amount ELSE 0 END) "
            "FROM credit_entries GROUP BY user_id"
        ):
            if held:
                problems.append(f"{user}: {held} credits still held after the soak")
        for token in tokens:
            api = httpx.get(
                f"{url}/api/credits/balance/simple", headers={"Authorization": f"Bearer {token}"}
            ).json()["data"]
            if (
                api["frozen"] != 0
                or api["available"] != api["total"]
                or not 0 <= api["available"] <= CREDITS_PER_USER
            ):
                problems.append(f"inconsistent balance {api}")
    return problems


def _report(
    stats: _Stats, users: int, wall: float, outcomes: dict[str, str], credit_problems: list[str]
) -> int:
    print(f"{users} users for {wall:.0f} s")
    print(f"{'step':<10}{'ok':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for step in STEPS:
        values = sorted(stats.latency[step])
        if values:
            p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
            print(
                f"{step:<10}{len(values):>7}{len(stats.errors[step]):>8}{statistics.median(values):>9.0f}{p95:>9.0f}{values[-1]:>9.0f}"
            )
        else:
            print(f"{step:<10}{0:>7}{len(stats.errors[step]):>8}")
    for step, messages in stats.errors.items():
        for message in sorted(set(messages))[:3]:
            print(f"  {step} error: {message}")
    lost = {rid: s for rid, s in outcomes.items() if s != "completed"}
    print(f"exports: {len(outcomes)} submitted, {len(outcomes) - len(lost)} completed, {len(lost)} lost")
    for rid, status in list(lost.items())[:5]:
        print(f"  {rid}: {status}")
    print(f"credits: {'consistent' if not credit_problems else '; '.join(credit_problems[:5])}")
    server = [own for own, _ in stats.rss]
    growth = 0.0
    if len(server) >= 10:
        # Flatness is the server's own memory; the tree adds render workers that come and go.
        tenth = max(1, len(server) // 10)
        early, late = statistics.median(server[tenth : 2 * tenth]), statistics.median(server[-tenth:])
        growth = late - early
        print(f"server RSS: peak {max(server):.0f} MB; median {early:.0f} MB in the second tenth of the run, "
              f"{late:.0f} MB in the last ({growth:+.0f} MB); with render workers: peak "
              f"{max(tree for _, tree in stats.rss):.0f} MB")  # fmt: skip
    errors = sum(len(v) for v in stats.errors.values())
    flat = growth < 100
    print(f"errors: {errors}, lost jobs: {len(lost)}, RSS {'flat' if flat else 'GROWING'}")
    return 0 if errors == 0 and not lost and not credit_problems and flat else 1


async def _run(users: int, duration: float, url: str, host: str, pid: int, stats: _Stats) -> dict[str, str]:
    photos = [photo(seed) for seed in range(16)]
    limits = httpx.Limits(max_connections=users * 2, max_keepalive_connections=users * 2)
    async with httpx.AsyncClient(timeout=300, limits=limits) as client:
        started = time.monotonic()
        deadline = started + duration
        sampler = asyncio.create_task(_sample_rss(pid, stats, deadline + 600))
        await asyncio.gather(*(_user(client, url, host, n, deadline, stats, photos) for n in range(users)))
        outcomes = await _drain_exports(client, url, stats, timeout=600)
        sampler.cancel()
    return outcomes


class _HostServer(http.server.ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: with 200 users fetching at once the kernel
    # drops SYNs and the backend's fetches time out on connect, which measures this file
    # host, not the backend.
    request_queue_size = 512
    daemon_threads = True


def _serve_files(ports: multiprocessing.Queue[int]) -> None:
    _FileHost.photos = [photo(seed) for seed in range(8)]
    server = _HostServer(("127.0.0.1", 0), _FileHost)
    ports.put(server.server_address[1])
    server.serve_forever()


def soak(users: int, duration: float) -> int:
    fork = multiprocessing.get_context("fork")  # the handler's photos come with it, nothing pickled
    ports: multiprocessing.Queue[int] = fork.Queue()
    files = fork.Process(target=_serve_files, args=(ports,), daemon=True)
    files.start()
    host = f"http://127.0.0.1:{ports.get(timeout=30)}"
    with tempfile.TemporaryDirectory(prefix="nemo-soak-") as tmp:
        data = Path(tmp) / "data"
        url, proc = start(
            data, "--allow-private-urls", "--credits", str(CREDITS_PER_USER), "--workers", "2",
            log_path=Path(tmp) / "server.log",
        )  # fmt: skip
        stats = _Stats()
        try:
            started = time.monotonic()
            outcomes = asyncio.run(_run(users, duration, url, host, proc.pid, stats))
            wall = time.monotonic() - started
            tokens = sorted(set(stats.exports.values()))[:50]
            problems = _credit_problems(data / "nemo-local.sqlite3", url, tokens)
            code = _report(stats, users, wall, outcomes, problems)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            files.terminate()
            files.join(timeout=5)
            ports.close()
    return code


if __name__ == "__main__":
    sys.exit(
        soak(int(sys.argv[1]) if len(sys.argv) > 1 else 200, float(sys.argv[2]) if len(sys.argv) > 2 else 300)
    )
