"""The progress bar written to a pipe or a log: a line per change, 100 % once."""

from __future__ import annotations

import io

from nemo_skill.cli.progress import ProgressBar


def test_a_pipe_gets_each_step_once_and_the_end_once() -> None:
    out = io.StringIO()
    bar = ProgressBar(out)
    bar("uploading", 0.0)
    bar("uploading", 0.5)  # within the pipe's 2 s: skipped
    bar("rendering", 0.5)  # a new step always shows
    bar("downloading", 1.0)
    bar("downloading", 1.0)
    assert out.getvalue().splitlines() == ["  0% uploading", " 50% rendering", "100% downloading"]
