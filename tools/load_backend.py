"""Load test of the local backend: N concurrent sessions, each getting a token, opening
a session, uploading photos, streaming one SSE message and polling state.

Talks to 127.0.0.1 only: either a server it starts itself (default) or --url pointing
at one already running on loopback. Prints counts and latencies per step.

    python tools/load_backend.py [--sessions 50] [--photos 2] [--polls 3] [--url http://127.0.0.1:8765]

--soak runs the reliability soak instead (issue #13): --users (200) users for --duration
(300) seconds, each looping over a photo upload, a URL upload from a file host of the
tool's own on loopback (half of them slow: the bytes drip over ~3 s), a message, a state
poll and now and then a draft-quality export. It checks 0 errors, 0 lost jobs (every
export finishes), consistent credits (the ledger in the server's database against what
the API says) and flat memory (the server's process tree, sampled from /proc), and prints
p50/p95 per step and the peak RSS.

    python tools/load_backend.py --soak [--users 200] [--duration 300]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from throwaway import rss_mb, start

STEPS = ("token", "session", "upload", "message", "state")


def photo(seed: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), ((seed * 37) % 255, (seed * 91) % 255, 120)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.events: dict[str, int] = defaultdict(int)

    def report(self, wall_s: float, sessions: int) -> None:
        print(f"{sessions} sessions in {wall_s:.1f} s")
        print(f"{'step':<9}{'ok':>6}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for step in STEPS:
            values = sorted(self.latency[step])
            if not values:
                print(f"{step:<9}{0:>6}{len(self.errors[step]):>8}")
                continue
            p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
            print(
                f"{step:<9}{len(values):>6}{len(self.errors[step]):>8}"
                f"{statistics.median(values):>9.0f}{p95:>9.0f}{values[-1]:>9.0f}"
            )
        print("SSE events:", dict(self.events))
        for step, messages in self.errors.items():
            for message in sorted(set(messages))[:3]:
                print(f"  {step} error: {message[:200]}")

    @property
    def error_count(self) -> int:
        return sum(len(v) for v in self.errors.values())


async def timed(stats: Stats, step: str, coro: object) -> object:
    started = time.perf_counter()
    try:
        result = await coro  # type: ignore[misc]
    except Exception as exc:
        stats.errors[step].append(f"{type(exc).__name__}: {exc}")
        raise
    stats.latency[step].append((time.perf_counter() - started) * 1000)
    return result


def _data(response: httpx.Response) -> dict:
    body = response.json()
    if body.get("code") != 0:
        raise RuntimeError(f"HTTP {response.status_code} code {body.get('code')}: {body.get('message')}")
    return body["data"]


async def sse_message(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    sid: str,
    text: str,
    events: dict[str, int] | None = None,
) -> None:
    """Send one message and read its stream to the end; an error event raises."""
    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": sid,
        "new_message": {"parts": [{"text": text}]},
    }
    async with client.stream("POST", f"{url}/run_sse", headers=headers, json=body) as response:
        if response.status_code != 200:
            await response.aread()
            _data(response)
        async for line in response.aiter_lines():
            if line.startswith("data:") and line[5:].strip():
                event = json.loads(line[5:])
                if events is not None:
                    events[event["type"]] += 1
                if event["type"] == "error":
                    raise RuntimeError(f"SSE error {event.get('code')}: {event.get('message')}")


async def one_session(
    client: httpx.AsyncClient, url: str, n: int, args: argparse.Namespace, stats: Stats, photos: list[bytes]
) -> None:
    async def token() -> dict:
        return _data(
            await client.post(f"{url}/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())})
        )

    tok = await timed(stats, "token", token())
    headers = {
        "Authorization": f"Bearer {tok['token']}",  # type: ignore[index]
        "X-Skill-Source": "photographer-video",
        "X-Skill-Version": "1.0.0",
        "X-Skill-Platform": "unknown",
    }

    async def session() -> str:
        r = await client.post(f"{url}/api/tasks/me/with-session/nemo_agent", headers=headers, json={})
        return str(_data(r)["session_id"])

    sid = await timed(stats, "session", session())

    async def upload() -> None:
        files = [
            ("files", (f"p{i}.jpg", photos[(n + i) % len(photos)], "image/jpeg")) for i in range(args.photos)
        ]
        _data(await client.post(f"{url}/api/upload-video/nemo_agent/me/{sid}", headers=headers, files=files))

    await timed(stats, "upload", upload())

    async def message() -> None:
        await sse_message(
            client, url, headers, sid, "turn these photos into a video with music", stats.events
        )

    await timed(stats, "message", message())
    for _ in range(args.polls):

        async def state() -> None:
            data = _data(await client.get(f"{url}/api/state/nemo_agent/me/{sid}/latest", headers=headers))
            if data["state"]["draft"] is None:
                raise RuntimeError("state has no draft after the message")

        await timed(stats, "state", state())


async def run(url: str, args: argparse.Namespace) -> Stats:
    stats = Stats()
    photos = [photo(seed) for seed in range(16)]  # made before the clock starts: not server work
    limits = httpx.Limits(max_connections=args.sessions, max_keepalive_connections=args.sessions)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        results = await asyncio.gather(
            *(one_session(client, url, n, args, stats, photos) for n in range(args.sessions)),
            return_exceptions=True,
        )
    stats.events["sessions_failed"] = sum(1 for r in results if isinstance(r, BaseException))
    return stats


_ACCESS = re.compile(r"INFO (GET|POST) (\S+) (\d{3}) (\d+)ms")
_GROUPS = (
    ("token", "/api/auth/"),
    ("session", "/api/tasks/"),
    ("upload", "/api/upload-video/"),
    ("message", "/run_sse"),
    ("state", "/api/state/"),
)


def server_side_report(log_path: Path) -> None:
    """Latencies as the server measured them (its access log): the client's include its own CPU time."""
    times: dict[str, list[int]] = defaultdict(list)
    for match in _ACCESS.finditer(log_path.read_text(encoding="utf-8", errors="replace")):
        for name, prefix in _GROUPS:
            if match.group(2).startswith(prefix):
                times[name].append(int(match.group(4)))
    print("server-side ms (access log):  p50 / p95 / max")
    for name, _ in _GROUPS:
        values = sorted(times[name])
        if values:
            p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
            print(f"  {name:<9}{statistics.median(values):>7.0f}{p95:>7}{values[-1]:>7}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--soak", action="store_true", help="run the reliability soak (see above)")
    parser.add_argument("--users", type=int, default=200, help="soak: concurrent users (1-500, default 200)")
    parser.add_argument("--duration", type=float, default=300, help="soak: seconds (default 300)")
    parser.add_argument("--sessions", type=int, default=50, help="concurrent sessions (1-200, default 50)")
    parser.add_argument("--photos", type=int, default=2, help="photos uploaded per session (default 2)")
    parser.add_argument("--polls", type=int, default=3, help="state polls per session (default 3)")
    parser.add_argument("--url", help="an already running backend on 127.0.0.1 (default: start one)")
    args = parser.parse_args()
    if args.soak:
        from soak_backend import soak

        if not 1 <= args.users <= 500 or not 1 <= args.duration <= 3600:
            parser.error("--users must be 1-500 and --duration 1-3600")
        return soak(args.users, args.duration)
    if not 1 <= args.sessions <= 200:
        parser.error("--sessions must be 1-200")
    with tempfile.TemporaryDirectory(prefix="nemo-load-") as tmp:
        proc = None
        if args.url:
            if urlsplit(args.url).hostname != "127.0.0.1":
                parser.error("--url must point at 127.0.0.1: this tool never loads anything else")
            url = args.url.rstrip("/")
        else:
            log_path = Path(tmp) / "server.log"
            url, proc = start(Path(tmp) / "data", log_path=log_path)
        try:
            before = rss_mb(proc.pid) if proc else 0.0
            started = time.perf_counter()
            stats = asyncio.run(run(url, args))
            wall = time.perf_counter() - started
            stats.report(wall, args.sessions)
            if proc:
                server_side_report(log_path)
                print(f"server RSS: {before:.0f} MB before, peak {rss_mb(proc.pid, 'VmHWM'):.0f} MB")
        finally:
            if proc:
                proc.terminate()
                proc.wait(timeout=15)
    print("errors:", stats.error_count)
    return 0 if stats.error_count == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
