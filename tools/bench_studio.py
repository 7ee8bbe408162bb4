"""How the studio page feels: its weight, how fast it is ready, how long an edit and a
preview take, in the system's headless Chromium against a throwaway local backend.

    python tools/bench_studio.py [--loads 10] [--edits 6] [--photos 6] [--no-preview]

Prints: the bytes the page loads (cold), the median and worst time from navigation to
ready (a new browser context each time), the median time from dropping a timeline tile
to the new order on screen (a typed edit whose reply streams over SSE, the draft is read
again), and the
time a 12-second square draft-quality preview takes to render and load in the <video>.
Needs Chromium ($NEMO_CHROMIUM or /usr/bin/chromium) and the [test] extra (Playwright).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from throwaway import start

from nemo_skill.local.studio.chromium import CHROMIUM_FLAGS, chromium_executable

READY = "main#studio[aria-busy=false]"


def page_bytes(page: Any) -> int:
    return int(
        page.evaluate(
            "() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            ".reduce((n, e) => n + (e.encodedBodySize || 0), 0)"
        )
    )


def cold_loads(browser: Any, url: str, count: int) -> tuple[list[float], int]:
    times, weight = [], 0
    for _ in range(count):
        context = browser.new_context()
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{url}/studio")
        page.wait_for_selector(READY, state="attached")
        times.append((time.perf_counter() - started) * 1000)
        weight = page_bytes(page)
        context.close()
    return times, weight


def timed_edits(page: Any, count: int) -> list[float]:
    """Drag the last tile onto the first, ``count`` times; ms until the tiles show it."""
    tiles = page.locator("[data-testid=timeline-item]")
    times = []
    for _ in range(count):
        moving = tiles.last.get_attribute("data-src")
        started = time.perf_counter()
        tiles.last.drag_to(tiles.first)
        page.wait_for_function(
            "src => document.querySelector('[data-testid=timeline-item]').dataset.src === src"
            " && !document.querySelector('#status').textContent",
            arg=moving,
        )
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--photos", type=int, default=6)
    parser.add_argument("--no-preview", action="store_true")
    args = parser.parse_args()
    executable = chromium_executable()
    if executable is None:
        print("no Chromium: install Debian's `chromium` or set NEMO_CHROMIUM", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    from nemo_skill.samples import make_sample_photos

    with tempfile.TemporaryDirectory(prefix="bench-studio-") as tmp:
        url, server = start(Path(tmp) / "data")
        try:
            photos = make_sample_photos(Path(tmp) / "photos", count=args.photos, size=(1600, 1200))
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_FLAGS)
                loads, weight = cold_loads(browser, url, args.loads)
                print(f"page weight (cold, English): {weight / 1024:.0f} KiB")
                print(
                    f"ready after navigation: median {statistics.median(loads):.0f} ms, worst {max(loads):.0f} ms"
                    f" ({args.loads} cold loads)"
                )
                page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
                page.goto(f"{url}/studio")
                page.wait_for_selector(READY, state="attached")
                started = time.perf_counter()
                page.locator("[data-testid=upload]").set_input_files([str(p) for p in photos])
                page.locator("[data-testid=media-item]").nth(args.photos - 1).wait_for()
                print(f"upload of {args.photos} photos (1600x1200): {time.perf_counter() - started:.2f} s")
                page.locator("[data-testid=message]").fill("make a 12-second square video")
                page.locator("[data-testid=message]").press("Enter")
                page.locator("[data-testid=timeline-item]").nth(args.photos - 1).wait_for()
                page.wait_for_function("() => !document.querySelector('#status').textContent")
                edits = timed_edits(page, args.edits)
                print(
                    f"drag a tile -> new order on screen: median {statistics.median(edits):.0f} ms,"
                    f" worst {max(edits):.0f} ms ({args.edits} edits)"
                )
                if not args.no_preview:
                    started = time.perf_counter()
                    page.locator("#preview-button").click()
                    page.wait_for_function(
                        "() => { const v = document.querySelector('[data-testid=preview]');"
                        " return v.src && v.readyState >= 1; }",
                        timeout=600_000,
                    )
                    print(
                        f"preview (12 s, 1:1, draft quality) until playable: {time.perf_counter() - started:.1f} s"
                    )
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=15)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
