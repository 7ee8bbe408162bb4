"""``nemo-skill render``: a draft JSON file and a media folder -> MP4 (and a storyboard).

Stdlib-only at import time: the renderer (numpy, OpenCV, ffmpeg) loads when it runs.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .output import Result
from .progress import progress_bar

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
    p.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
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


def run(args: argparse.Namespace) -> Result:
    from .._exceptions import InputError
    from ..files import check_output_path
    from ..render import DirectoryResolver, render_draft, render_storyboard

    if args.output is None and args.storyboard is None:
        raise InputError("nothing to do: give -o OUT.mp4, --storyboard OUT.png, or both")
    video = check_output_path(args.output, force=args.force, suffix=None) if args.output else None
    board = check_output_path(args.storyboard, force=args.force, suffix=None) if args.storyboard else None
    draft = _load_draft(args.draft)
    resolver = DirectoryResolver(args.media)
    data: dict[str, Any] = {}
    lines = []
    if board is not None:
        data["storyboard"] = str(render_storyboard(draft, resolver, board))
        lines.append(f"wrote {data['storyboard']}")
    if video is not None:
        started = time.monotonic()
        with progress_bar(args) as bar:
            progress = bar.percent("rendering") if bar is not None else None
            result = render_draft(draft, resolver, video, quality=args.quality, progress=progress)
        data.update(
            path=str(result.path),
            duration_s=round(result.duration_s, 3),
            size_bytes=result.size_bytes,
            width=result.width,
            height=result.height,
            seconds=round(time.monotonic() - started, 2),
        )
        lines.insert(
            0,
            f"wrote {data['path']} ({result.width}x{result.height}, {data['duration_s']} s, "
            f"{result.size_bytes / 1e6:.1f} MB) in {data['seconds']} s",
        )
    return Result("render", "\n".join(lines), data=data)
