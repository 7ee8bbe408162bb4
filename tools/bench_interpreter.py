"""Benchmark the interpreter on a 200-photo session.

Prints the time to interpret typical messages (target < 50 ms each) and to group
200 photos into scenes (target < 2 s).

    python tools/bench_interpreter.py [--photos 200] [--repeat 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from nemo_skill.interpreter import InterpretContext, SkillRecipe, interpret
from nemo_skill.interpreter.builder import build_draft, scene_ids
from nemo_skill.models import MediaInfo

MESSAGES = (
    "make it 9:16, 3 seconds per photo and add romantic music",
    "remove the third photo",
    "把第一张移到最后",
    'add the title "Remove Photo 3"',
    "make the transitions smoother",
    "make it black and white",
    "swap photos 2 and 150",
    "our names are Anna & Tom and the date is June 12, 2027",
    "xyzzy",
)


def synthetic_media(count: int, seed: int = 7) -> list[MediaInfo]:
    """Photos in a few lighting scenes, with capture times out of upload order."""
    rng = random.Random(seed)
    media = []
    for index in range(count):
        scene = index // 25
        base = [(scene * 0.37 + channel * 0.11) % 1.0 for channel in range(12)]
        signature = [min(1.0, max(0.0, value + rng.uniform(-0.02, 0.02))) for value in base]
        minute = rng.randrange(0, 600)
        media.append(
            MediaInfo(
                media_id=f"m{index:04d}",
                filename=f"IMG_{index:04d}.jpg",
                file_type="image",
                width=rng.choice((4000, 3000)),
                height=3000 if rng.random() < 0.5 else 4000,
                taken_at=f"2027-06-12T{8 + minute // 60:02d}:{minute % 60:02d}:00",
                signature=signature,
            )
        )
    return media


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    media = synthetic_media(args.photos)

    started = time.perf_counter()
    scenes = scene_ids(media)
    grouping_s = time.perf_counter() - started
    started = time.perf_counter()
    built = build_draft(media, SkillRecipe(length_s=args.photos * 3))
    build_s = time.perf_counter() - started
    print(f"scene grouping of {args.photos} photos: {grouping_s * 1000:.2f} ms ({max(scenes) + 1} scenes)")
    print(f"full draft build of {args.photos} photos: {build_s * 1000:.1f} ms")

    ctx = InterpretContext(draft=built.draft, media=media, previous_draft=built.draft)
    # The first message compiles the grammar's regular expressions once per process.
    started = time.perf_counter()
    interpret(MESSAGES[0], ctx)
    print(f"first message (cold, compiles the patterns): {(time.perf_counter() - started) * 1000:.1f} ms")
    worst = 0.0
    for message in MESSAGES:
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            interpret(message, ctx)
            times.append(time.perf_counter() - started)
        median_ms = statistics.median(times) * 1000
        p95_ms = sorted(times)[int(0.95 * (len(times) - 1))] * 1000
        worst = max(worst, median_ms)
        print(f"interpret {median_ms:7.2f} ms median {p95_ms:7.2f} ms p95  {message}")
    started = time.perf_counter()
    interpret("turn these photos into a video", InterpretContext(draft=None, media=media))
    print(
        f"interpret {(time.perf_counter() - started) * 1000:7.2f} ms once    (generation from {args.photos} photos)"
    )
    print(f"slowest message (median): {worst:.2f} ms (target < 50 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
