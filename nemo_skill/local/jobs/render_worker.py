"""One render in its own process: ``python -m nemo_skill.local.jobs.render_worker JOB.json``.

A separate process keeps a crashing or memory-hungry render away from the server and
lets the server kill it. It talks back on stdout, one line each:
``progress <0-100>``, then ``result <json>`` or ``error <json>``. When stdin reaches EOF
(the server went away, even by kill -9) the render is cancelled and its temp files go.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...render.child import cancel_when_parent_goes, emit


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


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m nemo_skill.local.jobs.render_worker JOB.json", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(run(Path(sys.argv[1])))
