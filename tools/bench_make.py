#!/usr/bin/env python3
"""The reference job through ``nemo-skill make``, end to end, against x264 alone.

    python tools/bench_make.py [--album DIR] [--repeat N] [--warm]

Each run is ``nemo-skill make`` of the reference album (20 photos 4000x3000 and
music.wav, ../shared/bench/make_album.py) with the prompt below, in a fresh
NEMO_SKILL_HOME, so it pays for everything a first-time user pays for: the CLI's start,
the embedded backend's start, the token, the uploads, the edit, the render, the
download. ``--warm`` keeps one home (and its running backend) for all runs instead: a
user's second make.

After each make, libx264 alone encodes the same frames with the renderer's settings,
so each make is compared with an x264 run made moments apart (see bench_render.py: a
shared machine's speed drifts). The median of the paired ratios is the result (target
<= 1.30). "The same frames" are the ones the renderer handed x264: the make's draft is
read back from the backend and composed again (not timed) to raw I420, and the bench
checks that x264 alone turns them into a bit-identical H.264 stream. It also times x264
alone on the made video decoded back to raw (bench_render.py's older yardstick): those
frames went through the encoder once, lost their finest detail, and encode ~5-10 %
faster, which makes every ratio against them look worse than it is.

Where the time went comes from the backend's access log and its job row: the CLI and
backend start (launch -> first request), the token, session and uploads (-> the edit),
the edit (-> the render request), the render (-> the job completed), the wait for the
next poll and the download (-> the process exits).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
from bench_render import album_or_make, decode_raw, same_frames, x264_only  # noqa: E402

from nemo_skill.render.chunks import MapResolver  # noqa: E402

PROMPT = "a 30-second 16:9 1080p video with crossfade transitions, the music, and the title 'Reference'"
PHASES = ("start", "uploads", "edit", "render", "download")


def _log_times(log: Path) -> list[tuple[float, str, float]]:
    """(time the request ended, 'METHOD path', its duration in s) for each access-log line."""
    rows = []
    for line in log.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 7 or parts[2] != "INFO" or not parts[6].endswith("ms"):
            continue  # not an access line
        stamp = datetime.strptime(f"{parts[0]} {parts[1]}", "%Y-%m-%d %H:%M:%S,%f").timestamp()
        rows.append((stamp, f"{parts[3]} {parts[4]}", float(parts[6][:-2]) / 1000))
    return rows


def _job_finished(data_dir: Path) -> float:
    with sqlite3.connect(data_dir / "nemo-local.sqlite3") as db:
        row = db.execute(
            "SELECT updated_at FROM render_jobs WHERE status = 'completed' ORDER BY updated_at DESC LIMIT 1"
        ).fetchone()
    return float(row[0])


def made_draft(data_dir: Path) -> tuple[dict[str, object], dict[str, dict[str, str]]]:
    """The draft of the last completed render and its media as a MapResolver map."""
    with sqlite3.connect(data_dir / "nemo-local.sqlite3") as db:
        draft, session = db.execute(
            "SELECT draft_json, session_id FROM render_jobs WHERE status = 'completed' "
            "ORDER BY updated_at DESC LIMIT 1"
        ).fetchone()
        rows = db.execute("SELECT id, hash, ext, file_type FROM media WHERE session_id = ?", (session,))
        media = {
            media_id: {"path": str(data_dir / "media" / f"{sha}.{ext}"), "kind": kind}
            for media_id, sha, ext, kind in rows
        }
    return json.loads(draft), media


def run_make(album: Path, home: Path, out: Path) -> dict[str, float]:
    """One make; its wall time and the phases, in seconds."""
    files = [*sorted(str(p) for p in album.glob("photo_*.jpg"))[:20], str(album / "music.wav")]
    log = home / "local-backend" / "server.log"
    seen = len(_log_times(log)) if log.exists() else 0
    env = {**os.environ, "NEMO_SKILL_HOME": str(home)}
    env.pop("NEMO_TOKEN", None)
    env.pop("NEMO_API_BASE", None)
    launched = time.time()
    t0 = time.perf_counter()
    proc = subprocess.run(
        ["nemo-skill", "make", *files, "-p", PROMPT, "-o", str(out), "--force"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    ended = launched + wall
    if proc.returncode != 0:
        sys.exit(f"make failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
    rows = _log_times(log)[seen:]
    first = rows[0][0] - rows[0][2]
    edit_start = next(end - took for end, what, took in rows if what == "POST /run_sse")
    render_asked = next(end - took for end, what, took in rows if what.startswith("POST /api/render/"))
    finished = _job_finished(home / "local-backend")
    uploads = [took for _, what, took in rows if what.startswith("POST /api/upload-video/")]
    return {
        "wall": wall,
        "start": first - launched,
        "uploads": edit_start - first,
        "upload_requests": sum(uploads),
        "edit": render_asked - edit_start,
        "render": finished - render_asked,
        "download": ended - finished,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--album", type=Path, help="an album already made by make_album.py (skips making one)")
    ap.add_argument("--repeat", type=int, default=3, help="pairs of make and x264 alone (default 3)")
    ap.add_argument("--warm", action="store_true", help="one home for every run: the backend stays up")
    args = ap.parse_args()
    if shutil.which("nemo-skill") is None:
        sys.exit("nemo-skill is not on PATH: install the project (pip install -e '.[local]') first")
    work = Path(tempfile.mkdtemp(prefix="nemo-bench-make-"))
    try:
        album = album_or_make(args.album, work)
        print(
            f"the reference job through make, cores={os.cpu_count()}, {'warm' if args.warm else 'fresh'} home"
        )
        print(f"  prompt: {PROMPT!r}")
        runs: list[dict[str, float]] = []
        exact: list[dict[str, float]] = []
        decoded: list[dict[str, float]] = []
        raws: list[Path] = []
        try:
            for i in range(max(1, args.repeat)):
                home = work / ("home" if args.warm else f"home-{i}")
                runs.append(run_make(album, home, work / "made.mp4"))
                if not raws:
                    draft, media = made_draft(home / "local-backend")
                    made = work / "made.mp4"
                    raws = [same_frames(draft, MapResolver(media), made, work), decode_raw(made, work)]
                exact.append(x264_only(raws[0], work))
                decoded.append(x264_only(raws[1], work))
                r, e, d = runs[-1], exact[-1], decoded[-1]
                parts = ", ".join(f"{name} {r[name]:.2f}" for name in PHASES)
                print(
                    f"  pair {i + 1}: make {r['wall']:.2f} s ({parts}; upload requests {r['upload_requests']:.2f});"
                    f" x264 alone {e['wall']:.2f} s -> {r['wall'] / e['wall']:.2f} (its render phase"
                    f" {r['render'] / e['wall']:.2f}); x264 alone on the decoded video {d['wall']:.2f} s"
                    f" -> {r['wall'] / d['wall']:.2f}"
                )
        finally:
            for raw in raws:
                raw.unlink(missing_ok=True)
            subprocess.run(
                ["pkill", "-f", f"nemo_skill serve .*{work}"], check=False
            )  # the backends it started
        medians = {name: statistics.median(r[name] for r in runs) for name in ("wall", *PHASES)}
        print(
            f"  make:        {medians['wall']:.2f} s median; phases (medians): "
            + ", ".join(f"{name} {medians[name]:.2f} s" for name in PHASES)
        )
        for label, encs in (("x264 alone:", exact), ("(decoded):  ", decoded)):
            ratios = [r["wall"] / e["wall"] for r, e in zip(runs, encs, strict=True)]
            print(
                f"  {label} {statistics.median(e['wall'] for e in encs):.2f} s median"
                f"  -> ratio {statistics.median(ratios):.2f} median of pairs (range {min(ratios):.2f}-"
                f"{max(ratios):.2f}){'; target <= 1.30' if encs is exact else ''}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
