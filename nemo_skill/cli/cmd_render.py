"""``nemo-skill render``: a draft JSON file and a media folder -> MP4 (and a storyboard).

Stdlib-only at import time: the renderer (numpy, OpenCV, ffmpeg) loads when it runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models.draft import Draft
    from . import Subparsers

HELP = "render a draft (timeline JSON) to an MP4"
EPILOG = """\
examples:
  nemo-skill render draft.json --media photos/ -o wedding.mp4
  nemo-skill render draft.json --media photos/ -o wedding.mp4 --force    (overwrite it)
  nemo-skill render draft.json --media photos/ -o preview.mp4 --quality draft
  nemo-skill render draft.json --media photos/ -o out.mp4 --storyboard board.png
  nemo-skill render draft.json --media photos/ --storyboard board.png   (storyboard only)

The draft's segments name media by file name in --media (with or without the
extension); music can also be library:romantic, cinematic, upbeat, calm or lofi.
The draft format is described in docs/draft-format.md.
"""


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "render",
        help=HELP,
        description=HELP,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("draft", type=Path, help="the draft JSON (a bare draft, or a state with a 'draft' key)")
    p.add_argument(
        "--media", type=Path, default=Path("."), metavar="DIR", help="folder holding the media (default: .)"
    )
    p.add_argument("-o", "--output", type=Path, metavar="OUT.mp4", help="the video to write")
    p.add_argument(
        "--quality", choices=("high", "draft"), default="high", help="high (default) or a quick low-res draft"
    )
    p.add_argument(
        "--storyboard", type=Path, metavar="OUT.png", help="also write a PNG contact sheet of the timeline"
    )
    p.add_argument("--force", action="store_true", help="overwrite the output files if they exist")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(handler=run)


def _load_draft(path: Path) -> Draft:
    from .._exceptions import DraftError, InputError
    from ..models.draft import Draft

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"draft file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read draft file {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise DraftError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if isinstance(data, dict) and "draft" in data and "t" not in data:  # a saved session state
        data = data["draft"]
    from pydantic import ValidationError

    try:
        return Draft.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "draft"
        raise DraftError(f"the draft is not valid: {where}: {first['msg']}") from None


class _Bar:
    """A one-line progress bar on stderr, redrawn only when the percentage changes."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.plain = enabled and not self.enabled
        self.start = time.monotonic()
        self.last = -1

    def __call__(self, pct: float) -> None:
        n = int(pct)
        if n == self.last:
            return
        self.last = n
        if self.enabled:
            filled = n * 30 // 100
            bar = "#" * filled + "-" * (30 - filled)
            print(
                f"\rrendering [{bar}] {n:3d}%  {time.monotonic() - self.start:5.1f}s",
                end="",
                file=sys.stderr,
                flush=True,
            )
        elif self.plain and n % 10 == 0:
            print(f"rendering {n}%", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.enabled:
            print(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from .._exceptions import InputError
    from ..render import DirectoryResolver, render_draft, render_storyboard

    if args.output is None and args.storyboard is None:
        raise InputError("nothing to do: give -o OUT.mp4, --storyboard OUT.png, or both")
    for target in (args.output, args.storyboard):
        if target is not None and target.exists() and not args.force:
            raise InputError(
                f"{target} already exists", hint="pass --force to overwrite it, or pick another path"
            )
    draft = _load_draft(args.draft)
    resolver = DirectoryResolver(args.media)
    out: dict[str, Any] = {"ok": True}
    if args.storyboard is not None:
        out["storyboard"] = str(render_storyboard(draft, resolver, args.storyboard))
    if args.output is not None:
        bar = _Bar(not args.quiet and not args.json)
        try:
            result = render_draft(draft, resolver, args.output, quality=args.quality, progress=bar)
        finally:
            bar.done()
        out.update(
            path=str(result.path),
            duration_s=round(result.duration_s, 3),
            size_bytes=result.size_bytes,
            width=result.width,
            height=result.height,
            seconds=round(time.monotonic() - bar.start, 2),
        )
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        if "path" in out:
            print(
                f"wrote {out['path']} ({out['width']}x{out['height']}, {out['duration_s']} s, "
                f"{int(out['size_bytes']) / 1e6:.1f} MB) in {out['seconds']} s"
            )
        if "storyboard" in out:
            print(f"wrote {out['storyboard']}")
    return 0
