"""One render in its own process: ``python -m nemo_skill.local.jobs.render_worker JOB.json``.

A separate process keeps a crashing or memory-hungry render away from the server and
lets the server kill it. It talks back on stdout, one line each:
``progress <0-100>``, then ``result <json>`` or ``error <json>``. When stdin reaches EOF
(the server went away, even by kill -9) the render is cancelled and its temp files go.

``--spare`` starts a worker ahead of its job: it loads the renderer (~0.7 s on 2 cores),
then waits for one line on stdin, the job file's path. The server keeps one spare so a
render starts at once; EOF before the line (the server stopped) ends it quietly.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...render.child import cancel_when_parent_goes, emit

SPARE = "--spare"


@dataclass(frozen=True)
class JobSpec:
    draft: dict[str, Any]
    media: dict[str, dict[str, str]]
    out_path: Path
    quality: str
    cache_dir: Path | None

    @classmethod
    def load(cls, path: Path) -> JobSpec:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            draft=raw["draft"],
            media=raw["media"],
            out_path=Path(raw["out_path"]),
            quality=raw.get("quality", "high"),
            cache_dir=Path(raw["cache_dir"]) if raw.get("cache_dir") else None,
        )

    def dump(self, path: Path) -> None:
        path.write_text(
            json.dumps(
                {
                    "draft": self.draft,
                    "media": self.media,
                    "out_path": str(self.out_path),
                    "quality": self.quality,
                    "cache_dir": str(self.cache_dir) if self.cache_dir else None,
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )


def load_renderer() -> None:
    """Import what a render needs, so a spare pays for it before its job arrives."""
    import av  # noqa: F401  # the music's probe imports PyAV on first use: ~0.08 s
    from PIL import JpegImagePlugin  # noqa: F401  # likewise Pillow's JPEG reader

    from ...models import Draft  # noqa: F401
    from ...render import faces, render_draft  # noqa: F401
    from ...render.chunks import MapResolver  # noqa: F401
    from ...render.renderer import render  # noqa: F401

    faces.load_cascade()  # 0.02 s, on the path to the first frame otherwise


def read_job_line() -> Path | None:
    """The job file's path, the first line on stdin; None at EOF. Raw reads on fd 0, a
    byte at a time: nothing after the newline may be consumed, since the parent watch
    reads the same descriptor afterwards."""
    line = b""
    while not line.endswith(b"\n"):
        try:
            byte = os.read(0, 1)
        except OSError:
            return None
        if not byte:
            return None
        line += byte
    text = line.decode("utf-8", "replace").strip()
    return Path(text) if text else None


def run(job_file: Path) -> int:
    cancel = cancel_when_parent_goes()
    try:
        spec = JobSpec.load(job_file)
        from ...models import Draft
        from ...render import render_draft
        from ...render.chunks import MapResolver

        last = [-1]

        def progress(value: float) -> None:
            whole = int(value)
            if whole != last[0]:
                last[0] = whole
                emit("progress", f"{max(0, min(100, whole))}")

        result = render_draft(
            Draft.model_validate(spec.draft),
            MapResolver(spec.media),
            spec.out_path,
            quality=spec.quality,  # type: ignore[arg-type]
            progress=progress,
            cancel=cancel,
            cache_dir=spec.cache_dir,
        )
    except ImportError as exc:
        emit("error", {"kind": "RenderError", "message": f"the renderer is not available ({exc})"})
        return 1
    except Exception as exc:
        from ...redaction import redact

        message = redact(str(exc).split("\n")[0]) or type(exc).__name__
        emit("error", {"kind": type(exc).__name__, "message": message[:500]})
        return 1
    emit("result", {"path": str(result.path), "duration": result.duration_s, "size": result.size_bytes})
    return 0


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m nemo_skill.local.jobs.render_worker JOB.json | --spare", file=sys.stderr)
        return 2
    if argv[0] != SPARE:
        return run(Path(argv[0]))
    with contextlib.suppress(ImportError):  # run() reports it as the job's error
        load_renderer()
    job_file = read_job_line()
    return run(job_file) if job_file is not None else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
