"""One chunk of a local split render: ``python -m nemo_skill.render.chunk_process JOB.json``.

Speaks child.py's lines: ``progress <frames done>``, then ``result {}`` or ``error <json>``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .child import cancel_when_parent_goes, emit


def run(job_file: Path) -> int:
    cancel = cancel_when_parent_goes()
    from .chunks import ChunkJob, error_to_dict, render_chunk

    try:
        job = ChunkJob.from_dict(json.loads(job_file.read_text(encoding="utf-8")))
        render_chunk(job, cancel, lambda done: emit("progress", str(done)))
    except Exception as exc:
        emit("error", error_to_dict(exc))
        return 1
    emit("result", {})
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m nemo_skill.render.chunk_process JOB.json", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(run(Path(sys.argv[1])))
