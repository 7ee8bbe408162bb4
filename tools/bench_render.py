#!/usr/bin/env python3
"""Benchmark the renderer against the reference job and against x264 alone.

    python tools/bench_render.py [--album DIR] [--skip-200] [--keep]

1. Builds the reference album with ../shared/bench/make_album.py (20 photos 4000x3000 and
   music.wav), unless --album points at one already made.
2. Renders the reference job: 1920x1080@30, 30 s, Ken Burns on every photo, a transition
   between each, the music with a fade-out, a 3 s title. Wall time, CPU time and peak
   RSS (the Python process and ffmpeg, each measured by the kernel: getrusage).
3. Times libx264 alone encoding the same frames with the same settings: the floor any
   renderer feeding x264 can reach. The same frames are the ones the renderer composed
   (composed again to raw I420, not timed; x264 alone must turn them into the rendered
   video's H.264 stream bit for bit, which the bench checks). x264 alone on the rendered
   video decoded back to raw is timed too, the yardstick this bench used before: frames
   that went through the encoder once lost their finest detail and encode ~5-10 % faster.
   Steps 2 and 3 alternate --repeat times (default 3), so each render is compared with
   an x264 run made moments apart: a shared machine's speed drifts by 20 % over
   minutes, and comparing a slow minute's render with a fast minute's x264 (or the
   reverse) would measure the machine, not the renderer. The median of the paired
   ratios is the result; the spread is printed next to it.
4. Renders the same job as a ``draft`` preview and compares times.
5. Renders a 200-photo job (200 segments cycling through the album's photos, each
   decoded again for its own segment) and compares peak RSS with the 20-photo job.
6. Times the beat tracker on a 3-minute song (the library's upbeat loop, three times
   over, written to a WAV): decoding it (PyAV, to 16 kHz mono) and tracking it.
   ``--beats-only`` runs this step alone.
Prints every number, and the targets next to them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAKE_ALBUM = REPO / ".." / "shared" / "bench" / "make_album.py"


def album_or_make(album: Path | None, work: Path) -> Path:
    """``album``, or the reference album made in ``work`` by make_album.py (20 photos)."""
    if album is not None:
        return album
    made = work / "album"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(MAKE_ALBUM.resolve()), str(made), "--photos", "20"], check=True)
    print(f"album made in {time.perf_counter() - t0:.1f} s")
    return made


def reference_draft(photos: list[str], segment_ms: int, transition_ms: int = 500) -> dict:
    n = len(photos)
    return {
        "m": {"w": 1920, "h": 1080, "fps": 30},
        "t": [
            {
                "tt": 0,
                "m": {"name": "Photos"},
                "sg": [
                    {
                        "src": src,
                        "st": i * segment_ms,
                        "d": segment_ms,
                        "m": {
                            "tr": {"name": "auto", "d": transition_ms},
                            "kb": {"on": True, "dir": "auto", "amount": 0.12},
                        },
                    }
                    for i, src in enumerate(photos)
                ],
            },
            {
                "tt": 1,
                "m": {"name": "BGM", "vol": 0.8},
                "sg": [{"src": "music.wav", "st": 0, "d": n * segment_ms, "m": {"fade_out": 2500}}],
            },
            {"tt": 7, "sg": [{"st": 0, "d": 3000, "m": {"text": "Urban Dreams", "role": "title"}}]},
        ],
    }


CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from nemo_skill.models.draft import Draft
from nemo_skill.render import DirectoryResolver, render_draft
draft = Draft.model_validate(json.loads(Path(sys.argv[1]).read_text()))
t0 = time.perf_counter()
result = render_draft(draft, DirectoryResolver(Path(sys.argv[2])), Path(sys.argv[3]), quality=sys.argv[4],
                      cache_dir=Path(sys.argv[5]))
wall = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "py_rss_mb": me.ru_maxrss / 1024, "ffmpeg_rss_mb": kids.ru_maxrss / 1024,
                  "py_cpu": me.ru_utime + me.ru_stime, "ffmpeg_cpu": kids.ru_utime + kids.ru_stime,
                  "py_sys": me.ru_stime, "py_faults": me.ru_minflt,
                  "duration_s": result.duration_s, "size_mb": result.size_bytes / 1e6}))
"""


def run_render(draft: dict, album: Path, out: Path, quality: str, work: Path) -> dict:
    draft_path = work / f"draft-{out.stem}.json"
    draft_path.write_text(json.dumps(draft))
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(draft_path), str(album), str(out), quality, str(work / "cache")],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.exit(
            f"render failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}"
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def decode_raw(video: Path, work: Path) -> Path:
    """The rendered video's frames as raw I420, in memory when /dev/shm exists."""
    from nemo_skill.render.encoder import ffmpeg_exe

    raw_dir = Path("/dev/shm") if Path("/dev/shm").is_dir() else work
    raw = raw_dir / f"nemo-bench-{os.getpid()}.yuv"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-i",
            str(video),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "yuv420p",
            str(raw),
        ],
        check=True,
    )
    return raw


def composed_raw(draft: dict, media: object, work: Path) -> Path:
    """The very frames the renderer hands x264 for ``draft`` (its compositor, frame by
    frame, not timed), as raw I420 in memory when /dev/shm exists. ``media`` resolves the
    draft's sources (a MediaResolver)."""
    from nemo_skill.models.draft import Draft
    from nemo_skill.render.colour import new_frame
    from nemo_skill.render.compositor import Compositor
    from nemo_skill.render.frames import opencv_on_one_thread
    from nemo_skill.render.plan import make_plan

    raw_dir = Path("/dev/shm") if Path("/dev/shm").is_dir() else work
    raw = raw_dir / f"nemo-bench-{os.getpid()}-composed.yuv"
    plan = make_plan(Draft.model_validate(draft), media, "high")  # type: ignore[arg-type]
    comp = Compositor(plan)
    try:
        with opencv_on_one_thread(), raw.open("wb") as out:
            buffer, frame = new_frame(plan.width, plan.height)
            for n in range(plan.n_frames):
                comp.compose(comp.time_of(n), frame)
                out.write(buffer.data)
    except BaseException:
        raw.unlink(missing_ok=True)
        raise
    finally:
        comp.close()
    return raw


def video_stream_sha256(video: Path) -> str:
    """The H.264 stream of a video (no container), hashed: equal for bit-identical encodes."""
    import hashlib

    from nemo_skill.render.encoder import ffmpeg_exe

    stream = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(video), "-map", "0:v", "-c", "copy", "-f", "h264", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return hashlib.sha256(stream).hexdigest()


def x264_only(raw: Path, work: Path) -> dict:
    """One libx264 encode of the raw frames with the renderer's settings: wall and CPU."""
    from nemo_skill.render.encoder import SETTINGS, ffmpeg_exe, video_input_args, x264_args

    args = [ffmpeg_exe(), "-v", "error", "-y", *video_input_args(1920, 1080, 30)]
    args[args.index("pipe:0")] = str(raw)
    args += [
        *x264_args(SETTINGS["high"], 30),
        "-an",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        str(work / "x264.mp4"),
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(args)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"x264 alone failed with exit code {proc.returncode}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime}


def same_frames(draft: dict, media: object, rendered: Path, work: Path) -> Path:
    """The frames the renderer composed for ``draft`` (``media``: a MediaResolver), checked:
    x264 alone must turn them into ``rendered``'s H.264 stream, bit for bit."""
    raw = composed_raw(draft, media, work)
    x264_only(raw, work)
    if video_stream_sha256(work / "x264.mp4") != video_stream_sha256(rendered):
        raw.unlink(missing_ok=True)
        sys.exit(f"x264 alone on the composed frames did not reproduce {rendered.name}: not the same frames")
    print(
        f"  the same frames: x264 alone on the composed frames gives {rendered.name}'s H.264 stream, bit for bit"
    )
    return raw


def bench_beats(work: Path, repeat: int = 3) -> None:
    """The beat tracker on a 3-minute song: decode + track, the median of ``repeat`` runs."""
    import numpy as np

    from nemo_skill.render import beats
    from nemo_skill.render.music import SAMPLE_RATE, save_wav, synthesize

    song = np.tile(synthesize("upbeat", 60), (3, 1))
    path = work / "song-3min.wav"
    save_wav(path, song)
    decode, track = [], []
    t0 = time.perf_counter()
    grid = beats.track_beats(beats.decode_mono(path), beats.ANALYSIS_RATE)
    print(
        f"beats, first call in the process (numpy's FFT and BLAS warming up): {time.perf_counter() - t0:.2f} s"
    )
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        mono = beats.decode_mono(path)
        t1 = time.perf_counter()
        grid = beats.track_beats(mono, beats.ANALYSIS_RATE)
        t2 = time.perf_counter()
        decode.append(t1 - t0)
        track.append(t2 - t1)
    print(
        f"beats of a {len(song) / SAMPLE_RATE:.0f} s song: decode {statistics.median(decode):.2f} s + track "
        f"{statistics.median(track):.2f} s = {statistics.median(decode) + statistics.median(track):.2f} s "
        f"(median of {len(track)}; target <= 1 s); {grid.tempo_bpm} BPM, {len(grid.beats_s)} beats"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--album", type=Path, help="an album already made by make_album.py (skips making one)")
    ap.add_argument("--skip-200", action="store_true", help="skip the 200-photo memory job")
    ap.add_argument("--segment-ms-200", type=int, default=1500, help="segment length of the 200-photo job")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (videos) and print its path")
    ap.add_argument("--beats-only", action="store_true", help="only time the beat tracker (step 6)")
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="render and time x264 alone this many times each, alternating; the median pair counts",
    )
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nemo-bench-"))
    if args.beats_only:
        try:
            bench_beats(work, args.repeat)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    try:
        album = album_or_make(args.album, work)
        photos = sorted(p.name for p in album.glob("photo_*.jpg"))[:20]
        ref = reference_draft(photos, 1500)
        print(f"reference job: {len(photos)} photos, 1920x1080@30, 30 s, cores={os.cpu_count()}")
        run_render(
            reference_draft(photos[:2], 1000), album, work / "warmup.mp4", "high", work
        )  # library caches, page cache

        # Render and x264 alone alternate, so each pair meets the same machine (see the docstring).
        runs: list[dict] = []
        encs: list[dict] = []
        decs: list[dict] = []
        raws: list[Path] = []
        try:
            for i in range(max(1, args.repeat)):
                runs.append(run_render(ref, album, work / "full.mp4", "high", work))
                if not raws:
                    from nemo_skill.render import DirectoryResolver

                    rendered = work / "full.mp4"
                    raws = [
                        same_frames(ref, DirectoryResolver(album), rendered, work),
                        decode_raw(rendered, work),
                    ]
                encs.append(x264_only(raws[0], work))
                decs.append(x264_only(raws[1], work))
                r, e, d = runs[-1], encs[-1], decs[-1]
                print(
                    f"  pair {i + 1}: render {r['wall']:.2f} s (CPU: python {r['py_cpu']:.1f} s, of it system"
                    f" {r['py_sys']:.2f} s, {r['py_faults'] / 1000:.0f}k page faults; ffmpeg"
                    f" {r['ffmpeg_cpu']:.1f} s), x264 alone {e['wall']:.2f} s (CPU {e['cpu']:.1f} s)"
                    f"  -> {r['wall'] / e['wall']:.2f}; on the decoded video {d['wall']:.2f} s"
                    f" -> {r['wall'] / d['wall']:.2f}"
                )
        finally:
            for raw in raws:
                raw.unlink(missing_ok=True)
        decoded = [r["wall"] / d["wall"] for r, d in zip(runs, decs, strict=True)]
        ratios = [r["wall"] / e["wall"] for r, e in zip(runs, encs, strict=True)]
        cpu_ratios = [(r["py_cpu"] + r["ffmpeg_cpu"]) / e["cpu"] for r, e in zip(runs, encs, strict=True)]
        full = dict(min(runs, key=lambda r: r["wall"]))
        full["wall"] = statistics.median([r["wall"] for r in runs])
        full["py_rss_mb"] = max(r["py_rss_mb"] for r in runs)
        full["ffmpeg_rss_mb"] = max(r["ffmpeg_rss_mb"] for r in runs)
        print(f"  full render:  {full['wall']:.2f} s median (video {full['duration_s']:.1f} s)")
        print(
            f"  peak RSS:     python {full['py_rss_mb']:.0f} MB, ffmpeg {full['ffmpeg_rss_mb']:.0f} MB, "
            f"sum {full['py_rss_mb'] + full['ffmpeg_rss_mb']:.0f} MB  (target <= 600)"
        )
        print(
            f"  x264 alone:   {statistics.median([e['wall'] for e in encs]):.2f} s median"
            f"  -> ratio {statistics.median(ratios):.2f} median of pairs (range {min(ratios):.2f}-{max(ratios):.2f};"
            " target <= 1.30)"
        )
        print(
            f"  (decoded):    x264 alone on the decoded video {statistics.median([d['wall'] for d in decs]):.2f} s"
            f" median -> ratio {statistics.median(decoded):.2f} (range {min(decoded):.2f}-{max(decoded):.2f})"
        )
        print(f"  CPU ratio:    {statistics.median(cpu_ratios):.2f} (render's CPU seconds / x264 alone's)")
        print(f"  real time:    {full['duration_s'] / full['wall']:.2f}x")

        draft = run_render(ref, album, work / "draft.mp4", "draft", work)
        print(
            f"  draft render: {draft['wall']:.2f} s = {100 * draft['wall'] / full['wall']:.1f}% of full  (target <= 15%)"
        )

        if not args.skip_200:
            many = [photos[i % len(photos)] for i in range(200)]
            big = run_render(
                reference_draft(many, args.segment_ms_200), album, work / "many.mp4", "high", work
            )
            ratio = big["py_rss_mb"] / full["py_rss_mb"]
            total_ratio = (big["py_rss_mb"] + big["ffmpeg_rss_mb"]) / (
                full["py_rss_mb"] + full["ffmpeg_rss_mb"]
            )
            print(
                f"200 photos ({args.segment_ms_200} ms each, {big['duration_s']:.0f} s video): {big['wall']:.1f} s, "
                f"python {big['py_rss_mb']:.0f} MB, ffmpeg {big['ffmpeg_rss_mb']:.0f} MB"
            )
            print(
                f"  RSS vs 20 photos: python {ratio:.2f}x, python+ffmpeg {total_ratio:.2f}x  (target <= 1.20)"
            )
        bench_beats(work, args.repeat)
        _ = resource  # imported for the child's measurement semantics (ru_maxrss in KiB on Linux)
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
