"""Benchmark structured edits against the same change in words, over HTTP on a throwaway
local backend: one session of N photos, then each pair of (typed edits, words) sent
alternately, so both see the same draft sizes and the same machine load.

Prints, per path, the median and p95 of the client's wall time per request (to the full
answer: the JSON envelope for typed edits, the end of the SSE stream for words) and of the
server's own time from its access log.

    python tools/bench_edits.py [--photos 30] [--repeat 10]
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from throwaway import start

from nemo_skill.models.edit_request import EDITS_PATH

SKILL = {"X-Skill-Source": "photographer-video", "X-Skill-Version": "1.0.0", "X-Skill-Platform": "unknown"}
# The same change both ways; each pair is applied once per round, then undone in words so the
# draft stays the same size from round to round.
# A round charges 8 credits (undo is free) and a token has 100, 5 of them for the first video.
MAX_ROUNDS = 11
PAIRS = (
    ([{"op": "move_photo", "from": -1, "to": 2}], "move the last photo to the second position"),
    ([{"op": "set_aspect", "aspect": "1:1"}, {"op": "set_length", "seconds": 40}], "make it square and 40 seconds"),
    ([{"op": "set_title", "text": "Golden Hour", "color": "gold"}], 'add the title "Golden Hour" in gold'),
    ([{"op": "remove_photo", "photo": 3}], "remove the third photo"),
)  # fmt: skip


def jpeg(i: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (i * 7 % 255, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--photos", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=10, help=f"rounds of every pair (at most {MAX_ROUNDS})")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="nemo-bench-edits-") as tmp:
        log = Path(tmp) / "server.log"
        url, process = start(Path(tmp) / "data", log_path=log)
        try:
            http = httpx.Client(base_url=url, timeout=60)
            token = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}).json()
            headers = {**SKILL, "Authorization": f"Bearer {token['data']['token']}"}
            sid = http.post("/api/tasks/me/with-session/nemo_agent", headers=headers, json={}).json()["data"][
                "session_id"
            ]
            files = [("files", (f"{i}.jpg", jpeg(i), "image/jpeg")) for i in range(args.photos)]
            http.post(
                f"/api/upload-video/nemo_agent/me/{sid}", headers=headers, files=files
            ).raise_for_status()
            path = EDITS_PATH.format(sid=sid)

            def typed(edits: list[dict[str, object]]) -> None:
                response = http.post(
                    path, headers={**headers, "Accept": "application/json"}, json={"edits": edits}
                )
                if response.json()["code"] != 0:
                    raise SystemExit(f"typed edits failed: {response.text[:200]}")

            def words(text: str) -> None:
                body = {"app_name": "nemo_agent", "user_id": "me", "session_id": sid,
                        "new_message": {"parts": [{"text": text}]}}  # fmt: skip
                with http.stream("POST", "/run_sse", headers=headers, json=body) as response:
                    for line in response.iter_lines():
                        if '"type": "error"' in line:
                            raise SystemExit(f"message failed: {line[:200]}")

            sent = ["setup"]  # what each edits or /run_sse request was, in the order sent
            typed([{"op": "generate"}])
            timings: dict[str, list[float]] = {"typed": [], "words": []}
            for _ in range(rounds := min(args.repeat, MAX_ROUNDS)):
                for edits, text in PAIRS:
                    for kind in ("typed", "words"):
                        started = time.perf_counter()
                        typed(edits) if kind == "typed" else words(text)
                        timings[kind].append((time.perf_counter() - started) * 1000)
                        words("undo")
                        sent += [kind, "undo"]
        finally:
            process.terminate()
            process.wait(timeout=15)
        served: dict[str, list[float]] = {"typed": [], "words": [], "undo": [], "setup": []}
        lines = [re.search(r"POST (\S+) 200 (\d+)ms", line) for line in log.read_text().splitlines()]
        ours = [m for m in lines if m and (m.group(1).endswith("/edits") or m.group(1) == "/run_sse")]
        for kind, match in zip(sent, ours, strict=True):  # requests were sent one at a time
            served[kind].append(float(match.group(2)))

    print(f"{args.photos} photos, {rounds} rounds of {len(PAIRS)} changes each way")
    for kind in ("typed", "words"):
        wall = timings[kind]
        print(
            f"{kind:>5}: client p50 {statistics.median(wall):6.1f} ms  p95 {percentile(wall, 0.95):6.1f} ms"
            f"  ({len(wall)} requests)"
        )
    print("server (its access log, the whole request):")
    for kind in ("typed", "words"):
        print(
            f"{kind:>5}: p50 {statistics.median(served[kind]):6.1f} ms  p95 {percentile(served[kind], 0.95):6.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
